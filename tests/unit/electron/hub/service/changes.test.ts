import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeNotifier, VIEW_CHANGED_MIN_INTERVAL_MS } from '../../../../../electron/hub/service/changes.js';
import { TypedEmitter, type HubEventMap } from '../../../../../electron/hub/service/events.js';

afterEach(() => vi.useRealTimers());

function setup() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  const events = new TypedEmitter<HubEventMap>();
  let version = 0;
  const seen: string[] = [];
  events.on('viewChanged', (d) => seen.push(`viewChanged ${d.dataVersion}`));
  const n = new ChangeNotifier({ events, dataVersion: () => version, afterAnnounce: () => seen.push('health') });
  return { n, seen, bump: () => ++version };
}

describe('ChangeNotifier', () => {
  it('announces the first change at once, then health', () => {
    const { n, seen, bump } = setup();
    bump();
    n.schedule();
    expect(seen).toEqual(['viewChanged 1', 'health']);
  });

  it('many changes within the interval give one more announcement, with the latest version', () => {
    const { n, seen, bump } = setup();
    bump();
    n.schedule();
    for (let i = 0; i < 5; i++) {
      bump();
      n.schedule();
    }
    expect(seen).toEqual(['viewChanged 1', 'health']);
    vi.advanceTimersByTime(VIEW_CHANGED_MIN_INTERVAL_MS);
    expect(seen).toEqual(['viewChanged 1', 'health', 'viewChanged 6', 'health']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('N batches within 250 ms give exactly one event; batches spaced out give one each', () => {
    const { n, seen, bump } = setup();
    const views = () => seen.filter((x) => x.startsWith('viewChanged'));
    // Spaced out by the interval: each batch announced at once, one event each.
    for (let i = 0; i < 4; i++) {
      bump();
      n.schedule();
      expect(views()).toHaveLength(i + 1);
      vi.advanceTimersByTime(VIEW_CHANGED_MIN_INTERVAL_MS);
    }
    expect(views()).toEqual(['viewChanged 1', 'viewChanged 2', 'viewChanged 3', 'viewChanged 4']);
    // A burst of 7 batches 30 ms apart (210 ms < 250 ms) right after an announcement: nothing
    // until the interval since the last one has passed, then exactly one, with the latest version.
    bump();
    n.schedule();
    expect(views()).toHaveLength(5);
    for (let i = 0; i < 7; i++) {
      vi.advanceTimersByTime(30);
      bump();
      n.schedule();
    }
    expect(views()).toHaveLength(5);
    vi.advanceTimersByTime(VIEW_CHANGED_MIN_INTERVAL_MS - 210 - 1);
    expect(views()).toHaveLength(5);
    vi.advanceTimersByTime(1);
    expect(views().slice(5)).toEqual(['viewChanged 12']);
    vi.advanceTimersByTime(10 * VIEW_CHANGED_MIN_INTERVAL_MS);
    expect(views()).toHaveLength(6);
  });

  it('a pending announcement is dropped on dispose', () => {
    const { n, seen, bump } = setup();
    bump();
    n.schedule();
    bump();
    n.schedule();
    expect(vi.getTimerCount()).toBe(1);
    n.dispose();
    expect(vi.getTimerCount()).toBe(0);
    n.schedule();
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual(['viewChanged 1', 'health']);
  });
});
