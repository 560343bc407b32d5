/**
 * The live path of the sync client (docs/spec/central-api.md: /v1/messages/stream): one SSE
 * connection from the stored cursor (also sent as Last-Event-ID), change events batched for a few
 * ms per transaction (each batch with the id of its last event as the cursor), a heartbeat
 * watchdog that reconnects a stream without an event (a heartbeat or a change) for 40 s — bytes
 * that are no event (comments, garbage) do not count —, a content type other than
 * text/event-stream taken as no stream at all (NotAStreamError: poll), lines and events bounded
 * (./sse.ts), and what is left estimated from the log headers and
 * the heads the heartbeats carry. What to do when a connection ends is decided by the caller
 * (./retry.ts, streamFailureAction).
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import { checkToken, describeNetworkError, MAX_ERROR_BODY_BYTES, readBodyText, TransientError } from './http.js';
import { NotAStreamError, streamStatusError } from './retry.js';
import { createBoundedSseParser } from './sse.js';

/** Items in one stream batch at most (a burst is applied in several transactions). */
export const STREAM_BATCH_MAX = 1000;

/**
 * Progress in stream mode: the log position and head come with the response headers and the head
 * again with each heartbeat; every change event moves the position by (about) one entry.
 */
export class StreamProgress {
  pos = NaN;
  head = NaN;
  /** From the response's X-Log-Position / X-Log-Head (both or neither). */
  fromHeaders(headers: Headers): void {
    const hp = headers.get('x-log-position');
    const hh = headers.get('x-log-head');
    if (hp !== null && hh !== null) {
      this.pos = Number(hp);
      this.head = Number(hh);
    }
  }
  /** A change event arrived. */
  change(): void {
    this.pos++;
  }
  /** A heartbeat's data; returns true when it moved the head (only once the position is known). */
  heartbeat(data: string): boolean {
    if (!Number.isFinite(this.pos)) return false;
    const head = heartbeatHead(data);
    if (head === null) return false;
    this.head = Math.max(Number.isFinite(this.head) ? this.head : 0, head);
    return true;
  }
  /** Log entries left; 0 when unknown (the stream is live, so caught up as far as it knows). */
  remaining(): number {
    return Number.isFinite(this.pos) && Number.isFinite(this.head) ? Math.max(0, this.head - this.pos) : 0;
  }
}

/** The log head a heartbeat carries (`{"head": N}`), or null (a heartbeat without one is fine). */
export function heartbeatHead(data: string): number | null {
  try {
    const head = (JSON.parse(data) as { head?: unknown })?.head;
    return typeof head === 'number' && Number.isFinite(head) ? head : null;
  } catch {
    return null;
  }
}

/** A change event's data as the item to apply: JSON, or the raw text (the cache quarantines it). */
export function changeItem(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data; // not JSON: the cache quarantines it, the stream goes on
  }
}

export interface StreamOptions {
  fetch: typeof fetch;
  /** Base URL of the API, trimmed. */
  api: string;
  token: string;
  cache: Cache;
  /** No event (heartbeat or change) for this long → the connection is given up (TransientError). */
  heartbeatTimeoutMs: number;
  /** Change events within this window are applied in one transaction. */
  batchMs: number;
  /** Ask applyBatch for the applied messages. */
  collect: boolean;
  /** The stream answered 2xx: live from now (remaining from its headers). */
  onOpen(remaining: number): void;
  /** A batch was applied: `received` items, `remaining` after it. */
  onBatch(r: ApplyResult, received: number, remaining: number): void;
  /** A heartbeat moved the head: what is left now. */
  onRemaining(remaining: number): void;
  /** Any event other than a change (a heartbeat …): the server is alive. */
  onAlive(): void;
}

/**
 * One stream connection; returns never normally — it throws when it ends: HttpStatusError (404,
 * 410 …), SyncStoppedError (401/403, a bad token), TransientError (network, 5xx/429, silence, the
 * server closed it), or the signal's reason when aborted.
 */
export async function streamOnce(opts: StreamOptions, signal: AbortSignal): Promise<never> {
  const { cache, collect } = opts;
  const ac = new AbortController();
  const onAbort = () => ac.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let watchdog: NodeJS.Timeout | undefined;
  const silentSec = Math.round(opts.heartbeatTimeoutMs / 1000);
  const arm = () => {
    if (watchdog) return void watchdog.refresh();
    watchdog = setTimeout(
      () => ac.abort(new TransientError(`поток: ни события, ни heartbeat ${silentSec} с (сервер обещает heartbeat каждые 15 с): переподключаюсь`)),
      opts.heartbeatTimeoutMs,
    );
  };
  const progress = new StreamProgress();
  let pending: unknown[] = [];
  let pendingCursor: string | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    const o = { cursor: pendingCursor, source: 'sync', collect };
    const r = cache.applyBatch(items, o);
    opts.onBatch(r, items.length, progress.remaining());
  };
  try {
    const bad = checkToken(opts.token);
    if (bad) throw bad;
    arm();
    const cursor = cache.getCursor();
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    let res: Response;
    try {
      res = await opts.fetch(`${opts.api}/v1/messages/stream${q}`, {
        headers: {
          authorization: `Bearer ${opts.token}`,
          accept: 'text/event-stream',
          ...(cursor ? { 'last-event-id': cursor } : {}),
        },
        signal: ac.signal,
      });
    } catch (e) {
      if (signal.aborted) throw e;
      if (ac.signal.reason instanceof TransientError) throw ac.signal.reason;
      throw new TransientError(describeNetworkError(e));
    }
    if (!res.ok) {
      const text = await readBodyText(res, MAX_ERROR_BODY_BYTES, true).catch(() => '');
      throw streamStatusError(res.status, text);
    }
    const type = res.headers.get('content-type') ?? '';
    if (!/^\s*text\/event-stream\s*(;|$)/i.test(type)) {
      await res.body?.cancel().catch(() => undefined);
      throw new NotAStreamError(type);
    }
    progress.fromHeaders(res.headers);
    opts.onOpen(progress.remaining());
    const parser = createBoundedSseParser((ev) => {
        arm();
        if (ev.event === 'change') {
          pending.push(changeItem(ev.data));
          progress.change();
          if (ev.id) pendingCursor = ev.id;
          if (pending.length >= STREAM_BATCH_MAX) flush();
          else flushTimer ??= setTimeout(flush, opts.batchMs);
        } else {
          if (ev.event === 'heartbeat' && progress.heartbeat(ev.data)) opts.onRemaining(progress.remaining());
          opts.onAlive();
        }
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
        parser.feed(decoder.decode(chunk, { stream: true }));
    } catch (e) {
      if (signal.aborted) throw e;
      if (e instanceof TransientError) {
        ac.abort(e); // the body is dropped at once, never read on
        throw e;
      }
      if (ac.signal.reason instanceof TransientError) throw ac.signal.reason;
      throw new TransientError(`поток оборвался: ${describeNetworkError(e)}`);
    } finally {
      flush();
    }
    throw new TransientError('сервер закрыл поток');
  } finally {
    clearTimeout(watchdog);
    clearTimeout(flushTimer);
    signal.removeEventListener('abort', onAbort);
  }
}
