/**
 * History in the cache (central-api.md 1.1): every distinct revision kept, the first copy seen
 * winning, whatever the order and the chunks; `export --as-of` and the engine's HistoryStore give
 * the state at an instant of kpi.md v2 (a naive reading written out here); an old cache migrates
 * with its current rows as the first history; a full resync keeps the history.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { APPLICATION_ID, openCache } from '../../../electron/hub/cache/cache.js';
import { applyMigrations, CORE_MIGRATIONS } from '../../../electron/hub/cache/migrations.js';
import { resyncInto } from '../../../electron/hub/sync/resync.js';
import { loadHistoryFromCache } from '../../../electron/hub/engine/load.js';
import { REF, msg, tempDir } from '../../unit/cache/fixtures.js';

const T0 = Date.parse('2026-11-21T07:00:00+12:00');
const iso = (h: number) => new Date(T0 + h * 3_600_000).toISOString();

interface Item {
  id: string;
  rev: number;
  deleted: boolean;
  updatedAt: string | null;
  status: string;
}
const toRaw = (x: Item): Record<string, unknown> =>
  x.deleted
    ? { id: x.id, rev: x.rev, deleted: true, ...(x.updatedAt ? { updatedAt: x.updatedAt } : {}) }
    : msg(x.id, x.rev, { status: x.status, updatedAt: x.updatedAt });

/** kpi.md v2 on the raw log: the JSON-free state (rev, status) of id at t, null when absent. */
function naive(log: readonly Item[], id: string, t: number): [number, string] | null {
  const seen: Item[] = [];
  for (const x of log) if (x.id === id && !seen.some((s) => s.rev === x.rev)) seen.push(x);
  const created = Date.parse('2026-11-21T07:02:11+12:00'); // every live revision of the fixture
  const hasLive = seen.some((s) => !s.deleted);
  let best: Item | null = null;
  for (const s of seen) {
    const at = s.updatedAt ? Date.parse(s.updatedAt) : !s.deleted || hasLive ? created : -Infinity;
    if (at <= t && (best === null || s.rev > best.rev)) best = s;
  }
  return best === null || best.deleted ? null : [best.rev, best.status];
}

const itemArb: fc.Arbitrary<Item> = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd'),
  rev: fc.integer({ min: 1, max: 5 }),
  deleted: fc.boolean(),
  updatedAt: fc.option(fc.integer({ min: -1, max: 8 }).map(iso), { nil: null }),
  status: fc.constantFrom('new', 'in_progress', 'answered', 'closed'),
});

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

describe('history in the cache', () => {
  it('random logs in random chunks: export --as-of and the HistoryStore give the naive state', () => {
    let k = 0;
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), fc.array(fc.integer({ min: -2, max: 10 }), { minLength: 1, maxLength: 5 }), (log, chunk, hours) => {
        const cache = openCache(tmp.file(`p${k++}.sqlite`));
        try {
          cache.setReference(REF);
          for (let i = 0; i < log.length; i += chunk) cache.applyBatch(log.slice(i, i + chunk).map(toRaw));
          // every distinct (id, rev) once, the first copy seen
          const distinct = new Map<string, Item>();
          for (const x of log) if (!distinct.has(`${x.id}/${x.rev}`)) distinct.set(`${x.id}/${x.rev}`, x);
          expect(cache.revisionCount()).toBe(distinct.size);
          for (const id of ['a', 'b', 'c', 'd'])
            expect(cache.history(id).map((h) => [h.rev, h.deleted, h.message?.status ?? null])).toEqual(
              [...distinct.values()].filter((x) => x.id === id).sort((p, q) => p.rev - q.rev).map((x) => [x.rev, x.deleted, x.deleted ? null : x.status]),
            );
          const { history } = loadHistoryFromCache(cache);
          for (const h of hours) {
            const t = T0 + h * 3_600_000 + 1_800_000 * (h & 1);
            const exported = [...cache.exportJsonAt(t)].map((j) => JSON.parse(j) as { id: string; rev: number; status: string });
            const expected = ['a', 'b', 'c', 'd'].map((id) => [id, naive(log, id, t)] as const).filter((e) => e[1] !== null);
            expect(exported.map((m) => [m.id, [m.rev, m.status]])).toEqual(expected);
            for (const [id, st] of expected) expect(history.messageAt(id, t)).toMatchObject({ rev: st![0], status: st![1] });
          }
        } finally {
          cache.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a cache of schema 2 migrates with its current rows as the first history', () => {
    const path = tmp.file('old.sqlite');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    applyMigrations(db as never, 'cache', CORE_MIGRATIONS.slice(0, 2));
    db.prepare(
      `INSERT INTO messages (id, rev, deleted, channel, municipality, block, category, created_at, due_at, status, rework_count, weight, json)
       VALUES ('a', 3, 0, 'vk', '30701000', 'housing', 'housing.heating', 1, 2, 'answered', 0, 0, ?), ('b', 2, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    ).run(JSON.stringify({ ...msg('a', 3, { status: 'answered' }), updatedAt: '2026-11-21T09:00:00+12:00' }));
    db.close();
    const cache = openCache(path);
    try {
      expect(cache.db.pragma('user_version', { simple: true })).toBe(CORE_MIGRATIONS.length);
      expect(cache.history('a')).toEqual([
        { rev: 3, deleted: false, updatedAt: new Date('2026-11-21T09:00:00+12:00').toISOString(), message: expect.objectContaining({ status: 'answered' }) },
      ]);
      expect(cache.history('b')).toEqual([{ rev: 2, deleted: true, updatedAt: null, message: null }]);
      // a lower revision seen after the migration joins the history, the current state stays
      cache.setReference(REF);
      const r = cache.applyBatch([msg('a', 1, { updatedAt: '2026-11-21T07:02:11+12:00' })]);
      expect(r).toMatchObject({ applied: 0, ignored: 1, historyAdded: 1 });
      expect(cache.history('a').map((h) => h.rev)).toEqual([1, 3]);
      expect(cache.getMessage('a')).toMatchObject({ rev: 3 });
    } finally {
      cache.close();
    }
  });

  it('a full resync (410) keeps the history and adds the fresh copy’s revisions', async () => {
    const cache = openCache(tmp.file('c.sqlite'));
    try {
      cache.setReference(REF);
      cache.applyBatch([msg('a', 1, { updatedAt: iso(0) }), msg('a', 2, { status: 'answered', updatedAt: iso(2) }), msg('b', 1, { updatedAt: iso(1) })]);
      await resyncInto(cache, {
        pull: async (fresh) => {
          // the server's copy after compaction: only the latest revisions, one new
          fresh.applyBatch([msg('a', 2, { status: 'closed', updatedAt: iso(2) }), msg('a', 3, { status: 'closed', updatedAt: iso(4) })], { cursor: 'c1' });
          return false;
        },
      });
      expect(cache.getCursor()).toBe('c1');
      expect(cache.history('a').map((h) => [h.rev, h.message?.status])).toEqual([
        [1, 'new'],
        [2, 'answered'], // the first copy seen wins
        [3, 'closed'],
      ]);
      expect(cache.history('b').map((h) => h.rev)).toEqual([1]);
      expect(cache.getMessage('b')).toBeNull(); // the resync replaced the current copy
      const at1 = [...cache.exportJsonAt(T0 + 1.5 * 3_600_000)].map((j) => JSON.parse(j).id);
      expect(at1).toEqual(['a', 'b']);
    } finally {
      cache.close();
    }
  });
});
