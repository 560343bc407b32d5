/**
 * `npm run bench -- wall`: the wall in Debian's Chromium against `serve --cache`.
 *  1. time from opening the page to wallReady (first complete frame with data) on a cache of one
 *     million messages, window «30 дней» (every message in the view and on the heat map), against a
 *     10,000-message cache in the same run;
 *  2. frames per second of the map while the camera pans, one million heat points against 10,000.
 * The caches are built once with the demo generator (volumeScale) and kept under os.tmpdir() between
 * runs. WebGL here is software (Mesa llvmpipe): the frame rates are this machine's, not a GPU's.
 * Sizes scale with BENCH_SCALE.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { Bench } from './harness.js';
import { launch } from '../e2e/browser.js';
import { startServe } from '../support/serve.js';
import { openCache } from '../../electron/hub/cache/cache.js';
import { generateHistory } from '../../electron/hub/demo/generator.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DAYS = 30;
/** Messages a day of the Kamchatka demo at volumeScale 1 (about 500). */
const PER_DAY = 500;
const END = Date.parse('2026-11-20T00:00:00Z');

function ensureCache(target: number): { path: string; messages: number } {
  const dir = join(tmpdir(), 'situation-wall-bench');
  mkdirSync(dir, { recursive: true });
  const scale = target / (PER_DAY * DAYS);
  const path = join(dir, `wall-kamchatka-${target}.db`);
  if (!existsSync(path)) {
    const t0 = performance.now();
    const tmp = `${path}.part`;
    rmSync(tmp, { force: true });
    const cache = openCache(tmp);
    const h = generateHistory({ region: 'kamchatka', days: DAYS, seed: 11, end: END, volumeScale: scale });
    cache.setRegion(h.meta.region);
    cache.setReference(h.reference);
    let chunk: unknown[] = [];
    for (const batch of h.batches()) {
      for (const it of batch) chunk.push(it);
      if (chunk.length >= 20_000) {
        cache.applyBatch(chunk, { source: 'bench' });
        chunk = [];
      }
    }
    if (chunk.length) cache.applyBatch(chunk, { source: 'bench' });
    const n = cache.messageCount();
    cache.close();
    for (const ext of ['-wal', '-shm']) rmSync(tmp + ext, { force: true });
    renameSync(tmp, path);
    process.stdout.write(`    (built ${path}: ${n} messages in ${((performance.now() - t0) / 1000).toFixed(0)} s; kept for later runs)\n`);
  }
  const cache = openCache(path);
  const messages = cache.messageCount();
  cache.close();
  return { path, messages };
}


async function readyMs(page: Page, url: string): Promise<number> {
  await page.goto(`${url}/?scene=operational&display=bench`);
  await page.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 300_000, polling: 100 });
  return page.evaluate(() => performance.getEntriesByName('wall-ready')[0]?.startTime ?? NaN);
}

/** Frames drawn while the camera pans for `ms`: requestAnimationFrame count of frames where the map rendered. */
async function panFps(page: Page, ms: number): Promise<{ fps: number; mapFrames: number; rafFps: number }> {
  return page.evaluate(async (dur) => {
    type M = { getCenter(): { lng: number; lat: number }; jumpTo(o: { center: [number, number] }): void; on(e: string, f: () => void): void; off(e: string, f: () => void): void };
    const map = (window as unknown as { __wallMap: M }).__wallMap;
    const c0 = map.getCenter();
    let mapFrames = 0;
    const onRender = () => mapFrames++;
    map.on('render', onRender);
    let raf = 0;
    const t0 = performance.now();
    await new Promise<void>((done) => {
      const step = () => {
        const t = performance.now() - t0;
        raf++;
        // a slow circle of about a degree: the heat map must be re-splatted every frame
        map.jumpTo({ center: [c0.lng + Math.cos(t / 700) * 0.8, c0.lat + Math.sin(t / 700) * 0.4] });
        if (t < dur) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    const sec = (performance.now() - t0) / 1000;
    map.off('render', onRender);
    map.jumpTo({ center: [c0.lng, c0.lat] });
    return { fps: mapFrames / sec, mapFrames, rafFps: raf / sec };
  }, ms);
}

export default async function wallBench(b: Bench): Promise<void> {
  b.section('wall in Chromium (software WebGL: Mesa llvmpipe; frame rates are not a GPU figure)');
  if (!existsSync(join(ROOT, 'dist/renderer/index.html')))
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  const big = Math.round(1_000_000 * b.scale);
  const small = Math.round(10_000 * b.scale);
  const browser = await launch();
  const results: Record<string, { ready: number; fps: number; messages: number; points: number }> = {};
  try {
    for (const [label, n] of [
      ['baseline', small],
      ['large', big],
    ] as const) {
      const cache = ensureCache(n);
      const s = await startServe(['--cache', cache.path, '--port', '0'], 300_000);
      try {
        // the whole history in view: «30 дней» through the console (an intent, like an operator)
        const cons = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await cons.goto(s.consoleUrl);
        const btn = cons.locator('.btn-row button', { hasText: '30 дней' });
        await btn.click({ timeout: 120_000 });
        // closing before the hub has applied the intent would lose it
        await cons.waitForFunction(() => [...document.querySelectorAll('.btn-row button.on')].some((b) => b.textContent === '30 дней'), null, { timeout: 60_000 });
        await cons.close();
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
        // cold-ish: the first load warms the hub's view cache and the browser's code cache; time the second
        await readyMs(page, s.url);
        const ready = await readyMs(page, s.url);
        const points = await page.evaluate(() => {
          const d = document.querySelector('[data-testid=wall]');
          return d ? Number(d.getAttribute('data-heat-count') ?? NaN) : NaN;
        });
        if (!(points > 0)) throw new Error(`no heat points on the wall for the ${label} cache (is the window «30 дней» applied?)`);
        const f = await panFps(page, 4000);
        results[label] = { ready, fps: f.fps, messages: cache.messages, points };
        b.metric(`page open → wallReady, ${cache.messages.toLocaleString('en')} messages (30 d)`, ready, 'ms', `${Number.isFinite(points) ? points.toLocaleString('en') : '?'} heat points`);
        b.metric(`map frames/s while panning, ${Number.isFinite(points) ? points.toLocaleString('en') : '?'} heat points`, f.fps, 'fps', `${f.mapFrames} frames in 4 s, 1920×1080`);
        await page.close();
      } finally {
        s.proc.kill('SIGTERM');
      }
    }
  } finally {
    await browser.close();
  }
  const a = results.baseline;
  const z = results.large;
  if (a && z) {
    b.ratio('wallReady: 1M / 10k messages', z.ready / a.ready, 'time ratio, same run');
    b.ratio('frames/s: 10k / 1M heat points', a.fps / Math.max(1e-9, z.fps), 'slowdown, same run; software WebGL');
  }
}
