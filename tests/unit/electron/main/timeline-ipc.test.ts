import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { LAPTOP, gridDisplays } from '../../../support/fake-electron.js';

const ARCHIVE = '2026-11-24T02:00:00.000Z';
const STATE = {
  version: 3,
  scene: 'operational',
  pinned: false,
  playlist: { scenes: ['operational', 'briefing'], index: 0, intervalSec: 60, paused: false, nextAt: null },
  filters: { window: 'today', blocks: [], channels: [] },
  selectedMunicipality: null,
  camera: null,
  instant: null,
  playback: { speed: 60, playing: false, since: null },
};

/** A hub that records what it is asked: an intent echoes an archive state, other methods their role. */
function recordingHub() {
  const asked: { method?: string; params?: unknown; role?: string }[] = [];
  const responder = (m: { type?: string; id?: number; method?: string; params?: unknown; role?: string }) => {
    if (m.type !== 'request') return undefined;
    asked.push({ method: m.method, params: m.params, role: m.role });
    if (m.method === 'intent') return { id: m.id, ok: true, result: { ...STATE, version: 4, instant: ARCHIVE } };
    if (m.method === 'getWallState') return { id: m.id, ok: true, result: STATE };
    return { id: m.id, ok: true, result: { role: m.role, method: m.method } };
  };
  return { asked, responder };
}

async function setup() {
  const hub = recordingHub();
  const b = await boot({ wall: { mode: 'span' }, console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 2)], { hubResponder: hub.responder });
  const open = b.fake.open();
  return { ...b, hub, walls: open.filter((w) => w.query.get('role') === 'wall'), con: open.find((w) => w.query.get('role') === 'console')! };
}

describe('IPC: the time machine', () => {
  it('the console sets, steps, plays, pauses and returns live over wall:intent; the hub gets each intent as sent', async () => {
    const { fake, con, hub } = await setup();
    const intents = [
      { type: 'setInstant', instant: ARCHIVE },
      { type: 'stepInstant', minutes: -10 },
      { type: 'playbackSpeed', speed: 3600 },
      { type: 'playbackPlay', speed: 600 },
      { type: 'playbackPause' },
      { type: 'goLive' },
    ];
    for (const i of intents) await expect(fake.invoke('wall:intent', i, { wc: con.webContents })).resolves.toMatchObject({ instant: ARCHIVE });
    expect(hub.asked.filter((a) => a.method === 'intent').map((a) => a.params)).toEqual(intents);
  });

  it('a wall window cannot move the instant; a bad instant, speed or step is refused before the hub sees it', async () => {
    const { fake, con, walls, hub } = await setup();
    await expect(fake.invoke('wall:intent', { type: 'goLive' }, { wc: walls[0]!.webContents })).rejects.toThrow(/^отказано: канал wall:intent доступен только пульту/);
    await expect(fake.invoke('wall:intent', { type: 'setInstant', instant: 'вчера в два' }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос: instant/);
    await expect(fake.invoke('wall:intent', { type: 'playbackPlay', speed: 100 }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос: speed/);
    await expect(fake.invoke('wall:intent', { type: 'stepInstant', minutes: 0 }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос: minutes/);
    expect(hub.asked.filter((a) => a.method === 'intent')).toEqual([]);
  });

  it('an archive state from the hub reaches every wall window; getTimeline goes through hub:request', async () => {
    const { fake, walls, con } = await setup();
    for (const w of walls) await fake.invoke('wall:subscribe', undefined, { wc: w.webContents });
    fake.utilities[0]!.emit('message', { event: 'wallState', data: { ...STATE, version: 5, instant: ARCHIVE, playback: { speed: 600, playing: true, since: 1 } } });
    expect(walls.length).toBeGreaterThanOrEqual(2);
    for (const w of walls) {
      const last = w.webContents.sent.at(-1)!;
      expect(last.channel).toBe('wall:state');
      expect(last.args[0]).toMatchObject({ state: { version: 5, instant: ARCHIVE, playback: { speed: 600, playing: true } } });
    }
    await expect(fake.invoke('hub:request', { method: 'getTimeline', params: { days: 30 } }, { wc: con.webContents })).resolves.toEqual({ ok: true, result: { role: 'console', method: 'getTimeline' } });
    const bad = (await fake.invoke('hub:request', { method: 'getTimeline', params: { days: 400 } }, { wc: con.webContents })) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
