/**
 * Escalation queue (kpi.md, "Escalation queue").
 *
 * Reading chosen: only open messages with `createdAt <= now` are tested (a replay at an earlier
 * `now` must not see messages not yet created), consistent with the `open` indicator.
 * Works over the store's index of open rows only: its cost does not grow with closed history.
 * The rules and their levels are those of ./rules.ts.
 * Pure and isomorphic.
 */
import { REASON_CODES, type QueueItem, type QueueResult, type ReasonCode, type Thresholds } from './types.js';
import type { MessageStore } from './store.js';
import { toIso } from './kpi.js';
import { MINUTE } from '../model.js';
import {
  CLUSTER_LEVEL,
  DUE_SOON_LEVEL,
  REWORK_LEVEL,
  createdBy,
  inClusterWindow,
  isCluster,
  isDueSoon,
  isOverdue,
  isRepeatedRework,
  overdueLevel,
  resonanceLevel,
  withDefaults,
} from './rules.js';

export interface QueueOptions {
  now: number;
  thresholds?: Partial<Thresholds>;
  /** Echoed as `now` in the result instead of the UTC form. */
  nowText?: string;
  /** Only the first `limit` items of the queue (default: all). */
  limit?: number;
}

/** One bit per reason code, in the order of docs/spec/kpi.md's table (REASON_CODES). */
const R_OVERDUE = 1;
const R_DUE_SOON = 2;
const R_RESONANCE = 4;
const R_REWORK = 8;
const R_CLUSTER = 16;

const REASONS_OF: ReasonCode[][] = [];
for (let mask = 0; mask < 1 << REASON_CODES.length; mask++) REASONS_OF.push(REASON_CODES.filter((_, bit) => mask & (1 << bit)));

/** Queue rows (store row numbers) in queue order, with their level and reason mask. */
export interface QueueRows {
  rows: Int32Array;
  level: Uint8Array;
  mask: Uint8Array;
  overdueMs: Float64Array;
  /** Rows given (at most the limit asked for). */
  n: number;
  /** Messages in the whole queue. */
  total: number;
}

/** The queue as store rows, in queue order; with `limit`, only its first `limit` rows (cheaper). */
export function queueRows(store: MessageStore, now: number, thresholds?: Partial<Thresholds>, limit = Infinity): QueueRows {
  const t = withDefaults(thresholds);
  const open = store.openList;
  const nOpen = open.n;
  const created = open.created;
  const due = open.due;
  const weight = open.weight;
  const rework = open.rework;
  const muni = open.municipality;
  const cat = open.category;

  // cluster: open messages per (municipality, category) created in (now - window, now]
  const nCat = Math.max(1, store.categories.size);
  const dense = store.municipalities.size * nCat <= 1 << 20;
  const counts = dense ? new Int32Array(Math.max(1, store.municipalities.size * nCat)) : null;
  const countMap = dense ? null : new Map<number, number>();
  for (let i = 0; i < nOpen; i++) {
    if (inClusterWindow(created[i]!, now, t)) {
      const key = muni[i]! * nCat + cat[i]!;
      if (counts) counts[key]!++;
      else countMap!.set(key, (countMap!.get(key) ?? 0) + 1);
    }
  }

  // positions (in the open index) of the queued messages
  const pos = new Int32Array(nOpen);
  const level = new Uint8Array(nOpen);
  const mask = new Uint8Array(nOpen);
  const overdueMs = new Float64Array(nOpen);
  let n = 0;
  for (let i = 0; i < nOpen; i++) {
    const c = created[i]!;
    if (!createdBy(c, now)) continue;
    let m = 0;
    let lv = 0;
    const d = due[i]!;
    let od = 0;
    if (isOverdue(d, now)) {
      od = now - d;
      m |= R_OVERDUE;
      lv = overdueLevel(od, t);
    } else if (isDueSoon(d, now, t)) {
      m |= R_DUE_SOON;
      if (lv < DUE_SOON_LEVEL) lv = DUE_SOON_LEVEL;
    }
    const rl = resonanceLevel(weight[i]!, t);
    if (rl) {
      m |= R_RESONANCE;
      if (lv < rl) lv = rl;
    }
    if (isRepeatedRework(rework[i]!, t)) {
      m |= R_REWORK;
      if (lv < REWORK_LEVEL) lv = REWORK_LEVEL;
    }
    if (inClusterWindow(c, now, t)) {
      const key = muni[i]! * nCat + cat[i]!;
      const k = counts ? counts[key]! : (countMap!.get(key) ?? 0);
      if (isCluster(k, t)) {
        m |= R_CLUSTER;
        if (lv < CLUSTER_LEVEL) lv = CLUSTER_LEVEL;
      }
    }
    if (m === 0) continue;
    pos[n] = i;
    level[n] = lv;
    mask[n] = m;
    overdueMs[n] = od;
    n++;
  }
  // queue order; the first two keys packed into one number: level * 2^43 + overdue ms
  const primary = new Float64Array(n);
  for (let i = 0; i < n; i++) primary[i] = level[i]! * 8796093022208 + overdueMs[i]!;
  const ids = store.ids;
  const cmp = (a: number, b: number): number => {
    const dp = primary[b]! - primary[a]!;
    if (dp) return dp;
    const pa = pos[a]!;
    const pb = pos[b]!;
    const dw = weight[pb]! - weight[pa]!;
    if (dw) return dw;
    const dc = created[pa]! - created[pb]!;
    if (dc) return dc;
    const ia = ids[open.rows[pa]!]!;
    const ib = ids[open.rows[pb]!]!;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  let order: ArrayLike<number>;
  if (limit <= 0) order = [];
  else if (limit >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    order = all.sort(cmp);
  } else {
    // the first `limit` only: a sorted list that an item enters when it beats the last one
    const top: number[] = [];
    for (let i = 0; i < n; i++) {
      if (top.length === limit && cmp(i, top[limit - 1]!) >= 0) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(top[mid]!, i) <= 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, i);
      if (top.length > limit) top.pop();
    }
    order = top;
  }
  const total = n;
  n = order.length;
  const out: QueueRows = {
    rows: new Int32Array(n),
    level: new Uint8Array(n),
    mask: new Uint8Array(n),
    overdueMs: new Float64Array(n),
    n,
    total,
  };
  for (let i = 0; i < n; i++) {
    const p = order[i]!;
    out.rows[i] = open.rows[pos[p]!]!;
    out.level[i] = level[p]!;
    out.mask[i] = mask[p]!;
    out.overdueMs[i] = overdueMs[p]!;
  }
  return out;
}

/** Queue items of the first `limit` queue rows (all by default). */
export function queueItems(store: MessageStore, q: QueueRows, limit = Infinity): QueueItem[] {
  const items: QueueItem[] = [];
  const n = Math.min(q.n, limit);
  for (let i = 0; i < n; i++) {
    const r = q.rows[i]!;
    items.push({
      id: store.ids[r]!,
      level: q.level[i]! as 1 | 2 | 3,
      reasons: REASONS_OF[q.mask[i]!]!.slice(),
      overdueMin: q.overdueMs[i]! / MINUTE,
      weight: store.weight[r]!,
      block: store.blocks.values[store.block[r]!]!,
      municipality: store.municipalities.values[store.municipality[r]!]!,
    });
  }
  return items;
}

export function computeQueue(store: MessageStore, opts: QueueOptions): QueueResult {
  const q = queueRows(store, opts.now, opts.thresholds, opts.limit);
  return { now: opts.nowText ?? toIso(opts.now), items: queueItems(store, q) };
}
