/**
 * The cache's apply path (electron/hub/cache/cache.ts, docs/spec/central-api.md «highest rev wins»,
 * 1.1 history): what a caller sees after applyBatch / applyJsonLines — the rows, the result's
 * counts and lists, the history of revisions, the data version, the quarantine — in the corners
 * the main file (cache.test.ts) leaves: tombstones against older, equal and deleted rows, a history
 * turned off, results without collection, poisoned and oversized records, lines of an import given
 * as bytes.
 */
import { describe, expect, it } from 'vitest';
import { openCache, type SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { resyncInto } from '../../../../../electron/hub/sync/resync.js';
import { msg, tomb, freshCacheEachTest, type TempDir } from'../../../../support/cache-fixtures.js';

let tmp: TempDir;
let cache: SqliteCache;
freshCacheEachTest((c, t) => ((cache = c), (tmp = t)), () => cache);

const rows = () =>
  cache.db.prepare('SELECT id, rev, deleted, status FROM messages ORDER BY id').raw().all() as [string, number, number, string | null][];
const counts = (r: { applied: number; ignored: number; deleted: number; quarantined: number; historyAdded?: number }) => ({
  applied: r.applied,
  ignored: r.ignored,
  deleted: r.deleted,
  quarantined: r.quarantined,
  historyAdded: r.historyAdded,
});
const T1 = '2026-11-21T08:00:00+12:00';

describe('tombstones against what is held', () => {
  it('an older tombstone after a newer live rev is ignored: nothing removed, nothing counted as applied', () => {
    cache.applyBatch([msg('a', 3)]);
    const r = cache.applyBatch([tomb('a', 2)]);
    expect(counts(r)).toEqual({ applied: 0, ignored: 1, deleted: 0, quarantined: 0, historyAdded: 1 });
    expect(r.removed).toEqual([]);
    expect(rows()).toEqual([['a', 3, 0, 'new']]);
    // The history keeps it (it is a revision the server sent), the current state does not.
    expect(cache.history('a').map((h) => [h.rev, h.message === null])).toEqual([
      [2, true],
      [3, false],
    ]);
  });

  it('a tombstone over a tombstone removes nothing more (deleted counts only live rows)', () => {
    cache.applyBatch([msg('a', 1), tomb('a', 2)]);
    const r = cache.applyBatch([tomb('a', 5)]);
    expect(counts(r)).toEqual({ applied: 1, ignored: 0, deleted: 0, quarantined: 0, historyAdded: 1 });
    expect(r.removed).toEqual(['a']);
    expect(rows()).toEqual([['a', 5, 1, null]]);
  });

  it('the same tombstone twice is held once: ignored, no new history', () => {
    cache.applyBatch([msg('a', 1)]);
    expect(counts(cache.applyBatch([tomb('a', 2)]))).toEqual({ applied: 1, ignored: 0, deleted: 1, quarantined: 0, historyAdded: 1 });
    const again = cache.applyBatch([tomb('a', 2)]);
    expect(counts(again)).toEqual({ applied: 0, ignored: 1, deleted: 0, quarantined: 0, historyAdded: 0 });
    expect(again.removed).toEqual([]);
    expect(again.revisions).toEqual([]);
    expect(cache.revisionCount()).toBe(2);
  });

  it('a tombstone keeps its updatedAt in the history and in the revisions handed out', () => {
    cache.applyBatch([msg('a', 1)]);
    const r = cache.applyBatch([{ id: 'a', rev: 2, deleted: true, updatedAt: T1 }]);
    expect(r.revisions).toEqual([{ id: 'a', rev: 2, updatedAt: Date.parse(T1), message: null }]);
    expect(cache.history('a').at(-1)).toMatchObject({ rev: 2, updatedAt: new Date(T1).toISOString(), message: null });
  });
});

describe('the history of revisions', () => {
  it('is kept by default: every distinct revision once, with its updatedAt; the result lists the new ones', () => {
    const r = cache.applyBatch([msg('a', 1, { updatedAt: T1 }), msg('a', 2, { status: 'in_progress' }), msg('a', 1, { status: 'closed' })]);
    expect(counts(r)).toEqual({ applied: 2, ignored: 1, deleted: 0, quarantined: 0, historyAdded: 2 });
    expect(r.revisions!.map((x) => [x.id, x.rev, x.updatedAt, x.message?.status])).toEqual([
      ['a', 1, Date.parse(T1), 'new'],
      ['a', 2, null, 'in_progress'],
    ]);
    expect(cache.history('a').map((h) => [h.rev, h.updatedAt, h.message?.status])).toEqual([
      [1, new Date(T1).toISOString(), 'new'], // the first copy seen wins
      [2, null, 'in_progress'],
    ]);
  });

  it('turned off, a batch that writes still moves the data version', () => {
    const v = cache.dataVersion();
    const r = cache.applyBatch([msg('a', 1)], { history: false });
    expect(r.dataVersion).toBe(v + 1);
    expect(cache.dataVersion()).toBe(v + 1);
  });

  it('an older revision arriving late joins the history and bumps the data version, the current row unchanged', () => {
    cache.applyBatch([msg('a', 3, { status: 'answered' })]);
    const v = cache.dataVersion();
    const r = cache.applyBatch([msg('a', 2, { status: 'in_progress' })]);
    expect(counts(r)).toEqual({ applied: 0, ignored: 1, deleted: 0, quarantined: 0, historyAdded: 1 });
    expect(r.changed).toEqual([]);
    expect(r.dataVersion).toBe(v + 1);
    expect(cache.dataVersion()).toBe(v + 1);
    expect(rows()).toEqual([['a', 3, 0, 'answered']]);
  });

  it('a revision the history holds stays ignored even where the current state lost it (after a resync)', async () => {
    cache.applyBatch([msg('a', 1), msg('b', 1)], { cursor: 'c1' });
    // The server's fresh copy after compaction has no b: the resync replaces the current rows.
    await resyncInto(cache, {
      pull: async (fresh) => {
        fresh.applyBatch([msg('a', 1)], { cursor: 'f1' });
        return false;
      },
    });
    expect(rows().map((x) => x[0])).toEqual(['a']);
    const r = cache.applyBatch([msg('b', 1, { status: 'closed' })]);
    expect(counts(r)).toEqual({ applied: 0, ignored: 1, deleted: 0, quarantined: 0, historyAdded: 0 });
    expect(rows().map((x) => x[0])).toEqual(['a']);
  });

  it('turned off (the benchmark only), nothing is written to it and the current state is still applied', () => {
    const r = cache.applyBatch([msg('a', 1), msg('a', 2, { status: 'closed' }), msg('b', 1), tomb('b', 2)], { history: false });
    expect(counts(r)).toEqual({ applied: 4, ignored: 0, deleted: 1, quarantined: 0, historyAdded: 0 });
    expect(cache.revisionCount()).toBe(0);
    expect(rows()).toEqual([
      ['a', 2, 0, 'closed'],
      ['b', 2, 1, null],
    ]);
    expect(r.revisions!.map((x) => [x.id, x.rev, x.message === null])).toEqual([
      ['a', 1, false],
      ['a', 2, false],
      ['b', 1, false],
      ['b', 2, true],
    ]);
    // Without the history the rev guard alone decides: equal or older revs, live or tombstone, are ignored.
    const again = cache.applyBatch([msg('a', 2), tomb('a', 2), tomb('a', 1), msg('b', 2), tomb('b', 2)], { history: false });
    expect(counts(again)).toEqual({ applied: 0, ignored: 5, deleted: 0, quarantined: 0, historyAdded: 0 });
    expect(again.removed).toEqual([]);
    expect(rows()).toEqual([
      ['a', 2, 0, 'closed'],
      ['b', 2, 1, null],
    ]);
  });
});

describe('results without collection (a bulk import)', () => {
  it('apply the same rows but hand out no changed, removed or revisions', () => {
    const r = cache.applyBatch([msg('a', 1), msg('b', 1), tomb('b', 2)], { collect: false });
    expect(counts(r)).toEqual({ applied: 3, ignored: 0, deleted: 1, quarantined: 0, historyAdded: 3 });
    expect(r.changed).toEqual([]);
    expect(r.removed).toEqual([]);
    expect(r.revisions).toBeUndefined();
    expect(rows().map((x) => [x[0], x[2]])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(cache.revisionCount()).toBe(3);
  });
});

describe('the data version', () => {
  it('moves with every batch that writes, and only then; the result carries it', () => {
    const v0 = cache.dataVersion();
    expect(typeof v0).toBe('number');
    const r1 = cache.applyBatch([msg('a', 1)]);
    expect(r1.dataVersion).toBe(v0 + 1);
    expect(cache.dataVersion()).toBe(v0 + 1);
    const r2 = cache.applyBatch([msg('a', 1), { id: 'bad', rev: 1 }], { cursor: 'c1' });
    expect(counts(r2)).toMatchObject({ applied: 0, historyAdded: 0, quarantined: 1 });
    expect(r2.dataVersion).toBe(v0 + 1);
    expect(cache.dataVersion()).toBe(v0 + 1);
    const r3 = cache.applyBatch([tomb('a', 2)]);
    expect(r3.dataVersion).toBe(v0 + 2);
    expect(cache.bumpDataVersion()).toBe(v0 + 3);
    expect(cache.dataVersion()).toBe(v0 + 3);
  });
});

describe('quarantine records', () => {
  it('name the source (api unless told), keep a long id and reason cut to their bounds', () => {
    const longId = 'x'.repeat(300);
    const r = cache.applyBatch([msg(longId, 1, { municipality: 'z'.repeat(3000) }), msg('ok', 1)]);
    expect(counts(r)).toMatchObject({ applied: 1, quarantined: 1 });
    const [q] = cache.listQuarantine();
    expect(q!.itemId).toBe('x'.repeat(200));
    expect(q!.rev).toBe(1);
    expect(q!.source).toBe('api');
    expect(q!.reason).toHaveLength(1000);
    expect(q!.reason.startsWith('municipality: неизвестный ОКТМО «zzz')).toBe(true);
  });

  it('a record nested too deep is quarantined with the reason, its id and rev kept, the rest applied', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100; i++) deep = deep.x = {};
    const r = cache.applyBatch([msg('deep', 4, { extra: root }), msg('ok', 1)]);
    expect(counts(r)).toMatchObject({ applied: 1, quarantined: 1 });
    const [q] = cache.listQuarantine();
    expect(q).toMatchObject({ itemId: 'deep', rev: 4 });
    expect(q!.reason).toMatch(/вложенность JSON глубже 32 уровней/);
    // Its raw copy is only described (never the whole record): id and rev.
    expect(q!.raw).toBe('{"id":"deep","rev":4,…}');
    expect(rows().map((x) => x[0])).toEqual(['ok']);
  });

  it('a poisoned record keeps only an id that is a string and a rev that is a finite number', () => {
    cache.applyBatch([{ id: 7, rev: Infinity, text: 'т'.repeat(100_001) }, { id: 'y', rev: '1', text: 'т'.repeat(100_001) }]);
    expect(cache.listQuarantine().map((q) => [q.itemId, q.rev])).toEqual([
      ['y', null], // newest first
      [null, null],
    ]);
    cache.applyBatch([{ id: 'z', rev: 3, text: 'т'.repeat(100_001) }]);
    expect(cache.listQuarantine(1).map((q) => [q.itemId, q.rev, q.reason])).toEqual([
      ['z', 3, expect.stringMatching(/^текст обращения длиннее 100\s000 символов/)],
    ]);
  });

  it('an invalid tombstone is quarantined (not applied as a deletion)', () => {
    cache.applyBatch([msg('a', 1)]);
    const r = cache.applyBatch([{ id: 'a', rev: 'два', deleted: true }]);
    expect(counts(r)).toMatchObject({ applied: 0, quarantined: 1 });
    expect(rows()).toEqual([['a', 1, 0, 'new']]);
  });
});

describe('the API binding', () => {
  it('is stored trimmed, without trailing slashes, so the same API written otherwise is the same binding', () => {
    cache.setApiUrl('  http://127.0.0.1:8080///  ');
    expect(cache.getApiUrl()).toBe('http://127.0.0.1:8080');
    cache.setApiUrl('http://127.0.0.1:8080/');
    expect(cache.getApiUrl()).toBe('http://127.0.0.1:8080');
  });
});

describe('a cache without a reference', () => {
  it('applies by the schema alone and says it holds no reference', () => {
    const bare = openCache(tmp.file('bare.sqlite'));
    try {
      expect(bare.getReference()).toBeNull();
      const r = bare.applyBatch([msg('a', 1, { municipality: '99999999' }), msg('b', 1, { status: 'lost' })]);
      expect(counts(r)).toMatchObject({ applied: 1, quarantined: 1 });
      expect(bare.getMessage('a')).toMatchObject({ municipality: '99999999' });
    } finally {
      bare.close();
    }
  });
});

describe('applyJsonLines (an import chunk)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const stored = () => cache.db.prepare('SELECT id, json, typeof(json) FROM messages ORDER BY id').raw().all() as [string, string, string][];

  it('skips blank lines, quarantines a line that is no JSON with its line number, applies the rest as received', () => {
    const spaced = '{"id": "a",  "rev": 1, ' + JSON.stringify(msg('a', 1)).slice(1).replace('"id":"a","rev":1,', '');
    const r = cache.applyJsonLines(['', spaced, '   ', 'не json', `  ${JSON.stringify(msg('b', 1))}  `], {
      firstLine: 10,
      source: 'import',
    });
    expect(counts(r)).toMatchObject({ applied: 2, quarantined: 1 });
    const [q] = cache.listQuarantine();
    expect(q).toMatchObject({ itemId: null, rev: null, reason: 'строка 13: не JSON', raw: 'не json', source: 'import' });
    // Each message keeps its line (trimmed) as its JSON text, not a re-serialisation.
    expect(stored()).toEqual([
      ['a', spaced, 'text'],
      ['b', JSON.stringify(msg('b', 1)), 'text'],
    ]);
  });

  it('takes lines as UTF-8 bytes: stored as the text when exact, trimmed or decoded otherwise', () => {
    const a = JSON.stringify(msg('a', 1, { text: 'обращение «а»' }));
    const b = JSON.stringify(msg('b', 1));
    const c = JSON.stringify(msg('c', 1, { text: 'XX' }));
    const bad = enc(c);
    const at = c.indexOf('XX');
    bad[at] = 0xff; // an invalid byte inside a string
    const r = cache.applyJsonLines([enc(a), enc(`\t${b} `), Buffer.from(enc('{"id":')), bad], { firstLine: 1 });
    expect(counts(r)).toMatchObject({ applied: 3, quarantined: 1 });
    const s = stored();
    expect(s[0]).toEqual(['a', a, 'text']);
    expect(s[1]).toEqual(['b', b, 'text']);
    expect(s[2]![1]).toBe(c.replace('XX', '\uFFFDX'));
    expect(cache.getMessage('a')).toMatchObject({ text: 'обращение «а»' });
    expect(cache.listQuarantine(1)[0]).toMatchObject({ reason: 'строка 3: не JSON', raw: '{"id":' });
  });

  it('commits its cursor with the chunk', () => {
    cache.applyJsonLines([JSON.stringify(msg('a', 1))], { firstLine: 1, cursor: 'after-a' });
    expect(cache.getCursor()).toBe('after-a');
    cache.applyJsonLines([], { firstLine: 2 });
    expect(cache.getCursor()).toBe('after-a');
  });
});
