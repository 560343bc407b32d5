/**
 * The whole desktop chain without the Electron binary: the shell (on the recording fake of
 * `electron`) → its HubSupervisor → the hub's utility entry (run in-process on a structured-clone
 * port, as utilityProcess would carry it) → and back through the IPC router to the renderer's IPC
 * bridge in each window. A console changes the scene and every wall window hears it; a wall
 * window is read-only; views and heat points arrive with their types intact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSchemes, startShell, type Shell } from '../../../../electron/main/shell.js';
import type { HubProcess } from '../../../../electron/main/hub-process.js';
import { runHubUtility, type HubUtility } from '../../../../electron/hub/utility.js';
import { createHub, type HubOptions } from '../../../../electron/hub/service/hub.js';
import { createIpcBridge, type IpcBridge } from '../../../../renderer/src/ipcBridge.js';
import { STATE_PUSH_CHANNEL, type HubWireInit, type HubWireRequest } from '../../../../shared/wall/ipc.js';
import type { WallState } from '../../../../shared/bridge/wallState.js';
import { FakeClock, LAPTOP, createFakeElectron, gridDisplays, type FakeWindow } from '../../../support/fake-electron.js';
import { silentLog } from '../../../support/shell-boot.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** HubProcess running the real utility entry in this process; messages cross as structured clones. */
class InProcessHub implements HubProcess {
  util: HubUtility | null = null;
  inits: HubWireInit[] = [];
  private deliver: ((e: { data: unknown }) => void) | null = null;
  private readonly exitCbs: ((code: number) => void)[] = [];
  private readonly msgCbs: ((m: unknown) => void)[] = [];
  start(init: HubWireInit) {
    this.inits.push(init);
    this.util = runHubUtility({
      port: {
        on: (_e, l) => {
          this.deliver = l;
        },
        postMessage: (m) => {
          const copy = structuredClone(m);
          queueMicrotask(() => this.msgCbs.forEach((cb) => cb(copy)));
        },
      },
      createHub: (o: HubOptions) => createHub({ ...o, playlistTimer: false, ...(o.demo ? { demo: { ...o.demo, days: 2 } } : {}) }),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    this.deliver!({ data: structuredClone(init) });
  }
  async stop() {
    await this.util?.stop();
  }
  send(m: HubWireRequest) {
    this.deliver?.({ data: structuredClone(m) });
  }
  on(event: 'exit' | 'message', cb: (x: never) => void) {
    if (event === 'exit') this.exitCbs.push(cb as (c: number) => void);
    else this.msgCbs.push(cb as (m: unknown) => void);
  }
}

async function desktop(config: unknown) {
  const userData = mkdtempSync(join(tmpdir(), 'sw-chain-'));
  cleanups.push(() => rmSync(userData, { recursive: true, force: true }));
  writeFileSync(join(userData, 'config.json'), JSON.stringify(config));
  const fake = createFakeElectron({ displays: [LAPTOP, ...gridDisplays(1, 2)], userData });
  const hubProcess = new InProcessHub();
  registerSchemes(fake.api);
  const shell = (await startShell(fake.api, {
    argv: ['electron', '../../shell'],
    preloadPath: '/app/dist-electron/preload/index.cjs',
    rendererDir: '/app/dist/renderer',
    hubEntry: '/app/dist-electron/hub/utility.js',
    clock: new FakeClock(),
    logger: silentLog(),
    process: fake.process,
    keyringProbe: fake.keyringProbe,
    hubProcess,
  })) as Shell;
  cleanups.push(() => hubProcess.util?.stop());
  cleanups.push(() => shell.stop());
  /** The renderer side of a window: its preload API on the fake IPC, then the IPC bridge. */
  const bridgeOf = (w: FakeWindow): IpcBridge => {
    const listeners = new Set<(s: unknown) => void>();
    const send = w.webContents.send.bind(w.webContents);
    w.webContents.send = (channel: string, ...args: unknown[]) => {
      send(channel, ...args);
      if (channel === STATE_PUSH_CHANNEL) for (const l of listeners) l(structuredClone(args[0]));
    };
    const b = createIpcBridge({
      invoke: (channel, payload) => fake.invoke(channel, structuredClone(payload), { wc: w.webContents }).then((r) => structuredClone(r)),
      onState: (cb) => {
        listeners.add(cb);
        return () => void listeners.delete(cb);
      },
    });
    cleanups.push(() => b.close());
    return b;
  };
  const open = fake.open();
  const walls = open.filter((w) => w.query.get('role') === 'wall');
  const con = open.find((w) => w.query.get('role') === 'console')!;
  return { fake, shell, hubProcess, walls, con, bridgeOf, userData };
}

async function until<T>(what: string, f: () => T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`не дождались: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('shell → hub utility → IPC bridge', () => {
  it('a console changes the scene through the real hub and every wall window hears it; walls are read-only', async () => {
    const d = await desktop({ wall: { mode: 'per-display' }, console: { internal: true }, source: { kind: 'demo', region: 'kamchatka', liveRate: 0 } });
    expect(d.walls.length).toBe(2);
    expect(d.hubProcess.inits[0]).toMatchObject({ type: 'init', token: null, userDataDir: d.userData, appVersion: '0.1.0' });
    const con = d.bridgeOf(d.con);
    const walls = d.walls.map((w) => d.bridgeOf(w));

    const hello = await con.request('hello', { client: 'console' });
    expect(hello).toMatchObject({ role: 'console', region: { name: 'Камчатский край' } });
    expect((await walls[0]!.request('hello')).role).toBe('wall');

    const seen: WallState[][] = walls.map(() => []);
    walls.forEach((b, i) => b.subscribe('wallState', (s) => seen[i]!.push(s)));
    const after = await con.request('intent', { type: 'setScene', scene: 'briefing' });
    expect(after.scene).toBe('briefing');
    for (const s of seen) await until('сцена на стене', () => s.some((x) => x.scene === 'briefing'));

    await expect(walls[0]!.request('intent', { type: 'setScene', scene: 'operational' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(walls[0]!.consoleAction({ kind: 'reloadWall' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(con.consoleAction({ kind: 'about' })).resolves.toMatchObject({ ok: true });

    const view = await walls[1]!.request('getView', { window: '7d' });
    expect(view.kpi.region.incoming).toBeGreaterThan(0);
    const heat = await walls[1]!.request('getHeatPoints', { window: '7d' });
    expect(heat.points).toBeInstanceOf(Float32Array);
    expect(heat.count).toBeGreaterThan(0);
    // The wall's health (demo source) reached the windows through the shell's snapshots.
    await until('здоровье данных в окне', () => walls[0]!.snapshot()?.health?.sync.state === 'demo');
  });

  it('the demo live feed reaches the windows as viewChanged, and a re-fetched view has the new data version', async () => {
    const d = await desktop({ wall: { mode: 'per-display' }, console: { internal: true }, source: { kind: 'demo', region: 'kamchatka', liveRate: 6000 } });
    const wall = d.bridgeOf(d.walls[0]!);
    const first = await wall.request('getView', { window: 'today' });
    const versions: number[] = [];
    wall.subscribe('viewChanged', (x) => versions.push(x.dataVersion));
    await until('viewChanged', () => versions.some((v) => v > first.dataVersion));
    const again = await wall.request('getView', { window: 'today' });
    expect(again.dataVersion).toBeGreaterThan(first.dataVersion);
  });
});
