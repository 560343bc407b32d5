/**
 * Loading the engine's store from the cache, and what the engine needs from the cache's reference.
 */
import type { Cache } from '../cache/api.js';
import { MessageStore } from '../../../shared/engine/store.js';
import type { KpiReference } from '../../../shared/engine/kpi.js';
import type { RatingMunicipality } from '../../../shared/engine/rating.js';

/** A store holding every current message of the cache. */
export function loadStore(cache: Cache): MessageStore {
  const store = new MessageStore(Math.max(1024, cache.messageCount()));
  for (const m of cache.scanNormalized()) store.upsert(m);
  return store;
}

/**
 * The engine's dictionaries: the cache's reference when it has one; otherwise empty (the engine
 * then shows the values found in the data). Municipality names fall back to the OKTMO code.
 */
export function engineReference(cache: Cache, store: MessageStore): { reference: KpiReference; municipalities: RatingMunicipality[] } {
  const ref = cache.getReference();
  if (!ref) {
    const municipalities = store.municipalities.present().map((oktmo) => ({ oktmo, name: oktmo }));
    return { reference: { blocks: [], channels: [], municipalities }, municipalities };
  }
  return {
    reference: {
      blocks: ref.blocks.map((b) => b.id),
      channels: ref.channels.map((c) => c.id),
      municipalities: ref.municipalities,
    },
    municipalities: ref.municipalities.map((m) => ({ oktmo: m.oktmo, name: m.name, population: m.population ?? null })),
  };
}
