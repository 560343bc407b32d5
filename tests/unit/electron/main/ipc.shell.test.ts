import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { LAPTOP, gridDisplays } from '../../../support/fake-electron.js';

const STATE = {
  version: 3,
  scene: 'operational',
  pinned: false,
  playlist: { scenes: ['operational', 'briefing'], index: 0, intervalSec: 60, paused: false, nextAt: null },
  filters: { window: 'today', blocks: [], channels: [] },
  selectedMunicipality: null,
  camera: null,
};

/** A hub that answers every request: the intent echoes a state, other methods their role. */
const responder = (m: { type?: string; id?: number; method?: string; role?: string }) =>
  m.type === 'request' ? { id: m.id, ok: true, result: m.method === 'intent' || m.method === 'getWallState' ? STATE : { role: m.role, method: m.method } } : undefined;

async function setup() {
  const b = await boot({ wall: { mode: 'span' }, console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 2)], { hubResponder: responder });
  const open = b.fake.open();
  const wall = open.find((w) => w.query.get('role') === 'wall')!;
  const con = open.find((w) => w.query.get('role') === 'console')!;
  return { ...b, wall, con };
}

describe('IPC: sender checks', () => {
  it('a webContents the shell did not create is refused', async () => {
    const { fake, log } = await setup();
    await expect(fake.invoke('wall:getState', undefined, { id: 9999, url: 'app://wall/index.html' })).rejects.toThrow(/^отказано: окно создано не оболочкой/);
    expect(log.lines.some((l) => l.startsWith('WARN IPC wall:getState: отказано'))).toBe(true);
  });

  it('a foreign page in our window, or a subframe, is refused', async () => {
    const { fake, con } = await setup();
    await expect(fake.invoke('wall:getState', undefined, { wc: con.webContents, url: 'https://evil.example/' })).rejects.toThrow(/^отказано: чужая страница/);
    await expect(fake.invoke('wall:getState', undefined, { wc: con.webContents, url: 'file:///app/dist/renderer/index.html' })).rejects.toThrow(/^отказано/);
    await expect(fake.invoke('wall:getState', undefined, { wc: con.webContents, parent: {} })).rejects.toThrow(/^отказано: запрос из вложенного фрейма/);
  });

  it('wall windows are read-only: console channels refused', async () => {
    const { fake, wall, con } = await setup();
    await expect(fake.invoke('wall:intent', { type: 'setScene', scene: 'briefing' }, { wc: wall.webContents })).rejects.toThrow(/^отказано: канал wall:intent доступен только пульту/);
    await expect(fake.invoke('console:action', { kind: 'reloadWall' }, { wc: wall.webContents })).rejects.toThrow(/^отказано: канал console:action/);
    await expect(fake.invoke('wall:intent', { type: 'setScene', scene: 'briefing' }, { wc: con.webContents })).resolves.toMatchObject({ version: 3 });
  });

  it('invalid payloads are refused before anything happens', async () => {
    const { fake, con } = await setup();
    const posted = () => fake.utilities[0]!.posted.length;
    const before = posted();
    await expect(fake.invoke('wall:intent', { type: 'setScene', scene: '../../etc' }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос: scene/);
    await expect(fake.invoke('wall:intent', { type: 'format-disk' }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос/);
    await expect(fake.invoke('console:action', { kind: 'setApiToken', token: '' }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос: token/);
    await expect(fake.invoke('hub:request', { method: 'eval', params: 'x' }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос: method/);
    await expect(fake.invoke('wall:getState', { extra: 1 }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос/);
    expect(posted()).toBe(before);
  });
});

describe('IPC: hub:request', () => {
  it('relays a bridge request with the window role; params are validated', async () => {
    const { fake, wall, con } = await setup();
    await expect(fake.invoke('hub:request', { method: 'getView', params: { window: '24h' } }, { wc: wall.webContents })).resolves.toEqual({ ok: true, result: { role: 'wall', method: 'getView' } });
    await expect(fake.invoke('hub:request', { method: 'getMessage', params: { id: 'm1' } }, { wc: con.webContents })).resolves.toEqual({ ok: true, result: { role: 'console', method: 'getMessage' } });
    const bad = (await fake.invoke('hub:request', { method: 'getView', params: { window: 'forever' } }, { wc: wall.webContents })) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('console-only methods are forbidden to wall windows (full texts never reach the wall)', async () => {
    const { fake, wall } = await setup();
    const before = fake.utilities[0]!.posted.length;
    for (const [method, params] of [['getMessage', { id: 'm1' }], ['act', { messageId: 'm1', type: 'acknowledge' }], ['intent', { type: 'unpin' }]] as const) {
      const r = await fake.invoke('hub:request', { method, params }, { wc: wall.webContents });
      expect(r, method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(fake.utilities[0]!.posted.length).toBe(before);
  });
});

describe('IPC: state', () => {
  it('getState tells each window who it is; subscribers get pushes on hub events', async () => {
    const { fake, wall, con } = await setup();
    await new Promise((r) => setTimeout(r, 0));
    const snap = (await fake.invoke('wall:subscribe', undefined, { wc: wall.webContents })) as { state: unknown; window: unknown; notices: unknown[] };
    expect(snap.window).toEqual({ role: 'wall', display: 1, scene: null, slice: { x: 0, y: 0, width: 1920, height: 1080 }, canvas: { width: 3840, height: 1080 } });
    expect(snap.state).toMatchObject({ version: 3 });
    await fake.invoke('wall:subscribe', undefined, { wc: con.webContents });

    fake.utilities[0]!.emit('message', { event: 'wallState', data: { ...STATE, version: 4, scene: 'briefing' } });
    fake.utilities[0]!.emit('message', { event: 'viewChanged', data: { dataVersion: 17 } });
    const last = wall.webContents.sent.at(-1)!;
    expect(last.channel).toBe('wall:state');
    expect(last.args[0]).toMatchObject({ state: { version: 4, scene: 'briefing' }, dataVersion: 17, notices: [] });
    // An older state never overwrites a newer one.
    fake.utilities[0]!.emit('message', { event: 'wallState', data: { ...STATE, version: 2 } });
    expect((wall.webContents.sent.at(-1)!.args[0] as { state: { version: number } }).state.version).toBe(4);
    // A malformed event is dropped.
    const n = wall.webContents.sent.length;
    fake.utilities[0]!.emit('message', { event: 'wallState', data: { version: 'x' } });
    expect(wall.webContents.sent.length).toBe(n);

    const cs = (await fake.invoke('wall:getState', undefined, { wc: con.webContents })) as { window: { role: string } };
    expect(cs.window.role).toBe('console');
  });

  it('early-warning events reach every window numbered; the outbox only the console', async () => {
    const { fake, wall, con } = await setup();
    await new Promise((r) => setTimeout(r, 0));
    for (const w of [wall, con]) await fake.invoke('wall:subscribe', undefined, { wc: w.webContents });
    const incident = {
      alert: {
        id: 'a-1', municipality: '30701000', block: 'housing', category: 'heating', messageIds: ['m1', 'm2', 'm3'], count: 3, expected: 0.4,
        firstAt: '2026-11-20T10:00:00+12:00', raisedAt: '2026-11-20T10:30:00+12:00', lastAt: '2026-11-20T10:30:00+12:00', endedAt: null,
        state: 'growing', level: 2, center: null, radiusKm: null,
      },
      blockName: 'ЖКХ', categoryName: 'Отопление', municipalityName: 'Петропавловск-Камчатский', mark: null, detectedAt: 1,
    };
    type Snap = { alerts: { raised: { seq: number; data: { incident: { alert: { id: string } } } } | null; changed: { seq: number } | null }; outbox: { seq: number; data: { state: string } } | null };
    const lastOf = (w: typeof wall) => w.webContents.sent.at(-1)!.args[0] as Snap;
    fake.utilities[0]!.emit('message', { event: 'alertRaised', data: { incident } });
    for (const w of [wall, con]) expect(lastOf(w).alerts.raised).toMatchObject({ seq: 1, data: { incident: { alert: { id: 'a-1' } } } });
    fake.utilities[0]!.emit('message', { event: 'alertsChanged', data: { ids: ['a-1'], reason: 'mark' } });
    fake.utilities[0]!.emit('message', { event: 'alertsChanged', data: { ids: ['a-1'], reason: 'detector' } });
    for (const w of [wall, con]) expect(lastOf(w).alerts).toMatchObject({ raised: { seq: 1 }, changed: { seq: 2 } });
    const wallSent = wall.webContents.sent.length;
    fake.utilities[0]!.emit('message', { event: 'outboxChanged', data: { actionId: 'x1', messageId: 'm1', state: 'accepted' } });
    expect(lastOf(con).outbox).toEqual({ seq: 1, data: { actionId: 'x1', messageId: 'm1', state: 'accepted' } });
    expect(wall.webContents.sent.length).toBe(wallSent);
    expect(((await fake.invoke('wall:getState', undefined, { wc: wall.webContents })) as Snap).outbox).toBeNull();
    // a malformed incident is dropped, never pushed
    const n = wall.webContents.sent.length;
    fake.utilities[0]!.emit('message', { event: 'alertRaised', data: { incident: { alert: { id: 'x' } } } });
    expect(wall.webContents.sent.length).toBe(n);
  });

  it('notices only to the console: a raised notice is pushed to and read by the console, never a wall window', async () => {
    // The hub dies once with restarts off: the shell raises an error notice.
    const b = await boot({ wall: { mode: 'span' }, console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 2)], {
      hubResponder: responder,
      backoff: { maxFailures: 0, windowMs: 60_000 },
    });
    const open = b.fake.open();
    const walls = open.filter((w) => w.query.get('role') === 'wall');
    const con = open.find((w) => w.query.get('role') === 'console')!;
    expect(walls.length).toBeGreaterThan(0);
    for (const w of [...walls, con]) await b.fake.invoke('wall:subscribe', undefined, { wc: w.webContents });
    const sentBefore = new Map(walls.map((w) => [w, w.webContents.sent.length]));
    b.fake.utilities[0]!.emit('exit', 1);
    expect(b.shell.notices()).toEqual([expect.objectContaining({ level: 'error', text: expect.stringMatching(/хаб данных завершился/) })]);
    type Snap = { notices: { text: string }[] };
    // The console hears it (pushed) and reads it (its snapshot).
    expect((con.webContents.sent.at(-1)!.args[0] as Snap).notices.map((n) => n.text)).toEqual([expect.stringMatching(/хаб данных завершился/)]);
    expect(((await b.fake.invoke('wall:getState', undefined, { wc: con.webContents })) as Snap).notices).toHaveLength(1);
    // No wall window: no push because of the notice, and none in what it reads or is sent later.
    b.fake.utilities[0]!.emit('message', { event: 'viewChanged', data: { dataVersion: 99 } });
    for (const w of walls) {
      const sent = w.webContents.sent.slice(sentBefore.get(w));
      expect(sent.every((m) => (m.args[0] as Snap).notices.length === 0)).toBe(true);
      expect(((await b.fake.invoke('wall:getState', undefined, { wc: w.webContents })) as Snap).notices).toEqual([]);
      expect(JSON.stringify(w.webContents.sent)).not.toMatch(/хаб данных завершился/);
    }
  });

  it('console actions: the API token is stored encrypted, never in plain text', async () => {
    const { fake, con, userData } = await setup();
    await expect(fake.invoke('console:action', { kind: 'setApiToken', token: 'сЕкРеТ-42' }, { wc: con.webContents })).resolves.toEqual({ ok: true });
    const { readFileSync } = await import('node:fs');
    const raw = readFileSync(`${userData}/tokens/default.bin`, 'utf8');
    expect(raw).not.toContain('сЕкРеТ-42');
    expect(raw.startsWith('ENC1')).toBe(true);
    await expect(fake.invoke('console:action', { kind: 'about' }, { wc: con.webContents })).resolves.toMatchObject({ ok: true, about: { name: 'Ситуационная стена' } });
  });
});
