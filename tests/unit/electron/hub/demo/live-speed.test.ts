/**
 * `--live` is a time speed-up of the same model (docs/demo.md): after an hour of a live demo at
 * ×60 or ×600 the region's «today vs yesterday at the same time» comparison reads like a region's
 * day (not +1 000 % as with the old messages-per-second feed), and the feed raises mass incidents
 * a demonstration can show within minutes: messages of one category in one municipality around
 * one spot, answered after the cause is fixed.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { generateHistory } from '../../../../../electron/hub/demo/generator.js';
import { speedClock, startLiveFeed } from '../../../../../electron/hub/demo/live.js';
import { REGIONS, type RegionId } from '../../../../../shared/regions.js';
import { DAY, HOUR, MINUTE } from '../../../../../shared/model.js';
import type { Message } from '../../../../../shared/schema.js';

const END = Date.parse('2026-11-18T09:15:00+03:00'); // a Wednesday morning
/** ×600 plays 25 days in an hour and ends at the same local time: start it in the afternoon. */
const END_AFTERNOON = Date.parse('2026-11-18T15:00:00+03:00');

/** A cache holding `days` of history up to END and a live feed at `speed` driven by a fake real clock. */
function liveRegion(region: RegionId, speed: number, days = 2, end = END) {
  const cache = openCache(':memory:');
  const h = generateHistory({ region, days, seed: 3, end });
  cache.setRegion(h.meta.region);
  cache.setReference(h.reference);
  for (const b of h.batches()) cache.applyBatch(b, { source: 'demo' });
  let real = end;
  const sim = speedClock(speed, () => real);
  const feed = startLiveFeed({ cache, seed: 3, speed, simClock: sim, from: end, tickMs: 1e9 });
  return {
    cache,
    sim,
    /** Runs `ms` of real time, one tick per real `step`. */
    run(ms: number, step = MINUTE) {
      for (let t = 0; t < ms; t += step) {
        real += step;
        feed.tick();
      }
    },
    close() {
      feed.stop();
      cache.close();
    },
  };
}

/** kpi.md «incoming today vs yesterday at the same time»: created since local midnight vs the same span a day earlier. */
function todayVsYesterday(messages: Iterable<Message>, now: number, zone: string): { today: number; yesterday: number; pct: number } {
  const midnight = DateTime.fromMillis(now, { zone }).startOf('day').toMillis();
  const yMidnight = DateTime.fromMillis(now, { zone }).minus({ days: 1 }).startOf('day').toMillis();
  const yNow = yMidnight + (now - midnight);
  let today = 0;
  let yesterday = 0;
  for (const m of messages) {
    const c = Date.parse(m.createdAt);
    if (c >= midnight && c < now) today++;
    else if (c >= yMidnight && c < yNow) yesterday++;
  }
  return { today, yesterday, pct: (today / yesterday - 1) * 100 };
}

describe('live demo: a time speed-up of the same model', () => {
  for (const [speed, end] of [[60, END], [600, END_AFTERNOON]] as const) {
    it(`after an hour of live at ×${speed} «today vs yesterday at the same time» stays within −60…+150 %`, () => {
      const r = liveRegion('murmansk', speed, 2, end);
      try {
        r.run(HOUR, speed === 600 ? 10 * 1000 : MINUTE);
        const now = r.sim();
        expect(now - end).toBe(speed * HOUR);
        const c = todayVsYesterday(r.cache.exportMessages(), now, REGIONS.murmansk.timezone);
        if (process.env.DEMO_PRINT) console.log(`×${speed}`, c);
        expect(c.yesterday).toBeGreaterThan(20);
        expect(c.pct).toBeGreaterThan(-60);
        expect(c.pct).toBeLessThan(150);
        // and a region's day: Murmansk gets about 150 messages a day (docs/demo.md)
        const lastDay = [...r.cache.exportMessages()].filter((m) => Date.parse(m.createdAt) >= now - DAY).length;
        expect(lastDay).toBeGreaterThan(60);
        expect(lastDay).toBeLessThan(300);
      } finally {
        r.close();
      }
    });
  }

  it('raises a mass incident within half an hour of live at ×60: one category, one municipality, one spot; answered after the fix', () => {
    const r = liveRegion('kamchatka', 60, 1);
    try {
      r.run(30 * MINUTE);
      const live = [...r.cache.exportMessages()].filter((m) => Date.parse(m.createdAt) >= END);
      // clusters: ≥ 8 new messages of one municipality and category within 3 simulated hours
      const by = new Map<string, Message[]>();
      for (const m of live) by.set(`${m.municipality} ${m.category}`, [...(by.get(`${m.municipality} ${m.category}`) ?? []), m]);
      const bursts: Message[][] = [];
      for (const ms of by.values()) {
        ms.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
        for (let i = 0; i + 7 < ms.length; i++)
          if (Date.parse(ms[i + 7]!.createdAt) - Date.parse(ms[i]!.createdAt) <= 3 * HOUR) {
            bursts.push(ms.slice(i));
            break;
          }
      }
      expect(bursts.length).toBeGreaterThanOrEqual(1);
      const burst = bursts[0]!;
      // located near one spot: most within 2 km of the median point
      const lat = [...burst.map((m) => m.location!.lat)].sort((a, b) => a - b)[burst.length >> 1]!;
      const lon = [...burst.map((m) => m.location!.lon)].sort((a, b) => a - b)[burst.length >> 1]!;
      const km = (m: Message) => Math.hypot((m.location!.lat - lat) * 111, (m.location!.lon - lon) * 111 * Math.cos((lat * Math.PI) / 180));
      expect(burst.filter((m) => km(m) < 2).length / burst.length).toBeGreaterThan(0.7);
      // it fades: two more real hours at ×60 and most of the burst is answered or closed
      const ids = new Set(burst.map((m) => m.id));
      r.run(2 * HOUR, 5 * MINUTE);
      const after = [...r.cache.exportMessages()].filter((m) => ids.has(m.id));
      expect(after.filter((m) => m.status === 'answered' || m.status === 'closed' || m.status === 'rework').length / after.length).toBeGreaterThan(0.6);
    } finally {
      r.close();
    }
  });
});

describe('the hub in a live demo: the data clock', () => {
  it('runs at the speed-up, and goes on from a cache an earlier accelerated run took ahead of now', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createHub } = await import('../../../../../electron/hub/service/hub.js');
    const { ensureDemoHistory } = await import('../../../../../electron/hub/service/demo.js');
    const dir = mkdtempSync(join(tmpdir(), 'sw-live-clock-'));
    try {
      const path = join(dir, 'demo.db');
      const ahead = END + 3 * DAY; // what a run at ×600 leaves behind after about 7 minutes
      const c = openCache(path);
      await ensureDemoHistory(c, { region: 'kamchatka', seed: 2, days: 2, now: ahead });
      c.close();
      let real = END;
      const hub = await createHub({ cachePath: path, demo: { region: 'kamchatka', seed: 2, liveSpeed: 60 }, now: () => real, playlistTimer: false });
      try {
        const viewNow = async () => {
          const r = await hub.handle('wall', { id: 1, method: 'getView', params: { window: 'today' } });
          expect(r.ok).toBe(true);
          return Date.parse((r as { result: { now: string } }).result.now);
        };
        const t0 = await viewNow();
        expect(t0).toBeGreaterThan(ahead - 6 * HOUR); // from its data's newest instant, not back at the real now (END)
        real += MINUTE;
        expect((await viewNow()) - t0).toBeGreaterThanOrEqual(HOUR - 1000); // a real minute = a simulated hour
      } finally {
        await hub.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
