/**
 * An accelerated demo (`--live K`): its messages are stamped by the simulated clock, ahead of the
 * wall clock. The early warning must count by that clock too, or a burst of the demo's own time is
 * never reached by the detector (no incident in `npm run demo`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { incidentBurst } from '../../../../../electron/hub/service/alerts.js';
import type { EventData, GetAlertsResult } from '../../../../../shared/bridge/protocol.js';

const NOW = Date.parse('2026-11-21T09:15:00+12:00');
let dir = '';
let hub: Hub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hub data clock in an accelerated demo', () => {
  it('runs K times the wall clock; a burst stamped by it raises an incident', async () => {
    dir = mkdtempSync(join(tmpdir(), 'democlock-'));
    const clock = { t: NOW };
    hub = await createHub({ cachePath: join(dir, 'wall.db'), demo: { region: 'kamchatka', days: 14, seed: 3, liveSpeed: 600 }, now: () => clock.t, playlistTimer: false });
    const raised: EventData<'alertRaised'>[] = [];
    hub.on('alertRaised', (d) => raised.push(d));
    const t0 = hub.dataNow();
    clock.t += 60_000; // one minute of the wall clock is ten hours of the demo's
    expect(hub.dataNow() - t0).toBe(600 * 60_000);
    hub.applyBatch(incidentBurst(hub.cache, hub.dataNow(), { seed: 'fast' }), { source: 'demo-live' });
    expect(raised.map((r) => r.incident.alert.messageIds.filter((id) => id.startsWith('inj-fast-')).length)).toEqual([expect.any(Number)]);
    const r = await hub.handle('wall', { id: 1, method: 'getAlerts', params: {} });
    expect(r.ok).toBe(true);
    const active = (r as { result: GetAlertsResult }).result.active;
    expect(active.some((i) => i.alert.messageIds.some((m) => m.startsWith('inj-fast-')))).toBe(true);
  });
});
