/**
 * The public face of the local cache (SQLite). Every other part of the hub (engine, demo feed,
 * sync, outbox, command line) uses the cache only through this interface.
 * Implementation: ./cache.ts (`openCache`).
 */
import type { SqliteDb as Database } from './sqlite.js';
import type { Message, Meta, Reference } from '../../../shared/schema.js';
import type { NormalizedMessage } from '../../../shared/model.js';
import type { RevisionInput } from '../../../shared/engine/history.js';

export type RegionMeta = Meta['region'];

export interface ApplyResult {
  /** Items whose rev was higher than the held one (or new ids) and were written (tombstones included). */
  applied: number;
  /** Valid items ignored because their rev was not higher than the one held. */
  ignored: number;
  /** Tombstones that removed a held message. */
  deleted: number;
  /** Invalid items written to quarantine. */
  quarantined: number;
  /** The live messages written by this batch, final state per id (for incremental engine refresh). */
  changed: NormalizedMessage[];
  /** Ids removed by tombstones in this batch. */
  removed: string[];
  /** Distinct revisions new to the history (central-api.md 1.1), tombstones included. */
  historyAdded?: number;
  /** Those revisions, in the order applied (when the batch collects changes): for the as-of engine. */
  revisions?: RevisionInput[];
  /**
   * The cache's data_version after this batch (bumped when the batch changed `messages`): a store
   * that has applied this result mirrors the cache at this version (see `writeSnapshot`).
   */
  dataVersion?: number;
}

/** A stored snapshot of the engine's store (see `Cache.readSnapshot`). */
export interface StoreSnapshot {
  /** The data_version the snapshot was taken at. */
  dataVersion: number;
  /** `MessageStore.serialize()` bytes. */
  blob: Uint8Array;
}

/** One revision of a message's history as the cache holds it (central-api.md 1.1). */
export interface HistoryRevision {
  rev: number;
  deleted: boolean;
  /** The revision's updatedAt (UTC, RFC 3339), null when it had none. */
  updatedAt: string | null;
  /** The revision as received; null for a tombstone. */
  message: Message | null;
}

export interface QuarantineEntry {
  seq: number;
  itemId: string | null;
  rev: number | null;
  reason: string;
  raw: string;
  source: string;
  at: string;
}

export interface Cache {
  readonly path: string;
  close(): void;

  /** The region this cache belongs to (null for a new, empty cache). */
  getRegion(): RegionMeta | null;
  /** Binds the cache to a region; throws a clear error if it already belongs to another one. */
  setRegion(region: RegionMeta): void;
  /** The API base URL this cache syncs from (null for demo/imported data). */
  getApiUrl(): string | null;
  /** Binds the cache to one API; throws a clear error if it already belongs to another one. */
  setApiUrl(url: string): void;

  getReference(): Reference | null;
  setReference(ref: Reference): void;

  getCursor(): string | null;

  /**
   * Apply a batch of raw items (a changes page, a chunk of an import, a demo batch) with the rules
   * of central-api.md, in ONE transaction together with `cursor` (when given): highest rev per id
   * wins, older or equal revs ignored, tombstones remove, invalid items go to quarantine.
   * Validation uses the stored reference (unknown municipality/block/category/channel quarantined).
   */
  applyBatch(items: readonly unknown[], opts?: { cursor?: string | null; source?: string }): ApplyResult;

  messageCount(): number;
  quarantineCount(): number;
  listQuarantine(limit?: number): QuarantineEntry[];

  /** One message in the contract's shape, or null. */
  getMessage(id: string): Message | null;
  /** Current messages (no tombstones, no quarantined items), sorted by id, in the contract's shape. */
  exportMessages(): IterableIterator<Message>;
  /** Every current message, normalised — the fast path that loads the engine's store at start. */
  scanNormalized(): IterableIterator<NormalizedMessage>;
  /**
   * Every current message, in rowid order, to `fn`, inside one read transaction; returns the
   * data_version that the rows reflect. Faster than scanNormalized: ONE object is reused for every
   * row (copy it to keep it). `fn` must not write to the cache.
   */
  forEachLive(fn: (m: NormalizedMessage) => void): number;
  /** Revisions in the history (every distinct id + rev seen, tombstones included). */
  revisionCount(): number;
  /**
   * Every revision of the history in the order seen, inside one read transaction; returns the
   * data_version the rows reflect. One object is reused for every row (copy it to keep it).
   */
  forEachRevision(fn: (r: RevisionInput) => void): number;
  /** The history of one message, in rev order (empty when never seen). */
  history(id: string): HistoryRevision[];
  /** The messages as they stood at instant t (kpi.md v2), JSON as received, sorted by id. */
  exportJsonAt(t: number): IterableIterator<string>;
  /** A cheap upper bound of messageCount() (rows ever written, tombstones included). */
  liveCountBound(): number;

  /**
   * Counts changes of `messages`: bumped in every applyBatch transaction that changed it. A writer
   * that changes `messages` another way (a resync's swap) calls `bumpDataVersion()` in its
   * transaction.
   */
  dataVersion(): number;
  bumpDataVersion(): number;
  /** The stored store snapshot when it was taken at the current data_version; otherwise null. */
  readSnapshot(): StoreSnapshot | null;
  /**
   * Stores a snapshot taken at `dataVersion`, in its own transaction, when that is still the
   * current data_version (otherwise, or on a read-only cache, it stores nothing: false).
   */
  writeSnapshot(dataVersion: number, blob: Uint8Array): boolean;

  /** Free key/value state for other hub parts (sync health, last sync time …). */
  getState(key: string): string | null;
  setState(key: string, value: string | null): void;

  /** The SQLite handle (better-sqlite3 or node:sqlite, cache/sqlite.ts), for hub modules that add their own tables via migrations. */
  readonly db: Database;
}
