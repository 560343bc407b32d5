/**
 * The subset of the Electron API the shell uses, as interfaces, so the whole shell runs under plain
 * Node in tests with a fake that records calls (tests/support/fake-electron.ts). Only index.ts
 * binds it to the real `electron` module.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { DisplayInput, Rect } from '../../shared/wall/plan.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- event listeners of many shapes */
export type Listener = (...args: any[]) => void;

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContentsLike {
  readonly id: number;
  on(event: string, listener: Listener): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  send(channel: string, ...args: unknown[]): void;
  reload(): void;
  loadURL(url: string): Promise<void>;
  getURL(): string;
  isDestroyed(): boolean;
  /** Kills a hung renderer; a reload() right after runs in a new process (Electron's documented recovery). */
  forcefullyCrashRenderer(): void;
  /** Diagnostics only (hall.diagnostics): the windows' webPreferences.devTools is false otherwise. */
  toggleDevTools?(): void;
}

export interface WindowLike {
  readonly id: number;
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  setBounds(bounds: Rect): void;
  getBounds(): Rect;
  setKiosk(flag: boolean): void;
  setFullScreen(flag: boolean): void;
  /** The window manager's answer, not the last request: on Linux it changes later, with an event. */
  isFullScreen(): boolean;
  show(): void;
  /** Shows without taking the focus (wall windows: the console keeps the keyboard). */
  showInactive(): void;
  /** No menu bar and no menu accelerators on this window. */
  removeMenu(): void;
  focus(): void;
  close(): void;
  destroy(): void;
  isDestroyed(): boolean;
  once(event: string, listener: Listener): unknown;
  on(event: string, listener: Listener): unknown;
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;

export interface SessionLike {
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, origin: string, details?: unknown) => boolean) | null): void;
  setDevicePermissionHandler?(handler: (details: unknown) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
      ) => void,
    ): void;
  };
  protocol: {
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
}

export interface IpcMainEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent?: unknown } | null;
}

export interface UtilityProcessLike {
  readonly pid?: number | undefined;
  /** With stdio 'pipe': the child's output streams (null otherwise). */
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  /** Asks the child to end (SIGTERM on POSIX); 'exit' comes later, once it is gone. */
  kill(): boolean;
  on(event: 'message' | 'exit' | 'spawn' | 'error', listener: Listener): unknown;
}

/** The bits of the main process's `process` the shell listens to (tests inject a fake). */
export interface ProcessLike {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: Listener): unknown;
  readonly env: Record<string, string | undefined>;
  readonly argv: readonly string[];
  readonly platform: string;
}

export interface SaveDialogOptions {
  title?: string;
  defaultPath?: string;
  buttonLabel?: string;
  filters?: { name: string; extensions: string[] }[];
  properties?: ('createDirectory' | 'showOverwriteConfirmation')[];
}

export interface ElectronApi {
  app: {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    exit(code?: number): void;
    on(event: string, listener: Listener): unknown;
    whenReady(): Promise<unknown>;
    getPath(name: 'userData' | 'logs' | 'documents'): string;
    getVersion(): string;
    getAppPath(): string;
    readonly isPackaged: boolean;
    /** Chromium switches: appended before 'ready' they reach the GPU process and OSCrypt. */
    commandLine: {
      appendSwitch(name: string, value?: string): void;
      hasSwitch(name: string): boolean;
      getSwitchValue(name: string): string;
    };
    relaunch(options?: { args?: string[] }): void;
  };
  Menu: { setApplicationMenu(menu: null): void };
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowLike;
  screen: {
    getAllDisplays(): DisplayInput[];
    on(event: 'display-added' | 'display-removed' | 'display-metrics-changed', listener: Listener): unknown;
  };
  session: { defaultSession: SessionLike };
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
  };
  ipcMain: {
    handle(channel: string, handler: (event: IpcMainEventLike, ...args: unknown[]) => unknown): void;
    /** One-way messages (the preload's WebGL context reports). */
    on(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): unknown;
  };
  powerSaveBlocker: {
    start(type: 'prevent-display-sleep' | 'prevent-app-suspension'): number;
    stop(id: number): void;
    isStarted(id: number): boolean;
  };
  safeStorage: {
    isEncryptionAvailable(): boolean;
    encryptString(plain: string): Buffer;
    decryptString(encrypted: Buffer): string;
    /** Linux: basic_text | gnome_libsecret | kwallet | kwallet5 | kwallet6 | unknown. */
    getSelectedStorageBackend(): string;
    /** Linux: lets basic_text "encrypt" (with a built-in key). Off by default: isEncryptionAvailable() is false. */
    setUsePlainTextEncryption(use: boolean): void;
  };
  utilityProcess: {
    fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore' }): UtilityProcessLike;
  };
  dialog: {
    showErrorBox(title: string, content: string): void;
    /** The console's «Справка»: the operator picks the file (modal to the console window). */
    showSaveDialog(window: WindowLike, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  };
  versions: { electron?: string | undefined; chrome?: string | undefined };
}
