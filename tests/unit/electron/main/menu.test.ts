/**
 * Issue 14, finding 6: Electron's default menu and its accelerators act on every window unless the
 * menu is removed: Ctrl+Q quits, Ctrl+W closes a wall window (and nothing reopened it), F11 leaves
 * fullscreen, Ctrl+± breaks the span's slices, Ctrl+R reloads.
 */
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { createFakeElectron, gridDisplays, LAPTOP } from '../../../support/fake-electron.js';
import type { FakeWindow } from '../../../support/fake-electron.js';
import { isKioskKey } from '../../../../electron/main/windows.js';

const KEYS = ['Ctrl+Q', 'Ctrl+W', 'F11', 'Ctrl+Plus', 'Ctrl+=', 'Ctrl+-', 'Ctrl+0', 'Ctrl+R', 'Ctrl+Shift+R'];

describe('the application menu', () => {
  it('the fake is Electron: with the default menu each accelerator acts', async () => {
    const fake = createFakeElectron({ displays: gridDisplays(1, 1), userData: '/tmp' });
    await fake.api.app.whenReady();
    expect(fake.appMenu()).toBe('default');
    const w = new fake.api.BrowserWindow({ fullscreen: true }) as unknown as FakeWindow;
    expect(fake.key(w, 'Ctrl+Plus')).toBe('zoom');
    expect(w.webContents.zoomLevel).toBe(1);
    expect(fake.key(w, 'F11')).toBe('togglefullscreen');
    expect(fake.key(w, 'Ctrl+Q')).toBe('quit');
    expect(fake.key(w, 'Ctrl+W')).toBe('close');
    expect(w.destroyed).toBe(true);
  });

  it('the shell removes it before ready; every window also drops its menu', async () => {
    const { fake } = await boot({ console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 2)]);
    expect(fake.record.menuSetBeforeReady).toBe(true);
    expect(fake.appMenu()).toBeNull();
    for (const w of fake.open()) expect(w.menuRemoved).toBe(true);
  });

  it.each(KEYS)('%s does nothing on a wall window or the console', async (key) => {
    const { fake, shell } = await boot({ wall: { mode: 'span' }, console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 2)]);
    for (const w of fake.open()) {
      const loads = w.webContents.loads.length;
      expect(fake.key(w, key)).toBe('nothing');
      w.wm();
      expect(w.destroyed).toBe(false);
      expect(w.webContents.zoomLevel).toBe(0);
      expect(w.webContents.loads.length).toBe(loads);
      if (w.query.get('role') === 'wall') expect(w.isFullScreen()).toBe(true);
    }
    expect(fake.record.quit).toBe(0);
    expect(shell.windows.all()).toHaveLength(3);
  });

  it('Alt+F4 (the WM closes the window) is refused in kiosk mode; a window that goes anyway is opened again', async () => {
    const { fake, clock, log } = await boot({}, gridDisplays(1, 2));
    const w1 = fake.open().find((w) => w.query.get('display') === '1')!;
    w1.close();
    expect(w1.destroyed).toBe(false);
    expect(log.lines).toContainEqual(expect.stringMatching(/окно стены на дисплее 1: закрытие отклонено \(киоск\)/));
    w1.destroy(); // killed from outside
    expect(fake.open()).toHaveLength(1);
    clock.advance(1000);
    const again = fake.open().find((w) => w.query.get('display') === '1')!;
    expect(again).toBeDefined();
    expect(again).not.toBe(w1);
  });

  it('a non-kiosk shell: closing a window quits the app (as a desktop user expects)', async () => {
    const { fake } = await boot({ kiosk: false }, gridDisplays(1, 1));
    fake.open()[0]!.close();
    expect(fake.record.quit).toBe(1);
  });

  it('the kiosk keys, and only those, are held back', () => {
    for (const k of ['q', 'w', 'r', '+', '=', '-', '0']) expect(isKioskKey({ control: true, key: k, type: 'keyDown' })).toBe(true);
    expect(isKioskKey({ key: 'F11', type: 'keyDown' })).toBe(true);
    expect(isKioskKey({ key: 'F5', type: 'keyDown' })).toBe(true);
    expect(isKioskKey({ key: 'a', type: 'keyDown' })).toBe(false);
    expect(isKioskKey({ control: true, key: 'c', type: 'keyDown' })).toBe(false);
    expect(isKioskKey({ key: 'Escape', type: 'keyDown' })).toBe(false);
  });
});
