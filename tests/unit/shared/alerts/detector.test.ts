/** Rules and lifecycle of the early-warning detector (docs/spec/alerts.md, "An alert"). */
import { describe, expect, it } from 'vitest';
import { createDetector, replay, restoreDetector, type AlertMessageInput } from '../../../../shared/alerts/detector.js';
import { AlertSchema, type Alert } from '../../../../shared/alerts/schema.js';
import { lnPoissonUpperTail } from '../../../../shared/alerts/stats.js';
import { mulberry32 } from '../../../../electron/hub/demo/rng.js';
import { WORLD_REGIONS, generateWorld } from '../../../support/alerts-world.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ZONE = 'Europe/Moscow';

const world = generateWorld(WORLD_REGIONS[0]!, 7, { learnDays: 10, scoredDays: 8, incidentsPerDay: 1.5 });
const createdAt = new Map(world.messages.map((m) => [m.id, m.createdAt]));

/** The live detector: messages arrive in batches every 10 minutes, shuffled within a batch. */
function live(messages: readonly AlertMessageInput[], until: number, onTick?: (t: number, d: ReturnType<typeof createDetector>) => void) {
  const d = createDetector({ timeZone: ZONE, keepEndedMs: 30 * DAY });
  const r = mulberry32(3);
  let i = 0;
  for (let now = world.start; now <= until; now += 10 * MIN) {
    const batch: AlertMessageInput[] = [];
    while (i < messages.length && messages[i]!.createdAt <= now) batch.push(messages[i++]!);
    batch.sort(() => r() - 0.5);
    d.ingest(batch, now);
    onTick?.(now, d);
  }
  return d;
}

/** A quiet, learned flow in three cells, then a burst of `n` messages at `at` every `gapMin` minutes. */
function burstWorld(n: number, at: number, gapMin: number): AlertMessageInput[] {
  const r = mulberry32(11);
  const out: AlertMessageInput[] = [];
  let k = 0;
  for (let t = at - 14 * DAY; t < at + 12 * HOUR; t += HOUR)
    for (const cell of ['a', 'b', 'c'])
      if (r() < 0.08) out.push({ id: `bg-${String(k++).padStart(5, '0')}`, municipality: 'm1', block: 'housing', category: `housing.${cell}`, createdAt: t + Math.floor(r() * HOUR) });
  for (let j = 0; j < n; j++)
    out.push({ id: `inc-${j}`, municipality: 'm1', block: 'housing', category: 'housing.a', createdAt: at + j * gapMin * MIN, lat: 55.75 + j * 1e-4, lon: 37.6 });
  return out.sort((a, b) => a.createdAt - b.createdAt);
}

describe('tail statistics', () => {
  it('gives the Poisson upper tail', () => {
    // P(X >= 3 | mu = 1) = 1 - e^-1 (1 + 1 + 1/2)
    expect(Math.exp(lnPoissonUpperTail(3, 1))).toBeCloseTo(1 - Math.exp(-1) * 2.5, 10);
    expect(Math.exp(lnPoissonUpperTail(1, 0.5))).toBeCloseTo(1 - Math.exp(-0.5), 10);
    expect(lnPoissonUpperTail(0, 2)).toBe(0);
    expect(Math.exp(lnPoissonUpperTail(20, 30))).toBeCloseTo(0.978127, 5);
  });
});

describe('causality', () => {
  it('a replay up to t raises the same alerts at the same instants as the live detector at t', () => {
    const checks = [world.scoredFrom + 2 * DAY + 7 * HOUR, world.scoredFrom + 5 * DAY + 13 * HOUR, world.end];
    const seenLive = new Map<number, Alert[]>();
    live(world.messages, world.end, (t, d) => {
      for (const c of checks) if (t >= c && !seenLive.has(c)) seenLive.set(c, d.raisedIn(world.scoredFrom, c));
    });
    let total = 0;
    for (const c of checks) {
      const rep = replay(world.messages, world.scoredFrom, c, { timeZone: ZONE });
      // the live detector processes up to now − lateMs: compare what both had processed
      const liveAt = seenLive.get(c)!.filter((a) => Date.parse(a.raisedAt) <= c - 10 * MIN);
      const repAt = rep.filter((a) => Date.parse(a.raisedAt) <= c - 10 * MIN).map((a) => ({ id: a.id, raisedAt: a.raisedAt }));
      expect(liveAt.map((a) => ({ id: a.id, raisedAt: a.raisedAt }))).toEqual(repAt);
      total += repAt.length;
    }
    expect(total).toBeGreaterThan(3);
  });

  it('what is said at t depends only on messages created at or before t', () => {
    const t = world.scoredFrom + 4 * DAY;
    const a = replay(world.messages, world.scoredFrom, t, { timeZone: ZONE });
    // add a flood after t: nothing said at t changes
    const flood = Array.from({ length: 50 }, (_, j) => ({ id: `late-${j}`, municipality: world.incidents[0]!.municipality, block: 'housing', category: world.incidents[0]!.category, createdAt: t + 1 + j * MIN }));
    const b = replay([...world.messages, ...flood], world.scoredFrom, t, { timeZone: ZONE });
    expect(b).toEqual(a);
    for (const al of a) for (const id of al.messageIds) expect(createdAt.get(id)!).toBeLessThanOrEqual(t);
  });
});

describe('alerts are never taken back', () => {
  it('messageIds only grow, raisedAt is never before the tipping message, ids are stable', () => {
    let prev = new Map<string, Alert>();
    let checked = 0;
    live(world.messages, world.end, (t, d) => {
      if (t % HOUR !== 0) return;
      const now = new Map(d.raisedIn(world.start, t + 1).map((a) => [a.id, a]));
      for (const [id, old] of prev) {
        const cur = now.get(id);
        if (!cur) continue; // dropped from memory after keepEndedMs
        expect(cur.messageIds.slice(0, 0)).toEqual([]);
        for (const m of old.messageIds) expect(cur.messageIds).toContain(m);
        expect(cur.raisedAt).toBe(old.raisedAt);
        expect(cur.firstAt <= old.firstAt).toBe(true);
        checked++;
      }
      for (const a of now.values()) {
        AlertSchema.parse(a);
        const tip = a.id.replace(/^al-/, '');
        expect(a.messageIds).toContain(tip);
        expect(Date.parse(a.raisedAt)).toBeGreaterThanOrEqual(createdAt.get(tip)!);
        const sorted = [...a.messageIds].sort((x, y) => createdAt.get(x)! - createdAt.get(y)! || (x < y ? -1 : 1));
        expect(a.messageIds).toEqual(sorted);
        if (a.state === 'ended') expect(a.endedAt).not.toBeNull();
      }
      prev = now;
    });
    expect(checked).toBeGreaterThan(20);
  });

  it('a restored snapshot (through JSON) goes on exactly as the detector that never stopped', () => {
    const mid = world.scoredFrom + 3 * DAY + 5 * HOUR;
    const whole = createDetector({ timeZone: ZONE, keepEndedMs: 30 * DAY });
    whole.ingest(world.messages, world.end + HOUR);
    const first = createDetector({ timeZone: ZONE, keepEndedMs: 30 * DAY });
    first.ingest(world.messages.filter((m) => m.createdAt <= mid), mid);
    const json = JSON.stringify(first.snapshot());
    expect(json.length).toBeLessThan(2_000_000);
    const restored = restoreDetector(JSON.parse(json));
    // the messages near `mid` arrive again after the restart (duplicates are ignored)
    restored.ingest(world.messages.filter((m) => m.createdAt > mid - HOUR), world.end + HOUR);
    expect(restored.raisedIn(world.scoredFrom, world.end)).toEqual(whole.raisedIn(world.scoredFrom, world.end));
    expect(whole.raisedIn(world.scoredFrom, world.end).length).toBeGreaterThan(3);
  });
});

describe('lifecycle', () => {
  const at = Date.parse('2026-11-10T09:00:00Z');
  const msgs = burstWorld(8, at, 5);
  const d = createDetector({ timeZone: ZONE, lateMs: 0 });
  d.ingest(msgs.filter((m) => m.createdAt <= at + 35 * MIN), at + 35 * MIN);
  d.advance(at + 20 * HOUR);
  const last = at + 35 * MIN;

  it('raises one alert of the burst, tipped by one of its messages, with the burst and its place', () => {
    const alerts = d.raisedIn(at - DAY, at + DAY);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.id).toMatch(/^al-inc-/);
    // the burst's messages so far, and an unlocated usual message of the same cell may join it while it is elevated
    expect(a.messageIds.filter((id) => id.startsWith('inc-')).length * 2).toBeGreaterThan(a.count);
    expect(a.count).toBeGreaterThanOrEqual(5);
    expect(a.municipality).toBe('m1');
    expect(a.category).toBe('housing.a');
    expect(a.block).toBe('housing');
    expect(a.expected).toBeLessThan(1);
    expect(a.center!.lat).toBeCloseTo(55.7503, 3);
    expect(a.radiusKm!).toBeLessThan(0.1);
  });

  it('grows, holds steady, fades and ends by time', () => {
    const [id] = d.raisedIn(at - DAY, at + DAY).map((a) => a.id);
    const raisedAt = Date.parse(d.alert(id!)!.raisedAt);
    expect(d.alert(id!, raisedAt - 1)).toBeNull();
    expect(d.alert(id!, last)!.state).toBe('growing');
    expect(d.alert(id!, last + 90 * MIN)!.state).toBe('steady');
    expect(d.alert(id!, last + 3 * HOUR)!.state).toBe('fading');
    const end = d.alert(id!, last + 6 * HOUR)!;
    expect(end.state).toBe('ended');
    expect(end.endedAt).toBe(new Date(last + 6 * HOUR).toISOString());
    expect(d.alert(id!, last + 6 * HOUR - 1)!.endedAt).toBeNull();
    expect(d.alertsAt(last + 3 * HOUR).map((a) => a.id)).toEqual([id]);
    expect(d.alertsAt(last + 7 * HOUR)).toEqual([]);
    // later messages of the burst joined, the count only grew
    const ids = d.alert(id!, last)!.messageIds;
    for (let j = 0; j < 8; j++) expect(ids).toContain(`inc-${j}`);
  });

  it('a message after the end starts nothing old: the ended alert keeps its messages', () => {
    const d2 = createDetector({ timeZone: ZONE, lateMs: 0 });
    d2.ingest(msgs, at + 12 * HOUR);
    const [a] = d2.raisedIn(at - DAY, at + DAY);
    d2.ingest([{ id: 'after', municipality: 'm1', block: 'housing', category: 'housing.a', createdAt: at + 13 * HOUR }], at + 14 * HOUR);
    const again = d2.alert(a!.id)!;
    expect(again.messageIds).toEqual(a!.messageIds);
    expect(again.state).toBe('ended');
  });

  it('a quiet flow raises nothing', () => {
    const quiet = burstWorld(0, at, 5);
    expect(replay(quiet, at - 3 * DAY, at + 12 * HOUR, { timeZone: ZONE })).toEqual([]);
  });

  it('levels follow the size of the burst', () => {
    const big = burstWorld(30, at, 2);
    const [a] = replay(big, at - DAY, at + 3 * HOUR, { timeZone: ZONE });
    expect(a!.messageIds.filter((id) => id.startsWith('inc-'))).toHaveLength(30);
    expect(a!.level).toBe(3);
    const [b] = replay(burstWorld(12, at, 3), at - DAY, at + 3 * HOUR, { timeZone: ZONE });
    expect(b!.level).toBe(2);
  });
});

describe('a young history (a cache of a few days)', () => {
  // Monday 2026-11-02 00:00 МСК; a flow with a day rhythm: 3 messages an hour per cell from 08 to
  // 20 МСК, 0.3 at night, in three cells of one municipality
  const start = Date.parse('2026-11-01T21:00:00Z');
  function flow(days: number, seed = 5): AlertMessageInput[] {
    const r = mulberry32(seed);
    const out: AlertMessageInput[] = [];
    let k = 0;
    for (let t = start; t < start + days * DAY; t += HOUR) {
      const h = new Date(t + 3 * HOUR).getUTCHours();
      const rate = h >= 8 && h < 20 ? 3 : 0.3;
      for (const cell of ['a', 'b', 'c'])
        for (let j = 0; j < 6; j++)
          if (r() < rate / 6) out.push({ id: `bg-${String(k++).padStart(6, '0')}`, municipality: 'm1', block: 'housing', category: `housing.${cell}`, createdAt: t + Math.floor(r() * HOUR) });
    }
    return out;
  }
  const burst = (at: number): AlertMessageInput[] =>
    Array.from({ length: 12 }, (_, j) => ({ id: `inc-${j}`, municipality: 'm1', block: 'housing', category: 'housing.a', createdAt: at + j * 4 * MIN, lat: 55.75 + j * 1e-4, lon: 37.6 }));

  it('expects the usual flow in an hour of the week not lived yet from its hour of the day, not as a quiet hour', () => {
    // four days lived (Monday to Thursday); Friday 10:00–11:00 МСК has never been seen
    let expected: ((m: string, c: string, a: number, b: number) => number | null) | undefined;
    const d = createDetector({ timeZone: ZONE }, undefined, { probe: (e) => (expected = e) });
    const until = start + 4 * DAY + 6 * HOUR;
    d.ingest(flow(4), until);
    const friday10 = start + 4 * DAY + 10 * HOUR;
    const day = expected!('m1', 'housing.a', friday10, friday10 + HOUR)!;
    const night = expected!('m1', 'housing.a', friday10 + 14 * HOUR, friday10 + 15 * HOUR)!;
    // the cell's real flow: 3 an hour by day, 0.3 by night
    expect(day).toBeGreaterThan(1.5);
    expect(day).toBeLessThan(6);
    expect(day / night).toBeGreaterThan(4);
  });

  it('raises a burst on five days of history, nothing on the quiet flow, and nothing before its warm-up', () => {
    const at = start + 5 * DAY + 11 * HOUR;
    const quiet = flow(6);
    expect(replay(quiet, start, start + 6 * DAY, { timeZone: ZONE })).toEqual([]);
    const raised = replay([...quiet, ...burst(at)], start, start + 6 * DAY, { timeZone: ZONE });
    expect(raised).toHaveLength(1);
    expect(raised[0]!.messageIds.filter((id) => id.startsWith('inc-')).length).toBeGreaterThanOrEqual(10);
    // two days in, the usual flow is not learned yet (warmupHours): nothing is raised
    const early = start + 2 * DAY + 11 * HOUR;
    expect(replay([...flow(3), ...burst(early)], start, start + 3 * DAY, { timeZone: ZONE })).toEqual([]);
  });

  it('restores an older snapshot without the hours lived and reads its rhythm as it did', () => {
    const d = createDetector({ timeZone: ZONE });
    d.ingest(flow(21), start + 21 * DAY);
    const snap = JSON.parse(JSON.stringify(d.snapshot())) as ReturnType<typeof d.snapshot>;
    delete snap.occ;
    let expected: ((m: string, c: string, a: number, b: number) => number | null) | undefined;
    const old = createDetector({}, restoreDetector(snap).snapshot(), { probe: (e) => (expected = e) });
    const t = start + 21 * DAY + 10 * HOUR;
    const byDay = expected!('m1', 'housing.a', t, t + HOUR)!;
    expect(byDay).toBeGreaterThan(1.5);
    expect(byDay).toBeLessThan(6);
    // and it goes on: the next burst is raised
    old.ingest([...flow(22).filter((m) => m.createdAt > start + 21 * DAY), ...burst(start + 21 * DAY + 11 * HOUR)], start + 22 * DAY);
    expect(old.raisedIn(start + 21 * DAY, start + 22 * DAY)).toHaveLength(1);
  });
});
