import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub } from '../../../../../electron/hub/service/hub.js';
import type { ViewResult } from '../../../../../shared/bridge/protocol.js';

describe('hub in demo mode', () => {
  it('fills an empty cache with history and the live feed brings new messages to the wall', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-demo-'));
    const hub = await createHub({ cachePath: join(dir, 'demo.db'), demo: { region: 'kamchatka', days: 2, seed: 7, liveRate: 40 }, playlistTimer: false });
    try {
      expect(hub.region.name).toBe('Камчатский край');
      const start = hub.store.size;
      expect(start).toBeGreaterThan(0);
      const version = await new Promise<number>((ok) => hub.on('viewChanged', (d) => ok(d.dataVersion)));
      expect(version).toBeGreaterThan(0);
      expect(hub.store.size).toBeGreaterThanOrEqual(start);
      const r = await hub.handle('wall', { id: 1, method: 'getView', params: { window: 'today' } });
      expect(r.ok).toBe(true);
      const v = (r as { result: ViewResult }).result;
      expect(v.freshness.sync.state).toBe('demo');
      expect(v.freshness.lastSyncAt).not.toBeNull();
    } finally {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
