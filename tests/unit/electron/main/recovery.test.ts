/**
 * Issue 14, findings 7, 8, 9: a hung renderer is recovered (a load queued into a hung renderer
 * stays there; Electron's documented recovery is forcefullyCrashRenderer() then reload()); the GPU
 * process and WebGL contexts are watched; an uncaught error never opens Electron's modal dialog.
 */
import { describe, expect, it, vi } from 'vitest';

// The preload binds itself to `electron` at load: give it an inert one (its watchWebgl is tested with its own deps).
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: () => undefined },
  ipcRenderer: { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined, send: () => undefined },
}));
import { boot } from '../../../support/shell-boot.js';
import { gridDisplays, LAPTOP } from '../../../support/fake-electron.js';
import { WEBGL_RESTORE_MS } from '../../../../electron/main/windows.js';
import { WEBGL_LOST_CHANNEL, WEBGL_RESTORED_CHANNEL } from '../../../../electron/main/shell.js';
import * as preload from '../../../../electron/preload/index.js';

describe('a hung renderer', () => {
  it('the fake is Electron: a loadURL into a hung renderer never lands', async () => {
    const { fake } = await boot({}, gridDisplays(1, 1));
    const wc = fake.open()[0]!.webContents;
    wc.hung = true;
    const n = wc.loads.length;
    void wc.loadURL('app://wall/index.html');
    expect(wc.loads.length).toBe(n);
  });

  it('is crashed and reloaded into a new renderer after the backoff; the forced crash is not a second failure', async () => {
    const { fake, clock, log } = await boot({}, gridDisplays(1, 1));
    const w = fake.open()[0]!;
    const wc = w.webContents;
    const n = wc.loads.length;
    wc.hang();
    clock.advance(999);
    expect(wc.crashes).toBe(0);
    clock.advance(1);
    expect(wc.crashes).toBe(1);
    expect(wc.hung).toBe(false);
    expect(wc.loads.length).toBe(n + 1);
    expect(wc.stuck).toEqual([]);
    expect(log.lines.filter((l) => /процесс отрисовки завершился/.test(l))).toEqual([]);
    expect(log.lines).toContainEqual(expect.stringMatching(/не отвечает: перезапуск процесса отрисовки/));
  });

  it('a renderer that answers again before the backoff is left alone', async () => {
    const { fake, clock } = await boot({}, gridDisplays(1, 1));
    const wc = fake.open()[0]!.webContents;
    wc.hang();
    wc.hung = false;
    wc.emit('responsive');
    clock.advance(60_000);
    expect(wc.crashes).toBe(0);
  });
});

describe('the GPU and WebGL', () => {
  it('GPU process losses are logged; the third in 10 minutes is told on the console', async () => {
    const { fake, log, shell } = await boot({ console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 1)]);
    for (let i = 0; i < 3; i++) fake.app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    expect(log.lines.filter((l) => /WARN процесс GPU завершился: crashed, код 139/.test(l))).toHaveLength(3);
    expect(shell.notices().at(-1)).toMatchObject({ level: 'error', text: expect.stringMatching(/процесс GPU падает \(3 раза за 10 мин\)/) });
  });

  it('a lost WebGL context that does not come back reloads the window; one that comes back does not', async () => {
    const { fake, clock } = await boot({}, gridDisplays(1, 2));
    const [a, b] = fake.open();
    const la = a!.webContents.loads.length;
    const lb = b!.webContents.loads.length;
    fake.send(WEBGL_LOST_CHANNEL, a!.webContents);
    fake.send(WEBGL_LOST_CHANNEL, b!.webContents);
    fake.send(WEBGL_RESTORED_CHANNEL, b!.webContents);
    clock.advance(WEBGL_RESTORE_MS);
    clock.advance(1000);
    expect(a!.webContents.loads.length).toBe(la + 1);
    expect(b!.webContents.loads.length).toBe(lb);
  });

  it('the preload reports only trusted context events on a canvas, on the channels the shell listens to', () => {
    expect(preload.WEBGL_LOST_CHANNEL).toBe(WEBGL_LOST_CHANNEL);
    expect(preload.WEBGL_RESTORED_CHANNEL).toBe(WEBGL_RESTORED_CHANNEL);
    const listeners = new Map<string, (e: { isTrusted?: boolean; target?: unknown }) => void>();
    const sent: string[] = [];
    preload.watchWebgl({
      contextBridge: { exposeInMainWorld: () => undefined },
      ipcRenderer: { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined, send: (c) => void sent.push(c) },
      target: { addEventListener: (t, l, capture) => (expect(capture).toBe(true), listeners.set(t, l)) },
    });
    const canvas = { tagName: 'CANVAS' };
    listeners.get('webglcontextlost')!({ isTrusted: false, target: canvas });
    listeners.get('webglcontextlost')!({ isTrusted: true, target: { tagName: 'DIV' } });
    listeners.get('webglcontextlost')!({ isTrusted: true, target: canvas });
    listeners.get('webglcontextrestored')!({ isTrusted: true, target: canvas });
    expect(sent).toEqual([WEBGL_LOST_CHANNEL, WEBGL_RESTORED_CHANNEL]);
  });
});

describe('uncaught errors in the main process', () => {
  it('the fake is Electron: with no listener an uncaught exception opens the modal error box', async () => {
    const { createFakeElectron } = await import('../../../support/fake-electron.js');
    const f = createFakeElectron({ displays: [], userData: '/tmp' });
    f.process.emit('uncaughtException', new Error('boom'));
    expect(f.record.errorBoxes).toHaveLength(1);
  });

  it('the shell logs them instead: no dialog on the wall', async () => {
    const { fake, log } = await boot({}, gridDisplays(1, 1));
    fake.process.emit('uncaughtException', new Error('сбой в обработчике'));
    fake.process.emit('unhandledRejection', new Error('отказ'));
    expect(fake.record.errorBoxes).toEqual([]);
    expect(log.lines).toContainEqual(expect.stringMatching(/^ERROR необработанная ошибка оболочки: Error: сбой в обработчике/));
    expect(log.lines).toContainEqual(expect.stringMatching(/^ERROR необработанный отказ промиса в оболочке: Error: отказ/));
  });
});
