/**
 * What a caller of the retry decisions sees in time and in words (electron/hub/sync/retry.ts,
 * docs/spec/central-api.md «errors», «stream»): the loop really waits its backoff before the next
 * attempt (fake clock), an abort is never reported as a network failure, and the stream's answers
 * are named as the health line shows them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpStatusError, SyncStoppedError, TransientError } from '../../../../../electron/hub/sync/http.js';
import {
  NotAStreamError,
  requestError,
  RetryCounter,
  retrying,
  streamFailureAction,
  streamStatusError,
} from '../../../../../electron/hub/sync/retry.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the retry loop on a fake clock', () => {
  it('waits the backoff delay (and Retry-After) before the next attempt, not a moment less', async () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const counter = new RetryCounter({ baseMs: 1000, capMs: 60_000 }, () => 0.5);
    const p = retrying(
      async () => {
        calls.push(Date.now());
        if (calls.length === 1) throw new TransientError('сеть');
        if (calls.length === 2) throw new TransientError('503', 4000, 503);
        return 'готово';
      },
      { counter, onTransient: () => undefined, onStop: (e) => { throw e; } },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    // First failure: full jitter of a 1 000 ms ceiling at 0.5 → 500 ms.
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    // Second: jitter would give 1 000 ms, Retry-After asks for 4 000 ms.
    await vi.advanceTimersByTimeAsync(3999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(p).resolves.toBe('готово');
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 500, 4500]);
    expect(counter.attempts).toBe(2);
  });

  it('an abort during an attempt ends the loop without reporting a network failure or a stop', async () => {
    const ac = new AbortController();
    const why = new Error('синхронизация остановлена оператором');
    const transient: string[] = [];
    const stops: string[] = [];
    const hooks = {
      counter: new RetryCounter({ baseMs: 1, capMs: 2 }, () => 0),
      onTransient: (e: TransientError) => void transient.push(e.message),
      onStop: (e: SyncStoppedError): never => {
        stops.push(e.reason);
        throw e;
      },
    };
    await expect(
      retrying(async () => { ac.abort(why); throw new TransientError('сеть'); }, hooks, ac.signal),
    ).rejects.toBe(why);
    await expect(
      retrying(async () => { throw new SyncStoppedError('auth', 'токен'); }, hooks, ac.signal),
    ).rejects.toBe(why);
    expect(transient).toEqual([]);
    expect(stops).toEqual([]);
  });
});

describe('statuses and their words', () => {
  it('an error that is no HTTP answer is passed on untouched, even one carrying a status field', () => {
    const odd = Object.assign(new Error('чужая библиотека'), { status: 401 });
    expect(requestError(odd, '/v1/meta')).toBe(odd);
    const t = new TransientError('поток', null, 403);
    expect(requestError(t, '/v1/meta')).toBe(t);
  });

  it('the stream: 500 itself is transient and named; a stop names the stream path', () => {
    const e500 = streamStatusError(500, 'внутренняя ошибка');
    expect(e500).toBeInstanceOf(TransientError);
    expect(e500.message).toBe('поток: сервер ответил 500');
    expect((e500 as TransientError).status).toBe(500);
    expect(streamStatusError(499, '')).toBeInstanceOf(HttpStatusError);
    expect(streamStatusError(401, '').message).toContain('/v1/messages/stream');
    expect(streamStatusError(403, '').message).toContain('/v1/messages/stream');
  });

  it('a 2xx that is no event stream polls the feed and says what it was instead', () => {
    const html = new NotAStreamError('text/html; charset=utf-8');
    expect(html.message).toBe('поток событий отдаёт «text/html; charset=utf-8» вместо text/event-stream: это не поток, опрашиваю ленту изменений');
    expect(streamFailureAction(html, 2, false)).toEqual({ kind: 'no-stream', message: html.message });
    expect(new NotAStreamError('').message).toContain('«без типа»');
    expect(new NotAStreamError('x'.repeat(500)).message).toContain(`«${'x'.repeat(60)}»`);
  });

  it('a thrown non-error (undefined, null) is a transient failure named as it is', () => {
    expect(streamFailureAction(undefined, 0, false)).toMatchObject({ kind: 'transient', failures: 1, poll: false });
    const a = streamFailureAction(null, 0, false) as { error: Error };
    expect(a.error).toBeInstanceOf(TransientError);
    expect(a.error.message).toBe('null');
  });
});
