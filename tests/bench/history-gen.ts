/**
 * Synthetic message histories for the as-of benches: n messages over `days` days, each with its
 * whole life as revisions with their instants (created, first response, answered, rework and a
 * second answer, closed, a few deleted), about 3.5 revisions a message on average.
 */
import type { NormalizedMessage } from '../../shared/model.js';
import type { RevisionInput } from '../../shared/engine/history.js';
import { mulberry32 as rng } from '../../electron/hub/demo/rng.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
export const HISTORY_END = Date.parse('2026-11-21T00:00:00Z');

const BLOCKS = ['housing', 'waste', 'energy', 'education', 'health', 'roads', 'transport', 'social', 'urban'];
const CHANNELS = ['pos', 'vk', 'ok', 'tg', 'portal', 'hotline'];
export const MUNIS = Array.from({ length: 40 }, (_, i) => `30${String(600 + i * 3).padStart(3, '0')}000`);
export { BLOCKS, CHANNELS };

/**
 * Calls `emit` for every revision of n messages: message by message, or with `serverOrder` in the
 * order a central server would append them (by instant; holds them all first).
 */
export function generateHistory(
  n: number,
  days: number,
  seed: number,
  emit: (r: RevisionInput) => void,
  serverOrder = false,
): void {
  const r = rng(seed);
  const start = HISTORY_END - days * D;
  const pending: RevisionInput[] = [];
  for (let i = 0; i < n; i++) {
    const createdAt = start + Math.floor(r() * (HISTORY_END - start));
    const bi = Math.floor(r() * BLOCKS.length);
    const block = BLOCKS[bi]!;
    const base: NormalizedMessage = {
      id: `im-${i}`,
      rev: 1,
      channel: CHANNELS[Math.floor(r() * CHANNELS.length)]!,
      municipality: MUNIS[Math.min(MUNIS.length - 1, Math.floor(MUNIS.length * r() * r()))]!,
      block,
      category: `${block}.c${Math.floor(r() * 4)}`,
      createdAt,
      dueAt: createdAt + (8 + Math.floor(r() * 232)) * H,
      firstResponseAt: null,
      answeredAt: null,
      status: 'new',
      reworkCount: 0,
      weight: r() < 0.03 ? Math.floor(Math.exp(r() * 7.5)) : 0,
      satisfaction: null,
      lat: r() < 0.9 ? 52 + r() * 8 : null,
      lon: null,
    };
    if (base.lat !== null) base.lon = 156 + r() * 6;
    const revs: RevisionInput[] = [{ id: base.id, rev: 1, updatedAt: createdAt, message: base }];
    let t = createdAt;
    let cur = base;
    const next = (dt: number, patch: Partial<NormalizedMessage>) => {
      t += dt;
      cur = { ...cur, ...patch, rev: cur.rev + 1 };
      revs.push({ id: cur.id, rev: cur.rev, updatedAt: t, message: cur });
    };
    const fr = Math.floor(-Math.log(1 - r()) * 240 * MIN) + MIN;
    next(fr, { status: 'in_progress', firstResponseAt: createdAt + fr });
    if (r() < 0.9) {
      const ans = Math.floor(r() * (cur.dueAt - t) * 1.3) + MIN;
      next(ans, { status: 'answered', answeredAt: t + ans });
      if (r() < 0.12) {
        next(Math.floor(r() * 2 * D) + MIN, { status: 'rework', reworkCount: 1, answeredAt: null });
        const a2 = Math.floor(r() * 2 * D) + MIN;
        next(a2, { status: 'answered', answeredAt: t + a2 });
      }
      if (r() < 0.4) next(Math.floor(r() * 3 * D) + MIN, { status: 'closed', satisfaction: 1 + Math.floor(r() * 5) });
    }
    if (r() < 0.02) revs.push({ id: cur.id, rev: cur.rev + 1, updatedAt: t + D, message: null });
    // revisions made after the end of the data are not there yet
    for (const v of revs) {
      if ((v.updatedAt ?? 0) > HISTORY_END) continue;
      if (serverOrder) pending.push(v);
      else emit(v);
    }
  }
  // a server appends revisions in the order they are made
  pending.sort((a, b) => a.updatedAt! - b.updatedAt!);
  for (const v of pending) emit(v);
}
