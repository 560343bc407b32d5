/**
 * Screenshots to look at (not a test): `npm run shots [-- SCENE… ]` builds the renderer if needed,
 * starts `serve --demo kamchatka` on loopback and writes PNGs of each scene at 1920×1080 and
 * 3840×2160 to tests/artifacts/shots/. Options by environment: SHOTS_REGION (default kamchatka),
 * SHOTS_SIZES (e.g. "1920x1080,3840x2160"), SHOTS_CONSOLE=1 adds the console, SHOTS_INCIDENT=1 injects an
 * incident into the demo at start (serve --inject-incident: the banner, the ring, the incidents panel).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch } from '../e2e/browser.js';
import { startServe } from '../support/serve.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'tests/artifacts/shots');
const region = process.env.SHOTS_REGION ?? 'kamchatka';
const sizes = (process.env.SHOTS_SIZES ?? '1920x1080,3840x2160').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const scenes = process.argv.slice(2).length ? process.argv.slice(2) : ['operational', 'briefing'];

if (!existsSync(join(ROOT, 'dist/renderer/index.html')) || process.env.SHOTS_BUILD === '1') {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
}
mkdirSync(OUT, { recursive: true });
const incident = process.env.SHOTS_INCIDENT === '1';
const serve = await startServe(['--demo', region, '--port', '0', '--live', '0', ...(incident ? ['--inject-incident', '0'] : [])]);
const browser = await launch();
try {
  const pages: { name: string; path: string }[] = scenes.map((s) => ({ name: s.replace(/[^a-z0-9-]/gi, '_'), path: `?scene=${encodeURIComponent(s)}&display=1` }));
  if (process.env.SHOTS_CONSOLE === '1') pages.push({ name: 'console', path: new URL(serve.consoleUrl).search });
  for (const [w, h] of sizes) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h } });
    for (const p of pages) {
      const page = await ctx.newPage();
      await page.goto(new URL(p.path, serve.url).toString());
      await page.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 90_000 }).catch(() => undefined);
      await page.waitForTimeout(1500);
      const file = join(OUT, `${region}-${p.name}${incident ? '-incident' : ''}-${w}x${h}.png`);
      await page.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
      await page.close();
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  serve.proc.kill('SIGTERM');
}
