/**
 * The demonstration region as a running simulation. One state object holds the region's model
 * (municipalities with their activity and answer quality, seasonal category weights, channels) and
 * the pending future changes of every open message (a time-ordered heap). `liveStep` advances it
 * over a span of time and returns the contract items of that span in log order: new messages at
 * rev 1, later changes with higher revs, a few tombstones. The history generator and the live feed
 * are the same machine: the history is simply many steps from `end - days` to `end`.
 */
import { IANAZone } from 'luxon';
import type { Message, Status, Tombstone } from '../../../shared/schema.js';
import { DAY, HOUR, MINUTE } from '../../../shared/model.js';
import { REGIONS, type RegionId, type RegionInfo } from '../../../shared/regions.js';
import { loadRegionGeo, type GeoMunicipality, type LatLon, type RegionGeo } from '../geo/regions.js';
import {
  BLOCK_MINISTRY,
  CATEGORIES,
  CHANNELS,
  DUE,
  HOUR_WEIGHTS,
  RATE_PER_1000_PER_DAY,
  REGION_GENITIVE,
  STREETS_CAPITAL,
  STREETS_COMMON,
  WEEKEND_FACTOR,
  type CategorySpec,
  type ChannelSpec,
} from './catalog.js';
import { chance, hashSeed, logNormal, mulberry32, normal, pick, poisson, randInt, WeightedPicker, type Rng } from './rng.js';
import { composeText, type Place } from './texts.js';

export type DemoItem = Message | Tombstone;
export type QualityTier = 'good' | 'mid' | 'bad';

/** A municipality as the simulation sees it. */
export interface MuniModel {
  geo: GeoMunicipality;
  /** Answer quality 0 (bad) … 1 (exemplary): speed, rework, satisfaction follow it. */
  quality: number;
  tier: QualityTier;
  /** Messages per resident relative to the regional average. */
  activity: number;
  isCapital: boolean;
  assignee: string;
  streets: readonly string[];
}

interface Rec {
  msg: Message;
  createdMs: number;
  dueMs: number;
  social: boolean;
  mm: MuniModel;
  /** Final resonance (social channels); rev 1 shows an early part of it. */
  res: Message['resonance'];
  /** For incident messages: when the cause is fixed; answers come after it. */
  fixAt: number | null;
  /**
   * The planned future, flattened triples [time, op, arg, …] in time order (compact: a month of a
   * large region keeps hundreds of thousands of these alive, so no object per change).
   */
  plan: number[];
  /** Index of the next triple; -1 while the creation itself is pending. */
  pi: number;
  /** Time of the next pending event (heap key) and a tie-breaker fixed at creation. */
  t: number;
  k: number;
}

const OP_IN_PROGRESS = 1;
const OP_REJECTED = 2;
const OP_ANSWERED = 3;
/** arg = reworkCount * 10 + satisfaction given with the return (0 = none) */
const OP_REWORK = 4;
const OP_SATISFACTION = 5;
const OP_CLOSED = 6;
const OP_DELETE = 7;

/** Min-heap of messages on (next event time, k): the pending future of the region. */
type Ev = Rec;
class EventHeap {
  private readonly a: Ev[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Ev | undefined {
    return this.a[0];
  }
  private less(x: Ev, y: Ev): boolean {
    return x.t < y.t || (x.t === y.t && x.k < y.k);
  }
  push(e: Ev): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ai = a[i]!;
      const ap = a[p]!;
      if (!this.less(ai, ap)) break;
      a[i] = ap;
      a[p] = ai;
      i = p;
    }
  }
  pop(): Ev | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        const ai = a[i]!;
        a[i] = a[m]!;
        a[m] = ai;
        i = m;
      }
    }
    return top;
  }
}

/**
 * The pending future as hourly buckets: only the hour being drained is a (small, cache-friendly)
 * heap, the rest are unsorted arrays — a month of a large region keeps its whole future pending.
 */
class BucketQueue {
  private readonly buckets = new Map<number, Ev[]>();
  private curHour = -Infinity;
  private readonly cur = new EventHeap();
  /** The earliest hour that may still hold events. */
  private nextHour = Infinity;

  push(e: Ev): void {
    const h = Math.floor(e.t / HOUR);
    if (h <= this.curHour) {
      this.cur.push(e);
      return;
    }
    let b = this.buckets.get(h);
    if (!b) this.buckets.set(h, (b = []));
    b.push(e);
    if (h < this.nextHour) this.nextHour = h;
  }

  /** Calls `fn` for every event with t < to, in (t, k) order (fn may push more). */
  drain(to: number, fn: (e: Ev) => void): void {
    const last = Math.floor((to - 1) / HOUR);
    for (;;) {
      if (this.cur.size === 0) {
        // Move to the next non-empty hour, if any before `to`.
        let h = Math.max(this.nextHour, this.curHour + 1);
        while (h <= last && !this.buckets.has(h)) h++;
        if (h > last) {
          this.nextHour = h;
          return;
        }
        this.curHour = h;
        const b = this.buckets.get(h)!;
        this.buckets.delete(h);
        for (const e of b) this.cur.push(e);
        this.nextHour = h + 1;
      }
      const top = this.cur.peek()!;
      if (top.t >= to) return;
      this.cur.pop();
      fn(top);
    }
  }
}

interface IncidentType {
  category: string;
  /** Local months (1–12) when it happens. */
  months: readonly number[];
  phrases: readonly string[];
}

/** Mass incidents: one cause, dozens of messages from one place within hours. */
export const INCIDENT_TYPES: readonly IncidentType[] = [
  { category: 'housing.heating', months: [1, 2, 3, 4, 9, 10, 11, 12], phrases: [
    'авария на теплотрассе, нет отопления в доме {addr}, в квартирах холодно',
    'после аварии на котельной нет тепла, {addr}, дети мёрзнут',
    'батареи ледяные, {addr} — вся улица без тепла, когда устранят аварию?',
    'нет отопления и горячей воды, {addr}, аварийная служба не отвечает' ] },
  { category: 'housing.water', months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], phrases: [
    'с утра нет воды во всём микрорайоне, {addr}, никто ничего не объясняет',
    'авария на водоводе — нет воды, {addr}, когда дадут?',
    'нет воды уже полдня, {addr}, подвоз воды не организован' ] },
  { category: 'energy.outage', months: [1, 2, 3, 10, 11, 12], phrases: [
    'весь район без света, {addr}, что случилось?',
    'нет электричества уже несколько часов, {addr}, не работают котлы' ] },
  { category: 'roads.pits', months: [3, 4, 5, 6, 7, 8, 9], phrases: [
    'провал асфальта на {street}, машина провалилась колесом',
    'на {street} провалилась дорога у дома {addr}, яма не огорожена' ] },
  { category: 'waste.collection', months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], phrases: [
    'регоператор сорвал вывоз, контейнеры переполнены по всей {street}',
    'мусор не вывозят уже неделю, весь квартал завален, {addr}' ] },
  { category: 'urban.flooding', months: [4, 5], phrases: [
    'затопило всю улицу талой водой, вода заходит в подвалы, {addr}',
    'двор дома {addr} под водой, людям не выйти из подъездов' ] },
  { category: 'roads.snow', months: [12, 1, 2, 3], phrases: [
    'после снегопада на {street} не чистят, автобусы не ходят',
    'нас замело, {addr}, дорогу не чистили двое суток' ] },
];

interface Incident {
  type: IncidentType;
  cat: CategorySpec;
  mm: MuniModel;
  start: number;
  spreadMs: number;
  count: number;
  fixAt: number;
  spot: LatLon;
  street: string;
  baseHouse: number;
}

export interface DemoState {
  readonly region: RegionId;
  readonly info: RegionInfo;
  readonly geo: RegionGeo;
  readonly seed: number;
  readonly volumeScale: number;
  readonly municipalities: readonly MuniModel[];
  readonly byOktmo: ReadonlyMap<string, MuniModel>;
  /** Expected messages per average day (before weekday and daily variation). */
  readonly dailyRate: number;
  /** Expected mass incidents per day. */
  readonly incidentsPerDay: number;
  /** Next number of a message id. */
  nextSeq: number;
  /** RFC 3339 in the region's zone. */
  fmt(ms: number): string;
  /** Local hour (0–23) in the region's zone. */
  localHour(ms: number): number;
  /** @internal */ readonly _: Internals;
}

interface Internals {
  queue: BucketQueue;
  evSeq: number;
  muniPicker: WeightedPicker<MuniModel>;
  catPickers: WeightedPicker<CategorySpec>[];
  channelPicker: WeightedPicker<ChannelSpec>;
  incidentChannelPicker: WeightedPicker<ChannelSpec>;
  catById: Map<string, CategorySpec>;
  channelById: Map<string, ChannelSpec>;
  offsetMs(ms: number): number;
  incidents: Incident[];
  /** Whether steps start random incidents themselves (off while a history runs on its own plan). */
  autoIncidents: boolean;
}

export interface DemoStateOptions {
  region: RegionId;
  seed: number;
  volumeScale?: number;
}

const lerp = (a: number, b: number, q: number) => a + (b - a) * q;
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const HOUR_SUM = HOUR_WEIGHTS.reduce((s, w) => s + w, 0);
/** Average day = 5 working days + 2 weekend days. */
const WEEKDAY_NORM = 7 / (5 + 2 * WEEKEND_FACTOR);

export function createDemoState(opts: DemoStateOptions): DemoState {
  const { region, seed } = opts;
  const volumeScale = opts.volumeScale ?? 1;
  if (!(volumeScale > 0)) throw new Error('volumeScale должен быть положительным');
  const info = REGIONS[region];
  const geo = loadRegionGeo(region);
  const tz = IANAZone.create(info.timezone);
  if (!tz.isValid) throw new Error(`недопустимый часовой пояс ${info.timezone}`);
  const offsets = new Map<number, number>();
  let lastKey = NaN;
  let lastOff = 0;
  const offsetMs = (ms: number): number => {
    const key = Math.floor(ms / HOUR);
    if (key === lastKey) return lastOff;
    let o = offsets.get(key);
    if (o === undefined) {
      o = tz.offset(key * HOUR) * MINUTE;
      offsets.set(key, o);
    }
    lastKey = key;
    lastOff = o;
    return o;
  };
  const suffixes = new Map<number, string>();
  const suffixOf = (off: number): string => {
    let sfx = suffixes.get(off);
    if (sfx === undefined) {
      const a = Math.abs(off) / MINUTE;
      sfx = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
      suffixes.set(off, sfx);
    }
    return sfx;
  };
  // Formatting is hot (a few timestamps per item): the "YYYY-MM-DDTHH:" prefix is cached per hour.
  let fmtKey = NaN;
  let fmtPrefix = '';
  let fmtSuffix = '';
  const fmt = (ms: number): string => {
    const sec = Math.floor(ms / 1000);
    const key = Math.floor(sec / 3600);
    if (key !== fmtKey) {
      const off = offsetMs(key * HOUR);
      fmtKey = key;
      fmtPrefix = new Date(key * HOUR + off).toISOString().slice(0, 14);
      fmtSuffix = suffixOf(off);
    }
    const inHour = sec - key * 3600;
    return fmtPrefix + TWO_DIGITS[Math.floor(inHour / 60)]! + ':' + TWO_DIGITS[inHour % 60]! + fmtSuffix;
  };
  const localHour = (ms: number) => Math.floor((((ms + offsetMs(ms)) % DAY) + DAY) % DAY / HOUR);

  // Municipal models: quality tiers so that the rating shows every zone, activity per resident.
  const smallest = geo.municipalities.reduce((a, b) => (b.population < a.population ? b : a));
  const ordered = [...geo.municipalities]
    .filter((m) => m !== smallest)
    .sort((a, b) => hashSeed(a.oktmo, seed) - hashSeed(b.oktmo, seed));
  const tierOf = new Map<string, QualityTier>();
  const forced: QualityTier[] = ['good', 'bad', 'mid', 'good', 'mid'];
  ordered.forEach((m, i) => {
    const r = mulberry32(hashSeed(m.oktmo, seed ^ 0x5bd1e995))();
    tierOf.set(m.oktmo, forced[i] ?? (r < 0.5 ? 'good' : r < 0.8 ? 'mid' : 'bad'));
  });
  const municipalities: MuniModel[] = geo.municipalities.map((m) => {
    const r = mulberry32(hashSeed(m.oktmo, seed ^ 0x27d4eb2f));
    let tier = tierOf.get(m.oktmo) ?? 'mid';
    if (tier === 'bad' && m.oktmo === info.capitalOktmo) tier = 'mid'; // the capital is never the worst
    const quality = tier === 'good' ? lerp(0.9, 0.99, r()) : tier === 'mid' ? lerp(0.55, 0.7, r()) : lerp(0.03, 0.18, r());
    const isCapital = m.oktmo === info.capitalOktmo;
    let activity = isCapital ? 1.1 : lerp(0.85, 1.15, r());
    if (m === smallest) {
      // Remote and poorly connected: a couple of messages a week, so the rating of a short
      // window shows «мало данных» for it.
      activity = Math.min(1, 0.2 / ((m.population * RATE_PER_1000_PER_DAY * volumeScale) / 1000));
    }
    return {
      geo: m,
      quality,
      tier,
      activity,
      isCapital,
      assignee: `Администрация муниципального образования «${m.name}»`,
      streets: isCapital ? (STREETS_CAPITAL[region] ?? STREETS_COMMON) : STREETS_COMMON,
    };
  });

  const muniPicker = new WeightedPicker(municipalities, municipalities.map((m) => m.geo.population * m.activity));
  const catPickers = Array.from({ length: 12 }, (_, month) => new WeightedPicker(CATEGORIES, CATEGORIES.map((c) => c.weight * c.season[month]!)));
  const channelPicker = new WeightedPicker(CHANNELS, CHANNELS.map((c) => c.share));
  const incShares: Record<string, number> = { pos: 0.35, vk: 0.28, tg: 0.1, ok: 0.1, portal: 0.05, hotline: 0.12 };
  const incidentChannelPicker = new WeightedPicker(CHANNELS, CHANNELS.map((c) => incShares[c.id] ?? 0));
  const dailyRate = municipalities.reduce((s, m) => s + (m.geo.population * m.activity * RATE_PER_1000_PER_DAY * volumeScale) / 1000, 0);

  return {
    region,
    info,
    geo,
    seed,
    volumeScale,
    municipalities,
    byOktmo: new Map(municipalities.map((m) => [m.geo.oktmo, m])),
    dailyRate,
    incidentsPerDay: 0.3 * Math.sqrt(geo.population / 300_000),
    nextSeq: 1,
    fmt,
    localHour,
    _: {
      queue: new BucketQueue(),
      evSeq: 0,
      muniPicker,
      catPickers,
      channelPicker,
      incidentChannelPicker,
      catById: new Map(CATEGORIES.map((c) => [c.id, c])),
      channelById: new Map(CHANNELS.map((c) => [c.id, c])),
      offsetMs,
      incidents: [],
      autoIncidents: true,
    },
  };
}

function regionGenitive(st: DemoState): string {
  return REGION_GENITIVE[st.region] ?? st.info.name;
}

const monthCache = new Map<number, number>();
function localMonth(st: DemoState, ms: number): number {
  const local = ms + st._.offsetMs(ms);
  const day = Math.floor(local / DAY);
  let m = monthCache.get(day);
  if (m === undefined) {
    m = new Date(day * DAY).getUTCMonth();
    monthCache.set(day, m);
  }
  return m;
}

function isWeekend(st: DemoState, ms: number): boolean {
  const day = Math.floor((ms + st._.offsetMs(ms)) / DAY);
  const wd = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return wd === 0 || wd === 6;
}

/** Day-to-day variation: a deterministic function of the seed and the local day (not of the rng stream). */
const dayFactors = new WeakMap<DemoState, Map<number, number>>();
function dayFactor(st: DemoState, ms: number): number {
  const day = Math.floor((ms + st._.offsetMs(ms)) / DAY);
  let m = dayFactors.get(st);
  if (!m) dayFactors.set(st, (m = new Map()));
  let f = m.get(day);
  if (f === undefined) {
    f = Math.exp(0.12 * normal(mulberry32(hashSeed(`d${day}`, st.seed))));
    m.set(day, f);
  }
  return f;
}

/** Expected arrivals per hour at instant `ms`. */
export function arrivalRatePerHour(st: DemoState, ms: number): number {
  const w = HOUR_WEIGHTS[st.localHour(ms)]! / HOUR_SUM;
  const wk = isWeekend(st, ms) ? WEEKEND_FACTOR * WEEKDAY_NORM : WEEKDAY_NORM;
  return st.dailyRate * w * wk * dayFactor(st, ms);
}

/** Moves an instant out of the night (20:00–08:00 local) into the next morning's working hours. */
function workHours(st: DemoState, ms: number, rng: Rng): number {
  const off = st._.offsetMs(ms);
  const local = ms + off;
  const dayStart = local - (((local % DAY) + DAY) % DAY);
  const h = (local - dayStart) / HOUR;
  if (h >= 8 && h < 20) return ms;
  const next = (h < 8 ? dayStart : dayStart + DAY) + 8 * HOUR + rng() * 2.5 * HOUR;
  return next - off;
}

function addWorkingDays(st: DemoState, ms: number, n: number): number {
  // Weekday arithmetic on the local day number (one offset lookup, not one per day).
  let wd = ((Math.floor((ms + st._.offsetMs(ms)) / DAY) + 4) % 7 + 7) % 7; // 0 = Sunday
  let days = 0;
  let left = n;
  while (left > 0) {
    days++;
    wd = (wd + 1) % 7;
    if (wd !== 0 && wd !== 6) left--;
  }
  return ms + days * DAY;
}

function dueFor(st: DemoState, channel: ChannelSpec, created: number, rng: Rng): number {
  if (channel.social) return created + DUE.socialHours * HOUR;
  switch (channel.id) {
    case 'pos':
      return chance(rng, DUE.posAppealShare) ? created + DUE.posAppealDays * DAY : addWorkingDays(st, created, DUE.posWorkingDays);
    case 'portal':
      return addWorkingDays(st, created, DUE.portalWorkingDays);
    case 'hotline':
      return created + DUE.hotlineDays * DAY;
    default:
      return created + 10 * DAY;
  }
}

function resonanceFor(rng: Rng, channel: ChannelSpec, incident: boolean): Message['resonance'] {
  if (!channel.social) return null;
  const viral = chance(rng, incident ? 0.08 : 0.02);
  const views = Math.round(viral ? logNormal(rng, 14_000, 0.8) : logNormal(rng, incident ? 700 : 80, 1.1));
  const likes = Math.round(views * (viral ? lerp(0.012, 0.04, rng()) : 0.05 * rng()));
  const reposts = Math.round(views * (viral ? lerp(0.002, 0.008, rng()) : 0.008 * rng()));
  const comments = Math.round(views * (viral ? lerp(0.004, 0.015, rng()) : 0.03 * rng()));
  return { views, likes, reposts, comments };
}

function scaleRes(r: Message['resonance'], k: number): Message['resonance'] {
  if (!r) return null;
  const s = (v: number | null | undefined) => (v == null ? v : Math.round(v * k));
  return { views: s(r.views), likes: s(r.likes), reposts: s(r.reposts), comments: s(r.comments) };
}

function enqueue(st: DemoState, rec: Rec): void {
  rec.t = rec.pi < 0 ? rec.createdMs : rec.plan[rec.pi]!;
  st._.queue.push(rec);
}

function newId(st: DemoState, channel: ChannelSpec): string {
  return `${channel.idPrefix}-${String(st.nextSeq++).padStart(7, '0')}`;
}

interface CreateOpts {
  mm?: MuniModel;
  cat?: CategorySpec;
  channel?: ChannelSpec;
  location?: LatLon;
  place?: Place;
  phrase?: string;
  fixAt?: number | null;
}

/** Creates one message at `t` (rev 1, status new), schedules its creation and its whole future. */
function createMessage(st: DemoState, t0: number, rng: Rng, o: CreateOpts = {}): Rec {
  const t = Math.floor(t0 / 1000) * 1000;
  const mm = o.mm ?? st._.muniPicker.pick(rng);
  const cat = o.cat ?? st._.catPickers[localMonth(st, t)]!.pick(rng);
  const channel = o.channel ?? st._.channelPicker.pick(rng);
  const due = Math.floor(dueFor(st, channel, t, rng) / 1000) * 1000;
  const place = o.place ?? { street: pick(rng, mm.streets), house: randInt(rng, 1, mm.isCapital ? 140 : 60) };
  const { text } = composeText(rng, cat, channel.id, st.region, place, channel.social, o.phrase);
  const location = o.location ?? st.geo.pointIn(mm.geo.oktmo, rng);
  const res = resonanceFor(rng, channel, o.fixAt != null);
  const assignee = chance(rng, cat.municipalShare) ? mm.assignee : `${BLOCK_MINISTRY[cat.block]} ${regionGenitive(st)}`;
  const msg: Message = {
    id: newId(st, channel),
    rev: 1,
    channel: channel.id,
    municipality: mm.geo.oktmo,
    location,
    block: cat.block,
    category: cat.id,
    createdAt: st.fmt(t),
    dueAt: st.fmt(due),
    firstResponseAt: null,
    answeredAt: null,
    status: 'new',
    reworkCount: 0,
    resonance: scaleRes(res, 0.35),
    satisfaction: null,
    assignee,
    text,
  };
  const rec: Rec = { msg, createdMs: t, dueMs: due, social: channel.social, mm, res, fixAt: o.fixAt ?? null, plan: [], pi: -1, t, k: st._.evSeq++ };
  planLifecycle(st, rec, 'new', t, 0, null, rng);
  enqueue(st, rec);

  // A few duplicates (the same person posting twice) that the source deletes a little later.
  if (o.fixAt == null && chance(rng, 0.004)) {
    const dt = Math.floor((t + randInt(rng, 60, 1200) * 1000) / 1000) * 1000;
    const dup: Message = { ...msg, id: newId(st, channel), createdAt: st.fmt(dt), dueAt: st.fmt(due + (dt - t)), resonance: scaleRes(res, 0.05) };
    const del = dt + Math.max(60_000, Math.floor(logNormal(rng, 3 * HOUR, 0.7) / 1000) * 1000);
    const drec: Rec = { ...rec, msg: dup, createdMs: dt, dueMs: due + (dt - t), plan: [del, OP_DELETE, 0], pi: -1, t: dt, k: st._.evSeq++ };
    enqueue(st, drec);
  }
  return rec;
}

function satisfactionFor(rng: Rng, q: number, reworked: boolean): number {
  // Probabilities of 1..5: a good answerer mostly gets 4–5, a poor one mostly 1–3.
  const good = [0.03, 0.03, 0.08, 0.26, 0.6];
  const bad = [0.38, 0.26, 0.18, 0.1, 0.08];
  let x = rng();
  for (let s = 0; s < 5; s++) {
    x -= lerp(bad[s]!, good[s]!, q);
    if (x < 0) return Math.max(1, s + 1 - (reworked && chance(rng, 0.5) ? 1 : 0));
  }
  return 5;
}

// Scratch state of planLifecycle (not re-entrant): the plan being written and its last time.
let planPlan: number[] = [];
let planT = 0;

/** Appends one planned change, strictly after the previous one, in whole seconds. */
function ev(time: number, op: number, arg = 0): number {
  let tt = Math.floor(time / 1000) * 1000;
  if (tt <= planT) tt = planT + 1000;
  planT = tt;
  planPlan.push(tt, op, arg);
  return tt;
}

/**
 * Plans the rest of a message's life from `status` at instant `at` and schedules each change
 * (strictly later than the previous one, whole seconds).
 */
function planLifecycle(
  st: DemoState,
  rec: Rec,
  from: Status,
  at: number,
  reworkCount: number,
  satisfaction: number | null,
  rng: Rng,
): void {
  const q = rec.mm.quality;
  planPlan = rec.plan;
  planT = at;
  const social = rec.social;
  let status: Status = from;
  let rework = reworkCount;
  let firstPass = true;

  if (status === 'new') {
    const median =
      rec.fixAt != null
        ? HOUR
        : social
          ? Math.exp(lerp(Math.log(5 * HOUR), Math.log(25 * MINUTE), q))
          : rec.msg.channel === 'hotline'
            ? Math.exp(lerp(Math.log(4 * HOUR), Math.log(20 * MINUTE), q))
            : Math.exp(lerp(Math.log(36 * HOUR), Math.log(3 * HOUR), q));
    let fr = planT + logNormal(rng, median, 0.7);
    if (!social || chance(rng, 0.3)) fr = workHours(st, fr, rng);
    if (rec.fixAt == null && chance(rng, 0.025)) {
      ev(fr, OP_REJECTED);
      return;
    }
    ev(fr, OP_IN_PROGRESS);
    status = 'in_progress';
  }

  while (status === 'in_progress' || status === 'rework') {
    let ans: number;
    if (status === 'in_progress') {
      if (firstPass && rec.fixAt == null && chance(rng, lerp(0.025, 0.001, q))) return; // never answered
      const span = rec.dueMs - rec.createdMs;
      ans =
        rec.fixAt != null
          ? rec.fixAt + logNormal(rng, 2 * HOUR, 0.6)
          : rec.createdMs + logNormal(rng, lerp(1.25, 0.25, q), 0.5) * span;
    } else {
      ans = planT + logNormal(rng, social ? lerp(20 * HOUR, 4 * HOUR, q) : lerp(6 * DAY, 1.5 * DAY, q), 0.5);
    }
    firstPass = false;
    ans = Math.max(ans, planT + 10 * MINUTE);
    if (!social || chance(rng, 0.3)) ans = workHours(st, ans, rng);
    const a = ev(ans, OP_ANSWERED);
    satisfaction = null;
    status = 'answered';
    const pRework = lerp(0.3, 0.03, q) * (social ? 0.5 : 1) * (rework > 0 ? 0.35 : 1);
    if (rework < 2 && chance(rng, pRework)) {
      rework++;
      const sat = chance(rng, 0.6) ? randInt(rng, 1, 2) : 0;
      ev(a + logNormal(rng, 20 * HOUR, 0.6), OP_REWORK, rework * 10 + sat);
      status = 'rework';
    }
  }

  if (status === 'answered') {
    if (satisfaction == null && chance(rng, social ? 0.2 : 0.5)) {
      const s = satisfactionFor(rng, q, rework > 0);
      ev(planT + logNormal(rng, 10 * HOUR, 0.8), OP_SATISFACTION, s);
    }
    if (chance(rng, social ? 0.8 : 0.6)) ev(planT + logNormal(rng, social ? DAY : 2.5 * DAY, 0.6), OP_CLOSED);
  }
}

/** Plans a mass incident starting at `start` (its messages are created by later steps). */
function planIncident(
  st: DemoState,
  start: number,
  rng: Rng,
  o: { mm?: MuniModel; type?: IncidentType; minCount?: number; maxSpreadMs?: number; fixAt?: number } = {},
): Incident | null {
  const month = localMonth(st, start) + 1;
  const types = INCIDENT_TYPES.filter((x) => x.months.includes(month));
  const type = o.type ?? pick(rng, types.length ? types : INCIDENT_TYPES);
  const cat = st._.catById.get(type.category);
  if (!cat) return null;
  const mm =
    o.mm ??
    new WeightedPicker(st.municipalities, st.municipalities.map((m) => Math.pow(m.geo.population, 0.8) * (m.activity < 0.5 ? 0 : 1))).pick(rng);
  const count = Math.max(
    o.minCount ?? 8,
    Math.round(logNormal(rng, 16, 0.45) * Math.pow(st.geo.population / 300_000, 0.25) * st.volumeScale),
  );
  const spreadMs = Math.min(o.maxSpreadMs ?? Infinity, lerp(2, 8, rng()) * HOUR);
  const spot = st.geo.pointIn(mm.geo.oktmo, rng);
  const inc: Incident = {
    type,
    cat,
    mm,
    start: Math.floor(start / 1000) * 1000,
    spreadMs,
    count,
    fixAt: o.fixAt ?? start + spreadMs + logNormal(rng, 12 * HOUR, 0.5),
    spot,
    street: pick(rng, mm.streets),
    baseHouse: randInt(rng, 1, 80),
  };
  st._.incidents.push(inc);
  st._.incidents.sort((a, b) => a.start - b.start);
  return inc;
}

function materializeIncident(st: DemoState, inc: Incident, rng: Rng): void {
  for (let i = 0; i < inc.count; i++) {
    // Front-loaded: most messages in the first hours.
    const u = Math.min(1, -Math.log(1 - rng() * 0.95) / 3);
    const t = inc.start + u * inc.spreadMs;
    createMessage(st, t, rng, {
      mm: inc.mm,
      cat: inc.cat,
      channel: st._.incidentChannelPicker.pick(rng),
      location: st.geo.pointNear(inc.mm.geo.oktmo, inc.spot, 0.35, rng),
      place: { street: inc.street, house: inc.baseHouse + randInt(rng, 0, 12) },
      phrase: pick(rng, inc.type.phrases),
      fixAt: inc.fixAt,
    });
  }
}

/**
 * Advances the region over [fromMs, toMs) and returns what happened, in log order: new messages
 * (rev 1 at createdAt), status changes of earlier ones (rev + 1 at the time of the change) and
 * tombstones. Changes planned for after `toMs` stay pending for the next step. Pure with respect
 * to the outside world: the reference central API server can call it without a cache.
 */
export function liveStep(state: DemoState, fromMs: number, toMs: number, rng: Rng): DemoItem[] {
  state._.autoIncidents = true;
  const out: DemoItem[] = [];
  stepInto(state, fromMs, toMs, rng, out);
  return out;
}

/** @internal one step, appending to `out` (the history generator streams through it). */
export function stepInto(st: DemoState, from: number, to: number, rng: Rng, out: DemoItem[]): void {
  if (!(to > from)) return;
  // Random mass incidents (the history pre-plans its own; live ones arise here).
  if (st._.autoIncidents) {
    const nInc = poisson(rng, (st.incidentsPerDay * (to - from)) / DAY);
    for (let i = 0; i < nInc; i++) planIncident(st, from + rng() * (to - from), rng);
  }
  const incs = st._.incidents;
  while (incs.length > 0 && incs[0]!.start < to) materializeIncident(st, incs.shift()!, rng);

  // Regular arrivals, hour by hour (rates depend on the local hour).
  let h0 = from;
  while (h0 < to) {
    const h1 = Math.min(to, (Math.floor(h0 / HOUR) + 1) * HOUR);
    const n = poisson(rng, (arrivalRatePerHour(st, h0) * (h1 - h0)) / HOUR);
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(h0 + rng() * (h1 - h0));
    times.sort((a, b) => a - b);
    for (const t of times) createMessage(st, t, rng);
    h0 = h1;
  }

  // Everything due before `to`, in time order.
  st._.queue.drain(to, (rec) => {
    if (rec.pi < 0) {
      out.push(rec.msg);
      rec.pi = 0;
    } else {
      const tt = rec.plan[rec.pi]!;
      const op = rec.plan[rec.pi + 1]!;
      const arg = rec.plan[rec.pi + 2]!;
      rec.pi += 3;
      if (op === OP_DELETE) {
        const tomb: Tombstone = { id: rec.msg.id, rev: rec.msg.rev + 1, deleted: true };
        rec.msg = { ...rec.msg, rev: tomb.rev };
        out.push(tomb);
      } else {
        rec.msg = applyOp(st, rec, tt, op, arg);
        out.push(rec.msg);
      }
    }
    if (rec.pi < rec.plan.length) enqueue(st, rec);
  });
}

function applyOp(st: DemoState, rec: Rec, tt: number, op: number, arg: number): Message {
  const m = rec.msg;
  let status = m.status;
  let firstResponseAt = m.firstResponseAt;
  let answeredAt = m.answeredAt;
  let reworkCount = m.reworkCount;
  let resonance = m.resonance;
  let satisfaction = m.satisfaction;
  switch (op) {
    case OP_IN_PROGRESS:
    case OP_REJECTED:
      status = op === OP_IN_PROGRESS ? 'in_progress' : 'rejected';
      firstResponseAt = st.fmt(tt);
      resonance = rec.res;
      break;
    case OP_ANSWERED:
      status = 'answered';
      answeredAt = st.fmt(tt);
      satisfaction = null;
      resonance = rec.res;
      break;
    case OP_REWORK:
      status = 'rework';
      reworkCount = Math.floor(arg / 10);
      satisfaction = arg % 10 || null;
      break;
    case OP_SATISFACTION:
      satisfaction = arg;
      break;
    default:
      status = 'closed';
  }
  // Every field written explicitly: one hidden class for all revisions (fast to build and read).
  return {
    id: m.id,
    rev: m.rev + 1,
    channel: m.channel,
    municipality: m.municipality,
    location: m.location,
    block: m.block,
    category: m.category,
    createdAt: m.createdAt,
    dueAt: m.dueAt,
    firstResponseAt,
    answeredAt,
    status,
    reworkCount,
    resonance,
    satisfaction,
    assignee: m.assignee,
    text: m.text,
  };
}

/** Plans the mass incidents of a history span, and one still going on at `end` (the queue's cluster). */
export function planHistoryIncidents(st: DemoState, start: number, end: number, rng: Rng): void {
  st._.autoIncidents = false;
  const n = poisson(rng, (st.incidentsPerDay * (end - start)) / DAY);
  for (let i = 0; i < n; i++) {
    // Incidents are noticed in the daytime: accept a start time by the hourly rhythm.
    let t = start + rng() * (end - start);
    for (let k = 0; k < 8 && rng() > HOUR_WEIGHTS[st.localHour(t)]! / 1.65; k++) t = start + rng() * (end - start);
    if (t < end - 12 * HOUR) planIncident(st, t, rng);
  }
  // The ongoing one: in the capital, started a few hours before `end`, not fixed yet.
  const capital = st.byOktmo.get(st.info.capitalOktmo) ?? st.municipalities[0]!;
  const month = localMonth(st, end) + 1;
  const types = INCIDENT_TYPES.filter((x) => x.months.includes(month) && x.category !== 'roads.pits');
  const startAt = end - lerp(3, 7, rng()) * HOUR;
  planIncident(st, startAt, rng, {
    mm: capital,
    type: pick(rng, types.length ? types : INCIDENT_TYPES),
    minCount: 14,
    maxSpreadMs: end - startAt - 20 * MINUTE,
    fixAt: end + lerp(6, 18, rng()) * HOUR,
  });
}

/** Numeric part of a demo id (`pos-0001234` → 1234), or 0. */
export function demoIdSeq(id: string): number {
  const m = /-(\d+)$/.exec(id);
  return m ? Number(m[1]) : 0;
}

/**
 * Continues a region from messages already held (a cache, a server's store): new ids follow the
 * highest one seen, and every open message (or answered one not yet closed) gets the rest of its
 * life planned from `now`.
 */
export function seedFromMessages(st: DemoState, messages: Iterable<Message>, now: number, rng: Rng): { open: number } {
  let open = 0;
  for (const msg of messages) {
    st.nextSeq = Math.max(st.nextSeq, demoIdSeq(msg.id) + 1);
    const mm = st.byOktmo.get(msg.municipality);
    const channel = st._.channelById.get(msg.channel);
    if (!mm || !channel) continue;
    const isOpen = msg.status === 'new' || msg.status === 'in_progress' || msg.status === 'rework';
    const recentAnswer = msg.status === 'answered' && msg.answeredAt != null && now - Date.parse(msg.answeredAt) < 7 * DAY;
    if (!isOpen && !recentAnswer) continue;
    const createdMs = Date.parse(msg.createdAt);
    const dueMs = Date.parse(msg.dueAt);
    if (Number.isNaN(createdMs) || Number.isNaN(dueMs)) continue;
    const rec: Rec = { msg, createdMs, dueMs, social: channel.social, mm, res: msg.resonance ?? null, fixAt: null, plan: [], pi: 0, t: now, k: st._.evSeq++ };
    if (isOpen) open++;
    planLifecycle(st, rec, msg.status, Math.max(now, createdMs), msg.reworkCount ?? 0, msg.satisfaction ?? null, rng);
    if (rec.plan.length > 0) enqueue(st, rec);
  }
  return { open };
}

/** Expected regular messages over `days` days (no incidents): for summaries and sizing. */
export function expectedMessages(st: DemoState, days: number): number {
  return st.dailyRate * days;
}
