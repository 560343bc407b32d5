/**
 * The pull path against a hostile server on loopback: an endless body, a huge Content-Length,
 * an oversized page, garbage, poisonous records. Each: the hub's memory stays under the bound
 * (measured), the cache stays intact, health says what happened in words, and sync goes on to
 * exactly the server's state once the server behaves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { MAX_JSON_DEPTH, MAX_TEXT_CHARS, QUARANTINE_RAW_CHARS } from '../../../electron/hub/cache/limits.js';
import { message } from '../sync/fixture.js';
import { seededRandom } from '../../../electron/hub/central/faults.js';
import { cacheState, endless, expectedState, MEMORY_BOUND_MB, meterMemory, rig, type Rig } from './hostile.js';

let r: Rig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

/** Catches up with the good log first (so that "intact" has something to lose). */
async function seeded(): Promise<Rig> {
  r = await rig();
  await r.client.runUntilCaughtUp();
  expect(cacheState(r.cache)).toEqual(expectedState(r.api.log));
  return r;
}

async function afterHostile(x: Rig, extra: unknown[] = []) {
  x.api.append(extra);
  await x.client.runUntilCaughtUp();
  expect(cacheState(x.cache)).toEqual(expectedState(x.api.log));
  expect(x.client.health().state).toBe('online');
}

function within(mem: { rssMb: number; heapMb: number }) {
  expect(mem.rssMb).toBeLessThan(MEMORY_BOUND_MB.rss);
  expect(mem.heapMb).toBeLessThan(MEMORY_BOUND_MB.heap);
}

describe('hostile bodies on the pull path', () => {
  it('an endless body: read to 32 МБ, dropped, «ответ сервера больше 32 МБ», then sync goes on', async () => {
    const x = await seeded();
    const chunk = Buffer.alloc(64 << 10, 0x5b); // "[[[[…": never ends, never parses
    for (let i = 0; i < 2; i++)
      x.api.queue.changes.push((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        endless(res, chunk);
      });
    const mem = meterMemory();
    await afterHostile(x, [message('im-after-1', 1, seededRandom(5), 'new')]);
    const m = mem.stop();
    within(m);
    expect(x.errors().some((e) => /^ответ сервера больше 32 МБ: чтение прервано/.test(e))).toBe(true);
    expect(x.errors().some((e) => /ошибка сети/.test(e))).toBe(false);
    console.log(`endless body: peak growth rss ${m.rssMb.toFixed(0)} MiB, heap ${m.heapMb.toFixed(0)} MiB`);
  });

  it('a 1 GiB Content-Length is refused before reading', async () => {
    const x = await seeded();
    let sent = 0;
    x.api.queue.changes.push((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 ** 30) });
      res.write('{"items":[');
      sent += 10;
      endless(res, Buffer.alloc(1 << 16, 0x20));
      res.on('close', () => undefined);
    });
    const mem = meterMemory();
    await afterHostile(x);
    within(mem.stop());
    expect(x.errors().some((e) => /^ответ сервера больше 32 МБ \(объявлено 1\s024 МБ\): не читаю/.test(e))).toBe(true);
    expect(sent).toBe(10);
  });

  it('a page of 300 000 items when 50 were asked is refused whole, never applied; sync goes on', async () => {
    const x = await seeded();
    const before = cacheState(x.cache);
    const cursor = x.cache.getCursor();
    x.api.queue.changes.push((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const items = new Array(300_000).fill('{"id":"x","rev":1}').join(',');
      res.end(`{"items":[${items}],"nextCursor":"999999","hasMore":false,"referenceVersion":"test-1"}`);
    });
    const mem = meterMemory();
    await expect(x.client.runUntilCaughtUp()).resolves.toBeUndefined();
    within(mem.stop());
    expect(x.errors().some((e) => /^страница изменений не по контракту: 300\s000 записей при limit=50; не применена/.test(e))).toBe(true);
    expect(cacheState(x.cache)).toEqual(before);
    expect(x.cache.getCursor()).toBe(cursor);
    expect(x.cache.quarantineCount()).toBe(0);
  });

  it('garbage bytes as a page: «не разбирается как JSON», cache intact, sync goes on', async () => {
    const x = await seeded();
    for (let i = 0; i < 3; i++)
      x.api.queue.changes.push((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(randomBytes(200_000));
      });
    await afterHostile(x);
    expect(x.errors().some((e) => /не разбирается как JSON/.test(e))).toBe(true);
  });

  it('an error answer with an endless body: the status counts, the body is cut (no hang, bounded)', async () => {
    const x = await seeded();
    x.api.queue.changes.push((_q, res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '0' });
      endless(res, Buffer.alloc(1 << 16, 0x61));
    });
    const mem = meterMemory();
    await afterHostile(x);
    within(mem.stop());
    expect(x.errors().some((e) => /^сервер ответил 503: a{200}$/.test(e))).toBe(true);
  });
});

describe('poisonous records', () => {
  it('a deeply nested extra field and an 8-million-character text are quarantined with the reason; the rest of the page applied, the cursor moves on', async () => {
    const x = await seeded();
    const rnd = seededRandom(9);
    // Sent as text: a valid message with an extra field nested 100 000 levels deep, and one whose
    // text is 8 000 000 characters long.
    const deep = JSON.stringify(message('im-deep', 1, rnd, 'new')).replace(/\}$/, `,"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const long = JSON.stringify({ ...message('im-long', 1, rnd, 'new'), text: 'Ленина 5, кв. 7 '.repeat(500_000) });
    const good = [message('im-good-1', 1, rnd, 'new'), message('im-good-2', 1, rnd, 'new')];
    const quarantinedBefore = x.cache.quarantineCount();
    const mem = meterMemory();
    x.api.append([good[0], { id: 'im-deep', rev: 1, deleted: true }, { id: 'im-long', rev: 1, deleted: true }, good[1]], [undefined, deep, long, undefined]);
    await afterHostile(x);
    within(mem.stop());
    expect(x.cache.getMessage('im-good-1')).not.toBeNull();
    expect(x.cache.getMessage('im-good-2')).not.toBeNull();
    expect(x.cache.getMessage('im-deep')).toBeNull();
    expect(x.cache.getMessage('im-long')).toBeNull();
    expect(x.cache.getCursor()).toBe(String(x.api.log.length));
    const q = x.cache.listQuarantine(2);
    expect(x.cache.quarantineCount()).toBe(quarantinedBefore + 2);
    expect(q.find((e) => e.itemId === 'im-long')?.reason).toBe(
      `текст обращения длиннее ${MAX_TEXT_CHARS.toLocaleString('ru-RU')} символов (${(8_000_000).toLocaleString('ru-RU')}): запись не принята`,
    );
    expect(q.find((e) => e.itemId === 'im-deep')?.reason).toBe(`вложенность JSON глубже ${MAX_JSON_DEPTH} уровней: запись не принята`);
    for (const e of q) expect(e.raw.length).toBeLessThanOrEqual(QUARANTINE_RAW_CHARS + 40);
  });
});
