import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { ApplyResult, Cache } from '../../../../../electron/hub/cache/api.js';
import { createOutboxDeliverer, enqueueAction, getOutboxEntry, listOutbox } from '../../../../../electron/hub/outbox/outbox.js';
import { listLocalAnswers, localActionTransport } from '../../../../../electron/hub/outbox/local.js';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import type { MessageCardResult } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
let cache: Cache | null = null;
let hub: Hub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  cache?.close();
  cache = null;
  fx?.cleanup();
  fx = null;
});

const DELIVERY_AT = NOW + 60_000;

function setup() {
  fx = makeFixture(30);
  cache = openCache(fx.path);
  const ingested: ApplyResult[] = [];
  const taken: string[] = [];
  const transport = localActionTransport({ cache, ingest: (r) => ingested.push(r), onRevision: (m) => taken.push(m.id), now: () => DELIVERY_AT });
  const deliverer = createOutboxDeliverer({ cache, transport, backoff: { baseMs: 1, capMs: 2 } });
  const byStatus = (s: string) => fx!.messages.find((m) => m.status === s)!;
  return { cache, ingested, taken, transport, deliverer, byStatus };
}

describe('the demo plays the central API for the outbox', () => {
  it('acknowledge: the message comes back in progress with a first response, through the apply path', async () => {
    const { cache, ingested, taken, deliverer } = setup();
    // a new message nobody has answered yet
    const m0 = fx!.messages.find((x) => x.status === 'new')!;
    const m = { ...m0, rev: m0.rev + 1, firstResponseAt: null };
    cache.applyBatch([m], { source: 'test' });
    const a = enqueueAction(cache, { messageId: m.id, type: 'acknowledge', operator: 'дежурный', at: new Date(NOW).toISOString() });
    expect(getOutboxEntry(cache, a.id)?.state).toBe('pending');
    expect(await deliverer.deliverPending()).toEqual({ done: 1, failed: 0 });
    const e = getOutboxEntry(cache, a.id)!;
    expect(e.state).toBe('done');
    expect(e.serverRev).toBe(m.rev + 1);
    const now = cache.getMessage(m.id)!;
    expect(now).toMatchObject({ rev: m.rev + 1, status: 'in_progress', firstResponseAt: new Date(NOW).toISOString(), updatedAt: new Date(DELIVERY_AT).toISOString() });
    // the revision went through applyBatch and was handed on, as a sync batch is
    expect(ingested).toHaveLength(1);
    expect(ingested[0]!.changed.map((c) => c.id)).toEqual([m.id]);
    expect(taken).toEqual([m.id]);
  });

  it('assign sets the assignee; resolve answers; escalate and comment are accepted with a new revision', async () => {
    const { cache, deliverer, byStatus } = setup();
    const m = byStatus('in_progress');
    for (const [type, payload] of [
      ['assign', { assignee: 'Администрация города' }],
      ['escalate', { level: 2 }],
      ['comment', { comment: 'Позвонили заявителю' }],
      ['resolve', {}],
    ] as const)
      enqueueAction(cache, { messageId: m.id, type, payload, operator: 'дежурный' });
    expect(await deliverer.deliverPending()).toEqual({ done: 4, failed: 0 });
    expect(listOutbox(cache).map((e) => e.serverRev)).toEqual([m.rev + 1, m.rev + 2, m.rev + 3, m.rev + 4]);
    const now = cache.getMessage(m.id)!;
    expect(now).toMatchObject({ rev: m.rev + 4, status: 'answered', assignee: 'Администрация города' });
    expect(now.answeredAt).not.toBeNull();
  });

  it('409 for a conflict: resolving an answered message fails with the reason and is never retried', async () => {
    const { cache, ingested, deliverer, byStatus } = setup();
    const m = byStatus('answered');
    const a = enqueueAction(cache, { messageId: m.id, type: 'resolve', operator: 'дежурный' });
    const b = enqueueAction(cache, { messageId: m.id, type: 'acknowledge', operator: 'дежурный' });
    expect(await deliverer.deliverPending()).toEqual({ done: 0, failed: 2 });
    const e = getOutboxEntry(cache, a.id)!;
    expect(e.state).toBe('failed');
    expect(e.lastError).toMatch(/^409: сообщение уже отвечено/);
    expect(e.attempts).toBe(1);
    expect(getOutboxEntry(cache, b.id)!.lastError).toMatch(/^409: нельзя принять в работу: статус «отвечено»/);
    expect(cache.getMessage(m.id)!.rev).toBe(m.rev);
    expect(ingested).toEqual([]);
    // a second pass sends nothing
    expect(await deliverer.deliverPending()).toEqual({ done: 0, failed: 0 });
  });

  it('exactly once per idempotency key: a resend after a lost answer or a crash answers the first answer', async () => {
    const { cache, transport, byStatus } = setup();
    const m = byStatus('new');
    const a = enqueueAction(cache, { messageId: m.id, type: 'acknowledge', operator: 'дежурный' });
    const first = await transport(a);
    const again = await transport(a);
    expect(again).toEqual(first);
    expect(cache.getMessage(m.id)!.rev).toBe(m.rev + 1);
    expect(listLocalAnswers(cache).filter((x) => x.key === a.id)).toHaveLength(1);
    // the same key with another action is refused
    await expect(transport({ ...a, type: 'resolve' })).rejects.toMatchObject({ status: 422 });

    // a crash left an action `sending`: a new deliverer resends it under the same key — applied once
    const b = enqueueAction(cache, { messageId: m.id, type: 'comment', payload: { comment: 'Проверка' }, operator: 'дежурный' });
    await transport(b); // the API took it, the answer was lost …
    cache.db.prepare(`UPDATE outbox SET state = 'sending' WHERE id IN (?, ?)`).run(a.id, b.id);
    const revBefore = cache.getMessage(m.id)!.rev;
    const d2 = createOutboxDeliverer({ cache, transport });
    expect(await d2.deliverPending()).toEqual({ done: 2, failed: 0 });
    expect(cache.getMessage(m.id)!.rev).toBe(revBefore);
    expect(getOutboxEntry(cache, b.id)!.serverRev).toBe(revBefore);
  });
});

describe('serve --demo: the hub delivers the outbox itself', () => {
  it('an action queued by the console is accepted within a second and the message changes in the hub', async () => {
    fx = makeFixture(30);
    hub = await createHub({ cachePath: fx.path, demo: { region: 'kamchatka' }, now: () => Date.now(), playlistTimer: false });
    const m = fx.messages.find((x) => x.status === 'new')!;
    const changed = vi.fn();
    hub.on('viewChanged', changed);
    const states: string[] = [];
    hub.on('outboxChanged', (e) => states.push(e.state));
    const r = await hub.handle('console', { id: 1, method: 'act', params: { messageId: m.id, type: 'acknowledge' } });
    expect(r.ok).toBe(true);
    const t0 = Date.now();
    let card: MessageCardResult | null = null;
    while (Date.now() - t0 < 3000) {
      const c = await hub.handle('console', { id: 2, method: 'getMessageCard', params: { id: m.id } });
      if (c.ok) card = c.result as MessageCardResult;
      if (card?.actions[0]?.applied) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(card?.actions[0]).toMatchObject({ type: 'acknowledge', state: 'accepted', serverRev: m.rev + 1, applied: true });
    expect(card?.message.status).toBe('in_progress');
    expect(states).toEqual(['queued', 'sending', 'accepted']);
    // the engine has it too (the wall's numbers follow)
    const row = hub.store.getRow(m.id)!;
    expect(hub.store.rev[row]).toBe(m.rev + 1);
    await new Promise((res) => setTimeout(res, 400));
    expect(changed).toHaveBeenCalled();
  });
});
