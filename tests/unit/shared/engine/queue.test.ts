import { describe, expect, it } from 'vitest';
import { computeQueue } from '../../../../shared/engine/queue.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { D, H, MIN, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const NOW = T0 + 10 * D;
/** An open message that fires no rule by itself at NOW. */
const quiet = (over: Partial<NormalizedMessage>) =>
  msg({ status: 'in_progress', createdAt: NOW - 5 * D, dueAt: NOW + 10 * D, ...over });
const queue = (ms: NormalizedMessage[], now = NOW, thresholds = {}) => computeQueue(storeOf(ms), { now, thresholds }).items;
const byId = (ms: NormalizedMessage[], now = NOW) => new Map(queue(ms, now).map((i) => [i.id, i]));

describe('queue rules and their boundaries', () => {
  it('due exactly at now is neither overdue nor due soon', () => {
    expect(queue([quiet({ id: 'a', dueAt: NOW })])).toEqual([]);
  });

  it('due exactly 2 h ahead is due soon (level 1); a millisecond later is not', () => {
    const q = byId([quiet({ id: 'a', dueAt: NOW + 2 * H }), quiet({ id: 'b', dueAt: NOW + 2 * H + 1 }), quiet({ id: 'c', dueAt: NOW + 1 })]);
    expect(q.get('a')).toMatchObject({ level: 1, reasons: ['due_soon'], overdueMin: 0 });
    expect(q.has('b')).toBe(false);
    expect(q.get('c')).toMatchObject({ level: 1, reasons: ['due_soon'] });
  });

  it('overdue by exactly 24 h is level 1, by exactly 72 h level 2, beyond level 3', () => {
    const q = byId([
      quiet({ id: 'o1', dueAt: NOW - 1 }),
      quiet({ id: 'o24', dueAt: NOW - 24 * H }),
      quiet({ id: 'o24+', dueAt: NOW - 24 * H - 1 }),
      quiet({ id: 'o72', dueAt: NOW - 72 * H }),
      quiet({ id: 'o72+', dueAt: NOW - 72 * H - MIN }),
    ]);
    expect(q.get('o1')).toMatchObject({ level: 1, reasons: ['overdue'], overdueMin: 1 / MIN });
    expect(q.get('o24')).toMatchObject({ level: 1, overdueMin: 1440 });
    expect(q.get('o24+')!.level).toBe(2);
    expect(q.get('o72')).toMatchObject({ level: 2, overdueMin: 4320 });
    expect(q.get('o72+')).toMatchObject({ level: 3, overdueMin: 4321 });
  });

  it('resonance weight of exactly 300 is level 2 and of exactly 1000 level 3', () => {
    const q = byId([
      quiet({ id: 'w299', weight: 299.99 }),
      quiet({ id: 'w300', weight: 300 }),
      quiet({ id: 'w999', weight: 999.99 }),
      quiet({ id: 'w1000', weight: 1000 }),
    ]);
    expect(q.has('w299')).toBe(false);
    expect(q.get('w300')).toMatchObject({ level: 2, reasons: ['resonance'], weight: 300 });
    expect(q.get('w999')!.level).toBe(2);
    expect(q.get('w1000')).toMatchObject({ level: 3, reasons: ['resonance'] });
  });

  it('rework count 2 is level 2; 1 is nothing', () => {
    const q = byId([quiet({ id: 'r1', reworkCount: 1 }), quiet({ id: 'r2', reworkCount: 2 })]);
    expect(q.has('r1')).toBe(false);
    expect(q.get('r2')).toMatchObject({ level: 2, reasons: ['rework'] });
  });

  it('a cluster needs 5 open messages of one municipality and category created in (now - 24 h, now]', () => {
    const c = (id: string, createdAt: number, over: Partial<NormalizedMessage> = {}) =>
      quiet({ id, createdAt, municipality: 'M', category: 'C', ...over });
    // exactly 5, the ends: now included, now - 24 h + 1 ms included
    const five = [c('a', NOW), c('b', NOW - 24 * H + 1), c('c', NOW - H), c('d', NOW - 2 * H), c('e', NOW - 3 * H)];
    const q5 = byId(five);
    expect([...q5.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const it of q5.values()) expect(it).toMatchObject({ level: 2, reasons: ['cluster'] });
    // 4 in the window; one exactly at now - 24 h (excluded), one closed, one created after now,
    // one of another category, one of another municipality: no cluster
    const four = [
      c('a', NOW),
      c('b', NOW - H),
      c('c', NOW - 2 * H),
      c('d', NOW - 3 * H),
      c('old', NOW - 24 * H),
      c('closed', NOW - H, { status: 'closed' }),
      c('future', NOW + 1),
      c('cat', NOW - H, { category: 'C2' }),
      c('mun', NOW - H, { municipality: 'M2' }),
    ];
    expect(queue(four)).toEqual([]);
  });

  it('takes the highest level and lists every fired reason in table order', () => {
    const ms = [
      quiet({ id: 'x', dueAt: NOW - 2 * H, weight: 1500, reworkCount: 2, municipality: 'M', category: 'C', createdAt: NOW - H }),
      ...[1, 2, 3, 4].map((i) => quiet({ id: `c${i}`, municipality: 'M', category: 'C', createdAt: NOW - i * MIN })),
    ];
    const x = byId(ms).get('x')!;
    expect(x.level).toBe(3);
    expect(x.reasons).toEqual(['overdue', 'resonance', 'rework', 'cluster']);
    expect(x.overdueMin).toBe(120);
    expect(Object.keys(x)).toEqual(['id', 'level', 'reasons', 'overdueMin', 'weight', 'block', 'municipality']);
  });

  it('considers only open messages created by now', () => {
    expect(
      queue([
        msg({ id: 'closed', status: 'closed', dueAt: NOW - 5 * D }),
        msg({ id: 'answered', status: 'answered', dueAt: NOW - 5 * D }),
        msg({ id: 'rejected', status: 'rejected', weight: 5000 }),
        quiet({ id: 'future', createdAt: NOW + 1, dueAt: NOW - D }),
      ]),
    ).toEqual([]);
    expect(queue([quiet({ id: 'rw', status: 'rework', dueAt: NOW - 1 }), quiet({ id: 'nw', status: 'new', dueAt: NOW - 1 })]).map((i) => i.id)).toEqual([
      'nw',
      'rw',
    ]);
  });

  it('orders by level desc, overdue time desc, weight desc, createdAt asc, id asc', () => {
    const ms = [
      quiet({ id: 'l1-late', dueAt: NOW - 10 * H }),
      quiet({ id: 'l1-less', dueAt: NOW - 5 * H }),
      quiet({ id: 'l3', weight: 2000 }),
      quiet({ id: 'l2-heavy', weight: 800 }),
      quiet({ id: 'l2-light-old', weight: 400, createdAt: NOW - 4 * D }),
      quiet({ id: 'l2-light-new-b', weight: 400, createdAt: NOW - 3 * D }),
      quiet({ id: 'l2-light-new-a', weight: 400, createdAt: NOW - 3 * D }),
      quiet({ id: 'l2-overdue', dueAt: NOW - 30 * H }),
      quiet({ id: 'l1-soon', dueAt: NOW + H, weight: 100 }),
      quiet({ id: 'l1-soon2', dueAt: NOW + H, weight: 200 }),
    ];
    expect(queue(ms).map((i) => i.id)).toEqual([
      'l3',
      'l2-overdue',
      'l2-heavy',
      'l2-light-old',
      'l2-light-new-a',
      'l2-light-new-b',
      'l1-late',
      'l1-less',
      'l1-soon2',
      'l1-soon',
    ]);
  });

  it('follows configured thresholds', () => {
    const ms = [quiet({ id: 'w', weight: 150 }), quiet({ id: 'd', dueAt: NOW + 3 * H })];
    expect(queue(ms)).toEqual([]);
    const q = queue(ms, NOW, { resonanceLevel2: 100, dueSoonMs: 4 * H });
    expect(q.map((i) => [i.id, i.level, i.reasons])).toEqual([
      ['w', 2, ['resonance']],
      ['d', 1, ['due_soon']],
    ]);
  });

  it('prints now as given', () => {
    const r = computeQueue(storeOf([]), { now: NOW, nowText: '2026-11-30T12:00:00+12:00' });
    expect(r).toEqual({ now: '2026-11-30T12:00:00+12:00', items: [] });
  });
});
