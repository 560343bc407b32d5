/**
 * Bulk import of a JSONL file of contract messages into the cache (the `import` command and the
 * benchmark). Streams the file in blocks of a few MiB (never loads it whole), splits the lines by
 * hand over the bytes and applies them in chunks of many thousand lines, each chunk one
 * transaction.
 *
 * Lines break as readline breaks them (`\n`, `\r\n`, a lone `\r`); a UTF-8 byte-order mark at the
 * start of the file is dropped. The lines go to the cache as byte views of the blocks read: each
 * is decoded once, just in time, and its stored JSON text is written from the bytes themselves
 * (see applyJsonLines) — the same text as the decoded, trimmed line.
 */
import { open } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { SqliteCache } from './cache.js';
import type { Reference } from '../../../shared/schema.js';

export interface ImportSummary {
  /** Non-empty lines read. */
  lines: number;
  applied: number;
  ignored: number;
  deleted: number;
  quarantined: number;
  ms: number;
}

export const DEFAULT_IMPORT_CHUNK = 20_000;

/** Bytes read at a time (a longer line grows the block). */
const BLOCK = 4 << 20;
const LF = 10;
const CR = 13;

export async function importJsonl(
  cache: SqliteCache,
  file: string,
  opts: { chunk?: number; source?: string } = {},
): Promise<ImportSummary> {
  const chunkSize = Math.max(1, opts.chunk ?? DEFAULT_IMPORT_CHUNK);
  const source = opts.source ?? `import:${file}`;
  const t0 = performance.now();
  const sum: ImportSummary = { lines: 0, applied: 0, ignored: 0, deleted: 0, quarantined: 0, ms: 0 };
  let lines: Buffer[] = [];
  let firstLine = 1;
  const flush = () => {
    if (lines.length === 0) return;
    const r = cache.applyJsonLines(lines, { firstLine, source, collect: false });
    sum.applied += r.applied;
    sum.ignored += r.ignored;
    sum.deleted += r.deleted;
    sum.quarantined += r.quarantined;
    firstLine += lines.length;
    lines = [];
  };
  /** One line: bytes [s, e) of `buf` (a view: every block is a fresh buffer, never reused). */
  const push = (buf: Buffer, s: number, e: number) => {
    const line = buf.subarray(s, e);
    if (s < e && (buf[s] === 0x7b /* { */ || line.toString('utf8').trim() !== '')) sum.lines++;
    lines.push(line);
    if (lines.length >= chunkSize) flush();
  };

  // A bulk load commits many chunks in a row: checkpointing the WAL after each (the default every
  // 1000 pages) costs more than the load itself, so checkpoint once at the end instead.
  // A larger page cache for the load keeps the pages that later revisions update in memory.
  const autoCheckpoint = cache.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const cacheSize = cache.db.pragma('cache_size', { simple: true }) as number;
  cache.db.pragma('wal_autocheckpoint = 0');
  cache.db.pragma('cache_size = -262144');
  const fh = await open(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(BLOCK);
    let have = 0; // bytes of an unfinished line carried at the start of buf
    let first = true;
    for (;;) {
      const { bytesRead } = await fh.read(buf, have, buf.length - have, null);
      const end = have + bytesRead;
      const eof = bytesRead === 0;
      let s = 0;
      if (first && end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) s = 3;
      if (first && (end >= 3 || eof)) first = false;
      let cr = buf.indexOf(CR, s);
      if (cr >= end) cr = -1;
      for (;;) {
        let lf = buf.indexOf(LF, s);
        if (lf >= end) lf = -1;
        if (cr >= 0 && cr < s) {
          cr = buf.indexOf(CR, s);
          if (cr >= end) cr = -1;
        }
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          // `\r\n` or a lone `\r`; a `\r` at the end of the data read so far waits for the next byte.
          if (cr + 1 >= end && !eof) break;
          push(buf, s, cr);
          s = cr + 1 < end && buf[cr + 1] === LF ? cr + 2 : cr + 1;
          continue;
        }
        if (lf < 0) break;
        push(buf, s, lf);
        s = lf + 1;
      }
      if (eof) {
        if (s < end) push(buf, s, end);
        break;
      }
      // Carry the unfinished line into a fresh block (twice as large when it fills the block).
      const rest = end - s;
      const next = Buffer.allocUnsafe(rest * 2 > BLOCK ? Math.max(BLOCK, rest * 2) : BLOCK);
      buf.copy(next, 0, s, end);
      buf = next;
      have = rest;
    }
    flush();
  } finally {
    await fh.close();
    cache.db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    cache.db.pragma(`cache_size = ${cacheSize}`);
  }
  cache.db.pragma('wal_checkpoint(PASSIVE)');
  sum.ms = performance.now() - t0;
  return sum;
}

// ---- regions kept apart (docs/threat-model.md) ---------------------------------------------------

/** The regions (the two-digit region part of OKTMO) a reference's municipalities are in. */
export function oktmoRegions(ref: Pick<Reference, 'municipalities'>): Set<string> {
  return new Set(ref.municipalities.map((m) => m.oktmo.slice(0, 2)));
}

const list = (s: Iterable<string>) => [...s].sort().join(', ');

/**
 * Why a new reference must not replace the held one (another region's municipalities), or null.
 * Municipalities of the held region added or removed are fine.
 */
export function referenceRegionMismatch(held: Reference | null, next: Reference): string | null {
  if (!held || held.municipalities.length === 0) return null;
  const have = oktmoRegions(held);
  const foreign = [...oktmoRegions(next)].filter((p) => !have.has(p));
  if (foreign.length === 0) return null;
  return `справочники о муниципалитетах другого региона (ОКТМО ${list(foreign)}…), а кэш — региона с ОКТМО ${list(have)}…: не загружено`;
}

/** Bytes of a file's head looked at for another region's messages. */
const REGION_SAMPLE_BYTES = 1 << 20;

/**
 * Why the messages of `file` must not go into a cache of `ref`'s region, or null: most of its
 * first lines (up to 1 MiB) name municipalities of another region. A few such lines, and lines
 * further on, are checked as every record is (an unknown municipality is quarantined, never
 * stored, never overwriting a held id).
 */
export async function fileRegionMismatch(file: string, ref: Reference): Promise<string | null> {
  const have = oktmoRegions(ref);
  if (have.size === 0) return null;
  const fh = await open(file, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(REGION_SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
  const lines = head.split(/\r\n|\n|\r/);
  if (head.length >= REGION_SAMPLE_BYTES) lines.pop(); // cut in the middle
  let foreign = 0;
  let seen = 0;
  const prefixes = new Set<string>();
  for (const line of lines) {
    const t = line.trim();
    if (t === '' || t.length > 200_000) continue;
    let m: unknown;
    try {
      m = JSON.parse(t);
    } catch {
      continue;
    }
    const oktmo = (m as { municipality?: unknown } | null)?.municipality;
    if (typeof oktmo !== 'string') continue;
    seen++;
    const p = oktmo.slice(0, 2);
    if (!have.has(p)) {
      foreign++;
      prefixes.add(p);
    }
  }
  // A stray record of an unknown municipality is quarantined like any invalid one; a file whose
  // head is mostly another region's is another region's file.
  if (foreign * 2 <= seen) return null;
  return `в файле ${file} обращения другого региона (${foreign} из первых ${seen}, ОКТМО ${list(prefixes)}…), а кэш — региона с ОКТМО ${list(have)}…: не загружено`;
}
