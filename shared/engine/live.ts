/**
 * LiveModel: what the live wall shows for the current view (window W = [from, to) and `now`):
 * the region, block and municipality groupings, the rating and the escalation queue, kept up to
 * date as batches of changes arrive — with the same numbers as a fresh computeKpi / computeRating /
 * computeQueue over the same messages (tested).
 *
 * How a refresh stays cheap on a million messages:
 * - The window indicators (incoming, answered, onTime, rework, satisfaction, completeness) are
 *   additive per group: a changed message subtracts its old contribution and adds its new one. A
 *   batch of k changes costs O(k), never a rescan. `incomingPrev` depends on `now`
 *   (docs/spec/kpi.md v2: the previous window cut at the same elapsed time): the messages created
 *   in the whole previous window are counted the same way, per group and per bin of whole hours
 *   (at most MAX_PREV_BINS bins); a snapshot sums the bins below the cut and counts the one bin
 *   the cut falls in from the store's hourly bucket(s) of it.
 * - Medians of first-response time: per group, a sorted array plus pending additions/removals,
 *   merged (linear, no sort of the whole) when the median is next asked for.
 * - `open`, `overdue` and the queue are states at `now`: recomputed from the store's index of
 *   open rows (a few percent of the messages), so moving `now` needs no rescan either.
 * - Changing the window rebuilds the window aggregates from the store's hourly buckets: it touches
 *   only the rows created or answered in [from, to).
 * The counting rules are those of ./rules.ts, shared with the batch engine (kpi.ts).
 * Pure and isomorphic.
 */
import { HOUR, MINUTE, type NormalizedMessage } from '../model.js';
import type { KpiGroup, KpiResult, QueueResult, RatingResult, Thresholds } from './types.js';
import { DONE_MASK, MessageStore, type Dict } from './store.js';
import { EMPTY_REFERENCE, medianMinutesSorted, populationMap, singleKeys, toIso, type KpiReference } from './kpi.js';
import {
  A_PREV,
  F,
  NOW_SLOTS,
  addAnswered,
  addCreated,
  addOpen,
  createdBy,
  finishGroup,
  hasFirstResponse,
  inPrevWindow,
  inWindow,
  medianOfMiddles,
  prevWindow,
} from './rules.js';
import { ratingFromGroups, type RatingMunicipality } from './rating.js';
import { queueItems, queueRows } from './queue.js';

export interface LiveView {
  from: number;
  to: number;
  now: number;
}

export interface LiveOptions {
  reference?: KpiReference;
  /** Names for the rating; default: the reference's municipalities named by their OKTMO. */
  municipalities?: readonly RatingMunicipality[];
  thresholds?: Partial<Thresholds>;
  view?: LiveView;
  /** Only the first `queueLimit` items of the queue in the snapshot (the wall shows a screenful); default all. */
  queueLimit?: number;
}

export interface LiveSnapshot {
  view: LiveView;
  region: KpiResult;
  block: KpiResult;
  municipality: KpiResult;
  rating: RatingResult;
  /** The queue (its first `queueLimit` items). */
  queue: QueueResult;
  /** Messages in the whole queue. */
  queueTotal: number;
}

/** How many elements of the sorted arr[0, len) are <= v. */
function upperBound(arr: Float64Array, len: number, v: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A multiset of numbers that answers its median. It is a sorted array plus sorted pending lists of
 * additions and removals: the median is found by rank search over the three (O(log² n), no merge).
 * New additions and removals arrive in small unsorted tails that are sorted alone and merged into
 * the pending lists (linear in the pending size, never a re-sort of it); the pending lists are
 * merged into the array only once they exceed an eighth of it.
 * Removals must be of values held (the LiveModel removes only what it added).
 */
export class SortedMultiset {
  private base = new Float64Array(16);
  private spare = new Float64Array(16);
  private n = 0;
  private readonly adds = new PendingList();
  private readonly dels = new PendingList();

  add(v: number): void {
    this.adds.push(v);
  }
  delete(v: number): void {
    this.dels.push(v);
  }
  clear(): void {
    this.n = 0;
    this.adds.clear();
    this.dels.clear();
  }
  get size(): number {
    return this.n + this.adds.size - this.dels.size;
  }
  /** Median in minutes of the ms values held; null when empty. */
  medianMinutes(): number | null {
    const size = this.size;
    if (size <= 0) return null;
    if (this.adds.size + this.dels.size > Math.max(256, this.n >> 3)) this.compact();
    if (this.adds.size === 0 && this.dels.size === 0) return medianMinutesSorted(this.base, this.n);
    const A = this.adds.sorted();
    const D = this.dels.sorted();
    const k = size >> 1;
    const upper = this.atRank(k, A, D);
    return medianOfMiddles(size & 1 ? 0 : this.atRank(k - 1, A, D), upper, size) / MINUTE;
  }
  /** The value of rank r (0-based) of base + A - D: the least candidate v with #(<= v) > r. */
  private atRank(r: number, A: Float64Array, D: Float64Array): number {
    const base = this.base;
    const n = this.n;
    const count = (v: number) => upperBound(base, n, v) + upperBound(A, A.length, v) - upperBound(D, D.length, v);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (count(base[mid]!) > r) hi = mid;
      else lo = mid + 1;
    }
    let x = lo < n ? base[lo]! : Infinity;
    lo = 0;
    hi = A.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (count(A[mid]!) > r) hi = mid;
      else lo = mid + 1;
    }
    if (lo < A.length && A[lo]! < x) x = A[lo]!;
    return x;
  }
  private compact(): void {
    const A = this.adds.sorted();
    const D = this.dels.sorted();
    const need = this.n + A.length;
    if (this.spare.length < need) this.spare = new Float64Array(Math.max(need, this.spare.length * 2));
    const out = this.spare;
    const base = this.base;
    const n = this.n;
    const na = A.length;
    const nd = D.length;
    let i = 0;
    let j = 0;
    let d = 0;
    let k = 0;
    while (i < n || j < na) {
      const v = j >= na || (i < n && base[i]! <= A[j]!) ? base[i++]! : A[j++]!;
      if (d < nd) {
        while (d < nd && D[d]! < v) d++; // a removal of a value not held: ignored
        if (d < nd && D[d] === v) {
          d++;
          continue;
        }
      }
      out[k++] = v;
    }
    this.spare = base;
    this.base = out;
    this.n = k;
    this.adds.clear();
    this.dels.clear();
  }
}

/** Values waiting to be merged: a sorted part plus an unsorted tail of the latest arrivals. */
class PendingList {
  private buf = new Float64Array(64);
  private spare = new Float64Array(64);
  private nSorted = 0;
  private tail: number[] = [];

  get size(): number {
    return this.nSorted + this.tail.length;
  }
  push(v: number): void {
    this.tail.push(v);
  }
  clear(): void {
    this.nSorted = 0;
    this.tail = [];
  }
  /** All pending values, sorted (a view valid until the next change). */
  sorted(): Float64Array {
    const t = this.tail.length;
    if (t > 0) {
      const T = Float64Array.from(this.tail).sort();
      const need = this.nSorted + t;
      if (this.spare.length < need) this.spare = new Float64Array(Math.max(need, this.spare.length * 2));
      const out = this.spare;
      const S = this.buf;
      const ns = this.nSorted;
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < ns && j < t) out[k++] = S[i]! <= T[j]! ? S[i++]! : T[j++]!;
      while (i < ns) out[k++] = S[i++]!;
      while (j < t) out[k++] = T[j++]!;
      this.spare = S;
      this.buf = out;
      this.nSorted = k;
      this.tail = [];
    }
    return this.buf.subarray(0, this.nSorted);
  }
}

/**
 * The previous window `[from − L, from)` of `incomingPrev` is cut into at most this many bins of
 * whole hours (a 30-day window: 720 bins of an hour; longer windows: wider bins).
 */
const MAX_PREV_BINS = 2048;

/** Window aggregates of one grouping, by dictionary index. */
class Agg {
  acc = new Float64Array(16 * F);
  medians: SortedMultiset[] = [];
  /**
   * Messages created in the whole previous window, per group and bin: prev[group * nBins + bin]
   * (group-major, so that a new group appends its bins).
   */
  prev = new Int32Array(0);
  nBins = 0;
  ensure(size: number): void {
    if (size * F > this.acc.length) {
      const a = new Float64Array(Math.max(size * F, this.acc.length * 2));
      a.set(this.acc);
      this.acc = a;
    }
    while (this.medians.length < size) this.medians.push(new SortedMultiset());
    if (size * this.nBins > this.prev.length) {
      const p = new Int32Array(Math.max(size * this.nBins, this.prev.length * 2));
      p.set(this.prev);
      this.prev = p;
    }
  }
  reset(nBins: number): void {
    this.acc.fill(0);
    for (const m of this.medians) m.clear();
    this.nBins = nBins;
    this.prev = new Int32Array(Math.max(1, this.medians.length) * nBins);
  }
  /** Messages of group g in bins [0, j). */
  prevBelow(g: number, j: number): number {
    const p = this.prev;
    const o = g * this.nBins;
    let sum = 0;
    for (let i = 0; i < j; i++) sum += p[o + i]!;
    return sum;
  }
}

export class LiveModel {
  readonly store: MessageStore;
  private reference: KpiReference;
  private municipalities: readonly RatingMunicipality[] | undefined;
  private thresholds: Partial<Thresholds> | undefined;
  private view: LiveView | null = null;
  private queueLimit: number;

  private readonly region = new Agg();
  private readonly blocks = new Agg();
  private readonly munis = new Agg();

  /**
   * The whole previous window [prevLo, prevHi) = [from − L, from) and its bins: bin i covers
   * [binBase + i·binWidth, binBase + (i + 1)·binWidth), binBase the hour at or before prevLo.
   */
  private prevLo = 0;
  private prevHi = 0;
  private binBase = 0;
  private binWidth = HOUR;
  private nBins = 0;

  private cached: { version: number; now: number; snap: LiveSnapshot } | null = null;

  constructor(store: MessageStore = new MessageStore(), opts: LiveOptions = {}) {
    this.store = store;
    this.reference = opts.reference ?? EMPTY_REFERENCE;
    this.municipalities = opts.municipalities;
    this.thresholds = opts.thresholds;
    this.queueLimit = opts.queueLimit ?? Infinity;
    this.region.ensure(1);
    if (opts.view) this.setView(opts.view);
  }

  getView(): LiveView | null {
    return this.view;
  }

  setReference(reference: KpiReference, municipalities?: readonly RatingMunicipality[]): void {
    this.reference = reference;
    this.municipalities = municipalities;
    this.cached = null;
  }

  /** How many queue items the snapshot gives (Infinity: all). */
  setQueueLimit(limit: number): void {
    this.queueLimit = limit;
    this.cached = null;
  }

  setThresholds(thresholds: Partial<Thresholds> | undefined): void {
    this.thresholds = thresholds;
    this.cached = null;
  }

  /** Sets the window and `now`. A new window rebuilds the window aggregates from the hourly buckets. */
  setView(view: LiveView): void {
    if (!(view.to > view.from)) throw new RangeError('окно пустое: from должно быть раньше to');
    const old = this.view;
    this.view = { ...view };
    this.cached = null;
    if (old && old.from === view.from && old.to === view.to) return;
    this.rebuild();
  }

  /** Applies a batch of changes from the cache (ApplyResult.changed / .removed). */
  applyChanges(changed: readonly NormalizedMessage[], removed: readonly string[]): void {
    const s = this.store;
    const live = this.view !== null;
    for (const m of changed) {
      if (live) {
        const row = s.getRow(m.id);
        if (row !== undefined) this.contribute(row, -1);
      }
      const row = s.upsert(m);
      if (live) {
        this.ensure();
        this.contribute(row, 1);
      }
    }
    for (const id of removed) {
      const row = s.getRow(id);
      if (row === undefined) continue;
      if (live) this.contribute(row, -1);
      s.remove(id);
    }
    this.cached = null;
  }

  private ensure(): void {
    this.blocks.ensure(this.store.blocks.size);
    this.munis.ensure(this.store.municipalities.size);
  }

  private rebuild(): void {
    const v = this.view!;
    const s = this.store;
    this.ensure();
    // the whole previous window (rules.ts prevWindow with now past the window) and its bins
    const [lo, hi] = prevWindow(v.from, v.to, v.to);
    this.prevLo = lo;
    this.prevHi = hi;
    this.binBase = Math.floor(lo / HOUR) * HOUR;
    const hours = Math.max(1, Math.ceil((hi - this.binBase) / HOUR));
    this.binWidth = HOUR * Math.ceil(hours / MAX_PREV_BINS);
    this.nBins = Math.max(1, Math.ceil((hi - this.binBase) / this.binWidth));
    this.region.reset(this.nBins);
    this.blocks.reset(this.nBins);
    this.munis.reset(this.nBins);
    // one pass over the previous window and W, which touch (hi = from): each row is seen once
    s.byCreated.forEachCandidate(lo, v.to, (row) => this.contributeCreated(row, 1));
    s.byAnswered.forEachCandidate(v.from, v.to, (row) => this.contributeAnswered(row, 1));
  }

  /** The bin of an instant in the previous window (binBase ≤ t). */
  private binOf(t: number): number {
    return Math.floor((t - this.binBase) / this.binWidth);
  }

  private contribute(row: number, sign: number): void {
    this.contributeCreated(row, sign);
    this.contributeAnswered(row, sign);
  }

  private contributeCreated(row: number, sign: number): void {
    const v = this.view!;
    const s = this.store;
    const c = s.createdAt[row]!;
    const ob = s.block[row]! * F;
    const om = s.municipality[row]! * F;
    const R = this.region.acc;
    const B = this.blocks.acc;
    const M = this.munis.acc;
    if (inWindow(c, v.from, v.to)) {
      const done = DONE_MASK[s.status[row]!] === 1;
      addCreated(R, 0, sign, done);
      addCreated(B, ob, sign, done);
      addCreated(M, om, sign, done);
      const fr = s.firstResponseAt[row]!;
      if (hasFirstResponse(fr)) {
        const d = fr - c;
        const mr = this.region.medians[0]!;
        const mb = this.blocks.medians[s.block[row]!]!;
        const mm = this.munis.medians[s.municipality[row]!]!;
        if (sign > 0) {
          mr.add(d);
          mb.add(d);
          mm.add(d);
        } else {
          mr.delete(d);
          mb.delete(d);
          mm.delete(d);
        }
      }
    } else if (inPrevWindow(c, this.prevLo, this.prevHi)) {
      // incomingPrev: counted by bin of the whole previous window; snapshot() cuts it at now
      const bin = this.binOf(c);
      const nb = this.nBins;
      this.region.prev[bin]! += sign;
      this.blocks.prev[s.block[row]! * nb + bin]! += sign;
      this.munis.prev[s.municipality[row]! * nb + bin]! += sign;
    }
  }

  private contributeAnswered(row: number, sign: number): void {
    const v = this.view!;
    const s = this.store;
    const a = s.answeredAt[row]!;
    if (!inWindow(a, v.from, v.to)) return;
    const ob = s.block[row]! * F;
    const om = s.municipality[row]! * F;
    const due = s.dueAt[row]!;
    const rework = s.rework[row]!;
    const sat = s.satisfaction[row]!;
    addAnswered(this.region.acc, 0, sign, a, due, rework, sat);
    addAnswered(this.blocks.acc, ob, sign, a, due, rework, sat);
    addAnswered(this.munis.acc, om, sign, a, due, rework, sat);
  }

  /** Everything the wall shows for the current view. Cached until the next change or view. */
  snapshot(): LiveSnapshot {
    const v = this.view;
    if (!v) throw new Error('LiveModel: окно не задано (setView)');
    const s = this.store;
    if (this.cached && this.cached.version === s.version && this.cached.now === v.now) return this.cached.snap;
    this.ensure();
    // the states at now (open, overdue), from the open index, in the accumulator layout of ./rules.ts
    const nB = s.blocks.size;
    const nM = s.municipalities.size;
    const openR = new Float64Array(F);
    const openB = new Float64Array(Math.max(1, nB) * F);
    const openM = new Float64Array(Math.max(1, nM) * F);
    const open = s.openList;
    const nOpen = open.n;
    const now = v.now;
    const oc = open.created;
    const odue = open.due;
    const ob = open.block;
    const om = open.municipality;
    for (let i = 0; i < nOpen; i++) {
      if (!createdBy(oc[i]!, now)) continue;
      const d = odue[i]!;
      addOpen(openR, 0, d, now);
      addOpen(openB, ob[i]! * F, d, now);
      addOpen(openM, om[i]! * F, d, now);
    }
    // incomingPrev depends on now (docs/spec/kpi.md v2: the previous window cut at the same
    // elapsed time, [pFrom, pTo) with pFrom = from − L): the whole bins below the cut from the
    // counts kept by contributeCreated, the one bin the cut falls in from the store's rows of it.
    const [pFrom, pTo] = prevWindow(v.from, v.to, now);
    const cut = Math.min(this.binOf(pTo), this.nBins);
    const prevR = new Float64Array(1);
    const prevB = new Float64Array(Math.max(1, nB));
    const prevM = new Float64Array(Math.max(1, nM));
    if (pTo > pFrom) {
      const sc = s.createdAt;
      const sb = s.block;
      const sm = s.municipality;
      const lo = Math.max(pFrom, this.binBase + cut * this.binWidth - 1);
      s.byCreated.forEachCandidate(lo, pTo, (row) => {
        const c = sc[row]!;
        if (!inPrevWindow(c, pFrom, pTo) || this.binOf(c) !== cut) return;
        prevR[0]!++;
        prevB[sb[row]!]!++;
        prevM[sm[row]!]!++;
      });
    }
    const tmp = new Float64Array(F);
    const group = (
      agg: Agg,
      idx: number | undefined,
      open: Float64Array,
      prev: Float64Array,
      keys: { block: string | null; municipality: string | null },
      population: number | null,
    ): KpiGroup => {
      tmp.fill(0);
      let median: number | null = null;
      if (idx !== undefined) {
        tmp.set(agg.acc.subarray(idx * F, idx * F + F));
        median = agg.medians[idx]!.medianMinutes();
        for (const slot of NOW_SLOTS) tmp[slot] = open[idx * F + slot]!;
        tmp[A_PREV] = prev[idx]! + agg.prevBelow(idx, cut);
      }
      return finishGroup(keys, tmp, 0, median, population);
    };
    const ref = this.reference;
    const times = { from: toIso(v.from), to: toIso(v.to), now: toIso(v.now) };
    const region: KpiResult = {
      ...times,
      groups: [group(this.region, 0, openR, prevR, { block: null, municipality: null }, null)],
    };
    const byDict = (dict: Dict, refKeys: readonly string[], agg: Agg, open: Float64Array, prev: Float64Array, isMuni: boolean): KpiGroup[] => {
      const pop = isMuni ? populationMap(ref) : null;
      return singleKeys(dict, refKeys).map((k) =>
        group(
          agg,
          dict.lookup(k),
          open,
          prev,
          isMuni ? { block: null, municipality: k } : { block: k, municipality: null },
          pop ? (pop.get(k) ?? null) : null,
        ),
      );
    };
    const block: KpiResult = { ...times, groups: byDict(s.blocks, ref.blocks, this.blocks, openB, prevB, false) };
    const municipality: KpiResult = {
      ...times,
      groups: byDict(
        s.municipalities,
        ref.municipalities.map((m) => m.oktmo),
        this.munis,
        openM,
        prevM,
        true,
      ),
    };
    const names = this.municipalities ?? ref.municipalities.map((m) => ({ oktmo: m.oktmo, name: m.oktmo }));
    const rating = ratingFromGroups(municipality.groups, names, this.thresholds);
    const q = queueRows(s, now, this.thresholds, this.queueLimit);
    const queue: QueueResult = { now: times.now, items: queueItems(s, q) };
    const snap: LiveSnapshot = { view: { ...v }, region, block, municipality, rating, queue, queueTotal: q.total };
    this.cached = { version: s.version, now: v.now, snap };
    return snap;
  }
}
