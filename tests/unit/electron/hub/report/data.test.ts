/** The report's figures come from the engine: the series and categories agree with computeKpi. */
import { describe, expect, it } from 'vitest';
import { computeKpi } from '../../../../../shared/engine/kpi.js';
import { computeQueue } from '../../../../../shared/engine/queue.js';
import { findPersonalData } from '../../../../../shared/mask.js';
import { gatherReport, seriesBuckets } from '../../../../../electron/hub/report/data.js';
import { DAY, END, demoSource } from './fixtures.js';

const incoming = (from: number, to: number, now: number) =>
  computeKpi(demoSource().store, { from, to, now, by: 'region', reference: demoSource().reference }).groups[0]!;

describe('gatherReport', () => {
  it('a week: one bucket per calendar day of the region, each equal to computeKpi over that day', async () => {
    const d = await gatherReport(demoSource(), { from: END - 7 * DAY, to: END, now: END });
    expect(d.series.unit).toBe('day');
    expect(d.series.buckets).toHaveLength(7);
    for (const b of d.series.buckets) {
      expect(b.end - b.start).toBe(DAY);
      expect(b.cur).toBe(incoming(b.start, b.end, END).incoming);
      expect(b.prev).toBe(incoming(b.start - 7 * DAY, b.end - 7 * DAY, END).incoming);
    }
    const g = d.kpi.region.groups[0]!;
    expect(d.series.buckets.reduce((s, b) => s + b.cur, 0)).toBe(g.incoming);
    expect(d.series.buckets.reduce((s, b) => s + b.prev, 0)).toBe(g.incomingPrev);
    expect(d.prev.region!.incoming).toBe(g.incomingPrev);
    expect(d.categories.all.reduce((s, c) => s + c.cur, 0)).toBe(g.incoming);
    expect(d.categories.all.reduce((s, c) => s + c.prev, 0)).toBe(g.incomingPrev);
    expect(d.categories.top).toHaveLength(10);
    expect(d.categories.top.map((c) => c.cur)).toEqual([...d.categories.top.map((c) => c.cur)].sort((a, b) => b - a));
    for (const c of d.categories.grown) expect(c.cur).toBeGreaterThan(c.prev);
  });

  it('two days or less: per hour; a window running past now compares with the previous one cut at the same elapsed time', async () => {
    const from = END - DAY;
    const now = from + 13 * 3_600_000;
    const d = await gatherReport(demoSource(), { from, to: END, now });
    expect(d.series.unit).toBe('hour');
    expect(d.series.buckets).toHaveLength(24);
    const g = d.kpi.region.groups[0]!;
    expect(d.prev.to - d.prev.from).toBe(13 * 3_600_000);
    // kpi.md's incomingPrev: [from - L, from - L + e), e = now - from (the engine on this branch
    // still counts the whole previous window; the report's comparison follows the contract)
    expect(d.prev.region!.incoming).toBe(incoming(from - DAY, from - DAY + 13 * 3_600_000, now - DAY).incoming);
    expect(d.series.buckets.reduce((s, b) => s + b.prev, 0)).toBe(d.prev.region!.incoming);
    expect(d.series.buckets.reduce((s, b) => s + b.cur, 0)).toBe(g.incoming);
    expect(d.series.buckets.slice(13).every((b) => b.prev === 0)).toBe(true);
  });

  it('buckets follow the region’s midnight, not the machine’s, and clip at the window', () => {
    const from = Date.parse('2026-11-23T09:00:00+12:00');
    const to = Date.parse('2026-11-26T00:00:00+12:00');
    const { unit, edges } = seriesBuckets(from, to, 'Asia/Kamchatka');
    expect(unit).toBe('day');
    expect(edges).toEqual([from, Date.parse('2026-11-24T00:00:00+12:00'), Date.parse('2026-11-25T00:00:00+12:00'), to]);
  });

  it('the queue equals computeQueue at now; its first ten texts are masked', async () => {
    const src = demoSource();
    const d = await gatherReport(src, { from: END - 7 * DAY, to: END, now: END });
    const q = computeQueue(src.store, { now: END });
    expect(d.queue.items).toEqual(q.items);
    expect(d.queueByLevel.reduce((a, b) => a + b, 0)).toBe(q.items.length);
    expect(d.queueFirst.map((x) => x.id)).toEqual(q.items.slice(0, 10).map((x) => x.id));
    let raw = 0;
    for (const it of d.queueFirst) {
      raw += findPersonalData(src.text(it.id) ?? '').length;
      expect(findPersonalData(it.text ?? '')).toEqual([]);
    }
    expect(raw, 'the fixture’s first ten texts carry personal data').toBeGreaterThan(0);
  });

  it('alerts: null without a provider (detector absent), the provider’s list for [from, to) with one', async () => {
    const from = END - 7 * DAY;
    expect((await gatherReport(demoSource(), { from, to: END, now: END })).alerts).toBeNull();
    const asked: number[][] = [];
    const d = await gatherReport(demoSource(), {
      from,
      to: END,
      now: END,
      alerts: (a, b) => {
        asked.push([a, b]);
        return [];
      },
    });
    expect(d.alerts).toEqual([]);
    expect(asked).toEqual([[from, END]]);
  });
});
