/**
 * Over real HTTP on loopback (docs/spec/central-api.md): Retry-After is honoured by the sync
 * client (seconds and an HTTP date), and for operator actions 409 and 422 mark the action failed
 * with the server's reason and are never retried, while 503 is retried until accepted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { createSyncClient } from '../../../electron/hub/sync/client.js';
import { createOutboxDeliverer, enqueueAction, listOutbox } from '../../../electron/hub/outbox/outbox.js';
import { META, REFERENCE } from '../sync/fixture.js';
import { tempDir } from '../sync/helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function cache() {
  const t = tempDir('sw-http-');
  const c = openCache(join(t.dir, 'c.db'));
  cleanups.push(t.cleanup, () => c.close());
  return c;
}

const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('Retry-After over real HTTP', () => {
  for (const [label, header] of [
    ['seconds', () => '1'],
    ['an HTTP date', () => new Date(Date.now() + 2500).toUTCString()],
  ] as const)
    it(`a 503 with Retry-After (${label}) holds the next request back that long, though the backoff alone is 1 ms`, async () => {
      const times: number[] = [];
      const url = await serve((req, res) => {
        if (req.url === '/v1/meta') {
          times.push(performance.now());
          if (times.length === 1) return send(res, 503, { error: 'обслуживание' }, { 'retry-after': header() });
          return send(res, 200, META);
        }
        if (req.url === '/v1/reference') return send(res, 200, REFERENCE);
        return send(res, 200, { items: [], nextCursor: 'c1', hasMore: false, referenceVersion: REFERENCE.referenceVersion });
      });
      const client = createSyncClient({ cache: cache(), api: url, token: 'wall', backoff: { baseMs: 1, capMs: 1 } });
      await client.runUntilCaughtUp();
      expect(times.length).toBe(2);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
      expect(times[1]! - times[0]!).toBeLessThan(5000);
    });
});

describe('operator actions: 409 and 422 fail at once and are never retried', () => {
  it('409 → failed with the reason, 422 → failed, 503 → retried until 201; no second POST of a failed one', async () => {
    const posts: string[] = [];
    const answers = new Map<string, number[]>();
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d));
      req.on('end', () => {
        const a = JSON.parse(body) as { id: string; type: string };
        expect(req.headers['idempotency-key']).toBe(a.id);
        posts.push(a.type);
        const plan = answers.get(a.type)!;
        const status = plan.length > 1 ? plan.shift()! : plan[0]!;
        if (status === 409) return send(res, 409, { error: 'обращение уже закрыто' });
        if (status === 422) return send(res, 422, { error: 'нет такого уровня у этого обращения' });
        if (status === 503) return send(res, 503, { error: 'занято' }, { 'retry-after': '0' });
        return send(res, 201, { accepted: true, rev: 18 });
      });
    });
    answers.set('resolve', [409]);
    answers.set('escalate', [422]);
    answers.set('acknowledge', [503, 503, 201]);
    const c = cache();
    const resolve = enqueueAction(c, { messageId: 'im-1', type: 'resolve', operator: 'duty-1' });
    const escalate = enqueueAction(c, { messageId: 'im-1', type: 'escalate', payload: { level: 2 }, operator: 'duty-1' });
    const ack = enqueueAction(c, { messageId: 'im-2', type: 'acknowledge', operator: 'duty-1' });
    const d = createOutboxDeliverer({ cache: c, api: url, token: 'console', backoff: { baseMs: 1, capMs: 2 } });
    expect(await d.deliverPending()).toEqual({ done: 1, failed: 2 });
    const byId = new Map(listOutbox(c).map((e) => [e.action.id, e]));
    expect(byId.get(resolve.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: '409: обращение уже закрыто' });
    expect(byId.get(escalate.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: '422: нет такого уровня у этого обращения' });
    expect(byId.get(ack.id)).toMatchObject({ state: 'done', attempts: 3, serverRev: 18 });
    expect(posts).toEqual(['resolve', 'escalate', 'acknowledge', 'acknowledge', 'acknowledge']);
    // The deliverer keeps running: the failed ones are never sent again.
    const stop = new AbortController();
    const running = d.run(stop.signal, 10);
    await new Promise((r) => setTimeout(r, 200));
    stop.abort();
    await running.catch(() => undefined);
    expect(posts).toHaveLength(5);
  });
});
