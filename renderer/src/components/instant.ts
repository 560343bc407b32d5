/**
 * The archive instant in words (issue 10), pure: «вт 24 ноября 14:00 (МСК+9)» in the REGION's zone
 * (shared/zone.ts notation), and typed instants read back from the console's field in the ru-RU
 * formats people write: «24.11.2026 14:00», «24.11 14:00», «14:00» (today in the region).
 */
import { mskLabel, zoneOffsetMinutes } from '../../../shared/zone.js';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = tz + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat('ru-RU', { ...opts, timeZone: tz })));
  return f;
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** «вт 24 ноября 14:00 (МСК+9)»: the band's words for an archive instant. */
export function archiveInstantText(t: number, tz: string): string {
  const p = fmt(tz, { weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(t);
  return `${part(p, 'weekday')} ${part(p, 'day')} ${part(p, 'month')} ${part(p, 'hour')}:${part(p, 'minute')} (${mskLabel(t, tz)})`;
}

/** «24.11.2026 14:00»: an instant as the console's field shows it (and reads it back). */
export function instantInputText(t: number, tz: string): string {
  const p = fmt(tz, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(t);
  return `${part(p, 'day')}.${part(p, 'month')}.${part(p, 'year')} ${part(p, 'hour')}:${part(p, 'minute')}`;
}

/** The UTC instant of a wall-clock time in zone `tz` (the offset found at that instant). */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let t = guess - zoneOffsetMinutes(guess, tz) * 60_000;
  // a second pass settles a guess that fell across an offset change
  t = guess - zoneOffsetMinutes(t, tz) * 60_000;
  return t;
}

export type ParsedInstant = { ok: true; t: number } | { ok: false; error: string };

/**
 * Reads «ДД.ММ.ГГГГ ЧЧ:ММ», «ДД.ММ ЧЧ:ММ» (this year) or «ЧЧ:ММ» (today), in the region's zone, at
 * hub time `now`. Errors in Russian.
 */
export function parseInstantInput(text: string, now: number, tz: string): ParsedInstant {
  const s = text.trim().replace(/\s+/g, ' ');
  const m = /^(?:(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?,? )?(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return { ok: false, error: 'не понял момент: напишите, например, «24.11.2026 14:00» или «14:00»' };
  const today = fmt(tz, { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(now);
  const y = m[3] ? Number(m[3]) : Number(part(today, 'year'));
  const mo = m[2] ? Number(m[2]) : Number(part(today, 'month'));
  const d = m[1] ? Number(m[1]) : Number(part(today, 'day'));
  const h = Number(m[4]);
  const mi = Number(m[5]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return { ok: false, error: 'такой даты или времени нет' };
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) return { ok: false, error: 'такой даты нет' };
  return { ok: true, t: zonedToUtc(y, mo, d, h, mi, tz) };
}
