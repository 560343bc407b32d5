/**
 * MessageStore: an in-memory, columnar mirror of the cache's current messages, for the indicator
 * engine (docs/spec/kpi.md). One row per message; columns are typed arrays that grow by doubling.
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
 * Pure and isomorphic. The indices live in store-indices.ts, the snapshot's bytes in
 * snapshot-codec.ts (both re-exported here: callers import the store from this file).
 */
import { STATUSES, type Status } from '../schema.js';
import type { NormalizedMessage } from '../model.js';
import { Dict, HourBuckets, OpenIndex } from './store-indices.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';

export { SNAPSHOT_FORMAT, SnapshotError } from './snapshot-codec.js';
export { Dict, HourBuckets, OpenIndex } from './store-indices.js';

export const STATUS_INDEX: Readonly<Record<Status, number>> = Object.fromEntries(
  STATUSES.map((s, i) => [s, i]),
) as Record<Status, number>;
/** 1 at the index of an open status (new, in_progress, rework). */
export const OPEN_MASK = Uint8Array.from(STATUSES, (s) => (s === 'new' || s === 'in_progress' || s === 'rework' ? 1 : 0));
/** 1 at the index of a done status (answered, closed). */
export const DONE_MASK = Uint8Array.from(STATUSES, (s) => (s === 'answered' || s === 'closed' ? 1 : 0));

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

  /**
   * Rows by hour of createdAt / answeredAt. Built on first use after a bulk load (deserialize,
   * fromColumns): a store of the states at an instant (the as-of engine) that is only counted
   * (computeKpi, the queue, heat points) never pays for them. Until built, changes skip them (the
   * build reads the columns as they then are).
   */
  private bc: HourBuckets | null;
  private ba: HourBuckets | null;
  get byCreated(): HourBuckets {
    if (this.bc === null) {
      this.bc = new HourBuckets(this.cap);
      this.bc.rebuild(this.createdAt, this.n);
    }
    return this.bc;
  }
  get byAnswered(): HourBuckets {
    if (this.ba === null) {
      this.ba = new HourBuckets(this.cap);
      this.ba.rebuild(this.answeredAt, this.n);
    }
    return this.ba;
  }

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
    this.bc = new HourBuckets(cap);
    this.ba = new HourBuckets(cap);
  }

  get size(): number {
    return this.n;
  }

  /**
   * The row of an id as the owner of a bulk-loaded store knows it (the as-of engine: the message's
   * index → its row), instead of the id → row map, which costs a million string keys to build.
   * Dropped by the first change made by id (upsert, remove); the owner keeps it true through the
   * row methods (appendRow, replaceRow, removeRow).
   */
  private lookupRow: ((id: string) => number | undefined) | null = null;

  getRow(id: string): number | undefined {
    return this.lookupRow !== null ? this.lookupRow(id) : this.rowOf.get(id);
  }

  has(id: string): boolean {
    return this.getRow(id) !== undefined;
  }

  private dropLookup(): void {
    if (this.lookupRow !== null) {
      this.lookupRow = null;
      this.rowIndex = null;
    }
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
    this.bc?.grow(cap);
    this.ba?.grow(cap);
    this.cap = cap;
  }

  /** Inserts the message, or replaces the row of the same id; returns its row. */
  upsert(m: NormalizedMessage): number {
    this.dropLookup();
    const row = this.rowOf.get(m.id);
    if (row === undefined) return this.appendRow(m);
    this.replaceRow(row, m);
    return row;
  }

  /**
   * Appends a message whose id the store does not hold (the caller knows it: no lookup by id, so
   * a store loaded in bulk does not build its id → row map for it); returns its row.
   */
  appendRow(m: NormalizedMessage): number {
    if (this.n === this.cap) this.grow();
    const row = this.n++;
    this.ids[row] = m.id;
    this.rowIndex?.set(m.id, row);
    this.write(row, m);
    return row;
  }

  /** Replaces row `row` by a message of the same id (no lookup by id). */
  replaceRow(row: number, m: NormalizedMessage): void {
    if (row < 0 || row >= this.n || this.ids[row] !== m.id) throw new RangeError(`строка ${row} — не сообщение ${m.id}`);
    this.unindex(row);
    this.write(row, m);
  }

  /** The columns and indices of a row from a message (the row is not indexed). */
  private write(row: number, m: NormalizedMessage): void {
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
  }

  /** Adds a row to the indices and use counts (its columns are set). */
  private index(row: number): void {
    this.blocks.counts[this.block[row]!]!++;
    this.municipalities.counts[this.municipality[row]!]!++;
    this.channels.counts[this.channel[row]!]!++;
    this.categories.counts[this.category[row]!]!++;
    if (OPEN_MASK[this.status[row]!]) this.openPos[row] = this.openList.push(this, row);
    this.bc?.insert(row, this.createdAt[row]!);
    this.ba?.insert(row, this.answeredAt[row]!);
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
    // the hour buckets: built on first use (byCreated / byAnswered)
    this.bc = null;
    this.ba = null;
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
    this.bc?.remove(row, this.createdAt[row]!);
    this.ba?.remove(row, this.answeredAt[row]!);
  }

  /** Removes the message of this id; false when it is not held. */
  remove(id: string): boolean {
    this.dropLookup();
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    this.removeRow(row);
    return true;
  }

  /**
   * Removes row `row` (no lookup by id): the last row moves into it, so the message that was at
   * row `size - 1` is at `row` afterwards.
   */
  removeRow(row: number): void {
    if (row < 0 || row >= this.n) throw new RangeError(`нет строки ${row}`);
    this.version++;
    this.unindex(row);
    this.rowIndex?.delete(this.ids[row]!);
    const last = --this.n;
    if (row !== last) {
      // Move the last row into the hole.
      const lastId = this.ids[last]!;
      this.ids[row] = lastId;
      this.rowIndex?.set(lastId, row);
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
      this.bc?.move(last, row, this.createdAt[row]!);
      this.ba?.move(last, row, this.answeredAt[row]!);
    }
    this.ids.length = this.n;
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

  // ---- snapshot (binary serialisation: shared/engine/snapshot-codec.ts) -------------------------

  /**
   * The store as one compact binary (see SNAPSHOT_FORMAT in snapshot-codec.ts): the columns sliced
   * to size, the dictionaries and the ids. The indices (open rows, hour buckets, use counts) are
   * not stored: `deserialize` rebuilds them from the columns. Throws when the ids cannot be stored
   * exactly (an id with a lone surrogate half, which UTF-8 cannot carry).
   */
  serialize(): Uint8Array {
    return encodeSnapshot({
      n: this.n,
      ids: this.ids,
      dicts: [this.blocks.values, this.municipalities.values, this.channels.values, this.categories.values],
      columns: this,
    });
  }

  /**
   * The store back from `serialize`'s bytes (any byte offset). Throws SnapshotError on anything
   * unexpected — another format version, a foreign byte order, a size or checksum mismatch,
   * a dictionary index or status out of range — so that a caller can fall back to
   * building the store from its source. `headroom` rows of capacity are added for later inserts.
   */
  static deserialize(bytes: Uint8Array | ArrayBuffer, headroom = 1024): MessageStore {
    // The columns are read straight into the new store's (each right after its check).
    const { n, ids, dicts, columns: s } = decodeSnapshot(bytes, (rows) => new MessageStore(rows + Math.max(0, headroom)));
    const targets = [s.blocks, s.municipalities, s.channels, s.categories] as const;
    targets.forEach((d, i) => {
      for (const v of dicts[i]!) d.intern(v);
    });
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
    opts: {
      headroom?: number;
      /** A store to refill in place when it has room and the same dictionaries (it is consumed either way). */
      reuse?: MessageStore;
      /** The row of an id, as the caller knows it (see lookupRow); default: the id → row map. */
      lookup?: (id: string) => number | undefined;
    } = {},
  ): MessageStore {
    const { headroom = 1024, reuse } = opts;
    const s = reuse && reuse.canRefill(n, dicts) ? reuse.emptied() : new MessageStore(n + Math.max(0, headroom));
    const [b, m, c, k] = dicts;
    for (const v of b) s.blocks.intern(v);
    for (const v of m) s.municipalities.intern(v);
    for (const v of c) s.channels.intern(v);
    for (const v of k) s.categories.intern(v);
    fill(s);
    s.ids = ids;
    s.n = n;
    s.rowIndex = null;
    s.lookupRow = opts.lookup ?? null;
    s.reindexAll();
    return s;
  }

  /**
   * Whether fromColumns can refill this store in place: room for n rows, and each of its
   * dictionaries the beginning of the new one (so that the indices mean the same values).
   */
  private canRefill(n: number, dicts: readonly (readonly string[])[]): boolean {
    if (n > this.cap) return false;
    const own = [this.blocks.values, this.municipalities.values, this.channels.values, this.categories.values];
    return own.every((vals, i) => vals.length <= dicts[i]!.length && vals.every((v, j) => v === dicts[i]![j]));
  }

  /**
   * This store with no rows and empty indices, its columns kept (their contents are left as they
   * are: fromColumns overwrites rows 0..n-1): a million-row store is refilled without allocating
   * (and later collecting) its ~50 MB of columns again.
   */
  private emptied(): this {
    this.version++;
    this.openPos.fill(-1, 0, this.n);
    this.openList.n = 0;
    for (const d of [this.blocks, this.municipalities, this.channels, this.categories]) d.counts.fill(0);
    this.bc = null;
    this.ba = null;
    this.ids = [];
    this.rowIndex = null;
    this.lookupRow = null;
    this.n = 0;
    return this;
  }

  /** Bulk load. */
  static from(messages: Iterable<NormalizedMessage>, capacity?: number): MessageStore {
    const s = new MessageStore(capacity);
    for (const m of messages) s.upsert(m);
    return s;
  }
}
