/**
 * Loading the engine's store from the cache, and what the engine needs from the cache's reference.
 */
import type { Cache } from '../cache/api.js';
import { MessageStore } from '../../../shared/engine/store.js';
import { HistoryStore } from '../../../shared/engine/history.js';
import type { KpiReference } from '../../../shared/engine/kpi.js';
import type { RatingMunicipality } from '../../../shared/engine/rating.js';

export interface LoadedStore {
  store: MessageStore;
  /** The cache's data_version that the store mirrors. */
  dataVersion: number;
  /** Where it came from: the stored snapshot, or a scan of the messages table. */
  from: 'snapshot' | 'scan';
  /** Why the snapshot was not used (absent, stale, unreadable …), when it was not. */
  fallback?: string;
  /** Whether a fresh snapshot was stored after a scan. */
  snapshotWritten?: boolean;
}

/**
 * A store holding every current message of the cache: from the cache's store snapshot when it was
 * taken at the current data_version and reads back whole; otherwise (absent, stale, corrupt,
 * another format) by scanning the messages table, after which a fresh snapshot is stored (in its
 * own transaction; a read-only cache stores none). The snapshot is a cache of the table, never
 * the truth: anything wrong with it means a scan.
 */
export function loadStoreFromCache(
  cache: Cache,
  opts: { useSnapshot?: boolean; writeSnapshot?: boolean } = {},
): LoadedStore {
  let fallback = 'нет снимка текущей версии';
  const snap = (opts.useSnapshot ?? true) ? cache.readSnapshot() : null;
  if (snap) {
    try {
      return { store: MessageStore.deserialize(snap.blob), dataVersion: snap.dataVersion, from: 'snapshot' };
    } catch (e) {
      fallback = (e as Error).message;
    }
  }
  const store = new MessageStore(Math.max(1024, cache.liveCountBound()));
  const dataVersion = cache.forEachLive((m) => store.upsert(m));
  let snapshotWritten = false;
  if (opts.writeSnapshot ?? true) snapshotWritten = saveStoreSnapshot(cache, store, dataVersion);
  return { store, dataVersion, from: 'scan', fallback, snapshotWritten };
}

/** A store holding every current message of the cache (see loadStoreFromCache). */
export function loadStore(cache: Cache): MessageStore {
  return loadStoreFromCache(cache).store;
}

/**
 * Stores `store` as the cache's snapshot, when it mirrors the cache at `dataVersion` and that is
 * still the current version (e.g. at close: the version of the last ApplyResult the store applied).
 * Never throws: a snapshot that cannot be written is only a slower next start.
 */
export function saveStoreSnapshot(cache: Cache, store: MessageStore, dataVersion: number): boolean {
  try {
    if (cache.dataVersion() !== dataVersion) return false;
    return cache.writeSnapshot(dataVersion, store.serialize());
  } catch {
    return false;
  }
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

/**
 * The whole history of the cache (every revision seen, central-api.md 1.1) in the engine's
 * HistoryStore, with the data_version it reflects: the states at any instant come from it
 * (`storeAt(t)`, docs/spec/kpi.md v2) without going back to SQLite.
 */
export function loadHistoryFromCache(cache: Cache): { history: HistoryStore; dataVersion: number } {
  const history = new HistoryStore();
  const dataVersion = cache.forEachRevision((r) => {
    history.add(r.message === null ? { ...r } : { ...r, message: { ...r.message } });
  });
  return { history, dataVersion };
}

/** The messages as they stood at instant t (kpi.md v2, "The state at an instant"), as a store. */
export function loadStoreAt(cache: Cache, t: number): MessageStore {
  return loadHistoryFromCache(cache).history.storeAt(t);
}
