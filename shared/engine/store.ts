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
  /** Row of each id; null until first needed after a deserialize (built from `ids` then). */
  private rowIndex: Map<string, number> | null = new Map();
  private get rowOf(): Map<string, number> {
    let m = this.rowIndex;
    if (m === null) {
      m = new Map();
      for (let i = 0; i < this.n; i++) m.set(this.ids[i]!, i);
      this.rowIndex = m;
    }
    return m;
  }

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

  /** Indexes rows 0..n-1 of a store whose indices are empty: as `index` on each row, in bulk. */
  private reindexAll(): void {
    const n = this.n;
    const pairs: [Dict, Uint16Array][] = [
      [this.blocks, this.block],
      [this.municipalities, this.municipality],
      [this.channels, this.channel],
      [this.categories, this.category],
    ];
    for (const [d, col] of pairs) {
      const c = d.counts;
      for (let i = 0; i < n; i++) c[col[i]!]!++;
    }
    const st = this.status;
    for (let i = 0; i < n; i++) if (OPEN_MASK[st[i]!]) this.openPos[i] = this.openList.push(this, i);
    this.byCreated.rebuild(this.createdAt, n);
    this.byAnswered.rebuild(this.answeredAt, n);
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

  // ---- snapshot (binary serialisation) ---------------------------------------------------------

  /**
   * The store as one compact binary (see SNAPSHOT_FORMAT below): the columns sliced to size, the
   * dictionaries and the ids. The indices (open rows, hour buckets, use counts) are not stored:
   * `deserialize` rebuilds them from the columns. Throws when the ids cannot be stored exactly
   * (an id with a lone surrogate half, which UTF-8 cannot carry).
   */
  serialize(): Uint8Array {
    const n = this.n;
    const joined = this.ids.join('');
    if (LONE_SURROGATE.test(joined)) throw new SnapshotError('идентификатор с одиночным суррогатом: снимок невозможен');
    const enc = new TextEncoder();
    const idBytes = enc.encode(joined);
    const dictBytes = enc.encode(
      JSON.stringify([this.blocks.values, this.municipalities.values, this.channels.values, this.categories.values]),
    );
    const lay = snapshotLayout(n, dictBytes.length, idBytes.length);
    const buf = new ArrayBuffer(lay.total);
    const head = new Uint32Array(buf, 0, HEADER_WORDS);
    head[0] = SNAPSHOT_MAGIC;
    head[1] = SNAPSHOT_FORMAT;
    head[2] = BYTE_ORDER_MARK;
    head[3] = n;
    head[4] = dictBytes.length;
    head[5] = idBytes.length;
    head[7] = lay.total;
    for (const [name] of F64_COLUMNS) new Float64Array(buf, lay.at[name], n).set(this[name].subarray(0, n));
    for (const [name] of F32_COLUMNS) new Float32Array(buf, lay.at[name], n).set(this[name].subarray(0, n));
    for (const [name] of U16_COLUMNS) new Uint16Array(buf, lay.at[name], n).set(this[name].subarray(0, n));
    for (const [name] of U8_COLUMNS) new Uint8Array(buf, lay.at[name], n).set(this[name].subarray(0, n));
    const lens = new Uint32Array(buf, lay.idLens, n);
    for (let i = 0; i < n; i++) lens[i] = this.ids[i]!.length;
    new Uint8Array(buf, lay.dict, dictBytes.length).set(dictBytes);
    new Uint8Array(buf, lay.idText, idBytes.length).set(idBytes);
    head[6] = checksum(buf);
    return new Uint8Array(buf);
  }

  /**
   * The store back from `serialize`'s bytes (any byte offset). Throws SnapshotError on anything
   * unexpected — another format version, a foreign byte order, a size or checksum mismatch,
   * a dictionary index or status out of range — so that a caller can fall back to
   * building the store from its source. `headroom` rows of capacity are added for later inserts.
   */
  static deserialize(bytes: Uint8Array | ArrayBuffer, headroom = 1024): MessageStore {
    let u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (u8.byteOffset % 8 !== 0) u8 = u8.slice(); // typed views need aligned offsets
    const buf = u8.buffer;
    const base = u8.byteOffset;
    const bad = (why: string) => new SnapshotError(`снимок хранилища повреждён: ${why}`);
    if (u8.byteLength < HEADER_WORDS * 4) throw bad('короче заголовка');
    const head = new Uint32Array(buf, base, HEADER_WORDS);
    if (head[0] !== SNAPSHOT_MAGIC) throw bad('не снимок');
    if (head[2] !== BYTE_ORDER_MARK) throw new SnapshotError('снимок с другим порядком байтов');
    if (head[1] !== SNAPSHOT_FORMAT)
      throw new SnapshotError(`снимок формата ${head[1]}, эта сборка читает формат ${SNAPSHOT_FORMAT}`);
    const n = head[3]!;
    const lay = snapshotLayout(n, head[4]!, head[5]!);
    if (head[7] !== lay.total || u8.byteLength !== lay.total) throw bad('размер не сходится');
    if (checksum(buf, base, lay.total) !== head[6]) throw bad('контрольная сумма не сходится');

    const dec = new TextDecoder('utf-8', { fatal: true });
    let dicts: unknown;
    let joined: string;
    try {
      dicts = JSON.parse(dec.decode(new Uint8Array(buf, base + lay.dict, head[4]!)));
      joined = dec.decode(new Uint8Array(buf, base + lay.idText, head[5]!));
    } catch {
      throw bad('словари или идентификаторы не читаются');
    }
    if (!Array.isArray(dicts) || dicts.length !== 4 || !dicts.every((d) => Array.isArray(d) && d.every((v) => typeof v === 'string')))
      throw bad('словари не того вида');

    const s = new MessageStore(n + Math.max(0, headroom));
    const [blocks, municipalities, channels, categories] = dicts as string[][];
    const dictOf: Record<(typeof U16_COLUMNS)[number][0], [Dict, string[]] | null> = {
      rework: null,
      block: [s.blocks, blocks!],
      municipality: [s.municipalities, municipalities!],
      channel: [s.channels, channels!],
      category: [s.categories, categories!],
    };
    for (const [name] of U16_COLUMNS) {
      const col = new Uint16Array(buf, base + lay.at[name], n);
      const d = dictOf[name];
      if (d) {
        for (const v of d[1]) d[0].intern(v);
        if (d[0].size !== d[1].length) throw bad('повтор в словаре');
        const size = d[0].size;
        for (let i = 0; i < n; i++) if (col[i]! >= size) throw bad(`индекс словаря вне диапазона (${name})`);
      }
      s[name].set(col);
    }
    for (const [name] of F64_COLUMNS) s[name].set(new Float64Array(buf, base + lay.at[name], n));
    for (const [name] of F32_COLUMNS) s[name].set(new Float32Array(buf, base + lay.at[name], n));
    for (const [name] of U8_COLUMNS) s[name].set(new Uint8Array(buf, base + lay.at[name], n));
    for (let i = 0; i < n; i++) if (s.status[i]! >= STATUSES.length) throw bad('статус вне диапазона');

    const lens = new Uint32Array(buf, base + lay.idLens, n);
    const ids: string[] = new Array<string>(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const end = at + lens[i]!;
      if (end > joined.length) throw bad('длины идентификаторов не сходятся');
      ids[i] = joined.slice(at, end);
      at = end;
    }
    if (at !== joined.length) throw bad('длины идентификаторов не сходятся');
    s.ids = ids;
    s.n = n;
    // The id → row map costs most of a load (a million string keys): it is built on the first
    // lookup (an upsert, a removal, getRow), so that the wall can draw first.
    s.rowIndex = null;
    s.reindexAll();
    return s;
  }

  /**
   * A store of n rows from columns filled by `fill` (rows 0..n-1 of every column; the dictionary
   * indices refer to `dicts` = [blocks, municipalities, channels, categories]), indexed in bulk as
   * after a deserialize. For the as-of engine (shared/engine/history.ts), which gathers states.
   */
  static fromColumns(
    n: number,
    ids: string[],
    dicts: readonly [readonly string[], readonly string[], readonly string[], readonly string[]],
    fill: (s: MessageStore) => void,
    headroom = 1024,
  ): MessageStore {
    const s = new MessageStore(n + Math.max(0, headroom));
    const [b, m, c, k] = dicts;
    for (const v of b) s.blocks.intern(v);
    for (const v of m) s.municipalities.intern(v);
    for (const v of c) s.channels.intern(v);
    for (const v of k) s.categories.intern(v);
    fill(s);
    s.ids = ids;
    s.n = n;
    s.rowIndex = null;
    s.reindexAll();
    return s;
  }

  /** Bulk load. */
  static from(messages: Iterable<NormalizedMessage>, capacity?: number): MessageStore {
    const s = new MessageStore(capacity);
    for (const m of messages) s.upsert(m);
    return s;
  }
}

// ---- snapshot format ---------------------------------------------------------------------------

/** A snapshot that cannot be read (corrupt, another format, another byte order) or written. */
export class SnapshotError extends Error {}

/**
 * Snapshot format 1. A header of 16 little-or-native-endian u32 words:
 *   0 magic 'SWMS', 1 format, 2 byte-order mark 0x01020304 (as written by this machine), 3 rows n,
 *   4 dictionary bytes, 5 id bytes, 6 checksum of the bytes after the header, 7 total bytes,
 *   8..15 zero;
 * then, each section at an 8-byte aligned offset: the f64 columns (rev, createdAt, dueAt,
 * firstResponseAt, answeredAt, weight), the f32 columns (lat, lon), the UTF-16 length of each id
 * (u32), the u16 columns (rework, block, municipality, channel, category), the u8 columns (status,
 * satisfaction), the dictionaries as UTF-8 JSON [blocks, municipalities, channels, categories],
 * and the ids joined as one UTF-8 string. Bump SNAPSHOT_FORMAT on any change of this layout:
 * readers refuse every other format (and their caller rebuilds from the source).
 */
export const SNAPSHOT_FORMAT = 1;
const SNAPSHOT_MAGIC = 0x534d5753; // 'SWMS' read as little-endian u32
const BYTE_ORDER_MARK = 0x01020304;
const HEADER_WORDS = 16;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const F64_COLUMNS = [
  ['rev', 8],
  ['createdAt', 8],
  ['dueAt', 8],
  ['firstResponseAt', 8],
  ['answeredAt', 8],
  ['weight', 8],
] as const;
const F32_COLUMNS = [
  ['lat', 4],
  ['lon', 4],
] as const;
const U16_COLUMNS = [
  ['rework', 2],
  ['block', 2],
  ['municipality', 2],
  ['channel', 2],
  ['category', 2],
] as const;
const U8_COLUMNS = [
  ['status', 1],
  ['satisfaction', 1],
] as const;
type ColumnName =
  | (typeof F64_COLUMNS)[number][0]
  | (typeof F32_COLUMNS)[number][0]
  | (typeof U16_COLUMNS)[number][0]
  | (typeof U8_COLUMNS)[number][0];

const align8 = (x: number) => (x + 7) & ~7;

function snapshotLayout(n: number, dictBytes: number, idBytes: number) {
  let off = HEADER_WORDS * 4;
  const at = {} as Record<ColumnName, number>;
  for (const [name, size] of [...F64_COLUMNS, ...F32_COLUMNS]) {
    at[name] = off;
    off = align8(off + n * size);
  }
  const idLens = off;
  off = align8(off + n * 4);
  for (const [name, size] of [...U16_COLUMNS, ...U8_COLUMNS]) {
    at[name] = off;
    off = align8(off + n * size);
  }
  const dict = off;
  off = align8(off + dictBytes);
  const idText = off;
  off = align8(off + idBytes);
  return { at, idLens, dict, idText, total: off };
}

/** A 32-bit hash of the words after the header (the total is a multiple of 8). */
function checksum(buf: ArrayBufferLike, base = 0, total = buf.byteLength): number {
  const w = new Int32Array(buf, base + HEADER_WORDS * 4, (total - HEADER_WORDS * 4) >> 2);
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 | 0;
  const len = w.length & ~1;
  for (let i = 0; i < len; i += 2) {
    h1 = Math.imul(h1 ^ w[i]!, 0x9e3779b1);
    h2 = Math.imul(h2 ^ w[i + 1]!, 0x85ebca77);
  }
  if (len < w.length) h1 = Math.imul(h1 ^ w[len]!, 0x9e3779b1);
  return (h1 ^ Math.imul(h2, 0xc2b2ae3d) ^ (h1 >>> 15)) >>> 0;
}
