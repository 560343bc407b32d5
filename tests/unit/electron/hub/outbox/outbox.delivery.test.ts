/**
 * Delivery of the outbox (docs/spec/central-api.md, POST /v1/actions): serial in creation order,
 * the same Idempotency-Key on every resend, 200/201 accepted with the server's rev, 409/422
 * failed with the server's reason and never retried, transient failures retried with backoff
 * (never sooner than Retry-After), 401/403/404 stop delivery with the actions kept pending, and an
 * action left «sending» by a process that died is sent again after a restart. A scripted transport
 * and a fake clock: no network, no waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import {
  createOutboxDeliverer,
  enqueueAction,
  getOutboxEntry,
  listOutbox,
  outboxCounts,
  watchOutbox,
  type ActionTransport,
  type OutboxEntry,
} from '../../../../../electron/hub/outbox/outbox.js';
import { DEFAULT_BACKOFF, HttpStatusError, SyncStoppedError, TransientError } from '../../../../../electron/hub/sync/http.js';
import type { Action } from '../../../../../shared/schema.js';

const T0 = Date.parse('2026-11-21T09:20:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
let cache: Cache;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  cache = openCache(':memory:');
});
afterEach(() => {
  cache.close();
  vi.useRealTimers();
});

/** Lets every promise that can settle without the clock moving settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);

type Answer = { rev: number } | Error | 'hang';
/** A transport answering from `answers` in turn (the last one repeats); records what it was sent. */
function scripted(...answers: Answer[]) {
  const sent: Action[] = [];
  let i = 0;
  const transport: ActionTransport = (a, signal) => {
    sent.push(a);
    const ans = answers[Math.min(i++, answers.length - 1)]!;
    if (ans === 'hang')
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
    return ans instanceof Error ? Promise.reject(ans) : Promise.resolve(ans);
  };
  return { transport, sent, ids: () => sent.map((a) => a.id) };
}

const queue = (messageId = 'im-1', type: Action['type'] = 'acknowledge') => enqueueAction(cache, { messageId, type, operator: 'duty-1' });

/** What a listener of the outbox hears, as `state attempts lastError serverRev`. */
function listen() {
  const heard: OutboxEntry[] = [];
  watchOutbox(cache, (e) => heard.push(e));
  return { heard, states: () => heard.map((e) => `${e.state} ${e.attempts} ${e.lastError ?? '-'} ${e.serverRev ?? '-'}`) };
}

describe('accepted, failed, in order', () => {
  it('an accepted action is done with the server’s rev; listeners and onChange hear sending, then done', async () => {
    const a = queue();
    const { transport, sent } = scripted({ rev: 18 });
    const onChange = vi.fn();
    const l = listen();
    const d = createOutboxDeliverer({ cache, transport, onChange });
    vi.setSystemTime(T0 + 1_000);
    expect(await d.deliverPending()).toEqual({ done: 1, failed: 0 });
    expect(sent).toEqual([a]);
    expect(l.states()).toEqual(['sending 1 - -', 'done 1 - 18']);
    expect(onChange.mock.calls.map(([e]) => e)).toEqual(l.heard);
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'done', serverRev: 18, attempts: 1, lastError: null, updatedAt: iso(T0 + 1_000) });
    expect(outboxCounts(cache)).toEqual({ pending: 0, failed: 0 });
  });

  it('409 and 422: failed with the status and the server’s reason, sent once, and the next action still goes', async () => {
    const [a, b, c] = [queue('im-1', 'resolve'), queue('im-2', 'escalate'), queue('im-3')];
    const { transport, ids } = scripted(
      new HttpStatusError(409, 'сообщение уже закрыто'),
      new HttpStatusError(422, 'level: вне 1–3'),
      { rev: 5 },
    );
    const l = listen();
    const d = createOutboxDeliverer({ cache, transport });
    expect(await d.deliverPending()).toEqual({ done: 1, failed: 2 });
    expect(ids()).toEqual([a.id, b.id, c.id]);
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'failed', lastError: '409: сообщение уже закрыто', attempts: 1 });
    expect(getOutboxEntry(cache, b.id)).toMatchObject({ state: 'failed', lastError: '422: level: вне 1–3', attempts: 1 });
    expect(l.states()).toEqual([
      'sending 1 - -',
      'failed 1 409: сообщение уже закрыто -',
      'sending 1 - -',
      'failed 1 422: level: вне 1–3 -',
      'sending 1 - -',
      'done 1 - 5',
    ]);
    expect(outboxCounts(cache)).toEqual({ pending: 0, failed: 2 });
    // a failed action is never picked up again
    expect(await d.deliverPending()).toEqual({ done: 0, failed: 0 });
    expect(ids()).toHaveLength(3);
  });

  it('serial in creation order: the second action is not sent while the first is in flight', async () => {
    const [a, b] = [queue('im-1'), queue('im-1', 'comment')];
    let release!: (v: { rev: number }) => void;
    const sent: string[] = [];
    const transport: ActionTransport = (x) => {
      sent.push(x.id);
      return x.id === a.id ? new Promise((r) => (release = r)) : Promise.resolve({ rev: 2 });
    };
    const d = createOutboxDeliverer({ cache, transport });
    const p = d.deliverPending();
    await settle();
    expect(sent).toEqual([a.id]);
    expect(getOutboxEntry(cache, a.id)!.state).toBe('sending');
    expect(outboxCounts(cache)).toEqual({ pending: 2, failed: 0 });
    release({ rev: 1 });
    expect(await p).toEqual({ done: 2, failed: 0 });
    expect(sent).toEqual([a.id, b.id]);
  });

  it('nothing pending: nothing sent, zero counts', async () => {
    const { transport, sent } = scripted({ rev: 1 });
    expect(await createOutboxDeliverer({ cache, transport }).deliverPending()).toEqual({ done: 0, failed: 0 });
    expect(sent).toEqual([]);
  });

  it('a broken listener does not stop delivery', async () => {
    const a = queue();
    watchOutbox(cache, () => {
      throw new Error('слушатель сломан');
    });
    const { transport } = scripted({ rev: 3 });
    expect(await createOutboxDeliverer({ cache, transport }).deliverPending()).toEqual({ done: 1, failed: 0 });
    expect(getOutboxEntry(cache, a.id)!.state).toBe('done');
  });

  it('an action that vanished from the outbox while in flight (the cache cleared by another process) does not stop the rest', async () => {
    const [a, b] = [queue('im-1'), queue('im-2')];
    const onChange = vi.fn();
    const transport: ActionTransport = (x) => {
      if (x.id === a.id) cache.db.prepare('DELETE FROM outbox WHERE id = ?').run(a.id);
      return Promise.resolve({ rev: 1 });
    };
    expect(await createOutboxDeliverer({ cache, transport, onChange }).deliverPending()).toEqual({ done: 2, failed: 0 });
    expect(getOutboxEntry(cache, b.id)!.state).toBe('done');
    expect(onChange.mock.calls.map(([e]) => `${(e as OutboxEntry).action.id} ${(e as OutboxEntry).state}`)).toEqual([
      `${a.id} sending`,
      `${b.id} sending`,
      `${b.id} done`,
    ]);
  });
});

describe('transient failures: retried with backoff, same key', () => {
  it('full jitter doubling per attempt (base × 2^n × random), the reason kept while it waits, the same action resent', async () => {
    const a = queue();
    const { transport, sent } = scripted(new TransientError('сервер ответил 503: занят'), new TransientError('соединение разорвано'), new TransientError('x'), { rev: 9 });
    const l = listen();
    const d = createOutboxDeliverer({ cache, transport, backoff: { baseMs: 100, capMs: 10_000 }, random: () => 0.5 });
    const p = d.deliverPending();
    await settle();
    expect(sent).toHaveLength(1);
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'pending', lastError: 'сервер ответил 503: занят', attempts: 1 });
    expect(outboxCounts(cache)).toEqual({ pending: 1, failed: 0 });
    // waits 0.5 × 100 = 50 ms, then 0.5 × 200 = 100, then 0.5 × 400 = 200
    for (const [wait, n] of [
      [50, 2],
      [100, 3],
      [200, 4],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(sent).toHaveLength(n - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toHaveLength(n);
    }
    expect(await p).toEqual({ done: 1, failed: 0 });
    for (const x of sent) expect(x).toEqual(a);
    expect(l.states()).toEqual([
      'sending 1 - -',
      'pending 1 сервер ответил 503: занят -',
      'sending 2 сервер ответил 503: занят -',
      'pending 2 соединение разорвано -',
      'sending 3 соединение разорвано -',
      'pending 3 x -',
      'sending 4 x -',
      'done 4 - 9',
    ]);
  });

  it('the backoff is capped', async () => {
    queue();
    const { transport, sent } = scripted(new TransientError('a'), new TransientError('b'), new TransientError('c'), { rev: 1 });
    const p = createOutboxDeliverer({ cache, transport, backoff: { baseMs: 100, capMs: 150 }, random: () => 0.999 }).deliverPending();
    await settle();
    await vi.advanceTimersByTimeAsync(99); // floor(0.999 × 100)
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(148);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // floor(0.999 × 150), not × 200
    expect(sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(149);
    expect(await p).toEqual({ done: 1, failed: 0 });
  });

  it('never sooner than the server’s Retry-After', async () => {
    queue();
    const { transport, sent } = scripted(new TransientError('сервер ответил 429: медленнее', 5_000, 429), { rev: 1 });
    const p = createOutboxDeliverer({ cache, transport, backoff: { baseMs: 100, capMs: 10_000 }, random: () => 0.5 }).deliverPending();
    await settle();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(await p).toEqual({ done: 1, failed: 0 });
  });

  it('the default backoff when none is given', async () => {
    queue();
    const { transport, sent } = scripted(new TransientError('a'), { rev: 1 });
    const p = createOutboxDeliverer({ cache, transport, random: () => 0.5 }).deliverPending();
    await settle();
    await vi.advanceTimersByTimeAsync(DEFAULT_BACKOFF.baseMs / 2 - 1);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(await p).toEqual({ done: 1, failed: 0 });
  });

  it('stopping while it waits to retry: the action stays pending with its reason', async () => {
    const a = queue();
    const { transport, sent } = scripted(new TransientError('соединение разорвано'));
    const ac = new AbortController();
    const p = createOutboxDeliverer({ cache, transport, backoff: { baseMs: 1_000, capMs: 1_000 }, random: () => 0.5 }).deliverPending(ac.signal);
    const out = p.catch((e: unknown) => e);
    await settle();
    ac.abort(new Error('остановлено'));
    expect(((await out) as Error).message).toBe('остановлено');
    expect(sent).toHaveLength(1);
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'pending', lastError: 'соединение разорвано' });
  });

  it('stopping while a request is in flight: the action goes back to pending (not left «sending»), the reason thrown', async () => {
    const a = queue();
    const { transport } = scripted('hang');
    const ac = new AbortController();
    const l = listen();
    const out = createOutboxDeliverer({ cache, transport }).deliverPending(ac.signal).catch((e: unknown) => e);
    await settle();
    expect(getOutboxEntry(cache, a.id)!.state).toBe('sending');
    vi.setSystemTime(T0 + 7_000);
    const reason = new Error('остановлено');
    ac.abort(reason);
    expect(await out).toBe(reason);
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'pending', lastError: null, attempts: 1, updatedAt: iso(T0 + 7_000) });
    // and the windows are told: the last thing a listener heard is «pending», not «sending»
    expect(l.heard.at(-1)).toMatchObject({ state: 'pending', attempts: 1 });
  });
});

describe('stops: 401/403/404 keep the actions pending', () => {
  for (const [status, reason, text] of [
    [401, 'auth', /^центральный API не принял токен \(401\) при запросе \/v1\/actions: проверьте --token$/],
    [403, 'forbidden', /^токену запрещён доступ \(403\) при запросе \/v1\/actions: /],
    [404, 'forbidden', /^адрес действий не найден \(404\): проверьте --api; действия ждут отправки$/],
  ] as const) {
    it(`${status}: delivery stops (${reason}) with a plain reason; this and the later actions stay pending`, async () => {
      const [a, b] = [queue('im-1'), queue('im-2')];
      const { transport, sent } = scripted(new HttpStatusError(status, 'нет'));
      const l = listen();
      const err = (await createOutboxDeliverer({ cache, transport }).deliverPending().catch((e: unknown) => e)) as SyncStoppedError;
      expect(err).toBeInstanceOf(SyncStoppedError);
      expect(err.reason).toBe(reason);
      expect(err.message).toMatch(text);
      expect(sent).toHaveLength(1);
      expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'pending', lastError: err.message, attempts: 1 });
      expect(getOutboxEntry(cache, b.id)).toMatchObject({ state: 'pending', attempts: 0 });
      expect(l.states()).toEqual(['sending 1 - -', `pending 1 ${err.message} -`]);
      expect(outboxCounts(cache)).toEqual({ pending: 2, failed: 0 });
    });
  }

  it('an unexpected error (a bug, a full disk) is thrown, the action kept pending with what it said', async () => {
    const a = queue();
    const { transport } = scripted(new Error('диск переполнен'));
    await expect(createOutboxDeliverer({ cache, transport }).deliverPending()).rejects.toThrow('диск переполнен');
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'pending', lastError: 'диск переполнен' });
    const b = queue('im-2');
    const odd: ActionTransport = () => Promise.reject('строка вместо ошибки');
    cache.db.prepare(`UPDATE outbox SET state = 'done' WHERE id = ?`).run(a.id);
    await expect(createOutboxDeliverer({ cache, transport: odd }).deliverPending()).rejects.toBe('строка вместо ошибки');
    expect(getOutboxEntry(cache, b.id)).toMatchObject({ state: 'pending', lastError: 'строка вместо ошибки' });
    const c = queue('im-3');
    cache.db.prepare(`UPDATE outbox SET state = 'done' WHERE id = ?`).run(b.id);
    // a transport may reject with nothing at all
    const empty: ActionTransport = () => Promise.reject(undefined);
    await expect(createOutboxDeliverer({ cache, transport: empty }).deliverPending()).rejects.toBeUndefined();
    expect(getOutboxEntry(cache, c.id)).toMatchObject({ state: 'pending', lastError: 'undefined' });
  });
});

describe('restart recovery', () => {
  it('an action left «sending» by a process that died goes back to pending and is resent with the same key', async () => {
    const a = queue();
    const b = queue('im-2');
    const first = scripted('hang');
    void createOutboxDeliverer({ cache, transport: first.transport }).deliverPending();
    await settle();
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'sending', attempts: 1 });
    // the process dies here (its request never answered); the next one starts on the same cache
    vi.setSystemTime(T0 + 60_000);
    const second = scripted({ rev: 42 });
    const d = createOutboxDeliverer({ cache, transport: second.transport });
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'pending', attempts: 1, updatedAt: iso(T0 + 60_000) });
    expect(getOutboxEntry(cache, b.id)!.updatedAt).toBe(iso(T0));
    expect(await d.deliverPending()).toEqual({ done: 2, failed: 0 });
    expect(second.sent[0]).toEqual(first.sent[0]);
    expect(second.ids()).toEqual([a.id, b.id]);
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'done', attempts: 2, serverRev: 42 });
  });

  it('done and failed actions are left as they are at a restart', () => {
    const [a, b] = [queue(), queue()];
    cache.db.prepare(`UPDATE outbox SET state = 'done' WHERE id = ?`).run(a.id);
    cache.db.prepare(`UPDATE outbox SET state = 'failed' WHERE id = ?`).run(b.id);
    createOutboxDeliverer({ cache, transport: scripted({ rev: 1 }).transport });
    expect(listOutbox(cache).map((e) => e.state)).toEqual(['done', 'failed']);
  });
});

describe('run and wake', () => {
  it('run delivers at once, then checks every interval; a wake checks at once; stopping ends it quietly', async () => {
    const { transport, ids } = scripted({ rev: 1 });
    const d = createOutboxDeliverer({ cache, transport });
    const a = queue();
    const ac = new AbortController();
    const running = d.run(ac.signal, 5_000);
    await settle();
    expect(ids()).toEqual([a.id]);
    const b = queue();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(ids()).toEqual([a.id]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ids()).toEqual([a.id, b.id]);
    const c = queue();
    await vi.advanceTimersByTimeAsync(1_000);
    d.wake();
    await settle();
    expect(ids()).toEqual([a.id, b.id, c.id]);
    ac.abort(new Error('стоп'));
    await expect(running).resolves.toBeUndefined();
    // stopped: nothing more is sent
    queue();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ids()).toHaveLength(3);
  });

  it('the interval is a second unless told', async () => {
    const { transport, ids } = scripted({ rev: 1 });
    const d = createOutboxDeliverer({ cache, transport });
    const ac = new AbortController();
    const running = d.run(ac.signal);
    await settle();
    queue();
    await vi.advanceTimersByTimeAsync(999);
    expect(ids()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ids()).toHaveLength(1);
    ac.abort();
    await running;
  });

  it('an action queued and woken at any moment of a pass is sent at once, never an interval later', async () => {
    const { transport, ids } = scripted({ rev: 1 });
    const d = createOutboxDeliverer({ cache, transport });
    const ac = new AbortController();
    const running = d.run(ac.signal, 60_000);
    for (let depth = 0; depth < 8; depth++) {
      const first = queue();
      let late = '';
      // the next action arrives `depth` promise turns after the first is done
      const stop = watchOutbox(cache, (e) => {
        if (e.action.id !== first.id || e.state !== 'done') return;
        let p = Promise.resolve();
        for (let i = 0; i < depth; i++) p = p.then(() => undefined);
        void p.then(() => {
          late = queue().id;
          d.wake();
        });
      });
      d.wake();
      await settle();
      stop();
      expect(ids().at(-1), `depth ${depth}`).toBe(late);
    }
    ac.abort();
    await running;
  });

  it('a stop (401) ends run with the reason', async () => {
    queue();
    const { transport } = scripted(new HttpStatusError(401, ''));
    const ac = new AbortController();
    await expect(createOutboxDeliverer({ cache, transport }).run(ac.signal)).rejects.toBeInstanceOf(SyncStoppedError);
  });

  it('run on a stopped signal sends nothing', async () => {
    queue();
    const { transport, sent } = scripted({ rev: 1 });
    await createOutboxDeliverer({ cache, transport }).run(AbortSignal.abort());
    expect(sent).toEqual([]);
  });
});
