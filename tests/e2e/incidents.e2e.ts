/**
 * Early warning end to end (docs/spec/alerts.md, issue 9 "Proof"): a live demo into which an
 * incident is injected through the demo's own ingest path (serve --inject-incident, test only);
 * the banner and the map's ring appear on every wall window, the console lists it with its full
 * messages and plays its sound, an operator takes it under control through the in-app dialog and
 * every window shows the mark.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { assert, type E2eContext, type E2eTest } from './context.js';

const INJECTED = '[data-alert^="al-inj-"]';

async function open(ctx: E2eContext, url: string, w: number, h: number): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.browser.newPage({ viewport: { width: w, height: h } });
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

export const tests: E2eTest[] = [
  {
    name: 'incidents: an injected burst gives the banner and the ring on every wall window, the console its sound, and the mark reaches every window',
    async run(ctx) {
      // the windows are pinned to the operational scene (the playlist would move them on); the incident
      // is written when every window is open and listening (SIGUSR2 to `serve --inject-incident signal`)
      const t0 = Date.now();
      const srv = await ctx.serve([
        '--demo', 'kamchatka', '--cache', join(ctx.tmp, 'incidents.db'), '--days', '14', '--seed', '5',
        '--port', '0', '--live', '0', '--inject-incident', 'signal',
      ]);
      const url = srv.url;
      const walls = [await open(ctx, `${url}/?scene=operational&display=1`, 1920, 1080), await open(ctx, `${url}/?scene=operational&display=2`, 1280, 720)];
      const desk = await open(ctx, srv.consoleUrl, 1600, 1000);
      for (const w of walls) await w.page.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 90_000 });
      await desk.page.click('[data-tab="incidents"]', { timeout: 60_000 });
      await desk.page.waitForSelector('[data-testid="console-incidents"]', { timeout: 60_000 });
      assert((await desk.page.getAttribute('[data-testid="console-incidents"]', 'data-sound')) === 'on', 'the console sound is on by default');
      // the operator switches the sound off and on again (a click: the browser lets the page play sound)
      await desk.page.click('[data-testid="sound-toggle"]');
      assert((await desk.page.getAttribute('[data-testid="console-incidents"]', 'data-sound')) === 'off', 'the sound switches off');
      await desk.page.click('[data-testid="sound-toggle"]');
      assert((await desk.page.getAttribute('[data-testid="console-incidents"]', 'data-sound')) === 'on', 'and on again');

      const ready = (Date.now() - t0) / 1000;
      srv.proc.kill('SIGUSR2');
      // every wall window shows the banner at once (it stays a minute)
      const banners = await Promise.all(
        walls.map((w) =>
          w.page.waitForSelector(`[data-testid="alert-banner"]${INJECTED}`, { timeout: 90_000 }).catch(() => {
            throw new Error(`no banner on a wall window (windows ready ${ready.toFixed(0)} s after start, now ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
          }),
        ),
      );
      for (const [k, w] of walls.entries()) {
        const banner = banners[k]!;
        const text = (await banner.textContent()) ?? '';
        assert(/Новый всплеск/.test(text) && /обращени/.test(text) && /при обычных/.test(text), `the banner says what and how many against usual: ${text}`);
        await w.page.waitForSelector(`[data-testid="map"][data-incident-marks*="al-inj-"]`, { timeout: 30_000 });
        // the ring never hides a label: no shown name or value lies under a ring (Labels.tsx moves it clear)
        await w.page.waitForFunction(() => (JSON.parse(document.querySelector<HTMLElement>('.map-labels')?.dataset.rings ?? '[]') as unknown[]).length > 0, null, { timeout: 15_000 });
        const under = await w.page.evaluate(() => {
          const rings = JSON.parse(document.querySelector<HTMLElement>('.map-labels')!.dataset.rings!) as [number, number, number, number][];
          const out: string[] = [];
          for (const el of document.querySelectorAll<HTMLElement>('.map-label')) {
            if (el.style.visibility !== 'visible') continue;
            const r = el.getBoundingClientRect();
            for (const [l, t, rr, b] of rings) if (r.left < rr && r.right > l && r.top < b && r.bottom > t) out.push(`${el.textContent} under the ring ${l},${t}–${rr},${b}`);
          }
          return out;
        });
        assert(under.length === 0, `labels under an incident's ring: ${under.join('; ')}`);
        // only whole rows in the incidents panel: none cut at its bottom, the rest counted in «+N ещё»
        const cut = await w.page.evaluate(() => {
          const list = document.querySelector('[data-testid="incidents"] .inc-list')!.getBoundingClientRect();
          const more = document.querySelector('[data-testid="incidents-more"]')?.getBoundingClientRect();
          return [...document.querySelectorAll<HTMLElement>('[data-testid="incidents"] .inc-row')]
            .filter((r) => !r.hidden)
            .map((r) => r.getBoundingClientRect())
            .filter((r) => r.bottom > (more ? more.top : list.bottom) + 1)
            .map((r) => `${Math.round(r.top)}–${Math.round(r.bottom)} past ${Math.round(more ? more.top : list.bottom)}`);
        });
        assert(cut.length === 0, `incident rows cut at the panel's edge: ${cut.join('; ')}`);
        const row = await w.page.waitForSelector(`[data-testid="incidents"] ${INJECTED}`, { timeout: 30_000 });
        const rt = (await row.textContent()) ?? '';
        assert(/МСК\+9/.test(rt) && /(растёт|держится)/.test(rt), `the incident row says since when (МСК+9) and its state: ${rt}`);
        assert(!(await w.page.textContent('body'))!.includes('555-12'), 'no personal data on a wall window');
      }
      await walls[0]!.page.screenshot({ path: join(ctx.artifacts, 'incidents-wall-banner-1920x1080.png') });

      // the console: listed, sound played, full messages, and no sound or console list on the wall
      const item = await desk.page.waitForSelector(`.ci-item${INJECTED}`, { timeout: 30_000 });
      await desk.page
        .waitForFunction(() => Number(document.querySelector('[data-testid="console-incidents"]')?.getAttribute('data-sound-played') ?? 0) >= 1, null, {
          timeout: 15_000,
        })
        .catch(async () => {
          const err = await desk.page.getAttribute('[data-testid="console-incidents"]', 'data-sound-error');
          throw new Error(`the console did not play its sound (error: ${err || 'none: never tried'})`);
        });
      for (const w of walls) assert((await w.page.$('[data-testid="console-incidents"]')) === null, 'wall windows have no console list (and no sound)');
      await (await item.$('[data-testid="incident-messages"]'))!.click();
      await desk.page.waitForFunction((sel) => /555-12-\d\d/.test(document.querySelector(`.ci-item${sel} .ci-messages`)?.textContent ?? ''), INJECTED, { timeout: 15_000 });

      // taken under control through the in-app dialog (never window.prompt)
      desk.page.on('dialog', () => {
        throw new Error('a native dialog was opened');
      });
      await (await item.$('[data-testid="mark-control"]'))!.click();
      await desk.page.waitForSelector('[data-testid="control-dialog"]');
      assert(await desk.page.isDisabled('[data-testid="control-confirm"]'), 'no mark without a comment');
      await desk.page.fill('[data-testid="control-comment"]', 'Аварийная бригада выехала');
      await desk.page.click('[data-testid="control-confirm"]');
      const marked = `${INJECTED}[data-mark="under_control"]`;
      await desk.page.waitForSelector(`.ci-item ${marked}`, { timeout: 15_000 });
      for (const w of walls) {
        const el = await w.page.waitForSelector(`[data-testid="incidents"] ${marked}`, { timeout: 30_000 });
        assert(/Взято на контроль/.test((await el.textContent()) ?? ''), 'the wall shows the mark in words');
      }
      await walls[0]!.page.screenshot({ path: join(ctx.artifacts, 'incidents-wall-marked-1920x1080.png') });
      await desk.page.screenshot({ path: join(ctx.artifacts, 'incidents-console.png') });
      for (const p of [...walls, desk]) {
        assert(p.errors.length === 0, `page errors: ${p.errors.join(' | ')}`);
        await p.page.close();
      }
    },
  },
];
