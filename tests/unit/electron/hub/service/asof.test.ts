/** The hub's as-of service: the view at a past instant, kept in step with arriving batches; a message's history. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { DataSet } from '../../../../../electron/hub/service/dataset.js';
import { AsOfService } from '../../../../../electron/hub/service/asof.js';
import { DEFAULT_THRESHOLDS } from '../../../../../shared/engine/types.js';
import { REF, msg, tempDir } from '../../../../unit/cache/fixtures.js';

const H = 3_600_000;
const C = Date.parse('2026-11-21T07:02:11+12:00'); // createdAt of the fixture's messages
const iso = (t: number) => new Date(t).toISOString();
const day = { from: Date.parse('2026-11-21T00:00:00+12:00'), to: Date.parse('2026-11-22T00:00:00+12:00') };

let tmp: ReturnType<typeof tempDir>;
let cache: SqliteCache;
let data: DataSet;
let asof: AsOfService;
beforeEach(() => {
  tmp = tempDir();
  cache = openCache(tmp.file('c.sqlite'));
  cache.setReference(REF);
  cache.applyBatch([
    msg('a', 1, { updatedAt: iso(C) }),
    msg('a', 3, { status: 'answered', answeredAt: iso(C + 5 * H), updatedAt: iso(C + 5 * H) }),
    msg('b', 1, { updatedAt: iso(C) }),
  ]);
  data = new DataSet(cache, { thresholds: DEFAULT_THRESHOLDS, now: () => C + 10 * H });
  asof = new AsOfService(cache, data);
});
afterEach(() => {
  asof.dispose();
  data.dispose();
  cache.close();
  tmp.cleanup();
});

describe('AsOfService', () => {
  it('shows the data as it stood at t, and follows batches that arrive later', () => {
    const before = asof.viewAt(C + 2 * H, day);
    expect(before.kpi.region.groups[0]).toMatchObject({ incoming: 2, open: 2, answered: 0 });
    expect(asof.viewAt(C + 6 * H, day).kpi.region.groups[0]).toMatchObject({ open: 1, answered: 1 });
    // a lower revision arriving after the higher one: the past changes, the present does not
    data.ingest(cache.applyBatch([msg('a', 2, { status: 'in_progress', firstResponseAt: iso(C + H), updatedAt: iso(C + H) })]));
    expect(asof.viewAt(C + 2 * H, day).kpi.region.groups[0]).toMatchObject({ open: 2, medianFirstResponseMin: 60 });
    expect(asof.viewAt(C + 6 * H, day).kpi.region.groups[0]).toMatchObject({ open: 1, answered: 1 });
    // a tombstone at C + 7 h
    data.ingest(cache.applyBatch([{ id: 'b', rev: 2, deleted: true, updatedAt: iso(C + 7 * H) }]));
    expect(asof.viewAt(C + 8 * H, day).kpi.region.groups[0]).toMatchObject({ incoming: 1, open: 0 });
    expect(asof.storeAt(C + 6 * H).size).toBe(2);
  });

  it('gives a message’s history with the instant of each revision', () => {
    data.ingest(cache.applyBatch([msg('a', 2, { status: 'in_progress', updatedAt: iso(C + H) })]));
    expect(asof.messageHistory('a').map((h) => [h.rev, h.message?.status, h.instant])).toEqual([
      [1, 'new', iso(C)],
      [2, 'in_progress', iso(C + H)],
      [3, 'answered', iso(C + 5 * H)],
    ]);
    expect(asof.messageHistory('нет')).toEqual([]);
    expect(asof.span()).toEqual({ first: C, last: C + 5 * H });
  });
});
