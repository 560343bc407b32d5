/**
 * Cursors of the reference server: opaque to clients (docs/spec/central-api.md: cursor), here
 * base64url of `v1:<server epoch>:<compaction generation>:<log position>`, and their resolution
 * to a log position — or null when the cursor cannot be served (→ 410 Gone).
 */
import type { CentralStore } from './store.js';

const CURSOR_PREFIX = 'v1';

/** Cursor: base64url of `v1:<server epoch>:<compaction generation>:<log position>`. */
export function encodeCursor(epoch: string, gen: number, seq: number): string {
  return Buffer.from(`${CURSOR_PREFIX}:${epoch}:${gen}:${seq}`).toString('base64url');
}

export function decodeCursor(c: string): { epoch: string; gen: number; seq: number } | null {
  const s = Buffer.from(c, 'base64url').toString('utf8');
  const m = /^v1:([0-9a-f]+):(\d+):(\d+)$/.exec(s);
  if (!m) return null;
  return { epoch: m[1]!, gen: Number(m[2]), seq: Number(m[3]) };
}

/** Resolves a cursor to a log position (no cursor: 0), or null when it cannot be served (→ 410). */
export function cursorPosition(store: CentralStore, epoch: string, cursor: string | null): number | null {
  if (cursor === null || cursor === '') return 0;
  const c = decodeCursor(cursor);
  if (!c || c.epoch !== epoch || c.seq > store.head || c.gen > store.generation) return null;
  // Below the compaction floor: only a cursor issued after the compaction (it points at a held
  // entry) is still good; an older one may skip entries that were dropped → 410.
  if (c.seq < store.floor && (c.gen < store.generation || !store.holds(c.seq))) return null;
  return c.seq;
}
