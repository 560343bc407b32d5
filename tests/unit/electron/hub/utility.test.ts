/**
 * The hub's utility-process entry (electron/hub/utility.ts) under plain Node, on a fake parentPort
 * speaking the shell's wire protocol (shared/wall/ipc.ts): init once, then requests with a role;
 * answers are bridge responses, pushes are bridge events the shell's supervisor accepts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHubUtility, hubOptionsFromConfig, type ParentPortLike } from '../../../../electron/hub/utility.js';
import { createHub, type HubOptions } from '../../../../electron/hub/service/hub.js';
import { createCentralServer } from '../../../../electron/hub/central/server.js';
import { EventSchema, isEvent, isResponse, type Response } from '../../../../shared/bridge/protocol.js';
import { parseConfig } from '../../../../shared/config.js';
import type { HubWireInit } from '../../../../shared/wall/ipc.js';
import { META, REFERENCE, makeLog } from '../../../integration/sync/fixture.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function userData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-utility-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

class FakePort implements ParentPortLike {
  sent: unknown[] = [];
  private listener: ((e: { data: unknown }) => void) | null = null;
  on(_event: 'message', l: (e: { data: unknown }) => void) {
    this.listener = l;
    return this;
  }
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  deliver(data: unknown) {
    this.listener?.({ data });
  }
  responses(): Response[] {
    return this.sent.filter(isResponse);
  }
  events(name?: string) {
    return this.sent.filter(isEvent).filter((e) => !name || e.event === name);
  }
  async answer(id: number, ms = 20_000): Promise<Response> {
    const end = Date.now() + ms;
    for (;;) {
      const r = this.responses().find((x) => x.id === id);
      if (r) return r;
      if (Date.now() > end) throw new Error(`нет ответа на запрос ${id}`);
      await new Promise((ok) => setTimeout(ok, 10));
    }
  }
}

/** The real createHub with a short demo history, so a test opens a demo hub in well under a second. */
const quickHub = (o: HubOptions) => createHub({ ...o, playlistTimer: false, ...(o.demo ? { demo: { ...o.demo, days: 2 } } : {}) });
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function start(config: unknown, token: string | null = null) {
  const port = new FakePort();
  const dir = userData();
  const u = runHubUtility({ port, createHub: quickHub, log: quiet });
  cleanups.push(() => u.stop());
  const init: HubWireInit = { type: 'init', config, token, userDataDir: dir, appVersion: '9.8.7' };
  return { port, u, dir, init };
}

const req = (id: number, method: string, params: unknown, role: 'wall' | 'console' = 'wall') => ({ type: 'request', id, method, params, role });

describe('hub utility process entry', () => {
  it('answers requests sent right after init (they wait for the hub), with the app version of the shell', async () => {
    const { port, init, dir } = start({ source: { kind: 'demo', region: 'kamchatka', liveRate: 0 } });
    port.deliver(init);
    port.deliver(req(1, 'hello', { client: 'display-1' }));
    port.deliver(req(2, 'getView', { window: 'today' }));
    const hello = await port.answer(1);
    expect(hello).toMatchObject({ ok: true, result: { appVersion: '9.8.7', role: 'wall', region: { name: 'Камчатский край' } } });
    expect((await port.answer(2)).ok).toBe(true);
    // The demo cache lives in the user data folder, one file per region.
    expect(existsSync(join(dir, 'cache', 'demo-kamchatka.db'))).toBe(true);
    // Every event it posted is one the shell's supervisor accepts; the first wall state is among them.
    expect(port.events().every((e) => EventSchema.safeParse(e).success)).toBe(true);
    expect(port.events('wallState').length).toBeGreaterThan(0);
  });

  it('keeps roles: a wall window cannot change the scene, a console can and every window hears it', async () => {
    const { port, init } = start({ source: { kind: 'demo', liveRate: 0 } });
    port.deliver(init);
    port.deliver(req(1, 'intent', { type: 'setScene', scene: 'briefing' }, 'wall'));
    expect(await port.answer(1)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    port.deliver(req(2, 'intent', { type: 'setScene', scene: 'briefing' }, 'console'));
    expect(await port.answer(2)).toMatchObject({ ok: true, result: { scene: 'briefing' } });
    expect(port.events('wallState').some((e) => (e.data as { scene: string }).scene === 'briefing')).toBe(true);
  });

  it('the demo live feed of the configuration reaches the shell as viewChanged events', async () => {
    const { port, init } = start({ source: { kind: 'demo', region: 'kamchatka', liveRate: 3000 } });
    port.deliver(init);
    port.deliver(req(1, 'getWallState', {}));
    await port.answer(1);
    const end = Date.now() + 10_000;
    while (port.events('viewChanged').length === 0 && Date.now() < end) await new Promise((ok) => setTimeout(ok, 50));
    expect(port.events('viewChanged').length).toBeGreaterThan(0);
  });

  it('an API source syncs with the token from init: the server data reaches the view, health says online', async () => {
    const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(150) } });
    cleanups.push(() => s.close());
    const { port, init, u } = start({ source: { kind: 'api', url: s.url } }, 'console');
    port.deliver(init);
    const hub = await u.ready;
    const end = Date.now() + 10_000;
    while (hub.store.size < s.state().length && Date.now() < end) await new Promise((ok) => setTimeout(ok, 20));
    expect(hub.store.size).toBe(s.state().length);
    // at the present: the reference server stamps each revision it serves with its own clock
    // (central-api.md 1.1), so the synced messages exist from the moment they were served on
    const present = new Date().toISOString();
    port.deliver(req(1, 'getView', { from: '2026-10-31T12:00:00Z', to: present, now: present }));
    const v = await port.answer(1);
    expect(v.ok && (v.result as { kpi: { region: { incoming: number } } }).kpi.region.incoming).toBeGreaterThan(0);
    while (!port.events('health').some((e) => (e.data as { sync: { state: string } }).sync.state === 'online') && Date.now() < end)
      await new Promise((ok) => setTimeout(ok, 20));
    expect(port.events('health').some((e) => (e.data as { sync: { state: string } }).sync.state === 'online')).toBe(true);
  });

  it('an API source without a token: the hub opens, health says sync is stopped and why', async () => {
    const { port, init } = start({ source: { kind: 'api', url: 'http://127.0.0.1:9/' } }, null);
    port.deliver(init);
    port.deliver(req(1, 'getWallState', {}));
    expect((await port.answer(1)).ok).toBe(true);
    const h = port.events('health').map((e) => e.data as { sync: { state: string; lastError: string | null } });
    expect(h.some((x) => x.sync.state === 'stopped' && /токен/.test(x.sync.lastError ?? ''))).toBe(true);
  });

  it('a hub that cannot open answers every request with the reason instead of dying in a restart loop', async () => {
    const { port, init } = start({ source: { kind: 'demo', region: 'atlantis' } });
    port.deliver(req(1, 'hello', {}));
    port.deliver(init);
    const r = await port.answer(1);
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((r as { error: { message: string } }).error.message).toMatch(/конфигурац.*source\.region/);
    port.deliver(req(2, 'getView', { window: 'today' }));
    expect(await port.answer(2)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const health = port.events('health');
    expect(health.length).toBe(1);
    expect(EventSchema.safeParse(health[0]).success).toBe(true);
  });

  it('refuses malformed requests and answers unavailable after stop', async () => {
    const { port, init, u } = start({ source: { kind: 'demo', liveRate: 0 } });
    port.deliver(init);
    await u.ready;
    port.deliver({ type: 'request', id: 5, method: 'hello', params: {} }); // no role
    expect(await port.answer(5)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    port.deliver(req(6, 'dropTables', {}));
    expect(await port.answer(6)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await u.stop();
    port.deliver(req(7, 'hello', {}));
    expect(await port.answer(7)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('hub options from the shell configuration', () => {
  const cfg = (c: unknown) => {
    const r = parseConfig(c);
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.config;
  };
  const init = { token: 'T', userDataDir: '/data', appVersion: '1.0.0' };

  it('demo: a cache per region under userData, live rate per minute turned into per second, playlist and thresholds kept', () => {
    const o = hubOptionsFromConfig(
      cfg({ region: 'perm', source: { kind: 'demo', liveRate: 120 }, playlist: { scenes: ['operational', 'briefing'], intervalSec: 30 }, thresholds: { zoneGreen: 85 } }),
      init,
    );
    expect(o.cachePath).toBe(join('/data', 'cache', 'demo-perm.db'));
    expect(o.demo).toMatchObject({ region: 'perm', liveRate: 2 });
    expect(o.api).toBeUndefined();
    expect(o.playlistScenes).toEqual(['operational', 'briefing']);
    expect(o.window).toBe('today');
    expect(o.intervalSec).toBe(30);
    expect(o.thresholds).toMatchObject({ zoneGreen: 85 });
    expect(o.appVersion).toBe('1.0.0');
  });

  it('api: one cache per API address, the token from init', () => {
    const a = hubOptionsFromConfig(cfg({ source: { kind: 'api', url: 'https://cur.example/api' } }), init);
    const b = hubOptionsFromConfig(cfg({ source: { kind: 'api', url: 'https://cur.example/api/' } }), init);
    const c = hubOptionsFromConfig(cfg({ source: { kind: 'api', url: 'https://other.example/api' } }), init);
    expect(a.api).toMatchObject({ url: 'https://cur.example/api', token: 'T' });
    expect(a.cachePath).toBe(b.cachePath);
    expect(a.cachePath).not.toBe(c.cachePath);
    expect(a.cachePath!.startsWith(join('/data', 'cache', 'api-'))).toBe(true);
    expect(a.demo).toBeUndefined();
  });
});
