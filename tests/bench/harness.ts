/**
 * Tiny benchmark harness for `npm run bench`. Each tests/bench/*.bench.ts exports
 * `default async function (b: Bench)`; run.ts runs them in order in ONE process, so that every
 * ratio compares figures measured in the same run on the same machine.
 */
import { performance } from 'node:perf_hooks';

export interface Bench {
  section(title: string): void;
  /** A measured figure. */
  metric(name: string, value: number, unit: string, note?: string): void;
  /** A ratio of two figures measured in this run (ours / baseline or as stated in `note`). */
  ratio(name: string, value: number, note: string): void;
  /** Time one call, in milliseconds (best of `repeat`, after `warmup` untimed calls). */
  time<T>(fn: () => T, opts?: { repeat?: number; warmup?: number }): { ms: number; result: T };
  timeAsync<T>(fn: () => Promise<T>, opts?: { repeat?: number; warmup?: number }): Promise<{ ms: number; result: T }>;
  /** Scale factor from BENCH_SCALE (default 1): benches multiply their sizes by it. */
  readonly scale: number;
}

export interface BenchRecord {
  section: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function createBench(records: BenchRecord[], out: (s: string) => void = (s) => process.stdout.write(s)): Bench {
  let section = '';
  const fmt = (v: number) =>
    Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
  const gc = (globalThis as { gc?: () => void }).gc;
  return {
    scale: Number(process.env.BENCH_SCALE ?? '1') || 1,
    section(title) {
      section = title;
      out(`\n== ${title}\n`);
    },
    metric(name, value, unit, note) {
      records.push({ section, name, value, unit, note });
      out(`  ${name.padEnd(58)} ${fmt(value).padStart(12)} ${unit}${note ? `   (${note})` : ''}\n`);
    },
    ratio(name, value, note) {
      records.push({ section, name, value, unit: '×', note });
      out(`  ${name.padEnd(58)} ${value.toFixed(2).padStart(12)} ×   (${note})\n`);
    },
    time(fn, opts = {}) {
      const { repeat = 1, warmup = 0 } = opts;
      for (let i = 0; i < warmup; i++) fn();
      let best = Infinity;
      let result!: ReturnType<typeof fn>;
      for (let i = 0; i < repeat; i++) {
        gc?.();
        const t0 = performance.now();
        result = fn();
        best = Math.min(best, performance.now() - t0);
      }
      return { ms: best, result };
    },
    async timeAsync(fn, opts = {}) {
      const { repeat = 1, warmup = 0 } = opts;
      for (let i = 0; i < warmup; i++) await fn();
      let best = Infinity;
      let result!: Awaited<ReturnType<typeof fn>>;
      for (let i = 0; i < repeat; i++) {
        gc?.();
        const t0 = performance.now();
        result = await fn();
        best = Math.min(best, performance.now() - t0);
      }
      return { ms: best, result };
    },
  };
}
