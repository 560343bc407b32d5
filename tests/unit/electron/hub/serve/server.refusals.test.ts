/**
 * What a refused client and the operator's log see from `serve` (electron/hub/serve/server.ts):
 * the status line, the Russian reason, the log line naming who knocked; and the gate's names for a
 * wildcard bind and for the extra names of `allowedHosts`. Over real sockets against the real server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { WebSocket } from 'ws';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { checkHostOrigin, ownHostNames, startServer, type RunningServer } from '../../../../../electron/hub/serve/server.js';
import { makeFixture, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture;
let hub: Hub;
let server: RunningServer;
let logs: string[] = [];
const LONG = `a${'b'.repeat(118)}.lan`; // 123 characters: longer than any Host the gate reads

beforeAll(async () => {
  fx = makeFixture(5);
  hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
});
afterAll(async () => {
  await server?.close();
  await hub.close();
  fx.cleanup();
});
// A fresh server per test: the refusal log writes only a few lines per ten seconds.
beforeEach(async () => {
  await server?.close();
  logs = [];
  server = await startServer({ hub, port: 0, rendererDir: fx.dir, log: (l) => logs.push(l), maxClients: 2, allowedHosts: [LONG] });
});

interface Answer {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request (a WebSocket upgrade when `upgrade`), answered with its status line, headers and body. */
function ask(path: string, headers: Record<string, string>, upgrade = false): Promise<Answer> {
  const ws = upgrade ? { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } : {};
  return new Promise((ok, fail) => {
    const r = request({ host: '127.0.0.1', port: server.port, path, headers: { ...ws, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode!, statusText: res.statusMessage ?? '', headers: res.headers, body }));
    });
    r.on('upgrade', () => fail(new Error('upgraded')));
    r.on('error', fail);
    r.end();
  });
}
const own = () => ({ Host: `127.0.0.1:${server.port}` });

describe('a refused client is told why, with the right status line', () => {
  it('HTTP with a foreign Host: 421, plain Russian text, the connection closed; logged with the address, method and path (cut to 100)', async () => {
    const path = `/${'p'.repeat(150)}`;
    const a = await ask(path, { Host: 'evil.example' });
    expect([a.status, a.body]).toEqual([421, 'чужое имя сервера (Host: «evil.example») не обслуживается\n']);
    expect(a.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(a.headers.connection).toBe('close');
    expect(logs).toEqual([`serve: отказ — чужое имя сервера (Host: «evil.example») не обслуживается, 127.0.0.1 GET ${path.slice(0, 100)}`]);
  });

  it('a WebSocket: 404 off /ws, 421 for a foreign Host, 403 for a foreign Origin — each with its status text and reason, logged with the address', async () => {
    const notWs = await ask('/other', own(), true);
    expect([notWs.status, notWs.statusText, notWs.body]).toEqual([404, 'Not Found', 'не найдено\n']);
    const host = await ask('/ws', { Host: 'evil.example' }, true);
    expect([host.status, host.statusText, host.body]).toEqual([421, 'Misdirected Request', 'чужое имя сервера (Host: «evil.example») не обслуживается\n']);
    const origin = `http://evil.example/${'o'.repeat(150)}`;
    const foreign = await ask('/ws', { ...own(), Origin: origin }, true);
    expect([foreign.status, foreign.statusText, foreign.body]).toEqual([403, 'Forbidden', `чужой источник (Origin: «${origin.slice(0, 100)}») не допускается\n`]);
    expect(logs).toEqual([
      'serve: отказ — чужое имя сервера (Host: «evil.example») не обслуживается, 127.0.0.1 /ws',
      `serve: отказ — чужой источник (Origin: «${origin.slice(0, 100)}») не допускается, 127.0.0.1 /ws`,
    ]);
  });

  it('the console without a key is told where the key is; with a wrong one, that it is wrong; both logged', async () => {
    for (const path of ['/ws?role=console', '/ws?role=console&token=']) {
      const a = await ask(path, own(), true);
      expect([a.status, a.body], path).toEqual([403, 'пульт: нужен ключ пульта (адрес пульта печатает serve при запуске)\n']);
    }
    const wrong = await ask('/ws?role=console&token=guess', own(), true);
    expect([wrong.status, wrong.body]).toEqual([403, 'пульт: неверный ключ\n']);
    expect(logs).toEqual([
      'serve: отказ — пульт: нужен ключ пульта (адрес пульта печатает serve при запуске), 127.0.0.1',
      'serve: отказ — пульт: нужен ключ пульта (адрес пульта печатает serve при запуске), 127.0.0.1',
      'serve: отказ — пульт: неверный ключ, 127.0.0.1',
    ]);
  });

  it('past the client limit: 503 «слишком много окон», logged with the count', async () => {
    const open: WebSocket[] = [];
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
      await new Promise((ok) => ws.once('open', ok));
      open.push(ws);
    }
    const a = await ask('/ws', own(), true);
    expect([a.status, a.statusText, a.body]).toEqual([503, 'Service Unavailable', 'слишком много окон: не больше 2\n']);
    expect(logs).toEqual(['serve: отказ — клиентов уже 2 (предел 2)']);
    for (const ws of open) ws.close();
  });

  it('a Host longer than the gate reads is refused even when configured, and named cut to 100 characters', async () => {
    const a = await ask('/healthz', { Host: `${LONG}:${server.port}` });
    expect([a.status, a.body]).toEqual([421, `чужое имя сервера (Host: «${`${LONG}:${server.port}`.slice(0, 100)}») не обслуживается\n`]);
  });
});

describe('the gate\'s names', () => {
  it('a request without Host is refused with an empty name', () => {
    expect(checkHostOrigin(ownHostNames('127.0.0.1', 80), undefined, undefined)).toEqual([421, 'чужое имя сервера (Host: «») не обслуживается']);
  });

  it('a wildcard bind answers to loopback, every interface address and the host name', () => {
    for (const wildcard of ['0.0.0.0', '::', '[::]', '']) {
      const names = ownHostNames(wildcard, 8787);
      expect(names.has('127.0.0.1:8787'), wildcard).toBe(true);
      expect(names.has('[::1]:8787'), wildcard).toBe(true);
      expect(names.has(`${hostname().toLowerCase()}:8787`), wildcard).toBe(true);
      for (const a of Object.values(networkInterfaces()).flat())
        if (a && a.family === 'IPv4') expect(names.has(`${a.address}:8787`), `${wildcard} ${a.address}`).toBe(true);
    }
    expect([...ownHostNames('127.0.0.1', 8787)].sort()).toEqual(['127.0.0.1:8787', 'localhost:8787']);
  });

  it('extra names: trimmed, blanks skipped, IPv6 bracketed once, an own port kept, anything malformed never taken as written', () => {
    const names = (extra: string[]) => [...ownHostNames('127.0.0.1', 8787, extra)].filter((n) => n !== '127.0.0.1:8787' && n !== 'localhost:8787');
    expect(names([' Wall.Lan ', '', '  '])).toEqual(['wall.lan:8787']);
    expect(names(['[fd00::1]', '[fd00::1]:9000', 'fd00:1::2', 'fd00::5:1234'])).toEqual(['[fd00::1]:8787', '[fd00::1]:9000', '[fd00:1::2]:8787', '[fd00::5:1234]:8787']);
    const odd = names(['a[::1]:9000', '[::1]:9000/', 'host:80/x']);
    for (const x of ['a[::1]:9000', '[::1]:9000/', 'host:80/x']) expect(odd).not.toContain(x);
  });
});

describe('a client that resets its connection in the middle of a refused upgrade', () => {
  it('is dropped quietly: the hub keeps serving, and the next client is answered', async () => {
    const { connect } = await import('node:net');
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      for (let k = 0; k < 5; k++) {
        await new Promise<void>((done) => {
          const s = connect(server.port, '127.0.0.1', () => {
            // a refused upgrade (off /ws), and a reset as soon as its answer starts to arrive
            s.write(`GET /other HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
          });
          s.once('data', () => s.resetAndDestroy());
          s.on('error', () => undefined);
          s.on('close', () => done());
        });
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(errors).toEqual([]);
      const next = await ask('/other', own(), true);
      expect(next.status).toBe(404);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
