/**
 * HTTP helpers shared by the sync client and the outbox deliverer: requests with a timeout,
 * error classification (transient vs. stop) and backoff with full jitter.
 */
import type { StopReason } from '../../../shared/sync-health.js';

/** A failure worth retrying: network error, timeout, 5xx, 429, unparsable body … */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** A failure that stops sync until a person acts (wrong token, unknown schema, foreign cache). */
export class SyncStoppedError extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
  }
}

/** The server answered with a status the caller must decide on (404, 409, 410, 422 …). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string,
  ) {
    super(`HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`);
  }
}

/** A response larger than the limit (Content-Length or counted while reading): never read whole. */
export class ResponseTooLargeError extends TransientError {
  constructor(
    message: string,
    readonly limitBytes: number,
  ) {
    super(message);
  }
}

/** Bytes of one response body at most (a page of 5 000 messages is a few MiB). */
export const MAX_RESPONSE_BYTES = 32 << 20;
/** Bytes of an error answer's body read (the rest is dropped). */
export const MAX_ERROR_BODY_BYTES = 64 << 10;

const mb = (n: number) => `${(n / (1 << 20)).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;

/**
 * The body as text, never more than `max` bytes held: a Content-Length over the limit is refused
 * before reading, a body that grows past it is cancelled (ResponseTooLargeError); with
 * `truncate`, the first `max` bytes are kept and the rest dropped instead.
 */
export async function readBodyText(res: Response, max: number, truncate = false): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (!truncate && Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(`ответ сервера больше ${mb(max)} (объявлено ${mb(declared)}): не читаю, повторю позже`, max);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > max) {
      await reader.cancel().catch(() => undefined);
      if (truncate) {
        chunks.push(value.subarray(0, max - total));
        total = max;
        break;
      }
      throw new ResponseTooLargeError(`ответ сервера больше ${mb(max)}: чтение прервано, повторю позже`, max);
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

export interface Backoff {
  baseMs: number;
  capMs: number;
}
export const DEFAULT_BACKOFF: Backoff = { baseMs: 250, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based): full jitter, `random() × min(cap, base × 2^attempt)`,
 * but never less than the server's Retry-After.
 */
export function retryDelay(attempt: number, backoff: Backoff, random: () => number, retryAfterMs: number | null = null): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After: delay-seconds or an HTTP date; null when absent or not understood. Capped at 1 hour. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, 3_600_000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.min(Math.max(0, t - now), 3_600_000);
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Russian one-liner for a network-level failure of fetch. */
export function describeNetworkError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'истекло время ожидания ответа';
  const code = err?.cause?.code;
  if (code === 'ECONNREFUSED') return 'сервер не принимает соединения';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'соединение разорвано';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'адрес сервера не найден';
  return `ошибка сети: ${err?.cause?.message ?? err?.message ?? String(e)}`;
}

function serverMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; message?: unknown };
    const m = j.error ?? j.message;
    if (typeof m === 'string') return m;
  } catch {
    /* not JSON */
  }
  return text.slice(0, 200);
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * One request with a timeout covering the whole body and a byte limit on it (readBodyText).
 * Throws TransientError on network errors, timeouts, 5xx, 429, bodies that are not JSON and
 * ResponseTooLargeError past the limit; HttpStatusError on other non-2xx statuses.
 */
export async function requestJson(
  fetchFn: typeof fetch,
  url: string,
  init: {
    token: string;
    timeoutMs: number;
    signal?: AbortSignal;
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    /** Bytes of the body at most (default MAX_RESPONSE_BYTES). */
    maxBytes?: number;
  },
): Promise<JsonResponse> {
  const bad = checkToken(init.token);
  if (bad) throw bad;
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetchFn(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.token}`,
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body,
      signal,
    });
    const ok = res.status >= 200 && res.status < 300;
    text = await readBodyText(res, ok ? (init.maxBytes ?? MAX_RESPONSE_BYTES) : MAX_ERROR_BODY_BYTES, !ok);
  } catch (e) {
    if (init.signal?.aborted) throw e;
    if (e instanceof TransientError) throw e;
    throw new TransientError(describeNetworkError(e));
  }
  if (res.status >= 500 || res.status === 429) {
    const ra = parseRetryAfter(res.headers.get('retry-after'));
    throw new TransientError(`сервер ответил ${res.status}: ${serverMessage(text)}`, ra, res.status);
  }
  if (res.status < 200 || res.status >= 300) throw new HttpStatusError(res.status, serverMessage(text));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TransientError(`ответ сервера не разбирается как JSON (${text.length} байт, возможно обрезан)`);
  }
  return { status: res.status, body, headers: res.headers };
}

/** A token that cannot go into an HTTP header is a stop, not a network failure. */
export function checkToken(token: string): SyncStoppedError | null {
  if (token === '' || /[^\x21-\x7e]/.test(token))
    return new SyncStoppedError('auth', 'токен пуст или содержит недопустимые символы (пробелы, кириллицу): проверьте --token');
  return null;
}

/** Maps 401/403 to a stop with a plain message; returns null for other statuses. */
export function authStop(status: number, what: string): SyncStoppedError | null {
  if (status === 401)
    return new SyncStoppedError('auth', `центральный API не принял токен (401) при запросе ${what}: проверьте --token`);
  if (status === 403)
    return new SyncStoppedError('forbidden', `токену запрещён доступ (403) при запросе ${what}: нужен токен с другими правами`);
  return null;
}
