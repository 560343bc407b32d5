import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { computeQueue } from '../../../../../shared/engine/queue.js';
import { loadStore } from '../../../../../electron/hub/engine/load.js';
import { DEFAULT_THRESHOLDS } from '../../../../../shared/engine/types.js';
import type { ConsoleQueueResult, MessageCardResult } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, NOW, PHONE, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
let hub: Hub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  fx?.cleanup();
  fx = null;
});

const ASSIGNEE = 'Управление ЖКХ города';

async function open(n = 300): Promise<Hub> {
  fx = makeFixture(n);
  // a few messages already assigned (the executor directory learns from them)
  const c = openCache(fx.path);
  const assigned = fx.messages.filter((m) => m.municipality === fx!.messages[0]!.municipality && m.block === fx!.messages[0]!.block).slice(0, 3);
  c.applyBatch(assigned.map((m) => ({ ...m, rev: 2, assignee: ASSIGNEE })), { source: 'test' });
  c.close();
  hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
  return hub;
}

async function call<T>(h: Hub, role: 'wall' | 'console', method: string, params: unknown): Promise<T> {
  const r = await h.handle(role, { id: 1, method, params });
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.result as T;
}

const queue = (h: Hub, params: object = {}) => call<ConsoleQueueResult>(h, 'console', 'getConsoleQueue', params);

describe('console service: the officer’s own queue', () => {
  it('runs through the whole queue in kpi.md order, page by page, whatever the wall shows', async () => {
    const h = await open();
    const expected = computeQueue(cacheStore(), { now: NOW, thresholds: DEFAULT_THRESHOLDS }).items.map((q) => q.id);
    expect(expected.length).toBeGreaterThan(60);
    const first = await queue(h, { limit: 25 });
    expect(first.total).toBe(expected.length);
    expect(first.matched).toBe(expected.length);
    const ids: string[] = [];
    for (let offset = 0; offset < first.matched; offset += 25) ids.push(...(await queue(h, { offset, limit: 25 })).items.map((i) => i.id));
    expect(ids).toEqual(expected);
    // the wall goes to a block scene: the console's queue stays the whole queue
    h.dispatch({ type: 'setScene', scene: 'block:housing' });
    h.dispatch({ type: 'setFilters', blocks: ['housing'] });
    const after = await queue(h, { limit: 200 });
    expect(after.total).toBe(expected.length);
    expect(new Set(after.items.map((i) => i.block)).size).toBeGreaterThan(1);
  });

  it('filters by level, reason, block, municipality, channel, text and “new since”', async () => {
    const h = await open();
    const all = (await queue(h, { limit: 200 })).items;
    const some = all[0]!;
    const byLevel = await queue(h, { levels: [some.level], limit: 200 });
    expect(byLevel.items.length).toBeGreaterThan(0);
    expect(byLevel.items.every((i) => i.level === some.level)).toBe(true);
    expect(byLevel.matched).toBe(all.filter((i) => i.level === some.level).length);
    expect(byLevel.byLevel[some.level]).toBe(byLevel.matched);

    const reason = some.reasons[0]!;
    const byReason = await queue(h, { reasons: [reason], limit: 200 });
    expect(byReason.matched).toBe(all.filter((i) => i.reasons.includes(reason)).length);
    expect(byReason.items.every((i) => i.reasons.includes(reason))).toBe(true);

    const byBlock = await queue(h, { blocks: [some.block], limit: 200 });
    expect(byBlock.matched).toBe(all.filter((i) => i.block === some.block).length);
    const byMuni = await queue(h, { municipalities: [some.municipality], limit: 200 });
    expect(byMuni.matched).toBe(all.filter((i) => i.municipality === some.municipality).length);
    const byChannel = await queue(h, { channels: [some.channel], limit: 200 });
    expect(byChannel.matched).toBe(all.filter((i) => i.channel === some.channel).length);
    expect(byChannel.matched).toBeLessThan(all.length);

    // text: the full text (a phone number), case-insensitive; the assignee too
    const byPhone = await queue(h, { text: PHONE.slice(-9), limit: 200 });
    expect(byPhone.matched).toBeGreaterThan(0);
    expect(byPhone.items.every((i) => i.excerpt.includes(PHONE))).toBe(true);
    const byWord = await queue(h, { text: 'НЕТ ОТОПЛЕНИЯ', limit: 200 });
    expect(byWord.matched).toBe(byPhone.matched);
    const byAssignee = await queue(h, { text: 'управление жкх', limit: 200 });
    expect(byAssignee.items.every((i) => i.assignee === ASSIGNEE)).toBe(true);

    // "new since": only messages created after the instant
    const since = new Date(NOW - 12 * 3_600_000).toISOString();
    const marked = await queue(h, { since, limit: 200 });
    expect(marked.matched).toBe(all.length);
    expect(marked.items.filter((i) => i.isNew).length).toBe(marked.newCount);
    const fresh = await queue(h, { since, onlyNew: true, limit: 200 });
    expect(fresh.matched).toBe(all.filter((i) => Date.parse(i.createdAt) > Date.parse(since)).length);
    expect(fresh.matched).toBeGreaterThan(0);
    expect(fresh.matched).toBeLessThan(all.length);
    expect(fresh.items.every((i) => i.isNew)).toBe(true);
    expect(fresh.newCount).toBe(fresh.matched);
    // filters combine
    const both = await queue(h, { since, onlyNew: true, levels: [some.level], limit: 200 });
    expect(both.matched).toBe(fresh.items.filter((i) => i.level === some.level).length);
  });

  it('refuses bad filters with a Russian message, and caps the page', async () => {
    const h = await open(40);
    await expect(queue(h, { limit: 5000 })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(queue(h, { levels: [4] })).rejects.toThrow(/неверные параметры getConsoleQueue/);
    await expect(queue(h, { since: 'вчера' })).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('console service: role checks', () => {
  it('a wall client cannot call the console-only methods and never gets a full text', async () => {
    const h = await open(60);
    const id = (await queue(h, { text: PHONE, limit: 1 })).items[0]!.id;
    for (const [method, params] of [
      ['getConsoleQueue', {}],
      ['getMessageCard', { id }],
      ['getMessage', { id }],
      ['act', { messageId: id, type: 'acknowledge' }],
    ] as const) {
      const r = await h.handle('wall', { id: 9, method, params });
      expect(r.ok, method).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    }
    const view = await call<{ queue: { items: { excerpt: string }[] }; ticker: { text: string }[] }>(h, 'wall', 'getView', { window: '7d', queueLimit: 500, tickerLimit: 200 });
    const shown = JSON.stringify(view);
    expect(shown).not.toContain(PHONE);
    // the console does get it
    const card = await call<MessageCardResult>(h, 'console', 'getMessageCard', { id });
    expect(card.message.text).toContain(PHONE);
  });
});

describe('console service: the card', () => {
  it('shows the full text, the revisions held, its place in the queue, the executors and the actions with their state', async () => {
    const h = await open();
    const item = (await queue(h, { text: 'управление жкх', limit: 1 })).items[0]!;
    let card = await call<MessageCardResult>(h, 'console', 'getMessageCard', { id: item.id });
    expect(card.history.map((m) => m.rev)).toEqual([card.message.rev]);
    expect(card.historyComplete).toBe(false);
    expect(card.queue?.level).toBe(item.level);
    expect(card.actions).toEqual([]);
    expect(card.escalatedTo).toBeNull();
    const seen = card.executors.find((e) => e.name === ASSIGNEE);
    expect(seen).toMatchObject({ source: 'seen', scope: 'municipality' });
    expect(seen!.count).toBeGreaterThanOrEqual(3);
    expect(card.executors.some((e) => e.source === 'reference' && e.name.includes(card.municipalityName))).toBe(true);

    const events: string[] = [];
    const off = h.on('outboxChanged', (e) => events.push(`${e.messageId}:${e.state}`));
    await call(h, 'console', 'act', { messageId: item.id, type: 'escalate', payload: { level: 3 } });
    off();
    expect(events).toEqual([`${item.id}:queued`]);
    card = await call<MessageCardResult>(h, 'console', 'getMessageCard', { id: item.id });
    expect(card.actions).toHaveLength(1);
    expect(card.actions[0]).toMatchObject({ type: 'escalate', state: 'queued', applied: false, serverRev: null });
    expect(card.escalatedTo).toBe(3);
    const row = (await queue(h, { text: item.id, limit: 5 })).items.find((i) => i.id === item.id)!;
    expect(row.lastAction?.state).toBe('queued');
    expect(row.actionCount).toBe(1);
  });

  it('an unknown message is not_found', async () => {
    const h = await open(20);
    await expect(call(h, 'console', 'getMessageCard', { id: 'нет-такого' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

/** The fixture cache's engine store, loaded as the queue command does. */
function cacheStore() {
  const c = openCache(fx!.path);
  try {
    return loadStore(c);
  } finally {
    c.close();
  }
}
