/**
 * A fake of the Electron API subset (electron/main/api.ts) that records every call, so the shell
 * runs under plain Node. Timers are manual (FakeClock.advance).
 *
 * Faithful where Electron 45 on Linux is less kind than a naive fake (issue 14, docs/kiosk.md):
 *  - utilityProcess `kill()` only asks: the child's 'exit' comes later (`settle()` or `finishKill()`);
 *    stdio 'pipe' gives it stdout/stderr streams; an 'error' with no listener throws (→ uncaught);
 *  - fullscreen is the window manager's answer: setFullScreen/setKiosk queue a transition that lands
 *    with 'enter-full-screen' / 'leave-full-screen' at `fake.wm()`; setBounds of a fullscreen window
 *    (or one in transition) is ignored; a window goes fullscreen on the display it is on;
 *  - safeStorage has backends: basic_text without setUsePlainTextEncryption → unavailable and
 *    encryptString throws; a locked libsecret keyring blocks the main thread on an unlock prompt
 *    (recorded as `record.keyringPrompts`, the call throws FakeBlocked);
 *  - the default application menu is installed at 'ready' unless Menu.setApplicationMenu(null) came
 *    first; `fake.key(win, 'Ctrl+Q')` runs 'before-input-event', then the menu's accelerator;
 *  - Chromium switches appended after 'ready', and --ozone-platform at any time from the app's
 *    code, have no effect (`record.ignoredSwitches`);
 *  - an uncaught exception with no listener opens Electron's modal error box;
 *  - `window.prompt` (FakeWebContents.prompt) returns null, as Electron has no prompt dialog.
 */
import { PassThrough } from 'node:stream';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ElectronApi, IpcMainEventLike, Listener, ProcessLike, SaveDialogOptions, SessionLike } from '../../electron/main/api.js';
import type { Clock } from '../../electron/main/backoff.js';
import type { DisplayInput, Rect } from '../../shared/wall/plan.js';

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

export class Emitter {
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
  count(event: string) {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** A call that would block Electron's main thread (an unlock prompt nobody answers on a wall). */
export class FakeBlocked extends Error {}

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
  /** A hung renderer: loads and reloads queue behind the hang and never land. */
  hung = false;
  stuck: string[] = [];
  crashes = 0;
  zoomLevel = 0;
  devTools = 0;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }) {
    this.openHandler = h;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  reload() {
    if (this.hung) this.stuck.push('(reload)');
    else this.loads.push('(reload)');
  }
  async loadURL(url: string) {
    if (this.hung) {
      this.stuck.push(url);
      return new Promise<void>(() => undefined);
    }
    this.loads.push(url);
  }
  /** Electron: kills the renderer ('render-process-gone', reason killed); the next load gets a new one. */
  forcefullyCrashRenderer() {
    this.crashes++;
    this.hung = false;
    this.stuck = [];
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
  toggleDevTools() {
    this.devTools++;
  }
  /** What the page's window.prompt() gets in Electron: always null (there is no prompt dialog). */
  prompt(_message?: string): string | null {
    return null;
  }
  /** The renderer stops answering (Electron emits 'unresponsive' after a few seconds). */
  hang() {
    this.hung = true;
    this.emit('unresponsive');
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
  /** The window manager's state, and the requests it has not answered yet. */
  fullscreen: boolean;
  pending: boolean[] = [];
  menuRemoved = false;
  /** The geometry the window had before fullscreen (the WM restores it on leaving). */
  private normal: Rect;
  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly displayOf: (r: Rect) => Rect | null = () => null,
  ) {
    super();
    this.normal = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.fullscreen = !!(options.fullscreen || options.kiosk);
    this.bounds = this.fullscreen ? (this.displayOf(this.normal) ?? this.normal) : this.normal;
  }
  /** The window manager answers the queued fullscreen requests, one event each. */
  wm() {
    while (this.pending.length && !this.destroyed) {
      const f = this.pending.shift()!;
      if (f === this.fullscreen) continue;
      this.fullscreen = f;
      // Fullscreen covers the display the window is on now; leaving restores the normal geometry.
      this.bounds = f ? (this.displayOf(this.normal) ?? this.normal) : this.normal;
      this.emit(f ? 'enter-full-screen' : 'leave-full-screen');
    }
  }
  async loadURL(url: string) {
    this.calls.push(['loadURL', url]);
    return this.webContents.loadURL(url);
  }
  setBounds(b: Rect) {
    // A fullscreen window (or one the WM has not answered yet) keeps its place.
    if (this.fullscreen || this.pending.length) {
      this.calls.push(['setBounds(ignored)', b]);
      return;
    }
    this.calls.push(['setBounds', b]);
    this.bounds = b;
    this.normal = b;
  }
  getBounds() {
    return this.bounds;
  }
  setKiosk(f: boolean) {
    this.calls.push(['setKiosk', f]);
    this.pending.push(f); // on Linux kiosk is fullscreen
  }
  setFullScreen(f: boolean) {
    this.calls.push(['setFullScreen', f]);
    this.pending.push(f);
  }
  isFullScreen() {
    return this.fullscreen;
  }
  show() {
    this.calls.push(['show']);
  }
  showInactive() {
    this.calls.push(['showInactive']);
  }
  removeMenu() {
    this.calls.push(['removeMenu']);
    this.menuRemoved = true;
  }
  focus() {
    this.calls.push(['focus']);
  }
  /** Like Electron: 'close' can be prevented; otherwise the window goes. */
  close() {
    if (this.destroyed) return;
    const e = preventable();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
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
  exited: number | null = null;
  readonly stdout: PassThrough | null;
  readonly stderr: PassThrough | null;
  constructor(
    readonly modulePath: string,
    private readonly responder?: (m: { type?: string; id?: number; method?: string; role?: string }) => unknown,
    readonly stdio: string = 'inherit',
    /** 'auto': the child exits on the next macrotask after kill(); 'manual': only at finishKill(). */
    private readonly killMode: 'auto' | 'manual' = 'auto',
  ) {
    super();
    this.stdout = stdio === 'pipe' ? new PassThrough() : null;
    this.stderr = stdio === 'pipe' ? new PassThrough() : null;
  }
  postMessage(m: unknown) {
    if (this.exited !== null) throw new Error('the utility process has exited');
    this.posted.push(m);
    const reply = this.responder?.(m as never);
    if (reply !== undefined) queueMicrotask(() => this.emit('message', reply));
  }
  /** Electron: sends SIGTERM and returns; 'exit' follows once the child is gone. */
  kill() {
    if (this.exited !== null) return false;
    this.killed = true;
    if (this.killMode === 'auto') setImmediate(() => this.finishKill());
    return true;
  }
  finishKill(code = 0) {
    this.exit(code);
  }
  /** The child ends (by itself, or after kill). */
  exit(code: number) {
    if (this.exited !== null) return;
    this.exited = code;
    this.stdout?.end();
    this.stderr?.end();
    this.emit('exit', code);
  }
  /** A fatal V8 error: Electron emits 'error' (an EventEmitter: unheard, it throws), then 'exit'. */
  fatal(type = 'FatalError', location = 'v8') {
    if (this.count('error') === 0) throw new Error(`Unhandled 'error' event (${type})`);
    this.emit('error', type, location, '');
    this.exit(134);
  }
}

export type FakeBackend = 'gnome_libsecret' | 'kwallet5' | 'kwallet6' | 'basic_text';

export interface FakeOptions {
  displays: DisplayInput[];
  userData: string;
  singleInstance?: boolean;
  /** false: the basic_text backend (what Chromium picks on Fly, MATE …). Default true (gnome_libsecret). */
  encryption?: boolean;
  /** The backend Chromium picks when no --password-store is given (default gnome_libsecret). */
  backend?: FakeBackend;
  /** A libsecret keyring left locked by an autologin session: any use blocks on an unlock prompt. */
  keyringLocked?: boolean;
  hubResponder?: (m: { type?: string; id?: number; method?: string; role?: string }) => unknown;
  /** How the fake's utility processes end after kill() (default 'auto'). */
  killMode?: 'auto' | 'manual';
  /** The process's command line (Chromium's switches as given to the executable). */
  argv?: string[];
  env?: Record<string, string | undefined>;
}

/** Electron's default application menu (lib/browser/default-menu.ts) on Linux, as accelerators. */
export const DEFAULT_MENU_ACCELERATORS = ['Ctrl+Q', 'Ctrl+W', 'Ctrl+R', 'Ctrl+Shift+R', 'F11', 'Ctrl+Plus', 'Ctrl+=', 'Ctrl+-', 'Ctrl+0', 'Ctrl+Shift+I'] as const;

/** Chromium switches read before the app's code runs (appendSwitch of them never works). */
const EARLY_SWITCHES = new Set(['ozone-platform', 'ozone-platform-hint']);

function parseAccelerator(a: string) {
  const parts = a.split('+');
  let key = parts.pop()!;
  if (key === '' || key === 'Plus') key = '+';
  return { control: parts.includes('Ctrl'), shift: parts.includes('Shift'), alt: parts.includes('Alt'), key, type: 'keyDown' as const };
}

export function createFakeElectron(o: FakeOptions) {
  let saveAnswer: (options: SaveDialogOptions) => string | null = () => null;
  let displays = [...o.displays];
  const app = new Emitter();
  const proc = new Emitter();
  let ready = false;
  let appMenu: 'default' | null | 'unset' = 'unset';
  let plainText = false;
  const switches = new Map<string, string>();
  for (const a of o.argv ?? []) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) switches.set(m[1]!, m[2] ?? '');
  }
  const given = switches.get('password-store');
  const backendOf = (): FakeBackend =>
    given === 'basic' ? 'basic_text' : given === 'gnome-libsecret' ? 'gnome_libsecret' : given === 'kwallet5' ? 'kwallet5' : given === 'kwallet6' ? 'kwallet6' : (o.backend ?? (o.encryption === false ? 'basic_text' : 'gnome_libsecret'));
  const displayOf = (r: Rect): Rect | null => {
    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    const d = displays.find((x) => cx >= x.bounds.x && cx < x.bounds.x + x.bounds.width && cy >= x.bounds.y && cy < x.bounds.y + x.bounds.height);
    return d ? { ...d.bounds } : null;
  };
  const screen = new Emitter();
  const windows: FakeWindow[] = [];
  const utilities: FakeUtility[] = [];
  const ipcHandlers = new Map<string, (e: IpcMainEventLike, ...a: unknown[]) => unknown>();
  const record = {
    quit: 0,
    exit: [] as (number | undefined)[],
    errorBoxes: [] as [string, string][],
    /** Every save dialog the shell showed: its window and options. */
    saveDialogs: [] as { window: unknown; options: SaveDialogOptions }[],
    schemes: [] as unknown[],
    blockers: [] as ['start' | 'stop', string | number][],
    permissionRequest: null as null | Parameters<SessionLike['setPermissionRequestHandler']>[0],
    permissionCheck: null as null | Parameters<SessionLike['setPermissionCheckHandler']>[0],
    headers: null as null | Parameters<SessionLike['webRequest']['onHeadersReceived']>[0],
    protocolHandlers: new Map<string, (r: Request) => Response | Promise<Response>>(),
    appendedSwitches: [] as [string, string | undefined][],
    ignoredSwitches: [] as string[],
    relaunch: [] as ({ args?: string[] } | undefined)[],
    keyringPrompts: 0,
    menuSetBeforeReady: false,
    ipcOn: new Map<string, (e: IpcMainEventLike, ...a: unknown[]) => void>(),
  };
  const ensureKeyring = () => {
    if (backendOf() === 'gnome_libsecret' && o.keyringLocked) {
      record.keyringPrompts++;
      throw new FakeBlocked('safeStorage: the main thread waits for the keyring unlock prompt');
    }
  };
  const available = () => ready && (backendOf() !== 'basic_text' || plainText);
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
      whenReady: async () => {
        if (!ready) {
          ready = true;
          // Electron installs its default menu at 'ready' unless the app set one (or null) before.
          if (appMenu === 'unset') appMenu = 'default';
          app.emit('ready');
        }
      },
      getPath: () => o.userData,
      getVersion: () => '0.1.0',
      getAppPath: () => '/app',
      isPackaged: false,
      commandLine: {
        appendSwitch: (name: string, value?: string) => {
          record.appendedSwitches.push([name, value]);
          if (EARLY_SWITCHES.has(name) || ready) record.ignoredSwitches.push(name);
          else switches.set(name, value ?? '');
        },
        hasSwitch: (name: string) => switches.has(name),
        getSwitchValue: (name: string) => switches.get(name) ?? '',
      },
      relaunch: (opts?: { args?: string[] }) => void record.relaunch.push(opts),
    },
    Menu: {
      setApplicationMenu: (m: null) => {
        if (!ready) record.menuSetBeforeReady = true;
        appMenu = m;
      },
    },
    BrowserWindow: class {
      constructor(options: BrowserWindowConstructorOptions) {
        const w = new FakeWindow(options, displayOf);
        windows.push(w);
        // As Electron does: the app hears about every new webContents.
        app.emit('web-contents-created', {}, w.webContents);
        return w;
      }
    } as unknown as ElectronApi['BrowserWindow'],
    screen: { getAllDisplays: () => displays.map((d) => structuredClone(d)), on: (e, l) => screen.on(e, l) },
    session: { defaultSession: session },
    protocol: { registerSchemesAsPrivileged: (s) => void record.schemes.push(...s) },
    ipcMain: { handle: (c, h) => void ipcHandlers.set(c, h), on: (c, l) => void record.ipcOn.set(c, l) },
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
      // Linux: false before 'ready'; basic_text only with setUsePlainTextEncryption(true).
      isEncryptionAvailable: () => available(),
      encryptString: (s) => {
        if (!available()) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
        ensureKeyring();
        const tag = backendOf() === 'basic_text' ? 'PLN1' : 'ENC1';
        return Buffer.from(tag + Buffer.from(s, 'utf8').toString('base64').split('').reverse().join(''));
      },
      decryptString: (b) => {
        if (!available()) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
        ensureKeyring();
        const t = b.toString();
        const tag = backendOf() === 'basic_text' ? 'PLN1' : 'ENC1';
        if (!t.startsWith(tag)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return Buffer.from(t.slice(4).split('').reverse().join(''), 'base64').toString('utf8');
      },
      getSelectedStorageBackend: () => (ready ? backendOf() : 'unknown'),
      setUsePlainTextEncryption: (use: boolean) => void (plainText = use),
    },
    utilityProcess: {
      fork: (path, _args, opts) => {
        const u = new FakeUtility(path, o.hubResponder, opts?.stdio ?? 'inherit', o.killMode ?? 'auto');
        utilities.push(u);
        return u;
      },
    },
    dialog: {
      showErrorBox: (t, c) => void record.errorBoxes.push([t, c]),
      /** What the operator answers: a path, or cancel (the default, so nothing is ever written by accident). */
      showSaveDialog: async (window, options) => {
        record.saveDialogs.push({ window, options });
        const answer = saveAnswer(options);
        return answer === null ? { canceled: true } : { canceled: false, filePath: answer };
      },
    },
    versions: { electron: '45.4.1', chrome: '142.0.0.0' },
  };
  const process: ProcessLike & { emit: Emitter['emit'] } = {
    on: (e, l) => proc.on(e, l),
    emit: (e: string, ...a: unknown[]) => {
      // Electron's own handler: no listener → a modal "A JavaScript error occurred in the main process".
      if (e === 'uncaughtException' && proc.count(e) === 0) {
        record.errorBoxes.push(['A JavaScript error occurred in the main process', String(a[0])]);
        return;
      }
      proc.emit(e, ...a);
    },
    env: o.env ?? { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' },
    argv: o.argv ?? ['/opt/situation-wall/situation-wall'],
    platform: 'linux',
  };
  /** Press a key in a window as a user would: the page's before-input-event, then the menu. */
  const key = (w: FakeWindow, accelerator: string) => {
    const input = parseAccelerator(accelerator);
    const e = preventable();
    w.webContents.emit('before-input-event', e, input);
    if (e.defaultPrevented || appMenu !== 'default' || w.menuRemoved || w.destroyed) return 'nothing';
    if (!(DEFAULT_MENU_ACCELERATORS as readonly string[]).includes(accelerator)) return 'nothing';
    switch (accelerator) {
      case 'Ctrl+Q':
        record.quit++;
        app.emit('before-quit', preventable());
        return 'quit';
      case 'Ctrl+W':
        w.close();
        return 'close';
      case 'Ctrl+R':
      case 'Ctrl+Shift+R':
        w.webContents.reload();
        return 'reload';
      case 'F11':
        w.setFullScreen(!w.fullscreen);
        return 'togglefullscreen';
      case 'Ctrl+Shift+I':
        w.webContents.toggleDevTools();
        return 'devtools';
      default:
        w.webContents.zoomLevel += accelerator === 'Ctrl+-' ? -1 : accelerator === 'Ctrl+0' ? -w.webContents.zoomLevel : 1;
        return 'zoom';
    }
  };
  return {
    api,
    app,
    screen,
    process,
    key,
    /** The application menu: 'default' (Electron's), null (removed) or 'unset' (before ready). */
    appMenu: () => appMenu,
    /** The safeStorage backend Chromium uses (after the switches). */
    backend: backendOf,
    /** What a D-Bus look at the Secret Service would say (never blocks). */
    keyringProbe: async () => (backendOf() !== 'gnome_libsecret' ? ('absent' as const) : o.keyringLocked ? ('locked' as const) : ('unlocked' as const)),
    /** The window manager answers every window's pending fullscreen requests. */
    wm: () => windows.forEach((w) => w.wm()),
    /** Let the utility processes' pending exits land (they come on a later macrotask). */
    settle: () => new Promise<void>((r) => setImmediate(() => setImmediate(r))),
    /** A one-way IPC message from a window (ipcRenderer.send). */
    send(channel: string, from: FakeWebContents, ...args: unknown[]) {
      record.ipcOn.get(channel)?.({ sender: { id: from.id }, senderFrame: { url: from.getURL(), parent: null } }, ...args);
    },
    windows,
    /** Windows still open. */
    open: () => windows.filter((w) => !w.destroyed),
    utilities,
    ipcHandlers,
    record,
    /** How the operator answers the next save dialogs: a path (from the options), or null to cancel. */
    answerSaveDialog(f: (options: SaveDialogOptions) => string | null) {
      saveAnswer = f;
    },
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
