/** Test helpers of the engine tests: a message with defaults, instants, a seeded PRNG. */
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

/** Seeded random numbers (the project's mulberry32). */
export { mulberry32 as rng } from '../../electron/hub/demo/rng.js';
