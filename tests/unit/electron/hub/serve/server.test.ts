import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { startServer, type RunningServer } from '../../../../../electron/hub/serve/server.js';
import { createWsBridge } from '../../../../../shared/bridge/client.js';
import type { WallState } from '../../../../../shared/bridge/wallState.js';
import { decodeBinaryFrame } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, buildMessages, NOW, H, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture;
let hub: Hub;
let server: RunningServer;
let bare: RunningServer;
const TOKEN = 'secret-token-1';

/** A WebSocket client that records what it receives. */
function connect(path: string, headers?: Record<string, string>) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
  const json: Array<Record<string, unknown>> = [];
  const binary: ArrayBuffer[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      const b = data as Buffer;
      binary.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    } else json.push(JSON.parse(String(data)));
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (pred: () => boolean): Promise<void> => {
    for (let i = 0; i < 500 && !pred(); i++) await new Promise<void>((ok) => waiters.push(ok));
    if (!pred()) throw new Error('не дождались');
  };
  const opened = new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', fail);
  });
  return { ws, json, binary, until, opened };
}

beforeAll(async () => {
  fx = makeFixture(40);
  const dist = join(fx.dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Стена</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
  server = await startServer({ hub, port: 0, rendererDir: dist, consoleToken: TOKEN });
  bare = await startServer({ hub, port: 0, rendererDir: join(fx.dir, 'missing') });
});
afterAll(async () => {
  await server.close();
  await bare.close();
  await hub.close();
  fx.cleanup();
});

describe('serve over loopback', () => {
  it('binds loopback and serves the SPA with a strict CSP', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const r = await fetch(`${server.url}?scene=operational&display=2`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(await r.text()).toContain('<title>Стена</title>');
    const js = await fetch(`${server.url}assets/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${server.url}assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}console`)).status).toBe(200); // SPA route
    const trav = await fetch(`${server.url}..%2f..%2fcache.db`);
    expect(trav.status).toBe(404);
  });

  it('says in Russian when the interface is not built', async () => {
    const r = await fetch(bare.url);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build:renderer');
  });

  it('a wall client gets the wall state on connect, answers to hello, and viewChanged after a batch', async () => {
    const c = connect('/ws');
    await c.opened;
    await c.until(() => c.json.some((m) => m.event === 'wallState'));
    c.ws.send(JSON.stringify({ id: 1, method: 'hello', params: {} }));
    await c.until(() => c.json.some((m) => m.id === 1));
    const hello = c.json.find((m) => m.id === 1) as { ok: boolean; result: { role: string; region: { name: string } } };
    expect(hello.ok).toBe(true);
    expect(hello.result.role).toBe('wall');
    expect(hello.result.region.name).toBe('Камчатский край');

    const fresh = buildMessages(fx.ref, 2, 'im-ws').map((m) => ({ ...m, createdAt: new Date(NOW - 60_000).toISOString(), dueAt: new Date(NOW + H).toISOString() }));
    hub.applyBatch(fresh);
    await c.until(() => c.json.some((m) => m.event === 'viewChanged'));
    const vc = c.json.find((m) => m.event === 'viewChanged') as { data: { dataVersion: number } };
    expect(vc.data.dataVersion).toBe(hub.dataVersion);

    c.ws.send(JSON.stringify({ id: 2, method: 'intent', params: { type: 'playlistNext' } }));
    await c.until(() => c.json.some((m) => m.id === 2));
    expect(c.json.find((m) => m.id === 2)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    c.ws.send(JSON.stringify({ id: 3, method: 'getHeatPoints', params: { window: '7d' } }));
    await c.until(() => c.binary.length > 0);
    const frame = decodeBinaryFrame(c.binary[0]!)!;
    expect(frame.id).toBe(3);
    expect(frame.result.count).toBeGreaterThan(0);
    c.ws.close();
  });

  it('console role needs the token; with it, intents reach every window', async () => {
    await expect(connect('/ws?role=console&token=wrong').opened).rejects.toThrow(/403/);
    const wall = connect('/ws');
    const con = connect(`/ws?role=console&token=${TOKEN}`);
    await Promise.all([wall.opened, con.opened]);
    con.ws.send(JSON.stringify({ id: 1, method: 'intent', params: { type: 'setScene', scene: 'briefing' } }));
    await wall.until(() => wall.json.some((m) => m.event === 'wallState' && (m.data as WallState).scene === 'briefing'));
    await con.until(() => con.json.some((m) => m.id === 1));
    expect(con.json.find((m) => m.id === 1)).toMatchObject({ ok: true, result: { scene: 'briefing' } });
    wall.ws.close();
    con.ws.close();
  });

  it('refuses a WebSocket from a foreign page (Origin)', async () => {
    await expect(connect('/ws', { Origin: 'http://evil.example' }).opened).rejects.toThrow(/403/);
    const ok = connect('/ws', { Origin: `http://127.0.0.1:${server.port}` });
    await ok.opened;
    ok.ws.close();
  });

  it('without a configured token, a loopback client without the printed key is a wall, never a console', async () => {
    const hello = (path: string) =>
      new Promise<Record<string, unknown>>((ok, fail) => {
        const c = new WebSocket(`ws://127.0.0.1:${bare.port}${path}`);
        c.once('error', fail);
        c.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
        c.once('open', () => c.send(JSON.stringify({ id: 5, method: 'hello' })));
        c.on('message', (d) => {
          const m = JSON.parse(String(d));
          if (m.id === 5) {
            c.close();
            ok(m);
          }
        });
      });
    await expect(hello('/ws?role=console')).rejects.toThrow(/403/);
    expect(await hello('/ws')).toMatchObject({ ok: true, result: { role: 'wall' } });
    expect(bare.consoleKey.length).toBeGreaterThanOrEqual(16);
    expect(bare.consoleUrl).toBe(`${bare.url}?role=console&token=${encodeURIComponent(bare.consoleKey)}`);
    expect(await hello(`/ws${new URL(bare.consoleUrl).search}`)).toMatchObject({ ok: true, result: { role: 'console' } });
  });

  it('the client bridge requests, receives binary heat points and events over the same socket', async () => {
    const bridge = createWsBridge({
      url: `ws://127.0.0.1:${server.port}/ws`,
      WebSocket: WebSocket as unknown as NonNullable<Parameters<typeof createWsBridge>[0]['WebSocket']>,
    });
    try {
      const hello = await bridge.request('hello', { client: 'test' });
      expect(hello.region.timezone).toBe('Asia/Kamchatka');
      const view = await bridge.request('getView', { window: '7d' });
      expect(view.kpi.region.incoming).toBeGreaterThan(0);
      const heat = await bridge.request('getHeatPoints', { window: '7d' });
      expect(heat.points).toBeInstanceOf(Float32Array);
      expect(heat.points.length).toBe(heat.count * 3);
      await expect(bridge.request('getMessage', { id: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
      const changed = new Promise<number>((ok) => bridge.subscribe('viewChanged', (d) => ok(d.dataVersion)));
      hub.applyBatch(buildMessages(fx.ref, 1, 'im-br'));
      expect(await changed).toBe(hub.dataVersion);
    } finally {
      bridge.close();
    }
  });
});
