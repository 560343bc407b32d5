/**
 * The demo world's calendar: the region's clock (UTC offsets, RFC 3339 in the local zone, local
 * hour and month), weekends, the day-to-day variation, the hourly arrival rate, working hours and
 * the due times of each channel (docs/spec/central-api.md: `dueAt`).
 */
import { IANAZone } from 'luxon';
import { DAY, HOUR, MINUTE } from '../../../../shared/model.js';
import { DUE, HOUR_WEIGHTS, WEEKEND_FACTOR, type ChannelSpec } from '../catalog.js';
import { chance, hashSeed, mulberry32, normal, type Rng } from '../rng.js';
import type { DemoState } from './model.js';

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const HOUR_SUM = HOUR_WEIGHTS.reduce((s, w) => s + w, 0);
/** Average day = 5 working days + 2 weekend days. */
const WEEKDAY_NORM = 7 / (5 + 2 * WEEKEND_FACTOR);

/** A region's clock in its IANA zone; offsets and formatting are cached per hour (hot paths). */
export interface ZoneClock {
  /** UTC offset (ms) at an instant. */
  offsetMs(ms: number): number;
  /** RFC 3339 in the zone, whole seconds. */
  fmt(ms: number): string;
  /** Local hour (0–23). */
  localHour(ms: number): number;
}

export function zoneClock(timezone: string): ZoneClock {
  const tz = IANAZone.create(timezone);
  if (!tz.isValid) throw new Error(`недопустимый часовой пояс ${timezone}`);
  const offsets = new Map<number, number>();
  let lastKey = NaN;
  let lastOff = 0;
  const offsetMs = (ms: number): number => {
    const key = Math.floor(ms / HOUR);
    if (key === lastKey) return lastOff;
    let o = offsets.get(key);
    if (o === undefined) {
      o = tz.offset(key * HOUR) * MINUTE;
      offsets.set(key, o);
    }
    lastKey = key;
    lastOff = o;
    return o;
  };
  const suffixes = new Map<number, string>();
  const suffixOf = (off: number): string => {
    let sfx = suffixes.get(off);
    if (sfx === undefined) {
      const a = Math.abs(off) / MINUTE;
      sfx = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
      suffixes.set(off, sfx);
    }
    return sfx;
  };
  // Formatting is hot (a few timestamps per item): the "YYYY-MM-DDTHH:" prefix is cached per hour.
  let fmtKey = NaN;
  let fmtPrefix = '';
  let fmtSuffix = '';
  const fmt = (ms: number): string => {
    const sec = Math.floor(ms / 1000);
    const key = Math.floor(sec / 3600);
    if (key !== fmtKey) {
      const off = offsetMs(key * HOUR);
      fmtKey = key;
      fmtPrefix = new Date(key * HOUR + off).toISOString().slice(0, 14);
      fmtSuffix = suffixOf(off);
    }
    const inHour = sec - key * 3600;
    return fmtPrefix + TWO_DIGITS[Math.floor(inHour / 60)]! + ':' + TWO_DIGITS[inHour % 60]! + fmtSuffix;
  };
  const localHour = (ms: number) => Math.floor((((ms + offsetMs(ms)) % DAY) + DAY) % DAY / HOUR);
  return { offsetMs, fmt, localHour };
}

const monthCache = new Map<number, number>();
export function localMonth(st: DemoState, ms: number): number {
  const local = ms + st._.offsetMs(ms);
  const day = Math.floor(local / DAY);
  let m = monthCache.get(day);
  if (m === undefined) {
    m = new Date(day * DAY).getUTCMonth();
    monthCache.set(day, m);
  }
  return m;
}

export function isWeekend(st: DemoState, ms: number): boolean {
  const day = Math.floor((ms + st._.offsetMs(ms)) / DAY);
  const wd = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return wd === 0 || wd === 6;
}

/** Day-to-day variation: a deterministic function of the seed and the local day (not of the rng stream). */
const dayFactors = new WeakMap<DemoState, Map<number, number>>();
function dayFactor(st: DemoState, ms: number): number {
  const day = Math.floor((ms + st._.offsetMs(ms)) / DAY);
  let m = dayFactors.get(st);
  if (!m) dayFactors.set(st, (m = new Map()));
  let f = m.get(day);
  if (f === undefined) {
    f = Math.exp(0.12 * normal(mulberry32(hashSeed(`d${day}`, st.seed))));
    m.set(day, f);
  }
  return f;
}

/** Expected arrivals per hour at instant `ms`. */
export function arrivalRatePerHour(st: DemoState, ms: number): number {
  const w = HOUR_WEIGHTS[st.localHour(ms)]! / HOUR_SUM;
  const wk = isWeekend(st, ms) ? WEEKEND_FACTOR * WEEKDAY_NORM : WEEKDAY_NORM;
  return st.dailyRate * w * wk * dayFactor(st, ms);
}

/** Moves an instant out of the night (20:00–08:00 local) into the next morning's working hours. */
export function workHours(st: DemoState, ms: number, rng: Rng): number {
  const off = st._.offsetMs(ms);
  const local = ms + off;
  const dayStart = local - (((local % DAY) + DAY) % DAY);
  const h = (local - dayStart) / HOUR;
  if (h >= 8 && h < 20) return ms;
  const next = (h < 8 ? dayStart : dayStart + DAY) + 8 * HOUR + rng() * 2.5 * HOUR;
  return next - off;
}

function addWorkingDays(st: DemoState, ms: number, n: number): number {
  // Weekday arithmetic on the local day number (one offset lookup, not one per day).
  let wd = ((Math.floor((ms + st._.offsetMs(ms)) / DAY) + 4) % 7 + 7) % 7; // 0 = Sunday
  let days = 0;
  let left = n;
  while (left > 0) {
    days++;
    wd = (wd + 1) % 7;
    if (wd !== 0 && wd !== 6) left--;
  }
  return ms + days * DAY;
}

export function dueFor(st: DemoState, channel: ChannelSpec, created: number, rng: Rng): number {
  if (channel.social) return created + DUE.socialHours * HOUR;
  switch (channel.id) {
    case 'pos':
      return chance(rng, DUE.posAppealShare) ? created + DUE.posAppealDays * DAY : addWorkingDays(st, created, DUE.posWorkingDays);
    case 'portal':
      return addWorkingDays(st, created, DUE.portalWorkingDays);
    case 'hotline':
      return created + DUE.hotlineDays * DAY;
    default:
      return created + 10 * DAY;
  }
}
