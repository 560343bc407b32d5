/**
 * The as-of engine: the hub's whole view — every grouping of kpi.md, the rating, the queue and the
 * heat points of the window — as the data stood at any instant `t` (docs/spec/kpi.md v2, "The
 * state at an instant"), from a HistoryStore. Each figure is the batch function's (computeKpi,
 * ratingFromGroups, queueRows, heatPoints) over the store of the states at `t`, so the answer is
 * that of the batch functions at that instant by construction; what is fast is getting that store:
 * a jump builds it from the history's runs (one binary search per message, a gather of columns),
 * a step to a near instant moves the held one by the messages changed in between.
 * Pure and isomorphic.
 */
import { computeKpiGroupings, type KpiReference } from './kpi.js';
import { heatPoints, type HeatFilter } from './heat.js';
import { queueItems, queueRows } from './queue.js';
import { ratingFromGroups, type RatingMunicipality } from './rating.js';
import type { MessageStore } from './store.js';
import { GROUPINGS, type Grouping, type KpiResult, type QueueResult, type RatingResult, type Thresholds } from './types.js';
import type { HistoryStore } from './history.js';

export interface AsOfOptions {
  reference: KpiReference;
  /** Names for the rating (default: the reference's municipalities named by their OKTMO). */
  municipalities?: readonly RatingMunicipality[];
  thresholds?: Partial<Thresholds>;
  /** Queue items given (default all; `queueTotal` tells the whole queue's size). */
  queueLimit?: number;
}

export interface AsOfWindow {
  from: number;
  to: number;
  /** Filter of the heat points (blocks, channels, municipality); the window is from/to. */
  heat?: Omit<HeatFilter, 'from' | 'to'>;
}

export interface AsOfView {
  /** The instant of the state (the `now` of kpi.md). */
  now: number;
  from: number;
  to: number;
  kpi: Record<Grouping, KpiResult>;
  rating: RatingResult;
  queue: QueueResult;
  queueTotal: number;
  /** [lon, lat, weight] × n of the messages created in the window (heatPoints). */
  heat: Float32Array;
  /** How the store at `now` was got: built afresh, moved from the previous instant, or held. */
  via: 'build' | 'move' | 'held';
}

export class AsOfEngine {
  private held: { t: number; version: number; store: MessageStore; rowOf: Int32Array } | null = null;
  /** The store and rows of the last build, kept by forget() to be refilled by the next build. */
  private spare: { store: MessageStore; rowOf: Int32Array } | null = null;

  constructor(
    readonly history: HistoryStore,
    private opts: AsOfOptions,
  ) {}

  /** Drops the held store (the next call builds one afresh). */
  forget(): void {
    if (this.held) this.spare = { store: this.held.store, rowOf: this.held.rowOf };
    this.held = null;
  }

  setOptions(opts: AsOfOptions): void {
    this.opts = opts;
  }

  /**
   * The store of the states at t. Held between calls: the next call at a near instant moves it
   * (cheaper than a build when few messages changed in between). The store returned is the
   * engine's own: read it, do not change it, and do not keep it across calls.
   */
  storeAt(t: number): { store: MessageStore; via: AsOfView['via'] } {
    const h = this.history;
    const held = this.held;
    if (held && held.version === h.version) {
      if (held.t === t) return { store: held.store, via: 'held' };
      const lo = Math.min(held.t, t);
      const hi = Math.max(held.t, t);
      if (h.changesBetween(lo, hi) * 8 < held.store.size) {
        h.moveStore(held.store, held.t, t, held.rowOf);
        held.t = t;
        return { store: held.store, via: 'move' };
      }
    }
    // a build refills the store of the last one in place (no 50 MB of columns allocated again)
    const old = held ?? this.spare;
    this.held = null;
    this.spare = null;
    const M = h.messageCount;
    const rowOf = old && old.rowOf.length >= M ? old.rowOf : new Int32Array(M + 1024 + (M >> 4));
    const store = h.storeAt(t, 1024, old?.store, rowOf);
    this.held = { t, version: h.version, store, rowOf };
    return { store, via: 'build' };
  }

  /** The whole view at instant `now` for the window [from, to). */
  viewAt(now: number, window: AsOfWindow): AsOfView {
    if (!(window.to > window.from)) throw new RangeError('окно пустое: from должно быть раньше to');
    const { store, via } = this.storeAt(now);
    const ref = this.opts.reference;
    // every grouping in one pass over the rows (the numbers of computeKpi for each)
    const kpi = computeKpiGroupings(store, { from: window.from, to: window.to, now, reference: ref }, GROUPINGS) as Record<Grouping, KpiResult>;
    const names = this.opts.municipalities ?? ref.municipalities.map((m) => ({ oktmo: m.oktmo, name: m.oktmo }));
    const rating = ratingFromGroups(kpi.municipality.groups, names, this.opts.thresholds);
    const q = queueRows(store, now, this.opts.thresholds, this.opts.queueLimit);
    const queue: QueueResult = { now: kpi.region.now, items: queueItems(store, q) };
    const heat = heatPoints(store, { ...window.heat, from: window.from, to: window.to });
    return { now, from: window.from, to: window.to, kpi, rating, queue, queueTotal: q.total, heat, via };
  }
}
