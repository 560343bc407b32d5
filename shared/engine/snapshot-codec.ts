/**
 * The snapshot codec of the engine's MessageStore: its columns, dictionaries and ids as one compact
 * binary and back (format below). Only the bytes are this file's business; the store
 * (shared/engine/store.ts) hands its columns in (`encodeSnapshot`) and rebuilds its indices from
 * what `decodeSnapshot` returns. Everything read is checked (magic, format, byte order, sizes,
 * checksum, UTF-8, dictionary indices, statuses) before the store sees it: a snapshot is a cache
 * of derived data, so a caller that gets SnapshotError rebuilds from the source instead.
 * Pure and isomorphic.
 */
import { STATUSES } from '../schema.js';

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

/** The columns a snapshot holds, each at least `n` long (longer ones are sliced). */
export interface SnapshotColumns {
  rev: Float64Array;
  createdAt: Float64Array;
  dueAt: Float64Array;
  firstResponseAt: Float64Array;
  answeredAt: Float64Array;
  weight: Float64Array;
  lat: Float32Array;
  lon: Float32Array;
  rework: Uint16Array;
  block: Uint16Array;
  municipality: Uint16Array;
  channel: Uint16Array;
  category: Uint16Array;
  status: Uint8Array;
  satisfaction: Uint8Array;
}

/** The dictionaries of the interned columns, in snapshot order. */
export type SnapshotDicts = readonly [blocks: readonly string[], municipalities: readonly string[], channels: readonly string[], categories: readonly string[]];

/** What a snapshot holds: n rows of columns, the dictionaries, the ids. */
export interface SnapshotContent {
  n: number;
  ids: readonly string[];
  dicts: SnapshotDicts;
  columns: SnapshotColumns;
}

/**
 * The content as one compact binary: the columns sliced to size, the dictionaries and the ids.
 * Throws SnapshotError when the ids cannot be stored exactly (an id with a lone surrogate half,
 * which UTF-8 cannot carry).
 */
export function encodeSnapshot(content: SnapshotContent): Uint8Array {
  const { n, ids, dicts, columns } = content;
  const joined = ids.join('');
  if (LONE_SURROGATE.test(joined)) throw new SnapshotError('идентификатор с одиночным суррогатом: снимок невозможен');
  const enc = new TextEncoder();
  const idBytes = enc.encode(joined);
  const dictBytes = enc.encode(JSON.stringify(dicts));
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
  for (const [name] of F64_COLUMNS) new Float64Array(buf, lay.at[name], n).set(columns[name].subarray(0, n));
  for (const [name] of F32_COLUMNS) new Float32Array(buf, lay.at[name], n).set(columns[name].subarray(0, n));
  for (const [name] of U16_COLUMNS) new Uint16Array(buf, lay.at[name], n).set(columns[name].subarray(0, n));
  for (const [name] of U8_COLUMNS) new Uint8Array(buf, lay.at[name], n).set(columns[name].subarray(0, n));
  const lens = new Uint32Array(buf, lay.idLens, n);
  for (let i = 0; i < n; i++) lens[i] = ids[i]!.length;
  new Uint8Array(buf, lay.dict, dictBytes.length).set(dictBytes);
  new Uint8Array(buf, lay.idText, idBytes.length).set(idBytes);
  head[6] = checksum(buf);
  return new Uint8Array(buf);
}

/**
 * The content back from `encodeSnapshot`'s bytes (any byte offset). Throws SnapshotError on anything
 * unexpected — another format version, a foreign byte order, a size or checksum mismatch, a repeated
 * dictionary entry, a dictionary index or status out of range.
 *
 * `into(n)` gives the columns to read into (at least n long: the store's own, so each column is
 * copied while it is still in cache, right after its check); without it the columns are views
 * over the bytes (copy them before the bytes are reused).
 */
export function decodeSnapshot<C extends SnapshotColumns = SnapshotColumns>(
  bytes: Uint8Array | ArrayBuffer,
  into?: (n: number) => C,
): { n: number; ids: string[]; dicts: SnapshotDicts; columns: C } {
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

  const [blocks, municipalities, channels, categories] = dicts as string[][];
  const dictOf: Record<(typeof U16_COLUMNS)[number][0], string[] | null> = {
    rework: null,
    block: blocks!,
    municipality: municipalities!,
    channel: channels!,
    category: categories!,
  };
  const target = into?.(n);
  const columns = target ?? ({} as C);
  for (const [name] of U16_COLUMNS) {
    const col = new Uint16Array(buf, base + lay.at[name], n);
    const d = dictOf[name];
    if (d) {
      if (new Set(d).size !== d.length) throw bad('повтор в словаре');
      const size = d.length;
      for (let i = 0; i < n; i++) if (col[i]! >= size) throw bad(`индекс словаря вне диапазона (${name})`);
    }
    if (target) target[name].set(col);
    else columns[name] = col;
  }
  for (const [name] of F64_COLUMNS) {
    const col = new Float64Array(buf, base + lay.at[name], n);
    if (target) target[name].set(col);
    else columns[name] = col;
  }
  for (const [name] of F32_COLUMNS) {
    const col = new Float32Array(buf, base + lay.at[name], n);
    if (target) target[name].set(col);
    else columns[name] = col;
  }
  for (const [name] of U8_COLUMNS) {
    const col = new Uint8Array(buf, base + lay.at[name], n);
    if (target) target[name].set(col);
    else columns[name] = col;
  }
  const status = columns.status;
  for (let i = 0; i < n; i++) if (status[i]! >= STATUSES.length) throw bad('статус вне диапазона');

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
  return { n, ids, dicts: [blocks!, municipalities!, channels!, categories!], columns };
}

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
