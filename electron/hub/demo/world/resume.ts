/**
 * Resuming the demo world from messages already held (a cache, a server's store): ids go on from
 * the highest seen, and each open message gets the rest of its life planned from now.
 */
import type { Message } from '../../../../shared/schema.js';
import { DAY } from '../../../../shared/model.js';
import type { Rng } from '../rng.js';
import { enqueue, planLifecycle } from './lifecycle.js';
import type { DemoState, Rec } from './model.js';

/** Numeric part of a demo id (`pos-0001234` → 1234), or 0. */
export function demoIdSeq(id: string): number {
  const m = /-(\d+)$/.exec(id);
  return m ? Number(m[1]) : 0;
}

/**
 * Continues a region from messages already held (a cache, a server's store): new ids follow the
 * highest one seen, and every open message (or answered one not yet closed) gets the rest of its
 * life planned from `now`.
 */
export function seedFromMessages(st: DemoState, messages: Iterable<Message>, now: number, rng: Rng): { open: number } {
  let open = 0;
  for (const msg of messages) {
    st.nextSeq = Math.max(st.nextSeq, demoIdSeq(msg.id) + 1);
    const mm = st.byOktmo.get(msg.municipality);
    const channel = st._.channelById.get(msg.channel);
    if (!mm || !channel) continue;
    const isOpen = msg.status === 'new' || msg.status === 'in_progress' || msg.status === 'rework';
    const recentAnswer = msg.status === 'answered' && msg.answeredAt != null && now - Date.parse(msg.answeredAt) < 7 * DAY;
    if (!isOpen && !recentAnswer) continue;
    const createdMs = Date.parse(msg.createdAt);
    const dueMs = Date.parse(msg.dueAt);
    if (Number.isNaN(createdMs) || Number.isNaN(dueMs)) continue;
    const rec: Rec = { msg, createdMs, dueMs, social: channel.social, mm, res: msg.resonance ?? null, fixAt: null, plan: [], pi: 0, t: now, k: st._.evSeq++ };
    if (isOpen) open++;
    planLifecycle(st, rec, msg.status, Math.max(now, createdMs), msg.reworkCount ?? 0, msg.satisfaction ?? null, rng);
    if (rec.plan.length > 0) enqueue(st, rec);
  }
  return { open };
}
