import { describe, expect, it } from 'vitest';
import { parseFaultSpec, seededRandom } from '../../../../../electron/hub/central/faults.js';
import { decodeCursor, encodeCursor } from '../../../../../electron/hub/central/cursor.js';
import { CentralStore } from '../../../../../electron/hub/central/store.js';
import { checkToken, parseRetryAfter, retryDelay } from '../../../../../electron/hub/sync/http.js';
import { REFERENCE, message } from '../../../../integration/sync/fixture.js';
import { SyncHealthSchema, describeSyncHealth, parseSyncHealth } from '../../../../../shared/sync-health.js';

describe('fault spec', () => {
  it('parses the documented example', () => {
    expect(parseFaultSpec('5xx=0.1,429=0.05,drop=0.05,truncate=0.05,slow=0.05:200ms,repeat=0.1,invalid=0.01')).toEqual({
      '5xx': 0.1,
      '429': 0.05,
      drop: 0.05,
      truncate: 0.05,
      slow: 0.05,
      slowMs: 200,
      repeat: 0.1,
      invalid: 0.01,
    });
    expect(parseFaultSpec('slow=1:2s,seed=3').slowMs).toBe(2000);
  });
  it('refuses a bad spec with one clear Russian line', () => {
    expect(() => parseFaultSpec('5xx=2')).toThrow(/5xx.*от 0 до 1/);
    expect(() => parseFaultSpec('boom=0.1')).toThrow(/неизвестный сбой «boom»/);
    expect(() => parseFaultSpec('drop')).toThrow(/имя=значение/);
    expect(() => parseFaultSpec('drop=abc')).toThrow(/не число/);
    expect(() => parseFaultSpec('slow=0.1:soon')).toThrow(/200ms/);
  });
});

describe('backoff', () => {
  it('full jitter within an exponential, capped ceiling', () => {
    const b = { baseMs: 250, capMs: 30_000 };
    expect(retryDelay(0, b, () => 0.999)).toBeLessThan(250);
    expect(retryDelay(3, b, () => 0.5)).toBe(1000);
    expect(retryDelay(40, b, () => 0.999)).toBeLessThan(30_000);
    expect(retryDelay(5, b, () => 0)).toBe(0);
  });
  it('never waits less than Retry-After', () => {
    expect(retryDelay(0, { baseMs: 250, capMs: 30_000 }, () => 0, 5000)).toBe(5000);
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(parseRetryAfter('скоро')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
  it('a token that cannot be sent is a stop', () => {
    expect(checkToken('abc.DEF-123')).toBeNull();
    expect(checkToken('с пробелом')?.reason).toBe('auth');
    expect(checkToken('')?.reason).toBe('auth');
  });
});

describe('reference server log', () => {
  it('cursors round-trip and are opaque', () => {
    const c = encodeCursor('abc123', 2, 42);
    expect(c).not.toContain('42');
    expect(decodeCursor(c)).toEqual({ epoch: 'abc123', gen: 2, seq: 42 });
    expect(decodeCursor('garbage')).toBeNull();
  });
  it('compaction keeps the last entry per id and pages never point at a dropped entry', () => {
    const r = seededRandom(1);
    const s = new CentralStore(REFERENCE);
    s.append([message('a', 1, r), message('b', 1, r), message('a', 2, r), { id: 'x', rev: 1 }, message('c', 1, r)]);
    s.compact(4);
    // a@1 (superseded) and the invalid x were dropped below the floor; a@2 stays.
    expect(s.size()).toBe(3);
    const p = s.read(0, 1);
    expect(p.seqs).toEqual([1]);
    expect(p.next).toBe(2);
    expect(s.holds(2)).toBe(true);
    expect(s.holds(0)).toBe(false);
    expect(s.state().map((m) => [m.id, m.rev])).toEqual([['a', 2], ['b', 1], ['c', 1]]);
  });
});

describe('sync health', () => {
  it('round-trips through the persisted JSON and reads plainly', () => {
    const h = {
      state: 'offline' as const,
      region: { code: '30', name: 'Камчатский край', timezone: 'Asia/Kamchatka' },
      api: 'http://127.0.0.1:1',
      mode: 'pull' as const,
      progress: { received: 10, applied: 9, remaining: null, rate: null },
      offlineSince: '2026-11-21T09:15:00Z',
      lastError: 'соединение разорвано',
      quarantined: 1,
      lastSyncAt: null,
      stopReason: null,
      outbox: null,
      updatedAt: '2026-11-21T09:16:00Z',
    };
    expect(SyncHealthSchema.parse(h)).toEqual(h);
    expect(parseSyncHealth(JSON.stringify(h))).toEqual(h);
    expect(parseSyncHealth('{')).toBeNull();
    expect(describeSyncHealth(h)).toMatch(/нет связи.*соединение разорвано/);
  });
});
