import { mskLabel } from '../../shared/zone.js';

/**
 * Pure formatting helpers of the wall: Russian number formats and times in the REGION's time zone
 * (from the hub's hello), never the machine's. Everything here is unit-tested under Node.
 */

const nf0 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const DASH = '—';

/** Integer with Russian grouping (narrow no-break space): 12 345. */
export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : nf0.format(n);
}

/** One decimal, Russian comma: 12,3. */
export function fmtDec1(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : nf1.format(n);
}

/** A share 0..1 as whole percent: «87 %» (Russian typography puts a space before %). */
export function fmtPct(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? DASH : `${nf0.format(share * 100)} %`;
}

/** Percent number only (for big figures where the unit is drawn smaller). */
export function pctNumber(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? DASH : nf0.format(share * 100);
}

/** Minutes as a compact Russian duration: «45 мин», «3 ч 05 мин», «2 дня 4 ч». */
export function fmtDurationMin(min: number | null | undefined): string {
  if (min === null || min === undefined || !Number.isFinite(min)) return DASH;
  const m = Math.max(0, Math.floor(min));
  if (m < 60) return `${m} мин`;
  const h = Math.floor(m / 60);
  const mm = m % 60;
  if (h < 24) return `${h} ч ${String(mm).padStart(2, '0')} мин`;
  const d = Math.floor(h / 24);
  return `${d} ${plural(d, ['день', 'дня', 'дней'])} ${h % 24} ч`;
}

/**
 * Live "time overdue" text: overdueMin is the value the hub computed at `computedAt` (ms); the wall
 * ticks locally every second. Returns «не просрочено» when not overdue.
 */
export function overdueText(overdueMin: number, computedAt: number, nowMs: number): string {
  if (overdueMin <= 0) return 'не просрочено';
  const totalSec = Math.max(0, Math.floor(overdueMin * 60 + (nowMs - computedAt) / 1000));
  const d = Math.floor(totalSec / 86400);
  const h = Math.floor((totalSec % 86400) / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return d > 0 ? `${d} ${plural(d, ['день', 'дня', 'дней'])} ${hms}` : hms;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(tz: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = tz + JSON.stringify(opts);
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('ru-RU', { ...opts, timeZone: tz });
    dtfCache.set(key, f);
  }
  return f;
}

const toMs = (t: number | string | Date): number => (typeof t === 'number' ? t : new Date(t).getTime());

/** «09:30» in the region's zone. */
export function fmtTime(t: number | string | Date, tz: string): string {
  return dtf(tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toMs(t));
}

/** «09:30:15» in the region's zone (the wall clock). */
export function fmtTimeSec(t: number | string | Date, tz: string): string {
  return dtf(tz, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(toMs(t));
}

/** «22 ноября 2026 г.», «суббота» style date in the region's zone. */
export function fmtDate(t: number | string | Date, tz: string): string {
  return dtf(tz, { day: 'numeric', month: 'long', year: 'numeric' }).format(toMs(t));
}

export function fmtWeekday(t: number | string | Date, tz: string): string {
  return dtf(tz, { weekday: 'long' }).format(toMs(t));
}

/** Offset of the zone at instant t as «UTC+12» / «UTC+5:30» / «UTC». */
export function utcOffsetLabel(t: number | string | Date, tz: string): string {
  const ms = toMs(t);
  const parts = dtf(tz, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offMin = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  if (offMin === 0) return 'UTC';
  const sign = offMin > 0 ? '+' : '−';
  const a = Math.abs(offMin);
  const h = Math.floor(a / 60);
  const m = a % 60;
  return `UTC${sign}${h}${m ? ':' + String(m).padStart(2, '0') : ''}`;
}

/** «МСК+9»: the region's zone as the centres name it (shared/zone.ts; UTC only on request). */
export function zoneText(t: number | string | Date, tz: string): string {
  return mskLabel(toMs(t), tz);
}

/** «данные на 1 декабря 21:13 (МСК+9)»: always with the date (a time alone reads as today). */
export function freshnessText(asOf: number | string | null | undefined, _nowMs: number, tz: string): string {
  if (asOf === null || asOf === undefined) return 'данных ещё нет';
  const ms = toMs(asOf);
  return `данные на ${dtf(tz, { day: 'numeric', month: 'long' }).format(ms)} ${fmtTime(ms, tz)} (${zoneText(ms, tz)})`;
}

/** «1 декабря» in the region's zone. */
export function fmtDayMonth(t: number | string | Date, tz: string): string {
  return dtf(tz, { day: 'numeric', month: 'long' }).format(toMs(t));
}

export type WindowPreset = 'today' | '24h' | '7d' | '30d';

/** The period a wall number covers: «за сегодня», «за 24 часа», «за 7 дней», «за 30 дней». */
export const PERIOD_TEXT: Readonly<Record<WindowPreset, string>> = {
  today: 'за сегодня',
  '24h': 'за 24 часа',
  '7d': 'за 7 дней',
  '30d': 'за 30 дней',
};

/**
 * What a trend compares with: the window `incomingPrev` counted (docs/spec/kpi.md: the previous
 * window of the same length, cut at the same elapsed time: `[prevFrom, prevFrom + e)`), said as it
 * is: «к вчерашнему на 13:00» when that window is yesterday from midnight, «к вчерашнему дню» when it
 * is the whole of yesterday, «к вчерашним 02:06–24:00» when it is yesterday's tail (a «today» that
 * ends at «now» under kpi.md version 1), «к предыдущим 7 дням» for a rolling window.
 */
export function compareText(
  preset: WindowPreset,
  w: { from: string | number; to: string | number; now: string | number; prevFrom: string | number },
  tz: string,
): string {
  if (preset === 'today') {
    const from = toMs(w.from);
    const L = toMs(w.to) - from;
    const e = Math.min(Math.max(toMs(w.now) - from, 0), L);
    const p0 = toMs(w.prevFrom);
    const p1 = Math.min(p0 + e, from);
    const yesterdayMidnight = Math.abs(from - p0 - 24 * 3600_000) <= 3600_000;
    if (yesterdayMidnight) return p1 >= from - 60_000 ? 'к вчерашнему дню' : `к вчерашнему на ${fmtTime(p1, tz)}`;
    return `к вчерашним ${fmtTime(p0, tz)}–${p1 >= from - 60_000 ? '24:00' : fmtTime(p1, tz)}`;
  }
  return { '24h': 'к предыдущим 24 часам', '7d': 'к предыдущим 7 дням', '30d': 'к предыдущим 30 дням' }[preset];
}

/** The fewest messages a share may rest on before the wall shows its sample size. */
export const MIN_SAMPLE = 10;

/** «67 %», or «67 % из 3» when the share rests on fewer than MIN_SAMPLE messages. */
export function sampleNote(n: number | null | undefined): string {
  return n !== null && n !== undefined && n < MIN_SAMPLE ? `из ${nf0.format(n)}` : '';
}

/** Trend of incoming vs the previous window: arrow, signed percent, Russian words for screen readers. */
export function trend(incoming: number, prev: number): { arrow: '▲' | '▼' | '='; text: string; delta: number | null } {
  if (prev === 0) return incoming === 0 ? { arrow: '=', text: 'без изменений', delta: 0 } : { arrow: '▲', text: 'новые', delta: null };
  const d = (incoming - prev) / prev;
  if (Math.abs(d) < 0.005) return { arrow: '=', text: 'без изменений', delta: 0 };
  const sign = d > 0 ? '+' : '−';
  return { arrow: d > 0 ? '▲' : '▼', text: `${sign}${nf0.format(Math.abs(d) * 100)} %`, delta: d };
}

/** Russian plural: plural(5, ['обращение','обращения','обращений']). */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return forms[2];
  if (b > 1 && b < 5) return forms[1];
  if (b === 1) return forms[0];
  return forms[2];
}
