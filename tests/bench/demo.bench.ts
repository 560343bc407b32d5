/**
 * `npm run bench -- demo`: how fast `serve --demo R` is ready to open, for every region (issue 9:
 * under 3 s). For each region `situation-wall serve --demo R --port 0` is timed from the spawn to
 * the printed URL, and to the hub's first answer to `getView` over the wall's WebSocket:
 *  - cold: an empty snapshot folder (SITUATION_WALL_DEMO_CACHE): the 30-day history is generated,
 *    written and kept;
 *  - warm: the same folder again: the kept history is copied and caught up to now
 *    (electron/hub/demo/snapshot.ts).
 * Also the history's size (messages) with the calibrated volumes (docs/demo.md). BENCH_SCALE
 * multiplies the volumes (--scale).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Bench } from './harness.js';
import { BIN, ROOT } from '../support/serve.js';
import { REGION_IDS, type RegionId } from '../../shared/regions.js';

const LIMIT_MS = 3000;

interface Start {
  urlMs: number;
  viewMs: number;
  /** CPU time of the serve process until getView was answered (Linux /proc; NaN elsewhere). */
  cpuMs: number;
  messages: number;
}

/** User + system CPU of a process in ms (Linux: /proc/PID/stat, clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

function startOnce(region: RegionId, scale: number, snapshots: string): Promise<Start> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-demo-bench-'));
  const t0 = performance.now();
  const proc = spawn(process.execPath, [BIN, 'serve', '--demo', region, '--port', '0', '--scale', String(scale)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SITUATION_WALL_DEMO_DIR: dir, SITUATION_WALL_DEMO_CACHE: snapshots },
  });
  const done = () => {
    proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise<Start>((ok, fail) => {
    let buf = '';
    let seen = false;
    const timer = setTimeout(() => fail(new Error(`serve --demo ${region} did not start in 60 s: ${buf}`)), 60_000);
    proc.on('exit', (c) => !seen && fail(new Error(`serve exited ${c}: ${buf}`)));
    const on = (d: Buffer) => {
      buf += String(d);
      const m = /стена:\s*(http:\/\/\S+)/.exec(buf);
      if (!m || seen) return;
      seen = true;
      const urlMs = performance.now() - t0;
      const messages = Number((/\(([\d\s  ]+) сообщений\)/.exec(buf)?.[1] ?? '0').replace(/\D/g, ''));
      const u = new URL(m[1]!);
      const ws = new WebSocket(`ws://${u.host}/ws`);
      ws.once('error', fail);
      ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'getView', params: { window: 'today' } })));
      ws.on('message', (data, binary) => {
        if (binary) return;
        const r = JSON.parse(String(data)) as { id?: number; ok?: boolean };
        if (r.id !== 1) return;
        clearTimeout(timer);
        const viewMs = performance.now() - t0;
        const cpu = cpuMs(proc.pid);
        ws.close();
        if (!r.ok) fail(new Error(`getView failed: ${String(data).slice(0, 200)}`));
        else ok({ urlMs, viewMs, cpuMs: cpu, messages });
      });
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
  }).finally(done);
}

export default async function demoBench(b: Bench): Promise<void> {
  b.section(`serve --demo: from spawn to ready (30 days, scale ${b.scale}; target < ${LIMIT_MS / 1000} s)`);
  for (const region of REGION_IDS) {
    const snapshots = mkdtempSync(join(tmpdir(), 'sw-demo-snap-'));
    try {
      const cold = await startOnce(region, b.scale, snapshots);
      const warm = await startOnce(region, b.scale, snapshots);
      b.metric(`${region}: cold, printed URL`, cold.urlMs, 'ms', `${cold.messages.toLocaleString('ru-RU')} messages`);
      b.metric(`${region}: cold, first getView answered`, cold.viewMs, 'ms', `${cold.viewMs < LIMIT_MS ? 'under 3 s' : 'over 3 s'}; CPU ${cold.cpuMs} ms`);
      b.metric(`${region}: warm, printed URL`, warm.urlMs, 'ms', `${warm.messages.toLocaleString('ru-RU')} messages`);
      b.metric(`${region}: warm, first getView answered`, warm.viewMs, 'ms', `${warm.viewMs < LIMIT_MS ? 'under 3 s' : 'OVER 3 s'}; CPU ${warm.cpuMs} ms`);
      b.metric(`${region}: warm, CPU of the serve process until ready`, warm.cpuMs, 'ms',
        warm.viewMs > 1.5 * warm.cpuMs ? 'wall time ≫ CPU time: a loaded machine' : 'more CPU than wall time: the hub and its workers use both cores');
    } finally {
      rmSync(snapshots, { recursive: true, force: true });
    }
  }
}
