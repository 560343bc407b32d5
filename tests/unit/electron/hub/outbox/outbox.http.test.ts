/**
 * The HTTP transport of the outbox (docs/spec/central-api.md, POST /v1/actions): the request it
 * makes (POST, bearer token, JSON body, `Idempotency-Key` = the action's id), how it reads the
 * answer, and how createOutboxDeliverer builds it from `api` + `token`. A fake fetch: no network.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { createOutboxDeliverer, enqueueAction, getOutboxEntry, httpActionTransport } from '../../../../../electron/hub/outbox/outbox.js';
import { TransientError } from '../../../../../electron/hub/sync/http.js';
import type { Action } from '../../../../../shared/schema.js';

const ACTION: Action = {
  id: '8f0c7a3e-1111-4222-8333-444455556666',
  messageId: 'im-2026-000123',
  type: 'escalate',
  payload: { level: 2 },
  at: '2026-11-21T09:20:00+12:00',
  operator: 'duty-1',
};

interface Call {
  url: string;
  init: RequestInit;
}
function fakeFetch(answer: (c: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const f = ((url: string, init: RequestInit) => {
    const c = { url, init };
    calls.push(c);
    return Promise.resolve(answer(c));
  }) as unknown as typeof fetch;
  return { f, calls };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
/** A fetch that answers nothing until its request is aborted (a server that hangs). */
const hanging = (c: Call) =>
  new Promise<Response>((_, reject) => c.init.signal!.addEventListener('abort', () => reject(c.init.signal!.reason as Error), { once: true }));

describe('httpActionTransport', () => {
  it('POSTs the action to <api>/v1/actions with the token and Idempotency-Key = id; answers the server’s rev', async () => {
    const { f, calls } = fakeFetch(() => json(201, { accepted: true, rev: 18 }));
    const send = httpActionTransport({ api: '  https://central.example/api//  ', token: 'tok-1', fetch: f });
    expect(await send(ACTION)).toEqual({ rev: 18 });
    expect(calls).toHaveLength(1);
    const [c] = calls;
    expect(c!.url).toBe('https://central.example/api/v1/actions');
    expect(c!.init.method).toBe('POST');
    expect(JSON.parse(c!.init.body as string)).toEqual(ACTION);
    expect(c!.init.headers).toMatchObject({ authorization: 'Bearer tok-1', 'idempotency-key': ACTION.id, 'content-type': 'application/json' });
  });

  it('an API address without a trailing slash is used as given', async () => {
    const { f, calls } = fakeFetch(() => json(200, { accepted: true, rev: 3 }));
    expect(await httpActionTransport({ api: 'http://127.0.0.1:8080', token: 't', fetch: f })(ACTION)).toEqual({ rev: 3 });
    expect(calls[0]!.url).toBe('http://127.0.0.1:8080/v1/actions');
  });

  it('an answer off the contract is a transient failure with the field named', async () => {
    const { f } = fakeFetch(() => json(200, { accepted: false, rev: 3 }));
    const e = await httpActionTransport({ api: 'http://h', token: 't', fetch: f })(ACTION).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toMatch(/^ответ на действие не по контракту: accepted: /);
  });

  it('a server that does not answer within requestTimeoutMs is a transient timeout', async () => {
    const { f } = fakeFetch(hanging);
    const e = await httpActionTransport({ api: 'http://h', token: 't', fetch: f, requestTimeoutMs: 5 })(ACTION).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('истекло время ожидания ответа');
  });

  it('without a fetch of its own it uses the global one', async () => {
    const { f, calls } = fakeFetch(() => json(201, { accepted: true, rev: 7 }));
    vi.stubGlobal('fetch', f);
    try {
      expect(await httpActionTransport({ api: 'http://h', token: 't' })(ACTION)).toEqual({ rev: 7 });
      expect(calls).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('createOutboxDeliverer over HTTP', () => {
  let cache: Cache;
  beforeEach(() => {
    cache = openCache(':memory:');
  });
  afterEach(() => cache.close());

  it('needs an API address with a token, or a transport', () => {
    const msg = 'доставка действий: нужен адрес API с токеном или транспорт';
    expect(() => createOutboxDeliverer({ cache })).toThrow(msg);
    expect(() => createOutboxDeliverer({ cache, api: 'http://h' })).toThrow(msg);
    expect(() => createOutboxDeliverer({ cache, token: 't' })).toThrow(msg);
  });

  it('with api + token + fetch it delivers over HTTP: accepted and done with the rev', async () => {
    const a = enqueueAction(cache, { messageId: 'im-1', type: 'acknowledge', operator: 'duty-1' });
    const { f, calls } = fakeFetch(() => json(201, { accepted: true, rev: 11 }));
    const d = createOutboxDeliverer({ cache, api: 'http://central/', token: 'tok', fetch: f });
    expect(await d.deliverPending()).toEqual({ done: 1, failed: 0 });
    expect(calls.map((c) => c.url)).toEqual(['http://central/v1/actions']);
    expect((calls[0]!.init.headers as Record<string, string>)['idempotency-key']).toBe(a.id);
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'done', serverRev: 11 });
  });

  it('409 over HTTP: failed with the server’s reason from the body', async () => {
    const a = enqueueAction(cache, { messageId: 'im-1', type: 'resolve', operator: 'duty-1' });
    const { f } = fakeFetch(() => json(409, { error: 'сообщение уже закрыто' }));
    expect(await createOutboxDeliverer({ cache, api: 'http://central', token: 'tok', fetch: f }).deliverPending()).toEqual({ done: 0, failed: 1 });
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'failed', lastError: '409: сообщение уже закрыто' });
  });

  it('its requestTimeoutMs reaches the request: a hanging server is a retry, the reason kept', async () => {
    const a = enqueueAction(cache, { messageId: 'im-1', type: 'acknowledge', operator: 'duty-1' });
    const { f } = fakeFetch(hanging);
    const ac = new AbortController();
    const d = createOutboxDeliverer({
      cache,
      api: 'http://central',
      token: 'tok',
      fetch: f,
      requestTimeoutMs: 5,
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 0.5,
      onChange: (e) => {
        if (e.state === 'pending') ac.abort(new Error('стоп'));
      },
    });
    await expect(d.deliverPending(ac.signal)).rejects.toThrow('стоп');
    expect(getOutboxEntry(cache, a.id)).toMatchObject({ state: 'pending', lastError: 'истекло время ожидания ответа', attempts: 1 });
  });
});
