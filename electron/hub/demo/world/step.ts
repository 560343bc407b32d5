/**
 * One step of the demo world over [from, to): incidents due in it, the regular arrivals hour by
 * hour (by the local hourly rhythm, weekdays and the day's variation), then every planned change
 * due before `to`, in time order, as the contract's items (docs/spec/central-api.md: items, revs,
 * tombstones).
 */
import type { Tombstone } from '../../../../shared/schema.js';
import { DAY, HOUR } from '../../../../shared/model.js';
import { poisson, type Rng } from '../rng.js';
import { arrivalRatePerHour } from './calendar.js';
import { materializeIncident, planIncident } from './incidents.js';
import { applyOp, enqueue, OP_DELETE } from './lifecycle.js';
import { createMessage } from './messages.js';
import type { DemoItem, DemoState } from './model.js';

/**
 * Advances the region over [fromMs, toMs) and returns what happened, in log order: new messages
 * (rev 1 at createdAt), status changes of earlier ones (rev + 1 at the time of the change) and
 * tombstones. Changes planned for after `toMs` stay pending for the next step. Pure with respect
 * to the outside world: the reference central API server can call it without a cache.
 */
export function liveStep(state: DemoState, fromMs: number, toMs: number, rng: Rng): DemoItem[] {
  state._.autoIncidents = true;
  const out: DemoItem[] = [];
  stepInto(state, fromMs, toMs, rng, out);
  return out;
}

/** @internal one step, appending to `out` (the history generator streams through it). */
export function stepInto(st: DemoState, from: number, to: number, rng: Rng, out: DemoItem[]): void {
  if (!(to > from)) return;
  // Random mass incidents (the history pre-plans its own; live ones arise here).
  if (st._.autoIncidents) {
    const nInc = poisson(rng, (st.incidentsPerDay * (to - from)) / DAY);
    for (let i = 0; i < nInc; i++) planIncident(st, from + rng() * (to - from), rng);
  }
  const incs = st._.incidents;
  while (incs.length > 0 && incs[0]!.start < to) materializeIncident(st, incs.shift()!, rng);

  // Regular arrivals, hour by hour (rates depend on the local hour).
  let h0 = from;
  while (h0 < to) {
    const h1 = Math.min(to, (Math.floor(h0 / HOUR) + 1) * HOUR);
    const n = poisson(rng, (arrivalRatePerHour(st, h0) * (h1 - h0)) / HOUR);
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(h0 + rng() * (h1 - h0));
    times.sort((a, b) => a - b);
    for (const t of times) createMessage(st, t, rng);
    h0 = h1;
  }

  // Everything due before `to`, in time order.
  st._.queue.drain(to, (rec) => {
    if (rec.pi < 0) {
      out.push(rec.msg);
      rec.pi = 0;
    } else {
      const tt = rec.plan[rec.pi]!;
      const op = rec.plan[rec.pi + 1]!;
      const arg = rec.plan[rec.pi + 2]!;
      rec.pi += 3;
      if (op === OP_DELETE) {
        const tomb: Tombstone = { id: rec.msg.id, rev: rec.msg.rev + 1, deleted: true, updatedAt: st.fmt(tt) };
        rec.msg = { ...rec.msg, rev: tomb.rev };
        out.push(tomb);
      } else {
        rec.msg = applyOp(st, rec, tt, op, arg);
        out.push(rec.msg);
      }
    }
    if (rec.pi < rec.plan.length) enqueue(st, rec);
  });
}
