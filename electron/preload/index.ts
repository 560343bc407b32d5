/**
 * Preload of every window (sandboxed, context-isolated; built to dist-electron/preload/index.cjs).
 * Exposes one small frozen API as `window.situationWall` and nothing else — no ipcRenderer, no
 * Node. The main process validates everything again (electron/main/ipc.ts); the checks here only
 * keep mistakes close to where they are made.
 *
 *   situationWall.invoke(channel, payload?) → Promise   channels: shared/wall/channels.ts
 *   situationWall.onState(cb) → unsubscribe             WallSnapshot pushes (after invoke('wall:subscribe'))
 *
 * Besides, the preload itself (never the page) tells the shell when a canvas loses its WebGL
 * context and when it gets it back (one-way messages, no payload): the shell reloads a window
 * whose context does not come back (docs/kiosk.md, «Графика»). Only trusted events on a canvas
 * count — a page cannot fake them.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { STATE_PUSH_CHANNEL, isInvokeChannel } from '../../shared/wall/channels.js';

export interface PreloadDeps {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
    send(channel: string): void;
  };
  /** The page's window (shared DOM): capture listeners see every canvas's context events. */
  target?: { addEventListener(type: string, listener: (e: { isTrusted?: boolean; target?: unknown }) => void, capture: boolean): void };
}

/** Same strings as electron/main/shell.ts WEBGL_LOST_CHANNEL / WEBGL_RESTORED_CHANNEL (tested). */
export const WEBGL_LOST_CHANNEL = 'shell:webgl-lost';
export const WEBGL_RESTORED_CHANNEL = 'shell:webgl-restored';

export function watchWebgl(deps: PreloadDeps): void {
  const t = deps.target;
  if (!t) return;
  const isCanvas = (x: unknown) => typeof x === 'object' && x !== null && (x as { tagName?: unknown }).tagName === 'CANVAS';
  const report = (channel: string) => (e: { isTrusted?: boolean; target?: unknown }) => {
    if (e.isTrusted === true && isCanvas(e.target)) deps.ipcRenderer.send(channel);
  };
  t.addEventListener('webglcontextlost', report(WEBGL_LOST_CHANNEL), true);
  t.addEventListener('webglcontextrestored', report(WEBGL_RESTORED_CHANNEL), true);
}

export interface SituationWallApi {
  invoke(channel: string, payload?: unknown): Promise<unknown>;
  onState(cb: (snapshot: unknown) => void): () => void;
}

export function createApi(ipc: PreloadDeps['ipcRenderer']): SituationWallApi {
  return Object.freeze({
    invoke(channel: string, payload?: unknown): Promise<unknown> {
      if (!isInvokeChannel(channel)) return Promise.reject(new Error(`отказано: неизвестный канал «${String(channel)}»`));
      return ipc.invoke(channel, payload);
    },
    onState(cb: (snapshot: unknown) => void): () => void {
      if (typeof cb !== 'function') throw new TypeError('onState: ожидалась функция');
      // The event object (with its sender) never reaches the page: only the snapshot does.
      const listener = (_event: IpcRendererEvent, snapshot: unknown) => cb(snapshot);
      ipc.on(STATE_PUSH_CHANNEL, listener);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        ipc.removeListener(STATE_PUSH_CHANNEL, listener);
      };
    },
  });
}

export function expose(deps: PreloadDeps): void {
  deps.contextBridge.exposeInMainWorld('situationWall', createApi(deps.ipcRenderer));
  watchWebgl(deps);
}

expose({ contextBridge, ipcRenderer, ...(typeof window !== 'undefined' ? { target: window as unknown as NonNullable<PreloadDeps['target']> } : {}) });
