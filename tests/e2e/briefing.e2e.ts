/**
 * The briefing tells the story (issue 11): its title names the period («Брифинг: неделя 23–29
 * ноября»), it shows a sparkline of incoming per day on the region and each block, the subjects with
 * the most messages (as getTrends counts them) and «Главные проблемы» as subjects in places.
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
        };
      });
      assert(/^Брифинг: неделя (\d{1,2}–\d{1,2} [а-я]+|\d{1,2} [а-я]+ – \d{1,2} [а-я]+)$/.test(got.title), `the title names no week: «${got.title}»`);
      assert(got.sparks.length >= 2, `only ${got.sparks.length} sparklines (the region and each block)`);
      eq(got.sparks[0]!.days, 14, 'days in the region sparkline of a week');
      assert(got.sparks.every((s) => /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+/.test(s.path)), 'a sparkline without its line');
      assert(got.top.length >= 1, 'no top subjects on the briefing');
      assert(got.top.every((t) => /\d/.test(t.n)), 'a top subject without its count');
      assert(/за 7 дней/.test(got.subjectsHead) && /к предыдущим 7 дням/.test(got.subjectsHead), `the subjects name no period or comparison: «${got.subjectsHead}»`);
      for (const p of got.problems) assert(/ — .+(в работе|просрочено).* с \d{1,2} [а-я]+/.test(p), `a problem is not a subject in a place with its count and date: «${p}»`);
      await page.screenshot({ path: `${ctx.artifacts}/briefing-story-1920x1080.png` });
      await page.close();
    },
  },
];
