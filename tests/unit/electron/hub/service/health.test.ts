import { afterEach, describe, expect, it, vi } from 'vitest';
import { HealthService, HEALTH_MIN_INTERVAL_MS, HEALTH_POLL_MS } from '../../../../../electron/hub/service/health.js';
import { TypedEmitter, type HubEventMap } from '../../../../../electron/hub/service/events.js';
import { SYNC_HEALTH_KEY } from '../../../../../shared/sync-health.js';
import type { Freshness } from '../../../../../shared/bridge/protocol.js';
import { catchingUp, syncHealth } from './support.js';

afterEach(() => vi.useRealTimers());

function setup(o: { demo?: boolean; stored?: string | null } = {}) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
  const state = new Map<string, string>();
  if (o.stored) state.set(SYNC_HEALTH_KEY, o.stored);
  let quarantined = 0;
  const cache = { getState: (k: string) => state.get(k) ?? null, quarantineCount: () => quarantined };
  const data = { dataAsOf: Date.parse('2026-11-20T20:00:00Z') as number | null, lastBatchAt: null as number | null };
  const events = new TypedEmitter<HubEventMap>();
  const pushed: Freshness[] = [];
  events.on('health', (f) => pushed.push(f));
  const h = new HealthService({ cache, data, events, demo: o.demo ?? false });
  return { h, pushed, data, state, setQuarantined: (n: number) => (quarantined = n) };
}

describe('HealthService', () => {
  it('without a sync health: «demo» for the demo source, «idle» otherwise; the data’s age and last batch', () => {
    const { h, data } = setup({ demo: true });
    data.lastBatchAt = Date.parse('2026-11-20T21:00:00Z');
    expect(h.freshness()).toEqual({
      dataAsOf: '2026-11-20T20:00:00.000Z',
      lastSyncAt: '2026-11-20T21:00:00.000Z',
      sync: { state: 'demo', progress: null, offlineSince: null, lastError: null, quarantined: 0 },
    });
    expect(setup().h.freshness().sync.state).toBe('idle');
  });

  it('reads the health the sync client left in the cache; a live one wins over it', () => {
    const stored = syncHealth({ state: 'offline', offlineSince: '2026-11-20T18:00:00+03:00', lastError: 'нет связи', lastSyncAt: '2026-11-20T22:00:00.000Z' });
    const { h } = setup({ stored: JSON.stringify(stored) });
    expect(h.freshness().sync).toMatchObject({ state: 'offline', offlineSince: '2026-11-20T15:00:00.000Z', lastError: 'нет связи' });
    expect(h.freshness().lastSyncAt).toBe('2026-11-20T22:00:00.000Z');
    h.setSyncHealth(catchingUp(25, 75));
    expect(h.freshness().sync).toMatchObject({ state: 'catching_up', progress: 0.25 });
  });

  it('a change of state goes out at once; progress ticks at most once per interval, the last one kept', () => {
    const { h, pushed } = setup();
    h.setSyncHealth(catchingUp(1));
    expect(pushed.map((f) => f.sync.progress)).toEqual([1 / 101]);
    h.setSyncHealth(catchingUp(2));
    h.setSyncHealth(catchingUp(3));
    expect(pushed).toHaveLength(1);
    vi.advanceTimersByTime(HEALTH_MIN_INTERVAL_MS);
    expect(pushed.map((f) => f.sync.progress)).toEqual([1 / 101, 3 / 103]);
    h.setSyncHealth(syncHealth({ state: 'online', progress: { received: 3, applied: 3, remaining: 0, rate: null } }));
    expect(pushed.at(-1)?.sync.state).toBe('online');
  });

  it('an unchanged health is not pushed again; the poll notices quarantine written by others', () => {
    const { h, pushed, setQuarantined } = setup();
    h.refresh();
    expect(pushed).toHaveLength(0);
    setQuarantined(2);
    vi.advanceTimersByTime(HEALTH_POLL_MS);
    expect(pushed.map((f) => f.sync.quarantined)).toEqual([2]);
  });

  it('dispose stops the poll and a pending push; nothing is pushed after it', () => {
    const { h, pushed, setQuarantined } = setup();
    h.setSyncHealth(catchingUp(1));
    h.setSyncHealth(catchingUp(2));
    expect(vi.getTimerCount()).toBe(2);
    h.dispose();
    expect(vi.getTimerCount()).toBe(0);
    setQuarantined(5);
    h.refresh();
    h.pushNow();
    h.setSyncHealth(catchingUp(9));
    expect(pushed).toHaveLength(1);
  });
});
