/**
 * The demo region's state at the start: municipal models (answer quality tiers so the rating
 * shows every zone, activity per resident, the remote one with too few data), the seasonal
 * category, channel and municipality pickers, the region's clock, an empty pending future.
 */
import { REGIONS } from '../../../../shared/regions.js';
import { loadRegionGeo } from '../../geo/regions.js';
import { CATEGORIES, CHANNELS, RATE_PER_1000_PER_DAY, STREETS_CAPITAL, STREETS_COMMON } from '../catalog.js';
import { hashSeed, mulberry32, WeightedPicker } from '../rng.js';
import { zoneClock } from './calendar.js';
import { lerp, type DemoState, type DemoStateOptions, type MuniModel, type QualityTier, type Rec } from './model.js';
import { BucketQueue } from './queue.js';

export function createDemoState(opts: DemoStateOptions): DemoState {
  const { region, seed } = opts;
  const volumeScale = opts.volumeScale ?? 1;
  if (!(volumeScale > 0)) throw new Error('volumeScale должен быть положительным');
  const info = REGIONS[region];
  const geo = loadRegionGeo(region);
  const { offsetMs, fmt, localHour } = zoneClock(info.timezone);

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
    // about one mass incident a week in Kamchatka, three in Perm (the live feed adds demonstration ones)
    incidentsPerDay: 0.15 * Math.sqrt(geo.population / 300_000),
    nextSeq: 1,
    fmt,
    localHour,
    _: {
      queue: new BucketQueue<Rec>(),
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
      liveIncidentsPerDay: null,
      incidentsStarted: 0,
    },
  };
}

/** Expected regular messages over `days` days (no incidents): for summaries and sizing. */
export function expectedMessages(st: DemoState, days: number): number {
  return st.dailyRate * days;
}
