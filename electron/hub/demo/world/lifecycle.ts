/**
 * A message's lifecycle in the demo world: the plan of its future (first response or rejection,
 * answers, returns for rework, satisfaction, closing — each change strictly later than the one
 * before, in whole seconds, timed by the municipality's answer quality and working hours), its
 * scheduling in the pending future, and how a planned change turns into the next revision
 * (docs/spec/central-api.md: statuses, revs).
 */
import type { Message, Status } from '../../../../shared/schema.js';
import { DAY, HOUR, MINUTE } from '../../../../shared/model.js';
import { chance, logNormal, randInt, type Rng } from '../rng.js';
import { workHours } from './calendar.js';
import { lerp, type DemoState, type Rec } from './model.js';

// Planned changes, the `op` of a plan triple [time, op, arg].
export const OP_IN_PROGRESS = 1;
export const OP_REJECTED = 2;
export const OP_ANSWERED = 3;
/** arg = reworkCount * 10 + satisfaction given with the return (0 = none) */
export const OP_REWORK = 4;
export const OP_SATISFACTION = 5;
export const OP_CLOSED = 6;
export const OP_DELETE = 7;

/** Puts a message into the pending future at its next planned change (or its creation). */
export function enqueue(st: DemoState, rec: Rec): void {
  rec.t = rec.pi < 0 ? rec.createdMs : rec.plan[rec.pi]!;
  st._.queue.push(rec);
}

function satisfactionFor(rng: Rng, q: number, reworked: boolean): number {
  // Probabilities of 1..5: a good answerer mostly gets 4–5, a poor one mostly 1–3.
  const good = [0.03, 0.03, 0.08, 0.26, 0.6];
  const bad = [0.38, 0.26, 0.18, 0.1, 0.08];
  let x = rng();
  for (let s = 0; s < 5; s++) {
    x -= lerp(bad[s]!, good[s]!, q);
    if (x < 0) return Math.max(1, s + 1 - (reworked && chance(rng, 0.5) ? 1 : 0));
  }
  return 5;
}

// Scratch state of planLifecycle (not re-entrant): the plan being written and its last time.
let planPlan: number[] = [];
let planT = 0;

/** Appends one planned change, strictly after the previous one, in whole seconds. */
function ev(time: number, op: number, arg = 0): number {
  let tt = Math.floor(time / 1000) * 1000;
  if (tt <= planT) tt = planT + 1000;
  planT = tt;
  planPlan.push(tt, op, arg);
  return tt;
}

/**
 * Plans the rest of a message's life from `status` at instant `at` and schedules each change
 * (strictly later than the previous one, whole seconds).
 */
export function planLifecycle(
  st: DemoState,
  rec: Rec,
  from: Status,
  at: number,
  reworkCount: number,
  satisfaction: number | null,
  rng: Rng,
): void {
  const q = rec.mm.quality;
  planPlan = rec.plan;
  planT = at;
  const social = rec.social;
  let status: Status = from;
  let rework = reworkCount;
  let firstPass = true;

  if (status === 'new') {
    const median =
      rec.fixAt != null
        ? HOUR
        : social
          ? Math.exp(lerp(Math.log(5 * HOUR), Math.log(25 * MINUTE), q))
          : rec.msg.channel === 'hotline'
            ? Math.exp(lerp(Math.log(4 * HOUR), Math.log(20 * MINUTE), q))
            : Math.exp(lerp(Math.log(36 * HOUR), Math.log(3 * HOUR), q));
    let fr = planT + logNormal(rng, median, 0.7);
    if (!social || chance(rng, 0.3)) fr = workHours(st, fr, rng);
    if (rec.fixAt == null && chance(rng, 0.025)) {
      ev(fr, OP_REJECTED);
      return;
    }
    ev(fr, OP_IN_PROGRESS);
    status = 'in_progress';
  }

  while (status === 'in_progress' || status === 'rework') {
    let ans: number;
    if (status === 'in_progress') {
      if (firstPass && rec.fixAt == null && chance(rng, lerp(0.025, 0.001, q))) return; // never answered
      const span = rec.dueMs - rec.createdMs;
      ans =
        rec.fixAt != null
          ? rec.fixAt + logNormal(rng, 2 * HOUR, 0.6)
          : rec.createdMs + logNormal(rng, lerp(1.25, 0.25, q), 0.5) * span;
    } else {
      ans = planT + logNormal(rng, social ? lerp(20 * HOUR, 4 * HOUR, q) : lerp(6 * DAY, 1.5 * DAY, q), 0.5);
    }
    firstPass = false;
    ans = Math.max(ans, planT + 10 * MINUTE);
    if (!social || chance(rng, 0.3)) ans = workHours(st, ans, rng);
    const a = ev(ans, OP_ANSWERED);
    satisfaction = null;
    status = 'answered';
    const pRework = lerp(0.3, 0.03, q) * (social ? 0.5 : 1) * (rework > 0 ? 0.35 : 1);
    if (rework < 2 && chance(rng, pRework)) {
      rework++;
      const sat = chance(rng, 0.6) ? randInt(rng, 1, 2) : 0;
      ev(a + logNormal(rng, 20 * HOUR, 0.6), OP_REWORK, rework * 10 + sat);
      status = 'rework';
    }
  }

  if (status === 'answered') {
    if (satisfaction == null && chance(rng, social ? 0.2 : 0.5)) {
      const s = satisfactionFor(rng, q, rework > 0);
      ev(planT + logNormal(rng, 10 * HOUR, 0.8), OP_SATISFACTION, s);
    }
    if (chance(rng, social ? 0.8 : 0.6)) ev(planT + logNormal(rng, social ? DAY : 2.5 * DAY, 0.6), OP_CLOSED);
  }
}

/** The next revision of a message after planned change `op` at `tt`. */
export function applyOp(st: DemoState, rec: Rec, tt: number, op: number, arg: number): Message {
  const m = rec.msg;
  let status = m.status;
  let firstResponseAt = m.firstResponseAt;
  let answeredAt = m.answeredAt;
  let reworkCount = m.reworkCount;
  let resonance = m.resonance;
  let satisfaction = m.satisfaction;
  switch (op) {
    case OP_IN_PROGRESS:
    case OP_REJECTED:
      status = op === OP_IN_PROGRESS ? 'in_progress' : 'rejected';
      firstResponseAt = st.fmt(tt);
      resonance = rec.res;
      break;
    case OP_ANSWERED:
      status = 'answered';
      answeredAt = st.fmt(tt);
      satisfaction = null;
      resonance = rec.res;
      break;
    case OP_REWORK:
      status = 'rework';
      reworkCount = Math.floor(arg / 10);
      satisfaction = arg % 10 || null;
      break;
    case OP_SATISFACTION:
      satisfaction = arg;
      break;
    default:
      status = 'closed';
  }
  // Every field written explicitly: one hidden class for all revisions (fast to build and read).
  return {
    id: m.id,
    rev: m.rev + 1,
    channel: m.channel,
    municipality: m.municipality,
    location: m.location,
    block: m.block,
    category: m.category,
    createdAt: m.createdAt,
    dueAt: m.dueAt,
    firstResponseAt,
    answeredAt,
    status,
    reworkCount,
    resonance,
    satisfaction,
    assignee: m.assignee,
    // central-api.md 1.1: the instant the source made this revision
    updatedAt: st.fmt(tt),
    text: m.text,
  };
}
