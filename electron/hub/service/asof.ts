/**
 * The as-of service: the hub's view of the data as it stood at any instant (docs/spec/kpi.md v2,
 * "The state at an instant"), for the wall's archive mode and the console's timeline, and a
 * message's history for its card.
 *
 * - The history of revisions is read from the cache once, on first use, into the engine's
 *   HistoryStore (shared/engine/history.ts), and kept in step with the data set's batches (their
 *   new revisions); a reload, or a batch that did not carry its revisions, reads it again on the
 *   next use. The live model is untouched: the present stays incremental (dataset.ts).
 * - `viewAt(t, window)`: every grouping, the rating, the queue and the heat points of the window,
 *   each equal to the batch function over the states at t (AsOfEngine). Stepping through a period
 *   moves the held store by the messages changed between two instants.
 * Hub API only: the views / bridge wiring of the archive instant is the wall's part.
 */
import type { Cache, HistoryRevision } from '../cache/api.js';
import type { HistoryStore } from '../../../shared/engine/history.js';
import { AsOfEngine, type AsOfView, type AsOfWindow } from '../../../shared/engine/asof.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import type { Disposable } from '../../../shared/lifecycle.js';
import { loadHistoryFromCache } from '../engine/load.js';
import { listAlerts } from '../alerts/store.js';
import type { Alert } from '../../../shared/alerts/schema.js';
import type { DataSet } from './dataset.js';

/** One revision of a message's history, as the console's card shows it. */
export interface MessageHistoryEntry extends HistoryRevision {
  /**
   * The instant this revision counts from (kpi.md v2), UTC RFC 3339: its updatedAt, else the
   * message's createdAt; null for a tombstone that counts from the beginning of time.
   */
  instant: string | null;
}

export class AsOfService implements Disposable {
  private history: HistoryStore | null = null;
  private engine: AsOfEngine | null = null;
  private readonly off: Disposable;

  constructor(
    private readonly cache: Cache,
    private readonly data: DataSet,
    private readonly queueLimit?: number,
  ) {
    this.off = data.events.on('changed', (c) => {
      if (this.history === null) return;
      if (c.kind === 'reload' || (c.revisions === undefined && (c.historyAdded ?? 1) > 0)) {
        this.history = null;
        this.engine = null;
        return;
      }
      for (const r of c.revisions ?? []) this.history.add(r);
    });
  }

  private ensure(): AsOfEngine {
    if (this.engine === null || this.history === null) {
      this.history = loadHistoryFromCache(this.cache).history;
      this.engine = new AsOfEngine(this.history, this.options());
    } else this.engine.setOptions(this.options());
    return this.engine;
  }

  private options() {
    return {
      reference: this.data.kpiRef,
      municipalities: this.data.ratingMunis,
      thresholds: this.data.thresholds,
      ...(this.queueLimit !== undefined ? { queueLimit: this.queueLimit } : {}),
    };
  }

  /** The whole view at instant t for the window [from, to) (the caller resolves "today" at t). */
  viewAt(t: number, window: AsOfWindow): AsOfView {
    return this.ensure().viewAt(t, window);
  }

  /** The store of the messages as they stood at t (the engine's own: read it, keep it no longer than the call). */
  storeAt(t: number): MessageStore {
    return this.ensure().storeAt(t).store;
  }

  /** Earliest and latest instants of the history (the timeline's extent), null when empty. */
  span(): { first: number; last: number } | null {
    this.ensure();
    return this.history!.span();
  }

  /**
   * The incidents as they stood at t: the early-warning alerts stored in the cache
   * (electron/hub/alerts/store.ts) that the detector had raised by t (`raisedAt <= t`) and that had
   * not ended by then (`endedAt` null or after t), by raisedAt then id. The store keeps the latest
   * state of an alert, not its history, so at t (reading, docs/history.md):
   * - its messages are those of its `messageIds` created by t (an alert's messages only grow,
   *   docs/spec/alerts.md; the ones that tipped it were created by its raisedAt), `count` theirs,
   *   `lastAt` the latest of their createdAt (never after the stored lastAt);
   * - one that ended after t is shown not ended, `state` `fading` (an alert fades and ends; its
   *   state at t itself is not kept); `level`, `expected`, the centre and radius are as stored.
   */
  incidentsAt(t: number, limit = 1000): Alert[] {
    let alerts: Alert[];
    try {
      alerts = listAlerts(this.cache, { to: t + 1, limit: 10_000 });
    } catch {
      return []; // a cache without the alerts tables (read-only) has no incidents
    }
    const history = alerts.length > 0 ? (this.ensure(), this.history!) : null;
    const out: Alert[] = [];
    for (const a of alerts) {
      const ended = a.endedAt === null ? null : Date.parse(a.endedAt);
      if (ended !== null && ended <= t) continue;
      const created = (id: string) => history!.createdAtOf(id);
      // a message the history does not know is kept as stored
      let ids = a.messageIds.filter((id) => {
        const c = created(id);
        return c !== c || c <= t;
      });
      if (ids.length < 3) ids = a.messageIds; // not what it was raised on (a message re-created later): as stored
      let last = -Infinity;
      for (const id of ids) {
        const c = created(id);
        if (c === c && c > last) last = c;
      }
      const storedLast = Date.parse(a.lastAt);
      const lastAt = last === -Infinity || last > storedLast ? a.lastAt : new Date(Math.max(last, Date.parse(a.firstAt))).toISOString();
      out.push({
        ...a,
        messageIds: ids,
        count: ids.length,
        lastAt,
        endedAt: null,
        state: ended !== null ? 'fading' : a.state,
      });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** A message's history for its card: every revision held, in rev order, with its instant. */
  messageHistory(id: string): MessageHistoryEntry[] {
    const revs = this.cache.history(id);
    let created: string | null = null;
    for (const r of revs) if (r.message) created = r.message.createdAt;
    return revs.map((r) => {
      const at = r.updatedAt ?? (r.message ? r.message.createdAt : created);
      return { ...r, instant: at === null ? null : new Date(Date.parse(at)).toISOString() };
    });
  }

  dispose(): void {
    this.off.dispose();
    this.history = null;
    this.engine = null;
  }
}
