/**
 * Browser mode: an HTTP server for the built renderer (dist/renderer) and a WebSocket endpoint
 * (/ws) speaking the bridge protocol (shared/bridge/protocol.ts) to a hub.
 *
 * Whom it serves (docs/threat-model.md):
 * - only its own names: every request's `Host` must be the bound address or `localhost` with the
 *   bound port (for a wildcard bind: this machine's interface addresses and host name, with the
 *   port); any other name is refused (421) — a page on a foreign name that resolves to this
 *   machine (DNS rebinding) gets nothing;
 * - every WebSocket upgrade with an `Origin` must come from the page's own origin
 *   (`http://` + that same, allowed `Host`); `null`, another port, `localhost` for `127.0.0.1`
 *   and any other name are refused (403). No `Origin` at all is a non-browser client;
 * - the console role needs the console key: `/ws?role=console&token=KEY`, with the key given by
 *   --console-token or, without one, a random key made at start and printed with the console URL.
 *   Being on loopback is never enough. A console request that fails is refused (403), never
 *   silently downgraded; every other client is a wall (read-only, masked texts);
 * - bounded: at most `maxClients` WebSocket clients and `maxConnections` HTTP connections.
 * Every refusal is logged through `log` (one Russian line, at most a few per ten seconds).
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server as HttpServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Hub } from '../service/hub.js';
import { EVENT_NAMES, encodeHeatFrame, type HeatPointsResult, type Role } from '../../../shared/bridge/protocol.js';
import { DisposableStore } from '../../../shared/lifecycle.js';

export interface ServeOptions {
  hub: Hub;
  /** Default 127.0.0.1 (loopback). */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** The console key; default: a random one made at start (see RunningServer.consoleKey). */
  consoleToken?: string;
  /** Extra names (host or host:port) this server answers to besides its own (a DNS name on a LAN). */
  allowedHosts?: readonly string[];
  /** WebSocket clients at most (default 64); more are refused with 503. */
  maxClients?: number;
  /** HTTP connections at most (default 256). */
  maxConnections?: number;
  /** One Russian line per refusal (default: nothing). */
  log?: (line: string) => void;
  /** The built renderer; default $SITUATION_WALL_RENDERER or <repo>/dist/renderer. */
  rendererDir?: string;
  /** Largest accepted request frame, bytes (default 1 MiB). */
  maxPayload?: number;
}

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** http://host:port/ */
  readonly url: string;
  /** The console key (the one given, or the one made at start). */
  readonly consoleKey: string;
  /** The console's URL: url + `?role=console&token=KEY`. */
  readonly consoleUrl: string;
  /** Clients connected now. */
  clientCount(): number;
  close(): Promise<void>;
}

export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.pbf': 'application/x-protobuf',
};

/** <repo>/dist/renderer: the first folder up from this module that holds package.json. */
export function defaultRendererDir(): string {
  const env = process.env.SITUATION_WALL_RENDERER;
  if (env) return resolve(env);
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(d, 'package.json'))) return join(d, 'dist', 'renderer');
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return resolve('dist', 'renderer');
}

export function contentSecurityPolicy(hostPort: string): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ws://${hostPort}`,
    "img-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Ситуационная стена</title>
<style>body{background:#111;color:#eee;font:24px/1.5 sans-serif;margin:10vh 10vw}code{color:#fd6}</style></head>
<body><h1>Интерфейс не собран</h1>
<p>Интерфейс не собран: <code>npm run build:renderer</code>, затем перезапустите <code>situation-wall serve</code>.</p>
<p>Хаб работает: данные доступны по WebSocket <code>/ws</code>.</p></body></html>
`;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  403: 'Forbidden',
  404: 'Not Found',
  421: 'Misdirected Request',
  503: 'Service Unavailable',
};

const HOST_RE = /^[A-Za-z0-9.\-:[\]]{1,100}$/;

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** host:port spellings this server answers to (lower case). */
export function ownHostNames(host: string, port: number, extra: readonly string[] = []): Set<string> {
  const out = new Set<string>();
  const add = (h: string) => {
    const name = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
    out.add(`${name.toLowerCase()}:${port}`);
  };
  add('localhost');
  if (WILDCARDS.has(host)) {
    add('127.0.0.1');
    add('::1');
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address.split('%')[0]!);
    add(hostname());
  } else add(host);
  for (const e of extra) {
    const x = e.trim().toLowerCase();
    if (x === '') continue;
    if (/^[^:[\]]+:\d+$/.test(x) || /^\[[^\]]+\]:\d+$/.test(x)) out.add(x);
    else add(x);
  }
  return out;
}

/**
 * The gate's decision on a request's Host and (for a WebSocket) Origin: null when allowed, or
 * [status, Russian reason].
 */
export function checkHostOrigin(
  own: ReadonlySet<string>,
  hostHeader: string | undefined,
  origin: string | undefined,
): [number, string] | null {
  const h = (hostHeader ?? '').toLowerCase();
  if (!h || !HOST_RE.test(h) || !own.has(h)) return [421, `чужое имя сервера (Host: «${(hostHeader ?? '').slice(0, 100)}») не обслуживается`];
  if (origin === undefined) return null;
  if (origin.toLowerCase() !== `http://${h}`) return [403, `чужой источник (Origin: «${origin.slice(0, 100)}») не допускается`];
  return null;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const hub = opts.hub;
  const host = opts.host ?? '127.0.0.1';
  const root = resolve(opts.rendererDir ?? defaultRendererDir());
  const clients = new Map<WebSocket, Role>();
  let boundHostPort = '';
  let own: ReadonlySet<string> = new Set();
  const consoleKey = opts.consoleToken ?? randomBytes(18).toString('base64url');
  const maxClients = opts.maxClients ?? 64;
  // Refusals logged: a few per ten seconds at most (a hostile page may knock in a loop).
  let logWindow = 0;
  let logCount = 0;
  let logDropped = 0;
  const logRefusal = (line: string) => {
    if (!opts.log) return;
    const now = Date.now();
    if (now - logWindow > 10_000) {
      if (logDropped > 0) opts.log(`serve: ещё отказов без записи в журнал: ${logDropped}`);
      logWindow = now;
      logCount = 0;
      logDropped = 0;
    }
    if (++logCount > 5) return void logDropped++;
    opts.log(`serve: отказ — ${line}`);
  };

  const hostPortOf = (req: IncomingMessage): string => {
    const h = req.headers.host;
    return h && HOST_RE.test(h) ? h : boundHostPort;
  };

  const securityHeaders = (req: IncomingMessage): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy(hostPortOf(req)),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });

  const sendFile = (req: IncomingMessage, res: ServerResponse, file: string, status = 200) => {
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const size = statSync(file).size;
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(status, {
      ...securityHeaders(req),
      'Content-Type': type,
      'Content-Length': String(size),
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    try {
      const gate = checkHostOrigin(own, req.headers.host, undefined);
      if (gate) {
        logRefusal(`${gate[1]}, ${req.socket.remoteAddress ?? '?'} ${req.method} ${(req.url ?? '').slice(0, 100)}`);
        res.writeHead(gate[0], { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
        return void res.end(gate[1] + '\n');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...securityHeaders(req), Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('метод не поддерживается\n');
      }
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/ws') {
        res.writeHead(426, { ...securityHeaders(req), 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('нужно WebSocket-соединение\n');
      }
      if (url.pathname === '/healthz') {
        res.writeHead(200, { ...securityHeaders(req), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        return void res.end(JSON.stringify({ ok: true, region: hub.region, dataVersion: hub.dataVersion, clients: clients.size }));
      }
      const index = join(root, 'index.html');
      let rel: string;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400, { ...securityHeaders(req), 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('неверный адрес\n');
      }
      const file = normalize(join(root, rel));
      const inside = file === root || file.startsWith(root + sep);
      if (!inside || rel.includes('\0')) {
        res.writeHead(404, { ...securityHeaders(req), 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('не найдено\n');
      }
      if (rel !== '/' && existsSync(file) && statSync(file).isFile()) return sendFile(req, res, file);
      // A path with an extension that does not exist is a 404; anything else is the SPA (/?scene=…).
      if (extname(rel) !== '' && extname(rel) !== '.html') {
        res.writeHead(404, { ...securityHeaders(req), 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('не найдено\n');
      }
      if (existsSync(index)) return sendFile(req, res, index);
      const body = Buffer.from(NOT_BUILT_PAGE, 'utf8');
      res.writeHead(503, {
        ...securityHeaders(req),
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(body.length),
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('внутренняя ошибка\n');
    }
  };

  const server: HttpServer = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, onRequest);
  server.maxConnections = opts.maxConnections ?? 256;
  server.maxHeadersCount = 64;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 1 << 20 });

  const refuse = (socket: Duplex, status: number, text: string) => {
    const body = Buffer.from(text + '\n', 'utf8');
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n` +
        body.toString('utf8'),
    );
  };

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'не найдено');
    const gate = checkHostOrigin(own, req.headers.host, req.headers.origin);
    if (gate) {
      logRefusal(`${gate[1]}, ${req.socket.remoteAddress ?? '?'} /ws`);
      return refuse(socket, gate[0], gate[1]);
    }
    if (clients.size >= maxClients) {
      logRefusal(`клиентов уже ${clients.size} (предел ${maxClients})`);
      return refuse(socket, 503, `слишком много окон: не больше ${maxClients}`);
    }
    let role: Role = 'wall';
    if (url.searchParams.get('role') === 'console') {
      const token = url.searchParams.get('token') ?? '';
      if (!safeEqual(token, consoleKey)) {
        const why = token === '' ? 'пульт: нужен ключ пульта (адрес пульта печатает serve при запуске)' : 'пульт: неверный ключ';
        logRefusal(`${why}, ${req.socket.remoteAddress ?? '?'}`);
        return refuse(socket, 403, why);
      }
      role = 'console';
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, role));
  });

  const sendJson = (ws: WebSocket, msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  const onConnection = (ws: WebSocket, role: Role) => {
    clients.set(ws, role);
    (ws as WebSocket & { isAlive?: boolean }).isAlive = true;
    ws.on('pong', () => ((ws as WebSocket & { isAlive?: boolean }).isAlive = true));
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return sendJson(ws, { id: 0, ok: false, error: { code: 'bad_request', message: 'ожидался текстовый JSON-запрос' } });
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return sendJson(ws, { id: 0, ok: false, error: { code: 'bad_request', message: 'запрос не является JSON' } });
      }
      void hub.handle(role, msg).then((res) => {
        if (ws.readyState !== ws.OPEN) return;
        const r = res.ok ? (res.result as Partial<HeatPointsResult> | null) : null;
        if (r && r.points instanceof Float32Array) ws.send(encodeHeatFrame(res.id, r as HeatPointsResult), { binary: true });
        else sendJson(ws, res);
      });
    });
    // The authoritative state and the health right away: a window draws without asking.
    sendJson(ws, { event: 'wallState', data: hub.getWallState() });
    sendJson(ws, { event: 'health', data: hub.freshness() });
  };

  // The server's hold on the hub: its listeners, released at close.
  const hubSubscriptions = new DisposableStore();
  for (const event of EVENT_NAMES)
    hubSubscriptions.add(
      hub.on(event, (data) => {
        const text = JSON.stringify({ event, data });
        for (const ws of clients.keys()) {
          // A client that cannot keep up misses hints, never the state.
          if (event === 'viewChanged' && ws.bufferedAmount > 8 << 20) continue;
          if (ws.readyState === ws.OPEN) ws.send(text);
        }
      }),
    );

  const ping = setInterval(() => {
    for (const ws of clients.keys()) {
      const w = ws as WebSocket & { isAlive?: boolean };
      if (w.isAlive === false) {
        ws.terminate();
        clients.delete(ws);
        continue;
      }
      w.isAlive = false;
      ws.ping();
    }
  }, 30_000);
  ping.unref();

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  boundHostPort = `${urlHost}:${port}`;
  own = ownHostNames(host, port, opts.allowedHosts);

  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    url: `http://${boundHostPort}/`,
    consoleKey,
    consoleUrl: `http://${boundHostPort}/?role=console&token=${encodeURIComponent(consoleKey)}`,
    clientCount: () => clients.size,
    close() {
      if (closing) return closing;
      closing = (async () => {
        clearInterval(ping);
        hubSubscriptions.dispose();
        for (const ws of clients.keys()) ws.close(1001, 'хаб остановлен');
        await new Promise<void>((ok) => {
          const t = setTimeout(() => {
            for (const ws of clients.keys()) ws.terminate();
            ok();
          }, 1000);
          t.unref();
          if (clients.size === 0) {
            clearTimeout(t);
            ok();
          } else
            wss.on('close', () => {
              clearTimeout(t);
              ok();
            });
          wss.close();
        });
        server.closeAllConnections();
        await new Promise<void>((ok) => server.close(() => ok()));
      })();
      return closing;
    },
  };
}
