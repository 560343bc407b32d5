/**
 * The store snapshot: MessageStore.serialize / deserialize round trips, and the cache's snapshot
 * (data_version, store_snapshot) as a cache of the messages table that is never trusted blindly.
 */
import { describe, expect, it } from 'vitest';
import { MessageStore } from '../../../../shared/engine/store.js';
import { SNAPSHOT_FORMAT, SnapshotError } from '../../../../shared/engine/snapshot-codec.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { openCache, type SqliteCache } from '../../../../electron/hub/cache/cache.js';
import { loadStore, loadStoreFromCache, saveStoreSnapshot } from '../../../../electron/hub/engine/load.js';
import { msg, tomb, freshCacheEachTest, type TempDir } from'../../../support/cache-fixtures.js';
import { mulberry32 as rng } from '../../../../electron/hub/demo/rng.js';

const COLUMNS = [
  'rev',
  'createdAt',
  'dueAt',
  'firstResponseAt',
  'answeredAt',
  'status',
  'rework',
  'weight',
  'satisfaction',
  'lat',
  'lon',
  'block',
  'municipality',
  'channel',
  'category',
] as const;

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');


function candidates(s: MessageStore, which: 'byCreated' | 'byAnswered'): string[] {
  const out: string[] = [];
  s[which].forEachCandidate(T0 - 1000 * HOUR, T0 + 1000 * HOUR, (row) => out.push(s.ids[row]!));
  return out.sort();
}

function openIds(s: MessageStore): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.openList.n; i++) {
    const row = s.openList.rows[i]!;
    out.push(s.ids[row]!);
    // the dense copy follows the columns
    expect([s.openList.created[i], s.openList.due[i], s.openList.block[i], s.openList.category[i]]).toEqual([
      s.createdAt[row],
      s.dueAt[row],
      s.block[row],
      s.category[row],
    ]);
  }
  return out.sort();
}

/** Every column, the ids in row order, the dictionaries with their use counts, and the indices. */
function expectSameStore(got: MessageStore, want: MessageStore): void {
  expect(got.size).toBe(want.size);
  expect(got.ids).toEqual(want.ids);
  for (const c of COLUMNS) expect(Array.from(got[c].subarray(0, got.size)), c).toEqual(Array.from(want[c].subarray(0, want.size)));
  for (const d of ['blocks', 'municipalities', 'channels', 'categories'] as const) {
    expect(got[d].values, d).toEqual(want[d].values);
    expect(Array.from(got[d].counts.subarray(0, got[d].size)), d).toEqual(Array.from(want[d].counts.subarray(0, want[d].size)));
  }
  for (let r = 0; r < want.size; r++) {
    expect(got.getRow(want.ids[r]!)).toBe(r);
    expect(got.toNormalized(r)).toEqual(want.toNormalized(r));
  }
  expect(openIds(got)).toEqual(openIds(want));
  expect(candidates(got, 'byCreated')).toEqual(candidates(want, 'byCreated'));
  expect(candidates(got, 'byAnswered')).toEqual(candidates(want, 'byAnswered'));
}

function randomStore(seed: number, steps: number): { store: MessageStore; truth: Map<string, NormalizedMessage> } {
  const r = rng(seed);
  const store = new MessageStore(16);
  const truth = new Map<string, NormalizedMessage>();
  const statuses = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'] as const;
  for (let step = 0; step < steps; step++) {
    const id = `id-${Math.floor(r() * 300)}${r() < 0.05 ? '-ёж✓𝄞' : ''}`;
    if (r() < 0.3) {
      // swap-remove: the last row moves into the hole
      expect(store.remove(id)).toBe(truth.delete(id));
      continue;
    }
    const located = r() < 0.7;
    const m: NormalizedMessage = {
      id,
      rev: 1 + Math.floor(r() * 9),
      channel: `ch${Math.floor(r() * 4)}`,
      municipality: `мо-${Math.floor(r() * 6)}`,
      block: `b${Math.floor(r() * 3)}`,
      category: `b.c${Math.floor(r() * 7)}`,
      createdAt: T0 + Math.floor(r() * 200) * HOUR + Math.floor(r() * 1000),
      dueAt: T0 + Math.floor(r() * 400) * HOUR,
      firstResponseAt: r() < 0.5 ? null : T0 + Math.floor(r() * 300) * HOUR,
      answeredAt: r() < 0.5 ? null : T0 + Math.floor(r() * 300) * HOUR,
      status: statuses[Math.floor(r() * 6)]!,
      reworkCount: Math.floor(r() * 4),
      weight: Math.floor(r() * 1000) / 7,
      satisfaction: r() < 0.5 ? null : 1 + Math.floor(r() * 5),
      lat: located ? Math.fround(50 + r() * 10) : null,
      lon: located ? Math.fround(150 + r() * 10) : null,
    };
    store.upsert(m);
    truth.set(id, m);
  }
  return { store, truth };
}

describe('MessageStore.serialize / deserialize', () => {
  it('round-trips every column, the dictionaries, the ids and the indices after upserts and swap-removes', () => {
    for (const seed of [1, 2, 3]) {
      const { store, truth } = randomStore(seed, 4000);
      expect(store.size).toBe(truth.size);
      const back = MessageStore.deserialize(store.serialize());
      expectSameStore(back, store);
      for (const [id, m] of truth) expect(back.toNormalized(back.getRow(id)!)).toEqual(m);
    }
  });

  it('gives a store that goes on working: upserts past its capacity, removals, another round trip', () => {
    const { store } = randomStore(9, 1000);
    const back = MessageStore.deserialize(store.serialize(), 0);
    for (let i = 0; i < 100; i++) {
      const m: NormalizedMessage = { ...back.toNormalized(0), id: `new-${i}`, status: 'new' };
      back.upsert(m);
      store.upsert(m);
    }
    for (const id of store.ids.slice(0, 50)) {
      back.remove(id);
      store.remove(id);
    }
    expectSameStore(back, store);
    expectSameStore(MessageStore.deserialize(back.serialize()), store);
  });

  it('round-trips an empty store, and reads bytes at an unaligned offset', () => {
    const empty = MessageStore.deserialize(new MessageStore().serialize());
    expect(empty.size).toBe(0);
    const { store } = randomStore(4, 500);
    const bytes = store.serialize();
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expectSameStore(MessageStore.deserialize(shifted.subarray(3)), store);
  });

  it('refuses corrupt bytes, another format and a truncated blob with SnapshotError', () => {
    const { store } = randomStore(5, 500);
    const good = store.serialize();
    const corrupt = good.slice();
    corrupt[corrupt.length >> 1]! ^= 0x10;
    expect(() => MessageStore.deserialize(corrupt)).toThrow(SnapshotError);
    expect(() => MessageStore.deserialize(corrupt)).toThrow(/контрольная сумма/);
    const other = good.slice();
    new DataView(other.buffer).setUint32(4, SNAPSHOT_FORMAT + 1, true);
    expect(() => MessageStore.deserialize(other)).toThrow(/формата 2/);
    expect(() => MessageStore.deserialize(good.subarray(0, good.length - 8))).toThrow(SnapshotError);
    expect(() => MessageStore.deserialize(new Uint8Array(10))).toThrow(SnapshotError);
    expect(() => MessageStore.deserialize(new TextEncoder().encode('{"not":"a snapshot"}'.repeat(10)))).toThrow(SnapshotError);
  });

  it('refuses to serialize an id that UTF-8 cannot carry (a lone surrogate)', () => {
    const s = new MessageStore();
    s.upsert({ ...randomStore(6, 5).store.toNormalized(0), id: 'bad-\ud800' });
    expect(() => s.serialize()).toThrow(SnapshotError);
  });
});

describe('the cache snapshot', () => {
  let tmp: TempDir;
  let cache: SqliteCache;
  freshCacheEachTest((c, t) => ((cache = c), (tmp = t)), () => cache);

  /** The store built from the table, ignoring any snapshot. */
  const scanned = (): MessageStore => loadStoreFromCache(cache, { writeSnapshot: false, useSnapshot: false }).store;

  function fill(): void {
    const statuses = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'] as const;
    const items: unknown[] = [];
    for (let i = 0; i < 300; i++)
      items.push(
        msg(`m${i}`, 1, {
          status: statuses[i % 6],
          channel: i % 2 ? 'vk' : 'pos',
          municipality: i % 3 ? '30701000' : '30607000',
          ...(i % 5 === 0 ? { block: 'roads', category: 'roads.pits', location: null } : {}),
          createdAt: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T07:02:11+12:00`,
          answeredAt: i % 6 === 2 ? '2026-11-21T10:00:00+12:00' : null,
          satisfaction: i % 6 === 2 ? 1 + (i % 5) : null,
        }),
      );
    cache.applyBatch(items);
    // later revisions, tombstones (removals in the middle of the rows), a re-created message
    cache.applyBatch([msg('m7', 2, { status: 'closed' }), tomb('m3', 2), tomb('m150', 5), msg('m299', 4, { status: 'rework', reworkCount: 2 })]);
    cache.applyBatch([msg('m3', 3, { status: 'new' }), tomb('m0', 2)]);
  }

  it('counts data versions: bumped by a batch that writes, not by ignored or quarantined items', () => {
    const v0 = cache.dataVersion();
    const r1 = cache.applyBatch([msg('a', 1)]);
    expect(r1.dataVersion).toBe(v0 + 1);
    expect(cache.dataVersion()).toBe(v0 + 1);
    expect(cache.applyBatch([msg('a', 1), { id: 'bad', rev: 1 }]).dataVersion).toBe(v0 + 1);
    expect(cache.applyBatch([tomb('a', 2)]).dataVersion).toBe(v0 + 2);
    expect(cache.applyJsonLines([JSON.stringify(msg('b', 1))], { firstLine: 1 }).dataVersion).toBe(v0 + 3);
    expect(cache.bumpDataVersion()).toBe(v0 + 4);
  });

  it('loads from a scan first and stores a snapshot; the next load reads it and equals the scanned store', () => {
    fill();
    const first = loadStoreFromCache(cache);
    expect(first).toMatchObject({ from: 'scan', snapshotWritten: true, dataVersion: cache.dataVersion() });
    const second = loadStoreFromCache(cache);
    expect(second.from).toBe('snapshot');
    expect(second.dataVersion).toBe(cache.dataVersion());
    expectSameStore(second.store, first.store);
    expectSameStore(second.store, scanned());
    // the same as the store built the old way, from scanNormalized
    expectSameStore(second.store, MessageStore.from(cache.scanNormalized()));
    // and after reopening the file
    cache.close();
    cache = openCache(tmp.file('c.sqlite'));
    expect(loadStoreFromCache(cache).from).toBe('snapshot');
    expectSameStore(loadStore(cache), scanned());
  });

  it('ignores a snapshot made stale by a batch, and replaces it', () => {
    fill();
    loadStoreFromCache(cache);
    expect(cache.readSnapshot()).not.toBeNull();
    cache.applyBatch([msg('m10', 9, { status: 'closed' }), tomb('m11', 9), msg('fresh', 1)]);
    expect(cache.readSnapshot()).toBeNull();
    const after = loadStoreFromCache(cache);
    expect(after.from).toBe('scan');
    expect(after.store.has('fresh')).toBe(true);
    expect(after.store.has('m11')).toBe(false);
    expect(after.store.toNormalized(after.store.getRow('m10')!)).toMatchObject({ rev: 9, status: 'closed' });
    expectSameStore(loadStoreFromCache(cache).store, after.store);
    expect(loadStoreFromCache(cache).from).toBe('snapshot');
  });

  it('keeps using the snapshot after batches that changed nothing', () => {
    fill();
    loadStoreFromCache(cache);
    cache.applyBatch([msg('m10', 1), { id: 'junk' }], { cursor: 'c-2' });
    expect(loadStoreFromCache(cache).from).toBe('snapshot');
  });

  it('falls back to the scan on a corrupt blob, and rewrites the snapshot', () => {
    fill();
    loadStoreFromCache(cache);
    const blob = cache.db.prepare('SELECT blob FROM store_snapshot').pluck().get() as Buffer;
    blob[blob.length - 20]! ^= 0xff;
    cache.db.prepare('UPDATE store_snapshot SET blob = ?').run(blob);
    const r = loadStoreFromCache(cache);
    expect(r.from).toBe('scan');
    expect(r.fallback).toMatch(/контрольная сумма/);
    expect(r.snapshotWritten).toBe(true);
    expectSameStore(r.store, scanned());
    expect(loadStoreFromCache(cache).from).toBe('snapshot');
    // garbage and an empty blob
    for (const junk of [Buffer.from('garbage'), Buffer.alloc(0)]) {
      cache.db.prepare('UPDATE store_snapshot SET blob = ?').run(junk);
      const g = loadStoreFromCache(cache);
      expect(g.from).toBe('scan');
      expectSameStore(g.store, scanned());
    }
  });

  it('falls back to the scan on a snapshot of another format version', () => {
    fill();
    loadStoreFromCache(cache);
    const blob = cache.db.prepare('SELECT blob FROM store_snapshot').pluck().get() as Buffer;
    blob.writeUInt32LE(SNAPSHOT_FORMAT + 1, 4);
    cache.db.prepare('UPDATE store_snapshot SET blob = ?').run(blob);
    const r = loadStoreFromCache(cache);
    expect(r.from).toBe('scan');
    expect(r.fallback).toMatch(new RegExp(`формата ${SNAPSHOT_FORMAT + 1}`));
    expectSameStore(r.store, scanned());
  });

  it('falls back when a writer outside applyBatch bumps the version (a resync swap)', () => {
    fill();
    loadStoreFromCache(cache);
    cache.db.transaction(() => {
      cache.db.prepare("DELETE FROM messages WHERE id = 'm20'").run();
      cache.bumpDataVersion();
    })();
    const r = loadStoreFromCache(cache);
    expect(r.from).toBe('scan');
    expect(r.store.has('m20')).toBe(false);
  });

  it('saveStoreSnapshot writes only a store of the current version; a read-only cache never writes', () => {
    fill();
    const { store, dataVersion } = loadStoreFromCache(cache, { writeSnapshot: false });
    expect(cache.readSnapshot()).toBeNull();
    const res = cache.applyBatch([msg('late', 1)]);
    expect(saveStoreSnapshot(cache, store, dataVersion)).toBe(false);
    store.upsert(res.changed[0]!);
    expect(saveStoreSnapshot(cache, store, res.dataVersion!)).toBe(true);
    expectSameStore(loadStoreFromCache(cache).store, scanned());

    cache.applyBatch([msg('later', 1)]);
    cache.close();
    const ro = openCache(tmp.file('c.sqlite'), { readonly: true });
    try {
      const r = loadStoreFromCache(ro);
      expect(r).toMatchObject({ from: 'scan', snapshotWritten: false });
      expect(r.store.has('later')).toBe(true);
      expect(ro.readSnapshot()).toBeNull();
    } finally {
      ro.close();
    }
    cache = openCache(tmp.file('c.sqlite'));
    expect(loadStoreFromCache(cache).from).toBe('scan');
    expect(loadStoreFromCache(cache).from).toBe('snapshot');
  });

  it('a store that cannot be serialised is simply not saved (saveStoreSnapshot never throws)', () => {
    cache.applyBatch([msg('ok', 1)]);
    const { store, dataVersion } = loadStoreFromCache(cache, { writeSnapshot: false });
    store.upsert({ ...store.toNormalized(0), id: 'bad-\ud800' });
    expect(saveStoreSnapshot(cache, store, dataVersion)).toBe(false);
    expect(cache.readSnapshot()).toBeNull();
  });

  it('forEachLive gives the same messages as scanNormalized, in rowid order', () => {
    fill();
    const got: NormalizedMessage[] = [];
    const v = cache.forEachLive((m) => got.push({ ...m }));
    expect(v).toBe(cache.dataVersion());
    expect(got).toEqual([...cache.scanNormalized()]);
    expect(cache.liveCountBound()).toBeGreaterThanOrEqual(cache.messageCount());
  });
});
