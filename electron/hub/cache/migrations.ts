/**
 * Versioned schema of the local cache.
 *
 * - The cache's own schema (namespace `cache`) is an ordered list of migrations; the number applied
 *   is `PRAGMA user_version`.
 * - Other hub modules (sync, outbox …) own their tables: they call `registerMigrations(namespace,
 *   list)` at module load, and every writable `openCache` applies the pending ones. What was applied
 *   is recorded in the `schema_migrations(namespace, version)` table.
 * - Each migration runs in its own transaction together with its bookkeeping row, so a crash leaves
 *   the schema at a whole version.
 * - A cache whose schema is newer than this build knows is refused (never downgraded in place).
 */
import type { SqliteDb as Database } from './sqlite.js';

export interface Migration {
  /** 1, 2, 3 … in order, without gaps. */
  version: number;
  /** A few words for the log and for humans reading schema_migrations. */
  description: string;
  /** SQL to `exec`, or a function doing the work with the handle (inside the migration's transaction). */
  up: string | ((db: Database) => void);
}

export const CORE_NAMESPACE = 'cache';

/** The cache's own schema. Append only: never edit a migration that has shipped. */
export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'messages, quarantine, state, schema_migrations',
    up: `
      CREATE TABLE schema_migrations (
        namespace  TEXT NOT NULL,
        version    INTEGER NOT NULL,
        description TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (namespace, version)
      );
      -- One row per message id ever seen. A tombstone keeps its row (deleted = 1, typed columns
      -- null) so that an older rev arriving later is still recognised as older and ignored.
      CREATE TABLE messages (
        id                TEXT PRIMARY KEY,
        rev               INTEGER NOT NULL,
        deleted           INTEGER NOT NULL DEFAULT 0,
        channel           TEXT,
        municipality      TEXT,
        block             TEXT,
        category          TEXT,
        created_at        INTEGER,
        due_at            INTEGER,
        first_response_at INTEGER,
        answered_at       INTEGER,
        status            TEXT,
        rework_count      INTEGER,
        weight            REAL,
        satisfaction      INTEGER,
        lat               REAL,
        lon               REAL,
        json              TEXT
      );
      -- No secondary index on purpose: the views are served from the engine's in-memory store
      -- (loaded by scanNormalized, in rowid order), and the primary key serves applyBatch and the
      -- export's ORDER BY id. An index on a random key (created_at) made chunked imports ~1.5x slower.
      CREATE TABLE quarantine (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id TEXT,
        rev     INTEGER,
        reason  TEXT NOT NULL,
        raw     TEXT NOT NULL,
        source  TEXT NOT NULL,
        at      TEXT NOT NULL
      );
      CREATE TABLE state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'data_version counter, store_snapshot',
    up: `
      -- Bumped in every transaction that changes messages (applyBatch, applyJsonLines, a resync's
      -- swap): tells whether the store snapshot below still mirrors the table.
      CREATE TABLE data_version (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
      );
      INSERT INTO data_version (id, version) VALUES (1, 0);
      -- The engine's MessageStore as a binary (shared/engine/store.ts, serialize), taken at
      -- data_version: a cache of messages for a fast start, never the truth. Used only while its
      -- data_version equals the current one; otherwise (or when unreadable) the store is rebuilt
      -- from messages and the snapshot rewritten.
      CREATE TABLE store_snapshot (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        data_version INTEGER NOT NULL,
        written_at   TEXT NOT NULL,
        blob         BLOB NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'revisions: every distinct revision seen (central-api.md 1.1)',
    up: (db) => {
      db.exec(`
        -- Every distinct revision seen (id + rev; the first copy seen wins), in the order seen (seq):
        -- the history from which any past instant is rebuilt (docs/spec/kpi.md v2, docs/history.md).
        -- updated_at is the revision's updatedAt in epoch ms (null when it has none); a tombstone has
        -- its typed columns and json null.
        CREATE TABLE revisions (
          seq               INTEGER PRIMARY KEY,
          id                TEXT NOT NULL,
          rev               INTEGER NOT NULL,
          deleted           INTEGER NOT NULL,
          updated_at        INTEGER,
          channel           TEXT,
          municipality      TEXT,
          block             TEXT,
          category          TEXT,
          created_at        INTEGER,
          due_at            INTEGER,
          first_response_at INTEGER,
          answered_at       INTEGER,
          status            TEXT,
          rework_count      INTEGER,
          weight            REAL,
          satisfaction      INTEGER,
          lat               REAL,
          lon               REAL,
          json              TEXT,
          UNIQUE (id, rev)
        );
      `);
      // An existing cache: its current rows become the first history (their updatedAt, when the
      // JSON as received has one, read in JS so that it is parsed exactly as the apply path does).
      db.exec(`
        INSERT INTO revisions (id, rev, deleted, updated_at, channel, municipality, block, category, created_at,
          due_at, first_response_at, answered_at, status, rework_count, weight, satisfaction, lat, lon, json)
        SELECT id, rev, deleted, NULL, channel, municipality, block, category, created_at, due_at,
          first_response_at, answered_at, status, rework_count, weight, satisfaction, lat, lon, json
        FROM messages ORDER BY rowid;
      `);
      const withTime = db
        .prepare("SELECT seq, json_extract(json, '$.updatedAt') FROM revisions WHERE json IS NOT NULL AND json_extract(json, '$.updatedAt') IS NOT NULL")
        .raw()
        .all() as [number, unknown][];
      const set = db.prepare('UPDATE revisions SET updated_at = ? WHERE seq = ?');
      for (const [seq, v] of withTime) {
        const t = typeof v === 'string' ? Date.parse(v) : NaN;
        if (!Number.isNaN(t)) set.run(t, seq);
      }
    },
  },
];

const registry = new Map<string, readonly Migration[]>();

function checkList(namespace: string, list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`миграции «${namespace}»: ожидалась версия ${i + 1} на месте ${i + 1}, а не ${m.version}`);
  });
}

/**
 * Registers the migrations of a hub module's own tables. Call at module load, before `openCache`;
 * a writable open applies what is pending. Registering the same namespace again replaces the list.
 */
export function registerMigrations(namespace: string, list: readonly Migration[]): void {
  if (!namespace || namespace === CORE_NAMESPACE)
    throw new Error(`пространство миграций «${namespace}» зарезервировано или пусто`);
  checkList(namespace, list);
  registry.set(namespace, [...list]);
}

/** The registered namespaces and their lists (a copy). */
export function registeredMigrations(): ReadonlyMap<string, readonly Migration[]> {
  return new Map(registry);
}

/** Thrown when the file holds a schema newer than this build knows (or is not a cache at all). */
export class CacheSchemaError extends Error {}

function runOne(db: Database, namespace: string, m: Migration, core: boolean): boolean {
  return db.transaction(() => {
    // Re-read under the write lock: another process may have migrated since we looked.
    if ((core ? coreVersion(db) : namespaceVersion(db, namespace)) >= m.version) return false;
    if (typeof m.up === 'string') db.exec(m.up);
    else m.up(db);
    db.prepare(
      'INSERT INTO schema_migrations (namespace, version, description, applied_at) VALUES (?, ?, ?, ?)',
    ).run(namespace, m.version, m.description, new Date().toISOString());
    if (core) db.pragma(`user_version = ${m.version}`);
    return true;
  }).immediate();
}

export function coreVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Highest applied version of a namespace (0 when none). Needs the core schema. */
export function namespaceVersion(db: Database, namespace: string): number {
  if (namespace === CORE_NAMESPACE) return coreVersion(db);
  const row = db
    .prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE namespace = ?')
    .get(namespace) as { v: number | null } | undefined;
  return row?.v ?? 0;
}

function tooNew(namespace: string, have: number, know: number): CacheSchemaError {
  return new CacheSchemaError(
    `кэш создан более новой версией программы: схема «${namespace}» версии ${have}, ` +
      `эта сборка знает только до ${know}. Обновите программу или возьмите другой файл кэша`,
  );
}

/**
 * Applies the pending migrations of one namespace (the core one included) and returns how many ran.
 * Idempotent: what is applied is skipped. Refuses a schema newer than `list`.
 */
export function applyMigrations(db: Database, namespace: string, list: readonly Migration[]): number {
  checkList(namespace, list);
  const core = namespace === CORE_NAMESPACE;
  if (!core && coreVersion(db) < 1) throw new Error('сначала нужна схема самого кэша');
  const have = namespaceVersion(db, namespace);
  if (have > list.length) throw tooNew(namespace, have, list.length);
  let ran = 0;
  for (const m of list) {
    if (m.version <= have) continue;
    if (runOne(db, namespace, m, core)) ran++;
  }
  return ran;
}

/** Core first, then every registered namespace. */
export function migrateAll(db: Database): void {
  applyMigrations(db, CORE_NAMESPACE, CORE_MIGRATIONS);
  for (const [ns, list] of registry) applyMigrations(db, ns, list);
}

/** For a read-only open: refuses a newer schema, or one that needs migrating first. */
export function checkSchemaReadonly(db: Database): void {
  const have = coreVersion(db);
  if (have > CORE_MIGRATIONS.length) throw tooNew(CORE_NAMESPACE, have, CORE_MIGRATIONS.length);
  if (have < CORE_MIGRATIONS.length)
    throw new CacheSchemaError(
      `кэш старой схемы (версия ${have}, нужна ${CORE_MIGRATIONS.length}): откройте его один раз для записи, чтобы обновить`,
    );
  for (const [ns, list] of registry) {
    const v = namespaceVersion(db, ns);
    if (v > list.length) throw tooNew(ns, v, list.length);
  }
}
