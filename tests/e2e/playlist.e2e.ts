/**
 * The console's playlist and pin controls, in the UI (Console.tsx; the wall state's rules in
 * shared/bridge/wallState.ts): «Вперёд ▶» / «◀ Назад» move the wall through the playlist,
 * «Пауза» / «Продолжить» toggle, «Закрепить» pins the scene (the console says so) and «Открепить»
 * releases it. Leaves the wall as it found it (operational, not paused, not pinned).
 */
import type { Page } from 'playwright-core';
import { assert, openWall, type E2eTest } from './context.js';

const sceneOf = (wall: Page) => wall.locator('[data-testid=wall]').getAttribute('data-scene');

async function sceneChange(wall: Page, from: string | null): Promise<string> {
  await wall.waitForFunction((f) => document.querySelector('[data-testid=wall]')?.getAttribute('data-scene') !== f, from, { timeout: 30_000 });
  return (await sceneOf(wall))!;
}

export const tests: E2eTest[] = [
  {
    name: 'playlist · the console moves the wall through its playlist, pauses, pins and unpins it',
    async run(ctx) {
      const wall = await openWall(ctx, '?display=1');
      const cons = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await cons.goto(ctx.consoleUrl);
      const button = (text: string) => cons.getByRole('complementary', { name: 'Что показывает стена' }).getByRole('button', { name: text, exact: true });
      await button('Вперёд ▶').waitFor({ timeout: 30_000 });
      const s0 = await sceneOf(wall);
      await button('Вперёд ▶').click();
      const s1 = await sceneChange(wall, s0);
      assert(s1 !== s0, 'Вперёд did not change the scene');
      await button('◀ Назад').click();
      const back = await sceneChange(wall, s1);
      assert(back === s0, `Назад went to ${back}, not back to ${s0}`);

      await button('❚❚ Пауза').click();
      await button('▶ Продолжить').waitFor({ timeout: 10_000 });
      await button('▶ Продолжить').click();
      await button('❚❚ Пауза').waitFor({ timeout: 10_000 });

      const sceneNow = cons.getByTestId('console-scene');
      assert(!/закреплена/.test(await sceneNow.innerText()), 'pinned before «Закрепить»');
      await button('Закрепить').click();
      await cons.waitForFunction(() => /закреплена/.test(document.querySelector('[data-testid=console-scene]')?.textContent ?? ''), null, { timeout: 10_000 });
      await button('Открепить').waitFor({ timeout: 10_000 });
      // A pinned scene stays: the wall still shows it.
      assert((await sceneOf(wall)) === s0, 'pinning changed the scene');
      await button('Открепить').click();
      await button('Закрепить').waitFor({ timeout: 10_000 });
      assert(!/закреплена/.test(await sceneNow.innerText()), 'still marked pinned after «Открепить»');

      // Leave the wall as the other tests expect it.
      await cons.locator('button[data-scene=operational]').click();
      if ((await sceneOf(wall)) !== 'operational')
        await wall.waitForFunction(() => document.querySelector('[data-testid=wall]')?.getAttribute('data-scene') === 'operational', null, { timeout: 20_000 });
      await cons.close();
      await wall.close();
    },
  },
];
