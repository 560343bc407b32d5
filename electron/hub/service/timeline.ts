/**
 * The console's timeline (issue 10): incoming messages per hour over the last days, from the
 * store's hour buckets (one count per bucket, no scan of the messages), and the incidents raised in
 * the span (the early-warning alerts stored in the cache, when there are any). Kept until the data
 * changes or the hour turns.
 */
import type { Cache } from '../cache/api.js';
import { listAlerts } from '../alerts/store.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import { TIMELINE_MAX_DAYS, type TimelineIncident, type TimelineResult } from '../../../shared/bridge/protocol.js';
import { blockLabel } from '../../../shared/blocks.js';
import type { Names } from './dataset.js';
import type { Handlers } from './router.js';

const HOUR = 3_600_000;

export interface TimelineDeps {
  data: { readonly store: MessageStore; readonly names: Names; readonly dataVersion: number };
  /** Where the incidents are stored (null: none). */
  cache: Cache | null;
  now: () => number;
}

/** Incoming per hour for hours [firstHour, firstHour + n), from the store's hour buckets. */
export function hourlyIncoming(store: MessageStore, firstHour: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  const buckets = store.byCreated.buckets;
  for (let i = 0; i < n; i++) out[i] = buckets.get(firstHour + i)?.n ?? 0;
  return out;
}

export class TimelineService {
  private held: { key: string; result: TimelineResult } | null = null;

  constructor(private readonly deps: TimelineDeps) {}

  invalidate(): void {
    this.held = null;
  }

  handlers(): Pick<Handlers, 'getTimeline'> {
    return { getTimeline: (p) => this.timeline(p?.days ?? TIMELINE_MAX_DAYS) };
  }

  timeline(days: number): TimelineResult {
    const d = this.deps.data;
    const lastHour = Math.floor(this.deps.now() / HOUR);
    const n = Math.min(TIMELINE_MAX_DAYS, Math.max(1, Math.floor(days))) * 24 + 1;
    const firstHour = lastHour - n + 1;
    const key = `${firstHour}|${n}|${d.dataVersion}`;
    if (this.held?.key === key) return this.held.result;
    const from = firstHour * HOUR;
    const to = (lastHour + 1) * HOUR;
    const result: TimelineResult = {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      hourMs: HOUR,
      incoming: hourlyIncoming(d.store, firstHour, n),
      incidents: this.incidents(from, to),
      dataVersion: d.dataVersion,
    };
    this.held = { key, result };
    return result;
  }

  private incidents(from: number, to: number): TimelineIncident[] {
    if (!this.deps.cache) return [];
    const names = this.deps.data.names;
    let alerts;
    try {
      alerts = listAlerts(this.deps.cache, { from, to, limit: 1000 });
    } catch {
      return []; // a cache without the alerts tables (read-only) has no incidents to mark
    }
    return alerts.map((a) => {
      const what = a.category ? (names.categories.get(a.category) ?? a.category) : blockLabel(a.block, names.blocks.get(a.block));
      return {
        id: a.id,
        raisedAt: iso(a.raisedAt),
        endedAt: a.endedAt === null ? null : iso(a.endedAt),
        level: a.level,
        municipality: a.municipality,
        block: a.block,
        title: `${what} — ${names.municipalities.get(a.municipality) ?? a.municipality}`,
      };
    });
  }
}

const iso = (s: string): string => new Date(Date.parse(s)).toISOString();
