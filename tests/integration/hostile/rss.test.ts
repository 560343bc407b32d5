/**
 * The memory bound measured from outside: the sync client runs in a child process against a
 * well-behaved server and against a hostile one (endless bodies on the changes feed, then an
 * endless SSE line on every stream connection); its peak RSS (getrusage maxRSS) against the
 * hostile one stays within MEMORY_BOUND_MB.rss of the peak against the good one, and it still
 * syncs every message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { endless, hostileApi, MEMORY_BOUND_MB, type HostileApi } from './hostile.js';

let api: HostileApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

function child(url: string, ms: number): Promise<{ maxRssMb: number; messages: number; errors: string[] }> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'child-sync.ts'), url, String(ms)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('close', (code) => (code === 0 ? ok(JSON.parse(out.trim().split('\n').at(-1)!)) : fail(new Error(`child ${code}: ${err}`))));
  });
}

describe('peak RSS of a sync client in its own process', () => {
  it('a hostile server costs less than the bound over a good one, and sync completes', { timeout: 60_000 }, async () => {
    api = await hostileApi(300);
    const good = await child(api.url, 2500);
    await api.close();

    api = await hostileApi(300);
    const h = api;
    for (let i = 0; i < 3; i++)
      h.queue.changes.push((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        endless(res, Buffer.alloc(64 << 10, 0x5b));
      });
    for (let i = 0; i < 3; i++)
      h.queue.stream.push((_q, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: change\ndata: ');
        endless(res, Buffer.alloc(64 << 10, 0x78));
      });
    const bad = await child(h.url, 5000);
    console.log(`peak RSS: good server ${good.maxRssMb.toFixed(0)} MiB, hostile ${bad.maxRssMb.toFixed(0)} MiB`);
    expect(bad.errors.some((e) => /ответ сервера больше 32 МБ/.test(e))).toBe(true);
    expect(bad.errors.some((e) => /строка потока событий длиннее 1 МБ/.test(e))).toBe(true);
    expect(bad.messages).toBe(good.messages);
    expect(bad.maxRssMb - good.maxRssMb).toBeLessThan(MEMORY_BOUND_MB.rss);
  });
});
