/**
 * The sync client's decisions on failure (docs/spec/central-api.md: errors, 410, stream):
 * what to do with an error — stop (401/403, unknown schema, foreign cache), retry with backoff
 * (network, timeouts, 5xx, 429 with Retry-After honoured), resync (410 Gone), poll instead of
 * the stream (404, or a stream that keeps failing) — and the retry loop with its backoff counter.
 * Decisions are plain functions of the error and a little state, so each is tested on its own
 * (tests/unit/electron/hub/sync/retry.test.ts).
 */
import { authStop, HttpStatusError, retryDelay, sleep, SyncStoppedError, TransientError, type Backoff } from './http.js';

/** What the retry loop does with an error: stop sync, back off and try again, or pass it on. */
export type RetryVerdict = 'stop' | 'retry' | 'rethrow';

export function retryVerdict(e: unknown): RetryVerdict {
  if (e instanceof SyncStoppedError) return 'stop';
  if (e instanceof TransientError) return 'retry';
  return 'rethrow';
}

/** Consecutive failed attempts and the delay before the next one (full jitter, ≥ Retry-After). */
export class RetryCounter {
  private attempt = 0;
  constructor(
    private readonly backoff: Backoff,
    private readonly random: () => number,
  ) {}
  /** Attempts failed since the last success. */
  get attempts(): number {
    return this.attempt;
  }
  /** The delay before the next attempt after `e`; counts the failure. */
  next(e: TransientError): number {
    return retryDelay(this.attempt++, this.backoff, this.random, e.retryAfterMs);
  }
  /** A success: the next failure starts from the base delay again. */
  reset(): void {
    this.attempt = 0;
  }
}

export interface RetryHooks {
  counter: RetryCounter;
  /** Publishes a transient failure (health: offline). */
  onTransient(e: TransientError): void;
  /** Publishes a stop and throws it. */
  onStop(e: SyncStoppedError): never;
}

/** Sleeps the backoff delay after `e` (rejects when `signal` aborts). */
export function backoffSleep(counter: RetryCounter, e: TransientError, signal?: AbortSignal): Promise<void> {
  return sleep(counter.next(e), signal);
}

/** Runs `fn` until it succeeds; transient failures back off; stops propagate; an abort ends it. */
export async function retrying<T>(fn: () => Promise<T>, hooks: RetryHooks, signal?: AbortSignal): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      const verdict = retryVerdict(e);
      if (verdict === 'stop') hooks.onStop(e as SyncStoppedError);
      if (verdict === 'retry') {
        hooks.onTransient(e as TransientError);
        await backoffSleep(hooks.counter, e as TransientError, signal);
        continue;
      }
      throw e;
    }
  }
}

/**
 * An error of a JSON request: 401/403 become a stop, other statuses stay HttpStatusError for the
 * caller to decide on (404, 410 …).
 */
export function requestError(e: unknown, path: string): unknown {
  if (e instanceof HttpStatusError) return authStop(e.status, path) ?? e;
  return e;
}

/** What catch-up does with an error of a page pull (after the retry loop gave it up). */
export type PullErrorAction = { kind: 'resync' } | { kind: 'throw'; error: unknown };

export function pullErrorAction(e: unknown): PullErrorAction {
  if (e instanceof HttpStatusError && e.status === 410) return { kind: 'resync' };
  if (e instanceof HttpStatusError)
    return { kind: 'throw', error: new TransientError(`неожиданный ответ ${e.status} на запрос изменений: ${e.serverMessage}`) };
  return { kind: 'throw', error: e };
}

/** The stream's answer to a non-2xx status: 5xx/429 transient, 401/403 a stop, others for follow to decide. */
export function streamStatusError(status: number, text: string): Error {
  if (status >= 500 || status === 429) return new TransientError(`поток: сервер ответил ${status}`, null, status);
  return authStop(status, '/v1/messages/stream') ?? new HttpStatusError(status, text.slice(0, 200));
}

/** The stream answered 2xx with a content type other than text/event-stream: it is no stream. */
export class NotAStreamError extends Error {
  constructor(readonly contentType: string) {
    super(`поток событий отдаёт «${contentType.slice(0, 60) || 'без типа'}» вместо text/event-stream: это не поток, опрашиваю ленту изменений`);
  }
}

/** Consecutive failed stream connections after which follow polls for a while. */
export const STREAM_FAILURES_BEFORE_POLL = 3;

/** What follow does after one stream connection ended with an error (not an abort). */
export type StreamFailureAction =
  /** Sync stops (401/403 …). */
  | { kind: 'stop'; error: SyncStoppedError }
  /** 410 Gone: catch up by pages, which resyncs. */
  | { kind: 'catch-up' }
  /** 404: no stream on this server; poll the changes feed for a while. */
  | { kind: 'no-stream'; message: string }
  /**
   * Anything else is transient: reported; then either poll for a while (it kept failing) or back
   * off, catch up what the stream missed and reconnect. `failures` is the new count.
   */
  | { kind: 'transient'; error: TransientError; failures: number; poll: boolean };

/**
 * `failures`: consecutive failed connections before this one; `connected`: whether this one had
 * opened (then it is the first failure of a new series).
 */
export function streamFailureAction(e: unknown, failures: number, connected: boolean): StreamFailureAction {
  if (e instanceof SyncStoppedError) return { kind: 'stop', error: e };
  if (e instanceof HttpStatusError && e.status === 410) return { kind: 'catch-up' };
  if (e instanceof HttpStatusError && e.status === 404)
    return { kind: 'no-stream', message: 'поток событий недоступен (404): опрашиваю ленту изменений' };
  if (e instanceof NotAStreamError) return { kind: 'no-stream', message: e.message };
  const error = e instanceof TransientError ? e : new TransientError(String((e as Error)?.message ?? e));
  const n = (connected ? 0 : failures) + 1;
  if (n >= STREAM_FAILURES_BEFORE_POLL) return { kind: 'transient', error, failures: 0, poll: true };
  return { kind: 'transient', error, failures: n, poll: false };
}
