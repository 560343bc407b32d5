/**
 * Issue 14, finding 5: moving a fullscreen wall window races the window manager. On Linux kiosk is
 * fullscreen, fullscreen covers the display the window is on, and the WM answers later (with
 * 'leave-full-screen' / 'enter-full-screen'); setBounds of a fullscreen window is ignored.
 */
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { FakeWindow, gridDisplays } from '../../../support/fake-electron.js';
import { REPLAN_DEBOUNCE_MS } from '../../../../electron/main/shell.js';
import { FULLSCREEN_TIMEOUT_MS } from '../../../../electron/main/windows.js';
import type { DisplayInput } from '../../../../shared/wall/plan.js';

const tick = () => new Promise((r) => setImmediate(r));
const onDisplay = (w: FakeWindow, d: DisplayInput) => {
  const b = w.getBounds();
  return b.x === d.bounds.x && b.y === d.bounds.y && b.width === d.bounds.width && b.height === d.bounds.height;
};

describe('moving a fullscreen wall window', () => {
  it('leaves fullscreen, waits for the WM, moves, enters again: it ends on its new display', async () => {
    const { fake, clock } = await boot({ wall: { mode: 'per-display' } }, gridDisplays(1, 2));
    const w2 = fake.open().find((w) => w.query.get('display') === '2')!;
    expect(w2.isFullScreen()).toBe(true);
    // Display 2 moves to the left of display 1 (re-arranged in the display settings).
    const moved = gridDisplays(1, 2);
    moved[1] = { ...moved[1]!, bounds: { x: -1920, y: 0, width: 1920, height: 1080 } };
    fake.setDisplays(moved);
    fake.screen.emit('display-metrics-changed');
    clock.advance(REPLAN_DEBOUNCE_MS);
    // Nothing but the request to leave fullscreen until the WM answers.
    expect(w2.calls.filter((c) => /setBounds/.test(c[0]))).toEqual([]);
    fake.wm();
    await tick();
    fake.wm();
    await tick();
    expect(w2.calls.filter((c) => /^set/.test(c[0]))).toEqual([['setKiosk', false], ['setBounds', { x: -1920, y: 0, width: 1920, height: 1080 }], ['setKiosk', true]]);
    expect(w2.isFullScreen()).toBe(true);
    expect(onDisplay(w2, moved[1]!)).toBe(true);
    expect(fake.open()).toHaveLength(2);
  });

  it('the four calls at once (the old way) would leave the window where it was — the fake is that strict', () => {
    const d = gridDisplays(1, 2);
    const w = new FakeWindow({ x: 1920, y: 0, width: 1920, height: 1080, fullscreen: true }, (r) => (r.x >= 1920 ? d[1]!.bounds : r.x >= 0 ? d[0]!.bounds : { ...r }));
    w.setKiosk(false);
    w.setFullScreen(false);
    w.setBounds({ x: 0, y: 0, width: 1920, height: 1080 });
    w.setFullScreen(true);
    w.setKiosk(true);
    w.wm();
    expect(w.getBounds()).toEqual(d[1]!.bounds);
  });

  it('a WM that never answers: after the timeout the shell goes on; a window that did not land is opened anew there', async () => {
    const { fake, clock, log } = await boot({ wall: { mode: 'per-display' } }, gridDisplays(1, 2));
    const w2 = fake.open().find((w) => w.query.get('display') === '2')!;
    const moved = gridDisplays(1, 2);
    moved[1] = { ...moved[1]!, bounds: { x: -1920, y: 0, width: 1920, height: 1080 } };
    fake.setDisplays(moved);
    fake.screen.emit('display-metrics-changed');
    clock.advance(REPLAN_DEBOUNCE_MS);
    clock.advance(FULLSCREEN_TIMEOUT_MS);
    await tick();
    clock.advance(FULLSCREEN_TIMEOUT_MS);
    await tick();
    expect(log.lines).toContainEqual(expect.stringMatching(/оконный менеджер не вышел из полноэкранного режима за 3 с/));
    expect(log.lines).toContainEqual(expect.stringMatching(/окно стены не перешло на дисплей 2 .*открываем его там заново/));
    expect(w2.destroyed).toBe(true);
    const again = fake.open().find((w) => w.query.get('display') === '2')!;
    expect(again).not.toBe(w2);
    expect(onDisplay(again, moved[1]!)).toBe(true);
  });

  it('a newer move supersedes one under way', async () => {
    const { fake, clock } = await boot({ wall: { mode: 'per-display' } }, gridDisplays(1, 2));
    const w2 = fake.open().find((w) => w.query.get('display') === '2')!;
    const a = gridDisplays(1, 2);
    a[1] = { ...a[1]!, bounds: { x: -1920, y: 0, width: 1920, height: 1080 } };
    const b = gridDisplays(1, 2);
    b[1] = { ...b[1]!, bounds: { x: 0, y: 1080, width: 1920, height: 1080 } };
    fake.setDisplays(a);
    fake.screen.emit('display-metrics-changed');
    clock.advance(REPLAN_DEBOUNCE_MS);
    fake.setDisplays(b);
    fake.screen.emit('display-metrics-changed');
    clock.advance(REPLAN_DEBOUNCE_MS);
    for (let i = 0; i < 4; i++) {
      fake.wm();
      await tick();
    }
    expect(onDisplay(w2, b[1]!)).toBe(true);
    expect(w2.calls.filter((c) => c[0] === 'setBounds')).toEqual([['setBounds', b[1]!.bounds]]);
  });
});
