/**
 * Soak test of the wall (not part of CI): `npm run soak` (node --import tsx tests/soak/run.ts).
 *
 * Serves the demo region with an accelerated live feed, opens the operational scene in Debian's
 * Chromium and records the renderer's JS heap after a forced garbage collection (CDP
 * HeapProfiler.collectGarbage, then Runtime.getHeapUsage) at the start and every minute. Prints the
 * series and the growth, and fails when the heap after GC grew by more than the bound.
 *
 *   SOAK_MINUTES       length (default 30)
 *   SOAK_SPEED         live feed's time speed-up (default 3600: an hour of the region a second)
 *   SOAK_SCALE         demo volume multiplier (default 20: with ×3600 about 50 Kamchatka messages a
 *                      second, 30 minutes ≈ 90,000 messages, several days of a large region)
 *   SOAK_MAX_GROWTH_MB allowed growth of the heap after GC from the first sample to the last (default 24)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch } from '../e2e/browser.js';
import { startServe } from '../support/serve.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MINUTES = Number(process.env.SOAK_MINUTES ?? '30');
const SPEED = Number(process.env.SOAK_SPEED ?? '3600');
const SCALE = Number(process.env.SOAK_SCALE ?? '20');
const MAX_GROWTH_MB = Number(process.env.SOAK_MAX_GROWTH_MB ?? '24');
const MB = 1024 * 1024;


async function main(): Promise<number> {
  if (!existsSync(join(ROOT, 'dist/renderer/index.html')))
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'wall-soak-'));
  const s = await startServe(['--demo', 'kamchatka', '--cache', join(dir, 'soak.db'), '--days', '3', '--live', String(SPEED), '--scale', String(SCALE), '--port', '0'], 120_000);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${s.url}/?scene=operational&display=soak`);
    await page.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 120_000 });
    const cdp = await page.context().newCDPSession(page);
    const sample = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
      const dom = (await cdp.send('Memory.getDOMCounters').catch(() => null)) as { nodes: number; jsEventListeners: number } | null;
      const version = await page.locator('[data-testid=wall]').getAttribute('data-data-version');
      return { used: h.usedSize, total: h.totalSize, nodes: dom?.nodes ?? NaN, listeners: dom?.jsEventListeners ?? NaN, version: Number(version) };
    };
    const t0 = Date.now();
    const series: { min: number; used: number; total: number; nodes: number; listeners: number; version: number }[] = [];
    const log = (x: (typeof series)[number]) =>
      console.log(
        `  ${String(x.min).padStart(3)} min  heap after GC ${(x.used / MB).toFixed(2).padStart(7)} MB (of ${(x.total / MB).toFixed(1)})  DOM nodes ${x.nodes}  listeners ${x.listeners}  data version ${x.version}`,
      );
    console.log(`soak: ${MINUTES} min, live feed ×${SPEED}, volumes ×${SCALE}, bound +${MAX_GROWTH_MB} MB after GC — ${s.url}`);
    series.push({ min: 0, ...(await sample()) });
    log(series[0]!);
    for (let m = 1; m <= MINUTES; m++) {
      const wait = t0 + m * 60_000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      series.push({ min: m, ...(await sample()) });
      log(series[series.length - 1]!);
    }
    const first = series[0]!;
    const last = series[series.length - 1]!;
    const growth = (last.used - first.used) / MB;
    const half = series.slice(Math.floor(series.length / 2));
    const slope = half.length > 1 ? (half[half.length - 1]!.used - half[0]!.used) / MB / (half[half.length - 1]!.min - half[0]!.min) : 0;
    console.log(
      `soak: heap after GC ${(first.used / MB).toFixed(2)} → ${(last.used / MB).toFixed(2)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(2)} MB), ` +
        `second-half slope ${slope.toFixed(3)} MB/min; DOM nodes ${first.nodes} → ${last.nodes}; data versions ${first.version} → ${last.version}`,
    );
    if (errors.length) console.log(`soak: page errors: ${errors.slice(0, 5).join(' | ')}`);
    const ok = growth <= MAX_GROWTH_MB && errors.length === 0 && last.version > first.version;
    if (last.version <= first.version) console.log('soak: the data version did not move: was the live feed running?');
    console.log(ok ? `soak: passed (growth ${growth.toFixed(2)} MB ≤ ${MAX_GROWTH_MB} MB)` : `soak: FAILED (growth ${growth.toFixed(2)} MB, bound ${MAX_GROWTH_MB} MB)`);
    return ok ? 0 : 1;
  } finally {
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
