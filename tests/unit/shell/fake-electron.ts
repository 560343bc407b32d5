/**
 * A fake of the Electron API subset (electron/main/api.ts) that records every call, so the shell
 * runs under plain Node. Timers are manual (FakeClock.advance).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ElectronApi, IpcMainEventLike, Listener, SessionLike } from '../../../electron/main/api.js';
import type { Clock } from '../../../electron/main/backoff.js';
import type { DisplayInput, Rect } from '../../../shared/wall/plan.js';

export class FakeClock implements Clock {
  t = 1_000_000;
  private seq = 0;
  timers = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers.delete(h as number);
  };
  /** Move time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, l: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: Listener) {
    const w: Listener = (...a) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((x) => x !== w));
      l(...a);
    };
    return this.on(event, w);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

export function preventable() {
  const e = { defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
  return e;
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  sent: { channel: string; args: unknown[] }[] = [];
  loads: string[] = [];
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }) {
    this.openHandler = h;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  reload() {
    this.loads.push('(reload)');
  }
  async loadURL(url: string) {
    this.loads.push(url);
  }
  getURL() {
    return this.loads[this.loads.length - 1] ?? '';
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeWindow extends Emitter {
  readonly id = nextId++;
  readonly webContents = new FakeWebContents();
  calls: [string, ...unknown[]][] = [];
  destroyed = false;
  bounds: Rect;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
  }
  async loadURL(url: string) {
    this.calls.push(['loadURL', url]);
    return this.webContents.loadURL(url);
  }
  setBounds(b: Rect) {
    this.calls.push(['setBounds', b]);
    this.bounds = b;
  }
  getBounds() {
    return this.bounds;
  }
  setKiosk(f: boolean) {
    this.calls.push(['setKiosk', f]);
  }
  setFullScreen(f: boolean) {
    this.calls.push(['setFullScreen', f]);
  }
  show() {
    this.calls.push(['show']);
  }
  focus() {
    this.calls.push(['focus']);
  }
  close() {
    this.destroy();
  }
  destroy() {
    this.calls.push(['destroy']);
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** The URL the window last loaded. */
  get url(): string {
    return this.webContents.loads.filter((u) => u !== '(reload)').at(-1) ?? '';
  }
  get query(): URLSearchParams {
    return new URL(this.url).searchParams;
  }
}

export class FakeUtility extends Emitter {
  posted: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    private readonly responder?: (m: { type?: string; id?: number; method?: string; role?: string }) => unknown,
  ) {
    super();
  }
  postMessage(m: unknown) {
    this.posted.push(m);
    const reply = this.responder?.(m as never);
    if (reply !== undefined) queueMicrotask(() => this.emit('message', reply));
  }
  kill() {
    this.killed = true;
    return true;
  }
}

export interface FakeOptions {
  displays: DisplayInput[];
  userData: string;
  singleInstance?: boolean;
  encryption?: boolean;
  hubResponder?: (m: { type?: string; id?: number; method?: string; role?: string }) => unknown;
}

export function createFakeElectron(o: FakeOptions) {
  let displays = [...o.displays];
  const app = new Emitter();
  const screen = new Emitter();
  const windows: FakeWindow[] = [];
  const utilities: FakeUtility[] = [];
  const ipcHandlers = new Map<string, (e: IpcMainEventLike, ...a: unknown[]) => unknown>();
  const record = {
    quit: 0,
    exit: [] as (number | undefined)[],
    errorBoxes: [] as [string, string][],
    schemes: [] as unknown[],
    blockers: [] as ['start' | 'stop', string | number][],
    permissionRequest: null as null | Parameters<SessionLike['setPermissionRequestHandler']>[0],
    permissionCheck: null as null | Parameters<SessionLike['setPermissionCheckHandler']>[0],
    headers: null as null | Parameters<SessionLike['webRequest']['onHeadersReceived']>[0],
    protocolHandlers: new Map<string, (r: Request) => Response | Promise<Response>>(),
  };
  let blockerSeq = 0;
  const started = new Set<number>();
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => (record.permissionRequest = h),
    setPermissionCheckHandler: (h) => (record.permissionCheck = h),
    webRequest: { onHeadersReceived: (l) => (record.headers = l) },
    protocol: { handle: (scheme, h) => record.protocolHandlers.set(scheme, h) },
  };
  const api: ElectronApi = {
    app: {
      requestSingleInstanceLock: () => o.singleInstance ?? true,
      quit: () => void record.quit++,
      exit: (code?: number) => void record.exit.push(code),
      on: (e, l) => app.on(e, l),
      whenReady: async () => undefined,
      getPath: () => o.userData,
      getVersion: () => '0.1.0',
      getAppPath: () => '/app',
      isPackaged: false,
    },
    BrowserWindow: class {
      constructor(options: BrowserWindowConstructorOptions) {
        const w = new FakeWindow(options);
        windows.push(w);
        // As Electron does: the app hears about every new webContents.
        app.emit('web-contents-created', {}, w.webContents);
        return w;
      }
    } as unknown as ElectronApi['BrowserWindow'],
    screen: { getAllDisplays: () => displays.map((d) => structuredClone(d)), on: (e, l) => screen.on(e, l) },
    session: { defaultSession: session },
    protocol: { registerSchemesAsPrivileged: (s) => void record.schemes.push(...s) },
    ipcMain: { handle: (c, h) => void ipcHandlers.set(c, h) },
    powerSaveBlocker: {
      start: (type) => {
        const id = ++blockerSeq;
        started.add(id);
        record.blockers.push(['start', type]);
        return id;
      },
      stop: (id) => {
        started.delete(id);
        record.blockers.push(['stop', id]);
      },
      isStarted: (id) => started.has(id),
    },
    safeStorage: {
      isEncryptionAvailable: () => o.encryption ?? true,
      encryptString: (s) => Buffer.from('ENC1' + Buffer.from(s, 'utf8').toString('base64').split('').reverse().join('')),
      decryptString: (b) => {
        const t = b.toString();
        if (!t.startsWith('ENC1')) throw new Error('bad');
        return Buffer.from(t.slice(4).split('').reverse().join(''), 'base64').toString('utf8');
      },
    },
    utilityProcess: {
      fork: (path) => {
        const u = new FakeUtility(path, o.hubResponder);
        utilities.push(u);
        return u;
      },
    },
    dialog: { showErrorBox: (t, c) => void record.errorBoxes.push([t, c]) },
    versions: { electron: '45.4.1', chrome: '142.0.0.0' },
  };
  return {
    api,
    app,
    screen,
    windows,
    /** Windows still open. */
    open: () => windows.filter((w) => !w.destroyed),
    utilities,
    ipcHandlers,
    record,
    setDisplays(d: DisplayInput[]) {
      displays = [...d];
    },
    /** Call an IPC handler as the given window would (its main frame at its URL unless overridden). */
    invoke(channel: string, payload: unknown, from: { wc?: FakeWebContents; url?: string; id?: number; parent?: unknown } = {}) {
      const h = ipcHandlers.get(channel);
      if (!h) throw new Error(`no handler for ${channel}`);
      const event: IpcMainEventLike = {
        sender: { id: from.id ?? from.wc?.id ?? -1 },
        senderFrame: { url: from.url ?? from.wc?.getURL() ?? 'app://wall/index.html', parent: from.parent ?? null },
      };
      return Promise.resolve().then(() => h(event, payload));
    },
  };
}

/** A rows×cols grid of 1920×1080 displays, ids 1.. in reading order. */
export function gridDisplays(rows: number, cols: number, x0 = 0, y0 = 0): DisplayInput[] {
  const out: DisplayInput[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      out.push({ id: r * cols + c + 1, label: `Панель ${r * cols + c + 1}`, bounds: { x: x0 + c * 1920, y: y0 + r * 1080, width: 1920, height: 1080 }, scaleFactor: 1 });
  return out;
}

export const LAPTOP: DisplayInput = { id: 100, label: 'Built-in', internal: true, bounds: { x: -1440, y: 0, width: 1440, height: 900 }, scaleFactor: 2 };
