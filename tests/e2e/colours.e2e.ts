/**
 * Colours a viewer reads meaning from: each gauge's arc is drawn in ITS block's colour
 * (shared/blocks.ts), and each rating row's zone chip has the colour and the word of the zone that
 * `rating` computes (green / yellow / red).
 */
import { BLOCK_COLOURS } from '../../shared/blocks.js';
import type { RatingResult } from '../../shared/engine/types.js';
import type { Page } from 'playwright-core';
import { GAUGE_PAGE_MS } from '../../shared/wall/legibility.js';
import { assert, eq, openWall, type E2eTest } from './context.js';
import { hexRgb, hueSat, pixelsAt } from './pixels.js';

/** Renderer constants of the gauge arcs (renderer/src/panels/gauges/Gauges.tsx). */
const START = Math.PI * 1.25;
const SWEEP = Math.PI * 1.5;

/** The white target tick crosses both rings at 60 % of the sweep (the satisfaction target): probe away from it. */
const TARGET = 0.6;
const fracsOf = (onTime: number) => [0.3, 0.5, 0.7].map((f) => (Math.abs(onTime * f - TARGET) < 0.06 ? f - 0.15 : f));

async function probePage(page: Page): Promise<{ bad: string[]; probed: number; page: string | null }> {
  const shownPage = await page.locator('[data-testid=gauges]').getAttribute('data-page');
  const gauges = await page.locator('[data-testid=gauges] .gauge').evaluateAll((els) =>
    els.map((el) => {
      const r = el.querySelector('[data-ring]')!.getBoundingClientRect();
      return {
        block: el.getAttribute('data-block')!,
        onTime: Number(el.querySelector('[data-field=onTimeRate]')!.textContent!.replace(/[^\d]/g, '')) / 100,
        shown: el.querySelector('[data-field=onTimeRate]')!.textContent!.trim(),
        cx: r.left + r.width / 2,
        cy: r.top + r.height / 2,
        R: Math.min(r.width, r.height) / 2,
      };
    }),
  );
  // Points on the outer (on-time) arc at 30 %, 50 % and 70 % of its sweep; at each, three radii
  // across its band (an antialiased edge pixel is a blend): the best of the three must be the
  // block's colour at EVERY one of the angles (another palette colour is ≥ 30 off in a channel).
  const targets = gauges.filter((g) => /\d/.test(g.shown) && g.onTime >= 0.1 && g.block in BLOCK_COLOURS);
  const FRACS = fracsOf(0);
  const RADII = [-0.3, 0, 0.3];
  const probes = targets.flatMap((g) => {
    const thick = g.R * 0.11;
    return fracsOf(g.onTime).flatMap((f) => RADII.map((dr) => {
      const a = START - SWEEP * g.onTime * f;
      const rm = g.R - thick / 2 + dr * thick;
      return { x: g.cx + Math.cos(a) * rm, y: g.cy - Math.sin(a) * rm };
    }));
  });
  const got = await pixelsAt(page, await page.screenshot(), probes);
  const bad: string[] = [];
  const per = FRACS.length * RADII.length;
  targets.forEach((g, gi) => {
    const want = hexRgb(BLOCK_COLOURS[g.block as keyof typeof BLOCK_COLOURS]);
    const dist = (px: [number, number, number]) => Math.max(...px.map((c, k) => Math.abs(c - want[k]!)));
    fracsOf(g.onTime).forEach((f, fi) => {
      const at = got.slice(gi * per + fi * RADII.length, gi * per + (fi + 1) * RADII.length);
      const best = at.reduce((b, px) => (dist(px) < dist(b) ? px : b));
      if (dist(best) > 14) bad.push(`${g.block} at ${f * 100} % of its arc: rgb(${best.join(',')}), block colour rgb(${want.join(',')})`);
    });
  });
  // The page must not have turned while reading.
  const after = await page.locator('[data-testid=gauges]').getAttribute('data-page');
  return { bad, probed: targets.length, page: after === shownPage ? shownPage : '(turned)' };
}

export const tests: E2eTest[] = [
  {
    name: 'colours · each gauge’s arc is drawn in its block’s colour from shared/blocks.ts',
    async run(ctx) {
      const page = await openWall(ctx, '?scene=operational&display=colours', 1280, 720);
      await page.waitForTimeout(300);
      // At the legible size the gauges may come in pages that turn every GAUGE_PAGE_MS: probe each page.
      const box = page.locator('[data-testid=gauges]');
      const pages = Number(await box.getAttribute('data-pages')) || 1;
      const bad: string[] = [];
      let probed = 0;
      for (let pi = 0; pi < pages; pi++) {
        const at = await box.getAttribute('data-page');
        // A page may turn between reading the rings and the screenshot: then read again.
        let r = await probePage(page);
        for (let k = 0; k < 3 && r.page !== (await box.getAttribute('data-page')); k++) {
          await page.waitForTimeout(800);
          r = await probePage(page);
        }
        bad.push(...r.bad);
        probed += r.probed;
        if (pi + 1 < pages) {
          await page.waitForFunction((p) => document.querySelector('[data-testid=gauges]')?.getAttribute('data-page') !== p, at, { timeout: GAUGE_PAGE_MS + 8000 });
          await page.waitForTimeout(500);
        }
      }
      assert(probed >= 5, `only ${probed} gauges with an on-time arc to probe`);
      eq(bad, [], 'gauge arcs not in their block colour');
      await page.close();
    },
  },
  {
    name: 'colours · each rating row’s zone chip has the colour and word of its `rating` zone',
    async run(ctx) {
      const page = await openWall(ctx, '?scene=operational&display=colours', 1280, 720);
      const w = await page.locator('[data-testid=wall]').evaluate((el) => ({ from: el.getAttribute('data-from')!, to: el.getAttribute('data-to')!, now: el.getAttribute('data-now')! }));
      const rating = JSON.parse(ctx.cli(['rating', '--cache', ctx.db, '--from', w.from, '--to', w.to, '--now', w.now, '--json'])) as RatingResult;
      const rows = await page.locator('[data-testid=rating] tr[data-oktmo]').evaluateAll((els) =>
        els.map((el) => {
          const chip = el.querySelector('.zone') as HTMLElement;
          const m = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(chip).backgroundColor)!;
          // The word after any icon («⚠ красная»).
          return { oktmo: el.getAttribute('data-oktmo')!, word: chip.textContent!.trim().replace(/^[^а-яёА-ЯЁ]+/, ''), rgb: [Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number] };
        }),
      );
      assert(rows.length >= 5, `only ${rows.length} rating rows`);
      const WORD = { green: /^зел[её]н/, yellow: /^ж[её]лт/, red: /^красн/ } as const;
      // Hue bands: green 90–180°, yellow 45–75°, red/vermilion −20–35°; saturated.
      const HUE = { green: [90, 180], yellow: [45, 75], red: [-20, 35] } as const;
      const zones = new Set<string>();
      for (const r of rows) {
        const c = rating.rows.find((x) => x.municipality === r.oktmo);
        assert(c, `${r.oktmo} not in \`rating\``);
        if (c.zone === 'none') continue;
        zones.add(c.zone);
        assert(WORD[c.zone].test(r.word), `${r.oktmo}: zone ${c.zone}, chip says «${r.word}»`);
        const hs = hueSat(r.rgb);
        const hue = hs.hue > 330 ? hs.hue - 360 : hs.hue; // red wraps round 0°: 359.7° is −0.3°
        const sat = hs.sat;
        const [lo, hi] = HUE[c.zone];
        assert(sat > 0.5 && hue >= lo && hue <= hi, `${r.oktmo}: zone ${c.zone}, chip rgb(${r.rgb.join(',')}) hue ${hue.toFixed(0)}°`);
      }
      assert(zones.size >= 2, `the rows shown cover only the zones ${[...zones].join(', ') || '—'}: colours cannot be told apart`);
      await page.close();
    },
  },
];
