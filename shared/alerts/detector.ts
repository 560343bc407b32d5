/**
 * Early warning: the detector of emerging incidents (docs/spec/alerts.md; method in docs/alerts.md).
 *
 * Pure and isomorphic. It learns the usual flow per municipality × category ("cell"): a rate per
 * cell with hierarchical shrinkage (cell → municipality × regional share of the category →
 * region), times a rhythm of the 168 hours of the week in the region's zone. At every processed
 * message it scans the message's cell: every window ending now and starting at one of the cell's
 * free messages of the last `windowMs` (temporal test), and, for located messages, every circle of
 * `radiusKm` around one of them that holds the new message (spatial test, against the cell's
 * learned spatial spread). Each test is a quasi-Poisson upper tail; the smallest, Bonferroni-
 * corrected for the number of tests made, is compared with the false-alarm budget per arriving
 * message. A fired test raises an alert holding the test's messages; later messages of the cell
 * join it while they are near it (located) or while the cell is elevated (unlocated).
 *
 * Time: messages are processed in (createdAt, id) order; `ingest` buffers, `advance(now)` processes
 * every buffered message created at or before `now - lateMs` (a reorder window for messages that
 * arrive a little out of order). A message arriving after its instant was processed ("late") is
 * processed at the processed instant: it counts in windows by its createdAt, its alert's raisedAt
 * is the processed instant (never before its createdAt). The state after processing depends only on
 * the sequence of processed messages, so a replay of the same data gives the same alerts at the
 * same instants as the live detector whenever every message arrived within `lateMs`.
 */
import { DateTime } from 'luxon';
import { distanceKm, lnGamma, lnQuasiPoissonTail } from './stats.js';
import type { Alert, AlertState } from './schema.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** What the detector needs of a message (a NormalizedMessage fits). Instants are epoch ms. */
export interface AlertMessageInput {
  id: string;
  municipality: string;
  block: string;
  category: string;
  createdAt: number;
  lat?: number | null;
  lon?: number | null;
}

export interface DetectorOptions {
  /** IANA zone of the region: the hours of the day and days of the week are taken there. */
  timeZone: string;
  /** Reorder window: a message is processed once `now - lateMs` has reached its createdAt. */
  lateMs: number;
  /** Longest burst scanned (the contract's incidents last 1 to 6 hours). */
  windowMs: number;
  /** Shortest span a test assumes (guards against two or three messages within a minute). */
  minSpanMs: number;
  /** Messages a test needs before it may fire. */
  minCount: number;
  /** False-alarm budget of the whole region, alerts per day (the guard over every test made). */
  falseAlarmsPerDay: number;
  /** Quasi-Poisson dispersion: counts are taken in units of this many messages (clumps, people who write twice). */
  dispersion: number;

  /** Radius of the spatial test, km. */
  radiusKm: number;
  /** Half-life of the learned rates, days (seasonal subjects follow within a few half-lives). */
  rateHalfLifeDays: number;
  /** Short half-life (days) of the regional category rates whose difference from the long ones gives each category's trend. */
  trendHalfLifeDays: number;
  /** Regional messages (decayed, short half-life) at which a category's trend is taken half at face value. */
  trendPriorCount: number;
  /** Half-life of the learned rhythm of the week, days. */
  profileHalfLifeDays: number;
  /** Prior strength of a cell's rate (gamma prior around municipality × category share), in messages. */
  cellPriorCount: number;
  /** Prior strength of a municipality's rate (gamma prior around the regional mean per municipality), in messages. */
  muniPriorCount: number;
  /** Learned exposure (profile-hours) needed before anything is raised. */
  warmupHours: number;
  /**
   * Learned exposure (profile-hours) from which the false-alarm budget is whole; below it the budget
   * is cut by (exposure / matureHours)², because a young detector's rates and rhythm are uncertain.
   */
  matureHours: number;
  /** An alert with no new message for this long is fading. */
  fadeAfterMs: number;
  /** An alert with no new message for this long has ended (endedAt = last join + endAfterMs). */
  endAfterMs: number;
  /** Ended alerts stay in memory (for alertsAt / raisedIn) this long after their end. */
  keepEndedMs: number;
  /** A message is remembered (duplicates ignored) this long after its createdAt; older arrivals are ignored. */
  seenKeepMs: number;
  /** Messages an alert may hold (bounded memory); beyond it nothing joins. */
  maxMessagesPerAlert: number;
  /** Counts from which an alert is level 2 and level 3 (docs/alerts.md). */
  levelCounts: readonly [number, number];
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  timeZone: 'UTC',
  lateMs: 5 * MIN,
  windowMs: 6 * HOUR,
  minSpanMs: 30 * MIN,
  minCount: 5,
  falseAlarmsPerDay: 0.02,
  dispersion: 1.1,
  radiusKm: 1.2,

  rateHalfLifeDays: 14,
  trendHalfLifeDays: 1,
  trendPriorCount: 30,
  profileHalfLifeDays: 28,
  cellPriorCount: 3,
  muniPriorCount: 3,
  warmupHours: 72,
  matureHours: 480,
  fadeAfterMs: 2 * HOUR,
  endAfterMs: 6 * HOUR,
  keepEndedMs: 3 * DAY,
  seenKeepMs: 3 * DAY,
  maxMessagesPerAlert: 5000,
  levelCounts: [10, 25],
};

/** What changed in one `ingest`/`advance` call: for the hub's events. */
export interface DetectorChanges {
  raised: string[];
  grown: string[];
  ended: string[];
}

interface Msg {
  id: string;
  m: string;
  b: string;
  c: string;
  t: number;
  lat: number | null;
  lon: number | null;
  /** Id of the alert holding it, or null (free). */
  a: string | null;
  /** Its cell (resolved once; not serialised). */
  cell: Cell | undefined;
  /** Learned share of the cell's located flow within radiusKm of it (computed at its first use as a centre). */
  f: number | undefined;
}

interface Ring {
  pts: number[];
  pos: number;
  n: number;
}

interface Cell extends Ring {
  m: string;
  b: string;
  c: string;
  /** Decayed count (scaled, see `scale`). */
  s: number;
  /** Decayed count of its located messages. */
  sl: number;
  /** The cell's messages of the last windowMs, sorted by (t, id). */
  win: Msg[];
}

interface Muni extends Ring {
  s: number;
  sl: number;
}

interface AlertMsg {
  id: string;
  t: number;
  lat: number | null;
  lon: number | null;
  /** Instant it joined (processed instant). */
  at: number;
  /** The alert's expected count after this join. */
  exp: number;
}

interface AlertRec {
  id: string;
  m: string;
  b: string;
  c: string;
  raisedAt: number;
  endedAt: number | null;
  msgs: AlertMsg[];
}

const CELL_RING = 128;
/** Pseudo-points of the municipality's spatial spread in a cell's circle share (a cell's own ring is sparse and noisy). */
const CELL_SPREAD_PRIOR = 16;
const MUNI_RING = 1024;

/**
 * A bucket index over a ring's points (not serialised: rebuilt from the points on first use), so that
 * a circle's hits read the 3 × 3 buckets around it instead of every point. Buckets are squares of
 * `g` km in a projection at the ring's first latitude; a query is exact (the same test as the full
 * scan) whenever the circle's radius is at most g / 1.5 and the latitudes' cosines differ less than 1.5×.
 */
interface RingGrid {
  kx: number;
  g: number;
  b: Map<number, number[]>;
}
const grids = new WeakMap<Ring, RingGrid>();
const GRID_MIN_POINTS = 128;

function gridKey(gr: RingGrid, lat: number, lon: number): number {
  return Math.floor((lat * KM_LAT) / gr.g) * 100_000 + Math.floor((lon * gr.kx) / gr.g);
}

function gridAdd(gr: RingGrid, key: number, slot: number): void {
  const list = gr.b.get(key);
  if (list) list.push(slot);
  else gr.b.set(key, [slot]);
}

function gridOf(r: Ring, km: number): RingGrid | null {
  let gr = grids.get(r);
  if (gr) return gr.g >= 1.5 * km ? gr : null;
  if (r.pts.length < GRID_MIN_POINTS * 2) return null;
  gr = { kx: KM_LON * Math.cos(r.pts[0]! * RAD), g: 1.5 * km, b: new Map() };
  for (let i = 0; i < r.pts.length; i += 2) gridAdd(gr, gridKey(gr, r.pts[i]!, r.pts[i + 1]!), i >> 1);
  grids.set(r, gr);
  return gr;
}

function ringPush(r: Ring, size: number, lat: number, lon: number): void {
  const gr = grids.get(r);
  let slot: number;
  if (r.pts.length < size * 2) {
    slot = r.pts.length >> 1;
    r.pts.push(lat, lon);
  } else {
    slot = r.pos;
    if (gr) {
      const list = gr.b.get(gridKey(gr, r.pts[slot * 2]!, r.pts[slot * 2 + 1]!));
      const at = list ? list.indexOf(slot) : -1;
      if (list && at >= 0) {
        list[at] = list[list.length - 1]!;
        list.pop();
      }
    }
    r.pts[slot * 2] = lat;
    r.pts[slot * 2 + 1] = lon;
  }
  if (gr) gridAdd(gr, gridKey(gr, lat, lon), slot);
  r.pos = (r.pos + 1) % size;
  r.n = Math.min(size, r.n + 1);
}

/** Points of a ring within `km` of a point (equirectangular at the point's latitude: one cosine, no roots). */
function ringHits(r: Ring, lat: number, lon: number, km: number): number {
  const kx = KM_LON * Math.cos(lat * RAD);
  const r2 = km * km;
  const pts = r.pts;
  let h = 0;
  const gr = gridOf(r, km);
  if (gr && gr.kx < 1.5 * kx && kx < 1.5 * gr.kx) {
    const qy = Math.floor((lat * KM_LAT) / gr.g);
    const qx = Math.floor((lon * gr.kx) / gr.g);
    for (let by = qy - 1; by <= qy + 1; by++)
      for (let bx = qx - 1; bx <= qx + 1; bx++) {
        const list = gr.b.get(by * 100_000 + bx);
        if (!list) continue;
        for (const slot of list) {
          const dy = (pts[slot * 2]! - lat) * KM_LAT;
          const dx = (pts[slot * 2 + 1]! - lon) * kx;
          if (dx * dx + dy * dy <= r2) h++;
        }
      }
    return h;
  }
  for (let i = 0; i < pts.length; i += 2) {
    const dy = (pts[i]! - lat) * KM_LAT;
    const dx = (pts[i + 1]! - lon) * kx;
    if (dx * dx + dy * dy <= r2) h++;
  }
  return h;
}

const RAD = Math.PI / 180;
const KM_LAT = 110.574;
const KM_LON = 111.32;

const byTimeId = (a: { t: number; id: string }, b: { t: number; id: string }): number =>
  a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const iso = (ms: number): string => new Date(ms).toISOString();
const sig6 = (v: number): number => (v === 0 ? 0 : Number(v.toPrecision(6)));

export interface DetectorSnapshot {
  v: 1;
  opts: DetectorOptions;
  processedTo: number;
  lastNow: number;
  t0: number;
  t0p: number;
  E: number;
  sTot: number;
  /** Trend state (absent in older snapshots): short-half-life exposure, exposure-weighted time sums, category counts. */
  t0s?: number;
  Es?: number;
  ETl?: number;
  ETs?: number;
  catsS?: [string, number][];
  prof: number[];
  /** Decayed hours lived per hour of the week, in `prof`'s units (absent in older snapshots). */
  occ?: number[];
  profH: number[];
  lastTick: number;
  munis: [string, number, number[], number, number, number][];
  cats: [string, number][];
  cells: [string, string, string, number, number[], number, number, number][];
  fifo: [string, string, string, string, number, number | null, number | null, string | null, number | null][];
  pending: [string, string, string, string, number, number | null, number | null][];
  seen: [string, number][];
  alerts: AlertRec[];
  /** 2: `f` in `fifo` is the share of the located flow in the circle (older snapshots: of the whole flow; not restored). */
  fv?: 2;
}

export interface Detector {
  readonly options: Readonly<DetectorOptions>;
  /** Buffers messages (any order; duplicates by id ignored) and, with `now`, processes as `advance(now)`. */
  ingest(messages: Iterable<AlertMessageInput>, now?: number): DetectorChanges;
  /** Moves time on: processes buffered messages created at or before `now - lateMs`; ends quiet alerts. */
  advance(now: number): DetectorChanges;
  /** The instant up to which messages are processed. */
  processedTo(): number;
  /** Alerts active at `t` (raised at or before `t`, not ended), each as it stood at `t`, by raisedAt then id. */
  alertsAt(t: number): Alert[];
  /** Alerts raised in [from, to), each as it stood at `to`, by raisedAt then id. */
  raisedIn(from: number, to: number): Alert[];
  /** One alert as it stands at `t` (default: the processed instant), or null when unknown or not yet raised. */
  alert(id: string, t?: number): Alert | null;
  snapshot(): DetectorSnapshot;
}

/** Diagnostics (the bench's analysis of misses): every scan's best tail and its threshold, natural logs. */
export interface DetectorHooks {
  onScan?(scan: { id: string; municipality: string; category: string; t: number; lnBest: number; lnThreshold: number; tests: number; family: string }): void;
  /** Receives a probe: the usual count of a cell over [a, b] as learned now (null for an unknown cell). */
  probe?(expected: (municipality: string, category: string, a: number, b: number) => number | null): void;
}

export function createDetector(opts: Partial<DetectorOptions> = {}, from?: DetectorSnapshot, hooks: DetectorHooks = {}): Detector {
  // A snapshot of an older method (no `fv: 2`) keeps its zone and windows, not its method's
  // parameters: the rates it learned go on under today's budget and dispersion.
  const kept: Partial<DetectorOptions> =
    from && from.fv !== 2
      ? (({ timeZone, lateMs, keepEndedMs, seenKeepMs, maxMessagesPerAlert, levelCounts }) => ({ timeZone, lateMs, keepEndedMs, seenKeepMs, maxMessagesPerAlert, levelCounts }))(from.opts)
      : (from?.opts ?? {});
  const o: DetectorOptions = { ...DEFAULT_DETECTOR_OPTIONS, ...kept, ...opts };
  const halfR = o.rateHalfLifeDays * DAY;
  const halfP = o.profileHalfLifeDays * DAY;
  const halfS = o.trendHalfLifeDays * DAY;

  let processedTo = -Infinity;
  let lastNow = -Infinity;
  // Decayed sums are kept scaled by 2^((t - t0)/half): adding needs no decay of the others, and the
  // rate ratios (count / exposure, same half-life) do not depend on the scale.
  let t0 = 0;
  let t0p = 0;
  let E = 0;
  let sTot = 0;
  // trend: the same sums with a short half-life (scaled from t0s), and exposure-weighted times (days from t0 / t0s)
  let t0s = 0;
  let Es = 0;
  let ETl = 0;
  let ETs = 0;
  const catsS = new Map<string, number>();
  let prof = new Array<number>(168).fill(0);
  let occ = new Array<number>(168).fill(0);
  let profH = new Array<number>(168).fill(1);
  let lastTick = -Infinity;
  const munis = new Map<string, Muni>();
  const cats = new Map<string, number>();
  const cells: Cell[] = [];
  const cellIndex = new Map<string, Map<string, Cell>>();
  let fifo: Msg[] = [];
  let fifoHead = 0;
  let pending: Msg[] = [];
  let pendingSorted = true;
  const seen = new Map<string, number>();
  // ids in arrival order, for forgetting them
  let seenQ: { id: string; t: number }[] = [];
  let seenHead = 0;
  const active: AlertRec[] = [];
  const ended: AlertRec[] = [];
  const byId = new Map<string, AlertRec>();
  const binCache = new Map<number, number>();

  const scaleR = (t: number) => Math.pow(2, (t - t0) / halfR);
  const scaleP = (t: number) => Math.pow(2, (t - t0p) / halfP);
  const scaleS = (t: number) => Math.pow(2, (t - t0s) / halfS);

  /** Zone offset (minutes) per UTC day when it holds the whole day (else NaN: hour by hour). */
  const dayOffset = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const d = DateTime.fromMillis(ms, { zone: o.timeZone });
    return d.isValid ? d.offset : 0;
  };

  /** Hour of the week (0 = Monday 00:00–01:00) in the region's zone. */
  function binOf(t: number): number {
    const h = Math.floor(t / HOUR);
    let b = binCache.get(h);
    if (b === undefined) {
      const day = Math.floor(h / 24);
      let off = dayOffset.get(day);
      if (off === undefined) {
        const a = offsetAt(day * DAY);
        off = a === offsetAt(day * DAY + DAY - 1) ? a : NaN;
        if (dayOffset.size > 4000) dayOffset.clear();
        dayOffset.set(day, off);
      }
      if (Number.isNaN(off)) off = offsetAt(h * HOUR);
      const local = h + Math.floor(off / 60);
      // 1970-01-01 was a Thursday (3 days after a Monday)
      b = (((Math.floor(local / 24) + 3) % 7) + 7) % 7 * 24 + (((local % 24) + 24) % 24);
      if (binCache.size > 20_000) binCache.clear();
      binCache.set(h, b);
    }
    return b;
  }

  /** ∫ profile over [a, b], in profile-hours. */
  function profileHours(a: number, b: number): number {
    let s = 0;
    let x = a;
    while (x < b) {
      const next = Math.min(b, (Math.floor(x / HOUR) + 1) * HOUR);
      s += ((next - x) / HOUR) * profH[binOf(x)]!;
      x = next;
    }
    return s;
  }

  /**
   * The rhythm from the counts per hour of the week against the hours lived in each (`occ`): a
   * history that does not cover whole weeks (a cache of a few days, the first week of a detector,
   * a start in mid-week, a day of which only the night is lived yet) would otherwise read the
   * hours not lived as quiet ones. Hour of the day: its count over its hours lived. Day of the
   * week: its count against what its lived hours give at their hours of the day (shrunk toward
   * «as any day» by a prior of 5 messages; a day not lived is as any day). An hour of the week not
   * lived takes hour-of-day × day-of-week alone; a lived one is shrunk half way toward it; plus a
   * 3 % flat floor; normalised to mean 1. With whole weeks lived (equal `occ`) this is the plain
   * count profile.
   */
  function recomputeProfile(): void {
    const hodN = new Array<number>(24).fill(0);
    const hodO = new Array<number>(24).fill(0);
    let totN = 0;
    let totO = 0;
    for (let i = 0; i < 168; i++) {
      hodN[i % 24]! += prof[i]!;
      hodO[i % 24]! += occ[i]!;
      totN += prof[i]!;
      totO += occ[i]!;
    }
    if (totN <= 0 || totO <= 0) {
      profH = new Array<number>(168).fill(1);
      return;
    }
    const mean = totN / totO;
    const hr = hodN.map((n, h) => (hodO[h]! > 0 ? n / hodO[h]! : mean));
    // the prior in messages of now (counts are in units of scaleP)
    const prior = 5 * (Number.isFinite(lastTick) ? scaleP(lastTick) : 1);
    const dr = new Array<number>(7);
    for (let d = 0; d < 7; d++) {
      let n = 0;
      let e = 0;
      for (let h = 0; h < 24; h++) {
        n += prof[d * 24 + h]!;
        e += occ[d * 24 + h]! * hr[h]!;
      }
      dr[d] = e > 0 ? (n + prior) / (e + prior) : 1;
    }
    const s = new Array<number>(168);
    let sum = 0;
    for (let i = 0; i < 168; i++) {
      const prod = hr[i % 24]! * dr[Math.floor(i / 24)]!;
      const own = occ[i]! > 0 ? (prof[i]! / occ[i]! + prod) / 2 : prod;
      s[i] = own + 0.03 * mean;
      sum += s[i]!;
    }
    profH = s.map((v) => (v * 168) / sum);
  }

  function rebase(t: number): void {
    if ((t - t0) / halfR > 200) {
      const f = 1 / scaleR(t);
      ETl = f * (ETl - ((t - t0) / DAY) * E);
      E *= f;
      sTot *= f;
      for (const mu of munis.values()) {
        mu.s *= f;
        mu.sl *= f;
      }
      for (const [k, v] of cats) cats.set(k, v * f);
      for (const c of cells) {
        c.s *= f;
        c.sl *= f;
      }
      t0 = t;
    }
    if ((t - t0s) / halfS > 200) {
      const f = 1 / scaleS(t);
      ETs = f * (ETs - ((t - t0s) / DAY) * Es);
      Es *= f;
      for (const [k, v] of catsS) catsS.set(k, v * f);
      t0s = t;
    }
    if ((t - t0p) / halfP > 200) {
      const f = 1 / scaleP(t);
      prof = prof.map((v) => v * f);
      occ = occ.map((v) => v * f);
      t0p = t;
    }
  }

  function cellOf(m: Msg): Cell {
    if (m.cell) return m.cell;
    let inMuni = cellIndex.get(m.m);
    if (!inMuni) {
      inMuni = new Map();
      cellIndex.set(m.m, inMuni);
    }
    let c = inMuni.get(m.c);
    if (!c) {
      c = { m: m.m, b: m.b, c: m.c, s: 0, sl: 0, win: [], pts: [], pos: 0, n: 0 };
      inMuni.set(m.c, c);
      cells.push(c);
    }
    m.cell = c;
    return c;
  }

  function muniOf(id: string): Muni {
    let mu = munis.get(id);
    if (!mu) {
      mu = { s: 0, sl: 0, pts: [], pos: 0, n: 0 };
      munis.set(id, mu);
    }
    return mu;
  }

  /** A message leaves the scanned window: it enters the usual flow unless an alert holds it. */
  function admit(m: Msg): void {
    const cell = cellOf(m);
    const i = cell.win.indexOf(m);
    if (i >= 0) cell.win.splice(i, 1);
    if (m.a !== null) return;
    const w = scaleR(m.t);
    cell.s += w;
    sTot += w;
    const mu = muniOf(m.m);
    mu.s += w;
    cats.set(m.c, (cats.get(m.c) ?? 0) + w);
    catsS.set(m.c, (catsS.get(m.c) ?? 0) + scaleS(m.t));
    prof[binOf(m.t)]! += scaleP(m.t);
    if (m.lat !== null && m.lon !== null) {
      cell.sl += w;
      mu.sl += w;
      ringPush(cell, CELL_RING, m.lat, m.lon);
      ringPush(mu, MUNI_RING, m.lat, m.lon);
    }
  }

  function admitBefore(x: number): void {
    while (fifoHead < fifo.length && fifo[fifoHead]!.t < x) admit(fifo[fifoHead++]!);
    if (fifoHead > 1024 && fifoHead * 2 > fifo.length) {
      fifo = fifo.slice(fifoHead);
      fifoHead = 0;
    }
  }

  /**
   * Forgets ids created before `cutoff`. The map is in arrival order, which is createdAt order up to
   * the reorder window: it stops at the first id still kept (a late one is forgotten a little later).
   */
  function pruneSeen(cutoff: number): void {
    while (seenHead < seenQ.length && seenQ[seenHead]!.t < cutoff) seen.delete(seenQ[seenHead++]!.id);
    if (seenHead > 4096 && seenHead * 2 > seenQ.length) {
      seenQ = seenQ.slice(seenHead);
      seenHead = 0;
    }
  }

  /** Baseline up to `x` (= processed instant - windowMs): admissions and hourly exposure ticks, in time order. */
  function rollBaseline(x: number): void {
    if (lastTick === -Infinity) {
      if (fifoHead < fifo.length) lastTick = Math.floor(fifo[fifoHead]!.t / HOUR) * HOUR;
      else return;
      t0 = lastTick;
      t0p = lastTick;
      t0s = lastTick;
    }
    while (lastTick + HOUR <= x) {
      const b = lastTick + HOUR;
      admitBefore(b);
      rebase(b);
      const p = profH[binOf(lastTick)]!;
      const mid = lastTick + HOUR / 2;
      occ[binOf(lastTick)]! += scaleP(mid);
      E += p * scaleR(lastTick);
      ETl += p * scaleR(lastTick) * ((mid - t0) / DAY);
      Es += p * scaleS(lastTick);
      ETs += p * scaleS(lastTick) * ((mid - t0s) / DAY);
      recomputeProfile();
      lastTick = b;
      if (seen.size > 0 && b % HOUR === 0) pruneSeen(b - o.seenKeepMs);
    }
    admitBefore(x);
  }

  function exposureHours(t: number): number {
    return E / scaleR(t);
  }

  /**
   * The category's trend at t: a factor on its learned rate. A decayed mean lags behind a rising or
   * falling subject by the exposure-weighted age of what it learned (days, not hours, for a half-life
   * of two weeks); two means of different half-lives lag differently, and the line through them
   * (Brown's double smoothing, written through each mean's exposure-weighted instant) gives the rate
   * now. Taken from the region's flow of the category (seasons are the region's, and a cell alone is
   * too sparse for a slope), shrunk toward no trend for sparse categories, bounded to [½, 2].
   */
  function trendOf(cat: string, t: number): number {
    const sl = cats.get(cat) ?? 0;
    const ss = catsS.get(cat) ?? 0;
    if (E <= 0 || Es <= 0 || sl <= 0 || ss <= 0) return 1;
    const tl = t0 + (ETl / E) * DAY;
    const ts = t0s + (ETs / Es) * DAY;
    if (ts - tl < DAY) return 1;
    const rl = sl / E;
    const rs = ss / Es;
    const now = rs + ((rs - rl) / (ts - tl)) * (t - ts);
    const n = ss / scaleS(t);
    const g = 1 + (now / rl - 1) * (n / (n + o.trendPriorCount));
    return Math.max(0.5, Math.min(2, g));
  }

  /** Learned usual rate of a cell, messages per profile-hour, at t (its category's trend included). */
  function cellRate(cell: Cell, t: number): number {
    const sc = scaleR(t);
    const nM = Math.max(1, munis.size);
    const regionRate = E > 0 ? sTot / E : 0;
    const mu = munis.get(cell.m);
    // gamma priors worth a few messages: a busy place earns its own rate within days, a quiet one
    // borrows from its municipality and from the region's share of the category
    const muniPrior = regionRate / nM;
    const am = o.muniPriorCount * sc;
    const muniRate = muniPrior > 0 ? ((mu?.s ?? 0) + am) / (E + am / muniPrior) : 0;
    const nC = Math.max(1, cats.size);
    const share = ((cats.get(cell.c) ?? 0) + 0.5 * sc) / (sTot + 0.5 * nC * sc);
    const prior = muniRate * share;
    const ac = o.cellPriorCount * sc;
    const rate = prior > 0 ? (cell.s + ac) / (E + ac / prior) : 0;
    return rate * trendOf(cell.c, t);
  }

  function arrivalsPerDay(): number {
    return Math.max(1, E > 0 ? (sTot / E) * 24 : 1);
  }

  /**
   * Learned share of the cell's whole flow that is located within radiusKm of a point: the share of
   * located messages (cell shrunk to municipality, then to ½) times the share of the located ones
   * within the circle (cell's ring shrunk to the municipality's ring, then to 0.3).
   */
  /** Share of the cell's flow that is located: the cell's, shrunk to its municipality's, then to ½. */
  function locatedShare(cell: Cell): number {
    const mu = munis.get(cell.m);
    const sc = scaleR(processedTo);
    const lm = mu ? (mu.sl + 2 * sc * 0.5) / (mu.s + 2 * sc) : 0.5;
    return (cell.sl + 8 * sc * lm) / (cell.s + 8 * sc);
  }

  /** Share of the cell's located flow within radiusKm of a point: its ring shrunk to the municipality's, then to 0.3. */
  function circleShare(cell: Cell, lat: number, lon: number): number {
    const mu = munis.get(cell.m);
    const f0 = 0.3;
    const fm = mu ? (ringHits(mu, lat, lon, o.radiusKm) + 2 * f0) / (mu.n + 2) : f0;
    return Math.min(1, (ringHits(cell, lat, lon, o.radiusKm) + CELL_SPREAD_PRIOR * fm) / (cell.n + CELL_SPREAD_PRIOR));
  }

  function levelOf(count: number): 1 | 2 | 3 {
    return count >= o.levelCounts[1] ? 3 : count >= o.levelCounts[0] ? 2 : 1;
  }

  function alertExpected(cell: Cell, first: number, last: number, t: number): number {
    return sig6(cellRate(cell, t) * profileHours(first, Math.max(last, first + HOUR)));
  }

  function centerOf(msgs: readonly { lat: number | null; lon: number | null }[]): { lat: number; lon: number; r: number } | null {
    let n = 0;
    let la = 0;
    let lo = 0;
    for (const m of msgs)
      if (m.lat !== null && m.lon !== null) {
        n++;
        la += m.lat;
        lo += m.lon;
      }
    if (n === 0) return null;
    la /= n;
    lo /= n;
    let r = 0;
    for (const m of msgs) if (m.lat !== null && m.lon !== null) r = Math.max(r, distanceKm(la, lo, m.lat, m.lon));
    return { lat: la, lon: lo, r };
  }

  /** Whether the cell (or, with `near`, its circle around `near`) is above its usual flow over the last 3 hours. */
  function elevated(cell: Cell, t: number, near?: Msg): boolean {
    const span = 3 * HOUR;
    let n = 0;
    for (const m of cell.win)
      if (m.t > t - span && m.t <= t && (!near || (m.lat !== null && m.lon !== null && distanceKm(near.lat!, near.lon!, m.lat, m.lon) <= o.radiusKm)))
        n++;
    let mu = cellRate(cell, t) * profileHours(t - span, t);
    if (near) {
      near.f ??= circleShare(cell, near.lat!, near.lon!);
      mu *= Math.max(0.002, Math.min(1, locatedShare(cell) * near.f));
    }
    return n >= mu + 2 * Math.sqrt(mu) + 1;
  }

  function tryJoin(x: Msg, cell: Cell, tau: number, ch: DetectorChanges): boolean {
    for (const a of active) {
      if (a.m !== x.m || a.c !== x.c || a.msgs.length >= o.maxMessagesPerAlert) continue;
      const c = centerOf(a.msgs);
      let ok: boolean;
      if (x.lat !== null && x.lon !== null && c)
        ok = distanceKm(c.lat, c.lon, x.lat, x.lon) <= Math.max(2 * o.radiusKm, c.r + 0.3) && elevated(cell, tau, x);
      else ok = elevated(cell, tau);
      if (!ok) continue;
      x.a = a.id;
      const first = a.msgs[0]!.t;
      const exp = alertExpected(cell, Math.min(first, x.t), Math.max(a.msgs[a.msgs.length - 1]!.t, x.t), tau);
      const am: AlertMsg = { id: x.id, t: x.t, lat: x.lat, lon: x.lon, at: tau, exp };
      let j = a.msgs.length;
      while (j > 0 && byTimeId(a.msgs[j - 1]!, am) > 0) j--;
      a.msgs.splice(j, 0, am);
      lastJoin.set(a, tau);
      if (!ch.grown.includes(a.id) && !ch.raised.includes(a.id)) ch.grown.push(a.id);
      return true;
    }
    return false;
  }

  // Cumulative profile over hourly bins around the scanned window, rebuilt when the hour or the
  // profile changes: H(s) = ∫ profile over [s, tau] in O(1), with no allocation per scan.
  let cumBase = NaN;
  let cumProf: number[] | null = null;
  const cumAt: number[] = [];
  const cumRate: number[] = [];
  function prepareCum(tau: number): void {
    const base = (Math.floor(tau / HOUR) - Math.ceil(o.windowMs / HOUR) - 2) * HOUR;
    if (base === cumBase && cumProf === profH) return;
    cumBase = base;
    cumProf = profH;
    const bins = Math.ceil(o.windowMs / HOUR) + 4;
    let c = 0;
    for (let j = 0; j < bins; j++) {
      const r = profH[binOf(base + j * HOUR)]!;
      cumAt[j] = c;
      cumRate[j] = r;
      c += r;
    }
    cumAt.length = bins;
    cumRate.length = bins;
  }
  const lnGammaTable: number[] = [];
  /** ln of the first term of the tail's series: a lower bound of ln P((n−1)/φ, μ/φ). */
  function lowerBound(n: number, mu: number): number {
    const a = (n - 1) / o.dispersion;
    const x = mu / o.dispersion;
    let g = lnGammaTable[n];
    if (g === undefined) {
      g = lnGamma(a + 1);
      lnGammaTable[n] = g;
    }
    return -x + a * Math.log(x) - g;
  }

  // Scratch buffers of a scan (reused: a scan allocates nothing unless it raises).
  const F: Msg[] = [];
  let PX = new Float64Array(64);
  let PY = new Float64Array(64);
  let LOC = new Uint8Array(64);
  let HJ = new Float64Array(64);
  let NB = new Int32Array(64);
  let NI = new Int32Array(64);
  // families: kind (0 temporal, 1 spatial, 2 space-time), centre index (−1: none), share of the flow, size
  const famKind: number[] = [];
  const famC: number[] = [];
  const famFrac: number[] = [];
  const famN: number[] = [];
  const KIND = ['t', 's', 'x'];
  const r2 = o.radiusKm * o.radiusKm;
  const near2 = 4 * r2;
  /** Whether free messages i and j of the scan lie within √lim2 km (a boolean: no number is boxed). */
  function within(i: number, j: number, lim2: number): boolean {
    const dx = PX[i]! - PX[j]!;
    const dy = PY[i]! - PY[j]!;
    return dx * dx + dy * dy <= lim2;
  }
  /** Whether free message j of the scan belongs to family f. */
  function inFam(f: number, j: number): boolean {
    const c = famC[f]!;
    switch (famKind[f]) {
      case 0:
        return c < 0 || !LOC[j] || within(c, j, near2);
      case 1:
        return LOC[j] === 1 && within(c, j, r2);
      default:
        return !LOC[j] || within(c, j, r2);
    }
  }

  // what one part of a scan leaves for the next
  let sXi = -1;
  let sNLoc = 0;
  let sBestF = -1;
  let sBestJ = -1;

  /**
   * The scan of x's cell at tau, in parts small enough for the JIT to keep optimised (a rare path,
   * such as raising an alert, must not throw the whole scan back to the interpreter).
   */
  function scan(x: Msg, cell: Cell, tau: number, ch: DetectorChanges): void {
    if (exposureHours(tau) < o.warmupHours) return;
    const k = gatherFree(x, cell, tau);
    if (k < o.minCount) return;
    const young = Math.min(1, exposureHours(tau) / o.matureHours);
    const loosest = Math.log(o.falseAlarmsPerDay / arrivalsPerDay()) + 2 * Math.log(young);
    buildFamilies(x, cell, k, loosest);
    // Bonferroni over every test made (every start of every family with at least minCount from it)
    let tests = 0;
    for (let f = 0; f < famN.length; f++) if (famN[f]! >= o.minCount) tests += famN[f]! - o.minCount + 1;
    if (tests === 0) return;
    const threshold = loosest - Math.log(tests);
    if (bestTest(x, cell, tau, k, tests, threshold)) raiseAlert(x, cell, tau, k, ch);
  }

  /** The cell's free messages of the window into F, their projected places and usual counts from each to tau. */
  function gatherFree(x: Msg, cell: Cell, tau: number): number {
    const lo = tau - o.windowMs;
    F.length = 0;
    for (const m of cell.win) if (m.a === null && m.t >= lo && m.t <= tau) F.push(m);
    const k = F.length;
    if (k < o.minCount) return 0;
    const rate = cellRate(cell, tau);
    prepareCum(tau);
    // projected coordinates (km, equirectangular at one latitude: the scan spans a few kilometres)
    if (PX.length < k) {
      PX = new Float64Array(k * 2);
      PY = new Float64Array(k * 2);
      LOC = new Uint8Array(k * 2);
      HJ = new Float64Array(k * 2);
      NB = new Int32Array(k * 2);
      NI = new Int32Array(k * 2);
    }
    // the usual count from each free message's instant to now (at least minSpanMs)
    {
      const jt = Math.floor((tau - cumBase) / HOUR);
      const ct = cumAt[jt]! + ((tau - cumBase - jt * HOUR) / HOUR) * cumRate[jt]!;
      for (let j = 0; j < k; j++) {
        const st = tau - Math.max(tau - F[j]!.t, o.minSpanMs);
        const js = Math.floor((st - cumBase) / HOUR);
        HJ[j] = rate * (js < 0 || jt >= cumAt.length ? profileHours(st, tau) : ct - (cumAt[js]! + ((st - cumBase - js * HOUR) / HOUR) * cumRate[js]!));
      }
    }
    const xLoc = x.lat !== null && x.lon !== null;
    let refLat = NaN;
    let refLon = 0;
    let nLoc = 0;
    let xi = -1;
    for (let i = 0; i < k; i++) {
      const m = F[i]!;
      if (m === x) xi = i;
      if (m.lat === null || m.lon === null) {
        LOC[i] = 0;
        continue;
      }
      if (Number.isNaN(refLat)) {
        refLat = xLoc ? x.lat! : m.lat;
        refLon = xLoc ? x.lon! : m.lon;
      }
      LOC[i] = 1;
      nLoc++;
    }
    const kx = KM_LON * Math.cos(refLat * RAD);
    for (let i = 0; i < k; i++)
      if (LOC[i]) {
        PY[i] = (F[i]!.lat! - refLat) * KM_LAT;
        PX[i] = (F[i]!.lon! - refLon) * kx;
      }
    sXi = xi;
    sNLoc = nLoc;
    return k;
  }

  /** The families of tests of a scan (famKind, famC, famFrac, famN). */
  function buildFamilies(x: Msg, cell: Cell, k: number, loosest: number): void {
    // Families of tests: a set of the cell's free messages (in time order) and the share of the
    // cell's usual flow that such a set gathers; every start of a family is one test.
    const xLoc = x.lat !== null && x.lon !== null;
    const xi = sXi;
    const nLoc = sNLoc;
    const xIn = xLoc && xi >= 0;
    famKind.length = 0;
    famC.length = 0;
    famFrac.length = 0;
    famN.length = 0;
    // Temporal: the cell's free messages, less the located ones far (> 2 radii) from the densest
    // spot among those near x (an incident's located messages lie around one spot), against the
    // whole cell's usual count (conservative: the far ones are left out of N, not of μ).
    // neighbours of every located message within 2 radii (NB) and within a radius (NI), self
    // included: one pass over the pairs
    for (let i = 0; i < k; i++) {
      NB[i] = LOC[i]!;
      NI[i] = LOC[i]!;
    }
    for (let i = 0; i < k; i++) {
      if (!LOC[i]) continue;
      const xi0 = PX[i]!;
      const yi0 = PY[i]!;
      for (let j = i + 1; j < k; j++) {
        if (!LOC[j]) continue;
        const dx = xi0 - PX[j]!;
        const dy = yi0 - PY[j]!;
        const dd = dx * dx + dy * dy;
        if (dd <= near2) {
          NB[i]!++;
          NB[j]!++;
          if (dd <= r2) {
            NI[i]!++;
            NI[j]!++;
          }
        }
      }
    }
    let spot = -1;
    let spotN = -1;
    for (let i = 0; i < k; i++) {
      if (!LOC[i] || (xIn && !within(i, xi, near2))) continue;
      const nb = NB[i]!;
      if (nb >= spotN) {
        spotN = nb;
        spot = i;
      }
    }
    famKind.push(0);
    famC.push(spot);
    famFrac.push(1);
    famN.push(spot < 0 ? k : k - nLoc + spotN);
    const nUnloc = k - nLoc;
    if (nLoc > 0) {
      const ls = locatedShare(cell);
      for (let c = 0; c < k; c++) {
        if (!LOC[c] || (xIn && !within(c, xi, r2))) continue;
        const nIn = NI[c]!;
        if (nIn + nUnloc < o.minCount) continue;
        const cm = F[c]!;
        // spatial (x located): the located messages of the circle, against its share of the flow
        if (xLoc && nIn >= o.minCount) {
          cm.f ??= circleShare(cell, cm.lat!, cm.lon!);
          famKind.push(1);
          famC.push(c);
          famFrac.push(Math.max(0.002, ls * cm.f));
          famN.push(nIn);
        }
        // space-time with the unlocated: the circle's located messages and every unlocated one (an
        // incident's unlocated messages could lie anywhere, so they are all in), against the
        // unlocated share plus the circle's share of the located. Its share is at least the
        // unlocated one: when even that cannot give a test below the loosest threshold, the circle's
        // share is not looked up (the family still counts in the Bonferroni total; NaN: skipped).
        if (nUnloc > 0) {
          const n = nIn + nUnloc;
          let frac = NaN;
          if (hooks.onScan || lowerBound(n, HJ[k - o.minCount]! * (1 - ls)) <= loosest) {
            cm.f ??= circleShare(cell, cm.lat!, cm.lon!);
            frac = Math.min(1, 1 - ls + ls * cm.f);
          }
          famKind.push(2);
          famC.push(c);
          famFrac.push(frac);
          famN.push(n);
        }
      }
    }
  }

  /** The best test that can fire (sBestF, sBestJ): whether there is one. */
  function bestTest(x: Msg, cell: Cell, tau: number, k: number, tests: number, threshold: number): boolean {
    // a test whose lower bound is above the threshold cannot fire: its tail is not computed
    let best = Infinity;
    let bestF = -1;
    let bestJ = -1;
    let lb = Infinity;
    let lbDesc = '';
    // every test of a family holds at most famN messages over at least the span from its latest
    // possible start: when even that test's lower bound is above the threshold, the family is skipped
    const muFloor = HJ[k - o.minCount]!;
    for (let f = 0; f < famN.length; f++) {
      let n = famN[f]!;
      if (n < o.minCount || Number.isNaN(famFrac[f]!) || (!hooks.onScan && lowerBound(n, muFloor * famFrac[f]!) > threshold)) continue;
      for (let j = 0; j < k && n >= o.minCount; j++) {
        if (!inFam(f, j)) continue;
        const mu = HJ[j]! * famFrac[f]!;
        if (hooks.onScan) {
          const lp = lnQuasiPoissonTail(n - 1, mu, o.dispersion);
          if (lp < lb) {
            lb = lp;
            lbDesc = `${KIND[famKind[f]!]} n=${n} mu=${mu.toFixed(2)}`;
          }
        }
        if (lowerBound(n, mu) <= threshold) {
          const lp = lnQuasiPoissonTail(n - 1, mu, o.dispersion);
          if (lp < best) {
            best = lp;
            bestF = f;
            bestJ = j;
          }
        }
        n--;
      }
    }
    hooks.onScan?.({ id: x.id, municipality: cell.m, category: cell.c, t: tau, lnBest: lb, lnThreshold: threshold, tests, family: lbDesc });
    sBestF = bestF;
    sBestJ = bestJ;
    return bestF >= 0 && best <= threshold;
  }

  /** Raises the alert of the best test (sBestF from sBestJ on), tipped by x. */
  function raiseAlert(x: Msg, cell: Cell, tau: number, k: number, ch: DetectorChanges): void {
    const bestSet: Msg[] = [];
    for (let j = sBestJ; j < k; j++) if (inFam(sBestF, j)) bestSet.push(F[j]!);
    const id = `al-${x.id}`;
    const exp = alertExpected(cell, bestSet[0]!.t, bestSet[bestSet.length - 1]!.t, tau);
    const rec: AlertRec = {
      id,
      m: cell.m,
      b: cell.b,
      c: cell.c,
      raisedAt: tau,
      endedAt: null,
      msgs: bestSet.map((m) => ({ id: m.id, t: m.t, lat: m.lat, lon: m.lon, at: tau, exp })),
    };
    for (const m of bestSet) m.a = id;
    active.push(rec);
    byId.set(id, rec);
    ch.raised.push(id);
  }

  /** The instant of an alert's latest join (kept, so that ending quiet alerts does not re-read their messages). */
  const lastJoin = new WeakMap<AlertRec, number>();
  function lastJoinOf(a: AlertRec): number {
    let mx = lastJoin.get(a);
    if (mx === undefined) {
      mx = a.raisedAt;
      for (const m of a.msgs) if (m.at > mx) mx = m.at;
      lastJoin.set(a, mx);
    }
    return mx;
  }

  function closeQuiet(tau: number, ch: DetectorChanges): void {
    for (let i = active.length - 1; i >= 0; i--) {
      const a = active[i]!;
      const lj = lastJoinOf(a);
      if (lj + o.endAfterMs <= tau) {
        a.endedAt = lj + o.endAfterMs;
        active.splice(i, 1);
        ended.push(a);
        ch.ended.push(a.id);
      }
    }
    while (ended.length > 0 && ended[0]!.endedAt! + o.keepEndedMs < tau) byId.delete(ended.shift()!.id);
  }

  function processOne(x: Msg, ch: DetectorChanges): void {
    const tau = Math.max(x.t, processedTo);
    processedTo = tau;
    rollBaseline(tau - o.windowMs);
    closeQuiet(tau, ch);
    const cell = cellOf(x);
    // keep the window sorted by (t, id): a late message goes to its place
    let j = cell.win.length;
    while (j > 0 && byTimeId(cell.win[j - 1]!, x) > 0) j--;
    if (j === cell.win.length) cell.win.push(x);
    else cell.win.splice(j, 0, x);
    fifo.push(x);
    muniOf(x.m);
    if (!tryJoin(x, cell, tau, ch)) scan(x, cell, tau, ch);
  }

  function toMsg(m: AlertMessageInput): Msg | null {
    if (typeof m?.id !== 'string' || !Number.isFinite(m.createdAt)) return null;
    const located = typeof m.lat === 'number' && typeof m.lon === 'number' && Number.isFinite(m.lat) && Number.isFinite(m.lon);
    return {
      id: m.id,
      m: m.municipality,
      b: m.block,
      c: m.category,
      t: m.createdAt,
      lat: located ? m.lat! : null,
      lon: located ? m.lon! : null,
      a: null,
      cell: undefined,
      f: undefined,
    };
  }

  /** Processes the buffered messages created at or before `horizon` (a loop of its own: it stays optimised). */
  function processPending(horizon: number, ch: DetectorChanges): void {
    let i = 0;
    while (i < pending.length && pending[i]!.t <= horizon) processOne(pending[i++]!, ch);
    if (i > 0) pending = pending.slice(i);
  }

  function advance(now: number): DetectorChanges {
    const ch: DetectorChanges = { raised: [], grown: [], ended: [] };
    if (now > lastNow) lastNow = now;
    const horizon = lastNow - o.lateMs;
    if (!pendingSorted) {
      pending.sort(byTimeId);
      pendingSorted = true;
    }
    processPending(horizon, ch);
    if (horizon > processedTo) {
      processedTo = horizon;
      rollBaseline(horizon - o.windowMs);
      closeQuiet(horizon, ch);
    }
    return ch;
  }

  function ingest(messages: Iterable<AlertMessageInput>, now?: number): DetectorChanges {
    for (const raw of messages) {
      const m = toMsg(raw);
      if (!m || seen.has(m.id)) continue;
      if (processedTo !== -Infinity && m.t < processedTo - o.seenKeepMs) continue;
      seen.set(m.id, m.t);
      seenQ.push({ id: m.id, t: m.t });
      if (pending.length > 0 && byTimeId(pending[pending.length - 1]!, m) > 0) pendingSorted = false;
      pending.push(m);
    }
    return advance(now ?? lastNow);
  }

  function view(a: AlertRec, t: number): Alert | null {
    if (a.raisedAt > t) return null;
    const msgs = a.msgs.filter((m) => m.at <= t);
    if (msgs.length === 0) return null;
    let lastJoin = a.raisedAt;
    let exp = 0;
    let expAt = -Infinity;
    for (const m of msgs) {
      if (m.at > lastJoin) lastJoin = m.at;
      if (m.at >= expAt) {
        expAt = m.at;
        exp = m.exp;
      }
    }
    const endAt = lastJoin + o.endAfterMs;
    const isEnded = t >= endAt;
    let state: AlertState;
    if (isEnded) state = 'ended';
    else {
      let recent = 0;
      let before = 0;
      for (const m of msgs) {
        if (m.t > t - HOUR && m.t <= t) recent++;
        else if (m.t > t - 2 * HOUR && m.t <= t - HOUR) before++;
      }
      const quiet = t - lastJoin;
      if (quiet < HOUR && recent > 0 && recent >= before) state = 'growing';
      else if (quiet < o.fadeAfterMs) state = 'steady';
      else state = 'fading';
    }
    const c = centerOf(msgs);
    return {
      id: a.id,
      municipality: a.m,
      block: a.b,
      category: a.c,
      messageIds: msgs.map((m) => m.id),
      count: msgs.length,
      expected: exp,
      firstAt: iso(msgs[0]!.t),
      raisedAt: iso(a.raisedAt),
      lastAt: iso(msgs[msgs.length - 1]!.t),
      endedAt: isEnded ? iso(endAt) : null,
      state,
      level: levelOf(msgs.length),
      center: c ? { lat: sig6(c.lat), lon: sig6(c.lon) } : null,
      radiusKm: c ? sig6(c.r) : null,
    };
  }

  const allRecs = (): AlertRec[] =>
    [...ended, ...active].sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  hooks.probe?.((m, c, a, b) => {
    const cell = cellIndex.get(m)?.get(c);
    return cell ? cellRate(cell, processedTo) * profileHours(a, b) : null;
  });

  if (from) {
    processedTo = from.processedTo ?? -Infinity;
    lastNow = from.lastNow ?? -Infinity;
    t0 = from.t0;
    t0p = from.t0p;
    E = from.E;
    sTot = from.sTot;
    t0s = from.t0s ?? from.t0;
    Es = from.Es ?? 0;
    ETl = from.ETl ?? 0;
    ETs = from.ETs ?? 0;
    for (const [c, v] of from.catsS ?? []) catsS.set(c, v);
    prof = [...from.prof];
    // an older snapshot has no hours lived: take the steady state of a long history, the same in
    // every hour of the week (its profile then reads as it did: the plain count profile)
    occ = from.occ?.length === 168 ? [...from.occ] : new Array<number>(168).fill(halfP / (7 * DAY * Math.LN2) * Math.pow(2, ((from.lastTick ?? from.t0p) - from.t0p) / halfP));
    profH = [...from.profH];
    lastTick = from.lastTick ?? -Infinity;
    for (const [id, s, pts, pos, n, sl] of from.munis) munis.set(id, { s, sl, pts: [...pts], pos, n });
    for (const [c, s] of from.cats) cats.set(c, s);
    for (const [m, b, c, s, pts, pos, n, sl] of from.cells) {
      const cell = cellOf({ id: '', m, b, c, t: 0, lat: null, lon: null, a: null, cell: undefined, f: undefined });
      Object.assign(cell, { s, sl, pts: [...pts], pos, n });
    }
    for (const [id, m, b, c, t, lat, lon, a, f] of from.fifo) {
      const msg: Msg = { id, m, b, c, t, lat, lon, a, cell: undefined, f: f !== null && f !== undefined && from.fv === 2 ? f : undefined };
      fifo.push(msg);
      cellOf(msg).win.push(msg);
    }
    for (const cell of cells) cell.win.sort(byTimeId);
    for (const [id, m, b, c, t, lat, lon] of from.pending) pending.push({ id, m, b, c, t, lat, lon, a: null, cell: undefined, f: undefined });
    pending.sort(byTimeId);
    for (const [id, t] of from.seen) {
      seen.set(id, t);
      seenQ.push({ id, t });
    }
    for (const a of from.alerts) {
      const rec: AlertRec = { ...a, msgs: a.msgs.map((m) => ({ ...m })) };
      byId.set(rec.id, rec);
      (rec.endedAt === null ? active : ended).push(rec);
    }
    ended.sort((a, b) => a.endedAt! - b.endedAt!);
  }

  // JSON has no Infinity: -Infinity travels as null
  const num = (v: number): number => (Number.isFinite(v) ? v : (null as unknown as number));

  return {
    options: o,
    ingest,
    advance,
    processedTo: () => processedTo,
    alertsAt(t) {
      const out: Alert[] = [];
      for (const a of allRecs()) {
        const v = view(a, t);
        if (v && v.state !== 'ended') out.push(v);
      }
      return out;
    },
    raisedIn(fromT, to) {
      const out: Alert[] = [];
      for (const a of allRecs()) {
        if (a.raisedAt < fromT || a.raisedAt >= to) continue;
        const v = view(a, to);
        if (v) out.push(v);
      }
      return out;
    },
    alert(id, t) {
      const a = byId.get(id);
      return a ? view(a, t ?? processedTo) : null;
    },
    snapshot(): DetectorSnapshot {
      return {
        v: 1,
        opts: { ...o },
        processedTo: num(processedTo),
        lastNow: num(lastNow),
        t0,
        t0p,
        E,
        sTot,
        t0s,
        Es,
        ETl,
        ETs,
        catsS: [...catsS],
        prof: [...prof],
        occ: [...occ],
        profH: [...profH],
        lastTick: num(lastTick),
        munis: [...munis].map(([id, mu]) => [id, mu.s, [...mu.pts], mu.pos, mu.n, mu.sl]),
        cats: [...cats],
        cells: cells.map((c) => [c.m, c.b, c.c, c.s, [...c.pts], c.pos, c.n, c.sl]),
        fifo: fifo.slice(fifoHead).map((m) => [m.id, m.m, m.b, m.c, m.t, m.lat, m.lon, m.a, m.f ?? null]),
        pending: pending.map((m) => [m.id, m.m, m.b, m.c, m.t, m.lat, m.lon]),
        seen: seenQ.slice(seenHead).filter((e) => seen.has(e.id)).map((e) => [e.id, e.t] as [string, number]),
        alerts: allRecs().map((a) => ({ ...a, msgs: a.msgs.map((m) => ({ ...m })) })),
        fv: 2,
      };
    },
  };
}

/** Restores a detector from `snapshot()` (JSON round trip included); `opts` may override options. */
export function restoreDetector(snap: DetectorSnapshot, opts: Partial<DetectorOptions> = {}): Detector {
  if (snap?.v !== 1) throw new Error('снимок детектора всплесков неизвестной версии');
  const fix = (v: number | null) => (v === null ? -Infinity : v);
  return createDetector(opts, { ...snap, processedTo: fix(snap.processedTo), lastNow: fix(snap.lastNow), lastTick: fix(snap.lastTick) });
}

/**
 * Batch replay (the `alerts` command, docs/spec/alerts.md): lives through every message created at
 * or before `to` in (createdAt, id) order, learning from those before `from`, and returns every
 * alert raised in [from, to) as it stood at `to`, sorted by raisedAt then id.
 */
export function replay(
  messages: Iterable<AlertMessageInput>,
  from: number,
  to: number,
  opts: Partial<DetectorOptions> = {},
  hooks: DetectorHooks = {},
): Alert[] {
  const det = createDetector({ ...opts, lateMs: 0, keepEndedMs: Math.max(opts.keepEndedMs ?? 0, to - from + DAY) }, undefined, hooks);
  const list: AlertMessageInput[] = [];
  for (const m of messages) if (m.createdAt <= to) list.push(m);
  list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  det.ingest(list, to);
  return det.raisedIn(from, to);
}
