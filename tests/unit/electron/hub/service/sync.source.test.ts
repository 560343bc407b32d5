/**
 * The central API as the hub's data source, over loopback HTTP against the reference server:
 * what the server changes reaches the wall (viewChanged, then getView shows it), a 410 resync
 * reloads the wall's data, operator actions are delivered, and a missing or refused token leaves
 * the cached wall up with sync «stopped» and the reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createCentralServer, type CentralServer } from '../../../../../electron/hub/central/server.js';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { main } from '../../../../../electron/hub/cli/main.js';
import type { Freshness, ViewResult } from '../../../../../shared/bridge/protocol.js';
import { seededRandom } from '../../../../../electron/hub/central/faults.js';
import { META, REFERENCE, makeLog, message } from '../../../../integration/sync/fixture.js';

const NOW = Date.parse('2026-11-21T09:15:00+12:00');
const WINDOW = { from: '2026-10-31T12:00:00.000Z', to: '2026-11-21T00:00:00.000Z', now: new Date(NOW).toISOString() };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempCache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-hub-sync-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'wall.db');
}

async function central(n = 300, port?: number): Promise<CentralServer> {
  const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(n) }, ...(port ? { port } : {}) });
  cleanups.push(() => s.close());
  return s;
}

async function hubOn(s: CentralServer | { url: string }, path: string, token: string | null = 'console', sync: Record<string, unknown> = {}): Promise<Hub> {
  const hub = await createHub({
    cachePath: path,
    api: { url: s.url, token, sync: { backoff: { baseMs: 20, capMs: 200 }, ...sync } },
    now: () => NOW,
    playlistTimer: false,
  });
  cleanups.push(() => hub.close());
  return hub;
}

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`не дождались: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function view(hub: Hub, role: 'wall' | 'console' = 'wall'): Promise<ViewResult> {
  const r = await hub.handle(role, { id: 1, method: 'getView', params: { ...WINDOW, tickerLimit: 200 } });
  if (!r.ok) throw new Error(r.error.message);
  return r.result as ViewResult;
}

const inWindow = (s: CentralServer) =>
  s.state().filter((m) => Date.parse(m.createdAt) >= Date.parse(WINDOW.from) && Date.parse(m.createdAt) < Date.parse(WINDOW.to)).length;

describe('hub with the central API as its source', () => {
  it('catches up from an empty cache: the region, the reference and every message reach the wall', async () => {
    const s = await central(400);
    const hub = await hubOn(s, tempCache());
    const health: Freshness[] = [];
    hub.on('health', (f) => health.push(f));
    await waitFor('догнать сервер', () => hub.store.size === s.state().length);
    expect(hub.region.name).toBe('Камчатский край');
    const hello = await hub.handle('wall', { id: 2, method: 'hello' });
    expect(hello.ok && (hello.result as { reference: { referenceVersion: string } }).reference.referenceVersion).toBe(REFERENCE.referenceVersion);
    const v = await view(hub);
    expect(v.kpi.region.incoming).toBe(inWindow(s));
    await waitFor('состояние «онлайн»', () => health.some((f) => f.sync.state === 'online'));
    expect(hub.freshness().lastSyncAt).not.toBeNull();
  });

  it('a change on the server reaches the open wall: viewChanged, then getView shows it', async () => {
    const s = await central(200);
    const hub = await hubOn(s, tempCache());
    await waitFor('догнать сервер', () => hub.store.size === s.state().length);
    const before = await view(hub);

    const versions: number[] = [];
    hub.on('viewChanged', (d) => versions.push(d.dataVersion));
    const fresh = {
      ...message('im-live-1', 1, seededRandom(5), 'new'),
      createdAt: '2026-11-20T18:00:00+12:00',
      dueAt: '2026-11-22T18:00:00+12:00',
      text: 'Нет отопления, звоните +7 914 123-45-67',
    };
    s.push([fresh]);
    await waitFor('событие viewChanged', () => versions.some((x) => x > before.dataVersion));
    const after = await view(hub);
    expect(after.kpi.region.incoming).toBe(before.kpi.region.incoming + 1);
    const item = after.ticker.find((t) => t.id === 'im-live-1');
    expect(item).toBeDefined();
    // Personal data stays off the wall even for live changes.
    expect(item!.text).not.toContain('123-45-67');

    // A later revision on the server (answered) changes the same message on the wall.
    s.push([{ ...fresh, rev: 2, status: 'answered', answeredAt: '2026-11-20T20:00:00+12:00', firstResponseAt: '2026-11-20T19:00:00+12:00' }]);
    await waitFor('ответ дошёл до стены', () => hub.cache.getMessage('im-live-1')?.status === 'answered');
    const answered = await view(hub);
    expect(answered.kpi.region.answered).toBe(after.kpi.region.answered + 1);
  });

  it('410 Gone while following: the cache is replaced and the open wall reloads to the server state', async () => {
    const s = await central(300);
    const hub = await hubOn(s, tempCache(), 'console', { stream: false, pollIntervalMs: 150 });
    await waitFor('догнать сервер', () => hub.store.size === s.state().length);
    let reloads = 0;
    const reload = hub.reload.bind(hub);
    hub.reload = () => {
      reloads++;
      reload();
    };
    expect(hub.cache.getMessage('im-000002')).not.toBeNull();
    // The server moves on and compacts its log before the next poll: the hub's cursor is too old.
    const r = seededRandom(99);
    s.push(Array.from({ length: 50 }, (_, i) => message(`im-new-${i}`, 1, r, 'new')));
    s.push([{ id: 'im-000002', rev: 1000, deleted: true }]);
    s.compact();
    await waitFor('перезагрузка после 410', () => reloads > 0);
    await waitFor('состояние сервера', () => hub.store.size === s.state().length);
    expect(hub.store.getRow('im-000002')).toBeUndefined();
    expect((await view(hub)).kpi.region.incoming).toBe(inWindow(s));
  });

  it('an operator action from the console reaches the server once, and its result comes back', async () => {
    const s = await central(100);
    const hub = await hubOn(s, tempCache());
    await waitFor('догнать сервер', () => hub.store.size === s.state().length);
    const target = s.state().find((m) => m.status === 'new')!;
    const r = await hub.handle('console', { id: 3, method: 'act', params: { messageId: target.id, type: 'acknowledge' } });
    expect(r.ok).toBe(true);
    const actionId = (r as { result: { actionId: string } }).result.actionId;
    await waitFor('действие принято сервером', () => s.stats().actions[actionId]?.processed === 1);
    await waitFor('новый статус на стене', () => hub.cache.getMessage(target.id)?.status === 'in_progress');
  });

  it('without a token the wall still opens from the cache, sync «stopped» says what to do', async () => {
    const s = await central(50);
    const path = tempCache();
    const first = await hubOn(s, path);
    await waitFor('догнать сервер', () => first.store.size === s.state().length);
    await first.close();

    const hub = await hubOn(s, path, null);
    expect(hub.store.size).toBe(s.state().length);
    const f = hub.freshness();
    expect(f.sync.state).toBe('stopped');
    expect(f.sync.lastError).toMatch(/токен/);
    expect((await view(hub)).kpi.region.incoming).toBe(inWindow(s));
  });

  it('a refused token stops sync with the reason; the hub keeps answering', async () => {
    const s = await central(50);
    const hub = await hubOn(s, tempCache(), 'not-a-token');
    const health: Freshness[] = [];
    hub.on('health', (f) => health.push(f));
    await waitFor('остановка синхронизации', () => hub.freshness().sync.state === 'stopped');
    expect(hub.freshness().sync.lastError).toMatch(/401|токен/i);
    await waitFor('событие health', () => health.some((h) => h.sync.state === 'stopped'));
    const r = await hub.handle('wall', { id: 4, method: 'getWallState' });
    expect(r.ok).toBe(true);
  });
});

describe('situation-wall serve --api', () => {
  function sink() {
    let text = '';
    const stream = new Writable({
      write(chunk, _e, cb) {
        text += String(chunk);
        cb();
      },
    });
    return { stream, get text() { return text; } };
  }

  it('refuses inconsistent source options with one Russian line', async () => {
    for (const [args, re] of [
      [['--api', 'http://127.0.0.1:1', '--token', 'console'], /нужен --cache/],
      [['--api', 'http://127.0.0.1:1', '--cache', 'x.db'], /--api требует --token/],
      [['--api', 'ftp://x', '--token', 't', '--cache', 'x.db'], /ожидался адрес http/],
      [['--api', 'http://127.0.0.1:1', '--token', 't', '--demo', 'kamchatka', '--cache', 'x.db'], /несовместимы/],
      [['--cache', 'x.db', '--token', 't'], /--token работает только с --api/],
    ] as const) {
      const err = sink();
      const code = await main(['serve', ...args], { stdout: sink().stream, stderr: err.stream });
      expect(code).not.toBe(0);
      expect(err.text).toMatch(re);
      expect(err.text.trim().split('\n')).toHaveLength(1);
    }
  });

  it('serves the wall from a cache synced live with the central API', async () => {
    const s = await central(120);
    const path = tempCache();
    const child = spawn(process.execPath, ['electron/hub/cli/bin.mjs', 'serve', '--api', s.url, '--token', 'console', '--cache', path, '--port', '0'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    let err = '';
    const url = await new Promise<string>((ok, fail) => {
      child.stderr.on('data', (d) => {
        err += String(d);
        const m = /стена: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
        if (m && /синхронизация: онлайн/.test(err)) ok(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`вышел с кодом ${code}: ${err}`)));
    });
    const health = (await (await fetch(`${url}healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    expect(err).toMatch(/источник: http:\/\/127\.0\.0\.1/);
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
