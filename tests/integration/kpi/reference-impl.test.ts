/**
 * An independent, deliberately naive implementation of docs/spec/kpi.md (version 2: the state at an
 * instant, incomingPrev cut at the same elapsed time), written straight from the text over the raw
 * log of revisions (stale ones mixed in), checked against the real path a user runs: demo history →
 * JSONL → `import` → `kpi` / `rating` / `queue` (through the CLI's main()). If the cache's revision
 * rules, the columnar engine or the output shapes drift from the spec, this test fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../electron/hub/cli/main.js';
import { generateHistory } from '../../../electron/hub/demo/generator.js';
import type { Message, Reference, Tombstone } from '../../../shared/schema.js';

const H = 3_600_000;
const END = Date.parse('2026-11-21T09:15:00+12:00');

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

async function cli(args: string[]): Promise<string> {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream });
  if (code !== 0) throw new Error(`situation-wall ${args[0]} exit ${code}: ${err.text()}`);
  return out.text();
}

let dir: string;
let db: string;
let reference: Reference;
/** The log as imported: every item, stale revisions mixed in (a lower rev after a higher one, repeats). */
let log: Array<Message | Tombstone>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-kpi-ref-'));
  db = join(dir, 'cache.db');
  const h = generateHistory({ region: 'kamchatka', days: 6, seed: 11, end: END });
  reference = h.reference;
  const items = [...h.items] as Array<Message | Tombstone>;
  // Stale copies mixed in so that "the highest rev wins" and "the first copy seen wins" are really
  // tested: every 7th revision above 1 comes again after a later item, a copy with another status
  // (ignored: the first copy of an id + rev wins); every 11th lower one comes again at the end.
  log = [];
  items.forEach((item, i) => {
    log.push(item);
    if (item.rev > 1 && i % 7 === 0 && !('deleted' in item && item.deleted)) log.push({ ...(item as Message), status: 'rejected' });
  });
  for (let i = 0; i < items.length; i += 11) log.push(items[i]!);
  writeFileSync(join(dir, 'ref.json'), JSON.stringify(reference));
  writeFileSync(join(dir, 'messages.jsonl'), log.map((x) => JSON.stringify(x)).join('\n') + '\n');
  await cli(['import', '--cache', db, '--reference', join(dir, 'ref.json'), join(dir, 'messages.jsonl')]);
}, 60_000);

/**
 * kpi.md v2, "The state at an instant", written straight from the text over the raw log: per id, the
 * first copy of each rev; the instant of a revision is its updatedAt, else its createdAt (a
 * tombstone without one: the message's createdAt, else the beginning of time); the state at now is
 * the highest rev among those at or before now; the message exists when that is not a tombstone.
 */
function statesAt(now: number): Message[] {
  const byId = new Map<string, Array<Message | Tombstone>>();
  for (const x of log) {
    const seen = byId.get(x.id) ?? [];
    if (!seen.some((s) => s.rev === x.rev)) seen.push(x);
    byId.set(x.id, seen);
  }
  const out: Message[] = [];
  for (const revs of byId.values()) {
    const liveOnes = revs.filter((r): r is Message => !('deleted' in r && r.deleted === true));
    const createdOfMessage = liveOnes.length ? t(liveOnes.reduce((a, b) => (b.rev > a.rev ? b : a)).createdAt) : null;
    let best: Message | Tombstone | null = null;
    for (const r of revs) {
      const isTomb = 'deleted' in r && r.deleted === true;
      const instant = r.updatedAt ? t(r.updatedAt)! : !isTomb ? t((r as Message).createdAt)! : (createdOfMessage ?? -Infinity);
      if (instant <= now && (best === null || r.rev > best.rev)) best = r;
    }
    if (best !== null && !('deleted' in best && best.deleted === true)) out.push(best as Message);
  }
  return out;
}

/** kpi.md's resonance weight, written out here: likes + 3·reposts + 2·comments + views/100. */
function weightOf(m: Message): number {
  const r = m.resonance;
  return (r?.likes ?? 0) + 3 * (r?.reposts ?? 0) + 2 * (r?.comments ?? 0) + (r?.views ?? 0) / 100;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const t = (s: string | null | undefined) => (s ? Date.parse(s) : null);
const OPEN = new Set(['new', 'in_progress', 'rework']);
const DONE = new Set(['answered', 'closed']);

function indicators(ms: Message[], from: number, to: number, now: number, population: number | null) {
  const inW = (x: number | null) => x !== null && x >= from && x < to;
  const incoming = ms.filter((m) => inW(t(m.createdAt)));
  const open = ms.filter((m) => OPEN.has(m.status) && t(m.createdAt)! <= now);
  const answered = ms.filter((m) => inW(t(m.answeredAt)));
  const onTime = answered.filter((m) => t(m.answeredAt)! <= t(m.dueAt)!);
  const resp = incoming
    .filter((m) => m.firstResponseAt)
    .map((m) => (t(m.firstResponseAt)! - t(m.createdAt)!) / 60_000)
    .sort((a, b) => a - b);
  const mid = resp.length >> 1;
  const rated = answered.filter((m) => typeof m.satisfaction === 'number');
  // the previous window cut at the same elapsed time (kpi.md v2)
  const L = to - from;
  const prevFrom = from - L;
  const prevTo = from - L + Math.min(Math.max(now - from, 0), L);
  return {
    incoming: incoming.length,
    open: open.length,
    overdue: open.filter((m) => t(m.dueAt)! < now).length,
    answered: answered.length,
    onTime: onTime.length,
    onTimeRate: answered.length ? onTime.length / answered.length : null,
    medianFirstResponseMin: resp.length ? (resp.length % 2 ? resp[mid]! : (resp[mid - 1]! + resp[mid]!) / 2) : null,
    reworkRate: answered.length ? answered.filter((m) => (m.reworkCount ?? 0) >= 1).length / answered.length : null,
    satisfaction: rated.length ? rated.reduce((s, m) => s + m.satisfaction!, 0) / rated.length : null,
    satisfiedShare: rated.length ? rated.filter((m) => m.satisfaction! >= 4).length / rated.length : null,
    completeness: incoming.length ? incoming.filter((m) => DONE.has(m.status)).length / incoming.length : null,
    per10k: population ? (incoming.length / population) * 10_000 : null,
    incomingPrev: ms.filter((m) => {
      const c = t(m.createdAt)!;
      return c >= prevFrom && c < prevTo;
    }).length,
  };
}

type Num = number | null;
function close(actual: Record<string, unknown>, expected: Record<string, Num>, label: string) {
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k] as Num;
    if (v === null || a === null) expect(a, `${label}.${k}`).toBe(v);
    else expect(a, `${label}.${k}`).toBeCloseTo(v, 6);
  }
}

const WINDOWS = [
  { from: '2026-11-20T00:00:00+12:00', to: '2026-11-21T00:00:00+12:00', now: '2026-11-21T09:15:00+12:00' },
  { from: '2026-11-16T12:00:00Z', to: '2026-11-20T21:15:00Z', now: '2026-11-20T09:00:00+12:00' },
  // the live wall's "today" at 13:00, three days back: the window runs past now
  { from: '2026-11-18T00:00:00+12:00', to: '2026-11-19T00:00:00+12:00', now: '2026-11-18T13:00:00+12:00' },
  { from: '2026-11-17T00:00:00+12:00', to: '2026-11-18T00:00:00+12:00', now: '2026-11-17T08:40:00+12:00' },
];

describe('the command line against a naive reading of kpi.md', () => {
  it.each(WINDOWS)('kpi by every grouping ($from … $to at $now)', async (w) => {
    const [from, to, now] = [Date.parse(w.from), Date.parse(w.to), Date.parse(w.now)];
    const current = statesAt(now);
    const pop = new Map(reference.municipalities.map((m) => [m.oktmo, m.population ?? null]));
    const cases: Array<[string, (m: Message) => string, string]> = [
      ['block', (m) => m.block, 'block'],
      ['municipality', (m) => m.municipality, 'municipality'],
      ['channel', (m) => m.channel, 'channel'],
    ];
    const region = JSON.parse(await cli(['kpi', '--cache', db, '--from', w.from, '--to', w.to, '--now', w.now, '--by', 'region', '--json']));
    expect(region.groups).toHaveLength(1);
    close(region.groups[0], { ...indicators(current, from, to, now, null), per10k: null }, 'region');
    for (const [by, key, field] of cases) {
      const out = JSON.parse(await cli(['kpi', '--cache', db, '--from', w.from, '--to', w.to, '--now', w.now, '--by', by, '--json']));
      const ids = [...new Set([...current.map(key), ...(by === 'block' ? reference.blocks.map((b) => b.id) : by === 'channel' ? reference.channels.map((c) => c.id) : reference.municipalities.map((m) => m.oktmo))])].sort();
      expect(out.groups.map((g: Record<string, string>) => g[field])).toEqual(ids);
      for (const g of out.groups) {
        const subset = current.filter((m) => key(m) === g[field]);
        const p = by === 'municipality' ? (pop.get(g[field]) ?? null) : null;
        close(g, indicators(subset, from, to, now, p), `${by}=${g[field]}`);
      }
    }
    const pairs = JSON.parse(await cli(['kpi', '--cache', db, '--from', w.from, '--to', w.to, '--now', w.now, '--by', 'block,municipality', '--json']));
    const expectedPairs = [...new Set(current.map((m) => `${m.block}\u0000${m.municipality}`))].sort();
    expect(pairs.groups.map((g: { block: string; municipality: string }) => `${g.block}\u0000${g.municipality}`)).toEqual(expectedPairs);
  });

  it.each(WINDOWS)('rating ($from … $to)', async (w) => {
    const [from, to, now] = [Date.parse(w.from), Date.parse(w.to), Date.parse(w.now)];
    const current = statesAt(now);
    const out = JSON.parse(await cli(['rating', '--cache', db, '--from', w.from, '--to', w.to, '--now', w.now, '--json']));
    const rows = reference.municipalities.map((m) => {
      const k = indicators(current.filter((x) => x.municipality === m.oktmo), from, to, now, m.population ?? null);
      const comps = [k.onTimeRate, k.reworkRate === null ? null : 1 - k.reworkRate, k.completeness, k.satisfiedShare]
        .filter((c): c is number => c !== null)
        .map((c) => c * 100);
      const score = k.incoming < 2 || comps.length === 0 ? null : comps.reduce((a, b) => a + b, 0) / comps.length;
      return { municipality: m.oktmo, name: m.name, score, incoming: k.incoming, zone: score === null ? 'none' : score >= 75 ? 'green' : score >= 50 ? 'yellow' : 'red' };
    });
    rows.sort((a, b) => (a.score === null) !== (b.score === null) ? (a.score === null ? 1 : -1) : (b.score ?? 0) - (a.score ?? 0) || a.name.localeCompare(b.name, 'ru'));
    expect(out.rows.map((r: { municipality: string }) => r.municipality)).toEqual(rows.map((r) => r.municipality));
    out.rows.forEach((r: { score: Num; zone: string; incoming: number; rank: Num }, i: number) => {
      const e = rows[i]!;
      if (e.score === null) expect(r.score).toBeNull();
      else expect(r.score).toBeCloseTo(e.score, 6);
      expect(r.zone).toBe(e.zone);
      expect(r.incoming).toBe(e.incoming);
      expect(r.rank).toBe(e.score === null ? null : i + 1);
    });
    expect(new Set(out.rows.map((r: { zone: string }) => r.zone)).size).toBeGreaterThan(1);
  });

  it.each(WINDOWS)('escalation queue at $now', async (w) => {
    const now = Date.parse(w.now);
    const current = statesAt(now);
    const out = JSON.parse(await cli(['queue', '--cache', db, '--now', w.now, '--json']));
    const open = current.filter((m) => OPEN.has(m.status) && t(m.createdAt)! <= now);
    const clusterCount = new Map<string, number>();
    for (const m of open) {
      const c = t(m.createdAt)!;
      if (c > now - 24 * H && c <= now) clusterCount.set(`${m.municipality}|${m.category}`, (clusterCount.get(`${m.municipality}|${m.category}`) ?? 0) + 1);
    }
    const items = open
      .map((m) => {
        const due = t(m.dueAt)!;
        const c = t(m.createdAt)!;
        const weight = weightOf(m);
        const reasons: string[] = [];
        let level = 0;
        if (now > due) {
          reasons.push('overdue');
          const o = now - due;
          level = Math.max(level, o <= 24 * H ? 1 : o <= 72 * H ? 2 : 3);
        }
        if (due - now > 0 && due - now <= 2 * H) {
          reasons.push('due_soon');
          level = Math.max(level, 1);
        }
        if (weight >= 300) {
          reasons.push('resonance');
          level = Math.max(level, weight >= 1000 ? 3 : 2);
        }
        if ((m.reworkCount ?? 0) >= 2) {
          reasons.push('rework');
          level = Math.max(level, 2);
        }
        if (c > now - 24 * H && (clusterCount.get(`${m.municipality}|${m.category}`) ?? 0) >= 5) {
          reasons.push('cluster');
          level = Math.max(level, 2);
        }
        return { id: m.id, level, reasons, overdueMin: now > due ? (now - due) / 60_000 : 0, weight, created: c };
      })
      .filter((i) => i.reasons.length > 0)
      .sort((a, b) => b.level - a.level || b.overdueMin - a.overdueMin || b.weight - a.weight || a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(items.length).toBeGreaterThan(10);
    expect(out.items.map((i: { id: string }) => i.id)).toEqual(items.map((i) => i.id));
    out.items.forEach((i: { level: number; reasons: string[]; overdueMin: number; weight: number }, k: number) => {
      expect(i.level).toBe(items[k]!.level);
      expect(i.reasons).toEqual(items[k]!.reasons);
      expect(i.overdueMin).toBeCloseTo(items[k]!.overdueMin, 6);
      expect(i.weight).toBeCloseTo(items[k]!.weight, 6);
    });
  });
});
