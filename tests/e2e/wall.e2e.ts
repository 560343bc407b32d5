/** The wall in Chromium against `serve --demo kamchatka`: scenes, numbers = CLI, queue order, no personal data. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { KpiResult, QueueResult, RatingResult } from '../../shared/engine/types.js';
import { assert, eq, nonBackgroundShare, openWall, type E2eContext, type E2eTest } from './context.js';

const nf0 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = (x: number | null) => (x === null ? '—' : nf0.format(x * 100));
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();

async function windowOf(page: Page) {
  return page.locator('[data-testid=wall]').evaluate((el) => ({
    from: el.getAttribute('data-from')!,
    to: el.getAttribute('data-to')!,
    now: el.getAttribute('data-now')!,
  }));
}

async function shot(ctx: E2eContext, page: Page, name: string) {
  await page.screenshot({ path: join(ctx.artifacts, name) });
}

const BG: [number, number, number] = [10, 16, 32]; // map background #0a1020

export const tests: E2eTest[] = [
  {
    name: 'operational scene: map drawn, gauges drawn, screenshot 1280×720',
    async run(ctx) {
      const page = await openWall(ctx, '?scene=operational&display=e2e');
      const mapShare = await nonBackgroundShare(page, '[data-testid=map] canvas', BG);
      assert(mapShare > 0.05, `map canvas looks blank (${(mapShare * 100).toFixed(1)} % non-background)`);
      const gaugeShare = await nonBackgroundShare(page, '[data-testid=gauges]', [14, 22, 40]);
      assert(gaugeShare > 0.05, `gauges look blank (${(gaugeShare * 100).toFixed(1)} %)`);
      const n = await page.locator('[data-testid=gauges] .gauge').count();
      assert(n >= 9, `expected 9 block gauges, got ${n}`);
      const attr = await page.locator('[data-testid=attribution]').innerText();
      assert(/OpenStreetMap/.test(attr) && /ODbL/.test(attr), 'OSM attribution missing');
      await shot(ctx, page, 'operational-1280x720.png');
      await page.close();
    },
  },
  {
    name: 'gauge numbers equal `kpi --by block` for the same window and now',
    async run(ctx) {
      const page = await openWall(ctx, '?scene=operational');
      const w = await windowOf(page);
      const kpi = JSON.parse(ctx.cli(['kpi', '--cache', ctx.db, '--from', w.from, '--to', w.to, '--now', w.now, '--by', 'block', '--json'])) as KpiResult;
      const shown = await page.locator('[data-testid=gauges] .gauge').evaluateAll((els) =>
        els.map((el) => ({
          block: el.getAttribute('data-block'),
          onTimeRate: el.querySelector('[data-field=onTimeRate]')!.textContent!,
          overdue: el.querySelector('[data-field=overdue]')!.textContent!,
          incoming: el.querySelector('[data-field=incoming] [data-value]')!.textContent!,
        })),
      );
      let checked = 0;
      for (const g of kpi.groups) {
        const s = shown.find((x) => x.block === g.block);
        assert(s, `block ${g.block} not on the wall`);
        eq(norm(s.onTimeRate), norm(pct(g.onTimeRate)), `${g.block} on-time`);
        eq(norm(s.overdue), norm(nf0.format(g.overdue)), `${g.block} overdue`);
        eq(norm(s.incoming), norm(nf0.format(g.incoming)), `${g.block} incoming`);
        checked++;
      }
      assert(checked >= 9, `only ${checked} blocks compared`);
      assert(kpi.groups.some((g) => g.incoming > 0), 'no data in the window: the comparison would be vacuous');
      await page.close();
    },
  },
  {
    name: 'rating rows equal `rating` (order, score, incoming)',
    async run(ctx) {
      const page = await openWall(ctx, '?scene=operational');
      const w = await windowOf(page);
      const rating = JSON.parse(ctx.cli(['rating', '--cache', ctx.db, '--from', w.from, '--to', w.to, '--now', w.now, '--json'])) as RatingResult;
      const rows = await page.locator('[data-testid=rating] tr[data-oktmo]').evaluateAll((els) =>
        els.map((el) => ({
          oktmo: el.getAttribute('data-oktmo'),
          score: el.querySelector('[data-field=score]')!.textContent!,
          incoming: el.querySelector('[data-field=incoming]')!.textContent!,
        })),
      );
      assert(rows.length >= 5, `only ${rows.length} rating rows shown`);
      rows.forEach((r, i) => {
        const c = rating.rows[i]!;
        eq(r.oktmo, c.municipality, `rating row ${i + 1}`);
        eq(norm(r.score), c.score === null ? '—' : norm(nf1.format(c.score)), `score of ${c.municipality}`);
        eq(norm(r.incoming), norm(nf0.format(c.incoming)), `incoming of ${c.municipality}`);
      });
      await page.close();
    },
  },
  {
    name: 'queue order and «+N ещё» equal `queue`',
    async run(ctx) {
      const page = await openWall(ctx, '?scene=operational');
      const w = await windowOf(page);
      const q = JSON.parse(ctx.cli(['queue', '--cache', ctx.db, '--now', w.now, '--json'])) as QueueResult;
      const ids = await page.locator('[data-testid=queue] li[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      assert(q.items.length > 0, 'empty queue: the comparison would be vacuous');
      eq(ids, q.items.slice(0, ids.length).map((i) => i.id), 'queue order');
      const more = q.items.length - ids.length;
      if (more > 0) eq(norm(await page.locator('[data-testid=queue-more]').innerText()), `+${norm(nf0.format(more))} ещё`, '«+N ещё»');
      for (const l of [1, 2, 3] as const) {
        eq(norm(await page.locator(`[data-testid=queue-level-${l}]`).innerText()), norm(nf0.format(q.items.filter((i) => i.level === l).length)), `level ${l} count`);
      }
      // the overdue time ticks locally
      const first = page.locator('[data-testid=queue] .q-overdue.bad').first();
      if ((await first.count()) > 0) {
        const a = await first.innerText();
        await page.waitForTimeout(2100);
        assert((await first.innerText()) !== a, 'overdue time does not tick');
      }
      await page.close();
    },
  },
  {
    name: 'no phone number, e-mail or full name from the data in the wall DOM',
    async run(ctx) {
      const page = await openWall(ctx, '?scene=operational');
      const text = await page.evaluate(() => document.body.innerText + ' ' + document.body.textContent);
      const phones = new Set<string>();
      const emails = new Set<string>();
      const names = new Set<string>();
      for (const t of ctx.texts) {
        for (const m of t.matchAll(/(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}/g)) phones.add(m[0]);
        for (const m of t.matchAll(/[\w.+-]+@[\w-]+\.[\w.]+/g)) emails.add(m[0]);
        for (const m of t.matchAll(/[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(?:вич|вна|ична|ич)\b/g)) names.add(m[0]);
      }
      const leaks = [...phones, ...emails, ...names].filter((x) => text.includes(x));
      eq(leaks, [], 'personal data on the wall');
      assert(!/(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}/.test(text), 'a phone-like number on the wall');
      assert(!/[\w.+-]+@[\w-]+\.[a-z]{2,}/i.test(text), 'an e-mail on the wall');
      console.log(`      (checked ${phones.size} phones, ${emails.size} e-mails, ${names.size} names from ${ctx.texts.length} texts)`);
      await page.close();
    },
  },
  {
    name: 'every scene renders (briefing, block, municipality)',
    async run(ctx) {
      for (const [scene, file] of [
        ['briefing', 'briefing-1280x720.png'],
        ['block:housing', 'block-housing-1280x720.png'],
        ['municipality:30701000', 'municipality-1280x720.png'],
      ] as const) {
        const page = await openWall(ctx, `?scene=${encodeURIComponent(scene)}`);
        eq(await page.locator('[data-testid=wall]').getAttribute('data-scene'), scene, 'scene');
        const title = await page.locator('[data-testid=scene-title]').innerText();
        assert(title.length > 3, `no title for ${scene}`);
        if (scene !== 'briefing') {
          const share = await nonBackgroundShare(page, '[data-testid=map] canvas', BG);
          assert(share > 0.05, `${scene}: map blank (${(share * 100).toFixed(1)} %)`);
        } else {
          const fig = await page.locator('[data-testid=briefing-figures] [data-field=incoming] [data-value]').innerText();
          assert(/\d/.test(fig), 'briefing figure missing');
        }
        await shot(ctx, page, file);
        await page.close();
      }
    },
  },
  {
    name: 'console intent changes the wall scene',
    async run(ctx) {
      const wall = await openWall(ctx, '?display=1');
      const cons = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await cons.goto(`${ctx.url}/?role=console`);
      await cons.locator('.scene-list button[data-scene=briefing]').click({ timeout: 30_000 });
      await wall.waitForFunction(() => document.querySelector('[data-testid=wall]')?.getAttribute('data-scene') === 'briefing', null, { timeout: 20_000 });
      await cons.locator('.scene-list button[data-scene=operational]').click();
      await wall.waitForFunction(() => document.querySelector('[data-testid=wall]')?.getAttribute('data-scene') === 'operational', null, { timeout: 20_000 });
      await cons.screenshot({ path: join(ctx.artifacts, 'console-1280x800.png') });
      await cons.close();
      await wall.close();
    },
  },
  {
    name: 'span mode: two windows show adjacent slices of one canvas',
    async run(ctx) {
      const left = await openWall(ctx, '?scene=operational&slice=0,0,640,720&canvas=1280,720', 640, 720);
      const right = await openWall(ctx, '?scene=operational&slice=640,0,640,720&canvas=1280,720', 640, 720);
      const lx = await left.locator('[data-testid=map]').boundingBox();
      const rx = await right.locator('[data-testid=gauges]').boundingBox();
      assert(lx && lx.x >= 0 && lx.x < 640, 'left window shows the map');
      assert(rx && rx.x < 640, 'right window shows the gauges shifted into view');
      await left.screenshot({ path: join(ctx.artifacts, 'span-left.png') });
      await right.screenshot({ path: join(ctx.artifacts, 'span-right.png') });
      await left.close();
      await right.close();
    },
  },
  {
    name: 'screenshots at 1920×1080 and 3840×2160',
    async run(ctx) {
      for (const [w, h] of [
        [1920, 1080],
        [3840, 2160],
      ] as const) {
        for (const scene of ['operational', 'briefing']) {
          const page = await openWall(ctx, `?scene=${scene}`, w, h);
          await page.waitForTimeout(500);
          await shot(ctx, page, `${scene}-${w}x${h}.png`);
          const small = await page.evaluate(() => {
            const bad: string[] = [];
            for (const el of document.querySelectorAll<HTMLElement>('.wall *')) {
              if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
              if (el.closest('.attribution, .gauge-stats dt, .gauge-unit, .r-cols, .trend, .zone, .demo-tag, .clock-date, .q-text, .q-where, .bb-trend')) continue;
              const fs = parseFloat(getComputedStyle(el).fontSize);
              if (fs < (innerHeight / 1080) * 19.5) bad.push(`${el.className || el.tagName}:${fs}`);
            }
            return [...new Set(bad)].slice(0, 10);
          });
          eq(small, [], `text under 20 px (at 1080 p) in ${scene} ${w}×${h}`);
          await page.close();
        }
      }
    },
  },
  {
    name: 'the live feed changes what is shown',
    async run(ctx) {
      const db2 = join(ctx.tmp, 'live.db');
      writeFileSync(join(ctx.tmp, '.live'), '');
      const url = await ctx.startServe(['--demo', 'kamchatka', '--cache', db2, '--port', '0', '--live', '20', '--days', '1', '--seed', '3']);
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${url}/?scene=operational`);
      await page.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 90_000 });
      const v0 = await page.locator('[data-testid=wall]').getAttribute('data-data-version');
      const t0 = await page.locator('[data-testid=ticker]').innerText();
      await page.waitForFunction(
        (v) => document.querySelector('[data-testid=wall]')?.getAttribute('data-data-version') !== v,
        v0,
        { timeout: 30_000 },
      ).catch(() => {
        throw new Error('no new data version within 30 s with --live 20 (is the demo live feed running?)');
      });
      await page.waitForTimeout(500);
      const t1 = await page.locator('[data-testid=ticker]').innerText();
      assert(t1 !== t0, 'ticker did not change with new data');
      await page.close();
    },
  },
];
