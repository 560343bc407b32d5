/**
 * Issue 14, findings 4 and 8, and the diagnostics switch: Chromium's switches for the hall. Electron
 * 38+ runs Wayland on a Wayland session, where windows cannot be placed; the Ozone platform is
 * picked before the app's code runs, so only a real command-line switch works — the shell relaunches
 * itself once with it. GPU and password-store switches must come before 'ready'.
 */
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { gridDisplays, LAPTOP } from '../../../support/fake-electron.js';
import { chromiumSwitches, LAUNCHER_ARGS, RELAUNCHED_FLAG } from '../../../../electron/main/switches.js';
import { DEFAULT_CONFIG } from '../../../../shared/config.js';

const WAYLAND = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' };

describe('the Ozone platform', () => {
  it('a Wayland session, no switch: the shell relaunches once with --ozone-platform=x11 and opens no window', async () => {
    const b = await boot({}, gridDisplays(1, 2), { env: WAYLAND, argv: ['/opt/sw/situation-wall', '--demo'] });
    expect(b.fake.record.relaunch).toEqual([{ args: ['--demo', '--ozone-platform=x11', RELAUNCHED_FLAG] }]);
    expect(b.fake.record.exit).toEqual([0]);
    expect(b.fake.windows).toHaveLength(0);
    expect(b.fake.utilities).toHaveLength(0);
  });

  it('started with the launcher switch: windows are placed; appendSwitch of ozone-platform is never relied on', async () => {
    const b = await boot({}, gridDisplays(1, 2), { env: WAYLAND, argv: ['/opt/sw/situation-wall', ...LAUNCHER_ARGS] });
    expect(b.fake.record.relaunch).toEqual([]);
    expect(b.fake.open()).toHaveLength(2);
    expect(b.fake.record.appendedSwitches.map(([n]) => n)).not.toContain('ozone-platform');
    expect(b.log.lines).toContainEqual(expect.stringMatching(/Ozone: x11/));
  });

  it('still wrong after the relaunch: a warning, no loop', async () => {
    const b = await boot({}, gridDisplays(1, 1), { env: WAYLAND, argv: ['/opt/sw/situation-wall', RELAUNCHED_FLAG] });
    expect(b.fake.record.relaunch).toEqual([]);
    expect(b.log.lines).toContainEqual(expect.stringMatching(/^WARN платформа Ozone wayland, а конфигурация требует x11 и после перезапуска/));
    expect(b.fake.open()).toHaveLength(1);
  });

  it('under the systemd unit: no relaunch (it would die with the unit), a warning naming the unit setting', async () => {
    const b = await boot({}, gridDisplays(1, 1), { env: { ...WAYLAND, INVOCATION_ID: 'abc' }, argv: ['/x'] });
    expect(b.fake.record.relaunch).toEqual([]);
    expect(b.log.lines).toContainEqual(expect.stringMatching(/SITUATION_WALL_OZONE=x11 в situation-wall\.service/));
  });

  it('an X11 session needs nothing; hall.ozone "wayland" or "auto" is respected', async () => {
    expect((await boot({}, gridDisplays(1, 1))).fake.record.relaunch).toEqual([]);
    expect((await boot({ hall: { ozone: 'auto' } }, gridDisplays(1, 1), { env: WAYLAND })).fake.record.relaunch).toEqual([]);
    const w = await boot({ hall: { ozone: 'wayland' } }, gridDisplays(1, 1), { argv: ['/x', '--ozone-platform=x11'] });
    expect(w.fake.record.relaunch).toEqual([{ args: ['--ozone-platform=wayland', RELAUNCHED_FLAG] }]);
  });
});

describe('GPU and other switches', () => {
  it('default hall: --ignore-gpu-blocklist and --enable-unsafe-swiftshader, all before ready (none ignored)', async () => {
    const b = await boot({}, gridDisplays(1, 1));
    expect(b.fake.record.appendedSwitches).toEqual([['ignore-gpu-blocklist', undefined], ['enable-unsafe-swiftshader', undefined]]);
    expect(b.fake.record.ignoredSwitches).toEqual([]);
  });

  it('the configuration turns each one on or off; ANGLE backend; diagnostics adds Chromium logging', () => {
    expect(chromiumSwitches({ ...DEFAULT_CONFIG.hall, gpu: { ignoreBlocklist: false, angle: 'gles', swiftshader: false } })).toEqual([['use-angle', 'gles']]);
    expect(chromiumSwitches({ ...DEFAULT_CONFIG.hall, gpu: { ignoreBlocklist: false, angle: 'default', swiftshader: false }, diagnostics: true, passwordStore: 'basic' })).toEqual([
      ['password-store', 'basic'],
      ['enable-logging', 'stderr'],
      ['log-level', '0'],
    ]);
  });
});

describe('the diagnostics switch', () => {
  it('off: no DevTools on any window, Ctrl+Shift+I does nothing', async () => {
    const b = await boot({ console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 1)]);
    for (const w of b.fake.open()) {
      expect(w.options.webPreferences?.devTools).toBe(false);
      b.fake.key(w, 'Ctrl+Shift+I');
      expect(w.webContents.devTools).toBe(0);
    }
  });

  it('on (hall.diagnostics or --diagnostics): DevTools allowed, Ctrl+Shift+I opens them; the about screen and the log say so', async () => {
    const b = await boot({ console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 1)], { argv: ['/x', '--diagnostics'] });
    const con = b.fake.open().find((w) => w.query.get('role') === 'console')!;
    expect(con.options.webPreferences?.devTools).toBe(true);
    b.fake.key(con, 'Ctrl+Shift+I');
    expect(con.webContents.devTools).toBe(1);
    expect(b.log.lines).toContainEqual(expect.stringMatching(/диагностика включена/));
    const r = (await b.fake.invoke('console:action', { kind: 'about' }, { wc: con.webContents })) as { about: { hall: string[] } };
    expect(r.about.hall).toContainEqual(expect.stringMatching(/^диагностика: включена/));
  });
});
