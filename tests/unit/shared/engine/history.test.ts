/**
 * The state at an instant (docs/spec/kpi.md v2) in the HistoryStore, at every boundary of the rule,
 * and as a property: random logs of revisions and tombstones, applied in random orders and chunks,
 * give the state that a naive reading of the rule (written out here, no helper of the code under
 * test) gives at random instants.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HistoryStore, type RevisionInput } from '../../../../shared/engine/history.js';
import { AsOfEngine } from '../../../../shared/engine/asof.js';
import { MessageStore } from '../../../../shared/engine/store.js';
import { computeKpi } from '../../../../shared/engine/kpi.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import type { Status } from '../../../../shared/schema.js';

const H = 3_600_000;
const DAY0 = Date.parse('2026-11-24T00:00:00Z');
const at = (h: number, m = 0) => DAY0 + h * H + m * 60_000;

function msg(id: string, rev: number, status: Status, createdAt: number, extra: Partial<NormalizedMessage> = {}): NormalizedMessage {
  return {
    id,
    rev,
    channel: 'vk',
    municipality: '30701000',
    block: 'housing',
    category: 'housing.heating',
    createdAt,
    dueAt: createdAt + 8 * H,
    firstResponseAt: null,
    answeredAt: null,
    status,
    reworkCount: 0,
    weight: 0,
    satisfaction: null,
    lat: null,
    lon: null,
    ...extra,
  };
}
const live = (m: NormalizedMessage, updatedAt: number | null): RevisionInput => ({ id: m.id, rev: m.rev, updatedAt, message: m });
const tomb = (id: string, rev: number, updatedAt: number | null): RevisionInput => ({ id, rev, updatedAt, message: null });

const statusAt = (h: HistoryStore, id: string, t: number) => h.messageAt(id, t)?.status ?? null;

describe('the state at an instant (kpi.md v2)', () => {
  const r1 = live(msg('a', 1, 'new', at(9)), at(9));
  const r2 = live(msg('a', 2, 'answered', at(9), { answeredAt: at(15) }), at(15));
  const r3 = tomb('a', 3, at(18));

  it("follows the contract's example: absent, open, answered, deleted", () => {
    const h = new HistoryStore();
    h.addAll([r1, r2, r3]);
    expect(statusAt(h, 'a', at(8, 59))).toBeNull();
    expect(statusAt(h, 'a', at(14))).toBe('new');
    expect(statusAt(h, 'a', at(16))).toBe('answered');
    expect(statusAt(h, 'a', at(18))).toBeNull();
  });

  it('counts a revision made exactly at t', () => {
    const h = new HistoryStore();
    h.addAll([r1, r2]);
    expect(statusAt(h, 'a', at(9))).toBe('new');
    expect(statusAt(h, 'a', at(15) - 1)).toBe('new');
    expect(statusAt(h, 'a', at(15))).toBe('answered');
  });

  it('takes a lower revision arriving after a higher one into the past, not the present', () => {
    const h = new HistoryStore();
    h.addAll([r1, r3]);
    h.stateAt(0, 0); // built: the late revision goes through the incremental path
    expect(statusAt(h, 'a', at(16))).toBe('new');
    expect(h.add(r2)).toBe(true);
    expect(statusAt(h, 'a', at(19))).toBeNull();
    expect(statusAt(h, 'a', at(16))).toBe('answered');
  });

  it('keeps the first copy of an (id, rev) seen', () => {
    const h = new HistoryStore();
    h.add(r2);
    expect(h.add(live(msg('a', 2, 'closed', at(9)), at(15)))).toBe(false);
    expect(statusAt(h, 'a', at(16))).toBe('answered');
    expect(h.revisionCount).toBe(1);
  });

  it('counts a tombstone without updatedAt from the message’s createdAt', () => {
    const h = new HistoryStore();
    h.addAll([r1, tomb('a', 2, null)]);
    expect(statusAt(h, 'a', at(8))).toBeNull();
    expect(statusAt(h, 'a', at(9))).toBeNull(); // deleted from the instant it was created
    expect(statusAt(h, 'a', at(30))).toBeNull();
    expect(h.historyOf('a').map((e) => [e.rev, e.instant])).toEqual([
      [1, at(9)],
      [2, at(9)],
    ]);
  });

  it('counts a tombstone with neither updatedAt nor a live revision from the beginning of time', () => {
    const h = new HistoryStore();
    h.add(tomb('b', 4, null));
    expect(h.historyOf('b')[0]!.instant).toBe(-Infinity);
    expect(statusAt(h, 'b', -8.64e15)).toBeNull();
    // a lower live revision seen later: the tombstone now counts from its createdAt
    h.add(live(msg('b', 2, 'new', at(10)), at(10)));
    expect(h.historyOf('b').map((e) => e.instant)).toEqual([at(10), at(10)]);
    expect(statusAt(h, 'b', at(11))).toBeNull();
    // a higher revision re-creates it from its own instant
    h.add(live(msg('b', 5, 'in_progress', at(10)), at(12)));
    expect(statusAt(h, 'b', at(11))).toBeNull();
    expect(statusAt(h, 'b', at(12))).toBe('in_progress');
  });

  it('counts revisions without updatedAt from createdAt (the highest rev then wins)', () => {
    const h = new HistoryStore();
    h.addAll([live(msg('c', 1, 'new', at(9)), null), live(msg('c', 2, 'answered', at(9), { answeredAt: at(15) }), null)]);
    expect(statusAt(h, 'c', at(9) - 1)).toBeNull();
    expect(statusAt(h, 'c', at(9))).toBe('answered');
  });

  it('counts incomingPrev over the previous window cut at the same elapsed time when W runs past now', () => {
    const h = new HistoryStore();
    // yesterday 08:00 and 15:00; today 09:00 (now is today 13:00)
    h.add(live(msg('y1', 1, 'new', at(-16)), at(-16)));
    h.add(live(msg('y2', 1, 'new', at(-9)), at(-9)));
    h.add(live(msg('t1', 1, 'new', at(9)), at(9)));
    h.add(live(msg('t2', 1, 'new', at(14)), at(14))); // made after now: not there yet
    const e = new AsOfEngine(h, { reference: { blocks: [], channels: [], municipalities: [] } });
    const v = e.viewAt(at(13), { from: DAY0, to: DAY0 + 24 * H });
    expect(v.kpi.region.groups[0]).toMatchObject({ incoming: 1, incomingPrev: 1, open: 3 });
    // a window that ended before now compares with the whole previous one
    const w = e.viewAt(at(30), { from: DAY0, to: DAY0 + 24 * H });
    expect(w.kpi.region.groups[0]).toMatchObject({ incoming: 2, incomingPrev: 2 });
  });
});

// ---- the property ------------------------------------------------------------------------------

interface LogItem {
  id: string;
  rev: number;
  deleted: boolean;
  updatedAt: number | null;
  status: Status;
}
const IDS = ['a', 'b', 'c', 'd', 'e'];
const CREATED: Record<string, number> = { a: at(1), b: at(3), c: at(5), d: at(7), e: at(9) };
const STATUS: Status[] = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'];

const itemArb: fc.Arbitrary<LogItem> = fc.record({
  id: fc.constantFrom(...IDS),
  rev: fc.integer({ min: 0, max: 6 }),
  deleted: fc.boolean(),
  updatedAt: fc.option(fc.integer({ min: 0, max: 20 }).map((h) => at(h)), { nil: null }),
  status: fc.constantFrom(...STATUS),
});

function toInput(x: LogItem): RevisionInput {
  return x.deleted
    ? { id: x.id, rev: x.rev, updatedAt: x.updatedAt, message: null }
    : { id: x.id, rev: x.rev, updatedAt: x.updatedAt, message: msg(x.id, x.rev, x.status, CREATED[x.id]!) };
}

/** The rule of kpi.md v2 written out on the raw log: the status of id at t, or null (absent). */
function naiveState(log: readonly LogItem[], id: string, t: number): LogItem | null {
  const seen: LogItem[] = [];
  for (const x of log) if (x.id === id && !seen.some((s) => s.rev === x.rev)) seen.push(x);
  const hasLive = seen.some((s) => !s.deleted);
  let best: LogItem | null = null;
  for (const s of seen) {
    const instant = s.updatedAt !== null ? s.updatedAt : !s.deleted ? CREATED[id]! : hasLive ? CREATED[id]! : -Infinity;
    if (instant <= t && (best === null || s.rev > best.rev)) best = s;
  }
  return best === null || best.deleted ? null : best;
}

describe('the state at an instant, as a property', () => {
  it('random logs in random orders and chunks give the naive rule’s state at random instants', () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: -2, max: 22 }).map((h) => at(h, 30 * (h & 1))), { minLength: 1, maxLength: 8 }),
        (log, chunks, instants) => {
          const h = new HistoryStore();
          let i = 0;
          let c = 0;
          while (i < log.length) {
            const size = chunks[c++ % chunks.length]!;
            for (const x of log.slice(i, i + size)) h.add(toInput(x));
            i += size;
            // a query between chunks builds the index: later chunks take the incremental path
            const seenSoFar = log.slice(0, Math.min(i, log.length));
            for (const t of instants.slice(0, 2))
              for (const id of IDS) expect(statusAt(h, id, t)).toBe(naiveState(seenSoFar, id, t)?.status ?? null);
          }
          for (const t of instants) for (const id of IDS) expect(statusAt(h, id, t)).toBe(naiveState(log, id, t)?.status ?? null);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the store at t, built or moved from another instant, counts as a store of the naive states', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 40 }), fc.array(fc.integer({ min: -1, max: 21 }), { minLength: 2, maxLength: 6 }), (log, hours) => {
        const h = new HistoryStore();
        for (const x of log) h.add(toInput(x));
        const engine = new AsOfEngine(h, { reference: { blocks: [], channels: [], municipalities: [] } });
        for (const hr of hours) {
          const t = at(hr);
          const naive = MessageStore.from(
            IDS.map((id) => naiveState(log, id, t))
              .filter((x): x is LogItem => x !== null)
              .map((x) => msg(x.id, x.rev, x.status, CREATED[x.id]!)),
          );
          const { store } = engine.storeAt(t); // moved from the previous instant when it can be
          const opts = { from: DAY0, to: DAY0 + 24 * H, now: t, by: 'region' as const };
          expect(computeKpi(store, opts)).toEqual(computeKpi(naive, opts));
          expect([...store.ids].sort()).toEqual([...naive.ids].sort());
          for (const id of naive.ids) expect(store.rev[store.getRow(id)!]).toBe(naive.rev[naive.getRow(id)!]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
