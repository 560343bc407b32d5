/**
 * The live path of the sync client (electron/hub/sync/stream.ts): one SSE connection from the
 * stored cursor, change events applied in batches with the last event id as the cursor, what is
 * left from the headers and heartbeats, the watchdog, and how each ending is reported.
 */
import { describe, expect, it } from 'vitest';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { HttpStatusError, SyncStoppedError, TransientError } from '../../../../../electron/hub/sync/http.js';
import { changeItem, heartbeatHead, streamOnce, StreamProgress, type StreamOptions } from '../../../../../electron/hub/sync/stream.js';

describe('stream progress', () => {
  it('what is left: head − position from the headers, each change one entry, heartbeats move the head', () => {
    const p = new StreamProgress();
    expect(p.remaining()).toBe(0);
    expect(p.heartbeat('{"head": 50}')).toBe(false); // position unknown: nothing to say
    p.fromHeaders(new Headers({ 'x-log-position': '10', 'x-log-head': '15' }));
    expect(p.remaining()).toBe(5);
    p.change();
    p.change();
    expect(p.remaining()).toBe(3);
    expect(p.heartbeat('{"head": 20}')).toBe(true);
    expect(p.remaining()).toBe(8);
    expect(p.heartbeat('{"head": 4}')).toBe(true); // a head never moves back
    expect(p.remaining()).toBe(8);
    expect(p.heartbeat('пульс')).toBe(false);
  });
  it('a heartbeat without a head, and a change that is not JSON, are read plainly', () => {
    expect(heartbeatHead('{}')).toBeNull();
    expect(heartbeatHead('null')).toBeNull();
    expect(heartbeatHead('{"head": "12"}')).toBeNull();
    expect(heartbeatHead('{"head": 12}')).toBe(12);
    expect(changeItem('{"id":"pos-1","rev":2}')).toEqual({ id: 'pos-1', rev: 2 });
    expect(changeItem('{oops')).toBe('{oops');
  });
});

/**
 * A response whose body sends `chunks`, then ends — or, with `hold`, stays open until the request's
 * signal aborts (as fetch's body does).
 */
function sse(chunks: string[], init: { status?: number; headers?: Record<string, string>; hold?: AbortSignal | null } = {}) {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const x of chunks) c.enqueue(enc.encode(x));
      if (!init.hold) c.close();
      else init.hold.addEventListener('abort', () => c.error(init.hold!.reason), { once: true });
    },
  });
  return new Response(body, { status: init.status ?? 200, headers: { 'content-type': 'text/event-stream', ...init.headers } });
}

function harness(respond: (url: string, init: RequestInit) => Response | Promise<Response>, cursor: string | null = 'c7', heartbeatTimeoutMs = 5000) {
  const batches: { items: unknown[]; cursor: string | undefined }[] = [];
  const events: string[] = [];
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const cache = {
    getCursor: () => cursor,
    applyBatch: (items: unknown[], o: { cursor?: string }) => {
      batches.push({ items, cursor: o.cursor });
      return { applied: items.length, ignored: 0, deleted: 0, quarantined: 0, changed: [], removed: [] };
    },
  } as unknown as Cache;
  const opts: StreamOptions = {
    fetch: (async (url: string, init: RequestInit) => {
      requests.push({ url, headers: init.headers as Record<string, string> });
      return respond(url, init);
    }) as unknown as typeof fetch,
    api: 'http://cur/api',
    token: 'wall-token',
    cache,
    heartbeatTimeoutMs,
    batchMs: 5,
    collect: false,
    onOpen: (rem) => events.push(`open ${rem}`),
    onBatch: (r, n, rem) => events.push(`batch ${n} ${rem}`),
    onRemaining: (rem) => events.push(`remaining ${rem}`),
    onAlive: () => events.push('alive'),
  };
  return { opts, batches, events, requests };
}

describe('one stream connection', () => {
  it('resumes from the cursor, applies the events in one batch with the last id, and reports the end', async () => {
    const t = harness(() =>
      sse(
        [
          'event: change\nid: c8\ndata: {"id":"pos-1","rev":1}\n\n',
          'event: change\nid: c9\ndata: {"id":"pos-2","rev":1}\n\nevent: heartbeat\ndata: {"head": 12}\n\n',
        ],
        { headers: { 'x-log-position': '7', 'x-log-head': '10' } },
      ),
    );
    const err = await streamOnce(t.opts, new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toBe('сервер закрыл поток');
    expect(t.requests[0]!.url).toBe('http://cur/api/v1/messages/stream?cursor=c7');
    expect(t.requests[0]!.headers).toMatchObject({ authorization: 'Bearer wall-token', accept: 'text/event-stream', 'last-event-id': 'c7' });
    expect(t.batches).toEqual([{ items: [{ id: 'pos-1', rev: 1 }, { id: 'pos-2', rev: 1 }], cursor: 'c9' }]);
    expect(t.events).toEqual(['open 3', 'remaining 3', 'alive', 'batch 2 3']);
  });

  it('without a cursor it asks from the start, with no Last-Event-ID', async () => {
    const t = harness(() => sse([]), null);
    await streamOnce(t.opts, new AbortController().signal).catch(() => undefined);
    expect(t.requests[0]!.url).toBe('http://cur/api/v1/messages/stream');
    expect(t.requests[0]!.headers).not.toHaveProperty('last-event-id');
  });

  it('404 and 410 go back to the caller, 401 stops, 503 is transient; nothing is applied', async () => {
    const ending = async (status: number) => {
      const t = harness(() => new Response('{"error":"нет"}', { status }));
      const e = await streamOnce(t.opts, new AbortController().signal).catch((x: unknown) => x);
      expect(t.batches).toHaveLength(0);
      expect(t.events).toHaveLength(0);
      return e;
    };
    expect(await ending(404)).toMatchObject({ status: 404 });
    expect(await ending(404)).toBeInstanceOf(HttpStatusError);
    expect(await ending(410)).toMatchObject({ status: 410 });
    expect(await ending(401)).toBeInstanceOf(SyncStoppedError);
    expect(await ending(503)).toBeInstanceOf(TransientError);
  });

  it('a stream silent for longer than the heartbeat timeout is given up as transient', async () => {
    const t = harness((_url, init) => sse([': hello\n\n'], { hold: init.signal }), 'c1', 60);
    const e = await streamOnce(t.opts, new AbortController().signal).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toMatch(/^поток: ни события, ни heartbeat \d+ с .*: переподключаюсь$/);
  });

  it('an abort ends it with the abort reason', async () => {
    const ac = new AbortController();
    const why = new Error('закрытие');
    const t = harness((_url, init) => {
      setTimeout(() => ac.abort(why), 20);
      return sse(['event: heartbeat\ndata: {}\n\n'], { hold: init.signal });
    });
    await expect(streamOnce(t.opts, ac.signal)).rejects.toBe(why);
  });
});
