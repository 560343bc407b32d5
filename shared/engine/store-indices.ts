/**
 * The indices of the engine's MessageStore (shared/engine/store.ts), each kept up to date on every
 * change of a row: interned string dictionaries with use counts, the dense copy of the open rows,
 * and rows grouped by the hour of a time column. Pure and isomorphic.
 */
import { HOUR } from '../model.js';

/** The store's columns that the open-row index copies. */
export interface OpenColumns {
  readonly createdAt: Float64Array;
  readonly dueAt: Float64Array;
  readonly weight: Float64Array;
  readonly rework: Uint16Array;
  readonly block: Uint16Array;
  readonly municipality: Uint16Array;
  readonly category: Uint16Array;
}

const MAX_DICT = 0xffff;

/** An interned string dictionary with per-entry use counts. */
export class Dict {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  /** counts[i]: how many current rows use values[i]. */
  counts = new Int32Array(16);

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      if (i >= MAX_DICT) throw new Error(`слишком много различных значений в словаре (больше ${MAX_DICT})`);
      this.values.push(s);
      this.index.set(s, i);
      if (i >= this.counts.length) {
        const c = new Int32Array(this.counts.length * 2);
        c.set(this.counts);
        this.counts = c;
      }
    }
    return i;
  }
  lookup(s: string): number | undefined {
    return this.index.get(s);
  }
  get size(): number {
    return this.values.length;
  }
  /** Values used by at least one current row. */
  present(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.values.length; i++) if (this.counts[i]! > 0) out.push(this.values[i]!);
    return out;
  }
}

/** A growable list of rows. */
class RowList {
  rows: Int32Array;
  n = 0;
  constructor(cap = 8) {
    this.rows = new Int32Array(cap);
  }
  push(row: number): number {
    if (this.n === this.rows.length) {
      const r = new Int32Array(this.rows.length * 2);
      r.set(this.rows);
      this.rows = r;
    }
    this.rows[this.n] = row;
    return this.n++;
  }
}

/**
 * The open rows, with a dense copy of the fields that the states at `now` (open, overdue, the
 * queue) read: a pass over the open rows reads these arrays in order instead of touching a few
 * cache lines per row scattered over a million rows.
 */
export class OpenIndex {
  n = 0;
  rows = new Int32Array(1024);
  created = new Float64Array(1024);
  due = new Float64Array(1024);
  weight = new Float64Array(1024);
  rework = new Uint16Array(1024);
  block = new Uint16Array(1024);
  municipality = new Uint16Array(1024);
  category = new Uint16Array(1024);

  private grow(): void {
    const cap = this.rows.length * 2;
    const g = <T extends Int32Array | Float64Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.rows = g(this.rows, (k) => new Int32Array(k));
    this.created = g(this.created, (k) => new Float64Array(k));
    this.due = g(this.due, (k) => new Float64Array(k));
    this.weight = g(this.weight, (k) => new Float64Array(k));
    this.rework = g(this.rework, (k) => new Uint16Array(k));
    this.block = g(this.block, (k) => new Uint16Array(k));
    this.municipality = g(this.municipality, (k) => new Uint16Array(k));
    this.category = g(this.category, (k) => new Uint16Array(k));
  }
  /** Appends a row (its fields read from the store's columns); returns its position. */
  push(s: OpenColumns, row: number): number {
    if (this.n === this.rows.length) this.grow();
    const p = this.n++;
    this.rows[p] = row;
    this.created[p] = s.createdAt[row]!;
    this.due[p] = s.dueAt[row]!;
    this.weight[p] = s.weight[row]!;
    this.rework[p] = s.rework[row]!;
    this.block[p] = s.block[row]!;
    this.municipality[p] = s.municipality[row]!;
    this.category[p] = s.category[row]!;
    return p;
  }
  /** Removes position p by moving the last one there; returns the row moved to p (or -1). */
  removeAt(p: number): number {
    const last = --this.n;
    if (p === last) return -1;
    this.rows[p] = this.rows[last]!;
    this.created[p] = this.created[last]!;
    this.due[p] = this.due[last]!;
    this.weight[p] = this.weight[last]!;
    this.rework[p] = this.rework[last]!;
    this.block[p] = this.block[last]!;
    this.municipality[p] = this.municipality[last]!;
    this.category[p] = this.category[last]!;
    return this.rows[p]!;
  }
}

/**
 * Rows grouped by the hour of a time column; each row knows its position in its bucket (pos),
 * so insert, remove and move are O(1).
 */
export class HourBuckets {
  readonly buckets = new Map<number, RowList>();
  pos: Int32Array;
  constructor(cap: number) {
    this.pos = new Int32Array(cap).fill(-1);
  }
  grow(cap: number): void {
    const p = new Int32Array(cap).fill(-1);
    p.set(this.pos);
    this.pos = p;
  }
  insert(row: number, t: number): void {
    if (t !== t) return; // NaN: not indexed
    const key = Math.floor(t / HOUR);
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new RowList()));
    this.pos[row] = b.push(row);
  }
  remove(row: number, t: number): void {
    if (t !== t) return;
    const key = Math.floor(t / HOUR);
    const b = this.buckets.get(key)!;
    const p = this.pos[row]!;
    const last = b.rows[--b.n]!;
    if (last !== row) {
      b.rows[p] = last;
      this.pos[last] = p;
    }
    this.pos[row] = -1;
    if (b.n === 0) this.buckets.delete(key);
  }
  /**
   * Indexes rows 0..n-1 of an empty index at once (after a deserialize): the same buckets, rows and
   * bucket order as inserting them one by one in row order, without a Map lookup per row.
   */
  rebuild(times: Float64Array, n: number): void {
    if (this.buckets.size !== 0) throw new Error('HourBuckets.rebuild: the index is not empty');
    let lo = Infinity;
    let hi = -Infinity;
    for (let row = 0; row < n; row++) {
      const t = times[row]!;
      if (t !== t) continue;
      const k = Math.floor(t / HOUR);
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
    if (lo > hi) return;
    const range = hi - lo + 1;
    if (range > 4 * n + 4096) {
      for (let row = 0; row < n; row++) this.insert(row, times[row]!);
      return;
    }
    const counts = new Int32Array(range);
    for (let row = 0; row < n; row++) {
      const t = times[row]!;
      if (t === t) counts[Math.floor(t / HOUR) - lo]!++;
    }
    const lists: (RowList | undefined)[] = new Array<RowList | undefined>(range);
    const pos = this.pos;
    for (let row = 0; row < n; row++) {
      const t = times[row]!;
      if (t !== t) continue;
      const k = Math.floor(t / HOUR);
      let b = lists[k - lo];
      if (b === undefined) {
        b = lists[k - lo] = new RowList(counts[k - lo]!);
        this.buckets.set(k, b);
      }
      pos[row] = b.n;
      b.rows[b.n++] = row;
    }
  }

  /** The row `from` (indexed with time t) is now row `to`. */
  move(from: number, to: number, t: number): void {
    if (t !== t) return;
    const b = this.buckets.get(Math.floor(t / HOUR))!;
    const p = this.pos[from]!;
    b.rows[p] = to;
    this.pos[to] = p;
    this.pos[from] = -1;
  }
  /**
   * Calls fn for every row whose time may lie in [lo, hi): all rows of the buckets overlapping
   * the range (callers still check the exact time).
   */
  forEachCandidate(lo: number, hi: number, fn: (row: number) => void): void {
    if (!(hi > lo)) return;
    const k0 = Math.floor(lo / HOUR);
    const k1 = Math.ceil(hi / HOUR) - 1;
    if (k1 - k0 + 1 > this.buckets.size * 2) {
      for (const [k, b] of this.buckets) if (k >= k0 && k <= k1) for (let i = 0; i < b.n; i++) fn(b.rows[i]!);
      return;
    }
    for (let k = k0; k <= k1; k++) {
      const b = this.buckets.get(k);
      if (b) for (let i = 0; i < b.n; i++) fn(b.rows[i]!);
    }
  }
}
