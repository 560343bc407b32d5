/**
 * One stream connection's decisions (electron/hub/sync/stream.ts, docs/spec/central-api.md
 * «stream»), on a fake clock: the watchdog re-armed by every event (and only it), what is left from
 * one header alone, the content type that makes a stream, batches bounded and cursored by their last
 * id, text split inside a character, failures of the request and of the body each named, and no
 * timer left behind when the connection ends.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { HttpStatusError, SyncStoppedError, TransientError } from '../../../../../electron/hub/sync/http.js';
import { NotAStreamError } from '../../../../../electron/hub/sync/retry.js';
import { STREAM_BATCH_MAX, streamOnce, StreamProgress, type StreamOptions } from '../../../../../electron/hub/sync/stream.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

type Chunk = [number, string | Uint8Array];
/** A body sending `chunks` at their times; it ends at `endAt`, or errors with the request's abort (or `onAbort`'s error). */
function body(init: RequestInit | undefined, chunks: Chunk[], o: { endAt?: number; onAbort?: () => unknown; failAt?: [number, unknown] } = {}) {
  const enc = new TextEncoder();
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (const [at, x] of chunks) setTimeout(() => open && c.enqueue(typeof x === 'string' ? enc.encode(x) : x), at);
      if (o.endAt !== undefined) setTimeout(() => { if (open) c.close(); open = false; }, o.endAt);
      if (o.failAt) setTimeout(() => { if (open) c.error(o.failAt![1]); open = false; }, o.failAt[0]);
      init?.signal?.addEventListener('abort', () => { if (open) c.error(o.onAbort ? o.onAbort() : init.signal!.reason); open = false; }, { once: true });
    },
  });
}
const sseResponse = (b: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Response(b, { status: 200, headers: { 'content-type': 'text/event-stream', ...headers } });

function harness(respond: (init: RequestInit | undefined) => Response | Promise<Response>, o: Partial<StreamOptions> = {}) {
  const batches: { n: number; cursor: string | undefined; source: string | undefined; items: unknown[] }[] = [];
  const events: string[] = [];
  let requests = 0;
  let lastInit: RequestInit | undefined;
  const cache = {
    getCursor: () => 'c0',
    applyBatch: (items: unknown[], op: { cursor?: string; source?: string }) => {
      batches.push({ n: items.length, cursor: op.cursor, source: op.source, items });
      return { applied: items.length, ignored: 0, deleted: 0, quarantined: 0, changed: [], removed: [] };
    },
  } as unknown as Cache;
  const opts: StreamOptions = {
    fetch: (async (_url: string, init?: RequestInit) => {
      requests++;
      lastInit = init;
      return respond(init);
    }) as unknown as typeof fetch,
    api: 'http://cur',
    token: 'wall',
    cache,
    heartbeatTimeoutMs: 2500,
    batchMs: 5,
    collect: false,
    onOpen: (rem) => events.push(`open ${rem}`),
    onBatch: (_r, n, rem) => events.push(`batch ${n} ${rem}`),
    onRemaining: (rem) => events.push(`remaining ${rem}`),
    onAlive: () => events.push('alive'),
    ...o,
  };
  return { opts, batches, events, requests: () => requests, init: () => lastInit };
}

/** Runs the connection to its end on the fake clock; returns what it threw. */
async function run(opts: StreamOptions, signal = new AbortController().signal, maxMs = 60_000): Promise<unknown> {
  let out: unknown;
  let done = false;
  streamOnce(opts, signal).catch((e: unknown) => {
    out = e;
    done = true;
  });
  for (let t = 0; t < maxMs && !done; t += 10) await vi.advanceTimersByTimeAsync(10);
  return out;
}
const hb = 'event: heartbeat\ndata: {}\n\n';
const change = (id: string, evId?: string) => `event: change\n${evId ? `id: ${evId}\n` : ''}data: {"id":"${id}","rev":1}\n\n`;

describe('progress from one header alone', () => {
  it('a position without a head, or a head without a position, or a head that is no number, says nothing is left', () => {
    const a = new StreamProgress();
    a.fromHeaders(new Headers({ 'x-log-position': '10' }));
    expect(a.heartbeat('{"head": 50}')).toBe(false);
    expect(a.remaining()).toBe(0);
    const b = new StreamProgress();
    b.fromHeaders(new Headers({ 'x-log-head': '10' }));
    expect(b.heartbeat('{"head": 50}')).toBe(false);
    const c = new StreamProgress();
    c.fromHeaders(new Headers({ 'x-log-position': '5', 'x-log-head': 'many' }));
    expect(c.remaining()).toBe(0);
  });
});

describe('the watchdog', () => {
  it('is re-armed by every heartbeat: a stream beating every second for 10 s stays open', async () => {
    const chunks: Chunk[] = Array.from({ length: 10 }, (_, i) => [1000 * (i + 1), hb]);
    const t = harness((init) => sseResponse(body(init, chunks, { endAt: 10_500 })));
    const e = await run(t.opts);
    expect((e as Error).message).toBe('сервер закрыл поток');
    expect(t.events.filter((x) => x === 'alive')).toHaveLength(10);
  });

  it('bytes that are no event (a comment) do not count: the connection is given up after the timeout', async () => {
    const chunks: Chunk[] = Array.from({ length: 10 }, (_, i) => [1000 * (i + 1), ': пинг\n\n']);
    const t = harness((init) => sseResponse(body(init, chunks)));
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toMatch(/^поток: ни события, ни heartbeat 3 с/);
    // The body is dropped with the abort.
    expect(t.init()?.signal?.aborted).toBe(true);
  });

  it('also bounds a request that never answers', async () => {
    const t = harness(
      (init) =>
        new Promise<Response>((_res, rej) => init?.signal?.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError')), { once: true })),
    );
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toMatch(/^поток: ни события, ни heartbeat 3 с/);
  });

  it('a body that fails otherwise after the watchdog fired is still reported as the silence', async () => {
    const t = harness((init) => sseResponse(body(init, [], { onAbort: () => new DOMException('aborted', 'AbortError') })));
    const e = await run(t.opts);
    expect((e as Error).message).toMatch(/^поток: ни события, ни heartbeat 3 с/);
  });

  it('leaves no timer behind once the connection has ended', async () => {
    const t = harness((init) => sseResponse(body(init, [[0, change('a', 's1')]], { endAt: 1 })));
    await run(t.opts);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('failures named as they are', () => {
  it('a token that cannot be sent stops before any request', async () => {
    const t = harness(() => sseResponse(body(undefined, [])), { token: 'с пробелом' });
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(SyncStoppedError);
    expect(t.requests()).toBe(0);
  });

  it('a request that fails is a network failure; an abort during it ends with the abort', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const t = harness(() => Promise.reject(refused));
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('сервер не принимает соединения');
    const ac = new AbortController();
    const why = new Error('стоп');
    const t2 = harness((init) => new Promise<Response>((_r, rej) => {
      init?.signal?.addEventListener('abort', () => rej(init.signal!.reason), { once: true });
      setTimeout(() => ac.abort(why), 10);
    }));
    expect(await run(t2.opts, ac.signal)).toBe(why);
  });

  it('a body cut by the network is «поток оборвался», what came before it applied', async () => {
    const reset = Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } });
    const t = harness((init) => sseResponse(body(init, [[0, change('a', 's1')]], { failAt: [50, reset] })));
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('поток оборвался: соединение разорвано');
    expect(t.batches.map((b) => b.n)).toEqual([1]);
  });

  it('a line past the parser’s limit drops the body at once, with the parser’s reason', async () => {
    const t = harness((init) => sseResponse(body(init, [[0, `data: ${'x'.repeat((1 << 20) + 10)}`]])));
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).not.toMatch(/^поток оборвался/);
    expect(t.init()?.signal?.aborted).toBe(true);
    expect(t.init()?.signal?.reason).toBe(e);
  });
});

describe('what makes a stream', () => {
  for (const type of ['text/html', 'application/text/event-stream', 'text/event-streams', '']) {
    it(`«${type || 'no type'}» is no stream: nothing opened, the body cancelled`, async () => {
      let cancelled = false;
      const b = new ReadableStream<Uint8Array>({ cancel: () => void (cancelled = true) });
      const t = harness(() => new Response(b, { status: 200, headers: type ? { 'content-type': type } : {} }));
      const e = await run(t.opts);
      expect(e).toBeInstanceOf(NotAStreamError);
      expect(t.events).toEqual([]);
      expect(cancelled).toBe(true);
    });
  }
  it('a 2xx without a type, or without a body, is no stream and says so', async () => {
    const none = harness(() => new Response(new ReadableStream<Uint8Array>(), { status: 200, headers: {} }));
    expect(((await run(none.opts)) as Error).message).toContain('«без типа»');
    const empty = harness(() => new Response(null, { status: 204, headers: { 'content-type': 'text/html' } }));
    expect(await run(empty.opts)).toBeInstanceOf(NotAStreamError);
  });
  it('« Text/Event-Stream ; charset=utf-8» is a stream', async () => {
    const t = harness((init) => new Response(body(init, [], { endAt: 1 }), { status: 200, headers: { 'content-type': ' Text/Event-Stream ; charset=utf-8' } }));
    expect(((await run(t.opts)) as Error).message).toBe('сервер закрыл поток');
    expect(t.events[0]).toBe('open 0');
  });
});

describe('batches', () => {
  it('carry the id of their last event that had one, from sync', async () => {
    const t = harness((init) => sseResponse(body(init, [[0, change('a', 's1') + change('b')]], { endAt: 50 })));
    await run(t.opts);
    expect(t.batches).toEqual([{ n: 2, cursor: 's1', source: 'sync', items: [{ id: 'a', rev: 1 }, { id: 'b', rev: 1 }] }]);
  });

  it(`hold at most ${STREAM_BATCH_MAX} items; an empty window applies nothing`, async () => {
    const burst = Array.from({ length: STREAM_BATCH_MAX + 1 }, (_, i) => change(`m${i}`, `s${i}`)).join('');
    const t = harness((init) => sseResponse(body(init, [[0, burst]], { endAt: 100 })));
    await run(t.opts);
    expect(t.batches.map((b) => [b.n, b.cursor])).toEqual([
      [STREAM_BATCH_MAX, `s${STREAM_BATCH_MAX - 1}`],
      [1, `s${STREAM_BATCH_MAX}`],
    ]);
    expect(t.events.filter((x) => x.startsWith('batch'))).toHaveLength(2);
  });

  it('after a full batch, the next one waits its own window from its first event', async () => {
    const full = Array.from({ length: STREAM_BATCH_MAX - 1 }, (_, i) => change(`m${i + 1}`)).join('');
    const at: [number, number][] = [];
    const start = Date.now();
    const cache = {
      getCursor: () => 'c0',
      applyBatch: (items: unknown[]) => {
        at.push([items.length, Date.now() - start]);
        return { applied: items.length, ignored: 0, deleted: 0, quarantined: 0, changed: [], removed: [] };
      },
    } as unknown as Cache;
    // one event opens a window of 20 ms at 0; the batch fills at 5 and is applied at once; one more event at 10
    const t = harness((init) => sseResponse(body(init, [[0, change('m0')], [5, full], [10, change('last')]], { endAt: 200 })), { cache, batchMs: 20 });
    await run(t.opts);
    expect(at).toEqual([
      [STREAM_BATCH_MAX, 5],
      [1, 30], // 10 + 20: not at 20, when the first window would have ended
    ]);
  });

  it('only a heartbeat moves the head; another event is only a sign of life', async () => {
    const t = harness((init) => sseResponse(body(init, [[0, 'event: ping\ndata: {"head": 99}\n\n']], { endAt: 50 }), { 'x-log-position': '1', 'x-log-head': '2' }));
    await run(t.opts);
    expect(t.events).toEqual(['open 1', 'alive']);
  });

  it('a character split between two chunks arrives whole', async () => {
    const bytes = new TextEncoder().encode('event: change\nid: s1\ndata: {"id":"ёж","rev":1}\n\n');
    const cut = bytes.indexOf(0xd1) + 1; // inside «ё»
    const t = harness((init) => sseResponse(body(init, [[0, bytes.slice(0, cut)], [10, bytes.slice(cut)]], { endAt: 50 })));
    await run(t.opts);
    expect(t.batches[0]!.items).toEqual([{ id: 'ёж', rev: 1 }]);
  });
});

describe('an error answer of the stream', () => {
  it('is named with the first 200 characters of its text, read up to 64 KiB even when the body is far longer', async () => {
    const reason = 'курсор не из этого журнала: начните с ленты изменений. ';
    const text = reason.repeat(3000); // about 300 KiB
    const t = harness(() => new Response(text, { status: 409 }));
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(HttpStatusError);
    expect((e as HttpStatusError).status).toBe(409);
    expect((e as HttpStatusError).serverMessage).toBe(text.slice(0, 200));
  });

  it('whose body cannot be read is still named by its status, with no text', async () => {
    const broken = new ReadableStream<Uint8Array>({ pull: (c) => c.error(new TypeError('terminated')) });
    const t = harness(() => new Response(broken, { status: 409 }));
    const e = await run(t.opts);
    expect(e).toBeInstanceOf(HttpStatusError);
    expect((e as Error).message).toBe('HTTP 409');
  });
});
