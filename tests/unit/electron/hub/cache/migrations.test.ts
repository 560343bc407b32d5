import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheOpenError, openCache } from '../../../../../electron/hub/cache/cache.js';
import {
  CORE_MIGRATIONS,
  applyMigrations,
  namespaceVersion,
  registerMigrations,
  type Migration,
} from '../../../../../electron/hub/cache/migrations.js';
import { tempDir } from '../../../../support/cache-fixtures.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const OUTBOX_V1: Migration[] = [
  { version: 1, description: 'outbox', up: 'CREATE TABLE test_outbox (id TEXT PRIMARY KEY, body TEXT NOT NULL)' },
];
const OUTBOX_V2: Migration[] = [
  ...OUTBOX_V1,
  {
    version: 2,
    description: 'outbox status',
    up: (db) => {
      db.exec("ALTER TABLE test_outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'");
    },
  },
];

describe('migrations', () => {
  it('a new cache gets the core schema at user_version = number of core migrations', () => {
    const c = openCache(tmp.file('a.sqlite'));
    expect(c.db.pragma('user_version', { simple: true })).toBe(CORE_MIGRATIONS.length);
    const tables = c.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['messages', 'quarantine', 'schema_migrations', 'state']));
    c.close();
  });

  it('reopening is idempotent: nothing runs twice, data stays', () => {
    const c = openCache(tmp.file('a.sqlite'));
    c.setState('k', 'v');
    const rows = c.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get();
    c.close();
    const d = openCache(tmp.file('a.sqlite'));
    expect(d.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(rows);
    expect(applyMigrations(d.db, 'cache', CORE_MIGRATIONS)).toBe(0);
    expect(d.getState('k')).toBe('v');
    d.close();
  });

  it('registered namespaces are applied on open, recorded, and upgraded step by step', () => {
    registerMigrations('test-outbox', OUTBOX_V1);
    const c = openCache(tmp.file('a.sqlite'));
    expect(namespaceVersion(c.db, 'test-outbox')).toBe(1);
    c.db.prepare("INSERT INTO test_outbox (id, body) VALUES ('a1', '{}')").run();
    c.close();

    registerMigrations('test-outbox', OUTBOX_V2);
    const d = openCache(tmp.file('a.sqlite'));
    expect(namespaceVersion(d.db, 'test-outbox')).toBe(2);
    expect(d.db.prepare('SELECT id, status FROM test_outbox').all()).toEqual([{ id: 'a1', status: 'pending' }]);
    expect(applyMigrations(d.db, 'test-outbox', OUTBOX_V2)).toBe(0);
    expect(
      d.db.prepare("SELECT version FROM schema_migrations WHERE namespace = 'test-outbox' ORDER BY version").pluck().all(),
    ).toEqual([1, 2]);
    d.close();
  });

  it('a failing migration leaves nothing half done', () => {
    const c = openCache(tmp.file('a.sqlite'));
    const bad: Migration[] = [
      { version: 1, description: 'half', up: 'CREATE TABLE test_half (x); INSERT INTO no_such_table VALUES (1);' },
    ];
    expect(() => applyMigrations(c.db, 'test-bad', bad)).toThrow();
    expect(namespaceVersion(c.db, 'test-bad')).toBe(0);
    expect(c.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'test_half'").pluck().get()).toBe(0);
    c.close();
  });

  it('refuses a cache of a newer schema than this build knows', () => {
    const c = openCache(tmp.file('a.sqlite'));
    c.db.pragma(`user_version = ${CORE_MIGRATIONS.length + 1}`);
    c.close();
    expect(() => openCache(tmp.file('a.sqlite'))).toThrow(new RegExp(`более новой версией программы.*«cache» версии ${CORE_MIGRATIONS.length + 1}`));
    expect(() => openCache(tmp.file('a.sqlite'), { readonly: true })).toThrow(/более новой версией/);
    expect(() => openCache(tmp.file('a.sqlite'))).toThrow(CacheOpenError);
  });

  it('refuses a namespace newer than the registered list', () => {
    registerMigrations('test-sync', OUTBOX_V2.map((m) => ({ ...m, up: m.version === 1 ? 'CREATE TABLE test_sync (id)' : 'ALTER TABLE test_sync ADD COLUMN y' })));
    openCache(tmp.file('a.sqlite')).close();
    registerMigrations('test-sync', [{ version: 1, description: 'x', up: 'CREATE TABLE test_sync (id)' }]);
    expect(() => openCache(tmp.file('a.sqlite'))).toThrow(/«test-sync» версии 2, эта сборка знает только до 1/);
  });

  it('rejects lists with gaps and the reserved namespace', () => {
    expect(() => registerMigrations('x', [{ version: 2, description: 'gap', up: '' }])).toThrow(/версия 1/);
    expect(() => registerMigrations('cache', OUTBOX_V1)).toThrow(/зарезервировано/);
  });
});
