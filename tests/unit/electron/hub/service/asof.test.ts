/** The hub's as-of service: the view at a past instant, kept in step with arriving batches; a message's history. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { DataSet } from '../../../../../electron/hub/service/dataset.js';
import { AsOfService } from '../../../../../electron/hub/service/asof.js';
import { DEFAULT_THRESHOLDS } from '../../../../../shared/engine/types.js';
import { REF, msg, tempDir } from '../../../../support/cache-fixtures.js';
import { saveAlerts } from '../../../../../electron/hub/alerts/store.js';
import type { Alert } from '../../../../../shared/alerts/schema.js';

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

  it('gives the incidents as they stood at t: raised by then, not ended, with the messages created by then', () => {
    data.ingest(
      cache.applyBatch([
        msg('c', 1, { createdAt: iso(C + H), updatedAt: iso(C + H) }),
        msg('d', 1, { createdAt: iso(C + 3 * H), updatedAt: iso(C + 3 * H) }),
        msg('e', 1, { createdAt: iso(C + 6 * H), updatedAt: iso(C + 6 * H) }),
      ]),
    );
    const alert = (over: Partial<Alert>): Alert => ({
      id: 'x',
      municipality: '30701000',
      block: 'housing',
      category: null,
      messageIds: ['a', 'b', 'c', 'd', 'e'],
      count: 5,
      expected: 0.4,
      firstAt: iso(C),
      raisedAt: iso(C + 2 * H),
      lastAt: iso(C + 6 * H),
      endedAt: iso(C + 9 * H),
      state: 'ended',
      level: 2,
      center: null,
      radiusKm: null,
      ...over,
    });
    saveAlerts(cache, [alert({}), alert({ id: 'y', raisedAt: iso(C + 4 * H), endedAt: null, state: 'growing', messageIds: ['a', 'b', 'c'], count: 3, lastAt: iso(C + H) })]);
    expect(asof.incidentsAt(C + 2 * H - 1)).toEqual([]); // not raised yet
    const at3 = asof.incidentsAt(C + 3 * H);
    expect(at3.map((a) => [a.id, a.messageIds, a.count, a.lastAt, a.endedAt, a.state])).toEqual([
      ['x', ['a', 'b', 'c', 'd'], 4, iso(C + 3 * H), null, 'fading'],
    ]);
    expect(asof.incidentsAt(C + 6 * H).map((a) => [a.id, a.count, a.state])).toEqual([
      ['x', 5, 'fading'],
      ['y', 3, 'growing'],
    ]);
    // ended at C + 9 h: gone from then on; the other one is still there
    expect(asof.incidentsAt(C + 9 * H).map((a) => a.id)).toEqual(['y']);
  });
});
