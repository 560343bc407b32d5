import { describe, expect, it } from 'vitest';
import type { ApplyResult, Cache } from '../../../../../electron/hub/cache/api.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { generateHistory } from '../../../../../electron/hub/demo/generator.js';
import { startLiveFeed } from '../../../../../electron/hub/demo/live.js';
import { createDemoState, liveStep, seedFromMessages } from '../../../../../electron/hub/demo/world.js';
import { mulberry32 } from '../../../../../electron/hub/demo/rng.js';
import { checkItem, indexReference, type Message, type Reference, type Tombstone } from '../../../../../shared/schema.js';
import { HOUR } from '../../../../../shared/model.js';

type Item = Message | Tombstone;
const END = Date.parse('2026-11-21T09:15:00+12:00');
const isTomb = (i: Item): i is Tombstone => (i as Tombstone).deleted === true;

/** A minimal in-memory Cache that records applyBatch calls (highest rev per id wins). */
function fakeCache(region: { code: string; name: string; timezone: string }, ref: Reference, seed: Item[]) {
  const held = new Map<string, Message>();
  for (const i of seed) {
    if (isTomb(i)) held.delete(i.id);
    else held.set(i.id, i);
  }
  const calls: { items: unknown[]; source?: string }[] = [];
  const cache = {
    path: ':fake:',
    getRegion: () => region,
    getReference: () => ref,
    setReference: () => {},
    exportMessages: () => [...held.values()][Symbol.iterator](),
    applyBatch(items: readonly unknown[], opts?: { source?: string }): ApplyResult {
      calls.push({ items: [...items], source: opts?.source });
      let applied = 0;
      for (const raw of items) {
        const i = raw as Item;
        const prev = held.get(i.id);
        if (prev && prev.rev >= i.rev) continue;
        applied++;
        if (isTomb(i)) held.delete(i.id);
        else held.set(i.id, i);
      }
      return { applied, ignored: items.length - applied, deleted: 0, quarantined: 0, changed: [], removed: [] };
    },
  } as unknown as Cache;
  return { cache, calls, held };
}

describe('live demo feed', () => {
  const h = generateHistory({ region: 'kamchatka', days: 3, seed: 4, end: END });
  const history = [...h.items];

  it('liveStep continues a region without a cache: new messages and later revisions of open ones', () => {
    const st = createDemoState({ region: 'kamchatka', seed: 4 });
    const rng = mulberry32(9);
    const final = new Map<string, Message>();
    for (const i of history) if (!isTomb(i)) final.set(i.id, i);
    seedFromMessages(st, final.values(), END, rng);
    const out = liveStep(st, END, END + 6 * HOUR, rng);
    const ref = indexReference(h.reference);
    let fresh = 0;
    let changes = 0;
    for (const i of out) {
      expect(checkItem(i, ref).ok).toBe(true);
      const prev = final.get(i.id);
      if (prev) {
        expect(i.rev).toBeGreaterThan(prev.rev);
        changes++;
      } else {
        expect(i.rev).toBe(1);
        fresh++;
      }
      if (!isTomb(i)) final.set(i.id, i);
    }
    expect(fresh).toBeGreaterThan(5); // six hours of a weekday in Kamchatka (~65 messages a day)
    expect(changes).toBeGreaterThan(5); // first responses, answers, closings
  });

  it('the history state continues exactly where the history ended (finalState)', () => {
    const hh = generateHistory({ region: 'kamchatka', days: 1, seed: 4, end: END });
    const ids = new Set<string>();
    for (const i of hh.items) ids.add(i.id);
    const st = hh.finalState!;
    expect(st).not.toBeNull();
    const out = liveStep(st, END + 1, END + HOUR, mulberry32(1));
    expect(out.some((i) => ids.has(i.id))).toBe(true); // pending changes of history messages
    expect(out.filter((i) => i.rev === 1).every((i) => !ids.has(i.id))).toBe(true); // new ids never collide
  });

  it('startLiveFeed writes through applyBatch with source demo-live, accelerated by speed (fake cache)', () => {
    const { cache, calls } = fakeCache(h.meta.region, h.reference, history);
    let clock = END;
    const batches: ApplyResult[] = [];
    const feed = startLiveFeed({ cache, seed: 4, speed: 3600, tickMs: 1_000_000, now: () => clock, onBatch: (r) => batches.push(r) });
    try {
      clock += 1000; // one real second = one simulated hour
      feed.tick();
      expect(feed.simNow).toBe(END + HOUR);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => c.source === 'demo-live')).toBe(true);
      expect(batches.reduce((s, r) => s + r.applied, 0)).toBeGreaterThan(0);
      const ref = indexReference(h.reference);
      for (const c of calls) for (const i of c.items) expect(checkItem(i, ref).ok).toBe(true);
    } finally {
      feed.stop();
    }
  });

  it('startLiveFeed on the real SQLite cache: the region goes on living, nothing quarantined', () => {
    const cache = openCache(':memory:');
    try {
      cache.setRegion(h.meta.region);
      cache.setReference(h.reference);
      const r0 = cache.applyBatch(history, { source: 'demo' });
      expect(r0.quarantined).toBe(0);
      const before = cache.messageCount();
      let clock = END;
      const feed = startLiveFeed({ cache, seed: 4, speed: 7200, tickMs: 1_000_000, now: () => clock });
      clock += 1000; // two simulated hours
      const r = feed.tick();
      feed.stop();
      expect(r).not.toBeNull();
      expect(cache.quarantineCount()).toBe(0);
      expect(cache.messageCount()).toBeGreaterThan(before);
    } finally {
      cache.close();
    }
  });

  it('refuses a cache that is not bound to a demo region', () => {
    const cache = openCache(':memory:');
    try {
      expect(() => startLiveFeed({ cache, seed: 1 })).toThrow(/не привязан к региону/);
    } finally {
      cache.close();
    }
  });
});
