/**
 * Every query of the HistoryStore (shared/engine/history.ts) against a naive model of the rule of
 * docs/spec/kpi.md v2, "The state at an instant", written out here on the raw log of revisions
 * (nothing of the code under test is used to compute what is expected):
 * - the history of a message is the first copy seen of each (id, rev);
 * - the instant of a revision is its updatedAt; without one, a live revision counts from its own
 *   createdAt, a tombstone from the createdAt of the message's highest live revision, and a
 *   tombstone of a message with no live revision from the beginning of time;
 * - the state at t is the revision of highest rev among those whose instant is <= t; the message
 *   exists at t when that revision is live.
 * Checked for every field of the state (messageAt, storeAt's rows), for the states of all messages
 * at once (statesAt), for a store moved between instants (moveStore, with and without the rows by
 * message), refilled in place, after revisions added since the last build (the incremental path),
 * for historyOf, createdAtOf, span and changesBetween; with revisions at minutes inside an hour,
 * out of order, duplicated, with runs longer than eight revisions and histories that outgrow the
 * first arrays.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HistoryStore, type RevisionInput } from '../../../../shared/engine/history.js';
import { MessageStore } from '../../../../shared/engine/store.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import type { Status } from '../../../../shared/schema.js';
import { H, MIN, msg as baseMessage } from '../../../support/engine-fixtures.js';

const DAY0 = Date.parse('2026-11-24T00:00:00Z');
const STATUS: Status[] = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'];
const OPEN = new Set<Status>(['new', 'in_progress', 'rework']);

/** One item of the raw log. */
interface Item {
  id: string;
  rev: number;
  updatedAt: number | null;
  /** null for a tombstone. */
  message: NormalizedMessage | null;
}
const input = (x: Item): RevisionInput => ({ id: x.id, rev: x.rev, updatedAt: x.updatedAt, message: x.message });

/** A message of the log: tests/support's defaults, with a due date 8 h after it is created. */
function message(id: string, rev: number, o: Partial<NormalizedMessage> = {}): NormalizedMessage {
  const createdAt = o.createdAt ?? DAY0 + H;
  return baseMessage({ id, rev, channel: 'vk', createdAt, dueAt: createdAt + 8 * H, status: 'new', ...o });
}

// ---- the naive model ---------------------------------------------------------------------------

const seenCache = new WeakMap<readonly Item[], Map<string, Item[]>>();
/** The first copy seen of each (id, rev) of one message, in arrival order (per log, kept). */
function seenOf(log: readonly Item[], id: string): Item[] {
  let byId = seenCache.get(log);
  if (byId === undefined) {
    byId = new Map();
    for (const x of log) {
      const seen = byId.get(x.id) ?? [];
      if (!seen.some((s) => s.rev === x.rev)) seen.push(x);
      byId.set(x.id, seen);
    }
    seenCache.set(log, byId);
  }
  return [...(byId.get(id) ?? [])];
}
/** createdAt of the message's highest live revision, null when it has none. */
function naiveCreated(log: readonly Item[], id: string): number | null {
  let best: Item | null = null;
  for (const s of seenOf(log, id)) if (s.message !== null && (best === null || s.rev > best.rev)) best = s;
  return best === null ? null : best.message!.createdAt;
}
function naiveInstant(log: readonly Item[], s: Item): number {
  if (s.updatedAt !== null) return s.updatedAt;
  if (s.message !== null) return s.message.createdAt;
  return naiveCreated(log, s.id) ?? -Infinity;
}
/** The revision that is the state of id at t, or null when the message does not exist then. */
function naiveState(log: readonly Item[], id: string, t: number): Item | null {
  let best: Item | null = null;
  for (const s of seenOf(log, id)) if (naiveInstant(log, s) <= t && (best === null || s.rev > best.rev)) best = s;
  return best === null || best.message === null ? null : best;
}
/** What a state reads back as: the rework count held in 16 bits, a location only with both halves. */
function shown(m: NormalizedMessage): NormalizedMessage {
  const loc = m.lat !== null && m.lon !== null;
  return { ...m, reworkCount: Math.min(m.reworkCount, 0xffff), lat: loc ? m.lat : null, lon: loc ? m.lon : null };
}
/** Ids in the order they were first seen. */
function idsOf(log: readonly Item[]): string[] {
  const ids = new Set<string>();
  for (const x of log) ids.add(x.id);
  return [...ids];
}
function naiveStates(log: readonly Item[], t: number): NormalizedMessage[] {
  return idsOf(log)
    .map((id) => naiveState(log, id, t))
    .filter((s): s is Item => s !== null)
    .map((s) => shown(s.message!));
}

/** Everything a caller reads from a store, in row order, plus its indices. */
function readStore(s: MessageStore) {
  const rows: NormalizedMessage[] = [];
  for (let r = 0; r < s.size; r++) rows.push(s.toNormalized(r));
  const open: string[] = [];
  for (let i = 0; i < s.openList.n; i++) open.push(s.ids[s.openList.rows[i]!]!);
  return { rows, open: open.sort(), blocks: s.blocks.present().sort(), channels: s.channels.present().sort() };
}
/** The same, from the naive states (rows in message order unless `anyOrder`). */
function expectStore(s: MessageStore, states: NormalizedMessage[], anyOrder = false) {
  const got = readStore(s);
  const byId = (a: NormalizedMessage, b: NormalizedMessage) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  expect(anyOrder ? [...got.rows].sort(byId) : got.rows).toEqual(anyOrder ? [...states].sort(byId) : states);
  expect(got.open).toEqual(states.filter((m) => OPEN.has(m.status)).map((m) => m.id).sort());
  expect(got.blocks).toEqual([...new Set(states.map((m) => m.block))].sort());
  expect(got.channels).toEqual([...new Set(states.map((m) => m.channel))].sort());
  for (let r = 0; r < s.size; r++) expect(s.getRow(s.ids[r]!)).toBe(r);
  expect(s.ids.length).toBe(states.length);
}

// ---- random logs -------------------------------------------------------------------------------

const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
/** Instants at whole minutes over a day and a half, so that revisions fall inside hours. */
const instantArb = fc.integer({ min: 0, max: 36 * 4 }).map((q) => DAY0 + q * 15 * MIN);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const messageArb = (id: string, rev: number): fc.Arbitrary<NormalizedMessage> =>
  fc
    .record({
      createdAt: instantArb,
      status: fc.constantFrom(...STATUS),
      block: fc.constantFrom('housing', 'roads', 'health'),
      channel: fc.constantFrom('vk', 'pos', 'phone'),
      municipality: fc.constantFrom('30701000', '30607000'),
      category: fc.constantFrom('housing.heating', 'roads.pits'),
      firstResponseAt: maybe(instantArb),
      answeredAt: maybe(instantArb),
      reworkCount: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(70_000)),
      weight: fc.integer({ min: 0, max: 40 }).map((w) => w / 4),
      satisfaction: maybe(fc.integer({ min: 1, max: 5 })),
      // halves are exact in the Float32 location columns; one half alone is no location
      lat: maybe(fc.integer({ min: 100, max: 130 }).map((x) => x / 2)),
      lon: maybe(fc.integer({ min: 310, max: 340 }).map((x) => x / 2)),
    })
    .map((o) => message(id, rev, { ...o, dueAt: o.createdAt + 4 * H }));

const itemArb: fc.Arbitrary<Item> = fc
  .record({ id: fc.constantFrom(...IDS), rev: fc.integer({ min: 0, max: 12 }), deleted: fc.boolean(), updatedAt: maybe(instantArb) })
  .chain(({ id, rev, deleted, updatedAt }) =>
    (deleted ? fc.constant(null) : messageArb(id, rev)).map((m): Item => ({ id, rev, updatedAt, message: m })),
  );
/** A log where some items are repeated later (a second copy of an (id, rev), maybe changed). */
const logArb = fc
  .tuple(fc.array(itemArb, { maxLength: 45 }), fc.array(fc.tuple(fc.nat(), fc.nat(), itemArb), { maxLength: 6 }))
  .map(([log, dups]) => {
    const out = [...log];
    for (const [from, to, other] of dups)
      if (out.length > 0) {
        const x = out[from % out.length]!;
        out.splice(to % (out.length + 1), 0, { ...other, id: x.id, rev: x.rev, message: other.message && { ...other.message, id: x.id, rev: x.rev } });
      }
    return out;
  });
const queryArb = fc.array(fc.integer({ min: -2, max: 38 * 4 }).map((q) => DAY0 + q * 15 * MIN + (q % 3) * 7 * MIN), {
  minLength: 2,
  maxLength: 7,
});

// ---- the properties ----------------------------------------------------------------------------

describe('the history against the naive rule, every field of a state', () => {
  it('messageAt, statesAt and storeAt give the naive states, with revisions added after each query', () => {
    fc.assert(
      fc.property(logArb, fc.integer({ min: 1, max: 20 }), queryArb, (log, chunk, instants) => {
        const h = new HistoryStore();
        let scratch: Int32Array | undefined;
        for (let i = 0; i < log.length; i += chunk) {
          const part = log.slice(i, i + chunk);
          const before = h.version;
          const fresh = part.filter((x, j) => !seenOf(log.slice(0, i + j), x.id).some((s) => s.rev === x.rev)).length;
          expect(h.addAll(part.map(input))).toBe(fresh);
          // only a new revision is a change
          expect(h.version - before).toBe(fresh);
          const sofar = log.slice(0, i + chunk);
          expect(h.revisionCount).toBe(idsOf(sofar).reduce((n, id) => n + seenOf(sofar, id).length, 0));
          expect(h.messageCount).toBe(idsOf(sofar).length);
          expect(h.ids).toEqual(idsOf(sofar));
          for (const t of instants.slice(0, 3)) {
            for (const id of IDS) {
              const want = naiveState(sofar, id, t);
              expect(h.messageAt(id, t)).toEqual(want === null ? null : shown(want.message!));
            }
            // the states of all messages at once, into a buffer kept between calls
            scratch = h.statesAt(t, scratch);
            expect(scratch.length).toBeGreaterThanOrEqual(h.messageCount);
            const revs = [...scratch.subarray(0, h.messageCount)].map((k) => (k < 0 ? null : h.rRev[k]));
            expect(revs).toEqual(idsOf(sofar).map((id) => naiveState(sofar, id, t)?.rev ?? null));
            expectStore(h.storeAt(t), naiveStates(sofar, t));
          }
        }
        for (const id of IDS) expect(h.messageIndex(id)).toBe(idsOf(log).indexOf(id));
        expect(h.messageAt('nobody', DAY0)).toBeNull();
      }),
      { numRuns: 100, seed: 20261201 }, // a fixed seed: the same cases on every run
    );
  });

  it('a store moved from instant to instant equals the naive states there, rows by message kept right', () => {
    fc.assert(
      fc.property(logArb, fc.integer({ min: 0, max: 45 }), queryArb, fc.boolean(), (log, cut, instants, byRow) => {
        const h = new HistoryStore();
        // part of the log before the first build, the rest after it (revisions kept aside)
        h.addAll(log.slice(0, cut).map(input));
        h.stateAt(0, 0);
        h.addAll(log.slice(cut).map(input));
        const ids = idsOf(log);
        const rowOf = byRow ? new Int32Array(ids.length + 3).fill(7) : undefined;
        let store = h.storeAt(instants[0]!, 16, undefined, rowOf);
        let t = instants[0]!;
        for (const to of instants.slice(1)) {
          const touched = h.moveStore(store, t, to, rowOf);
          const want = naiveStates(log, to);
          expectStore(store, want, true);
          // every message whose state differs was touched
          const changed = ids.filter((id) => naiveState(log, id, t)?.rev !== naiveState(log, id, to)?.rev).length;
          expect(touched).toBeGreaterThanOrEqual(changed);
          if (to === t) expect(touched).toBe(0);
          if (rowOf)
            ids.forEach((id, m) => {
              const row = rowOf[m]!;
              expect(row < 0 ? null : store.ids[row]).toBe(naiveState(log, id, to) === null ? null : id);
            });
          t = to;
        }
        // refilled in place at the last instant: the same as built afresh, in message order
        store = h.storeAt(t, 16, store, rowOf);
        expectStore(store, naiveStates(log, t));
        for (const id of ids) expect(store.has(id)).toBe(naiveState(log, id, t) !== null);
      }),
      { numRuns: 200, seed: 20261201 }, // a fixed seed: the same cases on every run
    );
  });

  it('historyOf, createdAtOf and span tell every revision with the instant it counts from', () => {
    fc.assert(
      fc.property(logArb, queryArb, (log, instants) => {
        const h = new HistoryStore();
        h.addAll(log.map(input));
        // the whole log built at once (no revision kept aside)
        for (const t of instants) expectStore(h.storeAt(t), naiveStates(log, t));
        for (const id of IDS) {
          const seen = seenOf(log, id).sort((a, b) => a.rev - b.rev);
          expect(h.historyOf(id)).toEqual(
            seen.map((s) => ({
              rev: s.rev,
              updatedAt: s.updatedAt,
              instant: naiveInstant(log, s),
              deleted: s.message === null,
              message: s.message === null ? null : shown(s.message),
            })),
          );
          expect(h.createdAtOf(id)).toBe(naiveCreated(log, id) ?? NaN);
        }
        expect(h.historyOf('nobody')).toEqual([]);
        expect(h.createdAtOf('nobody')).toBeNaN();
        // the span: the finite instants of updatedAt, else of a live revision's createdAt
        const finite = idsOf(log).flatMap((id) =>
          seenOf(log, id).flatMap((s) => (s.updatedAt !== null ? [s.updatedAt] : s.message !== null ? [s.message.createdAt] : [])),
        );
        expect(h.span()).toEqual(finite.length === 0 ? null : { first: Math.min(...finite), last: Math.max(...finite) });
      }),
      { numRuns: 150, seed: 20261201 }, // a fixed seed: the same cases on every run
    );
  });
});

describe('the history, cases a random log rarely reaches', () => {
  it('a message with a long run (more than eight revisions) has the naive state at and between each instant', () => {
    const log: Item[] = [];
    // 20 revisions of one message, every 20 minutes, arriving in a shuffled order; a tombstone at rev 11
    const order = [7, 3, 15, 0, 19, 11, 4, 8, 12, 1, 16, 5, 9, 13, 2, 17, 6, 10, 14, 18];
    for (const r of order)
      log.push({
        id: 'long',
        rev: r + 1,
        updatedAt: DAY0 + r * 20 * MIN,
        message: r === 10 ? null : message('long', r + 1, { status: STATUS[r % 6]!, createdAt: DAY0 }),
      });
    log.push({ id: 'short', rev: 1, updatedAt: DAY0 + 30 * MIN, message: message('short', 1, { createdAt: DAY0 }) });
    const h = new HistoryStore();
    h.addAll(log.map(input));
    for (let q = -1; q <= 22 * 2; q++) {
      for (const t of [DAY0 + q * 10 * MIN, DAY0 + q * 10 * MIN - 1]) {
        const revs = [...h.statesAt(t)].map((k) => (k < 0 ? null : h.rRev[k]));
        expect(revs).toEqual(['long', 'short'].map((id) => naiveState(log, id, t)?.rev ?? null));
        expect(h.messageAt('long', t)?.rev ?? null).toBe(naiveState(log, 'long', t)?.rev ?? null);
      }
    }
  });

  it('thousands of messages and revisions (past the first arrays) keep every state, built and moved', () => {
    const log: Item[] = [];
    const N = 1500;
    for (let i = 0; i < N; i++) {
      const id = `m${i}`;
      const c = DAY0 + (i % 48) * 30 * MIN;
      log.push({ id, rev: 2, updatedAt: c + 2 * H + (i % 7) * MIN, message: message(id, 2, { createdAt: c, status: 'answered', block: `b${i % 5}` }) });
      log.push({ id, rev: 1, updatedAt: null, message: message(id, 1, { createdAt: c, status: 'new', block: `b${i % 5}` }) });
      if (i % 3 === 0) log.push({ id, rev: 3, updatedAt: i % 2 ? null : c + 5 * H, message: null });
    }
    const h = new HistoryStore();
    h.addAll(log.slice(0, 2000).map(input));
    const rowOf = new Int32Array(N);
    const t0 = DAY0 + 10 * H + 10 * MIN;
    h.storeAt(t0, 1024, undefined, rowOf);
    // the rest after the build: the changed messages kept aside
    h.addAll(log.slice(2000).map(input));
    expect(h.revisionCount).toBe(log.length);
    for (const t of [DAY0 - 1, DAY0 + 3 * H + 5 * MIN, t0, DAY0 + 30 * H]) expectStore(h.storeAt(t), naiveStates(log, t));
    // the first messages still know every revision of theirs, and a second copy of one
    expect(h.historyOf('m0').map((e) => e.rev)).toEqual([1, 2, 3]);
    expect(h.historyOf('m1').map((e) => [e.rev, e.instant])).toEqual([
      [1, DAY0 + 30 * MIN],
      [2, DAY0 + 30 * MIN + 2 * H + MIN],
    ]);
    expect(h.add({ id: 'm5', rev: 1, updatedAt: DAY0, message: message('m5', 1, { status: 'closed' }) })).toBe(false);
    expect(h.revisionCount).toBe(log.length);
    const store = h.storeAt(t0, 1024, undefined, rowOf);
    let t = t0;
    for (const to of [DAY0 + 12 * H + 3 * MIN, DAY0 + 11 * H + 59 * MIN, DAY0 + 2 * H + 1, DAY0 + 7 * H]) {
      h.moveStore(store, t, to, rowOf);
      expectStore(store, naiveStates(log, to), true);
      t = to;
    }
  });

  it('a store held over messages added since gives none of them and finds its own by id', () => {
    const h = new HistoryStore();
    h.add({ id: 'a', rev: 1, updatedAt: DAY0, message: message('a', 1) });
    h.add({ id: 'b', rev: 1, updatedAt: DAY0 + 2 * H, message: message('b', 1) });
    // rows by message given longer than the history, with stale rows in it
    const rowOf = new Int32Array(8).fill(0);
    const s = h.storeAt(DAY0 + H, 16, undefined, rowOf);
    expect([...rowOf.subarray(0, 2)]).toEqual([0, -1]);
    h.add({ id: 'c', rev: 1, updatedAt: DAY0, message: message('c', 1) });
    expect(s.getRow('a')).toBe(0);
    expect(s.has('b')).toBe(false);
    expect(s.has('c')).toBe(false);
    expect(s.has('nobody')).toBe(false);
    // states into a buffer too short for the messages: a new one is given
    const short = new Int32Array(1);
    const states = h.statesAt(DAY0 + H, short);
    expect(states).not.toBe(short);
    expect([...states]).toEqual([0, -1, 2]);
  });

  it('a tombstone without updatedAt moves with the createdAt of the highest live revision', () => {
    const h = new HistoryStore();
    h.add({ id: 'a', rev: 3, updatedAt: null, message: null });
    expect(h.messageAt('a', DAY0 + 100 * H)).toBeNull();
    h.add({ id: 'a', rev: 1, updatedAt: DAY0 + 5 * H, message: message('a', 1, { createdAt: DAY0 + 9 * H }) });
    // the tombstone now counts from 09:00, the live revision from its updatedAt 05:00
    expect(h.messageAt('a', DAY0 + 5 * H)?.rev).toBe(1);
    expect(h.messageAt('a', DAY0 + 9 * H - 1)?.rev).toBe(1);
    expect(h.messageAt('a', DAY0 + 9 * H)).toBeNull();
    // a higher live revision created at 07:00 moves the tombstone's instant, not its own
    h.add({ id: 'a', rev: 2, updatedAt: DAY0 + 8 * H, message: message('a', 2, { createdAt: DAY0 + 7 * H }) });
    expect(h.historyOf('a').map((e) => e.instant)).toEqual([DAY0 + 5 * H, DAY0 + 8 * H, DAY0 + 7 * H]);
    expect(h.messageAt('a', DAY0 + 7 * H)).toBeNull();
    expect(h.messageAt('a', DAY0 + 7 * H - 1)?.rev).toBe(1);
    expect(h.createdAtOf('a')).toBe(DAY0 + 7 * H);
  });

  it('a lower revision at an instant another message also has is placed by its own instant', () => {
    const h = new HistoryStore();
    h.add({ id: 'a', rev: 5, updatedAt: DAY0 + 10 * H, message: message('a', 5, { status: 'in_progress' }) });
    h.add({ id: 'b', rev: 1, updatedAt: DAY0 + 11 * H, message: message('b', 1) });
    h.add({ id: 'a', rev: 1, updatedAt: DAY0 + 11 * H, message: message('a', 1) });
    expectStore(h.storeAt(DAY0 + 10 * H + 30 * MIN), [shown(message('a', 5, { status: 'in_progress' }))]);
    expectStore(h.storeAt(DAY0 + 11 * H), [shown(message('a', 5, { status: 'in_progress' })), shown(message('b', 1))]);
  });

  it('moves a store made elsewhere of the states at one instant, before any query built the index', () => {
    const log: Item[] = [
      { id: 'a', rev: 1, updatedAt: DAY0 + H, message: message('a', 1) },
      { id: 'a', rev: 2, updatedAt: DAY0 + 3 * H, message: message('a', 2, { status: 'answered' }) },
      { id: 'b', rev: 1, updatedAt: DAY0 + 2 * H, message: message('b', 1) },
    ];
    const h = new HistoryStore();
    h.addAll(log.map(input));
    const store = MessageStore.from(naiveStates(log, DAY0 + 90 * MIN));
    h.moveStore(store, DAY0 + 90 * MIN, DAY0 + 4 * H);
    expectStore(store, naiveStates(log, DAY0 + 4 * H), true);
  });

  it('statesAt writes into the buffer given when it is long enough', () => {
    const h = new HistoryStore();
    h.add({ id: 'a', rev: 1, updatedAt: DAY0, message: message('a', 1) });
    h.add({ id: 'b', rev: 1, updatedAt: DAY0 + 2 * H, message: message('b', 1) });
    for (const buf of [new Int32Array(2), new Int32Array(5).fill(9)]) {
      expect(h.statesAt(DAY0 + H, buf)).toBe(buf);
      expect([...buf.subarray(0, 2)]).toEqual([0, -1]);
    }
  });

  it('changesBetween counts the revisions in the hours from lo to hi, and one added since the build', () => {
    const h = new HistoryStore();
    for (const [i, m] of [5, 65, 125, 130, 185, 245].entries())
      h.add({ id: `m${i}`, rev: 1, updatedAt: DAY0 + m * MIN, message: message(`m${i}`, 1) });
    h.add({ id: 'z', rev: 1, updatedAt: null, message: null }); // from the beginning of time: in no hour
    // hours 0, 1, 2, 2, 3, 4
    expect(h.changesBetween(DAY0 + 70 * MIN, DAY0 + 130 * MIN)).toBe(3);
    expect(h.changesBetween(DAY0 + 61 * MIN, DAY0 + 61 * MIN)).toBe(1);
    expect(h.changesBetween(DAY0 - 10 * H, DAY0 + 59 * MIN)).toBe(1);
    expect(h.changesBetween(DAY0 - 10 * H, DAY0 + 20 * H)).toBe(6);
    expect(h.changesBetween(DAY0 + 5 * H, DAY0 + 20 * H)).toBe(0);
    // a store moved to the instant it is at: nothing to touch, though hour 1 has a revision
    const held = h.storeAt(DAY0 + 70 * MIN);
    expect(h.moveStore(held, DAY0 + 70 * MIN, DAY0 + 70 * MIN)).toBe(0);
    expect(h.moveStore(held, DAY0 + 70 * MIN, DAY0 + 50 * MIN)).toBeGreaterThanOrEqual(1);
    expect(held.has('m1')).toBe(false);
    h.add({ id: 'm0', rev: 2, updatedAt: DAY0 + 10 * H, message: message('m0', 2) });
    expect(h.changesBetween(DAY0 + 5 * H, DAY0 + 20 * H)).toBe(1);
    expect(h.changesBetween(DAY0 + 70 * MIN, DAY0 + 130 * MIN)).toBeGreaterThanOrEqual(3);
  });

  it('an empty history: no states, no span, an empty store', () => {
    const h = new HistoryStore();
    expect(h.span()).toBeNull();
    expect(h.statesAt(DAY0).length).toBe(0);
    expect(h.storeAt(DAY0).size).toBe(0);
    expect(h.changesBetween(DAY0, DAY0 + H)).toBe(0);
    h.add({ id: 'x', rev: 1, updatedAt: null, message: null });
    expect(h.span()).toBeNull();
  });
});
