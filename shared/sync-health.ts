/**
 * Health of the sync with the central API, as the wall and the console show it. Produced by the
 * hub's sync client (electron/hub/sync), persisted in the cache's state table under
 * SYNC_HEALTH_KEY so that the wall can show it right after a restart, before the network answers.
 * Pure: zod only.
 */
import { z } from 'zod';

export const SYNC_HEALTH_KEY = 'sync.health';

export const SyncStateSchema = z.enum(['online', 'catching_up', 'offline', 'stopped']);
export type SyncState = z.infer<typeof SyncStateSchema>;

/** Why sync stopped for good (until a person does something). */
export const StopReasonSchema = z.enum(['schema', 'auth', 'forbidden', 'binding', 'cancelled']);
export type StopReason = z.infer<typeof StopReasonSchema>;

export const SyncHealthSchema = z.object({
  state: SyncStateSchema,
  /** Region of the cache (from /v1/meta), null before the first answer. */
  region: z.object({ code: z.string(), name: z.string(), timezone: z.string() }).nullable(),
  api: z.string(),
  /** How changes arrive now: pulling pages, the SSE stream, or polling the changes feed. */
  mode: z.enum(['pull', 'stream', 'poll']),
  progress: z.object({
    /** Items received from the API in this run (valid and quarantined, repeats included). */
    received: z.number().int().nonnegative(),
    /** Items that changed the cache in this run. */
    applied: z.number().int().nonnegative(),
    /** Estimate of items still to pull (from the server's X-Log-Head / X-Log-Position), null if unknown. */
    remaining: z.number().int().nonnegative().nullable(),
    /** Items per second over the last seconds of pulling, null if unknown. */
    rate: z.number().nonnegative().nullable(),
  }),
  /** ISO time of the first failure of the current offline spell. */
  offlineSince: z.string().nullable(),
  /** Last error, one line in Russian (kept after recovery until the next success clears it). */
  lastError: z.string().nullable(),
  /** Items held in the quarantine table of the cache. */
  quarantined: z.number().int().nonnegative(),
  /** ISO time of the last successful exchange with the API (a page, a stream event, a heartbeat). */
  lastSyncAt: z.string().nullable(),
  stopReason: StopReasonSchema.nullable(),
  /** Outbox of operator actions: waiting and failed. */
  outbox: z.object({ pending: z.number().int().nonnegative(), failed: z.number().int().nonnegative() }).nullable(),
  /** ISO time this object was produced. */
  updatedAt: z.string(),
});
export type SyncHealth = z.infer<typeof SyncHealthSchema>;

/** Parses a persisted health object; null when absent or not understood. */
export function parseSyncHealth(json: string | null): SyncHealth | null {
  if (json === null) return null;
  try {
    const r = SyncHealthSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** One line for people: «онлайн», «догоняет: осталось ~12 000», «нет связи с 09:15» … */
export function describeSyncHealth(h: SyncHealth): string {
  switch (h.state) {
    case 'online':
      return 'онлайн';
    case 'catching_up':
      return h.progress.remaining !== null ? `догоняет: осталось ~${h.progress.remaining}` : 'догоняет';
    case 'offline':
      return `нет связи${h.offlineSince ? ` с ${h.offlineSince}` : ''}${h.lastError ? `: ${h.lastError}` : ''}`;
    case 'stopped':
      return `остановлена: ${h.lastError ?? h.stopReason ?? ''}`;
  }
}
