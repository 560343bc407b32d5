/**
 * The HTTP helpers of the sync client and the outbox (electron/hub/sync/http.ts): what one request
 * sends, how its answer is classified (transient — retried with backoff; a status the caller
 * decides on; a stop) and named in Russian, the byte limits on a body, Retry-After, the abortable
 * sleep and the network errors' one-line names. What the operator reads in `situation-wall sync`
 * and the wall's sync indicator comes from these messages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  authStop,
  checkToken,
  DEFAULT_BACKOFF,
  describeNetworkError,
  HttpStatusError,
  MAX_ERROR_BODY_BYTES,
  MAX_RESPONSE_BYTES,
  parseRetryAfter,
  readBodyText,
  requestJson,
  ResponseTooLargeError,
  retryDelay,
  sleep,
  SyncStoppedError,
  TransientError,
} from '../../../../../electron/hub/sync/http.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A body of `chunks`, remembering whether it was cancelled. */
function chunked(chunks: Uint8Array[]) {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks[state.pulled++];
      if (next) c.enqueue(next);
      else c.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}
const bytes = (n: number, ch = 'a') => new TextEncoder().encode(ch.repeat(n));

describe('readBodyText', () => {
  it('reads a body whole when it fits, up to exactly the limit', async () => {
    const { body } = chunked([bytes(6), bytes(4, 'б'.slice(0, 1))]);
    expect(await readBodyText(new Response(body), 14)).toBe('aaaaaa' + 'б'.repeat(4)); // 6 + 4 × 2 bytes
  });

  it('a body that grows past the limit is cancelled and refused, naming the limit in МБ', async () => {
    const { body, state } = chunked([bytes(10), bytes(10), bytes(10)]);
    const e = await readBodyText(new Response(body), 15).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as ResponseTooLargeError).limitBytes).toBe(15);
    expect((e as Error).message).toBe('ответ сервера больше 0 МБ: чтение прервано, повторю позже');
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(3);
  });

  it('with truncate, keeps the first bytes up to the limit and drops the rest', async () => {
    const { body, state } = chunked([bytes(10), bytes(10, 'b'), bytes(10, 'c')]);
    expect(await readBodyText(new Response(body), 15, true)).toBe('a'.repeat(10) + 'b'.repeat(5));
    expect(state.cancelled).toBe(true);
    // the same when the chunks come one by one, apart
    let i = 0;
    const parts = [bytes(10), bytes(10, 'b'), bytes(10, 'c')];
    const slow = new ReadableStream<Uint8Array>({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 1));
        const next = parts[i++];
        if (next) c.enqueue(next);
        else c.close();
      },
    });
    expect(await readBodyText(new Response(slow), 15, true)).toBe('a'.repeat(10) + 'b'.repeat(5));
  });

  it('a declared Content-Length over the limit is refused before reading; one at the limit is read', async () => {
    const over = chunked([bytes(20)]);
    const res = new Response(over.body, { headers: { 'content-length': String(3 << 20) } });
    const e = await readBodyText(res, 2.5 * (1 << 20)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    expect((e as Error).message).toBe('ответ сервера больше 2,5 МБ (объявлено 3 МБ): не читаю, повторю позже');
    expect(over.state.pulled).toBe(0);
    expect(over.state.cancelled).toBe(true);
    const at = chunked([bytes(20)]);
    expect(await readBodyText(new Response(at.body, { headers: { 'content-length': '20' } }), 20)).toBe('a'.repeat(20));
  });

  it('with truncate a large declared length is no refusal: the first bytes are read', async () => {
    const { body } = chunked([bytes(30)]);
    const res = new Response(body, { headers: { 'content-length': String(1 << 30) } });
    expect(await readBodyText(res, 8, true)).toBe('a'.repeat(8));
  });

  it('a declared length over the limit with no body at all is refused the same way', async () => {
    const e = await readBodyText(new Response(null, { headers: { 'content-length': String(1 << 20) } }), 10).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResponseTooLargeError);
  });

  it('no body reads as an empty text', async () => {
    expect(await readBodyText(new Response(null, { status: 204 }), 10)).toBe('');
  });
});

describe('Retry-After', () => {
  it('delay-seconds, with spaces around; an HTTP date from now; capped at an hour; anything else not understood', () => {
    expect(parseRetryAfter(' 12 ')).toBe(12_000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('7200')).toBe(3_600_000);
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('   ')).toBeNull();
    expect(parseRetryAfter('5 минут')).toBeNull();
    expect(parseRetryAfter('x5')).toBeNull();
    expect(parseRetryAfter('5s')).toBeNull();
    const now = Date.UTC(2026, 11, 1, 12, 0, 0);
    expect(parseRetryAfter('Tue, 01 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 11:00:00 GMT', now)).toBe(0); // a date in the past: at once
    expect(parseRetryAfter('Wed, 02 Dec 2026 12:00:00 GMT', now)).toBe(3_600_000);
  });
});

describe('backoff', () => {
  it('the default: a quarter of a second, doubling, never over 30 s', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 250, capMs: 30_000 });
    expect(retryDelay(0, DEFAULT_BACKOFF, () => 0.5)).toBe(125);
    expect(retryDelay(20, DEFAULT_BACKOFF, () => 0.5)).toBe(15_000);
  });
});

describe('sleep', () => {
  it('resolves after the time, not before', async () => {
    vi.useFakeTimers();
    let done = false;
    const p = sleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
  });

  it('an abort rejects at once with the signal’s reason and leaves no timer; an aborted signal rejects without waiting', async () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    const p = sleep(60_000, ac.signal);
    const reason = new Error('стоп');
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep(10, ac.signal)).rejects.toBe(reason);
  });

  it('the abort listener is removed once the sleep is over', async () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    const add = vi.spyOn(ac.signal, 'addEventListener');
    const remove = vi.spyOn(ac.signal, 'removeEventListener');
    const p = sleep(10, ac.signal);
    await vi.advanceTimersByTimeAsync(10);
    await p;
    expect(add).toHaveBeenCalledWith('abort', expect.any(Function), { once: true });
    expect(remove).toHaveBeenCalledWith('abort', add.mock.calls[0]![1]);
  });
});

describe('network errors, named in one Russian line', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new TypeError('fetch failed'), { cause: { code, message } });
  it.each<[unknown, string]>([
    [Object.assign(new Error('t'), { name: 'TimeoutError' }), 'истекло время ожидания ответа'],
    [withCode('ECONNREFUSED'), 'сервер не принимает соединения'],
    [withCode('ECONNRESET'), 'соединение разорвано'],
    [withCode('UND_ERR_SOCKET'), 'соединение разорвано'],
    [withCode('ENOTFOUND'), 'адрес сервера не найден'],
    [withCode('EAI_AGAIN'), 'адрес сервера не найден'],
    [withCode('EPROTO', 'wrong version number'), 'ошибка сети: wrong version number'],
    [new TypeError('fetch failed'), 'ошибка сети: fetch failed'],
    ['обрыв', 'ошибка сети: обрыв'],
    [undefined, 'ошибка сети: undefined'],
    [null, 'ошибка сети: null'],
  ])('%s → %s', (e, text) => {
    expect(describeNetworkError(e)).toBe(text);
  });
});

describe('tokens and refusals', () => {
  it('a token with a space, Cyrillic or a control character cannot be sent: a stop with the reason', () => {
    for (const t of ['a b', 'токен', 'a\tb', 'a\u007fb', '']) {
      const e = checkToken(t);
      expect(e).toBeInstanceOf(SyncStoppedError);
      expect(e?.message).toBe('токен пуст или содержит недопустимые символы (пробелы, кириллицу): проверьте --token');
    }
    expect(checkToken('!~AZaz09._-')).toBeNull();
  });

  it('401 and 403 are stops naming what was asked; other statuses are none', () => {
    expect(authStop(401, '/v1/meta')).toMatchObject({ reason: 'auth', message: 'центральный API не принял токен (401) при запросе /v1/meta: проверьте --token' });
    expect(authStop(403, '/v1/meta')).toMatchObject({ reason: 'forbidden', message: 'токену запрещён доступ (403) при запросе /v1/meta: нужен токен с другими правами' });
    expect(authStop(404, '/v1/meta')).toBeNull();
  });

  it('an answer with a status is named «HTTP N» with the server’s words when there are any', () => {
    expect(new HttpStatusError(409, 'устарело').message).toBe('HTTP 409: устарело');
    expect(new HttpStatusError(409, '').message).toBe('HTTP 409');
  });
});

describe('requestJson', () => {
  interface Seen {
    url: string;
    init: RequestInit;
  }
  function fetchAnswering(make: () => Response) {
    const seen: Seen[] = [];
    const f = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return make();
    }) as unknown as typeof fetch;
    return { f, seen };
  }
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  it('a GET with the bearer token and JSON accepted; a body sent as JSON with its method; extra headers kept', async () => {
    const a = fetchAnswering(() => json({ ok: 1 }));
    const r = await requestJson(a.f, 'http://cur/v1/meta', { token: 'abc', timeoutMs: 1000 });
    expect(r).toMatchObject({ status: 200, body: { ok: 1 } });
    expect(a.seen[0]!.url).toBe('http://cur/v1/meta');
    expect(a.seen[0]!.init.method).toBe('GET');
    expect(a.seen[0]!.init.headers).toEqual({ authorization: 'Bearer abc', accept: 'application/json' });
    const b = fetchAnswering(() => json({ rev: 2 }, 201));
    const r2 = await requestJson(b.f, 'http://cur/v1/actions', { token: 'abc', timeoutMs: 1000, method: 'POST', body: '{"a":1}', headers: { 'idempotency-key': 'k1' } });
    expect(r2.status).toBe(201);
    expect(b.seen[0]!.init).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { authorization: 'Bearer abc', accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': 'k1' },
    });
  });

  it('a token that cannot be sent makes no request', async () => {
    const a = fetchAnswering(() => json({}));
    await expect(requestJson(a.f, 'http://cur/v1/meta', { token: 'с пробелом', timeoutMs: 1000 })).rejects.toBeInstanceOf(SyncStoppedError);
    expect(a.seen).toHaveLength(0);
  });

  it('every 2xx is an answer; 3xx and 4xx are statuses for the caller, with the server’s words', async () => {
    for (const status of [200, 201, 204, 299]) {
      const body = status === 204 ? null : '{"x":1}';
      const r = requestJson(fetchAnswering(() => new Response(body, { status })).f, 'http://cur/x', { token: 't', timeoutMs: 1000 });
      if (status === 204) await expect(r).rejects.toThrow(/не разбирается как JSON \(0 байт/);
      else expect((await r).status).toBe(status);
    }
    for (const status of [300, 400, 404, 409, 410, 422, 499]) {
      const e = await requestJson(fetchAnswering(() => json({ error: `нет (${status})` }, status)).f, 'http://cur/x', { token: 't', timeoutMs: 1000 }).catch((x: unknown) => x);
      expect(e, String(status)).toBeInstanceOf(HttpStatusError);
      expect((e as HttpStatusError).status).toBe(status);
      expect((e as HttpStatusError).serverMessage).toBe(`нет (${status})`);
    }
  });

  it('5xx and 429 are transient, with the status, the server’s words and its Retry-After', async () => {
    for (const status of [500, 502, 503, 599, 429]) {
      const e = await requestJson(fetchAnswering(() => json({ message: 'перегружен' }, status, { 'retry-after': '3' })).f, 'http://cur/x', { token: 't', timeoutMs: 1000 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TransientError);
      expect(e).not.toBeInstanceOf(HttpStatusError);
      expect(e).toMatchObject({ message: `сервер ответил ${status}: перегружен`, status, retryAfterMs: 3000 });
    }
  });

  it('the server’s words: its JSON `error` or `message` when a string, else the first 200 characters of the text', async () => {
    const ask = async (text: string) =>
      ((await requestJson(fetchAnswering(() => new Response(text, { status: 400 })).f, 'http://cur/x', { token: 't', timeoutMs: 1000 }).catch((x: unknown) => x)) as HttpStatusError).serverMessage;
    expect(await ask('{"error":"курсор не наш","message":"другое"}')).toBe('курсор не наш');
    expect(await ask('{"message":"курсор не наш"}')).toBe('курсор не наш');
    expect(await ask('{"error":{"code":7}}')).toBe('{"error":{"code":7}}');
    expect(await ask('{"error":42}')).toBe('{"error":42}');
    const long = 'ошибка '.repeat(100);
    expect(await ask(long)).toBe(long.slice(0, 200));
  });

  it('an error answer is read only up to 64 KiB; a good one up to the limit given or 32 MiB', async () => {
    expect(MAX_ERROR_BODY_BYTES).toBe(64 << 10);
    expect(MAX_RESPONSE_BYTES).toBe(32 << 20);
    // a 100 KiB error page is cut, not refused: the status is still told
    const big = 'x'.repeat(100 << 10);
    const e = await requestJson(fetchAnswering(() => new Response(big, { status: 404 })).f, 'http://cur/x', { token: 't', timeoutMs: 1000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpStatusError);
    const okBig = JSON.stringify({ s: 'y'.repeat(100 << 10) });
    expect((await requestJson(fetchAnswering(() => json(okBig)).f, 'http://cur/x', { token: 't', timeoutMs: 1000 })).body).toEqual(JSON.parse(okBig));
    const small = await requestJson(fetchAnswering(() => json(okBig)).f, 'http://cur/x', { token: 't', timeoutMs: 1000, maxBytes: 1000 }).catch((x: unknown) => x);
    expect(small).toBeInstanceOf(ResponseTooLargeError);
    expect((small as ResponseTooLargeError).limitBytes).toBe(1000);
  });

  it('the byte limit given is for good answers only: an error answer longer than it is still told by its status', async () => {
    for (const status of [300, 404, 409]) {
      const e = await requestJson(fetchAnswering(() => new Response('нет '.repeat(1000), { status })).f, 'http://cur/x', { token: 't', timeoutMs: 1000, maxBytes: 100 }).catch((x: unknown) => x);
      expect(e, String(status)).toBeInstanceOf(HttpStatusError);
      expect((e as HttpStatusError).serverMessage).toBe('нет '.repeat(50));
    }
  });

  it('a body that is no JSON is transient, saying how long it was', async () => {
    const e = await requestJson(fetchAnswering(() => json('{"items": [1, 2')).f, 'http://cur/x', { token: 't', timeoutMs: 1000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('ответ сервера не разбирается как JSON (15 байт, возможно обрезан)');
  });

  it('a network failure is transient and named; the caller’s abort passes as it is', async () => {
    const down = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const e = await requestJson(down, 'http://cur/x', { token: 't', timeoutMs: 1000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('сервер не принимает соединения');
    const ac = new AbortController();
    const abortError = new DOMException('прервано', 'AbortError');
    const aborting = (async () => {
      ac.abort(abortError);
      throw abortError;
    }) as unknown as typeof fetch;
    const a = await requestJson(aborting, 'http://cur/x', { token: 't', timeoutMs: 1000, signal: ac.signal }).catch((x: unknown) => x);
    expect(a).toBe(abortError);
    expect(a).not.toBeInstanceOf(TransientError);
  });

  it('the timeout covers the whole request: a server that never answers is transient after it', async () => {
    const hang = ((_url: string, init: RequestInit) =>
      new Promise<Response>((_ok, fail) => init.signal!.addEventListener('abort', () => fail(init.signal!.reason as Error), { once: true }))) as unknown as typeof fetch;
    const e = await requestJson(hang, 'http://cur/x', { token: 't', timeoutMs: 30 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('истекло время ожидания ответа');
    // with the caller's signal too: the timeout still bounds it, and is no abort of the caller
    const ac = new AbortController();
    const e2 = await requestJson(hang, 'http://cur/x', { token: 't', timeoutMs: 30, signal: ac.signal }).catch((x: unknown) => x);
    expect((e2 as Error).message).toBe('истекло время ожидания ответа');
  });

  it('a transient error while reading the body (too large) passes as it is', async () => {
    const { body } = chunked([bytes(600), bytes(600)]);
    const e = await requestJson(fetchAnswering(() => new Response(body, { status: 200 })).f, 'http://cur/x', { token: 't', timeoutMs: 1000, maxBytes: 1000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    expect((e as Error).message).toBe('ответ сервера больше 0 МБ: чтение прервано, повторю позже');
  });
});
