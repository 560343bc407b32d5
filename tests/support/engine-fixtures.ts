/** Test helpers of the engine tests: a message with defaults, instants, a seeded PRNG. */
import { expect } from 'vitest';
import type { NormalizedMessage } from '../../shared/model.js';
import { MessageStore } from '../../shared/engine/store.js';

export const MIN = 60_000;
export const H = 60 * MIN;
export const D = 24 * H;
/** 2026-11-20T00:00:00Z */
export const T0 = Date.parse('2026-11-20T00:00:00Z');

let seq = 0;
export function msg(over: Partial<NormalizedMessage> = {}): NormalizedMessage {
  return {
    id: over.id ?? `m${String(++seq).padStart(5, '0')}`,
    rev: 1,
    channel: 'pos',
    municipality: '30701000',
    block: 'housing',
    category: 'housing.heating',
    createdAt: T0 + H,
    dueAt: T0 + 1000 * H,
    firstResponseAt: null,
    answeredAt: null,
    status: 'closed',
    reworkCount: 0,
    weight: 0,
    satisfaction: null,
    lat: null,
    lon: null,
    ...over,
  };
}

export function storeOf(ms: NormalizedMessage[]): MessageStore {
  return MessageStore.from(ms);
}

/**
 * The ids of the store's open rows (its open index), checking on the way that the index's dense
 * copy of each open row's fields equals the row's columns.
 */
export function openIdsChecked(s: MessageStore): string[] {
  const ol = s.openList;
  const ids: string[] = [];
  for (let i = 0; i < ol.n; i++) {
    const row = ol.rows[i]!;
    ids.push(s.ids[row]!);
    expect([ol.created[i], ol.due[i], ol.weight[i], ol.rework[i], ol.block[i], ol.municipality[i], ol.category[i]]).toEqual([
      s.createdAt[row],
      s.dueAt[row],
      s.weight[row],
      s.rework[row],
      s.block[row],
      s.municipality[row],
      s.category[row],
    ]);
  }
  return ids;
}

/** Seeded random numbers (the project's mulberry32). */
export { mulberry32 as rng } from '../../electron/hub/demo/rng.js';
