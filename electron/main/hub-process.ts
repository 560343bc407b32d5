/**
 * The hub runs in an Electron utilityProcess (plain Node: the SQLite cache, sync, demo feed,
 * engine, wall state). The shell starts it, relays bridge requests to it with the window's role,
 * forwards its events to the windows, and restarts it with backoff when it exits.
 *
 * Wire protocol (structured clones over the utility process's parentPort), see shared/wall/ipc.ts:
 *   shell → hub   HubWireInit once after each start, then HubWireRequest { type: 'request', id, method, params, role }
 *   hub → shell   bridge Response { id, ok, result | error } and bridge events { event, data }
 * The hub's entry (electron/hub, built to dist-electron/hub/utility.js) answers with Hub.handle(role, request).
 */
import type { ElectronApi, UtilityProcessLike } from './api.js';
import { RestartGuard } from './backoff.js';
import type { BackoffOptions, Clock } from './backoff.js';
import type { HubWireInit, HubWireRequest } from '../../shared/wall/ipc.js';
import { EventSchema, isEvent, isResponse } from '../../shared/bridge/protocol.js';
import type { BridgeEvent, Method, Response, Role } from '../../shared/bridge/protocol.js';

/**
 * The hub's last word before it exits on purpose: it could not start and a restart will not help
 * (its SQLite driver does not load). Posted by electron/hub/utility.ts, then the process exits.
 */
export interface HubFatal {
  type: 'fatal';
  message: string;
}

export function isHubFatal(m: unknown): m is HubFatal {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'fatal' && typeof (m as { message?: unknown }).message === 'string';
}

/** What the shell needs of the hub process. */
export interface HubProcess {
  start(init: HubWireInit): void;
  /** Ask the current child to end; resolves once it is gone (its 'exit' is not reported as a crash). */
  stop(): Promise<void>;
  send(message: HubWireRequest): void;
  /** The current child ended by itself (never one that stop() asked to end). */
  on(event: 'exit', cb: (code: number) => void): void;
  on(event: 'message', cb: (message: unknown) => void): void;
}

/** How long a stopped hub gets to close its cache before the shell starts another one anyway. */
export const HUB_STOP_GRACE_MS = 5000;
const STDERR_KEEP = 20;

export interface UtilityHubProcessOptions {
  log?: { warn(m: string): void };
  clock?: Clock;
}

/** HubProcess on Electron's utilityProcess. */
export class UtilityHubProcess implements HubProcess {
  private child: UtilityProcessLike | null = null;
  private readonly exitCbs: ((code: number) => void)[] = [];
  private readonly msgCbs: ((m: unknown) => void)[] = [];
  /** The last lines the current child wrote to stderr (named in the crash report). */
  stderrTail: string[] = [];

  constructor(
    private readonly api: ElectronApi,
    private readonly entryPath: string,
    private readonly o: UtilityHubProcessOptions = {},
  ) {}

  start(init: HubWireInit): void {
    // stdio 'pipe': the child's output goes to the shell's log (with 'inherit' it is lost on a kiosk).
    const child = this.api.utilityProcess.fork(this.entryPath, [], { serviceName: 'situation-wall-hub', stdio: 'pipe' });
    this.child = child;
    this.stderrTail = [];
    const lines = (stream: NodeJS.ReadableStream | null | undefined, level: 'info' | 'warn') => {
      if (!stream) return;
      let buf = '';
      stream.on('data', (chunk: Buffer | string) => {
        buf += chunk.toString();
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        if (buf.length > 4096) buf = buf.slice(-4096);
        for (const raw of parts) {
          const line = raw.trimEnd().slice(0, 1000);
          if (!line) continue;
          if (level === 'warn' && this.child === child) this.stderrTail = [...this.stderrTail, line].slice(-STDERR_KEEP);
          this.o.log?.warn(`хаб (${level === 'warn' ? 'stderr' : 'stdout'}): ${line}`);
        }
      });
      stream.on('error', () => undefined);
    };
    lines(child.stderr, 'warn');
    lines(child.stdout, 'info');
    child.on('message', (m: unknown) => {
      if (this.child === child) this.msgCbs.forEach((cb) => cb(m));
    });
    // A fatal V8 error (out of memory …): 'exit' follows. Unheard, the 'error' would throw in main.
    child.on('error', (type: unknown, location: unknown) => this.o.log?.warn(`хаб: фатальная ошибка процесса (${String(type)}${location ? `, ${String(location)}` : ''})`));
    child.on('exit', (code: number) => {
      // Only the current child's end is a crash; a child that stop() let go has its own waiter.
      if (this.child !== child) return;
      this.child = null;
      this.exitCbs.forEach((cb) => cb(code));
    });
    child.postMessage(init);
  }

  stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        if (timer !== null) this.o.clock?.clearTimeout(timer);
        resolve();
      };
      c.on('exit', finish);
      const timer = this.o.clock ? this.o.clock.setTimeout(finish, HUB_STOP_GRACE_MS) : null;
      if (!c.kill()) finish();
    });
  }

  send(message: HubWireRequest): void {
    try {
      this.child?.postMessage(message);
    } catch {
      // The child is going: the request times out as unavailable.
    }
  }

  on(event: 'exit' | 'message', cb: (x: never) => void): void {
    if (event === 'exit') this.exitCbs.push(cb as (code: number) => void);
    else this.msgCbs.push(cb as (m: unknown) => void);
  }
}

export interface HubSupervisorOptions {
  clock: Clock;
  backoff?: BackoffOptions;
  requestTimeoutMs?: number;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
  notify(level: 'warning' | 'error', text: string): void;
  onEvent(e: BridgeEvent): void;
  /** The last stderr lines of the hub (named when it dies without a word). */
  stderrTail?(): string[];
}

const unavailable = (id: number, message: string): Response => ({ id, ok: false, error: { code: 'unavailable', message } });

export class HubSupervisor {
  private running = false;
  private stopping = false;
  /** A restart in progress: the old child's exit is awaited before the new one starts. */
  private restarting: Promise<void> | null = null;
  private fatal: string | null = null;
  private disposed = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Response) => void; timer: unknown }>();
  readonly guard: RestartGuard;

  constructor(
    private readonly proc: HubProcess,
    private readonly init: () => HubWireInit,
    private readonly o: HubSupervisorOptions,
  ) {
    this.guard = new RestartGuard(o.clock, o.backoff);
    proc.on('message', (m) => this.onMessage(m));
    proc.on('exit', (code) => this.onExit(code));
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Why the hub gave up for good (it said so before exiting), or null. */
  get fatalReason(): string | null {
    return this.fatal;
  }

  start(): void {
    this.stopping = false;
    this.disposed = false;
    this.running = true;
    this.fatal = null;
    this.proc.start(this.init());
  }

  /** Stop for good (the app quits). Resolves once the child is gone. */
  stop(): Promise<void> {
    this.stopping = true;
    this.disposed = true;
    this.running = false;
    this.guard.cancel();
    this.failPending('хаб остановлен');
    return this.proc.stop();
  }

  /**
   * Restart with a fresh init (e.g. a new API token), forgetting past crashes. The new hub starts
   * only after the old one has exited (two hubs never share the cache file); restarts asked for
   * meanwhile collapse into the one under way.
   */
  restart(): Promise<void> {
    if (this.restarting) return this.restarting;
    this.stopping = true;
    this.running = false;
    this.guard.cancel();
    this.failPending('хаб перезапускается');
    const p = this.proc.stop().then(() => {
      this.restarting = null;
      if (this.disposed) return;
      this.guard.reset();
      this.start();
    });
    this.restarting = p;
    return p;
  }

  /** Send one bridge request with the sender's role. Never rejects: failures are `{ ok: false }`. */
  request(role: Role, method: Method, params: unknown): Promise<Response> {
    const id = this.nextId++;
    if (!this.running) return Promise.resolve(unavailable(id, 'хаб не запущен'));
    return new Promise<Response>((resolve) => {
      const timer = this.o.clock.setTimeout(() => {
        this.pending.delete(id);
        resolve(unavailable(id, `хаб не ответил на ${method} вовремя`));
      }, this.o.requestTimeoutMs ?? 30_000);
      this.pending.set(id, { resolve, timer });
      this.proc.send({ type: 'request', id, method, params, role });
    });
  }

  private onMessage(m: unknown): void {
    if (isHubFatal(m)) {
      this.fatal = m.message.slice(0, 2000);
      return;
    }
    if (isResponse(m)) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.o.clock.clearTimeout(p.timer);
      p.resolve(m);
    } else if (isEvent(m)) {
      const r = EventSchema.safeParse(m);
      if (r.success) this.o.onEvent(r.data as BridgeEvent);
      else this.o.log.warn(`хаб прислал неверное событие «${String((m as { event: unknown }).event)}»`);
    }
  }

  private failPending(message: string): void {
    for (const [id, p] of this.pending) {
      this.o.clock.clearTimeout(p.timer);
      p.resolve(unavailable(id, message));
    }
    this.pending.clear();
  }

  private onExit(code: number): void {
    if (this.stopping) return;
    this.running = false;
    if (this.fatal !== null) {
      // It said why and that a restart will not help: no restart loop, the reason everywhere.
      const text = `хаб данных не запустился: ${this.fatal}`;
      this.failPending(text);
      this.guard.cancel();
      this.o.log.error(`${text} (код ${code}); перезапусков не будет — смотрите docs/kiosk.md, «Диагностика»`);
      this.o.notify('error', text);
      this.o.onEvent({ event: 'health', data: { dataAsOf: null, lastSyncAt: null, sync: { state: 'error', progress: null, offlineSince: null, lastError: text, quarantined: 0 } } } as BridgeEvent);
      return;
    }
    this.failPending('хаб перезапускается');
    const tail = this.o.stderrTail?.() ?? [];
    if (code !== 0 && tail.length) this.o.log.warn(`хаб завершился (код ${code}); последнее в stderr: ${tail.slice(-3).join(' | ')}`);
    const r = this.guard.fail(() => {
      this.o.log.info('перезапуск хаба');
      this.start();
    });
    if (r.action === 'retry') this.o.log.warn(`хаб завершился (код ${code}); перезапуск через ${r.delayMs / 1000} с (сбой ${r.failures})`);
    else if (r.first) {
      const text = `хаб данных завершился (код ${code}) ${r.failures} раз за ${Math.round(this.guard.opts.windowMs / 60_000)} мин — перезапуски остановлены, смотрите журнал`;
      this.o.log.error(text);
      this.o.notify('error', text);
    }
  }
}
