/**
 * MessageStore: an in-memory, columnar mirror of the cache's current messages, for the indicator
 * engine (kpi.md). One row per message; columns are typed arrays that grow by doubling.
 *
 * - Instants are epoch ms in Float64Array, NaN for null.
 * - status is the index in STATUSES (Uint8); satisfaction 0 = null; lat/lon NaN = no location.
 * - block / municipality / channel / category are interned: Uint16 indices into string
 *   dictionaries that only grow (`dict(...).values`); `dictCount` tells how many current rows use
 *   each entry, so "values present in the data" is exact after removals.
 * - Removal is swap-remove: the last row moves into the hole. Row numbers are therefore not stable
 *   across removals; ids are.
 * - Indices kept up to date on every change: the set of open rows (small), and hourly buckets of
 *   rows by createdAt and by answeredAt, so that a window touches only its rows.
 *
 * The store does not check revs: the cache applied the rev rules; the store mirrors the cache.
 * Pure and isomorphic.
 */
import { STATUSES, type Status } from '../schema.js';
import { HOUR, type NormalizedMessage } from '../model.js';

export const STATUS_INDEX: Readonly<Record<Status, number>> = Object.fromEntries(
  STATUSES.map((s, i) => [s, i]),
) as Record<Status, number>;
/** 1 at the index of an open status (new, in_progress, rework). */
export const OPEN_MASK = Uint8Array.from(STATUSES, (s) => (s === 'new' || s === 'in_progress' || s === 'rework' ? 1 : 0));
/** 1 at the index of a done status (answered, closed). */
export const DONE_MASK = Uint8Array.from(STATUSES, (s) => (s === 'answered' || s === 'closed' ? 1 : 0));

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
  push(s: MessageStore, row: number): number {
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

function growF64(a: Float64Array, cap: number): Float64Array {
  const r = new Float64Array(cap);
  r.set(a);
  return r;
}
function growF32(a: Float32Array, cap: number): Float32Array {
  const r = new Float32Array(cap);
  r.set(a);
  return r;
}
function growU16(a: Uint16Array, cap: number): Uint16Array {
  const r = new Uint16Array(cap);
  r.set(a);
  return r;
}
function growU8(a: Uint8Array, cap: number): Uint8Array {
  const r = new Uint8Array(cap);
  r.set(a);
  return r;
}

export class MessageStore {
  private n = 0;
  private cap: number;

  ids: string[] = [];
  private readonly rowOf = new Map<string, number>();

  rev: Float64Array;
  createdAt: Float64Array;
  dueAt: Float64Array;
  firstResponseAt: Float64Array;
  answeredAt: Float64Array;
  status: Uint8Array;
  rework: Uint16Array;
  weight: Float64Array;
  /** 1..5, 0 = none. */
  satisfaction: Uint8Array;
  lat: Float32Array;
  lon: Float32Array;
  block: Uint16Array;
  municipality: Uint16Array;
  channel: Uint16Array;
  category: Uint16Array;

  readonly blocks = new Dict();
  readonly municipalities = new Dict();
  readonly channels = new Dict();
  readonly categories = new Dict();

  /** Open rows (status new / in_progress / rework), in no particular order: openList.rows[0..openList.n). */
  readonly openList = new OpenIndex();
  /** Position of a row in openList, -1 when not open. */
  private openPos: Int32Array;

  /** Rows by hour of createdAt / answeredAt. */
  readonly byCreated: HourBuckets;
  readonly byAnswered: HourBuckets;

  /** Incremented on every change: lets caches of derived data notice a change. */
  version = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.cap = cap;
    this.rev = new Float64Array(cap);
    this.createdAt = new Float64Array(cap);
    this.dueAt = new Float64Array(cap);
    this.firstResponseAt = new Float64Array(cap);
    this.answeredAt = new Float64Array(cap);
    this.status = new Uint8Array(cap);
    this.rework = new Uint16Array(cap);
    this.weight = new Float64Array(cap);
    this.satisfaction = new Uint8Array(cap);
    this.lat = new Float32Array(cap);
    this.lon = new Float32Array(cap);
    this.block = new Uint16Array(cap);
    this.municipality = new Uint16Array(cap);
    this.channel = new Uint16Array(cap);
    this.category = new Uint16Array(cap);
    this.openPos = new Int32Array(cap).fill(-1);
    this.byCreated = new HourBuckets(cap);
    this.byAnswered = new HourBuckets(cap);
  }

  get size(): number {
    return this.n;
  }

  getRow(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  private grow(): void {
    const cap = this.cap * 2;
    this.rev = growF64(this.rev, cap);
    this.createdAt = growF64(this.createdAt, cap);
    this.dueAt = growF64(this.dueAt, cap);
    this.firstResponseAt = growF64(this.firstResponseAt, cap);
    this.answeredAt = growF64(this.answeredAt, cap);
    this.status = growU8(this.status, cap);
    this.rework = growU16(this.rework, cap);
    this.weight = growF64(this.weight, cap);
    this.satisfaction = growU8(this.satisfaction, cap);
    this.lat = growF32(this.lat, cap);
    this.lon = growF32(this.lon, cap);
    this.block = growU16(this.block, cap);
    this.municipality = growU16(this.municipality, cap);
    this.channel = growU16(this.channel, cap);
    this.category = growU16(this.category, cap);
    const op = new Int32Array(cap).fill(-1);
    op.set(this.openPos);
    this.openPos = op;
    this.byCreated.grow(cap);
    this.byAnswered.grow(cap);
    this.cap = cap;
  }

  /** Inserts the message, or replaces the row of the same id; returns its row. */
  upsert(m: NormalizedMessage): number {
    let row = this.rowOf.get(m.id);
    if (row === undefined) {
      if (this.n === this.cap) this.grow();
      row = this.n++;
      this.ids[row] = m.id;
      this.rowOf.set(m.id, row);
    } else {
      this.unindex(row);
    }
    this.version++;
    this.rev[row] = m.rev;
    this.createdAt[row] = m.createdAt;
    this.dueAt[row] = m.dueAt;
    this.firstResponseAt[row] = m.firstResponseAt ?? NaN;
    this.answeredAt[row] = m.answeredAt ?? NaN;
    this.status[row] = STATUS_INDEX[m.status];
    this.rework[row] = Math.min(m.reworkCount, 0xffff);
    this.weight[row] = m.weight;
    this.satisfaction[row] = m.satisfaction ?? 0;
    const hasLoc = m.lat !== null && m.lon !== null;
    this.lat[row] = hasLoc ? m.lat! : NaN;
    this.lon[row] = hasLoc ? m.lon! : NaN;
    const b = this.blocks.intern(m.block);
    const mu = this.municipalities.intern(m.municipality);
    const ch = this.channels.intern(m.channel);
    const ca = this.categories.intern(m.category);
    this.block[row] = b;
    this.municipality[row] = mu;
    this.channel[row] = ch;
    this.category[row] = ca;
    this.index(row);
    return row;
  }

  /** Adds a row to the indices and use counts (its columns are set). */
  private index(row: number): void {
    this.blocks.counts[this.block[row]!]!++;
    this.municipalities.counts[this.municipality[row]!]!++;
    this.channels.counts[this.channel[row]!]!++;
    this.categories.counts[this.category[row]!]!++;
    if (OPEN_MASK[this.status[row]!]) this.openPos[row] = this.openList.push(this, row);
    this.byCreated.insert(row, this.createdAt[row]!);
    this.byAnswered.insert(row, this.answeredAt[row]!);
  }

  /** Removes a row from the indices and use counts (its columns still hold the old values). */
  private unindex(row: number): void {
    this.blocks.counts[this.block[row]!]!--;
    this.municipalities.counts[this.municipality[row]!]!--;
    this.channels.counts[this.channel[row]!]!--;
    this.categories.counts[this.category[row]!]!--;
    const p = this.openPos[row]!;
    if (p >= 0) {
      const moved = this.openList.removeAt(p);
      if (moved >= 0) this.openPos[moved] = p;
      this.openPos[row] = -1;
    }
    this.byCreated.remove(row, this.createdAt[row]!);
    this.byAnswered.remove(row, this.answeredAt[row]!);
  }

  /** Removes the message of this id; false when it is not held. */
  remove(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    this.version++;
    this.unindex(row);
    this.rowOf.delete(id);
    const last = --this.n;
    if (row !== last) {
      // Move the last row into the hole.
      const lastId = this.ids[last]!;
      this.ids[row] = lastId;
      this.rowOf.set(lastId, row);
      this.rev[row] = this.rev[last]!;
      this.createdAt[row] = this.createdAt[last]!;
      this.dueAt[row] = this.dueAt[last]!;
      this.firstResponseAt[row] = this.firstResponseAt[last]!;
      this.answeredAt[row] = this.answeredAt[last]!;
      this.status[row] = this.status[last]!;
      this.rework[row] = this.rework[last]!;
      this.weight[row] = this.weight[last]!;
      this.satisfaction[row] = this.satisfaction[last]!;
      this.lat[row] = this.lat[last]!;
      this.lon[row] = this.lon[last]!;
      this.block[row] = this.block[last]!;
      this.municipality[row] = this.municipality[last]!;
      this.channel[row] = this.channel[last]!;
      this.category[row] = this.category[last]!;
      const p = this.openPos[last]!;
      if (p >= 0) {
        this.openList.rows[p] = row;
        this.openPos[row] = p;
        this.openPos[last] = -1;
      }
      this.byCreated.move(last, row, this.createdAt[row]!);
      this.byAnswered.move(last, row, this.answeredAt[row]!);
    }
    this.ids.length = this.n;
    return true;
  }

  /** Removes every row. */
  clear(): void {
    for (let i = this.n - 1; i >= 0; i--) this.remove(this.ids[i]!);
  }

  /** The row back in the normalised shape. */
  toNormalized(row: number): NormalizedMessage {
    if (row < 0 || row >= this.n) throw new RangeError(`нет строки ${row}`);
    const num = (x: number): number | null => (x === x ? x : null);
    const lat = this.lat[row]!;
    const lon = this.lon[row]!;
    const hasLoc = lat === lat && lon === lon;
    return {
      id: this.ids[row]!,
      rev: this.rev[row]!,
      channel: this.channels.values[this.channel[row]!]!,
      municipality: this.municipalities.values[this.municipality[row]!]!,
      block: this.blocks.values[this.block[row]!]!,
      category: this.categories.values[this.category[row]!]!,
      createdAt: this.createdAt[row]!,
      dueAt: this.dueAt[row]!,
      firstResponseAt: num(this.firstResponseAt[row]!),
      answeredAt: num(this.answeredAt[row]!),
      status: STATUSES[this.status[row]!]!,
      reworkCount: this.rework[row]!,
      weight: this.weight[row]!,
      satisfaction: this.satisfaction[row]! || null,
      lat: hasLoc ? lat : null,
      lon: hasLoc ? lon : null,
    };
  }

  /** Bulk load. */
  static from(messages: Iterable<NormalizedMessage>, capacity?: number): MessageStore {
    const s = new MessageStore(capacity);
    for (const m of messages) s.upsert(m);
    return s;
  }
}
