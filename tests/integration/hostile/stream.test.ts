/**
 * The live path against a hostile server on loopback: an endless SSE line, endless `data:` lines,
 * garbage, a stream without heartbeats (bytes that are no events), a stream of the wrong content
 * type, poisonous change events. Each: memory under the bound (measured), cache intact, health in
 * words, and sync going on — the client reconnects (or polls) and ends with the server's state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { message } from '../sync/fixture.js';
import { seededRandom } from '../../../electron/hub/central/faults.js';
import { cacheState, endless, expectedState, MEMORY_BOUND_MB, meterMemory, rig, waitFor, type Rig } from './hostile.js';
import type { SyncClientOptions } from '../../../electron/hub/sync/client.js';

let r: Rig | null = null;
let stop: AbortController | null = null;
let running: Promise<void> | null = null;
afterEach(async () => {
  stop?.abort();
  await running?.catch(() => undefined);
  await r?.close();
  r = stop = running = null;
});

/** Caught up, then following; the hostile stream answers queued before follow starts. */
async function following(queue: (x: Rig) => void, opts: Partial<SyncClientOptions> = {}): Promise<Rig> {
  r = await rig(opts);
  await r.client.runUntilCaughtUp();
  queue(r);
  stop = new AbortController();
  running = r.client.follow(stop.signal);
  return r;
}

/** A new change reaches the cache through whatever path the client is on; the state is the server's. */
async function goesOn(x: Rig, id: string) {
  x.api.append([message(id, 1, seededRandom(11), 'new')]);
  await waitFor(() => x.cache.getMessage(id) !== null);
  expect(cacheState(x.cache)).toEqual(expectedState(x.api.log));
}

function within(mem: { rssMb: number; heapMb: number }) {
  expect(mem.rssMb).toBeLessThan(MEMORY_BOUND_MB.rss);
  expect(mem.heapMb).toBeLessThan(MEMORY_BOUND_MB.heap);
}

const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' });

describe('hostile streams', () => {
  it('an SSE line that never ends: dropped at 1 МБ, «строка потока событий длиннее 1 МБ», reconnected', async () => {
    const mem = meterMemory();
    const x = await following((x) =>
      x.api.queue.stream.push((_q, res) => {
        sse(res);
        res.write('event: change\ndata: ');
        endless(res, Buffer.alloc(64 << 10, 0x78));
      }),
    );
    await waitFor(() => x.errors().some((e) => /^строка потока событий длиннее 1 МБ: поток прерван, переподключаюсь$/.test(e)));
    await goesOn(x, 'im-after-line');
    const m = mem.stop();
    within(m);
    await waitFor(() => x.api.hits.stream >= 2); // reconnected
    console.log(`endless SSE line: peak growth rss ${m.rssMb.toFixed(0)} MiB, heap ${m.heapMb.toFixed(0)} MiB`);
  });

  it('endless `data:` lines of one event: dropped at 2 МБ, «событие потока больше 2 МБ», reconnected', async () => {
    const mem = meterMemory();
    const x = await following((x) =>
      x.api.queue.stream.push((_q, res) => {
        sse(res);
        res.write('event: change\n');
        endless(res, 'data: ' + 'y'.repeat(1000) + '\n');
      }),
    );
    await waitFor(() => x.errors().some((e) => /^событие потока больше 2 МБ: поток прерван/.test(e)));
    await goesOn(x, 'im-after-data');
    within(mem.stop());
  });

  it('garbage bytes as a stream: bounded, dropped, sync goes on', async () => {
    const mem = meterMemory();
    const x = await following(
      (x) => {
        for (let i = 0; i < 2; i++)
          x.api.queue.stream.push((_q, res) => {
            sse(res);
            endless(res, randomBytes(64 << 10));
          });
      },
      { heartbeatTimeoutMs: 400 },
    );
    await waitFor(() => x.api.hits.stream >= 3);
    await goesOn(x, 'im-after-garbage');
    within(mem.stop());
    expect(x.errors().length).toBeGreaterThan(0);
  });

  it('no heartbeat (only comments, which are no events): reconnect after the watchdog, health says so', async () => {
    const x = await following(
      (x) =>
        x.api.queue.stream.push((_q, res) => {
          sse(res);
          const t = setInterval(() => res.write(': keep-alive but no event\n\n'), 20);
          res.on('close', () => clearInterval(t));
        }),
      { heartbeatTimeoutMs: 300 },
    );
    await waitFor(() => x.errors().some((e) => /^поток: ни события, ни heartbeat \d+ с/.test(e)));
    await goesOn(x, 'im-after-silence');
  });

  it('a stream answered as application/json is no stream: the client polls, health says so', async () => {
    const x = await following((x) => {
      for (let i = 0; i < 50; i++)
        x.api.queue.stream.push((_q, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"items":[]}');
        });
    });
    await waitFor(() => x.errors().some((e) => /^поток событий отдаёт «application\/json» вместо text\/event-stream: это не поток, опрашиваю ленту изменений$/.test(e)));
    await waitFor(() => x.client.health().mode === 'poll');
    await goesOn(x, 'im-after-json');
    expect(x.api.hits.stream).toBe(1); // polled, not hammered
  });

  it('poisonous change events (deep nesting, 8 million characters) are quarantined, the stream goes on', async () => {
    const x = await following(() => undefined);
    await waitFor(() => x.client.health().mode === 'stream');
    const rnd = seededRandom(13);
    const deep = JSON.stringify(message('im-s-deep', 1, rnd, 'new')).replace(/\}$/, `,"extra":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`);
    // 8 000 000 characters: past the event limit, so the stream drops it; the changes feed then
    // brings it, the cache quarantines it by its text limit, and the cursor passes it.
    const long = JSON.stringify({ ...message('im-s-long', 1, rnd, 'new'), text: 'Ленина 5, кв. 7 '.repeat(500_000) });
    const mem = meterMemory();
    x.api.append([{ id: 'im-s-deep', rev: 1, deleted: true }], [deep]);
    await goesOn(x, 'im-s-after');
    expect(x.cache.getMessage('im-s-deep')).toBeNull();
    expect(x.cache.listQuarantine(5).some((e) => e.itemId === 'im-s-deep' && /вложенность JSON/.test(e.reason))).toBe(true);
    expect(x.client.health().mode).toBe('stream');
    x.api.append([{ id: 'im-s-long', rev: 1, deleted: true }], [long]);
    await goesOn(x, 'im-s-after-long');
    within(mem.stop());
    expect(x.cache.listQuarantine(5).some((e) => e.itemId === 'im-s-long' && /^текст обращения длиннее/.test(e.reason))).toBe(true);
    await waitFor(() => x.client.health().mode === 'stream'); // back on the stream
  });
});
