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
  const rl = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
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
  for await (let line of rl) {
    lineNo++;
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() !== '') sum.lines++;
    chunk.push(line);
    if (chunk.length >= chunkSize) flush();
  }
  flush();
  sum.ms = performance.now() - t0;
  return sum;
}
