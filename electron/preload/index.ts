/**
 * Preload of every window (sandboxed, context-isolated; built to dist-electron/preload/index.cjs).
 * Exposes one small frozen API as `window.situationWall` and nothing else — no ipcRenderer, no
 * Node. The main process validates everything again (electron/main/ipc.ts); the checks here only
 * keep mistakes close to where they are made.
 *
 *   situationWall.invoke(channel, payload?) → Promise   channels: shared/wall/channels.ts
 *   situationWall.onState(cb) → unsubscribe             WallSnapshot pushes (after invoke('wall:subscribe'))
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
  };
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
}

expose({ contextBridge, ipcRenderer });
