/**
 * The demo's endpoint for operator actions (electron/hub/outbox/local.ts) answers as POST
 * /v1/actions must (docs/spec/central-api.md): 201 with the new rev, the first answer again for a
 * used key, 422 for another action under a used key, a 409 remembered with its reason, a 422 NOT
 * remembered (the client may correct the action and resend it), the revision stamped with the
 * endpoint's clock, and a latency that a stop cuts short.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { ApplyResult, Cache } from '../../../../../electron/hub/cache/api.js';
import { listLocalAnswers, localActionTransport } from '../../../../../electron/hub/outbox/local.js';
import { HttpStatusError } from '../../../../../electron/hub/sync/http.js';
import type { Action, Message } from '../../../../../shared/schema.js';
import { makeFixture, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture;
let cache: Cache;
beforeEach(() => {
  fx = makeFixture(20);
  cache = openCache(fx.path);
});
afterEach(() => {
  vi.useRealTimers();
  cache.close();
  fx.cleanup();
});

const at = new Date(NOW).toISOString();
let n = 0;
const action = (messageId: string, type: Action['type'], payload: Action['payload'] = {}): Action => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  messageId,
  type,
  payload,
  at,
  operator: 'дежурный',
});
const withStatus = (s: string) => fx.messages.find((m) => m.status === s)!;
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as HttpStatusError);

describe('localActionTransport', () => {
  it('accepted: 201 with the next rev, stamped by the endpoint’s clock, applied, handed on and remembered', async () => {
    const m = withStatus('new');
    const ingested: ApplyResult[] = [];
    const revised: Message[] = [];
    const send = localActionTransport({ cache, now: () => NOW + 90_000, ingest: (r) => ingested.push(r), onRevision: (x) => revised.push(x) });
    const a = action(m.id, 'acknowledge');
    expect(await send(a)).toEqual({ rev: m.rev + 1 });
    expect(cache.getMessage(m.id)).toMatchObject({ rev: m.rev + 1, status: 'in_progress', updatedAt: new Date(NOW + 90_000).toISOString() });
    expect(ingested.map((r) => r.changed.map((c) => c.id))).toEqual([[m.id]]);
    expect(revised.map((x) => [x.id, x.rev])).toEqual([[m.id, m.rev + 1]]);
    expect(listLocalAnswers(cache)).toEqual([{ key: a.id, status: 201, body: { accepted: true, rev: m.rev + 1 }, messageId: m.id, rev: m.rev + 1 }]);
  });

  it('the same key again: the first answer, nothing applied twice, nothing handed on again', async () => {
    const m = withStatus('new');
    const ingest = vi.fn();
    const onRevision = vi.fn();
    const send = localActionTransport({ cache, ingest, onRevision });
    const a = action(m.id, 'acknowledge');
    const first = await send(a);
    expect(await send(a)).toEqual(first);
    expect(ingest).toHaveBeenCalledTimes(1);
    expect(onRevision).toHaveBeenCalledTimes(1);
    expect(cache.getMessage(m.id)!.rev).toBe(m.rev + 1);
    // another action under the used key: 422, the message untouched
    const e = await refusal(send({ ...a, type: 'resolve' }));
    expect(e).toBeInstanceOf(HttpStatusError);
    expect(e).toMatchObject({ status: 422, serverMessage: 'Idempotency-Key уже использован для другого действия' });
    expect(cache.getMessage(m.id)!.rev).toBe(m.rev + 1);
    expect(listLocalAnswers(cache)).toHaveLength(1);
  });

  it('409 is remembered with its reason and answered again; nothing applied', async () => {
    const m = withStatus('answered');
    const ingest = vi.fn();
    const onRevision = vi.fn();
    const send = localActionTransport({ cache, ingest, onRevision });
    const a = action(m.id, 'resolve');
    const e1 = await refusal(send(a));
    expect(e1).toMatchObject({ status: 409, serverMessage: 'сообщение уже отвечено: решать нечего' });
    const e2 = await refusal(send(a));
    expect(e2).toMatchObject({ status: 409, serverMessage: 'сообщение уже отвечено: решать нечего' });
    expect(listLocalAnswers(cache)).toEqual([{ key: a.id, status: 409, body: { error: 'сообщение уже отвечено: решать нечего' }, messageId: m.id, rev: null }]);
    expect(ingest).not.toHaveBeenCalled();
    expect(onRevision).not.toHaveBeenCalled();
    expect(cache.getMessage(m.id)!.rev).toBe(m.rev);
  });

  it('422 is not remembered: the same key, corrected, is then accepted', async () => {
    const m = withStatus('in_progress');
    const send = localActionTransport({ cache });
    const bad = action(m.id, 'comment', { comment: '' });
    expect(await refusal(send(bad))).toMatchObject({ status: 422, serverMessage: 'payload.comment: пустой комментарий' });
    expect(listLocalAnswers(cache)).toEqual([]);
    expect(await send({ ...bad, payload: { comment: 'Позвонили заявителю' } })).toEqual({ rev: m.rev + 1 });
    expect(listLocalAnswers(cache).map((x) => [x.key, x.status])).toEqual([[bad.id, 201]]);
  });

  it('a revision the cache cannot take (its municipality gone from a newer reference) is quarantined as the demo endpoint’s', async () => {
    const m = withStatus('new');
    cache.setReference({ ...fx.ref, referenceVersion: `${fx.ref.referenceVersion}-2`, municipalities: fx.ref.municipalities.filter((x) => x.oktmo !== m.municipality) });
    const ingested: ApplyResult[] = [];
    await localActionTransport({ cache, ingest: (r) => ingested.push(r) })(action(m.id, 'acknowledge'));
    expect(ingested.map((r) => r.quarantined)).toEqual([1]);
    expect(cache.listQuarantine(5)).toEqual([expect.objectContaining({ itemId: m.id, rev: m.rev + 1, source: 'demo-actions' })]);
    expect(cache.getMessage(m.id)!.rev).toBe(m.rev);
  });

  it('an unknown message is a 409 conflict', async () => {
    const e = await refusal(localActionTransport({ cache })(action('нет-такого', 'acknowledge')));
    expect(e).toMatchObject({ status: 409, serverMessage: 'сообщение нет-такого не найдено' });
  });

  it('without a clock of its own the revision is stamped with now', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW + 3_600_000);
    const m = withStatus('new');
    await localActionTransport({ cache })(action(m.id, 'acknowledge'));
    expect(cache.getMessage(m.id)!.updatedAt).toBe(new Date(NOW + 3_600_000).toISOString());
  });

  it('answers in order of the remembered answers', async () => {
    const [m1, m2] = fx.messages.filter((m) => m.status === 'new');
    const send = localActionTransport({ cache });
    const a = action(m2!.id, 'acknowledge');
    const b = action(m1!.id, 'acknowledge');
    await send(a);
    await send(b);
    expect(listLocalAnswers(cache).map((x) => x.key)).toEqual([a.id, b.id]);
  });
});

describe('latency', () => {
  /** Whether `p` has settled once every ready promise turn ran (the clock not moving). */
  async function settledNow(p: Promise<unknown>) {
    let done = false;
    void p.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 20; i++) await Promise.resolve();
    return done;
  }

  it('none by default (or a negative one): the answer comes without the clock moving', async () => {
    vi.useFakeTimers();
    const [m1, m2] = fx.messages.filter((m) => m.status === 'new');
    expect(await settledNow(localActionTransport({ cache })(action(m1!.id, 'acknowledge')))).toBe(true);
    expect(await settledNow(localActionTransport({ cache, latencyMs: -50 })(action(m2!.id, 'acknowledge')))).toBe(true);
  });

  it('latencyMs: the action is taken only after it; a stop meanwhile takes nothing', async () => {
    vi.useFakeTimers();
    const m = withStatus('new');
    const send = localActionTransport({ cache, latencyMs: 400 });
    const p = send(action(m.id, 'acknowledge'));
    await vi.advanceTimersByTimeAsync(399);
    expect(cache.getMessage(m.id)!.rev).toBe(m.rev);
    await vi.advanceTimersByTimeAsync(1);
    expect(await p).toEqual({ rev: m.rev + 1 });

    const m2 = fx.messages.filter((x) => x.status === 'new')[1]!;
    const ac = new AbortController();
    const q = send(action(m2.id, 'acknowledge'), ac.signal).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    ac.abort(new Error('стоп'));
    expect(((await q) as Error).message).toBe('стоп');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cache.getMessage(m2.id)!.rev).toBe(m2.rev);
    expect(listLocalAnswers(cache)).toHaveLength(1);
  });
});

describe('its table of answers', () => {
  /** A cache as a process that opened it before this module was loaded has it: no table of answers. */
  function bare(): Cache {
    const c = openCache(':memory:');
    c.db.exec(`DROP TABLE demo_action_answers; DELETE FROM schema_migrations WHERE namespace = 'demo_actions';`);
    return c;
  }

  it('every open records its migration in schema_migrations, as shipped', () => {
    const c = openCache(':memory:');
    try {
      expect(c.db.prepare(`SELECT version, description FROM schema_migrations WHERE namespace = 'demo_actions'`).all()).toEqual([
        { version: 1, description: 'answers of the demo central API to operator actions (idempotency)' },
      ]);
    } finally {
      c.close();
    }
  });

  it('listLocalAnswers on a cache without it makes it first', () => {
    const c = bare();
    try {
      expect(listLocalAnswers(c)).toEqual([]);
    } finally {
      c.close();
    }
  });

  it('the endpoint on a cache without it makes it first and remembers its answers there', async () => {
    const c = bare();
    try {
      const send = localActionTransport({ cache: c });
      expect(await refusal(send(action('нет-такого', 'acknowledge')))).toMatchObject({ status: 409 });
      expect(listLocalAnswers(c).map((x) => x.status)).toEqual([409]);
    } finally {
      c.close();
    }
  });
});
