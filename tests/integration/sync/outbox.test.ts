/**
 * Outbox: actions queued locally, delivered by `sync` child processes killed at random moments
 * against a server with faults (including answers lost AFTER the action was processed): at the
 * end every action was processed exactly once on the server, in order per message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createCentralServer } from '../../../electron/hub/central/server.js';
import { parseFaultSpec, seededRandom } from '../../../electron/hub/central/faults.js';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { createSyncClient } from '../../../electron/hub/sync/client.js';
import { enqueueAction, listOutbox } from '../../../electron/hub/outbox/outbox.js';
import { ACTION_TYPES, type ActionType } from '../../../shared/schema.js';
import { META, REFERENCE, makeLog } from './fixture.js';
import { runCli, tempDir } from './helpers.js';

const t = tempDir();
afterAll(() => t.cleanup());

describe('outbox delivery', () => {
  it('applies every action exactly once despite faults and SIGKILLs', { timeout: 60_000 }, async () => {
    const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(1500, 3) } });
    try {
      const db = join(t.dir, 'outbox.db');
      const cache = openCache(db);
      await createSyncClient({ cache, api: s.url, token: 'console' }).runUntilCaughtUp();
      const ids = s.state().slice(0, 12).map((m) => m.id);
      const r = seededRandom(9);
      const queued: string[] = [];
      for (let i = 0; i < 40; i++) {
        const type = ACTION_TYPES[Math.floor(r() * ACTION_TYPES.length)] as ActionType;
        const a = enqueueAction(cache, {
          messageId: ids[Math.floor(r() * ids.length)]!,
          type,
          payload: type === 'assign' ? { assignee: `Исполнитель ${i}` } : type === 'comment' ? { comment: `к ${i}` } : type === 'escalate' ? { level: 2 } : {},
          operator: 'duty-1',
        });
        queued.push(a.id);
      }
      // Plus one on an unknown message: a conflict, failed, never retried.
      queued.push(enqueueAction(cache, { messageId: 'нет-такого', type: 'resolve', operator: 'duty-1' }).id);
      cache.close();

      // Now the server misbehaves: errors, lost answers (after processing), slowness.
      s.setFaults(parseFaultSpec('5xx=0.1,429=0.05,drop=0.2,slow=0.4:40ms,retryAfter=0,seed=8'));
      const args = ['sync', '--api', s.url, '--token', 'console', '--cache', db, '--until-caught-up', '--quiet'];
      let kills = 0;
      let base = 300;
      for (let i = 0; i < 12; i++) {
        const before = s.stats().actionOrder.length;
        const res = await runCli(args, { killAfterMs: base + Math.floor(r() * 600) });
        if (s.stats().actionOrder.length === before) base += 300; // a slow start: give the next run longer
        if (res.signal === 'SIGKILL') kills++;
        else {
          expect(res.code, res.stderr).toBe(0);
          break;
        }
      }
      const last = await runCli(args);
      expect(last.code, last.stderr).toBe(0);

      const st = s.stats();
      for (const id of queued) expect(st.actions[id]?.processed, id).toBe(1);
      // Lost answers really happened and were re-sent with the same key (answered from the store).
      expect(st.faults.drop ?? 0).toBeGreaterThan(0);
      expect(queued.some((id) => st.actions[id]!.replays > 0)).toBe(true);
      const c = openCache(db);
      try {
        const box = listOutbox(c);
        expect(box.map((e) => e.action.id)).toEqual(queued);
        for (const e of box) {
          expect(['done', 'failed']).toContain(e.state);
          const status = st.actions[e.action.id]!.status;
          if (e.state === 'done') {
            expect(status).toBe(201);
            expect(e.serverRev).toBeGreaterThan(0);
          } else {
            expect([409, 422]).toContain(status);
            expect(e.lastError).toBeTruthy();
          }
        }
        expect(box.at(-1)!.state).toBe('failed');
        // In order per message: the server processed them in queue order.
        const order = st.actionOrder.filter((k) => queued.includes(k));
        expect(order).toEqual(queued);
        // The accepted actions came back through the feed: the cache equals the server.
        expect([...c.exportMessages()]).toEqual(s.state());
      } finally {
        c.close();
      }
      expect(kills).toBeGreaterThanOrEqual(1);
    } finally {
      await s.close();
    }
  });
});
