/**
 * The SQLite seam (electron/hub/cache/sqlite.ts) on both drivers in one run: the same calls give
 * the same rows, the same transactions and the same error codes, and the cache opens and imports
 * on node:sqlite as on better-sqlite3 (the whole cache suite runs on node:sqlite with
 * SW_SQLITE=node: docs/kiosk.md, «SQLite»).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driverName, loadDriver, open, requestedDriver, resetDriverForTests, SqliteDriverError } from '../../../../../electron/hub/cache/sqlite.js';
import { openCache, CacheOpenError } from '../../../../../electron/hub/cache/cache.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sw-sqlite-'));
  dirs.push(d);
  return d;
};
const saved = process.env.SW_SQLITE;
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  if (saved === undefined) delete process.env.SW_SQLITE;
  else process.env.SW_SQLITE = saved;
  resetDriverForTests();
});

const use = (d: 'node' | 'better') => {
  process.env.SW_SQLITE = d;
  resetDriverForTests();
};

describe.each(['better', 'node'] as const)('the seam on %s', (drv) => {
  it('loads the driver asked for', () => {
    use(drv);
    expect(loadDriver()).toBe(drv === 'node' ? 'node:sqlite' : 'better-sqlite3');
    expect(driverName()).toBe(drv === 'node' ? 'node:sqlite' : 'better-sqlite3');
  });

  it('rows as objects, arrays (raw) or first values (pluck); arrays and named objects bind; blobs are Buffers', () => {
    use(drv);
    const db = open(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, b BLOB)');
    const ins = db.prepare('INSERT INTO t (id, name, b) VALUES (?, ?, ?)');
    expect(ins.run(1, 'один', Buffer.from([1, 2]))).toMatchObject({ changes: 1, lastInsertRowid: 1 });
    ins.run([2, 'два', null]);
    db.prepare('INSERT INTO t (id, name) VALUES (@id, @name)').run({ id: 3, name: 'три' });
    expect(db.prepare('SELECT id, name FROM t WHERE id = ?').get(1)).toEqual({ id: 1, name: 'один' });
    expect(db.prepare('SELECT id, name FROM t ORDER BY id').raw().all()).toEqual([[1, 'один'], [2, 'два'], [3, 'три']]);
    expect(db.prepare('SELECT name FROM t ORDER BY id').pluck().all()).toEqual(['один', 'два', 'три']);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(3);
    expect(db.prepare('SELECT name FROM t WHERE id = 99').pluck().get()).toBeUndefined();
    const blob = db.prepare('SELECT b FROM t WHERE id = 1').pluck().get();
    expect(Buffer.isBuffer(blob)).toBe(true);
    expect([...(blob as Buffer)]).toEqual([1, 2]);
    expect(Buffer.isBuffer((db.prepare('SELECT b FROM t WHERE id = 1').get() as { b: unknown }).b)).toBe(true);
    expect([...db.prepare('SELECT id FROM t ORDER BY id').pluck().iterate()]).toEqual([1, 2, 3]);
    const st = db.prepare('SELECT id, name FROM t WHERE id = 2').raw();
    expect(st.raw(false).get()).toEqual({ id: 2, name: 'два' });
    db.close();
    expect(db.open).toBe(false);
  });

  it('transactions commit, roll back on a throw, nest as savepoints; .immediate; pragma simple', () => {
    use(drv);
    const db = open(':memory:');
    db.exec('CREATE TABLE t (v INTEGER)');
    const add = db.prepare('INSERT INTO t (v) VALUES (?)');
    const count = () => db.prepare('SELECT COUNT(*) FROM t').pluck().get();
    expect(db.transaction((n: number) => (add.run(n), n * 2)).immediate(5)).toBe(10);
    expect(count()).toBe(1);
    expect(() =>
      db.transaction(() => {
        add.run(6);
        throw new Error('нет');
      })(),
    ).toThrow('нет');
    expect(count()).toBe(1);
    db.transaction(() => {
      add.run(7);
      expect(db.inTransaction).toBe(true);
      try {
        db.transaction(() => {
          add.run(8);
          throw new Error('внутри');
        })();
      } catch {
        /* the inner part only is undone */
      }
    })();
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([5, 7]);
    expect(db.inTransaction).toBe(false);
    db.pragma('user_version = 7');
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(db.pragma('table_info(t)')).toEqual([expect.objectContaining({ name: 'v', type: 'INTEGER' })]);
    db.close();
  });

  it('errors carry better-sqlite3 codes: not a database, a missing read-only file', () => {
    use(drv);
    const dir = tmp();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'это не база данных, а просто текст, достаточно длинный для заголовка SQLite…'.repeat(20));
    let code: unknown;
    try {
      const db = open(junk);
      db.pragma('application_id', { simple: true });
    } catch (e) {
      code = (e as { code?: unknown }).code;
    }
    expect(code).toBe('SQLITE_NOTADB');
    expect(() => open(join(dir, 'none.db'), { readonly: true })).toThrow();
    expect(() => openCache(junk)).toThrow(CacheOpenError);
    expect(() => openCache(junk)).toThrow(/не является кэшем стены \(это не база SQLite\)/);
  });

  it('the cache opens, writes and reopens read-only on this driver', () => {
    use(drv);
    const path = join(tmp(), 'c.db');
    const c = openCache(path);
    c.setState('cursor', 'abc');
    c.close();
    const r = openCache(path, { readonly: true });
    expect(r.getState('cursor')).toBe('abc');
    r.close();
  });
});

describe('choosing the driver', () => {
  it('SW_SQLITE names it; nothing named: better-sqlite3 where it loads', () => {
    expect(requestedDriver({ SW_SQLITE: 'node' })).toBe('node');
    expect(requestedDriver({ SW_SQLITE: 'better-sqlite3' })).toBe('better');
    expect(requestedDriver({})).toBeNull();
    delete process.env.SW_SQLITE;
    resetDriverForTests();
    expect(loadDriver()).toBe('better-sqlite3');
  });

  it('a driver that cannot load is one Russian line naming both, not a crash', () => {
    // A better-sqlite3 whose .node cannot load (glibc too old), as on Astra Linux SE 1.7.
    const broken = () => {
      throw new Error("/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by better_sqlite3.node)");
    };
    process.env.SW_SQLITE = 'better';
    resetDriverForTests({ loadBetter: broken });
    expect(() => openCache(':memory:')).toThrow(SqliteDriverError);
    expect(() => openCache(':memory:')).toThrow(/^не загружается модуль SQLite \(glibc [^)]+\): better-sqlite3 — .*GLIBC_2\.34/);
    // Without SW_SQLITE the same machine falls back to node:sqlite and works.
    delete process.env.SW_SQLITE;
    resetDriverForTests({ loadBetter: broken });
    const c = openCache(':memory:');
    expect(driverName()).toBe('node:sqlite');
    c.close();
  });
});
