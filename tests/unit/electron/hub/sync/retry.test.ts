/**
 * The sync client's failure decisions (electron/hub/sync/retry.ts): which errors stop sync, which
 * are retried with backoff (Retry-After honoured), when the pull path resyncs and when the live
 * path polls instead of the stream.
 */
import { describe, expect, it } from 'vitest';
import { HttpStatusError, requestJson, SyncStoppedError, TransientError } from '../../../../../electron/hub/sync/http.js';
import {
  pullErrorAction,
  requestError,
  RetryCounter,
  retrying,
  retryVerdict,
  streamFailureAction,
  streamStatusError,
  STREAM_FAILURES_BEFORE_POLL,
} from '../../../../../electron/hub/sync/retry.js';

const BACKOFF = { baseMs: 250, capMs: 30_000 };
const fakeFetch = (status: number, headers: Record<string, string> = {}, body = '{}') =>
  (async () => new Response(body, { status, headers })) as unknown as typeof fetch;

describe('retry verdict', () => {
  it('stops on SyncStoppedError, retries TransientError, passes anything else on', () => {
    expect(retryVerdict(new SyncStoppedError('auth', 'x'))).toBe('stop');
    expect(retryVerdict(new TransientError('x'))).toBe('retry');
    expect(retryVerdict(new HttpStatusError(410, ''))).toBe('rethrow');
    expect(retryVerdict(new TypeError('bug'))).toBe('rethrow');
  });
});

describe('backoff counter', () => {
  it('doubles the ceiling with each failure up to the cap, and starts over after a success', () => {
    const c = new RetryCounter(BACKOFF, () => 0.999);
    const e = new TransientError('сеть');
    const delays = Array.from({ length: 10 }, () => c.next(e));
    expect(delays.slice(0, 4)).toEqual([249, 499, 999, 1998]);
    expect(Math.max(...delays)).toBeLessThan(30_000);
    expect(delays[9]).toBe(29_970);
    expect(c.attempts).toBe(10);
    c.reset();
    expect(c.next(e)).toBe(249);
  });

  it('never waits less than the Retry-After of a 503 or a 429 (seconds or an HTTP date)', async () => {
    const c = new RetryCounter(BACKOFF, () => 0);
    const e503 = await requestJson(fakeFetch(503, { 'retry-after': '7' }), 'http://x/v1/meta', { token: 't', timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(e503).toBeInstanceOf(TransientError);
    expect((e503 as TransientError).retryAfterMs).toBe(7000);
    expect(c.next(e503 as TransientError)).toBe(7000);
    const at = new Date(Date.now() + 20_000).toUTCString();
    const e429 = await requestJson(fakeFetch(429, { 'retry-after': at }), 'http://x/v1/meta', { token: 't', timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(TransientError);
    const d = c.next(e429 as TransientError);
    expect(d).toBeGreaterThan(15_000);
    expect(d).toBeLessThanOrEqual(20_000);
    // Without Retry-After the jittered delay is all there is.
    expect(c.next(new TransientError('сеть'))).toBe(0);
  });
});

describe('retrying', () => {
  const quick = () => new RetryCounter({ baseMs: 1, capMs: 2 }, () => 0.5);

  it('retries transient failures, reporting each, until the call succeeds', async () => {
    const seen: string[] = [];
    let n = 0;
    const r = await retrying(
      async () => {
        if (++n < 3) throw new TransientError(`сбой ${n}`);
        return 'готово';
      },
      { counter: quick(), onTransient: (e) => seen.push(e.message), onStop: (e) => { throw e; } },
    );
    expect(r).toBe('готово');
    expect(seen).toEqual(['сбой 1', 'сбой 2']);
  });

  it('a stop goes through onStop at once, without a retry', async () => {
    let calls = 0;
    const stops: string[] = [];
    const p = retrying(
      async () => {
        calls++;
        throw new SyncStoppedError('auth', 'не принят токен');
      },
      { counter: quick(), onTransient: () => undefined, onStop: (e) => { stops.push(e.reason); throw e; } },
    );
    await expect(p).rejects.toBeInstanceOf(SyncStoppedError);
    expect(calls).toBe(1);
    expect(stops).toEqual(['auth']);
  });

  it('an unknown error is passed on untouched, and an abort ends the loop with its reason', async () => {
    let calls = 0;
    await expect(
      retrying(async () => { calls++; throw new HttpStatusError(410, 'gone'); }, { counter: quick(), onTransient: () => undefined, onStop: (e) => { throw e; } }),
    ).rejects.toMatchObject({ status: 410 });
    expect(calls).toBe(1);
    const ac = new AbortController();
    const why = new Error('остановлено');
    const p = retrying(
      async () => {
        ac.abort(why);
        throw new TransientError('сеть');
      },
      { counter: quick(), onTransient: () => undefined, onStop: (e) => { throw e; } },
      ac.signal,
    );
    await expect(p).rejects.toBe(why);
  });
});

describe('status codes', () => {
  it('401 and 403 of a request stop sync with their reasons; other statuses stay for the caller', () => {
    expect(requestError(new HttpStatusError(401, ''), '/v1/meta')).toMatchObject({ reason: 'auth', message: expect.stringMatching(/401.*\/v1\/meta/) });
    expect(requestError(new HttpStatusError(403, ''), '/v1/reference')).toMatchObject({ reason: 'forbidden' });
    const e404 = new HttpStatusError(404, 'нет');
    expect(requestError(e404, '/v1/meta')).toBe(e404);
    const net = new TransientError('сеть');
    expect(requestError(net, '/v1/meta')).toBe(net);
  });

  it('a 410 of the changes feed means resync; another status is a transient failure that names it', () => {
    expect(pullErrorAction(new HttpStatusError(410, 'курсор устарел'))).toEqual({ kind: 'resync' });
    const a = pullErrorAction(new HttpStatusError(409, 'конфликт'));
    expect(a.kind).toBe('throw');
    expect((a as { error: unknown }).error).toBeInstanceOf(TransientError);
    expect((a as { error: Error }).error.message).toBe('неожиданный ответ 409 на запрос изменений: конфликт');
    const net = new TransientError('сеть');
    expect(pullErrorAction(net)).toEqual({ kind: 'throw', error: net });
  });

  it('the stream: 5xx and 429 are transient, 401/403 stop, 404 and 410 go back to follow', () => {
    expect(streamStatusError(503, '')).toMatchObject({ status: 503 });
    expect(streamStatusError(503, '')).toBeInstanceOf(TransientError);
    expect(streamStatusError(429, '')).toBeInstanceOf(TransientError);
    expect(streamStatusError(401, '')).toMatchObject({ reason: 'auth' });
    expect(streamStatusError(403, '')).toMatchObject({ reason: 'forbidden' });
    const e404 = streamStatusError(404, 'x'.repeat(500));
    expect(e404).toBeInstanceOf(HttpStatusError);
    expect((e404 as HttpStatusError).status).toBe(404);
    expect((e404 as HttpStatusError).serverMessage).toHaveLength(200);
    expect(streamStatusError(410, '')).toMatchObject({ status: 410 });
  });
});

describe('after a stream connection ends', () => {
  it('401/403 stop, 410 catches up by pages (which resyncs), 404 polls the feed', () => {
    const stop = new SyncStoppedError('auth', 'токен');
    expect(streamFailureAction(stop, 0, false)).toEqual({ kind: 'stop', error: stop });
    expect(streamFailureAction(new HttpStatusError(410, ''), 2, false)).toEqual({ kind: 'catch-up' });
    expect(streamFailureAction(new HttpStatusError(404, ''), 0, false)).toEqual({
      kind: 'no-stream',
      message: 'поток событий недоступен (404): опрашиваю ленту изменений',
    });
  });

  it('retries a failing stream with backoff, and polls for a while after three failures in a row', () => {
    const e = new TransientError('поток оборвался');
    let failures = 0;
    const polls: boolean[] = [];
    for (let i = 0; i < 2 * STREAM_FAILURES_BEFORE_POLL; i++) {
      const a = streamFailureAction(e, failures, false);
      if (a.kind !== 'transient') throw new Error(a.kind);
      expect(a.error).toBe(e);
      failures = a.failures;
      polls.push(a.poll);
    }
    expect(polls).toEqual([false, false, true, false, false, true]);
  });

  it('a connection that had opened starts a new series of failures', () => {
    const e = new TransientError('сервер закрыл поток');
    expect(streamFailureAction(e, 2, true)).toEqual({ kind: 'transient', error: e, failures: 1, poll: false });
    expect(streamFailureAction(e, 2, false)).toMatchObject({ failures: 0, poll: true });
  });

  it('an unexpected error is treated as transient, its message kept', () => {
    const a = streamFailureAction(new HttpStatusError(409, 'конфликт'), 0, false);
    expect(a.kind).toBe('transient');
    expect((a as { error: Error }).error).toBeInstanceOf(TransientError);
    expect((a as { error: Error }).error.message).toBe('HTTP 409: конфликт');
  });
});
