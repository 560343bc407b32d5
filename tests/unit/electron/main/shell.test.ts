import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startShell, REPLAN_DEBOUNCE_MS } from '../../../../electron/main/shell.js';
import { boot, silentLog } from '../../../support/shell-boot.js';
import { APP_SCHEME } from '../../../../electron/main/security.js';
import { FakeClock, LAPTOP, createFakeElectron, gridDisplays } from '../../../support/fake-electron.js';

const SPAN = { wall: { mode: 'span', bezel: { horizontal: 20, vertical: 10 } }, console: { internal: true } };

describe('windows from the plan', () => {
  it('one frameless kiosk window per wall display, with its bounds, slice and locked-down webPreferences', async () => {
    const { fake, shell } = await boot(SPAN, [LAPTOP, ...gridDisplays(2, 2)]);
    expect(shell.plan()?.mode).toBe('span');
    const open = fake.open();
    expect(open).toHaveLength(5);
    const wall = open.filter((w) => w.query.get('role') === 'wall');
    expect(wall).toHaveLength(4);
    for (const w of wall) {
      expect(w.options).toMatchObject({ frame: false, kiosk: true, fullscreen: true, show: false });
      expect(w.options.width).toBe(1920);
    }
    const d4 = wall.find((w) => w.query.get('display') === '4')!;
    expect(d4.options).toMatchObject({ x: 1920, y: 1080, width: 1920, height: 1080 });
    expect(d4.query.get('slice')).toBe('1940,1090,1920,1080');
    expect(d4.query.get('canvas')).toBe('3860,2170');
    expect(d4.query.has('scene')).toBe(false); // follows the wall state
    expect(d4.url.startsWith('app://wall/index.html?')).toBe(true);

    const con = open.find((w) => w.query.get('role') === 'console')!;
    expect(con.options).toMatchObject({ x: -1440, y: 0, width: 1440, height: 900, frame: true, kiosk: false, fullscreen: false });

    for (const w of open) {
      expect(w.options.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        backgroundThrottling: false,
        preload: '/app/dist-electron/preload/index.cjs',
      });
      expect(w.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
      // Only the app's own pages, never remote or file:// URLs.
      expect(w.webContents.loads.every((u) => u.startsWith('app://wall/'))).toBe(true);
      w.emit('ready-to-show');
      // A wall window never takes the focus from the console (issue 14, notes).
      const wall = w.query.get('role') === 'wall';
      expect(w.calls).toContainEqual([wall ? 'showInactive' : 'show']);
      expect(w.calls).not.toContainEqual([wall ? 'show' : 'showInactive']);
    }
    expect(fake.record.schemes).toEqual([expect.objectContaining({ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('per-display: each window gets its own scene in the URL; kiosk off gives plain fullscreen', async () => {
    const cfg = { kiosk: false, wall: { mode: 'per-display', displays: [{ match: { index: 1 }, scene: 'briefing' }, { match: { index: 2 }, panels: ['queue', 'ticker'] }] } };
    const { fake } = await boot(cfg, gridDisplays(1, 3));
    const byDisplay = new Map(fake.open().map((w) => [w.query.get('display'), w]));
    expect(byDisplay.get('1')!.query.has('scene')).toBe(false);
    expect(byDisplay.get('2')!.query.get('scene')).toBe('briefing');
    expect(byDisplay.get('3')!.query.get('panels')).toBe('queue,ticker');
    expect(byDisplay.get('3')!.query.has('slice')).toBe(false);
    expect(byDisplay.get('1')!.options).toMatchObject({ kiosk: false, fullscreen: true, frame: false });
  });

  it('keeps the displays awake while the wall runs, and lets them sleep when it stops', async () => {
    const { fake, shell } = await boot(SPAN, gridDisplays(1, 2));
    expect(fake.record.blockers).toEqual([['start', 'prevent-display-sleep']]);
    fake.app.emit('before-quit');
    expect(fake.record.blockers).toEqual([['start', 'prevent-display-sleep'], ['stop', 1]]);
    expect(fake.open()).toHaveLength(0);
    expect(fake.utilities[0]!.killed).toBe(true);
    shell.stop(); // idempotent
    expect(fake.record.blockers).toHaveLength(2);
  });
});

describe('hot-plug: re-plan without restarting survivors', () => {
  it('remove one of four → fallback per-display; add it back → span again; survivors never reload', async () => {
    const all = gridDisplays(2, 2);
    const { fake, clock, shell, log } = await boot(SPAN, all);
    const first = new Map(fake.open().map((w) => [w.query.get('display'), w]));
    const loadsBefore = [...first.values()].map((w) => w.webContents.loads.length);

    // Unplug display 4: several events in a burst, one re-plan after the debounce.
    fake.setDisplays(all.filter((d) => d.id !== 4));
    fake.screen.emit('display-removed');
    fake.screen.emit('display-metrics-changed');
    clock.advance(REPLAN_DEBOUNCE_MS - 1);
    expect(fake.open()).toHaveLength(4);
    clock.advance(1);
    expect(REPLAN_DEBOUNCE_MS).toBeLessThanOrEqual(250);
    expect(shell.plan()?.mode).toBe('per-display');
    expect(first.get('4')!.destroyed).toBe(true);
    const open = fake.open();
    expect(open).toHaveLength(3);
    expect(open.every((w) => first.get(w.query.get('display')) === w)).toBe(true);
    expect([...first.values()].slice(0, 3).map((w) => w.webContents.loads.length)).toEqual(loadsBefore.slice(0, 3));
    expect(log.lines.some((l) => /WARN план стены: сетка видеостены неправильная/.test(l))).toBe(true);

    // Survivors that subscribed hear about their new (null) slice through a push, not a reload.
    const w1 = first.get('1')!;
    await fake.invoke('wall:subscribe', undefined, { wc: w1.webContents });
    fake.setDisplays(all);
    fake.screen.emit('display-added');
    clock.advance(REPLAN_DEBOUNCE_MS);
    expect(shell.plan()?.mode).toBe('span');
    const now = fake.open();
    expect(now).toHaveLength(4);
    const reopened = now.find((w) => w.query.get('display') === '4')!;
    expect(reopened).not.toBe(first.get('4'));
    expect(reopened.query.get('slice')).toBe('1940,1090,1920,1080');
    const last = w1.webContents.sent.at(-1)!;
    expect(last.channel).toBe('wall:state');
    expect((last.args[0] as { window: unknown }).window).toMatchObject({ role: 'wall', display: 1, slice: { x: 0, y: 0, width: 1920, height: 1080 }, canvas: { width: 3860, height: 2170 } });
    expect(w1.webContents.loads.length).toBe(loadsBefore[0]);
  });

  it('a resized display moves its window out of and back into fullscreen', async () => {
    const { fake, clock } = await boot({ wall: { mode: 'per-display' } }, gridDisplays(1, 2));
    const w2 = fake.open().find((w) => w.query.get('display') === '2')!;
    const bigger = gridDisplays(1, 2);
    bigger[1] = { ...bigger[1]!, bounds: { x: 1920, y: 0, width: 2560, height: 1440 } };
    fake.setDisplays(bigger);
    fake.screen.emit('display-metrics-changed');
    clock.advance(REPLAN_DEBOUNCE_MS);
    // The window manager answers later: the move waits for each answer (fullscreen.test.ts).
    for (let i = 0; i < 3; i++) {
      fake.wm();
      await new Promise((r) => setImmediate(r));
    }
    expect(w2.calls.filter((c) => c[0] !== 'loadURL' && c[0] !== 'removeMenu')).toEqual([
      ['setKiosk', false],
      ['setBounds', { x: 1920, y: 0, width: 2560, height: 1440 }],
      ['setKiosk', true],
    ]);
    expect(w2.getBounds()).toEqual({ x: 1920, y: 0, width: 2560, height: 1440 });
    expect(fake.open()).toHaveLength(2);
  });

  it('all displays gone: no windows, displays may sleep; the app keeps running', async () => {
    const { fake, clock } = await boot(SPAN, gridDisplays(1, 2));
    fake.setDisplays([]);
    fake.screen.emit('display-removed');
    clock.advance(REPLAN_DEBOUNCE_MS);
    expect(fake.open()).toHaveLength(0);
    expect(fake.record.blockers.at(-1)).toEqual(['stop', 1]);
    fake.app.emit('window-all-closed');
    expect(fake.record.quit).toBe(0);
  });
});

describe('start-up', () => {
  it('a second instance quits at once and opens nothing', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sw-shell-'));
    const fake = createFakeElectron({ displays: gridDisplays(1, 1), userData, singleInstance: false });
    const r = await startShell(fake.api, { argv: [], preloadPath: 'p', rendererDir: 'r', hubEntry: 'h', clock: new FakeClock(), logger: silentLog(), process: fake.process, keyringProbe: fake.keyringProbe });
    expect(r).toBeNull();
    expect(fake.record.quit).toBe(1);
    expect(fake.windows).toHaveLength(0);
  });

  it('the first instance focuses the console when a second one starts', async () => {
    const { fake } = await boot(SPAN, [LAPTOP, ...gridDisplays(1, 2)]);
    fake.app.emit('second-instance');
    const con = fake.open().find((w) => w.query.get('role') === 'console')!;
    expect(con.calls).toContainEqual(['focus']);
  });

  it('a bad configuration: an error box naming the field, exit code 2, no windows', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sw-shell-'));
    writeFileSync(join(userData, 'config.json'), JSON.stringify({ wall: { bezel: { horizontal: 'abc' } } }));
    const fake = createFakeElectron({ displays: gridDisplays(1, 1), userData });
    const r = await startShell(fake.api, { argv: [], preloadPath: 'p', rendererDir: 'r', hubEntry: 'h', clock: new FakeClock(), logger: silentLog(), process: fake.process, keyringProbe: fake.keyringProbe });
    expect(r).toBeNull();
    expect(fake.record.exit).toEqual([2]);
    expect(fake.record.errorBoxes[0]![1]).toMatch(/wall\.bezel\.horizontal: ожидалось число ≥ 0, получено "abc"/);
    expect(fake.windows).toHaveLength(0);
  });

  it('flags override the file: --demo perm; the hub gets the config and no token', async () => {
    const { fake, shell } = await boot({ region: 'murmansk' }, gridDisplays(1, 1), { argv: ['electron', '../../shell', '--demo', 'perm'] });
    expect(shell.config.region).toBe('perm');
    const init = fake.utilities[0]!.posted[0] as { type: string; config: { source: unknown }; token: unknown };
    expect(init).toMatchObject({ type: 'init', token: null, config: { source: { kind: 'demo', region: 'perm' } } });
    expect(fake.utilities[0]!.modulePath).toBe('/app/dist-electron/hub/utility.js');
  });

  it('about: version, source and the OpenStreetMap attribution', async () => {
    const { shell } = await boot({ source: { kind: 'api', url: 'https://user:pw@cur.example.ru/api?key=1' } }, gridDisplays(1, 1));
    const r = await shell.consoleAction({ kind: 'about' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.about).toMatchObject({ name: 'Ситуационная стена', version: '0.1.0', electron: '45.4.1', source: 'центральный API: https://cur.example.ru', region: 'Камчатский край' });
    expect(r.about!.licences.join('\n')).toMatch(/OpenStreetMap contributors.*ODbL/);
  });
});
