/**
 * The hub's early-warning service (docs/spec/alerts.md): a burst written through the sync path is
 * raised and announced; marks are console-only, persisted, announced and survive a restart; the
 * wall sees masked texts only.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { incidentBurst } from '../../../../../electron/hub/service/alerts.js';
import type { EventData, GetAlertResult, GetAlertsResult, MarkAlertResultSchema } from '../../../../../shared/bridge/protocol.js';
import type { z } from 'zod';

const NOW = Date.parse('2026-11-21T09:15:00+12:00');
let dir = '';
let hubs: Hub[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alerts-svc-'));
});
afterEach(async () => {
  for (const h of hubs) await h.close();
  hubs = [];
  rmSync(dir, { recursive: true, force: true });
});

async function open(clock: { t: number }): Promise<Hub> {
  const hub = await createHub({ cachePath: join(dir, 'wall.db'), demo: { region: 'kamchatka', days: 14, seed: 3 }, now: () => clock.t, playlistTimer: false });
  hubs.push(hub);
  return hub;
}

async function call<T>(hub: Hub, role: 'wall' | 'console', method: string, params: unknown): Promise<T> {
  const r = await hub.handle(role, { id: 1, method, params });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

describe('AlertService', () => {
  it('a burst arriving through the ingest path raises an alert, announced once with its names and level', async () => {
    const clock = { t: NOW };
    const hub = await open(clock);
    const raised: EventData<'alertRaised'>[] = [];
    const changed: EventData<'alertsChanged'>[] = [];
    hub.on('alertRaised', (d) => raised.push(d));
    hub.on('alertsChanged', (d) => changed.push(d));
    const before = await call<GetAlertsResult>(hub, 'wall', 'getAlerts', {});
    const burst = incidentBurst(hub.cache, clock.t, { count: 26, seed: 't1' });
    hub.applyBatch(burst, { source: 'demo-live' });

    expect(raised).toHaveLength(1);
    const inc = raised[0]!.incident;
    expect(inc.alert.messageIds.filter((id) => id.startsWith('inj-t1-')).length).toBeGreaterThanOrEqual(20);
    expect(inc.alert.level).toBe(3);
    expect(inc.alert.center).not.toBeNull();
    expect(inc.municipalityName).not.toMatch(/^\d+$/); // a name, not the OKTMO code
    expect(inc.categoryName).not.toBe('');
    expect(inc.detectedAt).toBe(clock.t);
    expect(changed.at(-1)).toEqual({ ids: expect.arrayContaining([inc.alert.id]), reason: 'detector' });

    const after = await call<GetAlertsResult>(hub, 'wall', 'getAlerts', { from: new Date(NOW - 3_600_000).toISOString(), to: new Date(NOW + 60_000).toISOString() });
    expect(after.active.map((i) => i.alert.id)).toContain(inc.alert.id);
    expect(after.active.length).toBe(before.active.length + 1);
    expect(after.period.map((i) => i.alert.id)).toContain(inc.alert.id);
    // the same messages again (a later revision, a replayed page) raise nothing new
    hub.applyBatch(burst.map((b) => ({ ...(b as object), rev: 2 })), { source: 'demo-live' });
    expect(raised).toHaveLength(1);
  });

  it('wall clients get masked texts, the console full ones; marking is the console\'s only', async () => {
    const clock = { t: NOW };
    const hub = await open(clock);
    hub.applyBatch(incidentBurst(hub.cache, clock.t, { seed: 't2' }), { source: 'demo-live' });
    const id = (await call<GetAlertsResult>(hub, 'wall', 'getAlerts', {})).active.find((i) => i.alert.messageIds.some((m) => m.startsWith('inj-t2-')))!.alert.id;

    const wall = await call<GetAlertResult>(hub, 'wall', 'getAlert', { id });
    const desk = await call<GetAlertResult>(hub, 'console', 'getAlert', { id });
    expect(desk.messages.length).toBeGreaterThanOrEqual(20);
    expect(desk.messages.some((m) => m.text.includes('+7 914 555-12-'))).toBe(true);
    expect(wall.messages.length).toBe(desk.messages.length);
    expect(wall.messages.some((m) => m.text.includes('555-12'))).toBe(false);
    expect(wall.messages[0]!.text).toMatch(/второй час никто не отвечает/);

    const refused = await hub.handle('wall', { id: 2, method: 'markAlert', params: { id, mark: 'seen' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const noComment = await hub.handle('console', { id: 3, method: 'markAlert', params: { id, mark: 'under_control' } });
    expect(noComment).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('комментарий') } });
    const unknown = await hub.handle('console', { id: 4, method: 'markAlert', params: { id: 'al-none', mark: 'seen' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await call<GetAlertResult>(hub, 'wall', 'getAlert', { id })).incident.mark).toBeNull();
  });

  it('a mark is announced to every window, shown by getAlerts and survives a restart of the hub', async () => {
    const clock = { t: NOW };
    let hub = await open(clock);
    hub.applyBatch(incidentBurst(hub.cache, clock.t, { seed: 't3' }), { source: 'demo-live' });
    const id = (await call<GetAlertsResult>(hub, 'wall', 'getAlerts', {})).active.find((i) => i.alert.messageIds.some((m) => m.startsWith('inj-t3-')))!.alert.id;
    const heard: EventData<'alertsChanged'>[] = [];
    hub.on('alertsChanged', (d) => heard.push(d));
    const r = await call<z.infer<typeof MarkAlertResultSchema>>(hub, 'console', 'markAlert', {
      id,
      mark: 'under_control',
      comment: 'Аварийная бригада выехала, звонить +7 914 000-00-01',
      operator: 'Дежурный Петров',
    });
    expect(r.incident.mark).toMatchObject({ mark: 'under_control', operator: 'Дежурный Петров' });
    expect(heard).toEqual([{ ids: [id], reason: 'mark' }]);
    const wallView = (await call<GetAlertsResult>(hub, 'wall', 'getAlerts', {})).active.find((i) => i.alert.id === id)!;
    expect(wallView.mark?.mark).toBe('under_control');
    expect(wallView.mark?.comment).toContain('Аварийная бригада выехала');
    expect(wallView.mark?.comment).not.toContain('000-00-01');

    await hub.close();
    hubs = [];
    clock.t += 10 * 60_000;
    hub = await open(clock);
    const again = await call<GetAlertsResult>(hub, 'console', 'getAlerts', {});
    const back = again.active.find((i) => i.alert.id === id);
    expect(back?.mark).toMatchObject({ mark: 'under_control', comment: 'Аварийная бригада выехала, звонить +7 914 000-00-01' });
    // raised before this hub started: history, not news (no banner after a restart)
    expect(back?.detectedAt).toBeNull();
    await call(hub, 'console', 'markAlert', { id, mark: 'false_alarm' });
    const hist = await call<GetAlertResult>(hub, 'console', 'getAlert', { id });
    expect(hist.marks.map((m) => m.mark)).toEqual(['under_control', 'false_alarm']);
    expect(hist.incident.mark?.mark).toBe('false_alarm');
  });

  it('the minute timer moves the detector on: a quiet alert ends, the change is announced, it leaves the active list', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const clock = { t: NOW };
      const hub = await open(clock);
      hub.applyBatch(incidentBurst(hub.cache, clock.t, { seed: 't4' }), { source: 'demo-live' });
      const active = async () => (await call<GetAlertsResult>(hub, 'wall', 'getAlerts', {})).active.map((i) => i.alert);
      const a = (await active()).find((x) => x.messageIds.some((m) => m.startsWith('inj-t4-')))!;
      expect(a.state).toBe('growing');
      const heard: EventData<'alertsChanged'>[] = [];
      hub.on('alertsChanged', (d) => heard.push(d));
      clock.t += 3 * 3_600_000;
      vi.advanceTimersByTime(60_000);
      expect((await active()).find((x) => x.id === a.id)?.state).toBe('fading');
      clock.t += 5 * 3_600_000;
      vi.advanceTimersByTime(60_000);
      expect(heard.some((d) => d.ids.includes(a.id))).toBe(true);
      expect((await active()).map((x) => x.id)).not.toContain(a.id);
      const period = await call<GetAlertsResult>(hub, 'wall', 'getAlerts', { from: new Date(NOW - 3_600_000).toISOString(), to: new Date(clock.t).toISOString() });
      expect(period.period.find((i) => i.alert.id === a.id)?.alert.state).toBe('ended');
    } finally {
      vi.useRealTimers();
    }
  });
});
