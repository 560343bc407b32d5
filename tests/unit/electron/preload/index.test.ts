import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: [string, unknown][] = [];
const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
const invoked: unknown[][] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.push([k, v]) },
  ipcRenderer: {
    invoke: async (...a: unknown[]) => {
      invoked.push(a);
      return { echoed: a };
    },
    on: (c: string, l: (...a: unknown[]) => void) => listeners.set(c, [...(listeners.get(c) ?? []), l]),
    removeListener: (c: string, l: (...a: unknown[]) => void) => listeners.set(c, (listeners.get(c) ?? []).filter((x) => x !== l)),
    send: () => {
      throw new Error('the preload must not send');
    },
  },
}));

type Api = { invoke(c: string, p?: unknown): Promise<unknown>; onState(cb: (s: unknown) => void): () => void };

describe('preload', () => {
  beforeEach(() => {
    invoked.length = 0;
  });

  it('exposes exactly one frozen API, window.situationWall = { invoke, onState }', async () => {
    await import('../../../../electron/preload/index.js');
    expect(exposed.map(([k]) => k)).toEqual(['situationWall']);
    const api = exposed[0]![1] as Api;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onState']);
    expect(() => {
      (api as unknown as Record<string, unknown>).ipcRenderer = {};
    }).toThrow();
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|require/i);
  });

  it('invoke only on the contract channels', async () => {
    const api = exposed[0]![1] as Api;
    await expect(api.invoke('wall:getState')).resolves.toEqual({ echoed: ['wall:getState', undefined] });
    await expect(api.invoke('hub:request', { method: 'getGeo' })).resolves.toBeTruthy();
    for (const c of ['wall:state', 'ELECTRON_BROWSER_REQUIRE', 'shell:openExternal', '', 'console:action ']) await expect(api.invoke(c, {})).rejects.toThrow(/^отказано: неизвестный канал/);
    expect(invoked.map((a) => a[0])).toEqual(['wall:getState', 'hub:request']);
  });

  it('onState delivers the snapshot only (never the IPC event) and unsubscribes', async () => {
    const api = exposed[0]![1] as Api;
    const got: unknown[][] = [];
    const off = api.onState((...a) => got.push(a));
    const l = listeners.get('wall:state')!;
    expect(l).toHaveLength(1);
    l[0]!({ sender: 'secret-ipcRenderer' }, { state: null });
    expect(got).toEqual([[{ state: null }]]);
    off();
    off();
    expect(listeners.get('wall:state')).toHaveLength(0);
    expect(() => api.onState('nope' as never)).toThrow(TypeError);
  });
});
