/**
 * Soak test of a shift (not part of CI): `npm run soak`.
 *
 * Serves the demo region with an accelerated live feed and the incident injector, opens a wall
 * window (operational scene, the playlist turning through every scene) and an operator's console
 * in Debian's Chromium, and for the whole run plays a duty shift through the console's bridge
 * (the same WebSocket and key the console page uses):
 *   - every minute an action on a queued message (acknowledge, then comment, assign, resolve in turn);
 *   - every 5 minutes a burst injected into the live feed (an incident raised on every window); each
 *     active incident is marked «просмотрено» from the console the minute it is seen;
 *   - every 10 minutes the time machine: an instant six hours back, playback ×600 for 40 s, «В эфир».
 * Every minute it records, after a forced garbage collection (CDP HeapProfiler.collectGarbage, then
 * Runtime.getHeapUsage and Memory.getDOMCounters): the wall's and the console's JS heap, DOM nodes and
 * listeners; the hub's JS heap after GC (its inspector) and resident memory (/proc/PID/status VmRSS). It prints the series and
 * fails when, over the second half of the run (after warm-up), the wall's heap, the console's heap or
 * the hub's memory rise faster than their bounds, or DOM nodes grow, or the shift's work did not happen.
 *
 *   SOAK_MINUTES          length (default 60)
 *   SOAK_SPEED            live feed's time speed-up (default 60: an hour of the region a minute)
 *   SOAK_SCALE            demo volume multiplier (default 5)
 *   SOAK_HEAP_SLOPE_MB    allowed second-half slope of each page's heap after GC, MB/min (default 0.1)
 *   SOAK_HUB_HEAP_SLOPE_MB allowed second-half slope of the hub's heap after GC, MB/min (default 0.25;
 *                         the data it holds grows with the feed: about 3 KB a message with its revisions)
 *   SOAK_RSS_SLOPE_MB     allowed second-half slope of the hub's RSS, MB/min (default 1)
 *   SOAK_NODES_GROWTH     allowed growth of the most DOM nodes, second half against first (default 0.15)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launch } from '../e2e/browser.js';
import { startServe } from '../support/serve.js';
import { createWsBridge } from '../../shared/bridge/client.js';
import type { ActionType } from '../../shared/schema.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MINUTES = Number(process.env.SOAK_MINUTES ?? '60');
const SPEED = Number(process.env.SOAK_SPEED ?? '60');
const SCALE = Number(process.env.SOAK_SCALE ?? '5');
const HEAP_SLOPE = Number(process.env.SOAK_HEAP_SLOPE_MB ?? '0.1');
const RSS_SLOPE = Number(process.env.SOAK_RSS_SLOPE_MB ?? '1');
const HUB_SLOPE = Number(process.env.SOAK_HUB_HEAP_SLOPE_MB ?? '0.25');
const NODES_GROWTH = Number(process.env.SOAK_NODES_GROWTH ?? '0.15');
const MB = 1024 * 1024;

interface PageSample {
  heap: number;
  nodes: number;
  listeners: number;
}
interface Sample {
  min: number;
  wall: PageSample;
  console: PageSample;
  rss: number;
  hubHeap: number;
  version: number;
  work: { actions: number; failed: number; incidents: number; marks: number; rewinds: number };
}

async function pageProbe(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  return async (): Promise<PageSample> => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
    return { heap: h.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners };
  };
}

/** The hub's JS heap after a forced collection, through its inspector (Node's CDP over a WebSocket). */
async function hubHeapProbe(output: () => string): Promise<() => Promise<number>> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1];
  if (!url) throw new Error('the hub printed no inspector address');
  const ws = new WebSocket(url);
  await new Promise<void>((ok, fail) => {
    ws.onopen = () => ok();
    ws.onerror = () => fail(new Error('the hub inspector refused the connection'));
  });
  let id = 0;
  const waiting = new Map<number, (r: unknown) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
  };
  const send = (method: string) =>
    new Promise<unknown>((ok) => {
      const n = ++id;
      waiting.set(n, ok);
      ws.send(JSON.stringify({ id: n, method }));
    });
  return async () => {
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
    return ((await send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  };
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den ? num / den : 0;
}

const ACTION_CYCLE: ActionType[] = ['acknowledge', 'comment', 'assign', 'resolve'];

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, 'dist/renderer/index.html')))
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'wall-soak-'));
  const s = await startServe(
    ['--demo', 'kamchatka', '--cache', join(dir, 'soak.db'), '--days', '14', '--live', String(SPEED), '--scale', String(SCALE), '--port', '0', '--inject-incident', 'signal'],
    180_000,
    // the hub's own heap is read through its inspector (after a forced collection, like the pages')
    ['--inspect=127.0.0.1:0'],
  );
  const browser = await launch();
  const key = new URL(s.consoleUrl).searchParams.get('token')!;
  const hub = createWsBridge({ url: `${s.url.replace(/^http/, 'ws')}/ws?role=console&token=${encodeURIComponent(key)}`, client: 'soak' });
  const work = { actions: 0, failed: 0, incidents: 0, marks: 0, rewinds: 0 };
  const errors: string[] = [];
  try {
    const wallPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    wallPage.on('pageerror', (e) => errors.push(`wall: ${e.message}`));
    await wallPage.goto(`${s.url}/?scene=operational&display=soak`);
    await wallPage.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 180_000 });
    const consolePage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    consolePage.on('pageerror', (e) => errors.push(`console: ${e.message}`));
    await consolePage.goto(s.consoleUrl);
    await consolePage.waitForSelector('[data-testid=console]', { timeout: 120_000 });
    const hubHeap = await hubHeapProbe(s.output);
    const wallProbe = await pageProbe(wallPage);
    const consoleProbe = await pageProbe(consolePage);
    await hub.request('hello', { client: 'soak' });

    let step = 0;
    const act = async () => {
      const q = await hub.request('getConsoleQueue', { limit: 20 });
      const item = q.items.find((i) => i.lastAction?.type !== 'resolve');
      if (!item) return;
      const type = ACTION_CYCLE[step++ % ACTION_CYCLE.length]!;
      const payload = type === 'assign' ? { assignee: 'Дежурная смена' } : type === 'comment' ? { comment: 'На контроле дежурной смены' } : {};
      try {
        await hub.request('act', { messageId: item.id, type, payload });
        work.actions++;
      } catch {
        work.failed++;
      }
    };
    const incident = async () => {
      s.proc.kill('SIGUSR2');
      work.incidents++;
    };
    /** The duty officer marks every active incident not yet marked «просмотрено». */
    const markNew = async () => {
      const now = (await hub.request('getAlerts', undefined)).now;
      // the active ones and those of the last day (an accelerated burst may already have ended)
      const a = await hub.request('getAlerts', { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 60_000).toISOString() });
      const all = new Map([...a.active, ...a.period].map((x) => [x.alert.id, x]));
      for (const open of [...all.values()].filter((x) => !x.mark)) {
        await hub.request('markAlert', { id: open.alert.id, mark: 'seen' });
        work.marks++;
      }
    };
    const rewind = async () => {
      await hub.request('intent', { type: 'setInstant', instant: new Date(Date.now() - 6 * 3_600_000).toISOString() });
      await hub.request('intent', { type: 'playbackPlay', speed: 600 });
      await new Promise((r) => setTimeout(r, 40_000));
      await hub.request('intent', { type: 'goLive' });
      work.rewinds++;
    };

    const sample = async (min: number): Promise<Sample> => ({
      min,
      wall: await wallProbe(),
      console: await consoleProbe(),
      rss: rssOf(s.proc.pid!),
      hubHeap: await hubHeap(),
      version: Number(await wallPage.locator('[data-testid=wall]').getAttribute('data-data-version')),
      work: { ...work },
    });
    const log = (x: Sample) =>
      console.log(
        `  ${String(x.min).padStart(3)} min  wall heap ${(x.wall.heap / MB).toFixed(2).padStart(6)} MB, DOM ${x.wall.nodes}, listeners ${x.wall.listeners}` +
          `  | console heap ${(x.console.heap / MB).toFixed(2).padStart(6)} MB, DOM ${x.console.nodes}` +
          `  | hub heap ${(x.hubHeap / MB).toFixed(1).padStart(6)} MB, RSS ${(x.rss / MB).toFixed(1).padStart(6)} MB  | data v${x.version}; actions ${x.work.actions} (failed ${x.work.failed}), incidents ${x.work.incidents}, marks ${x.work.marks}, rewinds ${x.work.rewinds}`,
      );
    console.log(`soak: ${MINUTES} min, live feed ×${SPEED}, volumes ×${SCALE} — ${s.url}`);
    const series: Sample[] = [await sample(0)];
    log(series[0]!);
    const t0 = Date.now();
    for (let m = 1; m <= MINUTES; m++) {
      try {
        await act();
        await markNew();
        if (m % 5 === 2) await incident();
        if (m % 10 === 6) await rewind();
      } catch (e) {
        errors.push(`shift step at ${m} min: ${(e as Error).message}`);
      }
      const wait = t0 + m * 60_000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      series.push(await sample(m));
      log(series[series.length - 1]!);
    }

    const half = series.slice(Math.floor(series.length / 2));
    const xs = half.map((x) => x.min);
    const sl = (f: (x: Sample) => number) => slope(xs, half.map(f)) / MB;
    const wallSlope = sl((x) => x.wall.heap);
    const consoleSlope = sl((x) => x.console.heap);
    const rssSlope = sl((x) => x.rss);
    const hubSlope = sl((x) => x.hubHeap);
    // DOM nodes differ by scene (the playlist turns): the largest count of the second half against
    // the largest of the first half after warm-up (a leak raises every maximum).
    const early = series.slice(Math.min(5, Math.floor(series.length / 4)), Math.floor(series.length / 2));
    const nodesGrowth = (f: (x: Sample) => number) => {
      const a = Math.max(...(early.length ? early : series.slice(0, 1)).map(f));
      return (Math.max(...half.map(f)) - a) / Math.max(1, a);
    };
    const first = series[0]!;
    const last = series[series.length - 1]!;
    console.log(
      `soak: wall heap ${(first.wall.heap / MB).toFixed(2)} → ${(last.wall.heap / MB).toFixed(2)} MB (second half ${wallSlope.toFixed(3)} MB/min), DOM ${first.wall.nodes} → ${last.wall.nodes};\n` +
        `      console heap ${(first.console.heap / MB).toFixed(2)} → ${(last.console.heap / MB).toFixed(2)} MB (second half ${consoleSlope.toFixed(3)} MB/min), DOM ${first.console.nodes} → ${last.console.nodes};\n` +
        `      hub heap after GC ${(first.hubHeap / MB).toFixed(1)} → ${(last.hubHeap / MB).toFixed(1)} MB (second half ${hubSlope.toFixed(3)} MB/min), RSS ${(first.rss / MB).toFixed(1)} → ${(last.rss / MB).toFixed(1)} MB (second half ${rssSlope.toFixed(3)} MB/min); data versions ${first.version} → ${last.version};\n` +
        `      shift: ${work.actions} actions (${work.failed} refused), ${work.incidents} incidents injected, ${work.marks} marked, ${work.rewinds} time-machine rewinds`,
    );
    const bad: string[] = [];
    if (wallSlope > HEAP_SLOPE) bad.push(`wall heap rises ${wallSlope.toFixed(3)} MB/min > ${HEAP_SLOPE}`);
    if (consoleSlope > HEAP_SLOPE) bad.push(`console heap rises ${consoleSlope.toFixed(3)} MB/min > ${HEAP_SLOPE}`);
    if (hubSlope > HUB_SLOPE) bad.push(`hub heap rises ${hubSlope.toFixed(3)} MB/min > ${HUB_SLOPE}`);
    if (rssSlope > RSS_SLOPE) bad.push(`hub RSS rises ${rssSlope.toFixed(3)} MB/min > ${RSS_SLOPE}`);
    if (nodesGrowth((x) => x.wall.nodes) > NODES_GROWTH) bad.push(`wall DOM nodes grew ${(nodesGrowth((x) => x.wall.nodes) * 100).toFixed(0)} %`);
    if (nodesGrowth((x) => x.console.nodes) > NODES_GROWTH) bad.push(`console DOM nodes grew ${(nodesGrowth((x) => x.console.nodes) * 100).toFixed(0)} %`);
    if (last.version <= first.version) bad.push('the data version did not move: was the live feed running?');
    if (MINUTES >= 10 && (work.actions === 0 || work.incidents === 0 || work.rewinds === 0)) bad.push('the shift did not happen (no action, incident or rewind)');
    if (errors.length) bad.push(`errors: ${errors.slice(0, 5).join(' | ')}`);
    console.log(bad.length ? `soak: FAILED — ${bad.join('; ')}` : 'soak: passed');
    return bad.length ? 1 : 0;
  } finally {
    hub.close();
    await browser.close();
    s.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
