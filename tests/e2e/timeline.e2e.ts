/**
 * The time machine on the wall (issue 10), in Chromium against its own `serve` (so the archive
 * never leaks into the other tests' wall state): the console drags and types the timeline to a
 * past instant; every wall window follows, shows the archive band and the archive clock, and its
 * numbers equal `kpi` / `rating` / `queue --now <that instant>`; playback advances the clock;
 * «В эфир» returns live. Screenshots of an archive view at 1920×1080 and 3840×2160.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { KpiResult, QueueResult, RatingResult } from '../../shared/engine/types.js';
import { REGIONS } from '../../shared/regions.js';
import { instantInputText, zonedToUtc } from '../../renderer/src/components/instant.js';
import { startServe } from '../support/serve.js';
import { assert, eq, openWall, type E2eContext, type E2eTest } from './context.js';

const TZ = REGIONS.kamchatka.timezone;
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

/** Waits until the wall window shows its view at `iso` (the band and the view's `now`). */
async function waitShown(page: Page, iso: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (want) =>
      document.querySelector('[data-testid=wall]')?.getAttribute('data-now') === want &&
      document.querySelector('[data-testid=archive-band]')?.getAttribute('data-instant') === want,
    iso,
    { timeout },
  );
}

/** The wall's numbers against the CLI at the wall's own window and instant. */
async function compareWithCli(ctx: E2eContext, page: Page): Promise<number> {
  const w = await windowOf(page);
  const kpi = JSON.parse(ctx.cli(['kpi', '--cache', ctx.db, '--from', w.from, '--to', w.to, '--now', w.now, '--by', 'block', '--json'])) as KpiResult;
  const gauges = await page.locator('[data-testid=gauges] .gauge').evaluateAll((els) =>
    els.map((el) => ({
      block: el.getAttribute('data-block'),
      onTimeRate: el.querySelector('[data-field=onTimeRate]')!.textContent!,
      overdue: el.querySelector('[data-field=overdue]')!.textContent!,
      incoming: el.querySelector('[data-field=incoming] [data-value]')!.textContent!,
    })),
  );
  let checked = 0;
  for (const g of kpi.groups) {
    // the gauges page through the blocks: compare those on screen
    const s = gauges.find((x) => x.block === g.block);
    if (!s) continue;
    eq(norm(s.onTimeRate), norm(pct(g.onTimeRate)), `${g.block} on-time at ${w.now}`);
    eq(norm(s.overdue), norm(nf0.format(g.overdue)), `${g.block} overdue at ${w.now}`);
    eq(norm(s.incoming), norm(nf0.format(g.incoming)), `${g.block} incoming at ${w.now}`);
    checked++;
  }
  // the gauges page through the blocks (legibility reflow): those on screen are compared, at least one
  assert(checked >= 1, `no gauge compared at ${w.now}`);
  assert(kpi.groups.some((g) => g.incoming > 0), `no data at ${w.now}: the comparison would be vacuous`);

  const rating = JSON.parse(ctx.cli(['rating', '--cache', ctx.db, '--from', w.from, '--to', w.to, '--now', w.now, '--json'])) as RatingResult;
  const rows = await page.locator('[data-testid=rating] tr[data-oktmo]').evaluateAll((els) =>
    els.map((el) => ({ oktmo: el.getAttribute('data-oktmo'), score: el.querySelector('[data-field=score]')!.textContent! })),
  );
  assert(rows.length >= 3, `only ${rows.length} rating rows shown`);
  rows.forEach((r, i) => {
    const c = rating.rows[i]!;
    eq(r.oktmo, c.municipality, `rating row ${i + 1} at ${w.now}`);
    eq(norm(r.score), c.score === null ? '—' : norm(nf1.format(c.score)), `score of ${c.municipality} at ${w.now}`);
  });

  const q = JSON.parse(ctx.cli(['queue', '--cache', ctx.db, '--now', w.now, '--json'])) as QueueResult;
  const ids = await page.locator('[data-testid=queue] li[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  assert(q.items.length > 0, `empty queue at ${w.now}: the comparison would be vacuous`);
  eq(ids, q.items.slice(0, ids.length).map((i) => i.id), `queue order at ${w.now}`);
  for (const l of [1, 2, 3] as const) {
    eq(norm(await page.locator(`[data-testid=queue-level-${l}]`).innerText()), norm(nf0.format(q.items.filter((i) => i.level === l).length)), `level ${l} count at ${w.now}`);
  }
  return checked + rows.length + ids.length;
}

/** 14:00 in the region, `daysBack` days before today. */
function pastAfternoon(daysBack: number): number {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() - daysBack * 86_400_000);
  const [y, m, d] = p.split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, m, d, 14, 0, TZ);
}

export const tests: E2eTest[] = [
  {
    name: 'time machine: drag and type the timeline; every window follows at the instant = CLI; playback; «В эфир»',
    async run(ctx) {
      const served = await startServe(['--demo', 'kamchatka', '--cache', ctx.db, '--port', '0', '--live', '0', '--seed', '7']);
      const url = served.url;
      const own: E2eContext = { ...ctx, url };
      const wallA = await openWall(own, '?scene=operational&display=tm-1', 1920, 1080);
      // a second window without the map (lighter under software WebGL): the same instant, its own panels
      const wallB = await openWall(own, '?scene=operational&panels=gauges,queue,rating&display=tm-2', 1920, 1080);
      const cons = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
      try {
        const pageErrors: string[] = [];
        cons.on('pageerror', (e) => pageErrors.push(e.message));
        await cons.goto(served.consoleUrl);
        const chart = cons.locator('[data-testid=timeline-chart]');
        await cons.waitForFunction(() => !!document.querySelector('[data-testid=timeline-chart]')?.getAttribute('data-from'), null, { timeout: 60_000 }).catch(async (e: Error) => {
          await cons.screenshot({ path: join(ctx.artifacts, 'console-timeline-failed.png') });
          const err = await cons.locator('[data-testid=timeline-error]').allInnerTexts();
          throw new Error(`no timeline on the console (${err.join(' ')}; page errors: ${pageErrors.join(' | ')}): ${e.message}`);
        });
        eq(await cons.locator('[data-testid=timeline]').getAttribute('data-archive'), 'false', 'console starts live');
        assert((await wallA.locator('[data-testid=archive-band]').count()) === 0, 'a live wall shows no archive band');

        // 1. Drag the timeline to two days back.
        const from = Date.parse((await chart.getAttribute('data-from'))!);
        const to = Date.parse((await chart.getAttribute('data-to'))!);
        const box = (await chart.boundingBox())!;
        const target = pastAfternoon(2);
        const x = box.x + ((target - from) / (to - from)) * box.width;
        await cons.mouse.move(x - 60, box.y + box.height / 2);
        await cons.mouse.down();
        await cons.mouse.move(x - 30, box.y + box.height / 2, { steps: 4 });
        await cons.mouse.move(x, box.y + box.height / 2, { steps: 4 });
        await cons.mouse.up();
        await cons
          .waitForFunction(() => document.querySelector('[data-testid=timeline]')?.getAttribute('data-archive') === 'true', null, { timeout: 60_000 })
          .catch(async (e: Error) => {
            await cons.screenshot({ path: join(ctx.artifacts, 'console-timeline-failed.png') });
            const err = await cons.locator('[data-testid=timeline-error]').allInnerTexts();
            throw new Error(`the console did not go to the archive after the drag (${err.join(' ') || 'no error shown'}): ${e.message}`);
          });
        await wallA.waitForFunction(() => !!document.querySelector('[data-testid=archive-band]'), null, { timeout: 60_000 });
        const dragged = (await wallA.locator('[data-testid=archive-band]').getAttribute('data-instant'))!;
        assert(Math.abs(Date.parse(dragged) - target) < 3 * 3_600_000, `the drag landed at ${dragged}, far from ${new Date(target).toISOString()}`);
        await waitShown(wallA, dragged);
        await waitShown(wallB, dragged);
        const n1 = await compareWithCli(ctx, wallA);

        // 2. Type an instant (ru-RU, region zone): both windows follow; time from the press to both redrawn.
        const typedAt = pastAfternoon(3);
        const typedIso = new Date(typedAt).toISOString();
        await cons.locator('[data-testid=timeline-input]').fill(instantInputText(typedAt, TZ));
        const t0 = Date.now();
        await cons.locator('[data-testid=timeline-show]').click();
        await Promise.all([waitShown(wallA, typedIso), waitShown(wallB, typedIso)]);
        const scrubMs = Date.now() - t0;
        const band = norm(await wallA.locator('[data-testid=archive-band]').first().innerText());
        assert(/^АРХИВ · [а-я]{2} \d{1,2} [а-я]+ 14:00 \(МСК\+9\)/.test(band), `band reads «${band}»`);
        const clock = wallA.locator('[data-testid=clock]');
        eq(await clock.getAttribute('data-archive'), typedIso, 'the clock shows the archive instant');
        assert(norm((await clock.textContent()) ?? '').includes('архив'), 'the archive clock says «архив»');
        // no archive panel reads «now»: the states at an instant say the instant shown
        const heads = await wallA.locator('.panel-head h2, [data-testid=gauges-compare]').allInnerTexts();
        const saysNow = heads.map(norm).filter((h) => /сейчас/.test(h));
        eq(saysNow, [], 'archive panels that say «сейчас»');
        eq(norm(await wallA.locator('[data-testid=queue] .panel-head h2').innerText()), 'Очередь эскалации на 14:00', 'the archive queue head');
        const n2 = await compareWithCli(ctx, wallB);
        console.log(`      (drag to ${dragged}, typed ${typedIso}; ${n1 + n2} figures equal the CLI; typed instant to both windows redrawn: ${scrubMs} ms)`);

        // 3. Play at ×3600: the clock advances (an hour of the region per second).
        await cons.locator('[data-testid=timeline-speed-3600]').click();
        await cons.locator('[data-testid=timeline-play]').click();
        await wallB.waitForFunction((t) => Date.parse(document.querySelector('[data-testid=clock]')?.getAttribute('data-archive') ?? '') > t + 1_800_000, typedAt, { timeout: 60_000 });
        const c1 = Date.parse((await wallB.locator('[data-testid=clock]').getAttribute('data-archive'))!);
        const r0 = Date.now();
        // ×3600: an hour of the region per second (a loaded machine renders the clock less often)
        await wallB.waitForFunction((t) => Date.parse(document.querySelector('[data-testid=clock]')?.getAttribute('data-archive') ?? '') >= t + 3_600_000, c1, { timeout: 60_000 });
        console.log(`      (playback ×3600: the clock moved an hour of the region in ${Date.now() - r0} ms)`);
        // every window's view follows the playing instant (its `now` moves on with the clock)
        await wallB.waitForFunction((t) => Date.parse(document.querySelector('[data-testid=wall]')?.getAttribute('data-now') ?? '') > t + 1_800_000, typedAt, { timeout: 60_000 });
        await cons.locator('[data-testid=timeline-pause]').click();
        await cons.waitForSelector('[data-testid=timeline-play]', { timeout: 10_000 });

        // 4. «В эфир»: one press, every window live again.
        const l0 = Date.now();
        await cons.locator('[data-testid=go-live]').click();
        for (const p of [wallA, wallB]) {
          await p.waitForFunction(() => !document.querySelector('[data-testid=archive-band]') && !document.querySelector('[data-testid=clock]')?.hasAttribute('data-archive'), null, { timeout: 60_000 });
          await p.waitForFunction((t) => Date.parse(document.querySelector('[data-testid=wall]')?.getAttribute('data-now') ?? '') >= t - 2000, l0, { timeout: 60_000 });
        }
        eq(await cons.locator('[data-testid=timeline]').getAttribute('data-archive'), 'false', 'console back live');
        await wallA.close();
        await wallB.close();

        // 5. Screenshots of an archive view (fresh windows, one at a time: software WebGL is slow at 4K).
        await cons.locator('[data-testid=timeline-input]').fill(instantInputText(typedAt, TZ));
        await cons.locator('[data-testid=timeline-show]').click();
        await cons.waitForFunction(() => document.querySelector('[data-testid=timeline]')?.getAttribute('data-archive') === 'true', null, { timeout: 60_000 });
        await cons.screenshot({ path: join(ctx.artifacts, 'console-timeline-1400x900.png') });
        for (const [w, h] of [[1920, 1080], [3840, 2160]] as const) {
          const p = await openWall(own, '?scene=operational&display=tm-shot', w, h);
          await waitShown(p, typedIso, 60_000);
          await p.screenshot({ path: join(ctx.artifacts, `archive-${w}x${h}.png`) });
          await p.close();
        }
        await cons.locator('[data-testid=go-live]').click();
      } finally {
        await cons.close();
        if (!wallA.isClosed()) await wallA.close();
        if (!wallB.isClosed()) await wallB.close();
        served.proc.kill('SIGTERM');
      }
    },
  },
];
