/**
 * Bulk import of a JSONL file of contract messages into the cache (the `import` command and the
 * benchmark). Streams the file with readline (never loads it whole) and applies it in chunks of a
 * few thousand lines, each chunk one transaction.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import type { SqliteCache } from './cache.js';

export interface ImportSummary {
  /** Non-empty lines read. */
  lines: number;
  applied: number;
  ignored: number;
  deleted: number;
  quarantined: number;
  ms: number;
}

export const DEFAULT_IMPORT_CHUNK = 5000;

export async function importJsonl(
  cache: SqliteCache,
  file: string,
  opts: { chunk?: number; source?: string } = {},
): Promise<ImportSummary> {
  const chunkSize = Math.max(1, opts.chunk ?? DEFAULT_IMPORT_CHUNK);
  const source = opts.source ?? `import:${file}`;
  const t0 = performance.now();
  const sum: ImportSummary = { lines: 0, applied: 0, ignored: 0, deleted: 0, quarantined: 0, ms: 0 };
  let chunk: string[] = [];
  let firstLine = 1;
  let lineNo = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    const r = cache.applyJsonLines(chunk, { firstLine, source, collect: false });
    sum.applied += r.applied;
    sum.ignored += r.ignored;
    sum.deleted += r.deleted;
    sum.quarantined += r.quarantined;
    firstLine += chunk.length;
    chunk = [];
  };
  // A bulk load commits many chunks in a row: checkpointing the WAL after each (the default every
  // 1000 pages) costs more than the load itself, so checkpoint once at the end instead.
  // A larger page cache for the load keeps the pages that later revisions update in memory.
  const autoCheckpoint = cache.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const cacheSize = cache.db.pragma('cache_size', { simple: true }) as number;
  cache.db.pragma('wal_autocheckpoint = 0');
  cache.db.pragma('cache_size = -262144');
  try {
    const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    const rl = createInterface({ input, crlfDelay: Infinity });
    // 'line' events, handled synchronously (a full chunk is applied right there), are much
    // cheaper than readline's async iterator; the stream cannot outrun a synchronous handler.
    let failed = false;
    await new Promise<void>((resolve, reject) => {
      input.on('error', reject);
      rl.on('line', (line) => {
        if (failed) return;
        try {
          lineNo++;
          if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
          if (line.length > 0 && line.trim() !== '') sum.lines++;
          chunk.push(line);
          if (chunk.length >= chunkSize) flush();
        } catch (e) {
          failed = true;
          rl.close();
          input.destroy();
          reject(e as Error);
        }
      });
      rl.on('close', resolve);
    });
    flush();
  } finally {
    cache.db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    cache.db.pragma(`cache_size = ${cacheSize}`);
  }
  cache.db.pragma('wal_checkpoint(PASSIVE)');
  sum.ms = performance.now() - t0;
  return sum;
}
