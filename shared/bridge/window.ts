/**
 * Time-window presets of the wall, resolved in the region's time zone (kpi.md: day boundaries are
 * taken in the region's zone, never in the machine's).
 *   today — [local midnight of today, now)
 *   24h   — [now − 24 h, now)
 *   7d    — [local midnight six days ago, now): today and the six calendar days before it
 *   30d   — [local midnight 29 days ago, now): today and the 29 calendar days before it
 * The previous window (for trends, kpi.md `incomingPrev`) is `[from − (to − from), from)`.
 * Pure and isomorphic (luxon).
 */
import { DateTime } from 'luxon';
import type { WindowPreset } from './wallState.js';

export interface ResolvedWindow {
  from: number;
  to: number;
  /** Start of the previous window of the same length. */
  prevFrom: number;
}

export function resolveWindow(preset: WindowPreset, now: number, timezone: string): ResolvedWindow {
  const local = DateTime.fromMillis(now, { zone: timezone });
  if (!local.isValid) throw new Error(`неизвестный часовой пояс «${timezone}»`);
  let from: number;
  switch (preset) {
    case 'today':
      from = local.startOf('day').toMillis();
      break;
    case '24h':
      from = now - 24 * 3_600_000;
      break;
    case '7d':
      from = local.startOf('day').minus({ days: 6 }).toMillis();
      break;
    case '30d':
      from = local.startOf('day').minus({ days: 29 }).toMillis();
      break;
  }
  const to = now;
  return { from, to, prevFrom: from - (to - from) };
}

/** An instant as RFC 3339 with the region's offset (e.g. 2026-11-21T09:15:00.000+12:00). */
export function isoInZone(ms: number, timezone: string): string {
  const d = DateTime.fromMillis(ms, { zone: timezone });
  return (d.isValid ? d : DateTime.fromMillis(ms, { zone: 'utc' })).toISO({ suppressMilliseconds: false })!;
}
