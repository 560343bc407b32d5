/**
 * Export and the current-state scan page through more than one page of rows (a statement never
 * stays open across a `yield`). Its own file: 120 000 rows take seconds, too slow for the mutation
 * runs of the apply path (docs/testing.md, «Mutation scores»).
 */
import { describe, expect, it } from 'vitest';
import type { SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { msg, freshCacheEachTest } from'../../../../support/cache-fixtures.js';

let cache: SqliteCache;
freshCacheEachTest((c) => (cache = c), () => cache);

describe('export and scan', () => {
  it('scan and export page through more than one page', () => {
    const n = 120_000;
    const items = Array.from({ length: n }, (_, i) => msg(`id-${String(i).padStart(6, '0')}`, 1));
    cache.applyBatch(items, { collect: false });
    let count = 0;
    let prev = '';
    for (const m of cache.exportMessages()) {
      expect(m.id > prev).toBe(true);
      prev = m.id;
      count++;
    }
    expect(count).toBe(n);
    const ids = new Set<string>();
    for (const m of cache.scanNormalized()) ids.add(m.id);
    expect(ids.size).toBe(n);
  });
});
