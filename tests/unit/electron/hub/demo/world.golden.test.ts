/**
 * Golden hash of the demo world: the history generator, the live continuation from its final state
 * and the continuation of a region from messages already held (seedFromMessages), for two regions
 * in different zones, with fixed seeds. The demo's output is part of what people see at a
 * demonstration and what the benches measure: any change to it must be a conscious one — if this
 * test fails after a change that was meant to alter the demo, update GOLDEN (and say so in the
 * commit) and bump MODEL_VERSION with DEMO_MODEL_VERSION (generator.ts), so the cached demo histories
 * of users are generated anew; if the change was a refactoring, the refactoring is wrong.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { DEMO_MODEL_VERSION, generateHistory } from '../../../../../electron/hub/demo/generator.js';
import { createDemoState, liveStep, seedFromMessages, type DemoItem } from '../../../../../electron/hub/demo/world.js';
import { hashSeed, mulberry32 } from '../../../../../electron/hub/demo/rng.js';
import { HOUR } from '../../../../../shared/model.js';
import type { Message } from '../../../../../shared/schema.js';
import type { RegionId } from '../../../../../shared/regions.js';

const END = Date.parse('2026-11-21T09:15:00+12:00');
const SEED = 20261121;

// Updated consciously: the calibrated volumes of issue 9 (docs/demo.md) and every revision with its
// instant, `updatedAt` (issue 10, central-api.md 1.1).
/** The cached demo histories are keyed on it (snapshot.ts): bump it with the hashes below. */
const MODEL_VERSION = 'm3';

const GOLDEN: Record<string, string> = {
  kamchatka: 'f3ec9680df181a20251583eca64936a7c915ff3834f21ae2bf7e9ed31872d22f',
  murmansk: '30857f37c460e4bba703540a1c7678bf306848db6cd90227fcf3b4b66c565e08',
};

function worldDigest(region: RegionId): { hash: string; items: number } {
  const h = createHash('sha256');
  let items = 0;
  const put = (tag: string, list: Iterable<DemoItem>) => {
    h.update(`#${tag}\n`);
    for (const i of list) {
      h.update(JSON.stringify(i));
      h.update('\n');
      items++;
    }
  };
  const hist = generateHistory({ region, days: 10, seed: SEED, end: END });
  h.update(JSON.stringify(hist.meta));
  h.update(JSON.stringify(hist.reference));
  const latest = new Map<string, Message>();
  for (const b of hist.batches()) {
    put('history', b);
    for (const i of b) if (!('deleted' in i)) latest.set(i.id, i);
  }
  // The live feed going on from where the history stopped.
  const st = hist.finalState!;
  const live = mulberry32(hashSeed(`live:${region}`, SEED));
  for (let t = END; t < END + 12 * HOUR; t += 3 * HOUR) put(`live ${t}`, liveStep(st, t, t + 3 * HOUR, live));
  // A fresh state continuing from the messages held (what the live feed does over a cache).
  const fresh = createDemoState({ region, seed: SEED + 1 });
  const rng = mulberry32(hashSeed(`seed:${region}`, SEED));
  const { open } = seedFromMessages(fresh, latest.values(), END, rng);
  h.update(`open ${open} next ${fresh.nextSeq}\n`);
  put('seeded', liveStep(fresh, END, END + 24 * HOUR, rng));
  return { hash: h.digest('hex'), items };
}

describe('demo world: golden output', () => {
  it('the model version keying the cached histories goes with these hashes', () => {
    expect(DEMO_MODEL_VERSION).toBe(MODEL_VERSION);
  });

  for (const region of Object.keys(GOLDEN) as RegionId[]) {
    it(`${region}: the same seed gives byte-for-byte the same history, live feed and continuation`, () => {
      const d = worldDigest(region);
      expect(d.items).toBeGreaterThan(1000);
      expect(d.hash).toBe(GOLDEN[region]);
    });
  }
});
