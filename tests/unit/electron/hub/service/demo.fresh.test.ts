/**
 * `serve --demo R` without --cache: every run gets a fresh demo cache whose history ends at the
 * run's own "now" — never the stale cache of an earlier run — and leaves nothing behind.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub } from '../../../../../electron/hub/service/hub.js';
import type { Response, ViewResult } from '../../../../../shared/bridge/protocol.js';

const parent = mkdtempSync(join(tmpdir(), 'sw-demo-parent-'));
process.env.SITUATION_WALL_DEMO_DIR = parent;
afterAll(() => {
  delete process.env.SITUATION_WALL_DEMO_DIR;
  rmSync(parent, { recursive: true, force: true });
});

async function freshness(now: number): Promise<{ dataAsOf: number; folders: number }> {
  const hub = await createHub({ demo: { region: 'kamchatka', days: 2, seed: 3 }, now: () => now, playlistTimer: false });
  const folders = readdirSync(parent).length;
  const r: Response = await hub.handle('wall', { id: 1, method: 'getView', params: { window: '24h' } });
  await hub.close();
  if (!r.ok) throw new Error(r.error.message);
  return { dataAsOf: Date.parse((r.result as ViewResult).freshness.dataAsOf!), folders };
}

describe('demo hub without a cache path', () => {
  it('generates a history ending at each run’s now and removes its cache at close', async () => {
    const day1 = Date.parse('2026-11-10T12:00:00+12:00');
    const day2 = Date.parse('2026-11-20T12:00:00+12:00');
    const a = await freshness(day1);
    expect(a.folders).toBe(1);
    expect(readdirSync(parent)).toEqual([]);
    const b = await freshness(day2);
    expect(day1 - a.dataAsOf).toBeLessThan(3 * 3_600_000);
    expect(day2 - b.dataAsOf).toBeLessThan(3 * 3_600_000);
    expect(readdirSync(parent)).toEqual([]);
  });
});
