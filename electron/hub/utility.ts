/**
 * The hub's entry in Electron's utilityProcess (built to dist-electron/hub/utility.js by
 * build/build-shell.mjs). Plain Node: it never imports `electron`; Electron gives the process a
 * `process.parentPort`, and `runHubUtility` is written against the tiny `ParentPortLike` below so
 * tests drive it under Node with a fake port.
 *
 * Wire protocol (shared/wall/ipc.ts, electron/main/hub-process.ts):
 *   shell → hub   HubWireInit { type: 'init', config, token, userDataDir, appVersion } once,
 *                 then HubWireRequest { type: 'request', id, method, params, role }
 *   hub → shell   bridge Response { id, ok, result | error } and bridge events { event, data }
 *
 * Requests that arrive before the hub is open (a demo history being generated, a big cache being
 * loaded) wait for it. When the hub cannot open (a broken cache file, a bad config), the process
 * stays up and answers every request `unavailable` with the reason, and a `health` event carries
 * it, so the windows and the console say what is wrong instead of a restart loop hiding it.
 *
 * Data sources from the configuration:
 *   demo  → <userData>/cache/demo-<region>.db, history generated into an empty cache, live feed
 *           of `liveRate` messages per minute (default 30; 0: a still picture);
 *   api   → <userData>/cache/api-<hash of the URL>.db, synced live with the token from init
 *           (none: the cached data with sync «stopped» and what to do), outbox delivered.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Hub, HubOptions } from './service/hub.js';
import { parseConfig, effectiveRegion, type Config } from '../../shared/config.js';
import { isEvent, RequestSchema, type BridgeEvent, type Freshness, type Response, type Role } from '../../shared/bridge/protocol.js';
import { RoleSchema } from '../../shared/bridge/protocol.js';
import type { HubWireInit } from '../../shared/wall/ipc.js';

/** What runHubUtility needs of Electron's `process.parentPort`. */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface HubUtilityOptions {
  port: ParentPortLike;
  /** Opens the hub (default createHub; tests may wrap it). */
  createHub?: (opts: HubOptions) => Promise<Hub>;
  log?: { info(m: string): void; warn(m: string): void; error(m: string): void };
  /** No SQLite driver loads: the reason was posted ({ type: 'fatal' }); end the process (default: nothing). */
  onFatal?: (message: string) => void;
}

export interface HubUtility {
  /** Resolves with the hub once it is open (rejects when it could not open). */
  readonly ready: Promise<Hub>;
  /** Closes the hub (sources stopped, cache closed). */
  stop(): Promise<void>;
}

/** Demo live feed when the configuration names no rate: messages per minute. */
export const DEFAULT_DEMO_LIVE_PER_MINUTE = 30;

/** The hub options for a shell configuration: source, cache file under userData, thresholds, playlist. */
export function hubOptionsFromConfig(config: Config, init: { token: string | null; userDataDir: string; appVersion: string }): HubOptions {
  const dir = join(init.userDataDir, 'cache');
  const base: HubOptions = {
    thresholds: config.thresholds,
    appVersion: init.appVersion,
    window: config.window,
    ...(config.playlist ? { intervalSec: config.playlist.intervalSec, playlistScenes: config.playlist.scenes } : {}),
  };
  const src = config.source;
  if (src.kind === 'demo') {
    const region = effectiveRegion(config);
    const perMinute = src.liveRate ?? DEFAULT_DEMO_LIVE_PER_MINUTE;
    return { ...base, cachePath: join(dir, `demo-${region}.db`), demo: { region, seed: 1, liveRate: perMinute / 60 } };
  }
  // One cache file per API: a cache is bound to the API (and region) it was first synced from.
  const tag = createHash('sha256').update(src.url.trim().replace(/\/+$/, '')).digest('hex').slice(0, 12);
  return { ...base, cachePath: join(dir, `api-${tag}.db`), api: { url: src.url, token: init.token } };
}

const firstLine = (e: unknown) => ((e as Error)?.message ?? String(e)).split('\n')[0]!;

function failedHealth(message: string): Freshness {
  return {
    dataAsOf: null,
    lastSyncAt: null,
    sync: { state: 'error', progress: null, offlineSince: null, lastError: message, quarantined: 0 },
  };
}

function isInit(m: unknown): m is HubWireInit {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'init';
}

export function runHubUtility(o: HubUtilityOptions): HubUtility {
  const log = o.log ?? {
    info: (m: string) => console.log(`[хаб] ${m}`),
    warn: (m: string) => console.warn(`[хаб] ${m}`),
    error: (m: string) => console.error(`[хаб] ${m}`),
  };
  // Loaded lazily: whatever the hub's modules need (the SQLite driver) cannot kill this process
  // while it loads, before it can say why (docs/kiosk.md, «SQLite»).
  const open = o.createHub ?? (async (opts: HubOptions) => (await import('./service/hub.js')).createHub(opts));
  let hub: Hub | null = null;
  let failure: string | null = null;
  let stopped = false;
  let resolveReady!: (h: Hub) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<Hub>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined);
  let waiting: { id: number; role: Role; req: unknown }[] = [];

  const post = (m: Response | BridgeEvent) => {
    try {
      o.port.postMessage(m);
    } catch (e) {
      log.warn(`не удалось отправить сообщение оболочке: ${firstLine(e)}`);
    }
  };
  const unavailable = (id: number, message: string): Response => ({ id, ok: false, error: { code: 'unavailable', message } });

  const answer = (id: number, role: Role, req: unknown) => {
    if (failure !== null) return post(unavailable(id, failure));
    if (stopped || !hub) return post(unavailable(id, 'хаб остановлен'));
    hub.handle(role, req).then(post, (e: unknown) => post({ id, ok: false, error: { code: 'internal', message: `внутренняя ошибка хаба: ${firstLine(e)}` } }));
  };

  const fail = (message: string) => {
    failure = message;
    log.error(message);
    post({ event: 'health', data: failedHealth(message) });
    const w = waiting;
    waiting = [];
    for (const x of w) post(unavailable(x.id, message));
    rejectReady(new Error(message));
  };

  const start = async (init: HubWireInit) => {
    const parsed = parseConfig(init.config);
    if (!parsed.ok) return fail(`хаб не запустился: ошибка конфигурации — ${parsed.errors.join('; ')}`);
    if (typeof init.userDataDir !== 'string' || !init.userDataDir) return fail('хаб не запустился: не задана папка данных');
    const opts = hubOptionsFromConfig(parsed.config, {
      token: typeof init.token === 'string' && init.token ? init.token : null,
      userDataDir: init.userDataDir,
      appVersion: typeof init.appVersion === 'string' ? init.appVersion : '',
    });
    if (opts.api) opts.api.log = log;
    let h: Hub;
    try {
      mkdirSync(join(init.userDataDir, 'cache'), { recursive: true });
      h = await open(opts);
    } catch (e) {
      if ((e as Error)?.name === 'SqliteDriverError') {
        // A restart will not help: say why (console, log, the shell) and end.
        const message = firstLine(e);
        console.error(`[хаб] хаб не запустился: ${message}`);
        o.port.postMessage({ type: 'fatal', message });
        fail(`хаб не запустился: ${message}`);
        o.onFatal?.(message);
        return;
      }
      return fail(`хаб не запустился: ${firstLine(e)}`);
    }
    if (stopped) {
      await h.close();
      return;
    }
    hub = h;
    h.on('wallState', (data) => post({ event: 'wallState', data }));
    h.on('viewChanged', (data) => post({ event: 'viewChanged', data }));
    h.on('health', (data) => post({ event: 'health', data }));
    h.on('alertRaised', (data) => post({ event: 'alertRaised', data }));
    h.on('alertsChanged', (data) => post({ event: 'alertsChanged', data }));
    h.on('outboxChanged', (data) => post({ event: 'outboxChanged', data }));
    log.info(`хаб открыт: ${h.region.name}, ${h.store.size} сообщений, источник ${parsed.config.source.kind}`);
    // The shell learns the current state at once (its first getWallState may have waited here).
    post({ event: 'wallState', data: h.getWallState() });
    post({ event: 'health', data: h.freshness() });
    const w = waiting;
    waiting = [];
    for (const x of w) answer(x.id, x.role, x.req);
    resolveReady(h);
  };

  let initialised = false;
  o.port.on('message', (e) => {
    const m = e?.data;
    if (isInit(m)) {
      if (initialised) return log.warn('повторное сообщение init пропущено');
      initialised = true;
      void start(m);
      return;
    }
    if (typeof m !== 'object' || m === null || (m as { type?: unknown }).type !== 'request') {
      if (!isEvent(m)) log.warn('непонятное сообщение от оболочки пропущено');
      return;
    }
    const { type: _type, role: rawRole, ...req } = m as { type: 'request'; role: unknown; id: unknown };
    const env = RequestSchema.safeParse(req);
    const role = RoleSchema.safeParse(rawRole);
    if (!env.success || !role.success) {
      const id = typeof req.id === 'number' && Number.isInteger(req.id) && req.id >= 0 ? req.id : 0;
      return post({ id, ok: false, error: { code: 'bad_request', message: 'неверный запрос оболочки: ожидалось { id, method, params, role }' } });
    }
    if (!hub && failure === null && !stopped) waiting.push({ id: env.data.id, role: role.data, req });
    else answer(env.data.id, role.data, req);
  });

  return {
    ready,
    async stop() {
      if (stopped) return;
      stopped = true;
      const w = waiting;
      waiting = [];
      for (const x of w) post(unavailable(x.id, 'хаб остановлен'));
      const h = hub;
      hub = null;
      if (h) await h.close();
    },
  };
}

// In Electron's utility process: run on the real parent port; close the cache cleanly on SIGTERM.
const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (parentPort) {
  // After a fatal report: give the port a moment to carry it, then exit (the shell does not restart).
  const u = runHubUtility({ port: parentPort, onFatal: () => setTimeout(() => process.exit(78), 250) });
  const quit = () => {
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    void u.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', quit);
  process.once('SIGINT', quit);
}
