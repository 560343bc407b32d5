/** The wall in Chromium against `serve --demo kamchatka`: scenes, numbers = CLI, queue order, no personal data. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { KpiResult, QueueResult, RatingResult } from '../../shared/engine/types.js';
import { assert, eq, nonBackgroundShare, openWall, type E2eContext, type E2eTest } from './context.js';
import { GAUGE_PAGE_MS } from '../../shared/wall/legibility.js';

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

/**
 * One operational page at 1280×720 shared by the read-only checks below (one load instead of five:
 * with software WebGL every load costs seconds). The last of them closes it.
 */
let opsPage: Promise<Page> | null = null;
function ops(ctx: E2eContext): Promise<Page> {
  opsPage ??= openWall(ctx, '?scene=operational&display=e2e');
  return opsPage;
}
async function closeOps() {
  if (opsPage) await (await opsPage).close();
  opsPage = null;
}

/** Layout defects a wall must not have: clipped rows, cut headers, numbers over their rings, overlaps. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const R = (el: Element) => el.getBoundingClientRect();
    // rating: every shown row inside its list and above the «+N ещё» footer; headers not cut
    for (const list of document.querySelectorAll('.r-list')) {
      const box = R(list);
      const foot = list.querySelector('.r-more');
      const limit = foot ? R(foot).top : box.bottom;
      for (const tr of list.querySelectorAll('tbody tr')) if (R(tr).bottom > limit + 0.5) bad.push(`rating row ${tr.getAttribute('data-oktmo')} clipped`);
      for (const th of list.querySelectorAll('th')) if ((th as HTMLElement).scrollWidth > (th as HTMLElement).clientWidth + 1) bad.push(`rating header «${th.textContent}» cut`);
    }
    // queue: whole rows only
    for (const list of document.querySelectorAll('.q-list')) {
      const foot = list.querySelector('.q-more');
      const limit = foot ? R(foot).top : R(list).bottom;
      for (const li of list.querySelectorAll('li[data-id]')) if (R(li).bottom > limit + 0.5) bad.push(`queue row ${li.getAttribute('data-id')} clipped`);
    }
    // gauges: the value inside the ring's inner circle; the block name not cut
    for (const g of document.querySelectorAll('.gauge')) {
      const ring = R(g.querySelector('[data-ring]')!);
      const v = R(g.querySelector('.gauge-value')!);
      const inner = Math.min(ring.width, ring.height) * 0.78;
      if (v.width > inner * 0.95) bad.push(`gauge ${g.getAttribute('data-block')}: value ${v.width.toFixed(0)} px wide in a ${inner.toFixed(0)} px ring`);
      const name = g.querySelector('.gauge-name-text') as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(name);
      if (range.getBoundingClientRect().width > name.clientWidth + 0.5) bad.push(`gauge ${g.getAttribute('data-block')}: name cut`);
    }
    // map: legend and attribution do not overlap
    const lg = document.querySelector('[data-testid=legend]');
    const at = document.querySelector('[data-testid=attribution]');
    if (lg && at) {
      const a = R(lg), b = R(at);
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) bad.push('legend overlaps the attribution');
    }
    return bad;
  });
}

/**
 * The gauges of every page: at the legible size the blocks may not all fit one page
 * (shared/wall/legibility.ts gaugeGrid), and the pages turn every GAUGE_PAGE_MS; `read` runs on the
 * gauges of each page in turn, and the results are joined.
 */
async function everyGaugePage<T>(page: Page, read: (els: Element[]) => T[]): Promise<T[]> {
  const box = page.locator('[data-testid=gauges]');
  const pages = Number(await box.getAttribute('data-pages')) || 1;
  const out: T[] = [];
  for (let i = 0; i < pages; i++) {
    const at = await box.getAttribute('data-page');
    out.push(...(await page.locator('[data-testid=gauges] .gauge').evaluateAll(read)));
    if (i + 1 < pages)
      await page.waitForFunction((p) => document.querySelector('[data-testid=gauges]')?.getAttribute('data-page') !== p, at, { timeout: GAUGE_PAGE_MS + 8000 });
  }
  return out;
}

/** Share of the map panel's width and height the region's projected bounds take. */
async function regionFill(page: Page): Promise<{ w: number; h: number }> {
  return page.evaluate(() => {
    type Fc = { features: { geometry: { coordinates: unknown } }[] };
    const map = (window as unknown as {
      __wallMap: { project(p: [number, number]): { x: number; y: number }; getContainer(): HTMLElement; getStyle(): { sources: Record<string, { data: Fc }> } };
    }).__wallMap;
    const box = map.getContainer().getBoundingClientRect();
    const src = { _data: map.getStyle().sources.region!.data };
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') {
        const p = map.project([c[0] as number, c[1] as number]);
        x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
      } else if (Array.isArray(c)) for (const d of c) walk(d);
    };
    for (const f of src._data.features) walk(f.geometry.coordinates);
    return { w: (x1 - x0) / box.width, h: (y1 - y0) / box.height };
  });
}

/** The briefing's rating reaches every municipality (one page, or pages that turn). */
async function briefingReachesAll(ctx: E2eContext, page: Page) {
  const r = await page.locator('[data-testid=rating]').evaluate((el) => ({
    pages: Number(el.getAttribute('data-pages')),
    // a page's rows (the pages turn by the wall clock: the one shown may be the last, shorter one)
    rows: Number(el.getAttribute('data-per-page')),
    shown: el.querySelectorAll('tbody tr').length,
    more: !!el.querySelector('[data-testid=rating-more]'),
  }));
  const total = ctx.reference.municipalities.length;
  assert(!r.more, 'the briefing rating hides rows behind «+N ещё»');
  assert(r.shown > 0 && r.shown <= r.rows, `the briefing rating shows ${r.shown} rows on a page of ${r.rows}`);
  assert(r.rows * r.pages >= total, `the briefing rating reaches ${r.rows} × ${r.pages} of ${total} municipalities`);
}

export const tests: E2eTest[] = [
  {
    name: 'operational scene: map drawn, gauges drawn, screenshot 1280×720',
    async run(ctx) {
      const page = await ops(ctx);
      const mapShare = await nonBackgroundShare(page, '[data-testid=map] canvas', BG);
      assert(mapShare > 0.05, `map canvas looks blank (${(mapShare * 100).toFixed(1)} % non-background)`);
      const gaugeShare = await nonBackgroundShare(page, '[data-testid=gauges]', [14, 22, 40]);
      assert(gaugeShare > 0.05, `gauges look blank (${(gaugeShare * 100).toFixed(1)} %)`);
      const n = Number(await page.locator('[data-testid=gauges]').getAttribute('data-count'));
      assert(n >= 9, `expected 9 block gauges, got ${n}`);
      const g = await page.locator('[data-testid=gauges]').evaluate((el) => ({ shown: el.querySelectorAll('.gauge').length, perPage: Number(el.getAttribute('data-shown')), pages: Number(el.getAttribute('data-pages')) }));
      assert(g.shown > 0 && g.shown * g.pages >= n, `the gauge pages reach ${g.shown} × ${g.pages} of ${n} blocks`);
      const attr = await page.locator('[data-testid=attribution]').innerText();
      assert(/OpenStreetMap/.test(attr) && /ODbL/.test(attr), 'OSM attribution missing');
      const fill = await regionFill(page);
      assert(Math.max(fill.w, fill.h) > 0.9, `the region fills only ${(fill.w * 100).toFixed(0)} % × ${(fill.h * 100).toFixed(0)} % of the map panel`);
      const heat = await page.locator('[data-testid=legend]').getAttribute('data-heat-domain');
      assert(heat && heat.split(',').length === 2, 'the heat map has no fixed colour domain');
      eq(await layoutProblems(page), [], 'layout problems at 1280×720');
      await shot(ctx, page, 'operational-1280x720.png');
    },
  },
  {
    name: 'every gauge carries its block name, equal to the reference, in the block colour',
    async run(ctx) {
      const page = await ops(ctx);
      const shown = await everyGaugePage(page, (els) =>
        els.map((el) => {
          const name = el.querySelector('[data-testid=gauge-name]') as HTMLElement;
          const text = el.querySelector('.gauge-name-text') as HTMLElement;
          const ring = el.querySelector('[data-ring]')!.getBoundingClientRect();
          const nr = text.getBoundingClientRect();
          return {
            block: el.getAttribute('data-block')!,
            name: text.textContent!.trim(),
            colour: getComputedStyle(name).color,
            px: parseFloat(getComputedStyle(text).fontSize),
            visible: nr.width > 0 && nr.height > 0 && getComputedStyle(text).visibility !== 'hidden',
            beside: Math.abs(nr.top + nr.height / 2 - (ring.top + ring.height / 2)) < ring.height && nr.left >= ring.right - 1,
          };
        }),
      );
      eq(shown.length, ctx.reference.blocks.length, 'one gauge per reference block');
      for (const b of ctx.reference.blocks) {
        const g = shown.find((x) => x.block === b.id);
        assert(g, `no gauge for block ${b.id}`);
        eq(g.name, b.name, `name of the ${b.id} gauge`);
        assert(g.visible && g.beside, `the ${b.id} name is not shown beside its ring`);
        assert(g.px >= (720 / 1080) * 20, `the ${b.id} name is small (${g.px} px at 720 p)`);
      }
      const colours = new Set(shown.map((g) => g.colour));
      assert(colours.size === shown.length, `block names share colours: ${[...colours].join(' ')}`);
    },
  },
  {
    name: 'gauge numbers equal `kpi --by block` for the same window and now',
    async run(ctx) {
      const page = await ops(ctx);
      const w = await windowOf(page);
      const kpi = JSON.parse(ctx.cli(['kpi', '--cache', ctx.db, '--from', w.from, '--to', w.to, '--now', w.now, '--by', 'block', '--json'])) as KpiResult;
      const shown = await everyGaugePage(page, (els) =>
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
    },
  },
  {
    name: 'rating rows equal `rating` (order, score, incoming)',
    async run(ctx) {
      const page = await ops(ctx);
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
      const more = rating.rows.length - rows.length;
      if (more > 0) eq(norm(await page.locator('[data-testid=rating-more]').innerText()), `+${norm(nf0.format(more))} ещё`, 'rating «+N ещё»');
    },
  },
  {
    name: 'queue order and «+N ещё» equal `queue`',
    async run(ctx) {
      const page = await ops(ctx);
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
      // the overdue time ticks locally (the seeded queue has overdue items: fail, not skip, if not)
      const first = page.locator('[data-testid=queue] .q-overdue.bad').first();
      assert((await first.count()) > 0, 'no overdue item shown in the queue: the tick check would be vacuous');
      const a = await first.innerText();
      await page.waitForTimeout(2100);
      assert((await first.innerText()) !== a, 'overdue time does not tick');
    },
  },
  {
    name: 'no phone number, e-mail or full name from the data in the wall DOM',
    async run(ctx) {
      const page = await ops(ctx);
      const text = await page.evaluate(() => document.body.innerText + ' ' + document.body.textContent);
      const phones = new Set<string>();
      const emails = new Set<string>();
      const names = new Set<string>();
      for (const t of ctx.texts) {
        for (const m of t.matchAll(/(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}/g)) phones.add(m[0]);
        for (const m of t.matchAll(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu)) emails.add(m[0]);
        // «Имя Отчество» (with or without the surname around it), in any case form
        for (const m of t.matchAll(/[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|ич)(?:а|у|ем|е|ы|е|ой)?(?![а-яё])/gu)) names.add(m[0]);
      }
      // The demo texts carry every kind of personal data: a check that found none to look for would prove nothing.
      assert(phones.size > 10 && emails.size > 10 && names.size > 10, `too few personal data in the seed: ${phones.size} phones, ${emails.size} e-mails, ${names.size} names`);
      const leaks = [...phones, ...emails, ...names].filter((x) => text.includes(x));
      eq(leaks, [], 'personal data on the wall');
      assert(!/(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}/.test(text), 'a phone-like number on the wall');
      assert(!/[\w.+-]+@[\w-]+\.[a-z]{2,}/i.test(text), 'an e-mail on the wall');
      console.log(`      (checked ${phones.size} phones, ${emails.size} e-mails, ${names.size} names from ${ctx.texts.length} texts)`);
      await closeOps();
    },
  },
  {
    name: 'every scene renders (briefing, block, municipality)',
    async run(ctx) {
      let page: Page | undefined;
      for (const [scene, file] of [
        ['briefing', 'briefing-1280x720.png'],
        ['block:housing', 'block-housing-1280x720.png'],
        ['municipality:30701000', 'municipality-1280x720.png'],
      ] as const) {
        page = await openWall(ctx, `?scene=${encodeURIComponent(scene)}`, 1280, 720, page);
        eq(await page.locator('[data-testid=wall]').getAttribute('data-scene'), scene, 'scene');
        const title = await page.locator('[data-testid=scene-title]').innerText();
        assert(title.length > 3, `no title for ${scene}`);
        if (scene !== 'briefing') {
          const share = await nonBackgroundShare(page, '[data-testid=map] canvas', BG);
          assert(share > 0.05, `${scene}: map blank (${(share * 100).toFixed(1)} %)`);
        } else {
          const fig = await page.locator('[data-testid=briefing-figures] [data-field=incoming] [data-value]').innerText();
          assert(/\d/.test(fig), 'briefing figure missing');
          await briefingReachesAll(ctx, page);
        }
        eq(await layoutProblems(page), [], `layout problems in ${scene}`);
        await shot(ctx, page, file);
      }
      await page?.close();
    },
  },
  {
    name: 'console intent changes the wall scene',
    async run(ctx) {
      const wall = await openWall(ctx, '?display=1');
      const cons = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await cons.goto(ctx.consoleUrl);
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
    name: 'span mode: the two slices share one heat colour domain',
    async run(ctx) {
      const left = await openWall(ctx, '?scene=operational&slice=0,0,640,720&canvas=1280,720', 640, 720);
      const right = await openWall(ctx, '?scene=operational&slice=640,0,640,720&canvas=1280,720', 640, 720);
      // Which pixels each slice shows is compared with one 1280-px page in span.e2e.ts.
      const dl = await left.locator('[data-testid=legend]').getAttribute('data-heat-domain');
      const dr = await right.locator('[data-testid=legend]').getAttribute('data-heat-domain');
      assert(dl, 'no heat colour domain');
      eq(dr, dl, 'heat colour domain of the two slices');
      await left.screenshot({ path: join(ctx.artifacts, 'span-left.png') });
      await right.screenshot({ path: join(ctx.artifacts, 'span-right.png') });
      await left.close();
      await right.close();
    },
  },
  {
    name: 'per-display panel sets: ?panels= shows just those panels, filling the window',
    async run(ctx) {
      let page: Page | undefined;
      for (const [panels, expect] of [
        ['map,rating', ['map', 'rating']],
        ['gauges', ['gauges']],
        ['queue,briefing,ticker', ['queue', 'briefing']],
      ] as const) {
        page = await openWall(ctx, `?panels=${panels}&display=p`, 1280, 720, page);
        const cells = await page.locator('[data-testid=panel-set] > [data-panel]').evaluateAll((els) =>
          els.map((e) => ({ id: e.getAttribute('data-panel')!, area: e.getBoundingClientRect().width * e.getBoundingClientRect().height })),
        );
        eq(cells.map((c) => c.id), [...expect], `panels of ?panels=${panels}`);
        const set = await page.locator('[data-testid=panel-set]').boundingBox();
        const used = cells.reduce((a, c) => a + c.area, 0) / (set!.width * set!.height);
        assert(used > 0.85, `the panels fill only ${(used * 100).toFixed(0)} % of the window`);
        eq(await page.locator('[data-testid=ticker]').count(), panels.includes('ticker') ? 1 : 0, 'ticker only when asked for');
        for (const other of ['map', 'gauges', 'queue', 'rating'].filter((x) => !(expect as readonly string[]).includes(x) && !(x === 'rating' && panels.includes('briefing')))) {
          eq(await page.locator(`[data-testid=${other}]`).count(), 0, `${other} not asked for in ?panels=${panels}`);
        }
        eq(await layoutProblems(page), [], `layout problems in ?panels=${panels}`);
        await shot(ctx, page, `panels-${panels.replace(/,/g, '-')}-1280x720.png`);
      }
      await page?.close();
    },
  },
  {
    name: 'screenshots at 1920×1080 and 3840×2160',
    async run(ctx) {
      for (const [w, h] of [
        [1920, 1080],
        [3840, 2160],
      ] as const) {
        let page: Page | undefined;
        for (const scene of ['operational', 'briefing']) {
          page = await openWall(ctx, `?scene=${scene}`, w, h, page);
          await page.waitForTimeout(300);
          await shot(ctx, page, `${scene}-${w}x${h}.png`);
          eq(await layoutProblems(page), [], `layout problems in ${scene} ${w}×${h}`);
          if (scene === 'briefing') await briefingReachesAll(ctx, page);
          const small = await page.evaluate(() => {
            const bad: string[] = [];
            for (const el of document.querySelectorAll<HTMLElement>('.wall *')) {
              if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
              if (el.closest('.attribution, .gauge-stats dt, .gauge-unit, .r-cols, .r-page, .trend, .zone, .demo-tag, .clock-date, .q-text, .q-where, .bb-trend')) continue;
              const fs = parseFloat(getComputedStyle(el).fontSize);
              if (fs < (innerHeight / 1080) * 19.5) bad.push(`${el.className || el.tagName}:${fs}`);
            }
            return [...new Set(bad)].slice(0, 10);
          });
          eq(small, [], `text under 20 px (at 1080 p) in ${scene} ${w}×${h}`);
        }
        await page?.close();
      }
    },
  },
  {
    name: 'the live feed changes what is shown',
    async run(ctx) {
      const db2 = join(ctx.tmp, 'live.db');
      writeFileSync(join(ctx.tmp, '.live'), '');
      const url = await ctx.startServe(['--demo', 'kamchatka', '--cache', db2, '--port', '0', '--live', '600', '--scale', '20', '--days', '1', '--seed', '3']);
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
        throw new Error('no new data version within 30 s with --live 600 (is the demo live feed running?)');
      });
      await page.waitForTimeout(500);
      const t1 = await page.locator('[data-testid=ticker]').innerText();
      assert(t1 !== t0, 'ticker did not change with new data');
      await page.close();
    },
  },
];
