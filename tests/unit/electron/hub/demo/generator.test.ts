import { beforeAll, describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { createHash } from 'node:crypto';
import { generateHistory } from '../../../../../electron/hub/demo/generator.js';
import { loadRegionGeo } from '../../../../../electron/hub/geo/regions.js';
import { checkItem, indexReference, type Message, type Tombstone } from '../../../../../shared/schema.js';
import { DAY, HOUR, resonanceWeight } from '../../../../../shared/model.js';
import { REGIONS } from '../../../../../shared/regions.js';

type Item = Message | Tombstone;
const isTomb = (i: Item): i is Tombstone => (i as Tombstone).deleted === true;
const END = Date.parse('2026-11-21T09:15:00+12:00');
const OPEN = new Set(['new', 'in_progress', 'rework']);

function digest(items: Iterable<Item>): string {
  const h = createHash('sha256');
  for (const i of items) h.update(JSON.stringify(i));
  return h.digest('hex');
}

/** Final state per id after replaying the log. */
function replay(items: readonly Item[]): Map<string, Message> {
  const m = new Map<string, Message>();
  for (const i of items) {
    if (isTomb(i)) m.delete(i.id);
    else m.set(i.id, i);
  }
  return m;
}

/** kpi.md rating score of each municipality over [from, to) at `to` (own minimal implementation). */
function scores(final: Iterable<Message>, from: number, to: number): Map<string, { score: number | null; incoming: number }> {
  const by = new Map<string, Message[]>();
  for (const m of final) by.set(m.municipality, [...(by.get(m.municipality) ?? []), m]);
  const out = new Map<string, { score: number | null; incoming: number }>();
  for (const [oktmo, ms] of by) {
    const inc = ms.filter((m) => Date.parse(m.createdAt) >= from && Date.parse(m.createdAt) < to);
    const ans = ms.filter((m) => m.answeredAt && Date.parse(m.answeredAt) >= from && Date.parse(m.answeredAt) < to);
    const comps: number[] = [];
    if (ans.length) {
      comps.push((ans.filter((m) => Date.parse(m.answeredAt!) <= Date.parse(m.dueAt)).length / ans.length) * 100);
      comps.push((1 - ans.filter((m) => (m.reworkCount ?? 0) >= 1).length / ans.length) * 100);
      const rated = ans.filter((m) => m.satisfaction != null);
      if (rated.length) comps.push((rated.filter((m) => m.satisfaction! >= 4).length / rated.length) * 100);
    }
    if (inc.length) comps.push((inc.filter((m) => m.status === 'answered' || m.status === 'closed').length / inc.length) * 100);
    out.set(oktmo, {
      incoming: inc.length,
      score: inc.length < 2 || comps.length === 0 ? null : comps.reduce((a, b) => a + b, 0) / comps.length,
    });
  }
  return out;
}

describe('demo history of Kamchatka (30 days)', () => {
  let items: Item[];
  let final: Map<string, Message>;
  let created: Message[];
  const h = generateHistory({ region: 'kamchatka', days: 30, seed: 1, end: END });

  beforeAll(() => {
    items = [...h.items];
    final = replay(items);
    created = items.filter((i): i is Message => !isTomb(i) && i.rev === 1);
  });

  it('has a realistic volume: about 65 messages a day for 290 thousand people (docs/demo.md)', () => {
    const perDay = created.length / 30;
    expect(perDay).toBeGreaterThan(45);
    expect(perDay).toBeLessThan(85);
    expect(items.length).toBeGreaterThan(created.length * 2); // status changes follow
  });

  it('every item is valid against the schema and the reference, times carry +12:00', () => {
    const ref = indexReference(h.reference);
    for (const i of items) {
      const c = checkItem(i, ref);
      if (!c.ok) throw new Error(`${c.id}: ${c.reason}`);
      if (!isTomb(i)) {
        expect(i.createdAt.endsWith('+12:00')).toBe(true);
        expect(i.dueAt.endsWith('+12:00')).toBe(true);
      }
    }
    expect(h.meta.region).toEqual({ code: REGIONS.kamchatka.code, name: 'Камчатский край', timezone: 'Asia/Kamchatka' });
    expect(h.meta.serverTime).toBe('2026-11-21T09:15:00+12:00');
  });

  it('log order: rev 1 first, revisions strictly increasing per id, creation times non-decreasing, nothing after end', () => {
    const held = new Map<string, number>();
    let lastCreated = -Infinity;
    for (const i of items) {
      const prev = held.get(i.id);
      if (prev === undefined) expect(i.rev).toBe(1);
      else expect(i.rev).toBeGreaterThan(prev);
      held.set(i.id, i.rev);
      if (isTomb(i)) continue;
      for (const t of [i.createdAt, i.firstResponseAt, i.answeredAt]) if (t) expect(Date.parse(t)).toBeLessThanOrEqual(END);
      if (i.rev === 1) {
        const c = Date.parse(i.createdAt);
        expect(c).toBeGreaterThanOrEqual(lastCreated);
        lastCreated = c;
      }
    }
    expect(Date.parse(created[0]!.createdAt)).toBeGreaterThanOrEqual(END - 30 * DAY);
  });

  it('every point lies inside its municipality polygon', () => {
    const geo = loadRegionGeo('kamchatka');
    for (const m of created) {
      const poly = geo.byOktmo.get(m.municipality)!.geometry;
      if (!booleanPointInPolygon([m.location!.lon, m.location!.lat], poly)) throw new Error(`${m.id} вне ${m.municipality}`);
    }
  });

  it('volumes follow population: the capital has the most, then Елизовский район', () => {
    const n = new Map<string, number>();
    for (const m of created) n.set(m.municipality, (n.get(m.municipality) ?? 0) + 1);
    const ranked = [...n].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]![0]).toBe('30701000');
    expect(ranked[1]![0]).toBe('30607000');
    const share = n.get('30701000')! / created.length;
    expect(share).toBeGreaterThan(0.45); // 163 of 289 thousand people
    expect(share).toBeLessThan(0.75);
  });

  it('daily rhythm in local time: the night is far quieter than the day', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const m of created) byHour[Number(m.createdAt.slice(11, 13))]!++; // local hour: the string carries +12:00
    const night = byHour.slice(1, 6).reduce((a, b) => a + b, 0);
    const day = byHour.slice(10, 15).reduce((a, b) => a + b, 0);
    expect(night * 5).toBeLessThan(day);
  });

  it('channels: ПОС the largest online channel, ПОС and social networks about half (docs/demo.md), resonance only on social posts', () => {
    const c = new Map<string, number>();
    for (const m of created) c.set(m.channel, (c.get(m.channel) ?? 0) + 1);
    expect(c.get('pos')!).toBeGreaterThan(1.5 * c.get('vk')!);
    for (const id of ['vk', 'ok', 'tg', 'portal']) expect(c.get('pos')!).toBeGreaterThan(c.get(id)!);
    const posSocial = (c.get('pos')! + c.get('vk')! + c.get('ok')! + c.get('tg')!) / created.length;
    expect(posSocial).toBeGreaterThan(0.45);
    expect(posSocial).toBeLessThan(0.65);
    for (const id of ['pos', 'vk', 'ok', 'tg', 'portal', 'hotline']) expect(c.get(id)).toBeGreaterThan(0);
    const finals = [...final.values()];
    for (const m of finals) if (!['vk', 'ok', 'tg'].includes(m.channel)) expect(m.resonance ?? null).toBeNull();
    const weights = finals.filter((m) => m.resonance).map((m) => resonanceWeight(m.resonance));
    const small = weights.filter((w) => w < 10).length;
    expect(small / weights.length).toBeGreaterThan(0.6); // most posts go unnoticed
    expect(weights.some((w) => w >= 300)).toBe(true); // a few go viral
  });

  it('due times: 8 hours for social posts, 10 working days or 30 days on ПОС', () => {
    for (const m of created) {
      const span = Date.parse(m.dueAt) - Date.parse(m.createdAt);
      if (['vk', 'ok', 'tg'].includes(m.channel)) expect(span).toBe(8 * HOUR);
      if (m.channel === 'pos') expect([14, 30].includes(Math.round(span / DAY)) || (span >= 12 * DAY && span <= 16 * DAY)).toBe(true);
    }
  });

  it('statuses evolve: every status occurs, rework up to twice, satisfaction on part of the answered', () => {
    const finals = [...final.values()];
    const statuses = new Set(finals.map((m) => m.status));
    for (const s of ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected']) expect(statuses.has(s as Message['status'])).toBe(true);
    expect(finals.some((m) => m.reworkCount === 2)).toBe(true);
    expect(finals.every((m) => (m.reworkCount ?? 0) <= 2)).toBe(true);
    const done = finals.filter((m) => m.status === 'answered' || m.status === 'closed');
    const rated = done.filter((m) => m.satisfaction != null).length;
    expect(rated / done.length).toBeGreaterThan(0.15);
    expect(rated / done.length).toBeLessThan(0.8);
    expect(items.some(isTomb)).toBe(true);
  });

  it('the rating shows every zone: green, yellow, red, and «мало данных» for the smallest over a day', () => {
    const month = scores(final.values(), END - 30 * DAY, END + 1);
    const zones = [...month.values()].map((s) => (s.score == null ? 'none' : s.score >= 75 ? 'green' : s.score >= 50 ? 'yellow' : 'red'));
    expect(zones).toContain('green');
    expect(zones).toContain('yellow');
    expect(zones).toContain('red');
    const day = scores(final.values(), END - DAY, END + 1);
    const smallest = loadRegionGeo('kamchatka').municipalities.reduce((a, b) => (b.population < a.population ? b : a));
    expect(day.get(smallest.oktmo)?.score ?? null).toBeNull();
  });

  it('an incident is going on at the end: at least 5 open messages of one municipality and category within 24 h', () => {
    const groups = new Map<string, number>();
    for (const m of final.values()) {
      const c = Date.parse(m.createdAt);
      if (OPEN.has(m.status) && c > END - DAY && c <= END) {
        const k = `${m.municipality}|${m.category}`;
        groups.set(k, (groups.get(k) ?? 0) + 1);
      }
    }
    expect(Math.max(...groups.values())).toBeGreaterThanOrEqual(5);
    // … and it is a real incident: many messages from one spot within a few hours.
    const lastDay = [...final.values()].filter((m) => Date.parse(m.createdAt) > END - 8 * HOUR && OPEN.has(m.status));
    const bySpot = new Map<string, number>();
    for (const m of lastDay) {
      const k = `${m.municipality}|${m.category}|${m.location!.lat.toFixed(1)}|${m.location!.lon.toFixed(1)}`;
      bySpot.set(k, (bySpot.get(k) ?? 0) + 1);
    }
    expect(Math.max(...bySpot.values())).toBeGreaterThanOrEqual(10);
  });

  it('texts are Russian complaints, and a realistic share carries personal data to mask', () => {
    const texts = created.map((m) => m.text ?? '');
    expect(texts.every((t) => /[а-яё]{4,}/i.test(t))).toBe(true);
    const share = (re: RegExp) => texts.filter((t) => re.test(t)).length / texts.length;
    expect(share(/(\+7|8)[\s(-]*9\d\d/)).toBeGreaterThan(0.05); // phones
    expect(share(/@[a-z]+\.(ru|com)/)).toBeGreaterThan(0.01); // e-mails
    expect(share(/[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(вна|вич)(?![а-яё])/)).toBeGreaterThan(0.05); // full names
    expect(share(/д\. \d+, кв\. \d+/)).toBeGreaterThan(0.02); // address with flat
    expect(share(/СНИЛС \d{3}-\d{3}-\d{3} \d{2}/)).toBeGreaterThan(0.001);
    expect(share(/(вна|вич)(?![а-яё])|@|кв\. \d|СНИЛС|(\+7|8)[\s(-]*9\d\d/)).toBeLessThan(0.6); // most carry none
  });

  it('assignees are Russian authorities', () => {
    for (const m of created.slice(0, 500)) expect(m.assignee).toMatch(/^(Администрация|Министерство)/);
  });
});

describe('determinism and regions', () => {
  it('the same seed gives the same history; another seed another one', () => {
    const a = digest(generateHistory({ region: 'kamchatka', days: 3, seed: 5, end: END }).items);
    const b = digest(generateHistory({ region: 'kamchatka', days: 3, seed: 5, end: END }).items);
    const c = digest(generateHistory({ region: 'kamchatka', days: 3, seed: 6, end: END }).items);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    // Iterating one history twice replays it.
    const h = generateHistory({ region: 'kamchatka', days: 1, seed: 5, end: END });
    expect(digest(h.items)).toBe(digest(h.items));
  });

  it('the rhythm is computed in the region zone: Murmansk (+03:00) peaks at its own daytime', () => {
    const end = Date.parse('2026-11-21T12:00:00+03:00');
    const h = generateHistory({ region: 'murmansk', days: 4, seed: 2, end });
    const byUtcHour = new Array<number>(24).fill(0);
    let n = 0;
    for (const i of h.items) {
      if (isTomb(i) || i.rev !== 1) continue;
      expect(i.createdAt.endsWith('+03:00')).toBe(true);
      byUtcHour[new Date(i.createdAt).getUTCHours()]!++;
      n++;
    }
    expect(n).toBeGreaterThan(400); // 660 thousand people: about 150 a day
    // Local 02–05 is UTC 23–02; local 10–13 is UTC 07–10.
    const night = byUtcHour[23]! + byUtcHour[0]! + byUtcHour[1]! + byUtcHour[2]!;
    const day = byUtcHour[7]! + byUtcHour[8]! + byUtcHour[9]! + byUtcHour[10]!;
    expect(night * 5).toBeLessThan(day);
    // The same UTC hours are Kamchatka's afternoon and night: the opposite picture.
    const k = generateHistory({ region: 'kamchatka', days: 3, seed: 2, end }).items;
    const kh = new Array<number>(24).fill(0);
    for (const i of k) if (!isTomb(i) && i.rev === 1) kh[new Date(i.createdAt).getUTCHours()]!++;
    expect(kh[23]! + kh[0]! + kh[1]! + kh[2]!).toBeGreaterThan(kh[13]! + kh[14]! + kh[15]! + kh[16]!);
  });

  it('volumeScale multiplies the volume', () => {
    const count = (vs: number) => {
      let n = 0;
      for (const i of generateHistory({ region: 'kamchatka', days: 1, seed: 3, end: END, volumeScale: vs }).items) if (i.rev === 1) n++;
      return n;
    };
    const one = count(1);
    const three = count(3);
    expect(three / one).toBeGreaterThan(2.4);
    expect(three / one).toBeLessThan(3.6);
  });
});
