import { afterEach, describe, expect, it } from 'vitest';
import { DataSet, type DataChange } from '../../../../../electron/hub/service/dataset.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { DEFAULT_THRESHOLDS } from '../../../../../shared/engine/types.js';
import { makeFixture, buildMessages, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

const DAY = 86_400_000;
let fx: Fixture | null = null;
let cache: Cache | null = null;
afterEach(() => {
  cache?.close();
  cache = null;
  fx?.cleanup();
  fx = null;
});

function open(n = 30) {
  fx = makeFixture(n);
  cache = openCache(fx.path);
  let now = NOW;
  const data = new DataSet(cache, { thresholds: DEFAULT_THRESHOLDS, now: () => now });
  const changes: DataChange[] = [];
  data.events.on('changed', (c) => changes.push(c));
  return { data, cache, fx, changes, setNow: (t: number) => (now = t) };
}

describe('DataSet', () => {
  it('derives the region, the store, the names and the scenes from the cache', () => {
    const { data, fx } = open(30);
    expect(data.region).toMatchObject({ id: 'kamchatka', name: 'Камчатский край', timezone: 'Asia/Kamchatka' });
    expect(data.store.size).toBe(30);
    expect(data.names.blocks.get('housing')).toBeTruthy();
    expect(data.scenes.slice(0, 2)).toEqual(['operational', 'briefing']);
    expect(data.scenes).toContain('block:housing');
    expect(data.scenes).toContain(`municipality:${fx.ref.municipalities[0]!.oktmo}`);
    expect(data.defaultPlaylist()).toEqual(['operational', 'briefing', ...fx.ref.blocks.map((b) => `block:${b.id}`)]);
    expect(data.hasMunicipality(fx.ref.municipalities[0]!.oktmo)).toBe(true);
    expect(data.hasMunicipality('00000000')).toBe(false);
    const newest = Math.max(...fx.messages.flatMap((m) => [Date.parse(m.createdAt), m.answeredAt ? Date.parse(m.answeredAt) : -Infinity]));
    expect(data.dataAsOf).toBe(newest);
  });

  it('an ingested batch updates the store and the data’s age, and is announced with its messages', () => {
    const { data, cache, fx, changes } = open(10);
    const late = buildMessages(fx.ref, 2, 'im-late').map((m) => ({ ...m, createdAt: new Date(NOW + DAY).toISOString(), answeredAt: null, firstResponseAt: null, status: 'new' as const }));
    expect(data.ingest(cache.applyBatch(late))).toBe(true);
    expect(data.store.size).toBe(12);
    expect(data.dataVersion).toBe(1);
    expect(data.dataAsOf).toBe(NOW + DAY);
    expect(data.lastBatchAt).toBe(NOW);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'batch', dataVersion: 1, removed: [] });
    expect(changes[0]!.kind === 'batch' && changes[0]!.changed.map((m) => m.id)).toEqual(['im-late-0000', 'im-late-0001']);
  });

  it('a batch that changed nothing is not announced (but counts as received)', () => {
    const { data, cache, fx, changes, setNow } = open(10);
    setNow(NOW + 5_000);
    expect(data.ingest(cache.applyBatch([fx.messages[0]]))).toBe(false);
    expect(changes).toHaveLength(0);
    expect(data.dataVersion).toBe(0);
    expect(data.lastBatchAt).toBe(NOW + 5_000);
  });

  it('reload derives everything again from contents replaced behind its back', () => {
    const { data, cache, fx, changes } = open(10);
    const before = data.store;
    cache.applyBatch([{ id: fx.messages[0]!.id, rev: 99, deleted: true }, ...buildMessages(fx.ref, 3, 'im-r')]);
    expect(data.store.size).toBe(10);
    data.reload();
    expect(data.store).not.toBe(before);
    expect(data.store.size).toBe(12);
    expect(data.store.getRow(fx.messages[0]!.id)).toBeUndefined();
    expect(changes).toEqual([{ kind: 'reload', dataVersion: 1 }]);
  });

  it('dispose leaves a current store snapshot in the cache and ignores later batches', () => {
    const { data, cache, fx, changes } = open(10);
    data.ingest(cache.applyBatch(buildMessages(fx.ref, 2, 'im-s')));
    data.dispose();
    expect(cache.readSnapshot()?.dataVersion).toBe(cache.dataVersion());
    expect(data.ingest(cache.applyBatch(buildMessages(fx.ref, 1, 'im-after')))).toBe(false);
    data.reload();
    expect(data.store.size).toBe(12);
    expect(changes).toHaveLength(1);
  });
});
