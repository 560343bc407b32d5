/**
 * Span mode (docs/kiosk.md, renderer/src/SpanRoot.tsx): two 640-px windows showing the slices
 * 0–640 and 640–1280 of one 1280×720 canvas must show, pixel for pixel, what one 1280-px page shows
 * on each side of the seam — the same layout, the same map camera, lines running straight across.
 */
import { join } from 'node:path';
import { assert, openWall, type E2eTest } from './context.js';
import { compareStrips } from './pixels.js';

const STRIP = 48; // pixels compared on each side of the seam

export const tests: E2eTest[] = [
  {
    name: 'span · the seam of two 640-px slices equals one 1280-px page, pixel for pixel',
    async run(ctx) {
      const q = 'scene=operational&display=span';
      const full = await openWall(ctx, `?${q}`, 1280, 720);
      const left = await openWall(ctx, `?${q}&slice=0,0,640,720&canvas=1280,720`, 640, 720);
      const right = await openWall(ctx, `?${q}&slice=640,0,640,720&canvas=1280,720`, 640, 720);
      // Let every canvas settle (fonts, the gauges' redraw), then shoot the three close together.
      await Promise.all([full, left, right].map((p) => p.evaluate(() => document.fonts.ready.then(() => undefined))));
      await full.waitForTimeout(500);
      const [F, L, R] = await Promise.all([full.screenshot(), left.screenshot(), right.screenshot()]);
      await left.screenshot({ path: join(ctx.artifacts, 'span-left.png') });
      await right.screenshot({ path: join(ctx.artifacts, 'span-right.png') });
      await full.screenshot({ path: join(ctx.artifacts, 'span-full.png') });
      // The slices are the page's halves: left's last columns = the page's columns before 640,
      // right's first columns = the page's columns from 640 (the clock's seconds and live text aside:
      // a few differing pixels are allowed, a shifted or re-laid-out slice differs nearly everywhere).
      // Rows compared: everything above the ticker — the header, the map, the gauges (their pages
      // turn by the wall clock, wallPageAt, so every window shows the same page), the queue and the
      // rating. The ticker scrolls continuously: windows shot a few milliseconds apart stand a few
      // pixels apart there, so it is left out (its phase follows the wall clock too, tickerDelayMs).
      const band = async (sel: string) => {
        const b = (await full.locator(sel).boundingBox())!;
        return [Math.floor(b.y), Math.ceil(b.y + b.height)] as const;
      };
      const [g0, g1] = await band('[data-testid=gauges]');
      const [t0] = await band('[data-testid=ticker]');
      const rows = ([[0, t0]] as [number, number][]).filter(([a, b]) => b - a > 20);
      // the seam crosses the gauges panel (else the pages' agreement would not be tested)
      const gb = (await full.locator('[data-testid=gauges]').boundingBox())!;
      assert(gb.x < 640 - STRIP && gb.x + gb.width > 640 + STRIP && g1 - g0 > 100, `the seam does not cross the gauges panel (${JSON.stringify(gb)})`);
      // and the same gauge page is shown on both sides
      const pageOf = (p: typeof full) => p.locator('[data-testid=gauges]').getAttribute('data-page');
      const pages = await Promise.all([full, left, right].map(pageOf));
      assert(pages[0] === pages[1] && pages[1] === pages[2], `gauge pages differ between the windows: ${pages.join(' / ')}`);
      console.log(`      (gauge page ${pages[0]} of ${await full.locator('[data-testid=gauges]').getAttribute('data-pages')} in all three windows)`);
      const cmp = async (a: Buffer, ax: number, bx: number) => {
        let differing = 0, mean = 0, n = 0;
        for (const [y0, y1] of rows) {
          const r = await compareStrips(full, a, ax, F, bx, STRIP, y1 - y0, 48, y0);
          differing += r.differing * (y1 - y0);
          mean += r.mean * (y1 - y0);
          n += y1 - y0;
        }
        return { differing: differing / n, mean: mean / n, rows: n };
      };
      const l = await cmp(L, 640 - STRIP, 640 - STRIP);
      const r = await cmp(R, 0, 640);
      assert(l.rows > 300, `only ${l.rows} rows compared`);
      console.log(`      (seam: left ${(l.differing * 100).toFixed(2)} % pixels differ, mean ${l.mean.toFixed(1)}; right ${(r.differing * 100).toFixed(2)} %, mean ${r.mean.toFixed(1)})`);
      assert(l.differing < 0.03, `left slice ≠ the page left of the seam: ${(l.differing * 100).toFixed(1)} % of pixels differ`);
      assert(r.differing < 0.03, `right slice ≠ the page right of the seam: ${(r.differing * 100).toFixed(1)} % of pixels differ`);
      // And the check has teeth: the right slice is NOT the page's left half (nor the left slice its right).
      const wrong = await cmp(R, 0, 0);
      assert(wrong.differing > 0.1, `the page looks the same at x=0 and x=640 (${(wrong.differing * 100).toFixed(1)} %): the seam check cannot tell slices apart`);
      for (const p of [full, left, right]) await p.close();
    },
  },
];
