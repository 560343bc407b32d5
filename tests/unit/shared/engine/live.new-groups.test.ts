/**
 * New blocks and municipalities arriving after the view is set (the live wall's first sync fills
 * an empty store batch by batch): every figure of the live model still equals a fresh batch
 * computation over the same messages (docs/spec/kpi.md), also once there are more groups than the
 * model first made room for, and with messages in the previous window and first responses.
 */
import { describe, expect, it } from 'vitest';
import { LiveModel } from '../../../../shared/engine/live.js';
import { MessageStore } from '../../../../shared/engine/store.js';
import { computeKpi } from '../../../../shared/engine/kpi.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { D, H, MIN, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const view = { from: T0 + D, to: T0 + 2 * D, now: T0 + D + 18 * H };

/** Message i of group g: in W (with a first response and an answer), or in the previous window. */
function of(g: number, i: number): NormalizedMessage {
  const inW = i % 3 !== 2;
  const createdAt = (inW ? view.from : view.from - D) + ((g * 7 + i) % 17) * H;
  return msg({
    id: `g${g}-${i}`,
    block: `b${String(g).padStart(2, '0')}`,
    municipality: `m${String(g).padStart(2, '0')}`,
    category: 'c',
    status: i % 2 ? 'answered' : 'new',
    createdAt,
    dueAt: createdAt + 5 * H,
    firstResponseAt: createdAt + (g + i) * MIN,
    answeredAt: i % 2 ? createdAt + (i + 2) * H : null,
    satisfaction: i % 2 ? 1 + ((g + i) % 5) : null,
  });
}

function expectAsBatch(live: LiveModel, truth: NormalizedMessage[], step: string): void {
  const s = storeOf(truth);
  const snap = live.snapshot();
  expect(snap.region, step).toEqual(computeKpi(s, { ...view, by: 'region' }));
  expect(snap.block, step).toEqual(computeKpi(s, { ...view, by: 'block' }));
  expect(snap.municipality, step).toEqual(computeKpi(s, { ...view, by: 'municipality' }));
}

describe('LiveModel with groups arriving after the view', () => {
  it('one group at a time, 40 of them', () => {
    const live = new LiveModel(new MessageStore(), { view });
    const truth: NormalizedMessage[] = [];
    for (let g = 0; g < 40; g++) {
      const batch = [0, 1, 2, 3, 4].map((i) => of(g, i));
      live.applyChanges(batch, []);
      truth.push(...batch);
      if (g % 6 === 5 || g === 39) expectAsBatch(live, truth, `group ${g}`);
    }
    // the last group's figures, by hand: 4 created in W (i = 0, 1, 3, 4), 1 in the previous window (i = 2)
    const last = live.snapshot().municipality.groups.find((x) => x.municipality === 'm39')!;
    expect(last).toMatchObject({ incoming: 4, incomingPrev: 1, answered: 2, medianFirstResponseMin: 41 });
  });

  it('a hundred groups in one batch, then half of them removed', () => {
    const live = new LiveModel(new MessageStore(), { view });
    const truth: NormalizedMessage[] = [];
    for (let g = 0; g < 100; g++) for (let i = 0; i < 3; i++) truth.push(of(g, i));
    live.applyChanges(truth, []);
    expectAsBatch(live, truth, 'all');
    const gone = truth.filter((m) => Number(m.block.slice(1)) % 2 === 0).map((m) => m.id);
    live.applyChanges([], gone);
    expectAsBatch(
      live,
      truth.filter((m) => !gone.includes(m.id)),
      'half removed',
    );
  });

  it('a store of a hundred groups given before the view, then one more group', () => {
    const truth: NormalizedMessage[] = [];
    for (let g = 0; g < 100; g++) for (let i = 0; i < 3; i++) truth.push(of(g, i));
    const live = new LiveModel(storeOf(truth), { view });
    expectAsBatch(live, truth, 'built');
    const more = [of(100, 0), of(100, 2)];
    live.applyChanges(more, []);
    expectAsBatch(live, [...truth, ...more], 'one more');
  });
});
