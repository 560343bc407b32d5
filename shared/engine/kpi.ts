/**
 * Indicators of groups (kpi.md, "Indicators of a group"), computed over a MessageStore in one
 * pass per grouping over its typed arrays.
 *
 * Readings chosen where kpi.md leaves room (see also docs in the report of the engine):
 * - `from`, `to`, `now` in the result echo `fromText` / `toText` / `nowText` when given (the
 *   command line passes the caller's own strings), otherwise the instant in UTC (`toISOString`).
 * - Numbers are not rounded (plain doubles).
 * - `per10k` is given for the groups of the `municipality` grouping only (null for
 *   `block,municipality`, whose population is not that of the block); a population that is
 *   absent, null or 0 gives null.
 * - "The data" for which groups appear is the whole store (every current message), not the window.
 * The counting rules are those of ./rules.ts (shared with the live model).
 * Pure and isomorphic.
 */
import type { Grouping, KpiGroup, KpiResult } from './types.js';
import { DONE_MASK, OPEN_MASK, type Dict, type MessageStore } from './store.js';
import { MINUTE } from '../model.js';
import {
  F,
  A_PREV,
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

export interface KpiReference {
  blocks: readonly string[];
  municipalities: ReadonlyArray<{ oktmo: string; population?: number | null }>;
  channels: readonly string[];
}

export const EMPTY_REFERENCE: KpiReference = { blocks: [], municipalities: [], channels: [] };

export interface KpiOptions {
  from: number;
  to: number;
  now: number;
  by: Grouping;
  reference?: KpiReference;
  /** Echoed as `from` / `to` / `now` in the result instead of the UTC form of the instant. */
  fromText?: string;
  toText?: string;
  nowText?: string;
}

export const toIso = (ms: number): string => new Date(ms).toISOString();

/** Median in minutes of ms values, reordering arr[lo..hi) in place; null when empty. */
export function medianMinutes(arr: Float64Array, lo: number, hi: number): number | null {
  const n = hi - lo;
  if (n <= 0) return null;
  const k = lo + (n >> 1);
  select(arr, lo, hi - 1, k);
  const upper = arr[k]!;
  if (n & 1) return upper / MINUTE;
  // even: the lower middle is the largest value left of k
  let lower = -Infinity;
  for (let i = lo; i < k; i++) if (arr[i]! > lower) lower = arr[i]!;
  return medianOfMiddles(lower, upper, n) / MINUTE;
}

/** Median in minutes of an already sorted array prefix [0, n). */
export function medianMinutesSorted(arr: Float64Array, n: number): number | null {
  if (n <= 0) return null;
  const k = n >> 1;
  return medianOfMiddles(n & 1 ? 0 : arr[k - 1]!, arr[k]!, n) / MINUTE;
}

/** Hoare-style quickselect: after it, arr[k] holds the value of rank k in [lo, hi] (inclusive). */
function select(arr: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    // Stryker disable next-line all: the cut-off only chooses insertion sort or partitioning for a short range; both leave the exact value of rank k in place (kpi.median.test.ts compares with a sorted copy), so its mutants change speed only
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = arr[i]!;
        let j = i - 1;
        while (j >= lo && arr[j]! > v) {
          arr[j + 1] = arr[j]!;
          j--;
        }
        arr[j + 1] = v;
      }
      return;
    }
    // median of three as pivot
    const mid = (lo + hi) >> 1;
    const a = arr[lo]!, b = arr[mid]!, c = arr[hi]!;
    // Stryker disable next-line all: a, b and c all lie in [lo, hi], and any value of the range is a valid pivot for this partition (both scans stop at it), so which of the three the median-of-three picks changes speed only
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (arr[i]! < pivot) i++;
      while (arr[j]! > pivot) j--;
      if (i <= j) {
        const t = arr[i]!;
        arr[i] = arr[j]!;
        arr[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted values of a key: every value of the reference and every value present in the data. */
export function singleKeys(dict: Dict, reference: readonly string[]): string[] {
  const set = new Set<string>(reference);
  for (const v of dict.present()) set.add(v);
  return [...set].sort(byString);
}

/** dict index -> slot of the key in `keys` (-1 when the value is not a key). */
export function slotMap(dict: Dict, keys: readonly string[]): Int32Array {
  const pos = new Map(keys.map((k, i) => [k, i]));
  const m = new Int32Array(Math.max(1, dict.size)).fill(-1);
  for (let i = 0; i < dict.size; i++) m[i] = pos.get(dict.values[i]!) ?? -1;
  return m;
}

export function populationMap(reference: KpiReference): Map<string, number> {
  const pop = new Map<string, number>();
  for (const m of reference.municipalities) if (m.population) pop.set(m.oktmo, m.population);
  return pop;
}

/**
 * The groups of one grouping: the slot of a row is found from its dictionary indices (no per-row
 * array): `slotOfKeys[key]` with key = 0 (region), the row's block / municipality / channel index,
 * or block · nM + municipality (pairs).
 */
interface Layout {
  kind: 0 | 1 | 2 | 3;
  /** The key of a single-key grouping (kind 1): 0 block, 1 municipality, 2 channel. */
  dim: 0 | 1 | 2;
  /** The column the key reads (kind 1), or the blocks (kind 3). */
  col: Uint16Array | null;
  /** The municipalities (kind 3). */
  col2: Uint16Array | null;
  nM: number;
  slotOfKey: Int32Array;
  nSlots: number;
  keyOf(slot: number): { block: string | null; municipality: string | null; channel?: string | null };
  isMunicipality: boolean;
}
const K_REGION = 0;
/** Most cells (block × municipality × channel) computeKpiGroupings sums through; beyond, it counts each grouping's rows. */
const MAX_CELLS = 1 << 16;
const K_SINGLE = 1;
const K_PAIR = 3;

/**
 * Scratch buffers reused across calls (the engine is synchronous): a call over a million rows
 * allocates no large array, which keeps the garbage collector out of the hot path.
 */
const scratch = {
  durRow: new Int32Array(0),
  durSlot: new Int32Array(0),
  durVal: new Float64Array(0),
  grouped: new Float64Array(0),
  pairSeen: new Uint8Array(0),
};
function scratchI32(key: 'durRow' | 'durSlot', n: number): Int32Array {
  if (scratch[key].length < n) scratch[key] = new Int32Array(Math.max(n, Math.ceil(scratch[key].length * 1.5)));
  return scratch[key];
}
function scratchF64(key: 'durVal' | 'grouped', n: number): Float64Array {
  if (scratch[key].length < n) scratch[key] = new Float64Array(Math.max(n, Math.ceil(scratch[key].length * 1.5)));
  return scratch[key];
}

function layoutFor(store: MessageStore, by: Grouping, ref: KpiReference): Layout {
  const n = store.size;
  if (by === 'region') {
    return {
      kind: K_REGION,
      dim: 0,
      col: null,
      col2: null,
      nM: 1,
      slotOfKey: Int32Array.of(0),
      nSlots: 1,
      keyOf: () => ({ block: null, municipality: null }),
      isMunicipality: false,
    };
  }
  if (by === 'block,municipality') {
    const nM = Math.max(1, store.municipalities.size);
    const size = Math.max(1, store.blocks.size) * nM;
    if (scratch.pairSeen.length < size) scratch.pairSeen = new Uint8Array(size);
    const seen = scratch.pairSeen;
    seen.fill(0, 0, size);
    const bc = store.block;
    const mc = store.municipality;
    for (let r = 0; r < n; r++) seen[bc[r]! * nM + mc[r]!] = 1;
    const pairs: Array<[string, string, number]> = [];
    for (let p = 0; p < size; p++)
      if (seen[p] === 1) pairs.push([store.blocks.values[Math.floor(p / nM)]!, store.municipalities.values[p % nM]!, p]);
    pairs.sort((a, b) => byString(a[0], b[0]) || byString(a[1], b[1]));
    const slotOfKey = new Int32Array(size).fill(-1);
    pairs.forEach((p, i) => (slotOfKey[p[2]] = i));
    return {
      kind: K_PAIR,
      dim: 0,
      col: bc,
      col2: mc,
      nM,
      slotOfKey,
      nSlots: pairs.length,
      keyOf: (s) => ({ block: pairs[s]![0], municipality: pairs[s]![1] }),
      isMunicipality: false,
    };
  }
  const [dict, col, refKeys] =
    by === 'block'
      ? [store.blocks, store.block, ref.blocks]
      : by === 'municipality'
        ? [store.municipalities, store.municipality, ref.municipalities.map((m) => m.oktmo)]
        : [store.channels, store.channel, ref.channels];
  const keys = singleKeys(dict, refKeys);
  const keyOf =
    by === 'block'
      ? (s: number) => ({ block: keys[s]!, municipality: null })
      : by === 'municipality'
        ? (s: number) => ({ block: null, municipality: keys[s]! })
        : (s: number) => ({ block: null, municipality: null, channel: keys[s]! });
  return {
    kind: K_SINGLE,
    dim: by === 'block' ? 0 : by === 'municipality' ? 1 : 2,
    col,
    col2: null,
    nM: 1,
    slotOfKey: slotMap(dict, keys),
    nSlots: keys.length,
    keyOf,
    isMunicipality: by === 'municipality',
  };
}

/** The slot of row r in a layout. */
function slotOf(l: Layout, r: number): number {
  return l.kind === K_REGION ? 0 : l.kind === K_SINGLE ? l.slotOfKey[l.col![r]!]! : l.slotOfKey[l.col![r]! * l.nM + l.col2![r]!]!;
}

/** Indicators of every group of one grouping (kpi.md). */
export function computeKpi(store: MessageStore, opts: KpiOptions): KpiResult {
  return computeKpiGroupings(store, opts, [opts.by])[opts.by]!;
}

/**
 * Indicators of every group of several groupings at once (the same numbers as computeKpi for
 * each): one pass over the rows tests each row against the windows once, and only the rows that
 * count somewhere (created in W or in the previous window, answered in W, open) find their groups.
 */
export function computeKpiGroupings(
  store: MessageStore,
  opts: Omit<KpiOptions, 'by'>,
  groupings: readonly Grouping[],
): Partial<Record<Grouping, KpiResult>> {
  const { from, to, now } = opts;
  const ref = opts.reference ?? EMPTY_REFERENCE;
  const layouts = groupings.map((by) => layoutFor(store, by, ref));
  const G = layouts.length;
  const accs = layouts.map((l) => new Float64Array(Math.max(1, l.nSlots) * F));
  const [prevFrom, prevTo] = prevWindow(from, to, now);
  const n = store.size;
  const created = store.createdAt;
  const due = store.dueAt;
  const first = store.firstResponseAt;
  const ans = store.answeredAt;
  const status = store.status;
  const rework = store.rework;
  const sat = store.satisfaction;
  // first-response durations of rows created in W, with their row
  let nd = 0;
  const durRow = scratchI32('durRow', n);
  const durVal = scratchF64('durVal', n);
  // Several groupings: each row counts once into its cell (block × municipality × channel, the
  // keys the groupings read), and the cells are summed into the groups of each grouping after the
  // pass. The sums are of whole numbers (counts, ratings 1..5), so the order of adding does not
  // change them: the same numbers as counting each grouping's rows directly (the path below).
  const needB = layouts.some((l) => l.kind === K_PAIR || (l.kind === K_SINGLE && l.dim === 0));
  const needM = layouts.some((l) => l.kind === K_PAIR || (l.kind === K_SINGLE && l.dim === 1));
  const needC = layouts.some((l) => l.kind === K_SINGLE && l.dim === 2);
  const nB = needB ? Math.max(1, store.blocks.size) : 1;
  const nM = needM ? Math.max(1, store.municipalities.size) : 1;
  const nC = needC ? Math.max(1, store.channels.size) : 1;
  const nCells = nB * nM * nC;
  const byCells = G > 1 && nCells <= MAX_CELLS;
  const cellAcc = byCells ? new Float64Array(nCells * F) : null;
  const mulB = needB ? nM * nC : 0;
  const mulM = needM ? nC : 0;
  const mulC = needC ? 1 : 0;
  const bc = store.block;
  const mc = store.municipality;
  const cc = store.channel;
  for (let r = 0; r < n; r++) {
    const c = created[r]!;
    const st = status[r]!;
    const inW = inWindow(c, from, to);
    const inPrev = !inW && inPrevWindow(c, prevFrom, prevTo);
    const a = ans[r]!;
    const inA = inWindow(a, from, to);
    const open = OPEN_MASK[st] === 1 && createdBy(c, now);
    if (!(inW || inPrev || inA || open)) continue;
    const done = DONE_MASK[st] === 1;
    if (cellAcc !== null) {
      const o = (bc[r]! * mulB + mc[r]! * mulM + cc[r]! * mulC) * F;
      if (inW) addCreated(cellAcc, o, 1, done);
      else if (inPrev) cellAcc[o + A_PREV]!++;
      if (inA) addAnswered(cellAcc, o, 1, a, due[r]!, rework[r]!, sat[r]!);
      if (open) addOpen(cellAcc, o, due[r]!, now);
    } else
      for (let g = 0; g < G; g++) {
        const acc = accs[g]!;
        const o = slotOf(layouts[g]!, r) * F;
        if (inW) addCreated(acc, o, 1, done);
        else if (inPrev) acc[o + A_PREV]!++;
        if (inA) addAnswered(acc, o, 1, a, due[r]!, rework[r]!, sat[r]!);
        if (open) addOpen(acc, o, due[r]!, now);
      }
    if (inW) {
      const fr = first[r]!;
      if (hasFirstResponse(fr)) {
        durRow[nd] = r;
        durVal[nd++] = fr - c;
      }
    }
  }
  if (cellAcc !== null) {
    for (let cell = 0; cell < nCells; cell++) {
      const oc = cell * F;
      let any = false;
      for (let f = 0; f < F; f++) if (cellAcc[oc + f] !== 0) any = true;
      if (!any) continue;
      const b = needB ? Math.floor(cell / (nM * nC)) : 0;
      const m = needM ? Math.floor(cell / nC) % nM : 0;
      const ch = cell % nC;
      for (let g = 0; g < G; g++) {
        const l = layouts[g]!;
        const slot =
          l.kind === K_REGION ? 0 : l.kind === K_PAIR ? l.slotOfKey[b * l.nM + m]! : l.slotOfKey[l.dim === 0 ? b : l.dim === 1 ? m : ch]!;
        const acc = accs[g]!;
        const o = slot * F;
        for (let f = 0; f < F; f++) acc[o + f]! += cellAcc[oc + f]!;
      }
    }
  }
  const out: Partial<Record<Grouping, KpiResult>> = {};
  const durSlot = scratchI32('durSlot', nd);
  for (let g = 0; g < G; g++) {
    const layout = layouts[g]!;
    for (let i = 0; i < nd; i++) durSlot[i] = slotOf(layout, durRow[i]!);
    const medians = groupedMedians(durSlot, durVal, nd, layout.nSlots);
    const pop = layout.isMunicipality ? populationMap(ref) : null;
    const acc = accs[g]!;
    const groups: KpiGroup[] = [];
    for (let s = 0; s < layout.nSlots; s++) {
      const keys = layout.keyOf(s);
      groups.push(finishGroup(keys, acc, s * F, medians[s]!, pop && keys.municipality !== null ? (pop.get(keys.municipality) ?? null) : null));
    }
    out[groupings[g]!] = {
      from: opts.fromText ?? toIso(from),
      to: opts.toText ?? toIso(to),
      now: opts.nowText ?? toIso(now),
      groups,
    };
  }
  return out;
}

/** Medians (minutes) per slot of (slot, value) pairs: a counting sort by slot, then quickselect. */
function groupedMedians(slots: Int32Array, vals: Float64Array, nd: number, nSlots: number): Array<number | null> {
  const start = new Int32Array(nSlots + 1);
  for (let i = 0; i < nd; i++) start[slots[i]! + 1]!++;
  for (let s = 0; s < nSlots; s++) start[s + 1]! += start[s]!;
  const fill = start.slice(0, nSlots);
  const grouped = scratchF64('grouped', nd);
  for (let i = 0; i < nd; i++) grouped[fill[slots[i]!]!++] = vals[i]!;
  const out: Array<number | null> = [];
  for (let s = 0; s < nSlots; s++) out.push(medianMinutes(grouped, start[s]!, start[s + 1]!));
  return out;
}
