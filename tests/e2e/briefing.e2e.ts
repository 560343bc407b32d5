/**
 * The briefing tells the story (issue 11): its title names the period («Брифинг: неделя 23–29
 * ноября»), it shows a sparkline of incoming per day on the region and each block, the subjects with
 * the most messages (as getTrends counts them) and «Главные проблемы» as subjects in places; the
 * console's «Период брифинга» turns every wall window's briefing from the week to the month.
 */
import { assert, eq, openWall, type E2eContext, type E2eTest } from './context.js';

export const tests: E2eTest[] = [
  {
    name: 'briefing: the period in its title, sparklines of incoming per day, top subjects, problems grouped',
    async run(ctx: E2eContext) {
      const page = await openWall(ctx, '?scene=briefing&display=story', 1920, 1080);
      const got = await page.evaluate(() => {
        const q = (s: string) => [...document.querySelectorAll(s)];
        return {
          title: document.querySelector('[data-testid=scene-title]')?.textContent ?? '',
          sparks: q('[data-testid=brief-trend] [data-testid=sparkline]').map((e) => ({ days: Number(e.getAttribute('data-days')), path: e.querySelector('path')?.getAttribute('d') ?? '' })),
          top: q('[data-testid=top-subjects] li[data-category]').map((e) => ({ id: e.getAttribute('data-category'), n: e.querySelector('.bs-num')?.textContent ?? '' })),
          problems: q('[data-testid=problems] li[data-category]').map((e) => e.textContent ?? ''),
          subjectsHead: document.querySelector('[data-testid=brief-subjects] .panel-head')?.textContent ?? '',
          overdue: Number((document.querySelector('[data-field=overdue] .fig-value')?.textContent ?? '').replace(/\D/g, '') || '0'),
          empty: document.querySelector('[data-testid=problems] li.empty')?.textContent ?? null,
        };
      });
      assert(/^Брифинг: неделя (\d{1,2}–\d{1,2} [а-я]+|\d{1,2} [а-я]+ – \d{1,2} [а-я]+)$/.test(got.title), `the title names no week: «${got.title}»`);
      assert(got.sparks.length >= 2, `only ${got.sparks.length} sparklines (the region and each block)`);
      eq(got.sparks[0]!.days, 14, 'days in the region sparkline of a week');
      assert(got.sparks.every((s) => /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+/.test(s.path)), 'a sparkline without its line');
      assert(got.top.length >= 1, 'no top subjects on the briefing');
      assert(got.top.every((t) => /\d/.test(t.n)), 'a top subject without its count');
      assert(/за 7 дней/.test(got.subjectsHead) && /к предыдущим 7 дням/.test(got.subjectsHead), `the subjects name no period or comparison: «${got.subjectsHead}»`);
      // messages overdue: «Главные проблемы» show at least one subject in a place, never «нет тем»
      if (got.overdue > 0) {
        assert(got.problems.length >= 1, `${got.overdue} overdue, yet no problem on the briefing («${got.empty}»)`);
        eq(got.empty, null, 'an empty-list line beside overdue messages');
      }
      for (const p of got.problems) assert(/ — .+(в работе|просрочено).* с \d{1,2} [а-я]+/.test(p), `a problem is not a subject in a place with its count and date: «${p}»`);
      await page.screenshot({ path: `${ctx.artifacts}/briefing-story-1920x1080.png` });
      await page.close();
    },
  },
  {
    name: 'briefing: the console sets the briefing to a month and back; every wall window’s title says so',
    async run(ctx: E2eContext) {
      const story = await openWall(ctx, '?scene=briefing&display=story', 1920, 1080);
      const plain = await openWall(ctx, '?scene=briefing', 1280, 720);
      const cons = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      cons.on('pageerror', (e) => errors.push(e.message));
      try {
        await cons.goto(ctx.consoleUrl);
        const group = cons.getByRole('group', { name: 'Период брифинга' });
        const month = group.getByRole('button', { name: 'Месяц (30 дней)', exact: true });
        const week = group.getByRole('button', { name: 'Неделя (7 дней)', exact: true });
        await month.waitFor({ timeout: 30_000 });
        const title = (p: typeof story) => p.locator('[data-testid=scene-title]').innerText();
        const titleLike = (p: typeof story, re: string) =>
          p.waitForFunction((r) => new RegExp(r).test(document.querySelector('[data-testid=scene-title]')?.textContent ?? ''), re, { timeout: 30_000 });
        const RANGE = '(\\d{1,2}–\\d{1,2} [а-я]+|\\d{1,2} [а-я]+ – \\d{1,2} [а-я]+)$';
        // the week first (as the other tests expect it)
        if ((await week.getAttribute('aria-pressed')) !== 'true') await week.click();
        await titleLike(story, `^Брифинг: неделя ${RANGE}`);
        eq(await week.getAttribute('aria-pressed'), 'true', 'the week marked on the console');

        await month.click();
        await titleLike(story, `^Брифинг: месяц ${RANGE}`);
        await titleLike(plain, `^Брифинг: месяц ${RANGE}`);
        eq(await month.getAttribute('aria-pressed'), 'true', 'the month marked on the console');
        eq(await week.getAttribute('aria-pressed'), 'false', 'the week no longer marked');
        // the month's figures: 30 days of the region's sparkline, the subjects of 30 days
        await story.waitForFunction(() => document.querySelector('[data-testid=brief-trend] [data-testid=sparkline]')?.getAttribute('data-days') === '30', null, { timeout: 30_000 });
        const head = await story.locator('[data-testid=brief-subjects] .panel-head').innerText();
        assert(/за 30 дней/.test(head) && /к предыдущим 30 дням/.test(head), `the month’s subjects name no period: «${head}»`);
        await story.screenshot({ path: `${ctx.artifacts}/briefing-month-1920x1080.png` });
        await cons.getByRole('complementary', { name: 'Что показывает стена' }).screenshot({ path: `${ctx.artifacts}/console-briefing-period.png` });

        await week.click();
        await titleLike(story, `^Брифинг: неделя ${RANGE}`);
        await titleLike(plain, `^Брифинг: неделя ${RANGE}`);
        assert(/^Брифинг: неделя/.test(await title(plain)), 'the second wall window kept the month');
        eq(errors, [], 'no console page errors');
      } finally {
        await cons.close();
        await plain.close();
        await story.close();
      }
    },
  },
];
