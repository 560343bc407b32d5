/**
 * What each role reads of a message's text (electron/hub/service/views.ts and alerts.ts): the
 * wall gets it masked (personal data never reaches a wall window), the console whole; both get an
 * excerpt cut at a fixed length with «…»; an incident's messages come newest first, within the
 * limit asked, without the ones removed since; marks in order, the latest the incident's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { incidentBurst } from '../../../../../electron/hub/service/alerts.js';
import type { GetAlertResult, GetAlertsResult, ViewResult } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, NOW, PHONE, type Fixture } from '../../../../support/hub-fixtures.js';

async function call<T>(hub: Hub, role: 'wall' | 'console', method: string, params: unknown): Promise<T> {
  const r = await hub.handle(role, { id: 1, method, params });
  if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code });
  return r.result as T;
}

describe('the wall view’s excerpts', () => {
  let fx: Fixture;
  let hub: Hub;
  beforeAll(async () => {
    fx = makeFixture(8);
    hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const [a, b, c, d] = fx.messages;
    // the 199th character is a space: the cut must not leave it before «…»
    const long = `Во дворе дома 15 не убирают снег. ${'Пишу уже третий раз, ответа нет. '.repeat(8)}Звоните ${PHONE}`;
    hub.applyBatch(
      [
        { ...a!, rev: 5, createdAt: new Date(NOW - 60_000).toISOString(), text: long },
        { ...b!, rev: 5, createdAt: new Date(NOW - 120_000).toISOString(), text: '' },
        // exactly 200 characters: shown whole
        { ...c!, rev: 5, createdAt: new Date(NOW - 180_000).toISOString(), text: 'Я'.repeat(200) },
        { ...d!, rev: 5, createdAt: new Date(NOW - 240_000).toISOString(), text: null },
      ],
      { source: 'test' },
    );
  });
  afterAll(async () => {
    await hub.close();
    fx.cleanup();
  });

  it('a long text is cut to 200 characters ending in «…», with no space before it; one of 200 is whole; an empty one is empty', async () => {
    for (const role of ['wall', 'console'] as const) {
      const v = await call<ViewResult>(hub, role, 'getView', { window: '7d', tickerLimit: 60 });
      const text = (id: string) => v.ticker.find((t) => t.id === id)?.text;
      const long = text(fx.messages[0]!.id)!;
      expect(long.length).toBeLessThanOrEqual(200);
      expect(long.endsWith('…')).toBe(true);
      expect(long).not.toMatch(/\s…$/u);
      expect(long.startsWith('Во дворе дома 15 не убирают снег. Пишу уже третий раз')).toBe(true);
      expect(long.length).toBe(199); // 198 characters and «…»
      expect(text(fx.messages[2]!.id)).toBe('Я'.repeat(200));
      expect(text(fx.messages[1]!.id) ?? '').toBe('');
      expect(text(fx.messages[3]!.id) ?? '').toBe(''); // a message with no text at all
    }
    const wall = await call<ViewResult>(hub, 'wall', 'getView', { window: '7d', tickerLimit: 60 });
    const con = await call<ViewResult>(hub, 'console', 'getView', { window: '7d', tickerLimit: 60 });
    // the phone stands past the cut: the wall's text is masked before it is cut, so the cut lands at the same words
    const w = wall.ticker.find((t) => t.id === fx.messages[0]!.id)!.text;
    const c = con.ticker.find((t) => t.id === fx.messages[0]!.id)!.text;
    expect(w).toBe(c);
  });
});

describe('an incident’s messages', () => {
  let dir: string;
  let hub: Hub;
  let id: string;
  let injected: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'texts-role-'));
    hub = await createHub({ cachePath: join(dir, 'wall.db'), demo: { region: 'kamchatka', days: 14, seed: 3 }, now: () => NOW, playlistTimer: false });
    const burst = incidentBurst(hub.cache, NOW, { count: 26, seed: 'tr' }) as Array<Record<string, unknown>>;
    // one text far longer than an excerpt, with a phone at its start
    // (masked, its 399th character is a space: the cut must not leave it before «…»)
    burst[burst.length - 1] = { ...burst.at(-1)!, text: `Звоните ${PHONE}. Пришлите аварийную бригаду сегодня. ${'Вода течёт по подъезду, никто не приходит. '.repeat(20)}` };
    // exactly 400 characters: shown whole; and a message with no text
    burst[burst.length - 2] = { ...burst.at(-2)!, text: 'Ж'.repeat(400) };
    burst[burst.length - 3] = { ...burst.at(-3)!, text: null };
    hub.applyBatch(burst, { source: 'demo-live' });
    injected = burst.map((b) => b.id as string);
    id = (await call<GetAlertsResult>(hub, 'wall', 'getAlerts', {})).active.find((i) => i.alert.messageIds.some((m) => m.startsWith('inj-tr-')))!.alert.id;
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('come newest first, as many as asked, with their channel’s name; an unknown incident is «не найден»', async () => {
    const all = await call<GetAlertResult>(hub, 'console', 'getAlert', { id });
    const at = all.messages.map((m) => Date.parse(m.createdAt));
    expect([...at].sort((a, b) => b - a)).toEqual(at);
    expect(all.messages.length).toBe(all.incident.alert.messageIds.length);
    expect(all.messages[0]!.id).toBe(all.incident.alert.messageIds.at(-1));
    for (const m of all.messages) expect(m.channelName).not.toMatch(/^[a-z_]+$/u); // a name, not the channel's id
    const five = await call<GetAlertResult>(hub, 'console', 'getAlert', { id, limit: 5 });
    expect(five.messages.map((m) => m.id)).toEqual(all.messages.slice(0, 5).map((m) => m.id));
    const one = await call<GetAlertResult>(hub, 'console', 'getAlert', { id, limit: 1 });
    expect(one.messages).toHaveLength(1);
    const e = await call(hub, 'wall', 'getAlert', { id: 'al-none' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'not_found', message: 'not_found: всплеск al-none не найден' });
  });

  it('a long text is cut to 400 characters with «…», masked on the wall before the cut', async () => {
    const longId = injected.at(-1)!;
    const wall = (await call<GetAlertResult>(hub, 'wall', 'getAlert', { id })).messages.find((m) => m.id === longId)!;
    const desk = (await call<GetAlertResult>(hub, 'console', 'getAlert', { id })).messages.find((m) => m.id === longId)!;
    expect(desk.text.startsWith(`Звоните ${PHONE}. Пришлите аварийную бригаду сегодня. Вода течёт`)).toBe(true);
    expect(wall.text.startsWith('Звоните [телефон]. Пришлите аварийную бригаду сегодня. Вода течёт')).toBe(true);
    expect(wall.text).toHaveLength(399); // 398 characters and «…»
    for (const t of [wall.text, desk.text]) {
      expect(t.length).toBeLessThanOrEqual(400);
      expect(t.length).toBeGreaterThan(390);
      expect(t).toMatch(/[^\s]…$/u);
    }
    for (const role of ['wall', 'console'] as const) {
      const ms = (await call<GetAlertResult>(hub, role, 'getAlert', { id })).messages;
      expect(ms.find((m) => m.id === injected.at(-2))!.text).toBe('Ж'.repeat(400));
      expect(ms.find((m) => m.id === injected.at(-3))!.text).toBe('');
      // short texts are never marked as cut
      expect(ms.filter((m) => m.text.endsWith('…')).map((m) => m.id)).toEqual([longId]);
    }
  });

  it('a message removed since is left out', async () => {
    const before = await call<GetAlertResult>(hub, 'console', 'getAlert', { id });
    const gone = before.messages[1]!.id;
    hub.applyBatch([{ id: gone, rev: 99, deleted: true }], { source: 'demo-live' });
    const after = await call<GetAlertResult>(hub, 'console', 'getAlert', { id });
    expect(after.messages.map((m) => m.id)).toEqual(before.messages.map((m) => m.id).filter((m) => m !== gone));
  });

  it('marks in the order given, the latest the incident’s; a mark without a comment has none on the wall either', async () => {
    await call(hub, 'console', 'markAlert', { id, mark: 'seen' });
    await call(hub, 'console', 'markAlert', { id, mark: 'under_control', comment: `Бригада выехала, телефон ${PHONE}` });
    await call(hub, 'console', 'markAlert', { id, mark: 'seen' });
    const wall = await call<GetAlertResult>(hub, 'wall', 'getAlert', { id });
    expect(wall.marks.map((m) => m.mark)).toEqual(['seen', 'under_control', 'seen']);
    expect(wall.marks.map((m) => m.comment)).toEqual([null, 'Бригада выехала, телефон [телефон]', null]);
    expect(wall.incident.mark).toMatchObject({ mark: 'seen', comment: null });
  });
});
