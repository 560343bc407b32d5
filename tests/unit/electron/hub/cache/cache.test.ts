import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openCache, type SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { CORE_MIGRATIONS } from '../../../../../electron/hub/cache/migrations.js';
import { REF, REGION, msg, tomb, freshCacheEachTest, type TempDir } from'../../../../support/cache-fixtures.js';

let tmp: TempDir;
let cache: SqliteCache;
freshCacheEachTest((c, t) => ((cache = c), (tmp = t)), () => cache);

describe('applyBatch: highest rev wins', () => {
  it('keeps the highest rev across batches and ignores older or equal revs', () => {
    expect(cache.applyBatch([msg('a', 1, { status: 'new' })]).applied).toBe(1);
    const r2 = cache.applyBatch([msg('a', 3, { status: 'in_progress' })]);
    expect(r2).toMatchObject({ applied: 1, ignored: 0 });
    expect(r2.changed.map((m) => [m.id, m.rev, m.status])).toEqual([['a', 3, 'in_progress']]);
    const r3 = cache.applyBatch([msg('a', 2, { status: 'closed' }), msg('a', 3, { status: 'rejected' })]);
    expect(r3).toMatchObject({ applied: 0, ignored: 2, changed: [], removed: [] });
    expect(cache.getMessage('a')).toMatchObject({ rev: 3, status: 'in_progress' });
    expect(cache.messageCount()).toBe(1);
  });

  it('takes the highest rev within one batch, whatever the order', () => {
    const r = cache.applyBatch([
      msg('a', 2, { status: 'in_progress' }),
      msg('a', 5, { status: 'answered', answeredAt: '2026-11-21T10:00:00+12:00' }),
      msg('a', 4, { status: 'rework' }),
      msg('b', 1),
    ]);
    expect(r).toMatchObject({ applied: 3, ignored: 1 });
    expect(cache.getMessage('a')).toMatchObject({ rev: 5, status: 'answered' });
    const a = r.changed.find((m) => m.id === 'a');
    expect(a).toMatchObject({ rev: 5, status: 'answered', answeredAt: Date.parse('2026-11-21T10:00:00+12:00') });
    expect(r.changed).toHaveLength(2);
  });

  it('normalises what it writes (instants, weight, location)', () => {
    const r = cache.applyBatch([msg('a', 1, { firstResponseAt: '2026-11-20T20:10:00Z', reworkCount: null })]);
    expect(r.changed[0]).toEqual({
      id: 'a',
      rev: 1,
      channel: 'vk',
      municipality: '30701000',
      block: 'housing',
      category: 'housing.heating',
      createdAt: Date.parse('2026-11-20T19:02:11Z'),
      dueAt: Date.parse('2026-11-21T03:02:11Z'),
      firstResponseAt: Date.parse('2026-11-20T20:10:00Z'),
      answeredAt: null,
      status: 'new',
      reworkCount: 0,
      weight: 120 + 3 * 31 + 2 * 48 + 54,
      satisfaction: null,
      lat: 53.02,
      lon: 158.65,
      updatedAt: null,
    });
    // the current-state scan does not carry updatedAt (the history does)
    expect([...cache.scanNormalized()]).toEqual(r.changed.map(({ updatedAt: _u, ...m }) => m));
  });
});

describe('tombstones', () => {
  it('remove a message, keep its rev, and ignore an older rev arriving later', () => {
    cache.applyBatch([msg('a', 3), msg('b', 1)]);
    const r = cache.applyBatch([tomb('a', 4)]);
    expect(r).toMatchObject({ applied: 1, deleted: 1, removed: ['a'], changed: [] });
    expect(cache.getMessage('a')).toBeNull();
    expect(cache.messageCount()).toBe(1);
    // An older (or equal) rev after the tombstone stays ignored: the message does not come back.
    expect(cache.applyBatch([msg('a', 3, { status: 'in_progress' }), msg('a', 4)])).toMatchObject({
      applied: 0,
      ignored: 2,
    });
    expect(cache.getMessage('a')).toBeNull();
    expect([...cache.exportMessages()].map((m) => m.id)).toEqual(['b']);
    expect([...cache.scanNormalized()].map((m) => m.id)).toEqual(['b']);
  });

  it('a higher rev re-creates a message after its tombstone', () => {
    cache.applyBatch([msg('a', 1), tomb('a', 2)]);
    expect(cache.getMessage('a')).toBeNull();
    const r = cache.applyBatch([msg('a', 3, { status: 'in_progress' })]);
    expect(r).toMatchObject({ applied: 1, removed: [] });
    expect(cache.getMessage('a')).toMatchObject({ rev: 3, status: 'in_progress' });
  });

  it('within one batch: created then deleted is removed; deleted then re-created is live', () => {
    const r = cache.applyBatch([msg('a', 1), tomb('a', 2), tomb('b', 1), msg('b', 2)]);
    expect(r.removed).toEqual(['a']);
    expect(r.changed.map((m) => m.id)).toEqual(['b']);
    expect(r.deleted).toBe(1); // only a was held live when its tombstone came
    expect(cache.getMessage('a')).toBeNull();
    expect(cache.getMessage('b')).toMatchObject({ rev: 2 });
  });

  it('a tombstone for an unknown id is kept, so the older live rev arriving later is ignored', () => {
    expect(cache.applyBatch([tomb('z', 5)])).toMatchObject({ applied: 1, deleted: 0 });
    expect(cache.applyBatch([msg('z', 4)])).toMatchObject({ applied: 0, ignored: 1 });
    expect(cache.messageCount()).toBe(0);
  });
});

describe('quarantine', () => {
  it('keeps invalid items with the reason and applies the rest', () => {
    const r = cache.applyBatch(
      [
        msg('a', 1),
        msg('b', 1, { status: 'lost' }),
        msg('c', 1, { municipality: '99999999' }),
        msg('d', 1, { createdAt: '2026-11-21T07:02:11' }),
        { rev: 1, deleted: true },
        'not an object',
        msg('e', 1),
      ],
      { source: 'test' },
    );
    expect(r).toMatchObject({ applied: 2, quarantined: 5 });
    expect(cache.messageCount()).toBe(2);
    expect(cache.quarantineCount()).toBe(5);
    const q = cache.listQuarantine();
    expect(q.map((e) => e.itemId)).toEqual([null, null, 'd', 'c', 'b']); // newest first
    expect(q.find((e) => e.itemId === 'b')!.reason).toContain('status');
    expect(q.find((e) => e.itemId === 'c')!.reason).toContain('99999999');
    expect(q.find((e) => e.itemId === 'd')!.reason).toContain('createdAt');
    expect(q.every((e) => e.source === 'test')).toBe(true);
    expect(JSON.parse(q.find((e) => e.itemId === 'b')!.raw)).toMatchObject({ id: 'b', status: 'lost' });
  });

  it('an unknown category of another block is quarantined', () => {
    const r = cache.applyBatch([msg('a', 1, { category: 'roads.pits' })]);
    expect(r.quarantined).toBe(1);
    expect(cache.listQuarantine(1)[0]!.reason).toContain('category');
  });
});

describe('atomicity of a batch with its cursor', () => {
  it('a throw in the middle leaves neither the items nor the cursor', () => {
    cache.applyBatch([msg('a', 1)], { cursor: 'c1' });
    const exploding = msg('x', 1);
    Object.defineProperty(exploding, 'status', {
      enumerable: true,
      get() {
        throw new Error('сбой посреди пачки');
      },
    });
    expect(() =>
      cache.applyBatch([msg('a', 2, { status: 'closed' }), msg('b', 1), tomb('a', 3), exploding, msg('c', 1)], {
        cursor: 'c2',
      }),
    ).toThrow('сбой посреди пачки');
    expect(cache.getCursor()).toBe('c1');
    expect(cache.getMessage('a')).toMatchObject({ rev: 1, status: 'new' });
    expect(cache.getMessage('b')).toBeNull();
    expect(cache.messageCount()).toBe(1);
    // The cache is still usable afterwards.
    cache.applyBatch([msg('b', 1)], { cursor: 'c2' });
    expect(cache.getCursor()).toBe('c2');
  });

  it('the cursor moves with its batch and survives a reopen; null clears it', () => {
    cache.applyBatch([msg('a', 1)], { cursor: 'c1' });
    cache.applyBatch([], { cursor: 'c2' });
    cache.close();
    cache = openCache(tmp.file('c.sqlite'));
    expect(cache.getCursor()).toBe('c2');
    expect(cache.messageCount()).toBe(1);
    cache.applyBatch([], { cursor: null });
    expect(cache.getCursor()).toBeNull();
  });

  it('a crash before commit (process gone mid-transaction) leaves neither', () => {
    cache.applyBatch([msg('a', 1)], { cursor: 'c1' });
    // Open a second connection, write a batch without committing, and drop the connection.
    const other = openCache(tmp.file('c.sqlite'));
    other.db.exec('BEGIN IMMEDIATE');
    other.db.prepare("INSERT INTO messages (id, rev, deleted) VALUES ('b', 1, 0)").run();
    other.db.prepare("UPDATE state SET value = 'c9' WHERE key = 'cursor'").run();
    other.db.close(); // closing without COMMIT rolls back, as a crash would
    expect(cache.getCursor()).toBe('c1');
    expect(cache.messageCount()).toBe(1);
  });
});

describe('export and scan', () => {
  it('export gives current messages only, sorted by id, as received', () => {
    const extra = msg('m-2', 1, { satisfaction: 5, status: 'answered', answeredAt: '2026-11-21T09:00:00Z' });
    cache.applyBatch([msg('m-3', 1), extra, msg('m-1', 1), msg('m-1', 2, { status: 'closed' }), msg('m-9', 1)]);
    cache.applyBatch([tomb('m-9', 2), msg('bad', 1, { status: '?' })]);
    const out = [...cache.exportMessages()];
    expect(out.map((m) => m.id)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(out[0]).toEqual(msg('m-1', 2, { status: 'closed' }));
    expect(out[1]).toEqual(extra);
    expect(cache.getMessage('m-2')).toEqual(extra);
  });
});

describe('bindings', () => {
  it('a cache belongs to one region', () => {
    expect(cache.getRegion()).toBeNull();
    cache.setRegion(REGION);
    cache.setRegion({ ...REGION }); // the same region again is fine
    expect(cache.getRegion()).toEqual(REGION);
    expect(() => cache.setRegion({ code: '59', name: 'Пермский край', timezone: 'Asia/Yekaterinburg' })).toThrow(
      /принадлежит региону 41 Камчатский край, а не 59 Пермский край/,
    );
    expect(cache.getRegion()).toEqual(REGION);
  });

  it('a cache belongs to one API', () => {
    expect(cache.getApiUrl()).toBeNull();
    cache.setApiUrl('http://127.0.0.1:8080/');
    cache.setApiUrl('http://127.0.0.1:8080');
    expect(cache.getApiUrl()).toBe('http://127.0.0.1:8080');
    expect(() => cache.setApiUrl('https://cur.example.ru')).toThrow(
      /API http:\/\/127\.0\.0\.1:8080, а не https:\/\/cur\.example\.ru/,
    );
  });

  it('the reference is validated, replaced, and used for validation', () => {
    expect(() => cache.setReference({ ...REF, blocks: [{ id: '', name: 'x' }] })).toThrow(/blocks\.0\.id/);
    expect(cache.getReference()).toEqual(REF);
    expect(cache.applyBatch([msg('a', 1, { channel: 'fax' })]).quarantined).toBe(1);
    cache.setReference({ ...REF, referenceVersion: 't2', channels: [...REF.channels, { id: 'fax', name: 'Факс' }] });
    expect(cache.applyBatch([msg('a', 1, { channel: 'fax' })]).applied).toBe(1);
  });

  it('free state keys', () => {
    cache.setState('sync.lastOk', '2026-11-21T09:00:00Z');
    expect(cache.getState('sync.lastOk')).toBe('2026-11-21T09:00:00Z');
    cache.setState('sync.lastOk', null);
    expect(cache.getState('sync.lastOk')).toBeNull();
  });
});

describe('opening', () => {
  it('read-only open of a missing file errors and creates nothing', () => {
    const p = tmp.file('missing.sqlite');
    expect(() => openCache(p, { readonly: true })).toThrow(/кэш не найден: .*missing\.sqlite/);
    expect(() => openCache(p, { create: false })).toThrow(/кэш не найден/);
    expect(() => openCache(p, { readonly: true })).toThrow(/кэш не найден/);
  });

  it('read-only open reads and refuses writes', () => {
    cache.applyBatch([msg('a', 1)]);
    const ro = openCache(tmp.file('c.sqlite'), { readonly: true });
    try {
      expect(ro.messageCount()).toBe(1);
      expect(() => ro.applyBatch([msg('b', 1)])).toThrow();
    } finally {
      ro.close();
    }
  });

  it('refuses a file that is not SQLite, and a SQLite file of another program', () => {
    const junk = tmp.file('junk.sqlite');
    writeFileSync(junk, 'это не база данных, а просто текст '.repeat(100));
    expect(() => openCache(junk)).toThrow(/не является кэшем стены \(это не база SQLite\)/);
    expect(() => openCache(junk, { readonly: true })).toThrow(/не является кэшем стены/);
    const other = tmp.file('other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openCache(other)).toThrow(/не является кэшем стены \(это база SQLite другой программы\)/);
  });

  it('uses WAL and a versioned schema', () => {
    expect(cache.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(cache.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(cache.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(cache.db.pragma('user_version', { simple: true })).toBe(CORE_MIGRATIONS.length);
  });
});
