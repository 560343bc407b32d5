/**
 * The MessageStore (shared/engine/store.ts) and its indices (store-indices.ts) against a plain Map
 * of id → message written here: random sequences of every way of changing a store — upsert, remove
 * by id, the row methods (appendRow, replaceRow, removeRow), clear, a bulk load from columns
 * (fresh or refilling another store in place), a snapshot round trip — and after each step every
 * reading a caller makes: the rows and ids, the row of each id, the open rows and their dense copy,
 * the rows by hour of createdAt and answeredAt, the dictionaries' use counts, the version.
 * Nothing of the code under test computes what is expected.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DONE_MASK, Dict, HourBuckets, MessageStore, OPEN_MASK, OpenIndex, STATUS_INDEX } from '../../../../shared/engine/store.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { STATUSES, type Status } from '../../../../shared/schema.js';
import { openIdsChecked } from '../../../support/engine-fixtures.js';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const STATUS: Status[] = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'];
const OPEN = new Set<Status>(['new', 'in_progress', 'rework']);
const IDS = Array.from({ length: 12 }, (_, i) => `id${i}`);

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
/** Instants inside hours, near T0 or (rarely) years away: the hour index's sparse layouts. */
const instantArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -6 * 4, max: 30 * 4 }).map((q) => T0 + q * 15 * MIN) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }).map((y) => T0 + y * 365 * 24 * H + 7 * MIN) },
);
const messageArb = (id: string): fc.Arbitrary<NormalizedMessage> =>
  fc.record({
    id: fc.constant(id),
    rev: fc.integer({ min: 1, max: 9 }),
    channel: fc.constantFrom('vk', 'pos', 'phone'),
    municipality: fc.constantFrom('30701000', '30607000', '30610000'),
    block: fc.constantFrom('housing', 'roads', 'health', 'transport'),
    category: fc.constantFrom('housing.heating', 'roads.pits'),
    createdAt: instantArb,
    dueAt: instantArb,
    firstResponseAt: maybe(instantArb),
    answeredAt: maybe(instantArb),
    status: fc.constantFrom(...STATUS),
    reworkCount: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(99_999)),
    weight: fc.integer({ min: 0, max: 40 }).map((w) => w / 4),
    satisfaction: maybe(fc.integer({ min: 1, max: 5 })),
    lat: maybe(fc.integer({ min: 100, max: 130 }).map((x) => x / 2)),
    lon: maybe(fc.integer({ min: 310, max: 340 }).map((x) => x / 2)),
  });

type Op =
  | { kind: 'upsert' | 'append' | 'replace'; m: NormalizedMessage }
  | { kind: 'remove'; id: string }
  | { kind: 'removeRow'; pick: number }
  | { kind: 'clear' | 'snapshot' }
  | { kind: 'columns'; reuse: boolean; lookup: boolean; extra: string[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...IDS).chain((id) => messageArb(id)).map((m): Op => ({ kind: 'upsert', m })) },
  { weight: 3, arbitrary: fc.constantFrom(...IDS).chain((id) => messageArb(id)).map((m): Op => ({ kind: 'append', m })) },
  { weight: 3, arbitrary: fc.constantFrom(...IDS).chain((id) => messageArb(id)).map((m): Op => ({ kind: 'replace', m })) },
  { weight: 3, arbitrary: fc.constantFrom(...IDS, 'nobody').map((id): Op => ({ kind: 'remove', id })) },
  { weight: 3, arbitrary: fc.nat().map((pick): Op => ({ kind: 'removeRow', pick })) },
  { weight: 1, arbitrary: fc.constantFrom<Op>({ kind: 'clear' }, { kind: 'snapshot' }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ reuse: fc.boolean(), lookup: fc.boolean(), extra: fc.array(fc.constantFrom('energy', 'housing', 'water'), { maxLength: 2 }) })
      .map((o): Op => ({ kind: 'columns', ...o })),
  },
);

/** What a message reads back as: the rework count in 16 bits, a location only with both halves. */
function shown(m: NormalizedMessage): NormalizedMessage {
  const loc = m.lat !== null && m.lon !== null;
  return { ...m, reworkCount: Math.min(m.reworkCount, 0xffff), lat: loc ? m.lat : null, lon: loc ? m.lon : null };
}

/**
 * A store of these messages loaded from columns (as the as-of engine does), filled here by hand;
 * with `lookup`, the rows of ids as its owner knows them.
 */
function fromColumns(
  ms: NormalizedMessage[],
  extraBlocks: string[],
  reuse?: MessageStore,
  lookup?: (id: string) => number | undefined,
): MessageStore {
  const dict = (f: (m: NormalizedMessage) => string, extra: string[] = []) => [...new Set([...extra, ...ms.map(f)])];
  const dicts = [dict((m) => m.block, extraBlocks), dict((m) => m.municipality), dict((m) => m.channel), dict((m) => m.category)] as const;
  // a reused store keeps its dictionaries when they begin the new ones: give it them first
  const prefixed = reuse
    ? ([
        [...new Set([...reuse.blocks.values, ...dicts[0]])],
        [...new Set([...reuse.municipalities.values, ...dicts[1]])],
        [...new Set([...reuse.channels.values, ...dicts[2]])],
        [...new Set([...reuse.categories.values, ...dicts[3]])],
      ] as const)
    : dicts;
  return MessageStore.fromColumns(
    ms.length,
    ms.map((m) => m.id),
    prefixed,
    (s) =>
      ms.forEach((m, i) => {
        s.rev[i] = m.rev;
        s.createdAt[i] = m.createdAt;
        s.dueAt[i] = m.dueAt;
        s.firstResponseAt[i] = m.firstResponseAt ?? NaN;
        s.answeredAt[i] = m.answeredAt ?? NaN;
        s.status[i] = STATUSES.indexOf(m.status); // the column's code: the index in the contract's list
        s.rework[i] = Math.min(m.reworkCount, 0xffff);
        s.weight[i] = m.weight;
        s.satisfaction[i] = m.satisfaction ?? 0;
        const loc = m.lat !== null && m.lon !== null;
        s.lat[i] = loc ? m.lat! : NaN;
        s.lon[i] = loc ? m.lon! : NaN;
        s.block[i] = prefixed[0].indexOf(m.block);
        s.municipality[i] = prefixed[1].indexOf(m.municipality);
        s.channel[i] = prefixed[2].indexOf(m.channel);
        s.category[i] = prefixed[3].indexOf(m.category);
      }),
    { headroom: 2, reuse, ...(lookup ? { lookup } : {}) },
  );
}

/** A new message with the defaults. */
const plain = (id: string, block: string): NormalizedMessage => ({
  id,
  rev: 1,
  channel: 'vk',
  municipality: '30701000',
  block,
  category: 'c',
  createdAt: T0,
  dueAt: T0 + H,
  firstResponseAt: null,
  answeredAt: null,
  status: 'new',
  reworkCount: 0,
  weight: 0,
  satisfaction: null,
  lat: null,
  lon: null,
});

/** Rows whose time has its hour in the buckets overlapping [lo, hi) (the documented candidates). */
function candidates(s: MessageStore, which: 'byCreated' | 'byAnswered', lo: number, hi: number): string[] {
  const got: string[] = [];
  s[which].forEachCandidate(lo, hi, (row) => got.push(s.ids[row]!));
  return got.sort();
}
function expectedCandidates(ms: NormalizedMessage[], f: (m: NormalizedMessage) => number | null, lo: number, hi: number): string[] {
  if (!(hi > lo)) return [];
  const k0 = Math.floor(lo / H);
  const k1 = Math.ceil(hi / H) - 1;
  return ms
    .filter((m) => {
      const t = f(m);
      return t !== null && Math.floor(t / H) >= k0 && Math.floor(t / H) <= k1;
    })
    .map((m) => m.id)
    .sort();
}

/** Every reading of the store equals the model's. */
function expectModel(s: MessageStore, model: Map<string, NormalizedMessage>, ranges: [number, number][]) {
  const ms = [...model.values()];
  expect(s.size).toBe(model.size);
  expect(s.ids.length).toBe(model.size);
  expect([...s.ids].sort()).toEqual([...model.keys()].sort());
  for (const id of IDS) {
    const row = s.getRow(id);
    expect(s.has(id)).toBe(model.has(id));
    if (!model.has(id)) expect(row).toBeUndefined();
    else {
      expect(s.ids[row!]).toBe(id);
      expect(s.toNormalized(row!)).toEqual(shown(model.get(id)!));
    }
  }
  // the open rows and their dense copy
  const open = openIdsChecked(s);
  expect(open.sort()).toEqual(ms.filter((m) => OPEN.has(m.status)).map((m) => m.id).sort());
  // the dictionaries: each value's count of current rows, and the values present
  const dicts: [Dict, (m: NormalizedMessage) => string][] = [
    [s.blocks, (m) => m.block],
    [s.municipalities, (m) => m.municipality],
    [s.channels, (m) => m.channel],
    [s.categories, (m) => m.category],
  ];
  for (const [d, f] of dicts) {
    expect(d.values.map((v, i) => [v, d.counts[i]])).toEqual(d.values.map((v) => [v, ms.filter((m) => f(m) === v).length]));
    expect(d.present().sort()).toEqual([...new Set(ms.map(f))].sort());
    for (const v of d.values) expect(d.values[d.lookup(v)!]).toBe(v);
    expect(d.size).toBe(d.values.length);
  }
  // the rows by hour (an empty range has none, even inside an hour)
  for (const [lo, hi] of [...ranges, [T0 + 90 * MIN, T0 + 90 * MIN] as const, [T0 + 2 * H, T0 + 2 * H - 1] as const]) {
    expect(candidates(s, 'byCreated', lo, hi)).toEqual(expectedCandidates(ms, (m) => m.createdAt, lo, hi));
    expect(candidates(s, 'byAnswered', lo, hi)).toEqual(expectedCandidates(ms, (m) => m.answeredAt, lo, hi));
  }
}

const rangesArb = fc.array(fc.tuple(instantArb, fc.integer({ min: -2 * H, max: 3 * 365 * 24 * H })).map(([lo, len]): [number, number] => [lo, lo + len]), {
  minLength: 1,
  maxLength: 4,
});

describe('MessageStore against a Map of its messages', () => {
  it('every way of changing it keeps every reading right', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), rangesArb, fc.integer({ min: 0, max: 40 }), fc.boolean(), (ops, ranges, cap, early) => {
        let s = new MessageStore(cap);
        const model = new Map<string, NormalizedMessage>();
        // the rows of ids as the owner of a bulk-loaded store knows them, kept through the row methods
        let owner: Map<string, number> | null = null;
        // read the hour indices before the changes (kept up to date) or only at the end (built then)
        if (early) expectModel(s, model, ranges);
        for (const op of ops) {
          const v = s.version;
          let changed = true;
          switch (op.kind) {
            case 'upsert': {
              owner = null; // a change by id: the store drops the owner's rows
              const row = s.upsert(op.m);
              model.set(op.m.id, op.m);
              expect(s.ids[row]).toBe(op.m.id);
              break;
            }
            case 'append':
              if (model.has(op.m.id)) changed = false;
              else {
                const row = s.appendRow(op.m);
                expect(row).toBe(model.size);
                owner?.set(op.m.id, row);
                model.set(op.m.id, op.m);
              }
              break;
            case 'replace': {
              const row = s.getRow(op.m.id);
              if (row === undefined) {
                changed = false;
                expect(() => s.replaceRow(0, op.m)).toThrow(RangeError);
              } else {
                // another id's row is refused
                const other = [...model.keys()].find((id) => id !== op.m.id);
                if (other !== undefined) expect(() => s.replaceRow(s.getRow(other)!, op.m)).toThrow(`— не сообщение ${op.m.id}`);
                const sz = s.size;
                s.replaceRow(row, op.m);
                expect(s.size).toBe(sz);
                model.set(op.m.id, op.m);
              }
              break;
            }
            case 'remove':
              owner = null;
              changed = model.has(op.id);
              expect(s.remove(op.id)).toBe(model.delete(op.id));
              break;
            case 'removeRow':
              if (s.size === 0) {
                changed = false;
                expect(() => s.removeRow(0)).toThrow('нет строки 0');
              } else {
                const row = op.pick % s.size;
                const id = s.ids[row]!;
                const lastId = s.ids[s.size - 1]!;
                s.removeRow(row);
                model.delete(id);
                owner?.delete(id);
                if (id !== lastId) owner?.set(lastId, row);
                // the last row moved into the hole
                if (id !== lastId) expect(s.ids[row]).toBe(lastId);
              }
              break;
            case 'clear':
              owner = null;
              changed = model.size > 0;
              s.clear();
              model.clear();
              break;
            case 'snapshot':
              owner = null;
              changed = false;
              s = MessageStore.deserialize(s.serialize(), 1);
              break;
            case 'columns': {
              changed = false;
              const ms = [...model.values()];
              const own = op.lookup ? new Map(ms.map((m, i) => [m.id, i])) : null;
              owner = own;
              const old = s;
              s = fromColumns(ms, op.extra, op.reuse ? s : undefined, own ? (id) => own.get(id) : undefined);
              // refilled in place: a change, under a version it never had
              if (s === old) expect(s.version).toBeGreaterThan(v);
              break;
            }
          }
          if (changed) expect(s.version).toBeGreaterThan(v);
          else if (op.kind !== 'columns' && op.kind !== 'snapshot') expect(s.version).toBe(v);
          expect(() => s.toNormalized(s.size)).toThrow(RangeError);
          expect(() => s.toNormalized(-1)).toThrow(RangeError);
          if (early) expectModel(s, model, ranges);
        }
        expectModel(s, model, ranges);
      }),
      { numRuns: 150, seed: 20261201 }, // a fixed seed: the same cases on every run
    );
  });

  it('a row left by a removal and taken by a closed message leaves the open rows alone', () => {
    const s = new MessageStore();
    s.upsert(plain('a', 'roads'));
    s.upsert({ ...plain('b', 'roads'), status: 'rework' });
    // b (open) moves from the last row into row 0; row 1 is then taken by a closed message
    s.removeRow(0);
    s.appendRow({ ...plain('c', 'roads'), status: 'closed' });
    s.remove('c');
    expect(s.openList.n).toBe(1);
    expect(s.ids[s.openList.rows[0]!]).toBe('b');
    s.upsert({ ...plain('b', 'roads'), status: 'answered' });
    expect(s.openList.n).toBe(0);
  });

  it('the open row at row 0, moved inside the open rows, is still found there when it closes', () => {
    const s = new MessageStore();
    s.upsert({ ...plain('a', 'roads'), status: 'closed' });
    s.upsert(plain('b', 'roads'));
    s.upsert(plain('c', 'roads'));
    s.upsert(plain('a', 'roads')); // row 0 opens: the last of the open rows
    s.remove('b'); // row 0 takes b's place among the open rows; c moves into row 1
    s.upsert({ ...plain('a', 'roads'), status: 'closed' });
    expect(s.openList.n).toBe(1);
    expect(s.ids[s.openList.rows[0]!]).toBe('c');
  });

  it('refills a store in place only when its dictionaries begin the new ones', () => {
    const a = plain;
    const old = MessageStore.from([a('x', 'roads'), a('y', 'housing')], 16);
    const fill = (s: MessageStore) => {
      s.block[0] = 0;
      s.block[1] = 1;
    };
    // the old store's blocks are [roads, housing]; the new ones [roads, health, housing]: the first
    // index means the same value, the second not
    const s = MessageStore.fromColumns(2, ['p', 'q'], [['roads', 'health', 'housing'], ['30701000'], ['vk'], ['c']], fill, { reuse: old });
    expect([s.toNormalized(0).block, s.toNormalized(1).block]).toEqual(['roads', 'health']);
    expect(s.blocks.present()).toEqual(['roads', 'health']);
    // dictionaries that begin the new ones: refilled in place
    const old2 = MessageStore.from([a('x', 'roads'), a('y', 'housing')], 16);
    const s2 = MessageStore.fromColumns(2, ['p', 'q'], [['roads', 'housing'], ['30701000', 'x'], ['vk'], ['c']], fill, { reuse: old2 });
    expect(s2).toBe(old2);
    expect(s2.blocks.present()).toEqual(['roads', 'housing']);
    // too many rows for the old store's room: a new one
    const big = MessageStore.from([a('x', 'roads')], 16);
    const ids = Array.from({ length: 40 }, (_, i) => `r${i}`);
    const closed = (c: MessageStore) => {
      c.status.fill(STATUSES.indexOf('closed'), 0, 40);
      c.createdAt.fill(T0 - 100 * H, 0, 40);
    };
    const t = MessageStore.fromColumns(40, ids, [['roads'], ['30701000'], ['vk'], ['c']], closed, { reuse: big, headroom: -5 });
    expect(t.size).toBe(40);
    expect(t.getRow('r39')).toBe(39);
    expect(t.blocks.counts[0]).toBe(40);
    // its own room: rows appended past it grow the columns
    for (let i = 0; i < 100; i++) t.appendRow({ ...a(`n${i}`, 'roads'), status: i % 2 ? 'new' : 'closed', createdAt: T0 + i * H });
    expect(t.size).toBe(140);
    expect(t.toNormalized(t.getRow('n99')!).createdAt).toBe(T0 + 99 * H);
    expect(t.openList.n).toBe(50);
    let n = 0;
    t.byCreated.forEachCandidate(T0 + 50 * H, T0 + 60 * H, () => n++);
    expect(n).toBe(10);
    // a bucket filled in bulk takes more rows
    for (let i = 0; i < 3; i++) t.appendRow({ ...a(`late${i}`, 'roads'), createdAt: T0 - 100 * H + i });
    n = 0;
    t.byCreated.forEachCandidate(T0 - 100 * H, T0 - 99 * H, () => n++);
    expect(n).toBe(43);
    // a snapshot read with any headroom keeps every row
    for (const headroom of [-100, 1, undefined]) {
      const back = MessageStore.deserialize(t.serialize(), headroom);
      expect(back.size).toBe(143);
      for (const id of ['r0', 'r39', 'n0', 'n99', 'late2']) expect(back.toNormalized(back.getRow(id)!)).toEqual(t.toNormalized(t.getRow(id)!));
    }
    // a bulk load of more rows than its headroom keeps every row
    const u = MessageStore.fromColumns(40, ids, [['roads'], ['30701000'], ['vk'], ['c']], closed, { headroom: 10 });
    expect(u.toNormalized(u.getRow('r39')!)).toMatchObject({ id: 'r39', status: 'closed', createdAt: T0 - 100 * H });
  });

  it('a store refilled in place keeps its open rows right when a closed row goes', () => {
    const old = MessageStore.from([plain('x', 'roads'), { ...plain('y', 'roads'), status: 'closed' }, plain('z', 'roads')], 16);
    const ids = ['p', 'q', 'r'];
    const fill = (c: MessageStore) => {
      c.status[0] = STATUSES.indexOf('closed');
      c.status[1] = STATUSES.indexOf('closed');
      c.status[2] = STATUSES.indexOf('new');
    };
    const s = MessageStore.fromColumns(3, ids, [['roads'], ['30701000'], ['vk'], ['c']], fill, { reuse: old });
    expect(s).toBe(old);
    s.remove('p');
    s.upsert({ ...plain('q', 'roads'), status: 'answered' });
    expect(s.openList.n).toBe(1);
    expect(s.ids[s.openList.rows[0]!]).toBe('r');
  });

  it('a change by id drops the rows its owner gave; the row methods keep them', () => {
    const ms = [plain('a', 'roads'), plain('b', 'roads'), plain('c', 'roads')];
    const own = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    const load = () =>
      MessageStore.fromColumns(3, ['a', 'b', 'c'], [['roads'], ['30701000'], ['vk'], ['c']], () => {}, { lookup: (id) => own.get(id) });
    const s = load();
    s.remove('a'); // by id: c moves into row 0, which the owner's map does not say
    expect([s.getRow('a'), s.getRow('c'), s.getRow('b')]).toEqual([undefined, 0, 1]);
    const t = load();
    t.upsert({ ...ms[2]!, status: 'closed' });
    t.remove('b');
    expect([t.has('b'), t.getRow('c')]).toEqual([false, 1]);
    // until then getRow answers from the owner's rows (no id → row map is built)
    const u = load();
    own.set('c', 7);
    expect(u.getRow('c')).toBe(7);
    own.set('c', 2);
    // a row method on a store that has not built its id → row map
    const w = load();
    w.removeRow(0);
    expect(w.ids).toEqual(['c', 'b']);
    expect(w.toNormalized(0).id).toBe('c');
  });

  it('rows past the first room keep every column', () => {
    const ms = Array.from({ length: 70 }, (_, i) => ({
      ...plain(`g${i}`, 'roads'),
      status: STATUSES[i % 6]!,
      satisfaction: (i % 5) + 1,
      lat: 50 + i / 2,
      lon: 150 + i / 4,
      reworkCount: i,
      answeredAt: T0 + i * H,
    }));
    const s = MessageStore.from(ms, 16);
    for (const m of ms) expect(s.toNormalized(s.getRow(m.id)!)).toEqual(m);
    expect(() => s.removeRow(-1)).toThrow('нет строки -1');
    expect(() => s.removeRow(70)).toThrow('нет строки 70');
    expect(() => s.toNormalized(70)).toThrow('нет строки 70');
    expect(() => s.toNormalized(-1)).toThrow('нет строки -1');
    expect(s.size).toBe(70);
  });

  it('marks new, in progress and rework as open and answered, closed as done (kpi.md)', () => {
    expect(STATUSES.filter((x, i) => OPEN_MASK[i] === 1)).toEqual(['new', 'in_progress', 'rework']);
    expect(STATUSES.filter((x, i) => DONE_MASK[i] === 1)).toEqual(['answered', 'closed']);
    expect([...OPEN_MASK, ...DONE_MASK].every((v) => v === 0 || v === 1)).toBe(true);
    expect(STATUSES.map((x) => STATUS_INDEX[x])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('counts every value of a dictionary past its first room, and every row of a crowded hour', () => {
    const ms = Array.from({ length: 40 }, (_, i) => ({ ...plain(`c${i}`, 'roads'), category: `cat${i % 20}`, createdAt: T0 + 5 * H + i * MIN }));
    const s = MessageStore.from(ms);
    expect(s.categories.present().sort()).toEqual(Array.from({ length: 20 }, (_, i) => `cat${i}`).sort());
    s.remove('c16');
    expect(s.categories.present()).toContain('cat16');
    s.remove('c36');
    expect(s.categories.present()).not.toContain('cat16');
    // the counts of the first values, kept when the dictionary grew
    s.remove('c0');
    expect(s.categories.present()).toContain('cat0');
    let n = 0;
    s.byCreated.forEachCandidate(T0 + 5 * H, T0 + 6 * H, () => n++);
    expect(n).toBe(37);
  });
});

describe('the store indices', () => {
  it('a dictionary refuses a 65 536th value in Russian and keeps counts for every value', () => {
    const d = new Dict();
    let inOrder = true;
    for (let i = 0; i < 0xffff; i++) inOrder &&= d.intern(`v${i}`) === i;
    expect(inOrder).toBe(true);
    expect(d.intern('v65534')).toBe(65534);
    expect(() => d.intern('one more')).toThrow('слишком много различных значений в словаре (больше 65535)');
    expect(d.size).toBe(0xffff);
    expect(d.lookup('one more')).toBeUndefined();
    expect(d.counts.length).toBeGreaterThanOrEqual(0xffff);
    d.counts[65534]!++;
    expect(d.present()).toEqual(['v65534']);
  });

  it('the open index grows past its first room and swap-removes', () => {
    const cols = {
      createdAt: Float64Array.from({ length: 3000 }, (_, i) => i),
      dueAt: Float64Array.from({ length: 3000 }, (_, i) => 2 * i),
      weight: Float64Array.from({ length: 3000 }, (_, i) => i / 2),
      rework: Uint16Array.from({ length: 3000 }, (_, i) => i % 7),
      block: Uint16Array.from({ length: 3000 }, (_, i) => i % 5),
      municipality: Uint16Array.from({ length: 3000 }, (_, i) => i % 3),
      category: Uint16Array.from({ length: 3000 }, (_, i) => i % 11),
    };
    const o = new OpenIndex();
    for (let row = 0; row < 3000; row++) expect(o.push(cols, row)).toBe(row);
    const at = (p: number) => [o.rows[p], o.created[p], o.due[p], o.weight[p], o.rework[p], o.block[p], o.municipality[p], o.category[p]];
    const of = (row: number) => [row, row, 2 * row, row / 2, row % 7, row % 5, row % 3, row % 11];
    for (const p of [0, 1023, 1024, 2999]) expect(at(p)).toEqual(of(p));
    expect(o.removeAt(10)).toBe(2999);
    expect(at(10)).toEqual(of(2999));
    expect(o.removeAt(o.n - 1)).toBe(-1);
    expect(o.n).toBe(2998);
  });

  it('hour buckets rebuilt at once equal those inserted one by one, for close and far-apart hours', () => {
    fc.assert(
      fc.property(fc.array(fc.option(instantArb, { nil: null }), { maxLength: 40 }), rangesArb, (times, ranges) => {
        const col = Float64Array.from(times, (t) => t ?? NaN);
        const a = new HourBuckets(col.length);
        a.rebuild(col, col.length);
        const b = new HourBuckets(col.length);
        col.forEach((t, row) => b.insert(row, t));
        // the same buckets, rows and bucket order
        const keyed = (x: HourBuckets) => [...x.buckets].map(([k, l]) => [k, [...l.rows.subarray(0, l.n)]]);
        expect(keyed(a)).toEqual(keyed(b));
        expect([...a.pos]).toEqual([...b.pos]);
        for (const [lo, hi] of ranges) {
          const got: number[] = [];
          a.forEachCandidate(lo, hi, (r) => got.push(r));
          const k0 = Math.floor(lo / H);
          const k1 = Math.ceil(hi / H) - 1;
          expect(got.sort((p, q) => p - q)).toEqual(
            times.flatMap((t, row) => (t !== null && hi > lo && Math.floor(t / H) >= k0 && Math.floor(t / H) <= k1 ? [row] : [])),
          );
        }
        if (col.some((t) => t === t)) expect(() => a.rebuild(col, col.length)).toThrow('HourBuckets.rebuild: the index is not empty');
      }),
      { numRuns: 200, seed: 20261201 }, // a fixed seed: the same cases on every run
    );
  });

  it('hour buckets rebuilt at once hold crowded hours below, above and at the last row’s', () => {
    // ten rows at 02:10, ten at 09:20, then ten at 05:00 sharp; one row with no time
    const times = [
      ...Array.from({ length: 10 }, (_, i) => T0 + 2 * H + 10 * MIN + i),
      ...Array.from({ length: 10 }, (_, i) => T0 + 9 * H + 20 * MIN + i),
      NaN,
      ...Array.from({ length: 10 }, () => T0 + 5 * H),
    ];
    const a = new HourBuckets(times.length);
    a.rebuild(Float64Array.from(times), times.length);
    const rowsOf = (lo: number, hi: number) => {
      const got: number[] = [];
      a.forEachCandidate(lo, hi, (r) => got.push(r));
      return got.sort((p, q) => p - q);
    };
    const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    expect(rowsOf(T0 + 2 * H, T0 + 3 * H)).toEqual(range(0, 10));
    expect(rowsOf(T0 + 9 * H, T0 + 10 * H)).toEqual(range(10, 10));
    expect(rowsOf(T0 + 5 * H, T0 + 5 * H + 1)).toEqual(range(21, 10));
    expect(rowsOf(T0, T0 + 24 * H)).toEqual([...range(0, 20), ...range(21, 10)]);
  });

  it('hour buckets rebuilt at once from rows that all have one instant hold every row', () => {
    const a = new HourBuckets(12);
    a.rebuild(new Float64Array(12).fill(T0 + 3 * H + 5 * MIN), 12);
    const got: number[] = [];
    a.forEachCandidate(T0 + 3 * H, T0 + 4 * H, (r) => got.push(r));
    expect(got).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('a range much wider than the buckets reaches the bucket of its last hour', () => {
    const b = new HourBuckets(4);
    b.insert(0, T0);
    b.insert(1, T0 + 100 * H + 30 * MIN);
    b.insert(2, NaN);
    const got: number[] = [];
    b.forEachCandidate(T0, T0 + 100 * H + 1, (r) => got.push(r));
    expect(got.sort()).toEqual([0, 1]);
  });
});
