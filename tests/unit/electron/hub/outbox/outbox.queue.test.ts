/**
 * The outbox as a queue (docs/spec/central-api.md, POST /v1/actions: «queued locally first»):
 * what `enqueueAction` stores, what the console reads back (listOutbox, outboxByMessage,
 * getOutboxEntry, outboxCounts) and what its listeners are told.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import {
  enqueueAction,
  getOutboxEntry,
  listOutbox,
  outboxByMessage,
  outboxCounts,
  watchOutbox,
  type OutboxEntry,
} from '../../../../../electron/hub/outbox/outbox.js';

const T0 = Date.parse('2026-11-21T09:20:00Z');
let cache: Cache;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  cache = openCache(':memory:');
});
afterEach(() => {
  cache.close();
  vi.useRealTimers();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('enqueueAction', () => {
  it('stores the action pending, never tried, with a fresh id, its payload and the time it was queued', () => {
    const a = enqueueAction(cache, {
      messageId: 'im-1',
      type: 'assign',
      payload: { assignee: 'Администрация города' },
      operator: 'duty-1',
      at: '2026-11-21T21:20:00+12:00',
    });
    expect(a).toEqual({
      id: expect.stringMatching(UUID),
      messageId: 'im-1',
      type: 'assign',
      payload: { assignee: 'Администрация города' },
      at: '2026-11-21T21:20:00+12:00',
      operator: 'duty-1',
    });
    expect(getOutboxEntry(cache, a.id)).toEqual({
      action: a,
      state: 'pending',
      attempts: 0,
      lastError: null,
      serverRev: null,
      createdSeq: 1,
      updatedAt: new Date(T0).toISOString(),
    });
  });

  it('without a time or payload: now (UTC) and an empty payload; each action its own id and the next place in the queue', () => {
    const a = enqueueAction(cache, { messageId: 'im-1', type: 'acknowledge', operator: 'duty-1' });
    vi.setSystemTime(T0 + 5_000);
    const b = enqueueAction(cache, { messageId: 'im-2', type: 'resolve', operator: 'duty-2' });
    expect(a.at).toBe(new Date(T0).toISOString());
    expect(a.payload).toEqual({});
    expect(b.at).toBe(new Date(T0 + 5_000).toISOString());
    expect(b.id).not.toBe(a.id);
    expect(listOutbox(cache).map((e) => [e.action.id, e.createdSeq, e.updatedAt])).toEqual([
      [a.id, 1, new Date(T0).toISOString()],
      [b.id, 2, new Date(T0 + 5_000).toISOString()],
    ]);
  });

  it('refuses an action off the contract with the field named, and queues nothing', () => {
    expect(() => enqueueAction(cache, { messageId: 'im-1', type: 'escalate', payload: { level: 7 }, operator: 'duty-1' })).toThrow(
      /^действие не по контракту: payload\.level: /,
    );
    expect(() => enqueueAction(cache, { messageId: 'im-1', type: 'comment', operator: '' })).toThrow(/^действие не по контракту: operator: /);
    expect(() => enqueueAction(cache, { messageId: 'im-1', type: 'comment', operator: 'x', at: 'вчера' })).toThrow(/^действие не по контракту: at: /);
    expect(listOutbox(cache)).toEqual([]);
    expect(outboxCounts(cache)).toEqual({ pending: 0, failed: 0 });
  });
});

describe('reading the outbox back', () => {
  it('listOutbox: creation order, by state, at most `limit`', () => {
    const ids = ['im-1', 'im-2', 'im-3', 'im-4'].map((m) => enqueueAction(cache, { messageId: m, type: 'comment', payload: { comment: m }, operator: 'd' }).id);
    cache.db.prepare(`UPDATE outbox SET state = 'failed' WHERE id IN (?, ?)`).run(ids[1], ids[3]);
    expect(listOutbox(cache).map((e) => e.action.id)).toEqual(ids);
    expect(listOutbox(cache, { limit: 2 }).map((e) => e.action.id)).toEqual(ids.slice(0, 2));
    expect(listOutbox(cache, { state: 'failed' }).map((e) => e.action.id)).toEqual([ids[1], ids[3]]);
    expect(listOutbox(cache, { state: 'failed', limit: 1 }).map((e) => e.action.id)).toEqual([ids[1]]);
    expect(listOutbox(cache, { state: 'pending' }).map((e) => e.state)).toEqual(['pending', 'pending']);
    expect(listOutbox(cache, { state: 'done' })).toEqual([]);
  });

  it('outboxByMessage: each asked message its latest actions in creation order; none asked, none answered', () => {
    const on1 = [1, 2, 3].map((i) => enqueueAction(cache, { messageId: 'im-1', type: 'comment', payload: { comment: `${i}` }, operator: 'd' }).id);
    const on2 = enqueueAction(cache, { messageId: 'im-2', type: 'acknowledge', operator: 'd' }).id;
    const all = outboxByMessage(cache, ['im-1', 'im-2', 'im-1', 'нет']);
    expect([...all.keys()]).toEqual(['im-1', 'im-2']);
    expect(all.get('im-1')!.map((e) => e.action.id)).toEqual(on1);
    expect(all.get('im-2')!.map((e) => e.action.id)).toEqual([on2]);
    expect(all.has('нет')).toBe(false);
    expect(outboxByMessage(cache, ['im-1'], 2).get('im-1')!.map((e) => e.action.payload.comment)).toEqual(['2', '3']);
    expect(outboxByMessage(cache, []).size).toBe(0);
  });

  it('getOutboxEntry: null for an id never queued', () => {
    enqueueAction(cache, { messageId: 'im-1', type: 'acknowledge', operator: 'd' });
    expect(getOutboxEntry(cache, 'нет-такого')).toBeNull();
  });

  it('outboxCounts: zero on an empty outbox; pending counts those being sent; failed apart; done in neither', () => {
    expect(outboxCounts(cache)).toEqual({ pending: 0, failed: 0 });
    const ids = [1, 2, 3, 4, 5].map(() => enqueueAction(cache, { messageId: 'im-1', type: 'acknowledge', operator: 'd' }).id);
    expect(outboxCounts(cache)).toEqual({ pending: 5, failed: 0 });
    const set = cache.db.prepare('UPDATE outbox SET state = ? WHERE id = ?');
    set.run('sending', ids[0]);
    set.run('done', ids[1]);
    set.run('failed', ids[2]);
    set.run('failed', ids[3]);
    expect(outboxCounts(cache)).toEqual({ pending: 2, failed: 2 });
  });
});

describe('watchOutbox', () => {
  it('every listener of the cache hears each queued action until it stops listening; a broken one stops nobody', () => {
    const heardA: OutboxEntry[] = [];
    const heardB: OutboxEntry[] = [];
    const broken = vi.fn(() => {
      throw new Error('слушатель сломан');
    });
    watchOutbox(cache, broken);
    const stopA = watchOutbox(cache, (e) => heardA.push(e));
    watchOutbox(cache, (e) => heardB.push(e));
    const a = enqueueAction(cache, { messageId: 'im-1', type: 'acknowledge', operator: 'd' });
    expect(heardA).toEqual([getOutboxEntry(cache, a.id)]);
    expect(heardA[0]).toMatchObject({ state: 'pending', attempts: 0, action: { id: a.id } });
    expect(heardB).toEqual(heardA);
    expect(broken).toHaveBeenCalledTimes(1);
    stopA();
    const b = enqueueAction(cache, { messageId: 'im-2', type: 'acknowledge', operator: 'd' });
    expect(heardA.map((e) => e.action.id)).toEqual([a.id]);
    expect(heardB.map((e) => e.action.id)).toEqual([a.id, b.id]);
  });

  it('a listener of another cache hears nothing of this one', () => {
    const other = openCache(':memory:');
    try {
      const heard = vi.fn();
      watchOutbox(other, heard);
      enqueueAction(cache, { messageId: 'im-1', type: 'acknowledge', operator: 'd' });
      expect(heard).not.toHaveBeenCalled();
      expect(listOutbox(other)).toEqual([]);
    } finally {
      other.close();
    }
  });
});
