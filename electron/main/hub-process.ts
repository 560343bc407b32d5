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

/** What the shell needs of the hub process. */
export interface HubProcess {
  start(init: HubWireInit): void;
  stop(): void;
  send(message: HubWireRequest): void;
  on(event: 'exit', cb: (code: number) => void): void;
  on(event: 'message', cb: (message: unknown) => void): void;
}

/** HubProcess on Electron's utilityProcess. */
export class UtilityHubProcess implements HubProcess {
  private child: UtilityProcessLike | null = null;
  private readonly exitCbs: ((code: number) => void)[] = [];
  private readonly msgCbs: ((m: unknown) => void)[] = [];

  constructor(
    private readonly api: ElectronApi,
    private readonly entryPath: string,
  ) {}

  start(init: HubWireInit): void {
    const child = this.api.utilityProcess.fork(this.entryPath, [], { serviceName: 'situation-wall-hub', stdio: 'inherit' });
    this.child = child;
    child.on('message', (m: unknown) => this.msgCbs.forEach((cb) => cb(m)));
    child.on('exit', (code: number) => {
      if (this.child === child) this.child = null;
      this.exitCbs.forEach((cb) => cb(code));
    });
    child.postMessage(init);
  }

  stop(): void {
    const c = this.child;
    this.child = null;
    c?.kill();
  }

  send(message: HubWireRequest): void {
    this.child?.postMessage(message);
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
}

const unavailable = (id: number, message: string): Response => ({ id, ok: false, error: { code: 'unavailable', message } });

export class HubSupervisor {
  private running = false;
  private stopping = false;
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

  start(): void {
    this.stopping = false;
    this.running = true;
    this.proc.start(this.init());
  }

  stop(): void {
    this.stopping = true;
    this.running = false;
    this.guard.cancel();
    this.failPending('хаб остановлен');
    this.proc.stop();
  }

  /** Restart now with a fresh init (e.g. a new API token), forgetting past crashes. */
  restart(): void {
    this.stop();
    this.guard.reset();
    this.start();
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
    this.failPending('хаб перезапускается');
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
