/**
 * Whom `serve` answers (docs/threat-model.md): only its own names in Host and the page's own
 * origin in Origin (DNS rebinding, another local port, `null`, localhost for 127.0.0.1), and the
 * console role only with the console key — never for being on loopback, never from another
 * address without it. Over real sockets against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { WebSocket } from 'ws';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { checkHostOrigin, ownHostNames, startServer, type RunningServer } from '../../../../../electron/hub/serve/server.js';
import { makeFixture, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture;
let hub: Hub;
let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  fx = makeFixture(5);
  hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
  server = await startServer({ hub, port: 0, rendererDir: fx.dir, log: (l) => logs.push(l), maxClients: 4 });
});
afterAll(async () => {
  await server.close();
  await hub.close();
  fx.cleanup();
});

/** Opens a WebSocket; resolves with the role the hub gives it, or rejects with the HTTP status. */
function roleOf(path: string, headers: Record<string, string> = {}, host = '127.0.0.1', port = server.port): Promise<string> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://${host}:${port}${path}`, { headers });
    ws.once('unexpected-response', (_req, res) => {
      fail(new Error(`HTTP ${res.statusCode}`));
      res.resume();
    });
    ws.once('error', fail);
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'hello', params: {} })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; result?: { role: string } };
      if (m.id === 1) {
        ws.close();
        ok(m.result!.role);
      }
    });
  });
}

function httpStatus(hostHeader: string, path = '/'): Promise<number> {
  return new Promise((ok, fail) => {
    const r = request({ host: '127.0.0.1', port: server.port, path, headers: { host: hostHeader } }, (res) => {
      res.resume();
      ok(res.statusCode!);
    });
    r.on('error', fail);
    r.end();
  });
}

const key = () => `/ws?role=console&token=${encodeURIComponent(server.consoleKey)}`;

describe('serve answers only its own names (DNS rebinding)', () => {
  it('a WebSocket with a foreign Host is refused (421), even with the console key', async () => {
    await expect(roleOf('/ws', { Host: `evil.example:${server.port}` })).rejects.toThrow(/421/);
    await expect(roleOf(key(), { Host: `evil.example:${server.port}`, Origin: `http://evil.example:${server.port}` })).rejects.toThrow(/421/);
    await expect(roleOf('/ws', { Host: `127.0.0.1:${server.port + 1}` })).rejects.toThrow(/421/);
  });

  it('HTTP with a foreign Host gets 421 and no page; own names get the page', async () => {
    expect(await httpStatus(`rebind.attacker.test:${server.port}`)).toBe(421);
    expect(await httpStatus(`rebind.attacker.test:${server.port}`, '/healthz')).toBe(421);
    expect(await httpStatus(`127.0.0.1:${server.port}`, '/healthz')).toBe(200);
    expect(await httpStatus(`localhost:${server.port}`, '/healthz')).toBe(200);
    expect(await httpStatus(`LOCALHOST:${server.port}`, '/healthz')).toBe(200);
    expect(await httpStatus('localhost', '/healthz')).toBe(421); // no port: not this server's name
  });

  it('Origin must be the page own origin: another port, null, localhost for 127.0.0.1 are refused (403)', async () => {
    const p = server.port;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${p}`,
      `http://127.0.0.1:${p + 1}`,
      'http://127.0.0.1',
      `https://127.0.0.1:${p}`,
      'null',
      `http://localhost:${p}`, // Host is 127.0.0.1:p: another origin
      `http://127.0.0.1:${p}.evil.example`,
    ])
      await expect(roleOf('/ws', { Origin: origin }), origin).rejects.toThrow(/403/);
    await expect(roleOf('/ws', { Origin: `http://127.0.0.1:${p}`, Host: `localhost:${p}` })).rejects.toThrow(/403/);
    expect(await roleOf('/ws', { Origin: `http://127.0.0.1:${p}` })).toBe('wall');
    expect(await roleOf('/ws', { Origin: `http://localhost:${p}`, Host: `localhost:${p}` })).toBe('wall');
    expect(await roleOf('/ws')).toBe('wall'); // no Origin: not a browser page
  });

  it('refusals are logged in Russian, a few per ten seconds at most (a page knocking in a loop)', () => {
    expect(logs[0]).toMatch(/^serve: отказ — чужое имя сервера \(Host: «evil\.example:\d+»\)/);
    expect(logs.length).toBe(5); // more than 5 refusals so far, 5 written
  });
});

describe('the console role needs the console key', () => {
  it('without the key a loopback client is a wall, never a console; a wrong key is refused', async () => {
    await expect(roleOf('/ws?role=console')).rejects.toThrow(/403/);
    await expect(roleOf('/ws?role=console&token=')).rejects.toThrow(/403/);
    await expect(roleOf(`/ws?role=console&token=${server.consoleKey.slice(0, -1)}${server.consoleKey.endsWith('x') ? 'y' : 'x'}`)).rejects.toThrow(/403/);
    expect(await roleOf('/ws')).toBe('wall');
    expect(await roleOf(key(), { Origin: `http://127.0.0.1:${server.port}` })).toBe('console');
  });

  it('the key is random per start', async () => {
    const other = await startServer({ hub, port: 0, rendererDir: fx.dir });
    try {
      expect(other.consoleKey).not.toBe(server.consoleKey);
      await expect(roleOf(key(), {}, '127.0.0.1', other.port)).rejects.toThrow(/403/);
    } finally {
      await other.close();
    }
  });

  it('from a non-loopback address: without the key refused, with it a console', async () => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!lan) return void expect(lan).toBeUndefined(); // a machine without a network: nothing to try
    const wide = await startServer({ hub, host: '0.0.0.0', port: 0, rendererDir: fx.dir, consoleToken: 'lan-console-key' });
    try {
      await expect(roleOf('/ws?role=console', {}, lan, wide.port)).rejects.toThrow(/403/);
      expect(await roleOf('/ws', {}, lan, wide.port)).toBe('wall');
      expect(await roleOf('/ws?role=console&token=lan-console-key', {}, lan, wide.port)).toBe('console');
      await expect(roleOf('/ws', { Host: `evil.example:${wide.port}` }, lan, wide.port)).rejects.toThrow(/421/);
    } finally {
      await wide.close();
    }
  });

  it('caps its WebSocket clients (503 past the limit)', async () => {
    const open: WebSocket[] = [];
    for (let i = 0; i < 4; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
      await new Promise((ok) => ws.once('open', ok));
      open.push(ws);
    }
    await expect(roleOf('/ws')).rejects.toThrow(/503/);
    for (const ws of open) ws.close();
  });
});

describe('the gate as a function', () => {
  it('names: bound address and localhost with the port; extras', () => {
    const own = ownHostNames('127.0.0.1', 8787, ['wall.cur.local', 'x.lan:9000']);
    expect([...own].sort()).toEqual(['127.0.0.1:8787', 'localhost:8787', 'wall.cur.local:8787', 'x.lan:9000'].sort());
    expect(ownHostNames('::1', 80).has('[::1]:80')).toBe(true);
    expect(checkHostOrigin(own, '127.0.0.1:8787', undefined)).toBeNull();
    expect(checkHostOrigin(own, '127.0.0.1:8787', 'http://127.0.0.1:8787')).toBeNull();
    expect(checkHostOrigin(own, undefined, undefined)?.[0]).toBe(421);
    expect(checkHostOrigin(own, '127.0.0.1:8788', undefined)?.[0]).toBe(421);
    expect(checkHostOrigin(own, '127.0.0.1:8787', 'http://localhost:8787')?.[0]).toBe(403);
    expect(checkHostOrigin(own, '127.0.0.1:8787', 'null')?.[0]).toBe(403);
  });
});
