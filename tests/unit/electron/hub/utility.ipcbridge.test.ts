/**
 * The renderer's IPC transport (renderer/src/ipcBridge.ts) on a fake `window.situationWall`:
 * requests become `hub:request` envelopes, snapshot pushes become bridge events, the shell's
 * refusals keep their meaning as BridgeError codes.
 */
import { describe, expect, it } from 'vitest';
import { createIpcBridge, invokeError, situationWallApi, type SituationWallApi } from '../../../../renderer/src/ipcBridge.js';
import { BridgeError } from '../../../../shared/bridge/client.js';
import type { WallSnapshot } from '../../../../shared/wall/ipc.js';
import type { Freshness } from '../../../../shared/bridge/protocol.js';

const STATE = (version: number, scene = 'operational') => ({
  version,
  scene,
  pinned: false,
  playlist: { scenes: ['operational', 'briefing'], index: 0, intervalSec: 60, paused: false, nextAt: null },
  filters: { window: 'today' as const, blocks: [], channels: [] },
  selectedMunicipality: null,
  camera: null,
  instant: null,
  playback: { speed: 60 as const, playing: false, since: null },
});
const HEALTH = (state: 'online' | 'offline'): Freshness => ({
  dataAsOf: null,
  lastSyncAt: null,
  sync: { state, progress: null, offlineSince: null, lastError: null, quarantined: 0 },
});
const snap = (o: Partial<WallSnapshot> = {}): WallSnapshot => ({
  state: STATE(1),
  window: { role: 'wall', display: 1, scene: null, slice: null, canvas: null },
  notices: [],
  dataVersion: 0,
  health: null,
  alerts: { raised: null, changed: null },
  outbox: null,
  ...o,
});

function fakeApi(answer: (channel: string, payload: unknown) => unknown) {
  const calls: [string, unknown][] = [];
  const listeners = new Set<(s: unknown) => void>();
  const api: SituationWallApi = {
    invoke(channel, payload) {
      calls.push([channel, payload]);
      try {
        return Promise.resolve(answer(channel, payload));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    onState(cb) {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
  };
  return { api, calls, push: (s: unknown) => listeners.forEach((l) => l(s)), listeners };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('IPC bridge (renderer) over window.situationWall', () => {
  it('requests travel as hub:request envelopes; results and protocol errors come back as the WS bridge gives them', async () => {
    const f = fakeApi((channel, p) => {
      if (channel === 'wall:subscribe') return snap();
      const { method } = p as { method: string };
      if (method === 'getHeatPoints') return { ok: true, result: { points: new Float32Array([158.6, 53, 1]), count: 1, dataVersion: 4 } };
      if (method === 'act') return { ok: false, error: { code: 'forbidden', message: 'метод act доступен только пульту' } };
      return { ok: true, result: { method } };
    });
    const b = createIpcBridge(f.api);
    await expect(b.request('getWallState')).resolves.toEqual({ method: 'getWallState' });
    expect(f.calls).toContainEqual(['hub:request', { method: 'getWallState', params: {} }]);
    await b.request('getView', { window: '24h' });
    expect(f.calls).toContainEqual(['hub:request', { method: 'getView', params: { window: '24h' } }]);
    const heat = await b.request('getHeatPoints', { window: 'today' });
    expect(heat.points).toBeInstanceOf(Float32Array);
    expect(heat.count).toBe(1);
    const err = await b.request('act', { messageId: 'm1', type: 'acknowledge' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ code: 'forbidden', message: 'метод act доступен только пульту' });
  });

  it('a refused or invalid invoke becomes forbidden / bad_request without Electron’s prefix', async () => {
    expect(invokeError(new Error("Error invoking remote method 'console:action': Error: отказано: канал console:action доступен только пульту"))).toMatchObject({
      code: 'forbidden',
      message: 'отказано: канал console:action доступен только пульту',
    });
    expect(invokeError(new Error("Error invoking remote method 'hub:request': Error: неверный запрос: method"))).toMatchObject({ code: 'bad_request' });
    const f = fakeApi((channel) => {
      if (channel === 'console:action') throw new Error("Error invoking remote method 'console:action': Error: отказано: канал console:action доступен только пульту");
      return snap();
    });
    const b = createIpcBridge(f.api);
    await expect(b.consoleAction({ kind: 'reloadWall' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('snapshot pushes become wallState, viewChanged and health events, each only when it changed', async () => {
    const f = fakeApi(() => snap({ state: STATE(1), dataVersion: 2, health: HEALTH('online') }));
    const b = createIpcBridge(f.api);
    const got: [string, unknown][] = [];
    b.subscribe('wallState', (s) => got.push(['wallState', s.scene]));
    b.subscribe('viewChanged', (d) => got.push(['viewChanged', d.dataVersion]));
    b.subscribe('health', (h) => got.push(['health', h.sync.state]));
    await tick();
    // The subscribe answer itself counts: the window learns the current state at once.
    expect(got).toEqual([
      ['wallState', 'operational'],
      ['viewChanged', 2],
      ['health', 'online'],
    ]);
    got.length = 0;
    f.push(snap({ state: STATE(1), dataVersion: 2, health: HEALTH('online') })); // nothing new
    f.push(snap({ state: STATE(2, 'briefing'), dataVersion: 2, health: HEALTH('online') }));
    f.push(snap({ state: STATE(1, 'operational'), dataVersion: 3, health: HEALTH('offline') })); // an older state is ignored
    expect(got).toEqual([
      ['wallState', 'briefing'],
      ['viewChanged', 3],
      ['health', 'offline'],
    ]);
    expect(b.snapshot()?.dataVersion).toBe(3);
    expect(f.calls[0]![0]).toBe('wall:subscribe');
  });

  it('after a hub restart (its data version back at 0) windows still hear viewChanged with a higher version', async () => {
    const f = fakeApi(() => snap({ dataVersion: 40 }));
    const b = createIpcBridge(f.api);
    const versions: number[] = [];
    b.subscribe('viewChanged', (d) => versions.push(d.dataVersion));
    await tick();
    f.push(snap({ dataVersion: 0 }));
    f.push(snap({ dataVersion: 1 }));
    expect(versions).toEqual([40, 41, 42]);
  });

  it('the shell\'s numbered alert and outbox events become alertRaised, alertsChanged and outboxChanged, each number once; the first snapshot only notes them', async () => {
    const incident = (id: string) => ({ incident: { alert: { id } } }) as unknown as NonNullable<WallSnapshot['alerts']['raised']>['data'];
    const changed = (ids: string[]) => ({ ids, reason: 'mark' as const });
    const f = fakeApi(() => snap({ alerts: { raised: { seq: 3, data: incident('old') }, changed: null } }));
    const b = createIpcBridge(f.api);
    const got: string[] = [];
    b.subscribe('alertRaised', (d) => got.push(`raised ${d.incident.alert.id}`));
    b.subscribe('alertsChanged', (d) => got.push(`changed ${d.ids.join(',')}`));
    b.subscribe('outboxChanged', (d) => got.push(`outbox ${d.actionId} ${d.state}`));
    await tick();
    // a window opening after an incident was raised hears no banner for it: it fetches the alerts itself
    expect(got).toEqual([]);
    f.push(snap({ alerts: { raised: { seq: 4, data: incident('a1') }, changed: null } }));
    f.push(snap({ alerts: { raised: { seq: 4, data: incident('a1') }, changed: null } })); // the same number again: nothing
    f.push(snap({ alerts: { raised: { seq: 4, data: incident('a1') }, changed: { seq: 1, data: changed(['a1']) } } }));
    f.push(snap({ alerts: { raised: { seq: 4, data: incident('a1') }, changed: { seq: 2, data: changed(['a1']) } } })); // the same ids, a new event
    f.push(snap({ alerts: { raised: { seq: 4, data: incident('a1') }, changed: null }, outbox: { seq: 1, data: { actionId: 'x1', messageId: 'm1', state: 'sending' } } }));
    f.push(snap({ alerts: { raised: { seq: 4, data: incident('a1') }, changed: null }, outbox: { seq: 2, data: { actionId: 'x1', messageId: 'm1', state: 'accepted' } } }));
    expect(got).toEqual(['raised a1', 'changed a1', 'changed a1', 'outbox x1 sending', 'outbox x1 accepted']);
  });

  it('close() stops events and requests; the preload API is found only when it is complete', async () => {
    const f = fakeApi(() => snap());
    const b = createIpcBridge(f.api);
    await tick();
    const seen: unknown[] = [];
    b.subscribe('wallState', (s) => seen.push(s));
    b.close();
    expect(f.listeners.size).toBe(0);
    f.push(snap({ state: STATE(9) }));
    expect(seen).toEqual([]);
    await expect(b.request('hello')).rejects.toMatchObject({ code: 'disconnected' });

    expect(situationWallApi({})).toBeNull();
    expect(situationWallApi({ situationWall: { invoke: () => undefined } })).toBeNull();
    expect(situationWallApi({ situationWall: f.api })).toBe(f.api);
  });
});
