/**
 * End-to-end tests of the real desktop app (Playwright's `_electron`): the built shell, preload,
 * hub utility process and renderer, on the embedded demo region. Run by ./run.ts, which skips
 * them with a clear message where no Electron binary exists.
 */
import type { Page } from 'playwright-core';
import { assert, windowWithRole, type ElectronE2eTest } from './context.js';

const DEMO = { source: { kind: 'demo', region: 'kamchatka', liveRate: 60 }, kiosk: false, logLevel: 'debug' };

async function wallReady(page: Page, logs: string[]): Promise<void> {
  try {
    await page.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 120_000 });
  } catch (e) {
    const body = await page.evaluate(() => document.body.innerText.slice(0, 400)).catch(() => '');
    throw new Error(`стена не готова: ${(e as Error).message.split('\n')[0]}; на странице: «${body}»; журнал: ${logs.slice(-10).join(' | ')}`);
  }
}

export const tests: ElectronE2eTest[] = [
  {
    name: 'the wall opens from the demo hub through IPC: first window ready, data from the utility process',
    async run(ctx) {
      const { app, logs } = await ctx.launch({ ...DEMO, console: null });
      try {
        const first = await app.firstWindow();
        await wallReady(first, logs);
        const info = await first.evaluate(() => ({
          role: document.documentElement.dataset.role,
          ipc: typeof (window as unknown as { situationWall?: unknown }).situationWall === 'object',
          frozen: Object.isFrozen((window as unknown as { situationWall?: unknown }).situationWall),
          node: typeof (window as unknown as { require?: unknown }).require !== 'undefined' || typeof (globalThis as { process?: unknown }).process !== 'undefined',
          url: location.href,
        }));
        assert(info.role === 'wall', `первое окно — не стена: ${JSON.stringify(info)}`);
        assert(info.ipc && info.frozen, 'в окне нет замороженного window.situationWall');
        assert(!info.node, 'в окне стены доступен Node (require/process)');
        assert(info.url.startsWith('app://wall/'), `окно открыто не по app://wall/: ${info.url}`);
        const text = await first.evaluate(() => document.body.innerText);
        assert(/Камчатский край/.test(text), 'на стене нет названия региона');
        // The hub runs in a utility process and answers through the shell.
        const view = await first.evaluate(async () => {
          const api = (window as unknown as { situationWall: { invoke(c: string, p?: unknown): Promise<unknown> } }).situationWall;
          return api.invoke('hub:request', { method: 'getView', params: { window: '7d' } });
        });
        const v = view as { ok: boolean; result?: { kpi: { region: { incoming: number } } } };
        assert(v.ok && (v.result?.kpi.region.incoming ?? 0) > 0, `getView через IPC: ${JSON.stringify(view).slice(0, 200)}`);
        // A wall window is read-only.
        const refused = await first.evaluate(async () => {
          const api = (window as unknown as { situationWall: { invoke(c: string, p?: unknown): Promise<unknown> } }).situationWall;
          return api.invoke('wall:intent', { type: 'setScene', scene: 'briefing' }).then(
            () => 'принято',
            (e: Error) => e.message,
          );
        });
        assert(/отказано/.test(refused), `стена смогла сменить сцену: ${refused}`);
      } finally {
        await app.close();
      }
    },
  },
  {
    name: 'the console window exists, runs as a console and drives the wall state',
    async run(ctx) {
      // Display 0 is the console; with one display (CI) it is the console alone, with more the rest are the wall.
      const { app, logs } = await ctx.launch({ ...DEMO, console: { index: 0 } });
      try {
        const con = await windowWithRole(app, 'console');
        await con.waitForFunction(() => document.documentElement.dataset.role === 'console', null, { timeout: 60_000 });
        const state = await con.evaluate(async () => {
          const api = (window as unknown as { situationWall: { invoke(c: string, p?: unknown): Promise<unknown> } }).situationWall;
          return api.invoke('wall:intent', { type: 'setScene', scene: 'briefing' });
        });
        assert((state as { scene?: string }).scene === 'briefing', `пульт не сменил сцену: ${JSON.stringify(state)}; журнал: ${logs.slice(-5).join(' | ')}`);
        const about = (await con.evaluate(async () => {
          const api = (window as unknown as { situationWall: { invoke(c: string, p?: unknown): Promise<unknown> } }).situationWall;
          return api.invoke('console:action', { kind: 'about' });
        })) as { ok: boolean; about?: { source: string; licences: string[]; hall?: string[] } };
        assert(about.ok && /Камчат/.test(about.about?.source ?? ''), `«О программе»: ${JSON.stringify(about)}`);
        assert((about.about?.licences ?? []).some((l) => /OpenStreetMap/.test(l)), 'в «О программе» нет атрибуции OpenStreetMap');
        // The kiosk (docs/kiosk.md), in the real Electron: no application menu, the token storage named.
        assert((about.about?.hall ?? []).some((l) => /^токен API: /.test(l)), `«О программе» не называет хранение токена: ${JSON.stringify(about.about?.hall)}`);
        const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu() === null);
        assert(menu, 'меню приложения не убрано: его клавиши (Ctrl+Q, Ctrl+W, F11, Ctrl+±, Ctrl+R) действуют на окнах стены');
      } finally {
        await app.close();
      }
    },
  },
];
