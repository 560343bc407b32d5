/**
 * The time machine shows the incidents of its instant (issue 10): at a past instant the wall's
 * `getAlerts` lists the alerts active then — not the ones raised later, not one already ended —
 * and an operator's mark made after the instant is not on it yet.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { incidentBurst } from '../../../../../electron/hub/service/alerts.js';
import type { GetAlertsResult } from '../../../../../shared/bridge/protocol.js';

const NOW = Date.parse('2026-11-21T09:15:00+12:00');
const H = 3_600_000;
let dir = '';
let hub: Hub | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await hub?.close();
  hub = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function call<T>(h: Hub, role: 'wall' | 'console', method: string, params: unknown): Promise<T> {
  const r = await h.handle(role, { id: 1, method, params });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

describe('incidents at the archive instant', () => {
  it('active then, not raised later, not ended by then; a later mark not yet shown', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    dir = mkdtempSync(join(tmpdir(), 'alerts-archive-'));
    const clock = { t: NOW };
    hub = await createHub({ cachePath: join(dir, 'wall.db'), demo: { region: 'kamchatka', days: 14, seed: 3 }, now: () => clock.t, playlistTimer: false });
    hub.applyBatch(incidentBurst(hub.cache, clock.t, { seed: 'arc' }), { source: 'demo-live' });
    const ids = async () => (await call<GetAlertsResult>(hub!, 'wall', 'getAlerts', {})).active.map((i) => i.alert);
    const a = (await ids()).find((x) => x.messageIds.some((m) => m.startsWith('inj-arc-')))!;
    expect(a).toBeDefined();
    // the alert ends; then, live, the console marks it
    clock.t += 8 * H;
    vi.advanceTimersByTime(60_000);
    clock.t += 8 * H;
    vi.advanceTimersByTime(60_000);
    expect((await ids()).map((x) => x.id)).not.toContain(a.id);
    await call(hub, 'console', 'markAlert', { id: a.id, mark: 'seen' });

    // at the instant it was raised (plus a minute): active, growing or steady, without the later mark
    hub.dispatch({ type: 'setInstant', instant: new Date(Date.parse(a.raisedAt) + 60_000).toISOString() });
    const then = await call<GetAlertsResult>(hub, 'wall', 'getAlerts', { from: new Date(NOW - 2 * H).toISOString(), to: new Date(NOW + 2 * H).toISOString() });
    const shown = then.active.find((i) => i.alert.id === a.id);
    expect(shown).toBeDefined();
    expect(shown!.alert.endedAt).toBeNull();
    expect(shown!.mark).toBeNull();
    expect(shown!.alert.messageIds.length).toBeLessThanOrEqual(a.messageIds.length);
    expect(then.period.map((i) => i.alert.id)).toContain(a.id);
    expect(then.now).toBe(Date.parse(a.raisedAt) + 60_000);

    // an hour before its first message: not there at all
    hub.dispatch({ type: 'setInstant', instant: new Date(Date.parse(a.firstAt) - H).toISOString() });
    const before = await call<GetAlertsResult>(hub, 'wall', 'getAlerts', { from: new Date(NOW - 3 * H).toISOString(), to: new Date(NOW + 2 * H).toISOString() });
    expect(before.active.map((i) => i.alert.id)).not.toContain(a.id);
    expect(before.period.map((i) => i.alert.id)).not.toContain(a.id);

    // live again: as now (ended, marked)
    hub.dispatch({ type: 'goLive' });
    const live = await call<GetAlertsResult>(hub, 'wall', 'getAlerts', { from: new Date(NOW - 2 * H).toISOString(), to: new Date(clock.t).toISOString() });
    expect(live.active.map((i) => i.alert.id)).not.toContain(a.id);
    expect(live.period.find((i) => i.alert.id === a.id)?.mark?.mark).toBe('seen');
  });
});
