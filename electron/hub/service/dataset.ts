/**
 * The data set: everything the hub derives from its cache — the region, the engine's store and
 * live model, the filtered sub-stores, the reference and its names, the scenes the data offers,
 * the newest instant the data speaks of — kept in step with the cache by `ingest` (a batch) and
 * `reload` (contents replaced). Each change is announced on `changed` (with the batch, so a
 * service that reacts to arriving messages can follow them); `dataVersion` counts them.
 *
 * Disposing it leaves a snapshot of the store in the cache for the next start (written only when
 * the store mirrors the cache's current data_version: a batch the hub never saw means a scan).
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import { engineReference, loadStoreFromCache, saveStoreSnapshot } from '../engine/load.js';
import { LiveModel } from '../../../shared/engine/live.js';
import type { KpiReference } from '../../../shared/engine/kpi.js';
import type { RatingMunicipality } from '../../../shared/engine/rating.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import type { Thresholds } from '../../../shared/engine/types.js';
import type { NormalizedMessage } from '../../../shared/model.js';
import type { RevisionInput } from '../../../shared/engine/history.js';
import { REGIONS, type RegionId } from '../../../shared/regions.js';
import type { Reference } from '../../../shared/schema.js';
import type { BridgeRegionInfo } from '../../../shared/bridge/protocol.js';
import { BASE_SCENES, blockScene, municipalityScene, type SceneId } from '../../../shared/bridge/wallState.js';
import type { Disposable } from '../../../shared/lifecycle.js';
import { FilteredStores } from './filtered.js';
import { TypedEmitter, type EventSource } from './events.js';

/** Display names from the reference (id → name). */
export interface Names {
  readonly blocks: ReadonlyMap<string, string>;
  readonly categories: ReadonlyMap<string, string>;
  readonly municipalities: ReadonlyMap<string, string>;
  readonly channels: ReadonlyMap<string, string>;
}

/** A change of the data set: a batch applied incrementally, or everything derived again. */
export type DataChange =
  | {
      kind: 'batch';
      dataVersion: number;
      changed: readonly NormalizedMessage[];
      removed: readonly string[];
      /**
       * The revisions new to the history in this batch (central-api.md 1.1), for the as-of engine
       * (./asof.ts); absent when the batch did not collect them (the history is then read again).
       */
      revisions?: readonly RevisionInput[];
      historyAdded?: number;
    }
  | { kind: 'reload'; dataVersion: number };

export interface DataSetOptions {
  /** The bundled region the data is of when the cache does not say (the demo's). */
  regionId?: RegionId;
  thresholds: Thresholds;
  now: () => number;
}

export class DataSet implements Disposable {
  // Derived from the cache; replaced together by load() (at start and on reload()).
  region!: BridgeRegionInfo;
  store!: MessageStore;
  live!: LiveModel;
  filtered!: FilteredStores;
  reference!: Reference | null;
  kpiRef!: KpiReference;
  ratingMunis!: RatingMunicipality[];
  names!: Names;
  /** Every scene the data offers (base scenes, a scene per block and per municipality). */
  scenes!: SceneId[];
  /** The newest instant the data speaks of (latest createdAt/answeredAt/firstResponseAt), null for none. */
  dataAsOf: number | null = null;
  /** When the hub last received a batch or reload (epoch ms), null if never. */
  lastBatchAt: number | null = null;
  /** Increases with every change (ingested batch, reload). */
  dataVersion = 0;
  /** The cache's data_version that `store` mirrors (advanced by every ingested batch). */
  private storeDataVersion = 0;
  private readonly emitter = new TypedEmitter<{ changed: DataChange }>();
  readonly events: EventSource<{ changed: DataChange }> = this.emitter;
  private disposed = false;

  constructor(
    private readonly cache: Cache,
    private readonly opts: DataSetOptions,
  ) {
    this.load();
  }

  get thresholds(): Thresholds {
    return this.opts.thresholds;
  }

  /** The playlist of a fresh wall state: the base scenes, then one per block. */
  defaultPlaylist(): SceneId[] {
    const blocks = this.reference ? this.reference.blocks.map((b) => b.id) : this.store.blocks.present().sort();
    return [...BASE_SCENES, ...blocks.map(blockScene)];
  }

  hasMunicipality(oktmo: string): boolean {
    return this.names.municipalities.has(oktmo);
  }

  /**
   * Mirror a batch the cache has applied. Returns false (and announces nothing) when the batch
   * changed no message.
   */
  ingest(result: ApplyResult): boolean {
    if (this.disposed) return false;
    this.lastBatchAt = this.opts.now();
    if (result.changed.length === 0 && result.removed.length === 0 && !(result.historyAdded! > 0)) return false;
    this.live.applyChanges(result.changed, result.removed);
    this.filtered.apply(result.changed, result.removed);
    if (result.dataVersion !== undefined) this.storeDataVersion = result.dataVersion;
    for (const m of result.changed) {
      const t = Math.max(m.createdAt, m.answeredAt ?? -Infinity, m.firstResponseAt ?? -Infinity);
      if (this.dataAsOf === null || t > this.dataAsOf) this.dataAsOf = t;
    }
    this.dataVersion++;
    this.emitter.emit('changed', {
      kind: 'batch',
      dataVersion: this.dataVersion,
      changed: result.changed,
      removed: result.removed,
      ...(result.revisions ? { revisions: result.revisions } : {}),
      ...(result.historyAdded !== undefined ? { historyAdded: result.historyAdded } : {}),
    });
    return true;
  }

  /** Derive everything again from the cache's contents (replaced wholesale). */
  reload(): void {
    if (this.disposed) return;
    this.filtered.clear();
    this.load();
    this.lastBatchAt = this.opts.now();
    this.dataVersion++;
    this.emitter.emit('changed', { kind: 'reload', dataVersion: this.dataVersion });
  }

  private load(): void {
    const cache = this.cache;
    const regionMeta = cache.getRegion();
    // A cache without a region (an import without --meta): the bundled region its reference's
    // OKTMO codes belong to, if any; else the wall says what is missing (never a map in UTC
    // passed off as a region).
    const regionId =
      this.opts.regionId ?? (regionMeta ? regionIdByCode(regionMeta.code) : regionIdByReference(cache.getReference()?.municipalities ?? []));
    const fallback = regionId ? REGIONS[regionId] : null;
    this.region = {
      id: regionId,
      code: regionMeta?.code ?? fallback?.code ?? '',
      name: regionMeta?.name ?? fallback?.name ?? NO_REGION,
      timezone: regionMeta?.timezone ?? fallback?.timezone ?? 'UTC',
    };
    // From the cache's store snapshot when it is current (the wall opens in well under a second on
    // a million messages), else by a scan that stores a fresh snapshot.
    const loaded = loadStoreFromCache(cache);
    this.store = loaded.store;
    this.storeDataVersion = loaded.dataVersion;
    const { reference, municipalities } = engineReference(cache, this.store);
    this.kpiRef = reference;
    this.ratingMunis = municipalities;
    this.reference = cache.getReference();
    this.live = new LiveModel(this.store, { reference, municipalities, thresholds: this.opts.thresholds });
    this.filtered = new FilteredStores(this.store);
    this.names = {
      blocks: new Map(this.reference?.blocks.map((b) => [b.id, b.name]) ?? []),
      categories: new Map(this.reference?.categories.map((c) => [c.id, c.name]) ?? []),
      municipalities: new Map(municipalities.map((m) => [m.oktmo, m.name])),
      channels: new Map(this.reference?.channels.map((c) => [c.id, c.name]) ?? []),
    };
    const blocks = this.reference ? this.reference.blocks.map((b) => b.id) : this.store.blocks.present().sort();
    this.scenes = [...BASE_SCENES, ...blocks.map(blockScene), ...municipalities.map((m) => municipalityScene(m.oktmo))];
    this.dataAsOf = scanDataAsOf(this.store);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.emitter.dispose();
    this.filtered.clear();
    saveStoreSnapshot(this.cache, this.store, this.storeDataVersion);
  }
}

function scanDataAsOf(s: MessageStore): number | null {
  let max = -Infinity;
  for (let r = 0; r < s.size; r++) {
    const c = s.createdAt[r]!;
    const a = s.answeredAt[r]!;
    if (c > max) max = c;
    if (a > max) max = a; // NaN compares false
  }
  return max === -Infinity ? null : max;
}

/** The wall's region line for a cache that names no region (docs/threat-model.md, regions kept apart). */
export const NO_REGION = 'кэш без региона: импортируйте с --meta META.json (сведения GET /v1/meta)';

/** The bundled region every municipality of a reference belongs to (by its OKTMO prefix), or null. */
function regionIdByReference(munis: readonly { oktmo: string }[]): RegionId | null {
  if (munis.length === 0) return null;
  for (const r of Object.values(REGIONS)) {
    const prefix = r.capitalOktmo.slice(0, 2);
    if (munis.every((m) => m.oktmo.startsWith(prefix))) return r.id;
  }
  return null;
}

function regionIdByCode(code: string): RegionId | null {
  for (const r of Object.values(REGIONS)) if (r.code === code) return r.id;
  return null;
}
