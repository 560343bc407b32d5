/**
 * Russian formats of the справка: ru-RU numbers, dates in the region's zone, «МСК+N» notation,
 * RFC 3339 with the region's offset.
 */
import { DateTime } from 'luxon';
import { mskLabel } from '../../../shared/zone.js';

/** «МСК», «МСК+9», «МСК−1»: one definition for the wall, the command line and the справка (shared/zone.ts). */
export { mskLabel };

/** RFC 3339 with the zone's offset, whole seconds (2026-11-21T09:15:00+12:00; Z for UTC). */
export function rfc3339(ms: number, zone: string): string {
  const s = DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true });
  if (!s) throw new Error(`недопустимый часовой пояс ${zone}`);
  return s.replace(/\+00:00$/, 'Z');
}

const dt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).setLocale('ru');

/** 30.11.2026 14:05 */
export const fmtDateTime = (ms: number, zone: string): string => dt(ms, zone).toFormat('dd.MM.yyyy HH:mm');
/** 30.11.2026 */
export const fmtDate = (ms: number, zone: string): string => dt(ms, zone).toFormat('dd.MM.yyyy');
/** 30.11 */
export const fmtDayMonth = (ms: number, zone: string): string => dt(ms, zone).toFormat('dd.MM');
/** 14:00 */
export const fmtHour = (ms: number, zone: string): string => dt(ms, zone).toFormat('HH:mm');

const MONTHS_GEN = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** «23 ноября 2026 г.» */
export function fmtLongDate(ms: number, zone: string): string {
  const d = dt(ms, zone);
  return `${d.day} ${MONTHS_GEN[d.month - 1]} ${d.year} г.`;
}

const isMidnight = (ms: number, zone: string) => {
  const d = dt(ms, zone);
  return d.hour === 0 && d.minute === 0 && d.second === 0 && d.millisecond === 0;
};

/**
 * The window [from, to) in words, in the zone: whole days as «с 23 по 29 ноября 2026 г.» (the last
 * day is the one before `to`), otherwise «с 23.11.2026 09:00 до 30.11.2026 09:00»; with the zone.
 */
export function fmtPeriod(from: number, to: number, zone: string): string {
  const z = mskLabel(from, zone);
  if (isMidnight(from, zone) && isMidnight(to, zone)) {
    const a = dt(from, zone);
    const b = dt(to, zone).minus({ days: 1 });
    if (a.hasSame(b, 'day')) return `${fmtLongDate(from, zone)} (${z})`;
    if (a.year === b.year && a.month === b.month) return `с ${a.day} по ${b.day} ${MONTHS_GEN[b.month - 1]} ${b.year} г. (${z})`;
    if (a.year === b.year) return `с ${a.day} ${MONTHS_GEN[a.month - 1]} по ${b.day} ${MONTHS_GEN[b.month - 1]} ${b.year} г. (${z})`;
    return `с ${fmtLongDate(from, zone)} по ${fmtLongDate(b.toMillis(), zone)} (${z})`;
  }
  return `с ${fmtDateTime(from, zone)} до ${fmtDateTime(to, zone)} (${z})`;
}

/** Days in a window, for «за 7 дней». */
export function periodLength(from: number, to: number): string {
  const h = (to - from) / 3_600_000;
  if (h % 24 === 0) return `${nf0.format(h / 24)} ${plural(h / 24, 'день', 'дня', 'дней')}`;
  return `${nf1.format(h)} ${plural(Math.round(h), 'час', 'часа', 'часов')}`;
}

export function plural(n: number, one: string, few: string, many: string): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return many;
  if (b === 1) return one;
  if (b >= 2 && b <= 4) return few;
  return many;
}

const nf0 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
const nf2 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });

/** 12 345 */
export const fmtInt = (v: number): string => nf0.format(v);
/** 12 345,6 or «—» */
export const fmtNum = (v: number | null, digits: 0 | 1 | 2 = 1): string =>
  v === null ? '—' : (digits === 0 ? nf0 : digits === 1 ? nf1 : nf2).format(v);
/** 65,2 % or «—» (a share 0..1) */
export const fmtPct = (v: number | null): string => (v === null ? '—' : `${nf1.format(v * 100)} %`);

/** Minutes as «7 ч 49 мин» / «42 мин» / «—». */
export function fmtMinutes(v: number | null): string {
  if (v === null) return '—';
  const m = Math.round(v);
  if (m < 60) return `${m} мин`;
  const h = Math.floor(m / 60);
  const r = m % 60;
  return r ? `${fmtInt(h)} ч ${r} мин` : `${fmtInt(h)} ч`;
}

/** Change of a count: «+12 (+3,4 %)», «−5 (−1,2 %)», «без изменений», «+7 (прежде 0)». */
export function fmtCountChange(cur: number, prev: number): string {
  const d = cur - prev;
  if (d === 0) return 'без изменений';
  const abs = `${d > 0 ? '+' : '−'}${fmtInt(Math.abs(d))}`;
  if (prev === 0) return `${abs} (прежде 0)`;
  const pct = (d / prev) * 100;
  return `${abs} (${pct > 0 ? '+' : '−'}${nf1.format(Math.abs(pct))} %)`;
}

/** Change of a share in percentage points: «+2,1 п. п.», «—» when either is null. */
export function fmtShareChange(cur: number | null, prev: number | null): string {
  if (cur === null || prev === null) return '—';
  const d = (cur - prev) * 100;
  if (Math.abs(d) < 0.05) return 'без изменений';
  return `${d > 0 ? '+' : '−'}${nf1.format(Math.abs(d))} п. п.`;
}

/** Change of minutes: «−35 мин», «+1 ч 5 мин». */
export function fmtMinutesChange(cur: number | null, prev: number | null): string {
  if (cur === null || prev === null) return '—';
  const d = Math.round(cur - prev);
  if (d === 0) return 'без изменений';
  return `${d > 0 ? '+' : '−'}${fmtMinutes(Math.abs(d))}`;
}
