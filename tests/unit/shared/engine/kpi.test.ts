import { describe, expect, it } from 'vitest';
import { computeKpi, type KpiReference } from '../../../../shared/engine/kpi.js';
import { normalizeMessage } from '../../../../shared/model.js';
import { MessageStore } from '../../../../shared/engine/store.js';
import type { Message } from '../../../../shared/schema.js';
import { D, H, MIN, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const W = { from: T0, to: T0 + D, now: T0 + 30 * H };
const region = (store: MessageStore, now = W.now) => computeKpi(store, { ...W, now, by: 'region' }).groups[0]!;

describe('kpi: window and states', () => {
  it('counts incoming in the half-open window [from, to) and incomingPrev in [from - len, from)', () => {
    const s = storeOf([
      msg({ createdAt: T0 }), // in (== from)
      msg({ createdAt: T0 + D - 1 }), // in
      msg({ createdAt: T0 + D }), // == to: out
      msg({ createdAt: T0 - 1 }), // prev
      msg({ createdAt: T0 - D }), // == prev from: prev
      msg({ createdAt: T0 - D - 1 }), // before prev: nothing
    ]);
    const g = region(s);
    expect(g.incoming).toBe(2);
    expect(g.incomingPrev).toBe(2);
  });

  it('takes open and overdue at now: created after now not open, due exactly now not overdue', () => {
    const now = W.now;
    const s = storeOf([
      msg({ status: 'new', createdAt: T0, dueAt: now }), // open, due == now: not overdue
      msg({ status: 'in_progress', createdAt: T0, dueAt: now - 1 }), // open, overdue
      msg({ status: 'rework', createdAt: now, dueAt: now - 1 }), // created == now: open, overdue
      msg({ status: 'new', createdAt: now + 1, dueAt: now - H }), // not yet created at now
      msg({ status: 'answered', createdAt: T0, dueAt: T0 }), // done: not open
      msg({ status: 'rejected', createdAt: T0, dueAt: T0 }), // rejected: neither open nor done
      msg({ status: 'new', createdAt: T0 - 10 * D, dueAt: T0 - 9 * D }), // long before W, still open and overdue
    ]);
    const g = region(s);
    expect(g.open).toBe(4);
    expect(g.overdue).toBe(3);
  });

  it('counts answered by answeredAt in W, onTime when answeredAt <= dueAt', () => {
    const due = T0 + 5 * H;
    const s = storeOf([
      msg({ status: 'answered', createdAt: T0 - 3 * D, answeredAt: T0, dueAt: due }), // == from: counted, on time
      msg({ status: 'answered', answeredAt: due, dueAt: due }), // == due: on time
      msg({ status: 'answered', answeredAt: due + 1, dueAt: due }), // late
      msg({ status: 'closed', answeredAt: T0 + D - 1, dueAt: due }), // late, in W
      msg({ status: 'closed', answeredAt: T0 + D, dueAt: T0 + 2 * D }), // == to: not counted
      msg({ status: 'closed', answeredAt: T0 - 1, dueAt: T0 + 2 * D }), // before W
    ]);
    const g = region(s);
    expect(g.answered).toBe(4);
    expect(g.onTime).toBe(2);
    expect(g.onTimeRate).toBe(0.5);
  });

  it('takes the mean of the two middle values for an even count of first responses', () => {
    const fr = (c: number, min: number) => msg({ createdAt: c, firstResponseAt: c + min * MIN });
    const s = storeOf([
      fr(T0, 50),
      fr(T0 + H, 10),
      fr(T0 + 2 * H, 30),
      fr(T0 + 3 * H, 20),
      fr(T0 - H, 1), // created before W: left out
      fr(T0 + D, 1), // created at to: left out
      msg({ createdAt: T0 + H }), // no first response: left out
    ]);
    expect(region(s).medianFirstResponseMin).toBe(25);
  });

  it('takes the middle value for an odd count, fractional minutes kept', () => {
    const s = storeOf([
      msg({ createdAt: T0, firstResponseAt: T0 + 90 * 1000 }), // 1.5 min
      msg({ createdAt: T0, firstResponseAt: T0 + 20 * MIN }),
      msg({ createdAt: T0, firstResponseAt: T0 + 90 * MIN }),
    ]);
    expect(region(s).medianFirstResponseMin).toBe(20);
    const s2 = storeOf([
      msg({ createdAt: T0, firstResponseAt: T0 + 90 * 1000 }),
      msg({ createdAt: T0, firstResponseAt: T0 + 2 * MIN }),
    ]);
    expect(region(s2).medianFirstResponseMin).toBe(1.75);
  });

  it('computes rework rate, satisfaction and satisfied share over answered messages in W', () => {
    const a = (over: Parameters<typeof msg>[0]) => msg({ status: 'answered', answeredAt: T0 + 2 * H, ...over });
    const s = storeOf([
      a({ satisfaction: 5, reworkCount: 1 }),
      a({ satisfaction: 4 }),
      a({ satisfaction: 2, reworkCount: 3 }),
      a({ satisfaction: null }),
      msg({ status: 'answered', answeredAt: T0 - H, satisfaction: 1, reworkCount: 1 }), // answered before W
    ]);
    const g = region(s);
    expect(g.answered).toBe(4);
    expect(g.reworkRate).toBe(2 / 4);
    expect(g.satisfaction).toBe(11 / 3);
    expect(g.satisfiedShare).toBe(2 / 3);
  });

  it('computes completeness over incoming: answered and closed are done, rejected is not', () => {
    const s = storeOf([
      msg({ status: 'answered' }),
      msg({ status: 'closed' }),
      msg({ status: 'rejected' }),
      msg({ status: 'new' }),
      msg({ status: 'closed', createdAt: T0 - H }), // not incoming
    ]);
    expect(region(s).completeness).toBe(2 / 4);
  });

  it('gives zeros and nulls for an empty group', () => {
    const g = region(new MessageStore());
    expect(g).toEqual({
      block: null,
      municipality: null,
      incoming: 0,
      open: 0,
      overdue: 0,
      answered: 0,
      onTime: 0,
      onTimeRate: null,
      medianFirstResponseMin: null,
      reworkRate: null,
      satisfaction: null,
      satisfiedShare: null,
      completeness: null,
      per10k: null,
      incomingPrev: 0,
    });
  });

  it('treats timestamps with different offsets that denote the same instant as equal', () => {
    const base: Message = {
      id: 'x',
      rev: 1,
      channel: 'pos',
      municipality: '30701000',
      block: 'housing',
      category: 'housing.heating',
      createdAt: '',
      dueAt: '2026-12-01T00:00:00Z',
      status: 'closed',
    };
    const from = Date.parse('2026-11-20T12:00:00+12:00'); // == 2026-11-20T00:00:00Z
    const to = Date.parse('2026-11-21T03:00:00+03:00'); // == 2026-11-21T00:00:00Z
    const s = storeOf([
      normalizeMessage({ ...base, id: 'a', createdAt: '2026-11-20T00:00:00Z' }), // == from: in
      normalizeMessage({ ...base, id: 'b', createdAt: '2026-11-20T11:59:59+12:00' }), // 1 s before from: prev
      normalizeMessage({ ...base, id: 'c', createdAt: '2026-11-20T23:00:00-01:00' }), // == to: out
      normalizeMessage({ ...base, id: 'd', createdAt: '2026-11-21T02:59:59.999+03:00' }), // just before to: in
    ]);
    const g = computeKpi(s, { from, to, now: to, by: 'region' }).groups[0]!;
    expect(g.incoming).toBe(2);
    expect(g.incomingPrev).toBe(1);
  });
});

describe('kpi: groups', () => {
  const reference: KpiReference = {
    blocks: ['roads', 'housing', 'waste'],
    channels: ['vk', 'pos'],
    municipalities: [
      { oktmo: '30701000', population: 160000 },
      { oktmo: '30607000', population: null },
      { oktmo: '30604000' },
    ],
  };

  it('lists every block of the reference and of the data, sorted by plain string order of ids', () => {
    const s = storeOf([
      msg({ block: 'housing' }),
      msg({ block: 'energy', category: 'energy.power' }),
      msg({ block: 'Zeta', category: 'z' }), // capital letters sort before lower case in plain order
    ]);
    const r = computeKpi(s, { ...W, by: 'block', reference });
    expect(r.groups.map((g) => g.block)).toEqual(['Zeta', 'energy', 'housing', 'roads', 'waste']);
    expect(r.groups.every((g) => g.municipality === null && !('channel' in g))).toBe(true);
    const roads = r.groups.find((g) => g.block === 'roads')!;
    expect(roads.incoming).toBe(0);
    expect(roads.onTimeRate).toBeNull();
    expect(roads.completeness).toBeNull();
    expect(r.groups.find((g) => g.block === 'housing')!.incoming).toBe(1);
  });

  it('shows a block of the data even when none of its messages is in the window', () => {
    const s = storeOf([msg({ block: 'health', category: 'h', createdAt: T0 - 30 * D })]);
    const r = computeKpi(s, { ...W, by: 'block' });
    expect(r.groups.map((g) => [g.block, g.incoming])).toEqual([['health', 0]]);
  });

  it('drops a value no current message has any more after removal (unless in the reference)', () => {
    const s = storeOf([msg({ id: 'a', block: 'health', category: 'h' }), msg({ id: 'b', block: 'housing' })]);
    s.remove('a');
    expect(computeKpi(s, { ...W, by: 'block' }).groups.map((g) => g.block)).toEqual(['housing']);
  });

  it('gives per10k for municipalities with a population only', () => {
    const s = storeOf([
      msg({ municipality: '30701000' }),
      msg({ municipality: '30701000' }),
      msg({ municipality: '30607000' }),
      msg({ municipality: '30999000' }), // not in the reference
    ]);
    const r = computeKpi(s, { ...W, by: 'municipality', reference });
    expect(r.groups.map((g) => [g.municipality, g.incoming, g.per10k])).toEqual([
      ['30604000', 0, null],
      ['30607000', 1, null],
      ['30701000', 2, (2 / 160000) * 10000],
      ['30999000', 1, null],
    ]);
    expect(r.groups[2]!.per10k).toBeCloseTo(0.125, 12);
    // per10k is null elsewhere
    expect(computeKpi(s, { ...W, by: 'region', reference }).groups[0]!.per10k).toBeNull();
  });

  it('lists for block,municipality only the pairs that the data has, sorted by block then municipality', () => {
    const s = storeOf([
      msg({ block: 'waste', municipality: '30701000', category: 'w' }),
      msg({ block: 'housing', municipality: '30701000' }),
      msg({ block: 'housing', municipality: '30604000', createdAt: T0 - 5 * D }),
      msg({ block: 'housing', municipality: '30701000' }),
    ]);
    const r = computeKpi(s, { ...W, by: 'block,municipality', reference });
    expect(r.groups.map((g) => [g.block, g.municipality, g.incoming, g.per10k])).toEqual([
      ['housing', '30604000', 0, null],
      ['housing', '30701000', 2, null],
      ['waste', '30701000', 1, null],
    ]);
  });

  it('adds a channel key for the channel grouping, with block and municipality null', () => {
    const s = storeOf([msg({ channel: 'tg' }), msg({ channel: 'vk' }), msg({ channel: 'vk' })]);
    const r = computeKpi(s, { ...W, by: 'channel', reference });
    expect(r.groups.map((g) => [g.channel, g.incoming])).toEqual([
      ['pos', 0],
      ['tg', 1],
      ['vk', 2],
    ]);
    expect(Object.keys(r.groups[0]!).slice(0, 3)).toEqual(['block', 'municipality', 'channel']);
    expect(r.groups[0]!.block).toBeNull();
    expect(r.groups[0]!.municipality).toBeNull();
  });

  it('prints the keys of kpi.md in its order, and from/to/now as given or in UTC', () => {
    const s = storeOf([msg({})]);
    const r = computeKpi(s, { ...W, by: 'block', fromText: '2026-11-20T12:00:00+12:00' });
    expect(Object.keys(r)).toEqual(['from', 'to', 'now', 'groups']);
    expect(r.from).toBe('2026-11-20T12:00:00+12:00');
    expect(r.to).toBe('2026-11-21T00:00:00.000Z');
    expect(Object.keys(r.groups[0]!)).toEqual([
      'block',
      'municipality',
      'incoming',
      'open',
      'overdue',
      'answered',
      'onTime',
      'onTimeRate',
      'medianFirstResponseMin',
      'reworkRate',
      'satisfaction',
      'satisfiedShare',
      'completeness',
      'per10k',
      'incomingPrev',
    ]);
  });

  it('gives the same totals in every grouping', () => {
    const ms = [];
    for (let i = 0; i < 60; i++)
      ms.push(
        msg({
          block: ['housing', 'roads', 'waste'][i % 3]!,
          municipality: ['a', 'b', 'c', 'd'][i % 4]!,
          channel: ['vk', 'pos'][i % 2]!,
          createdAt: T0 - D + i * H,
          status: i % 5 === 0 ? 'new' : 'closed',
          answeredAt: i % 5 === 0 ? null : T0 - D + (i + 3) * H,
        }),
      );
    const s = storeOf(ms);
    const total = region(s);
    for (const by of ['block', 'municipality', 'block,municipality', 'channel'] as const) {
      const gs = computeKpi(s, { ...W, by }).groups;
      for (const k of ['incoming', 'open', 'overdue', 'answered', 'onTime', 'incomingPrev'] as const)
        expect(gs.reduce((a, g) => a + g[k], 0), `${by} ${k}`).toBe(total[k]);
    }
  });
});
