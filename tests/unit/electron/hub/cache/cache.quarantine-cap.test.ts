/**
 * The quarantine's bound (electron/hub/cache/cache.ts capQuarantine, docs/sync.md «Пределы»): at
 * most QUARANTINE_MAX_ROWS rows, the oldest dropped, every dropped record still counted. The cap is
 * lowered to 3 here (the real 10 000 is exercised by tests/integration/hostile/quarantine.test.ts),
 * so that the edges — exactly at the cap, one over, several batches — take a few rows.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Limits from '../../../../../electron/hub/cache/limits.js';
import type { TempDir } from '../../../../support/cache-fixtures.js';

vi.mock('../../../../../electron/hub/cache/limits.js', async (orig) => ({
  ...(await orig<typeof Limits>()),
  QUARANTINE_MAX_ROWS: 3,
}));

const { openCache } = await import('../../../../../electron/hub/cache/cache.js');
const { msg, freshCacheEachTest } = await import('../../../../support/cache-fixtures.js');

let tmp: TempDir;
let cache: ReturnType<typeof openCache>;
freshCacheEachTest((c, t) => ((cache = c), (tmp = t)), () => cache);

const bad = (id: string) => msg(id, 1, { status: 'lost' });
const held = () => cache.listQuarantine(100).map((q) => q.itemId);

describe('quarantine cap', () => {
  it('keeps the newest rows up to the cap; the dropped ones are counted, across batches and reopens', () => {
    expect(cache.quarantineDropped()).toBe(0);
    cache.applyBatch([bad('q1'), bad('q2'), bad('q3'), msg('ok', 1)]);
    expect(held()).toEqual(['q3', 'q2', 'q1']); // exactly at the cap: nothing dropped
    expect(cache.quarantineDropped()).toBe(0);
    expect(cache.quarantineCount()).toBe(3);

    cache.applyBatch([bad('q4')]);
    expect(held()).toEqual(['q4', 'q3', 'q2']);
    expect(cache.quarantineDropped()).toBe(1);

    cache.applyBatch([bad('q5'), bad('q6'), bad('q7')]);
    expect(held()).toEqual(['q7', 'q6', 'q5']);
    expect(cache.quarantineDropped()).toBe(4);
    expect(cache.quarantineCount()).toBe(7); // every record counted, held or dropped

    cache.close();
    cache = openCache(tmp.file('c.sqlite'));
    expect(cache.quarantineDropped()).toBe(4);
    // A batch without a quarantined record leaves the count alone.
    cache.applyBatch([msg('ok', 2)]);
    expect(cache.quarantineDropped()).toBe(4);
    expect(cache.getMessage('ok')).toMatchObject({ rev: 2 });
  });

  it('a count in the state that is not a number reads as none dropped', () => {
    cache.setState('quarantine_dropped', 'много');
    expect(cache.quarantineDropped()).toBe(0);
    cache.applyBatch([bad('q1'), bad('q2'), bad('q3'), bad('q4')]);
    expect(cache.quarantineDropped()).toBe(1);
  });
});
