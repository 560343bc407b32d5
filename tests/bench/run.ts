/**
 * `npm run bench [-- name…]`: runs every tests/bench/*.bench.ts (or only the named ones) in one
 * process and prints the figures; with BENCH_JSON=path also writes them as JSON.
 * Sizes scale with BENCH_SCALE (default 1 = the sizes the issues name, e.g. one million messages).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { createBench, type BenchRecord } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const ORDER = ['engine', 'asof', 'cache', 'sync', 'wall', 'report', 'mask', 'alerts'];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort((a, b) => {
    const ia = ORDER.indexOf(a.split('.')[0]!);
    const ib = ORDER.indexOf(b.split('.')[0]!);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });

const records: BenchRecord[] = [];
const bench = createBench(records);
process.stdout.write(
  `situation-wall bench — Node ${process.versions.node}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, scale ${bench.scale}\n`,
);
for (const f of files) {
  const mod = (await import(join(here, f))) as { default: (b: typeof bench) => Promise<void> };
  await mod.default(bench);
}
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(records, null, 2));
