/**
 * The renderer side of the bridge: one interface, two transports.
 *  - `createWsBridge` (here): a WebSocket to the hub in browser mode, browser APIs only.
 *  - the Electron IPC transport (electron/preload + renderer) implements the same `Bridge` on top of
 *    `window.situationWall`.
 * Pure and isomorphic: no Node, no DOM types beyond WebSocket/timers (injected for tests).
 */
import type { Method, Params, Result, EventName, EventData, BridgeErrorInfo, ErrorCode, HubMessage } from './protocol.js';
import { decodeBinaryFrame, isEvent, isResponse } from './protocol.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Bridge {
  /** Send a request; resolves with the result, rejects with a BridgeError. */
  request<M extends Method>(method: M, params?: Params<M>): Promise<Result<M>>;
  /** Listen to a pushed event; returns the unsubscribe function. */
  subscribe<E extends EventName>(event: E, cb: (data: EventData<E>) => void): () => void;
  /** Connection state changes (the IPC transport is always 'open'). */
  onConnection?(cb: (state: ConnectionState) => void): () => void;
  close(): void;
}

export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode | 'disconnected' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
  static from(e: BridgeErrorInfo): BridgeError {
    return new BridgeError(e.code, e.message);
  }
}

/** The minimal WebSocket surface used (the browser's WebSocket, or `ws` in tests). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsBridgeOptions {
  /** ws://host:port/ws[?role=console&token=…]. */
  url: string;
  /** Constructor of the socket (defaults to globalThis.WebSocket). */
  WebSocket?: new (url: string) => WebSocketLike;
  /** Backoff of reconnection: min and max delay in ms (default 500 … 10 000), with jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Requests time out after this many ms (default 30 000). */
  requestTimeoutMs?: number;
  /** Called after every (re)connection, before queued requests are sent; default: re-fetch the wall state. */
  onReconnect?: (bridge: Bridge) => void;
  /** Label sent in hello. */
  client?: string;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

/**
 * A bridge over a WebSocket. Reconnects with exponential backoff and jitter; requests made while
 * disconnected wait for the connection (until their timeout); requests in flight when the
 * connection drops are rejected with code 'disconnected'. On every reconnection it says hello and
 * fetches the wall state again, delivering it to `wallState` subscribers (subscriptions are local:
 * the hub pushes every event to every client, so nothing has to be re-sent).
 */
export function createWsBridge(opts: WsBridgeOptions): Bridge {
  const Ctor = opts.WebSocket ?? (globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike }).WebSocket;
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const listeners = new Map<EventName, Set<(d: never) => void>>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let nextId = 1;
  let ws: WebSocketLike | null = null;
  let closed = false;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let everOpened = false;

  const setConn = (s: ConnectionState) => connListeners.forEach((cb) => cb(s));

  function emit(event: EventName, data: unknown) {
    const set = listeners.get(event);
    if (set) for (const cb of [...set]) (cb as (d: unknown) => void)(data);
  }

  function settle(id: number, fn: (p: Pending) => void) {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    fn(p);
  }

  function onMessage(data: unknown) {
    if (typeof data !== 'string') {
      const buf = data instanceof ArrayBuffer ? data : ArrayBuffer.isView(data) ? toArrayBuffer(data) : null;
      if (!buf) return;
      const frame = decodeBinaryFrame(buf);
      if (frame) settle(frame.id, (p) => p.resolve(frame.result));
      return;
    }
    let msg: HubMessage;
    try {
      msg = JSON.parse(data) as HubMessage;
    } catch {
      return;
    }
    if (isResponse(msg)) {
      settle(msg.id, (p) => (msg.ok ? p.resolve(msg.result) : p.reject(BridgeError.from(msg.error))));
    } else if (isEvent(msg)) {
      emit(msg.event, msg.data);
    }
  }

  function connect() {
    if (closed) return;
    setConn('connecting');
    let sock: WebSocketLike;
    try {
      sock = new Ctor(opts.url);
    } catch {
      scheduleReconnect();
      return;
    }
    ws = sock;
    sock.binaryType = 'arraybuffer';
    sock.onopen = () => {
      attempt = 0;
      setConn('open');
      const q = queue;
      queue = [];
      for (const s of q) sock.send(s);
      if (everOpened) {
        if (opts.onReconnect) opts.onReconnect(bridge);
        else
          bridge
            .request('getWallState')
            .then((st) => emit('wallState', st))
            .catch(() => undefined);
      }
      everOpened = true;
    };
    sock.onmessage = (ev) => onMessage(ev.data);
    sock.onerror = () => undefined;
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      for (const id of [...pending.keys()])
        settle(id, (p) => p.reject(new BridgeError('disconnected', 'связь с хабом потеряна')));
      setConn('closed');
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (closed || reconnectTimer) return;
    const base = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt, 16));
    const delay = base / 2 + Math.random() * (base / 2);
    attempt++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  const bridge: Bridge = {
    request<M extends Method>(method: M, params?: Params<M>): Promise<Result<M>> {
      if (closed) return Promise.reject(new BridgeError('disconnected', 'мост закрыт'));
      const id = nextId;
      nextId = nextId >= 0xffff_fff0 ? 1 : nextId + 1;
      const text = JSON.stringify({ id, method, params: params ?? {} });
      return new Promise<Result<M>>((resolve, reject) => {
        const timer = setTimeout(
          () => settle(id, (p) => p.reject(new BridgeError('timeout', `хаб не ответил на ${method}`))),
          timeoutMs,
        );
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        if (ws && ws.readyState === OPEN) ws.send(text);
        else queue.push(text);
      });
    },
    subscribe(event, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb as (d: never) => void);
      return () => void set.delete(cb as (d: never) => void);
    },
    onConnection(cb) {
      connListeners.add(cb);
      return () => void connListeners.delete(cb);
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      for (const id of [...pending.keys()]) settle(id, (p) => p.reject(new BridgeError('disconnected', 'мост закрыт')));
      queue = [];
      const s = ws;
      ws = null;
      s?.close(1000, 'closed');
      setConn('closed');
    },
  };
  connect();
  return bridge;
}

function toArrayBuffer(v: ArrayBufferView): ArrayBuffer {
  const out = new ArrayBuffer(v.byteLength);
  new Uint8Array(out).set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return out;
}

/** The WebSocket URL of the hub serving this page (browser mode), keeping a console token if given. */
export function hubSocketUrl(loc: { protocol: string; host: string; search: string }): string {
  const q = new URLSearchParams(loc.search);
  const out = new URLSearchParams();
  const role = q.get('role');
  const token = q.get('token');
  if (role === 'console') out.set('role', 'console');
  if (token) out.set('token', token);
  const qs = out.toString();
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws${qs ? `?${qs}` : ''}`;
}
