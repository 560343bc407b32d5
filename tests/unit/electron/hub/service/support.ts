/** Small builders for the hub service unit tests. */
import type { SyncHealth } from '../../../../../shared/sync-health.js';

/** A sync health as the sync client reports it (catching up by default). */
export function syncHealth(over: Partial<SyncHealth> = {}): SyncHealth {
  return {
    state: 'catching_up',
    region: null,
    api: 'http://central.example',
    mode: 'pull',
    progress: { received: 0, applied: 0, remaining: 100, rate: null },
    offlineSince: null,
    lastError: null,
    quarantined: 0,
    lastSyncAt: null,
    stopReason: null,
    outbox: { pending: 0, failed: 0 },
    updatedAt: '2026-11-20T21:00:00.000Z',
    ...over,
  };
}

/** Catching up with `applied` of `applied + remaining` done. */
export function catchingUp(applied: number, remaining = 100): SyncHealth {
  return syncHealth({ progress: { received: applied, applied, remaining, rate: null } });
}
