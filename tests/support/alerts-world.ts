/**
 * A world for judging the early-warning detector (docs/spec/alerts.md, "How detection is judged"),
 * on purpose NOT the demo's generator: its own rhythm (two daily peaks, a heavy Monday, a quiet
 * weekend), seasonal subjects (some rise, some fall over the weeks), places that always complain
 * more (per municipality × category factors and hot spots in space), chance clumps of two to
 * four messages, people who write twice, and incidents of 6–40 messages of one category in one
 * municipality within 1–6 hours (located ones within about a kilometre of one spot), with their
 * message ids known. Plus the scorer implementing the contract's judging rules.
 */
import { mulberry32, normal, poisson, type Rng } from '../../electron/hub/demo/rng.js';
import type { AlertMessageInput } from '../../shared/alerts/detector.js';
import type { Alert } from '../../shared/alerts/schema.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface WorldRegion {
  id: string;
  timeZone: string;
  /** UTC offset of the zone in hours (the world's rhythm is drawn in local time). */
  offsetH: number;
  municipalities: number;
  /** Mean messages a day. */
  perDay: number;
  /** Centre of the region. */
  lat: number;
  lon: number;
}

export const WORLD_REGIONS: readonly WorldRegion[] = [
  { id: 'north', timeZone: 'Europe/Moscow', offsetH: 3, municipalities: 18, perDay: 140, lat: 68.9, lon: 33.1 },
  { id: 'east', timeZone: 'Asia/Kamchatka', offsetH: 12, municipalities: 14, perDay: 320, lat: 53.0, lon: 158.6 },
  { id: 'volga', timeZone: 'Europe/Samara', offsetH: 4, municipalities: 36, perDay: 650, lat: 53.2, lon: 50.1 },
];

export interface Incident {
  region: string;
  municipality: string;
  category: string;
  messageIds: string[];
  firstAt: number;
  lastAt: number;
  /** createdAt of the fifth message (the delay is measured from it). */
  fifthAt: number;
}

export interface World {
  region: WorldRegion;
  messages: AlertMessageInput[];
  incidents: Incident[];
  start: number;
  /** Incidents and scoring start here (before: learning only). */
  scoredFrom: number;
  end: number;
}

const BLOCKS = ['housing', 'waste', 'energy', 'education', 'health', 'roads', 'transport', 'social', 'urban'];
// local hour-of-day weights: a morning peak at 10, an evening peak at 20, deep night
const HOD = [0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.8, 1.2, 1.6, 1.8, 1.5, 1.2, 1.3, 1.4, 1.3, 1.2, 1.3, 1.5, 1.8, 1.9, 1.4, 0.8, 0.35];
// Monday heavy, weekend quiet (0 = Monday)
const DOW = [1.35, 1.15, 1.05, 1.0, 0.95, 0.6, 0.55];

function pickWeighted(r: Rng, w: readonly number[], total?: number): number {
  let x = r() * (total ?? w.reduce((a, b) => a + b, 0));
  for (let i = 0; i < w.length; i++) {
    x -= w[i]!;
    if (x <= 0) return i;
  }
  return w.length - 1;
}

interface Muni {
  id: string;
  lat: number;
  lon: number;
  radiusKm: number;
  weight: number;
  hot: { lat: number; lon: number }[];
  catFactor: number[];
}

const kmToLat = (km: number) => km / 110.574;
const kmToLon = (km: number, lat: number) => km / (111.32 * Math.cos((lat * Math.PI) / 180));

export function generateWorld(region: WorldRegion, seed: number, opts: { learnDays?: number; scoredDays?: number; incidentsPerDay?: number } = {}): World {
  const r = mulberry32(seed);
  const learnDays = opts.learnDays ?? 14;
  const scoredDays = opts.scoredDays ?? 42;
  const start = Date.parse('2026-09-07T00:00:00Z') - region.offsetH * HOUR; // a Monday, local midnight
  const scoredFrom = start + learnDays * DAY;
  const end = scoredFrom + scoredDays * DAY;

  const categories: { id: string; block: string; weight: number; season: (d: number) => number }[] = [];
  for (const b of BLOCKS) {
    const n = 2 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      const kind = r();
      const amp = 0.3 + r() * 0.5;
      const phase = r() * 2 * Math.PI;
      const total = learnDays + scoredDays;
      const season =
        kind < 0.25
          ? (d: number) => 0.5 + (1.5 * d) / total // rising (the heating season)
          : kind < 0.4
            ? (d: number) => 1.6 - (1.1 * d) / total // falling (summer subjects)
            : kind < 0.6
              ? (d: number) => 1 + amp * Math.sin((2 * Math.PI * d) / 30 + phase)
              : () => 1;
      categories.push({ id: `${b}.k${i}`, block: b, weight: Math.exp(normal(r) * 0.9), season });
    }
  }
  const munis: Muni[] = [];
  for (let i = 0; i < region.municipalities; i++) {
    const weight = i === 0 ? region.municipalities * 0.5 : 1 / Math.pow(i, 0.9);
    const lat = region.lat + (r() - 0.5) * 4;
    const lon = region.lon + (r() - 0.5) * 8;
    const radiusKm = 2 + 10 * Math.sqrt(weight / region.municipalities);
    const hot = Array.from({ length: 3 }, () => ({
      lat: lat + kmToLat(normal(r) * radiusKm * 0.5),
      lon: lon + kmToLon(normal(r) * radiusKm * 0.5, lat),
    }));
    munis.push({ id: `${region.id}-m${String(i).padStart(2, '0')}`, lat, lon, radiusKm, weight, hot, catFactor: categories.map(() => Math.exp(normal(r) * 0.8)) });
  }
  const muniW = munis.map((m) => m.weight);
  const muniTot = muniW.reduce((a, b) => a + b, 0);

  type Raw = { t: number; m: number; c: number; lat: number | null; lon: number | null; inc: number };
  const raw: Raw[] = [];
  const place = (m: Muni): { lat: number | null; lon: number | null } => {
    if (r() > 0.65) return { lat: null, lon: null };
    if (r() < 0.3) {
      const h = m.hot[Math.floor(r() * m.hot.length)]!;
      return { lat: h.lat + kmToLat(normal(r) * 0.35), lon: h.lon + kmToLon(normal(r) * 0.35, h.lat) };
    }
    return { lat: m.lat + kmToLat(normal(r) * m.radiusKm * 0.6), lon: m.lon + kmToLon(normal(r) * m.radiusKm * 0.6, m.lat) };
  };
  const catWeights = (m: Muni, day: number) => categories.map((c, i) => c.weight * c.season(day) * m.catFactor[i]!);
  const meanHod = HOD.reduce((a, b) => a + b, 0) / 24;
  const meanDow = DOW.reduce((a, b) => a + b, 0) / 7;

  // the ordinary flow, hour by hour
  for (let h = start; h < end; h += HOUR) {
    const local = (h - start) / HOUR;
    const hod = HOD[local % 24]! / meanHod;
    const dow = DOW[Math.floor(local / 24) % 7]! / meanDow;
    const n = poisson(r, (region.perDay / 24) * hod * dow);
    const day = (h - start) / DAY;
    for (let k = 0; k < n; k++) {
      const mi = pickWeighted(r, muniW, muniTot);
      const m = munis[mi]!;
      const ci = pickWeighted(r, catWeights(m, day));
      const p = place(m);
      const t = h + Math.floor(r() * HOUR);
      raw.push({ t, m: mi, c: ci, ...p, inc: -1 });
      // people who write twice: the same place, minutes to hours later
      if (r() < 0.08) {
        const dt = Math.floor(5 * MIN + r() * r() * 12 * HOUR);
        raw.push({
          t: t + dt,
          m: mi,
          c: ci,
          lat: p.lat === null ? null : p.lat + kmToLat(normal(r) * 0.03),
          lon: p.lon === null || p.lat === null ? null : p.lon + kmToLon(normal(r) * 0.03, p.lat),
          inc: -1,
        });
      }
    }
  }
  // chance clumps: two to four messages of one cell within one to three hours, near one spot
  const clumps = poisson(r, 2.5 * (learnDays + scoredDays));
  for (let k = 0; k < clumps; k++) {
    const mi = pickWeighted(r, muniW, muniTot);
    const m = munis[mi]!;
    const t0 = start + Math.floor(r() * (end - start - 3 * HOUR));
    const ci = pickWeighted(r, catWeights(m, (t0 - start) / DAY));
    const spot = { lat: m.lat + kmToLat(normal(r) * m.radiusKm * 0.5), lon: m.lon + kmToLon(normal(r) * m.radiusKm * 0.5, m.lat) };
    const n = 2 + Math.floor(r() * 3);
    const span = HOUR + r() * 2 * HOUR;
    for (let j = 0; j < n; j++) {
      const loc = r() < 0.65;
      raw.push({
        t: t0 + Math.floor(r() * span),
        m: mi,
        c: ci,
        lat: loc ? spot.lat + kmToLat(normal(r) * 0.3) : null,
        lon: loc ? spot.lon + kmToLon(normal(r) * 0.3, spot.lat) : null,
        inc: -1,
      });
    }
  }
  // incidents
  const incDefs: { m: number; c: number }[] = [];
  const nInc = Math.round((opts.incidentsPerDay ?? 0.75) * scoredDays);
  for (let k = 0; k < nInc; k++) {
    // a third in the busiest place, the rest spread over the region; categories from the place's mix or uniform
    const mi = r() < 0.33 ? 0 : pickWeighted(r, muniW.map((w) => Math.sqrt(w)));
    const m = munis[mi]!;
    const t0 = scoredFrom + Math.floor(r() * (end - scoredFrom - 7 * HOUR));
    const ci = r() < 0.5 ? pickWeighted(r, catWeights(m, (t0 - start) / DAY)) : Math.floor(r() * categories.length);
    const size = Math.round(6 * Math.pow(40 / 6, r()));
    const span = HOUR + r() * 5 * HOUR;
    const spot = { lat: m.lat + kmToLat(normal(r) * m.radiusKm * 0.5), lon: m.lon + kmToLon(normal(r) * m.radiusKm * 0.5, m.lat) };
    const located = 0.4 + r() * 0.5;
    incDefs.push({ m: mi, c: ci });
    const times = Array.from({ length: size }, () => t0 + Math.floor(r() * span)).sort((a, b) => a - b);
    for (const t of times) {
      const loc = r() < located;
      let dx = 0;
      let dy = 0;
      do {
        dx = normal(r) * 0.45;
        dy = normal(r) * 0.45;
      } while (dx * dx + dy * dy > 1);
      raw.push({ t, m: mi, c: ci, lat: loc ? spot.lat + kmToLat(dy) : null, lon: loc ? spot.lon + kmToLon(dx, spot.lat) : null, inc: k });
    }
  }
  raw.sort((a, b) => a.t - b.t);
  const messages: AlertMessageInput[] = [];
  const incidents: Incident[] = incDefs.map((d) => ({
    region: region.id,
    municipality: munis[d.m]!.id,
    category: categories[d.c]!.id,
    messageIds: [],
    firstAt: Infinity,
    lastAt: -Infinity,
    fifthAt: 0,
  }));
  raw.forEach((x, i) => {
    if (x.t >= end) return;
    const id = `${region.id}-${String(i).padStart(7, '0')}`;
    const c = categories[x.c]!;
    messages.push({ id, municipality: munis[x.m]!.id, block: c.block, category: c.id, createdAt: x.t, lat: x.lat, lon: x.lon });
    if (x.inc >= 0) {
      const inc = incidents[x.inc]!;
      inc.messageIds.push(id);
      inc.firstAt = Math.min(inc.firstAt, x.t);
      inc.lastAt = Math.max(inc.lastAt, x.t);
      if (inc.messageIds.length === 5) inc.fifthAt = x.t;
    }
  });
  return { region, messages, incidents, start, scoredFrom, end };
}

export interface Score {
  incidents: number;
  found: number;
  /** Found with a delay of at most 60 minutes. */
  foundInTime: number;
  /** Delays (minutes) of the found incidents, from their fifth message (negative: before it). */
  delaysMin: number[];
  alerts: number;
  falseAlarms: number;
  split: number;
  regionDays: number;
  missed: Incident[];
  falseAlarmAlerts: Alert[];
}

/**
 * The judging rules of docs/spec/alerts.md: an alert finds an incident when at least 3 of its
 * messageIds are the incident's and they are at least half of its messages created within the
 * incident's span; delay = raisedAt − createdAt of the incident's fifth message (the earliest
 * finding alert); a false alarm finds no incident; a found incident is split when more than one
 * alert holds at least 3 of its messages.
 */
export function scoreAlerts(alerts: readonly Alert[], incidents: readonly Incident[], createdAt: ReadonlyMap<string, number>, regionDays: number): Score {
  const incOf = new Map<string, number>();
  incidents.forEach((inc, i) => inc.messageIds.forEach((id) => incOf.set(id, i)));
  const findsAny = new Array<boolean>(alerts.length).fill(false);
  const delays: number[] = [];
  let found = 0;
  let inTime = 0;
  let split = 0;
  const missed: Incident[] = [];
  incidents.forEach((inc, i) => {
    let best = Infinity;
    let holders = 0;
    alerts.forEach((a, ai) => {
      const mine = a.messageIds.filter((id) => incOf.get(id) === i).length;
      if (mine >= 3) holders++;
      if (mine < 3) return;
      const within = a.messageIds.filter((id) => {
        const t = createdAt.get(id)!;
        return t >= inc.firstAt && t <= inc.lastAt;
      }).length;
      if (mine * 2 < within) return;
      findsAny[ai] = true;
      best = Math.min(best, Date.parse(a.raisedAt));
    });
    if (best === Infinity) {
      missed.push(inc);
      return;
    }
    found++;
    const d = (best - inc.fifthAt) / MIN;
    delays.push(d);
    if (d <= 60) inTime++;
    if (holders > 1) split++;
  });
  const falseAlarmAlerts = alerts.filter((_, i) => !findsAny[i]);
  return {
    incidents: incidents.length,
    found,
    foundInTime: inTime,
    delaysMin: delays,
    alerts: alerts.length,
    falseAlarms: falseAlarmAlerts.length,
    split,
    regionDays,
    missed,
    falseAlarmAlerts,
  };
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export function mergeScores(list: readonly Score[]): Score {
  return list.reduce((a, b) => ({
    incidents: a.incidents + b.incidents,
    found: a.found + b.found,
    foundInTime: a.foundInTime + b.foundInTime,
    delaysMin: [...a.delaysMin, ...b.delaysMin],
    alerts: a.alerts + b.alerts,
    falseAlarms: a.falseAlarms + b.falseAlarms,
    split: a.split + b.split,
    regionDays: a.regionDays + b.regionDays,
    missed: [...a.missed, ...b.missed],
    falseAlarmAlerts: [...a.falseAlarmAlerts, ...b.falseAlarmAlerts],
  }));
}
