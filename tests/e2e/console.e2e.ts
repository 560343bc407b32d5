/**
 * The duty officer's console in Chromium against `serve --demo kamchatka`: its queue is its own
 * (the wall shows a block scene meanwhile), it filters, opens a card with the full text, and
 * acknowledges, assigns through the dialog (choosing an executor) and resolves — each action seen
 * in the card queued → accepted by the demo's central API, and the message's change coming back
 * (status, assignee); an action queued with the `act` command on the hub's cache that conflicts
 * (resolving an answered message) shows failed with the server's reason.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { assert, eq, openWall, type E2eContext, type E2eTest } from './context.js';

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const num = (s: string) => Number(norm(s).replace(/\s/g, ''));

/** Records every action state any `.cs-state` element of the page ever shows (type:state). */
async function recordStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    const seen = () => {
      for (const el of document.querySelectorAll('[data-testid=console-card] .cs-state')) {
        const k = `${el.getAttribute('data-action-type') ?? '?'}:${el.getAttribute('data-state')}${el.getAttribute('data-applied') === 'true' ? '+applied' : ''}`;
        if (w.__states.at(-1) !== k && !w.__states.includes(k)) w.__states.push(k);
      }
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}
const states = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

async function cardAttr(page: Page, attr: string): Promise<string | null> {
  return page.locator('[data-testid=console-card]').getAttribute(attr);
}

/** Waits until the card's newest action of `type` is accepted and its revision has come back. */
async function waitApplied(page: Page, type: string) {
  await page.waitForFunction(
    (t) => {
      const li = [...document.querySelectorAll('[data-testid=card-actions] li')].find((x) => x.querySelector(`.cs-state[data-action-type="${t}"]`));
      return li?.querySelector('.cs-state')?.getAttribute('data-applied') === 'true';
    },
    type,
    { timeout: 15_000 },
  );
}

export const tests: E2eTest[] = [
  {
    name: 'console: its own queue, filters, card, acknowledge → assign (dialog) → resolve, each change seen',
    async run(ctx: E2eContext) {
      const wall = await openWall(ctx, '?display=1');
      const cons = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await cons.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const errors: string[] = [];
      cons.on('pageerror', (e) => errors.push(e.message));
      cons.on('dialog', (d) => {
        errors.push(`browser dialog opened: ${d.type()} ${d.message()}`);
        void d.dismiss();
      });
      await cons.goto(ctx.consoleUrl);
      await cons.locator('[data-testid=console-queue] li').first().waitFor({ timeout: 60_000 });

      // The wall goes to the housing block scene, pinned — the console's queue does not follow.
      await cons.locator('.scene-list button[data-scene="block:housing"]').click();
      await wall.waitForFunction(() => document.querySelector('[data-testid=wall]')?.getAttribute('data-scene') === 'block:housing', null, { timeout: 20_000 });
      await cons.locator('.cs-wall button', { hasText: 'Закрепить' }).click();
      await cons.waitForTimeout(800);
      const total = num(await cons.locator('[data-testid=queue-total]').innerText());
      assert(total > 50, `the console's queue is the whole queue (got ${total})`);
      const blocks = await cons.locator('[data-testid=console-queue] li').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-block')))]);
      assert(blocks.length > 1 && blocks.some((b) => b !== 'housing'), `queue follows the wall's block scene: blocks ${blocks.join(',')}`);
      const pageText = norm(await cons.locator('[data-testid=page-text]').innerText());
      eq(pageText, `1–50 из ${new Intl.NumberFormat('ru-RU').format(total).replace(/\u00a0/g, ' ')}`, 'pager text');
      await cons.locator('[data-testid=page-next]').click();
      await cons.waitForFunction(() => document.querySelector('[data-testid=page-text]')?.textContent?.startsWith('51'), null, { timeout: 10_000 });
      await cons.locator('[data-testid=page-prev]').click();

      // Filter: level 1 only, then a municipality; every row obeys.
      await cons.locator('[data-filter-level="1"]').click();
      await cons
        .waitForFunction(() => [...document.querySelectorAll('[data-testid=console-queue] li')].every((e) => e.getAttribute('data-level') === '1'), null, { timeout: 10_000 })
        .catch(async (e: unknown) => {
          await cons.screenshot({ path: join(ctx.artifacts, 'console-failed.png') });
          throw new Error(`${String(e)}; page errors: ${errors.join(' | ')}; levels: ${(await cons.locator('[data-testid=console-queue] li').evaluateAll((els) => els.map((x) => x.getAttribute('data-level')))).join(',')}`);
        });
      await cons.locator('[data-testid=filters-reset]').click();
      // the municipality of a message in the queue (not the capital's: it holds most of it)
      const munis = await cons.locator('[data-testid=console-queue] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-municipality')!));
      const muni = munis.find((m) => m !== munis[0]) ?? munis[0]!;
      await cons.locator('select[data-filter=municipality]').selectOption(muni);
      await cons.waitForFunction(
        (m) => {
          const rows = [...document.querySelectorAll('[data-testid=console-queue] li')];
          return rows.length > 0 && rows.every((e) => e.getAttribute('data-municipality') === m);
        },
        muni,
        { timeout: 10_000 },
      );
      const matched = num(await cons.locator('[data-testid=queue-matched]').innerText());
      assert(matched < total, 'the municipality filter narrows the queue');

      // Find a new (not yet acknowledged) message in the whole queue, paging if needed.
      await cons.locator('[data-testid=filters-reset]').click();
      await cons.waitForFunction((t) => document.querySelector('[data-testid=page-text]')?.textContent?.replace(/\s/g, '').endsWith(`из${t}`), String(total), { timeout: 10_000 });
      let row = cons.locator('[data-testid=console-queue] li[data-status=new]').first();
      for (let i = 0; i < 40 && (await row.count()) === 0 && (await cons.locator('[data-testid=page-next]').isEnabled()); i++) {
        await cons.locator('[data-testid=page-next]').click();
        await cons.waitForTimeout(300);
        row = cons.locator('[data-testid=console-queue] li[data-status=new]').first();
      }
      assert((await row.count()) > 0, 'a new message in the queue');
      const id = (await row.getAttribute('data-id'))!;
      await row.click();
      await cons.waitForFunction((i) => document.querySelector('[data-testid=console-card]')?.getAttribute('data-id') === i, id, { timeout: 10_000 });
      const text = await cons.locator('[data-testid=card-text]').innerText();
      assert(ctx.texts.includes(text.trim()), 'the card shows the full, unmasked text');
      const rev0 = Number(await cardAttr(cons, 'data-rev'));
      await recordStates(cons);

      // Acknowledge.
      await cons.locator('[data-testid=console-card] button[data-action=acknowledge]').click();
      await cons.waitForFunction(() => /поставлено в очередь на отправку/.test(document.querySelector('[data-testid=console-msg]')?.textContent ?? ''), null, { timeout: 5000 });
      await waitApplied(cons, 'acknowledge');
      await cons.waitForFunction(() => document.querySelector('[data-testid=console-card]')?.getAttribute('data-status') === 'in_progress', null, { timeout: 10_000 });
      eq(norm(await cons.locator('[data-testid=card-status]').innerText()), 'В работе', 'status after acknowledge');
      assert(Number(await cardAttr(cons, 'data-rev')) === rev0 + 1, 'acknowledge made one revision');
      await cons.locator(`[data-testid=console-queue] li[data-id="${id}"][data-status=in_progress]`).waitFor({ timeout: 10_000 });

      // Assign through the dialog, choosing an executor from the directory.
      await cons.locator('[data-testid=console-card] button[data-action=assign]').click();
      const dlg = cons.locator('[data-testid=dialog-assign]');
      await dlg.waitFor({ timeout: 5000 });
      const options = dlg.locator('input[name=executor]');
      assert((await options.count()) >= 2, 'the executor directory offers executors and a free-text fallback');
      await cons.screenshot({ path: join(ctx.artifacts, 'console-assign-1920x1080.png') });
      // an executor of the directory other than the one assigned now (the dialog preselects one)
      const pick = dlg.locator('.cd-option', { has: cons.locator('input[name=executor]:not([value="\u0000other"])') }).filter({ hasNotText: 'назначен сейчас' }).first();
      const chosen = norm(await pick.locator('.cd-option-title').innerText());
      await pick.click();
      await dlg.locator('[data-testid=dialog-submit]').click();
      await dlg.waitFor({ state: 'detached', timeout: 5000 });
      await waitApplied(cons, 'assign');
      await cons.waitForFunction((who) => document.querySelector('[data-testid=card-assignee]')?.textContent?.trim() === who, chosen, { timeout: 10_000 });

      // Resolve (confirm in the dialog): answered, out of the queue.
      await cons.locator('[data-testid=console-card] button[data-action=resolve]').click();
      await cons.locator('[data-testid=dialog-resolve] [data-testid=dialog-submit]').click();
      await waitApplied(cons, 'resolve');
      await cons.waitForFunction(() => document.querySelector('[data-testid=console-card]')?.getAttribute('data-status') === 'answered', null, { timeout: 10_000 });
      eq(norm(await cons.locator('[data-testid=card-status]').innerText()), 'Дан ответ', 'status after resolve');
      await cons.locator(`[data-testid=console-queue] li[data-id="${id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
      assert(await cons.locator('[data-testid=console-card] button[data-action=resolve]').isDisabled(), 'an answered message cannot be resolved from the console');

      // A conflicting action queued with `act` on the hub's cache: the running demo refuses it (409) and the card says why.
      ctx.cli(['act', '--cache', ctx.db, '--message', id, '--type', 'resolve', '--operator', 'e2e']);
      await cons.waitForFunction(
        () => [...document.querySelectorAll('[data-testid=card-actions] li[data-state=failed]')].some((li) => /409/.test(li.textContent ?? '')),
        null,
        { timeout: 15_000 },
      );
      const failed = norm(await cons.locator('[data-testid=card-actions] li[data-state=failed]').first().innerText());
      assert(/отклонено: 409: сообщение уже отвечено/.test(failed), `the server's reason is shown: ${failed}`);

      const seen = await states(cons);
      for (const t of ['acknowledge', 'assign', 'resolve']) {
        const on = seen.filter((s) => s.startsWith(`${t}:`));
        // on its way first (queued or sending: the demo API takes a moment to answer), then accepted with its revision
        assert(/:(queued|sending)$/.test(on[0] ?? ''), `${t} first seen on its way: ${seen.join(' ')}`);
        assert(on.includes(`${t}:accepted+applied`), `${t} seen accepted with its revision: ${seen.join(' ')}`);
      }
      console.log(`      (action states seen in the card: ${seen.join(' → ')})`);
      await cons.screenshot({ path: join(ctx.artifacts, 'console-card-1920x1080.png') });

      // The wall kept its block scene all along.
      eq(await wall.locator('[data-testid=wall]').getAttribute('data-scene'), 'block:housing', 'wall scene');
      await cons.locator('.cs-wall button', { hasText: 'Открепить' }).click();
      await cons.locator('.scene-list button[data-scene=operational]').click();
      eq(errors, [], 'console page errors / browser dialogs');
      await cons.close();
      await wall.close();
    },
  },
];
