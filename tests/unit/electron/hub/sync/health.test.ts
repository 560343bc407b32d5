/**
 * Health reporting of the sync client (electron/hub/sync/health.ts): what the wall's sync
 * indicator and `situation-wall sync` show — offline since when and why, the last success kept
 * across runs, a stop with its reason, the receive rate — and how often it is persisted.
 */
import { describe, expect, it } from 'vitest';
import { SYNC_HEALTH_KEY, type SyncHealth } from '../../../../../shared/sync-health.js';
import { createHealthReporter, RateMeter, type HealthCache } from '../../../../../electron/hub/sync/health.js';
import { SyncStoppedError, TransientError } from '../../../../../electron/hub/sync/http.js';

function fakeCache(prev: string | null = null) {
  const writes: string[] = [];
  const cache: HealthCache = {
    getRegion: () => ({ code: '30', name: 'Камчатский край', timezone: 'Asia/Kamchatka' }),
    quarantineCount: () => 2,
    getState: (key: string) => (key === SYNC_HEALTH_KEY ? prev : null),
    setState: (key: string, value: string) => {
      if (key === SYNC_HEALTH_KEY) writes.push(value);
    },
  } as HealthCache;
  return { cache, writes };
}

function reporter(prev: string | null = null) {
  let t = Date.parse('2026-11-21T09:00:00Z');
  const { cache, writes } = fakeCache(prev);
  const seen: SyncHealth[] = [];
  const r = createHealthReporter({ cache, api: 'http://cur/api', onHealth: (h) => seen.push(h), now: () => t });
  return { r, writes, seen, advance: (ms: number) => (t += ms), persisted: () => JSON.parse(writes.at(-1)!) as SyncHealth };
}

describe('sync health', () => {
  it('starts catching up, with the last success of the previous run kept and the quarantine counted', () => {
    const { r } = reporter(JSON.stringify({ lastSyncAt: '2026-11-20T18:00:00.000Z', state: 'online' }));
    expect(r.h).toMatchObject({ state: 'catching_up', mode: 'pull', lastSyncAt: '2026-11-20T18:00:00.000Z', quarantined: 2, api: 'http://cur/api' });
    expect(r.h.region?.code).toBe('30');
    // A damaged persisted health is ignored, not fatal.
    expect(reporter('{не json').r.h.lastSyncAt).toBeNull();
  });

  it('offline since the first failure of a spell, with the latest message; a success ends the spell', () => {
    const { r, advance } = reporter();
    r.failure(new TransientError('сервер не принимает соединения'));
    const since = r.h.offlineSince;
    expect(r.h.state).toBe('offline');
    expect(since).toBe('2026-11-21T09:00:00.000Z');
    advance(30_000);
    r.failure(new TransientError('истекло время ожидания ответа'));
    expect(r.h.offlineSince).toBe(since);
    expect(r.h.lastError).toBe('истекло время ожидания ответа');
    advance(1000);
    r.success();
    expect(r.h.offlineSince).toBeNull();
    expect(r.h.lastError).toBeNull();
    expect(r.h.lastSyncAt).toBe('2026-11-21T09:00:31.000Z');
  });

  it('a success while online keeps a standing message (e.g. of a resync under way)', () => {
    const { r } = reporter();
    r.h.lastError = 'курсор устарел на сервере (410)';
    r.success();
    expect(r.h.lastError).toBe('курсор устарел на сервере (410)');
  });

  it('a stop is persisted at once with its reason and message, then thrown', () => {
    const { r, persisted } = reporter();
    const e = new SyncStoppedError('auth', 'центральный API не принял токен (401)');
    expect(() => r.stop(e)).toThrow(e);
    expect(persisted()).toMatchObject({ state: 'stopped', stopReason: 'auth', lastError: 'центральный API не принял токен (401)' });
  });

  it('publishes a copy on every emit; persists a state change at once, other emits at most once a second', () => {
    const { r, writes, seen, advance } = reporter();
    r.setState('online');
    expect(writes).toHaveLength(1);
    r.emit();
    r.emit();
    expect(writes).toHaveLength(1);
    advance(999);
    r.emit();
    expect(writes).toHaveLength(1);
    advance(1);
    r.emit();
    expect(writes).toHaveLength(2);
    r.emit(true);
    expect(writes).toHaveLength(3);
    expect(seen).toHaveLength(6);
    seen[0]!.state = 'stopped';
    expect(r.h.state).toBe('online');
  });

  it('counts what was received and applied, and the rate over the last seconds', () => {
    const { r, advance } = reporter();
    r.counted({ applied: 90, ignored: 10, deleted: 0, quarantined: 0, changed: [], removed: [] } as never, 100);
    expect(r.h.progress).toMatchObject({ received: 100, applied: 90 });
    r.noteRate(100);
    expect(r.h.progress.rate).toBeNull();
    advance(2000);
    r.noteRate(500);
    expect(r.h.progress.rate).toBe(250);
  });
});

describe('rate meter', () => {
  it('items per second over a sliding five-second window', () => {
    const m = new RateMeter();
    expect(m.note(1000, 0)).toBeUndefined();
    expect(m.note(100, 400)).toBeUndefined();
    expect(m.note(100, 1000)).toBe(200);
    // Six seconds on, only the notes of the last five seconds count.
    expect(m.note(600, 7000)).toBeUndefined();
    expect(m.note(300, 8000)).toBe(300);
  });
});

describe('sync health, edges', () => {
  it('a stop is persisted even right after another write', () => {
    const { r, writes, persisted } = reporter();
    r.setState('online');
    expect(writes).toHaveLength(1);
    expect(() => r.stop(new SyncStoppedError('schema', 'сервер отдаёт схему 2.0'))).toThrow(SyncStoppedError);
    expect(writes).toHaveLength(2);
    expect(persisted()).toMatchObject({ state: 'stopped', stopReason: 'schema' });
  });

  it('only a change of state is persisted at once: the same state again waits for the second', () => {
    const { r, writes, advance } = reporter();
    r.setState('online');
    advance(10);
    r.setState('online');
    expect(writes).toHaveLength(1);
    r.setState('offline');
    expect(writes).toHaveLength(2);
    expect(JSON.parse(writes[1]!)).toMatchObject({ state: 'offline' });
  });

  it('the outbox counts are in the health from the start and fresh at every emit', () => {
    let pending = 3;
    const { cache } = fakeCache();
    const seen: SyncHealth[] = [];
    const r = createHealthReporter({ cache, api: 'http://cur', onHealth: (h) => seen.push(h), outboxCounts: () => ({ pending, failed: 1 }), now: () => 0 });
    expect(r.snapshot().outbox).toEqual({ pending: 3, failed: 1 });
    pending = 5;
    r.emit();
    expect(seen.at(-1)?.outbox).toEqual({ pending: 5, failed: 1 });
  });

  it('without a listener the health is still persisted; without a clock it reads the time now', () => {
    const { cache, writes } = fakeCache();
    const before = Date.now();
    const r = createHealthReporter({ cache, api: 'http://cur' });
    r.setState('online');
    expect(writes).toHaveLength(1);
    const at = Date.parse((JSON.parse(writes[0]!) as SyncHealth).updatedAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('snapshot is a copy of the live health', () => {
    const { r } = reporter();
    const s = r.snapshot();
    expect(s).toEqual(r.h);
    s.progress.received = 99;
    expect(r.h.progress.received).toBe(0);
  });

  it('a persisted last success that is no text is not taken', () => {
    expect(reporter(JSON.stringify({ lastSyncAt: 1_700_000_000_000 })).r.h.lastSyncAt).toBeNull();
  });
});

describe('rate meter, edges', () => {
  it('a note exactly five seconds old still counts; half a second is enough to tell a rate', () => {
    const m = new RateMeter();
    m.note(100, 0);
    expect(m.note(100, 5000)).toBe(20); // 100 items over 5 s
    const h = new RateMeter();
    h.note(10, 0);
    expect(h.note(50, 500)).toBe(100); // 50 items over 0,5 s
  });
});
