/**
 * The bundled municipal boundaries (assets/geo/<region>.geojson, see assets/geo/SOURCES.md) as the
 * hub uses them: the region outline, the municipalities with OKTMO, name, type, population and
 * polygon, and a fast sampler of points inside a municipality that clusters them around populated
 * places (so a heat map looks like towns, not uniform noise).
 *
 * The files have documented gaps; they are filled here, once, and listed in GEO_DATA_FIXES so the
 * about-screen can show every figure that does not come straight from the source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { REGIONS, type RegionId, type RegionInfo } from '../../../shared/regions.js';
import { buildPolygonIndex, ringAreaCentroid, type BBox, type PolygonIndex } from './polygon.js';
import { hashSeed, mulberry32, normal, WeightedPicker, type Rng } from '../demo/rng.js';

export type { BBox } from './polygon.js';

/** One figure or code that is not taken verbatim from the GeoJSON file. */
export interface GeoDataFix {
  region: RegionId;
  oktmo: string;
  name: string;
  field: 'oktmo' | 'population' | 'type';
  value: string | number;
  /** Russian, shown on the about-screen. */
  note: string;
}

/**
 * Every gap of SOURCES.md ("Gaps", "Population") and how it is filled.
 *
 * - Perm, two polygons without a 2019 OKTMO code ("Краснокамский район", "Чайковский район"):
 *   SOURCES.md matches them to 57720000 Краснокамский городской округ (67,055 on 01.01.2023) and
 *   57735000 Чайковский городской округ (94,467); the files already carry these populations.
 * - Kamchatka, Вилючинский ЗАТО (30735000): БД ПМО has no row. Камчатстат's regional total on
 *   01.01.2023 is 288,730, the 13 other units add up to 266,896, so Вилючинский = 21,834.
 * - Perm, three pairs of 2020 polygons merged by 2023 (БД ПМО has only the merged figure). The
 *   merged 2023 figure is split in proportion to the separate 1 January 2022 values of SOURCES.md:
 *     Губахинский МО 44,174 = Гремячинский 9,823 : Губаха 35,114 (2022) → 9,656 + 34,518;
 *     Кудымкарский МО 50,499 = district 22,079 : town 28,505 (2022) → 22,042 + 28,457.
 *   For Кунгурский МО 103,834 the 2022 figure is already merged; the split is an estimate: the town
 *   of Кунгур holds about 61 % (about 63 thousand people at the 2021 census) → town 63,339,
 *   district 40,495.
 */
export const GEO_DATA_FIXES: readonly GeoDataFix[] = [
  { region: 'perm', oktmo: '57720000', name: 'Краснокамский городской округ', field: 'oktmo', value: '57720000',
    note: 'Полигон «Краснокамский район» без кода ОКТМО 2019 г.: сопоставлен с Краснокамским городским округом (57720000), население 67 055 (01.01.2023).' },
  { region: 'perm', oktmo: '57735000', name: 'Чайковский городской округ', field: 'oktmo', value: '57735000',
    note: 'Полигон «Чайковский район» без кода ОКТМО 2019 г.: сопоставлен с Чайковским городским округом (57735000), население 94 467 (01.01.2023).' },
  { region: 'kamchatka', oktmo: '30735000', name: 'Вилючинский ЗАТО', field: 'population', value: 21834,
    note: 'В БД ПМО нет строки по Вилючинску: 288 730 (итог Камчатстата на 01.01.2023) − 266 896 (сумма 13 остальных МО) = 21 834.' },
  { region: 'perm', oktmo: '57715000', name: 'Гремячинский', field: 'population', value: 9656,
    note: 'Губахинский МО (44 174 на 01.01.2023) разделён пропорционально данным на 01.01.2022: Гремячинский 9 823, Губаха 35 114.' },
  { region: 'perm', oktmo: '57717000', name: 'город Губаха', field: 'population', value: 34518,
    note: 'Губахинский МО (44 174 на 01.01.2023) разделён пропорционально данным на 01.01.2022: Гремячинский 9 823, Губаха 35 114.' },
  { region: 'perm', oktmo: '57821000', name: 'Кудымкарский муниципальный район', field: 'population', value: 22042,
    note: 'Кудымкарский МО (50 499 на 01.01.2023) разделён пропорционально данным на 01.01.2022: район 22 079, город 28 505.' },
  { region: 'perm', oktmo: '57851000', name: 'город Кудымкар', field: 'population', value: 28457,
    note: 'Кудымкарский МО (50 499 на 01.01.2023) разделён пропорционально данным на 01.01.2022: район 22 079, город 28 505.' },
  { region: 'perm', oktmo: '57630000', name: 'Кунгурский муниципальный район', field: 'population', value: 40495,
    note: 'Кунгурский МО (103 834 на 01.01.2023) разделён по оценке: около 61 % в городе Кунгуре (около 63 тыс. по переписи 2021 г.), остальное — район.' },
  { region: 'perm', oktmo: '57722000', name: 'город Кунгур', field: 'population', value: 63339,
    note: 'Кунгурский МО (103 834 на 01.01.2023) разделён по оценке: около 61 % в городе Кунгуре (около 63 тыс. по переписи 2021 г.), остальное — район.' },
];

/** name_osm of a polygon without OKTMO → the code SOURCES.md assigns. */
const OKTMO_BY_OSM_NAME: Readonly<Record<string, { oktmo: string; name: string }>> = {
  'Краснокамский район': { oktmo: '57720000', name: 'Краснокамский городской округ' },
  'Чайковский район': { oktmo: '57735000', name: 'Чайковский городской округ' },
};

/** A place around which messages concentrate (a town, a large village). */
export interface Hotspot {
  lon: number;
  lat: number;
  sigmaKm: number;
  weight: number;
}

export interface GeoMunicipality {
  oktmo: string;
  /** Display name built from the OKTMO name and the type (e.g. «Петропавловск-Камчатский городской округ»). */
  name: string;
  /** The `name` property of the file (official OKTMO name, 2019 list). */
  officialName: string;
  type: string | null;
  population: number;
  /** True when the population comes from GEO_DATA_FIXES rather than the file. */
  populationFixed: boolean;
  geometry: Polygon | MultiPolygon;
  bbox: BBox;
  areaKm2: number;
  /** Centroid of the largest part, moved inside the polygon if it fell outside. */
  centre: { lon: number; lat: number };
  /** Hotspots; the first is `centre`. */
  hotspots: readonly Hotspot[];
}

export interface LatLon {
  lat: number;
  lon: number;
}

export interface RegionGeo {
  id: RegionId;
  info: RegionInfo;
  outline: Polygon | MultiPolygon;
  bbox: BBox;
  /** Population of the region feature (official total for Kamchatka, sum of units elsewhere). */
  population: number;
  municipalities: readonly GeoMunicipality[];
  byOktmo: ReadonlyMap<string, GeoMunicipality>;
  /** Exact test: is the point inside that municipality's polygon. */
  contains(oktmo: string, lon: number, lat: number): boolean;
  /**
   * A random point inside the municipality, clustered around its populated places (weighted
   * Gaussian hotspots, the first at the largest part's centroid, plus a small uniform share).
   * Coordinates rounded to 5 decimals (about 1 m) and still inside the polygon.
   */
  pointIn(oktmo: string, rng: Rng): LatLon;
  /** A random point inside the municipality near (lon, lat) (Gaussian, sigma in km): incidents. */
  pointNear(oktmo: string, near: LatLon, sigmaKm: number, rng: Rng): LatLon;
}

/**
 * The assets folder: $SITUATION_WALL_ASSETS, else the first `assets/` with geo/ found walking up
 * from this module (source tree, bundled build), then Electron's resources folder, then the cwd.
 */
export function resolveAssetsDir(): string {
  const env = process.env.SITUATION_WALL_ASSETS;
  if (env) {
    const d = resolve(env);
    if (existsSync(join(d, 'geo'))) return d;
    if (existsSync(join(d, 'assets', 'geo'))) return join(d, 'assets');
    throw new Error(`SITUATION_WALL_ASSETS=${env}: нет папки geo с границами муниципалитетов`);
  }
  const tried: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const cand = join(dir, 'assets');
    tried.push(cand);
    if (existsSync(join(cand, 'geo', 'kamchatka.geojson'))) return cand;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const res = (process as { resourcesPath?: string }).resourcesPath;
  for (const cand of [res ? join(res, 'assets') : null, join(process.cwd(), 'assets')]) {
    if (cand && existsSync(join(cand, 'geo', 'kamchatka.geojson'))) return cand;
  }
  throw new Error(`не найдена папка assets/geo (искали от ${tried[0] ?? '.'}); задайте SITUATION_WALL_ASSETS`);
}

interface Props {
  kind: 'region' | 'municipality';
  name: string;
  type: string | null;
  oktmo: string | null;
  name_osm: string | null;
  population: number | null;
}

function displayName(oktmo: string, name: string, type: string | null): string {
  if (oktmo === '57701000') return 'город Пермь';
  if (type === 'городской округ' && !/город|ЗАТО|поселок|округ|район/i.test(name)) return `${name} городской округ`;
  if (type === 'муниципальный район' && !/район/i.test(name)) return `${name} муниципальный район`;
  return name;
}

const KM_PER_DEG = 111.32;

function buildMunicipality(
  region: RegionId,
  f: Feature<Polygon | MultiPolygon, Props>,
): { m: GeoMunicipality; index: PolygonIndex } {
  const p = f.properties;
  let oktmo = p.oktmo;
  let officialName = p.name;
  let type = p.type;
  if (!oktmo) {
    const fix = p.name_osm ? OKTMO_BY_OSM_NAME[p.name_osm] : undefined;
    if (!fix) throw new Error(`${region}: полигон «${p.name}» без ОКТМО и без известной замены`);
    oktmo = fix.oktmo;
    officialName = fix.name;
    type = 'городской округ';
  }
  const popFix = GEO_DATA_FIXES.find((x) => x.region === region && x.oktmo === oktmo && x.field === 'population');
  const population = popFix ? Number(popFix.value) : p.population;
  if (population == null) throw new Error(`${region}: нет населения для ${oktmo} «${p.name}»`);
  const geometry = f.geometry;
  const index = buildPolygonIndex(geometry);

  // Largest part's centroid; area of the whole municipality.
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let areaKm2 = 0;
  let best = { areaKm2: -1, lon: 0, lat: 0 };
  for (const part of parts) {
    const outer = ringAreaCentroid(part[0]!);
    let a = outer.areaKm2;
    for (const hole of part.slice(1)) a -= ringAreaCentroid(hole).areaKm2;
    areaKm2 += a;
    if (outer.areaKm2 > best.areaKm2) best = outer;
  }
  let centre = { lon: best.lon, lat: best.lat };
  if (!index.contains(centre.lon, centre.lat)) centre = nearestInside(index, centre);

  // Hotspots: stable per municipality (seeded by OKTMO, not by the demo seed), so towns stay put.
  const rng = mulberry32(hashSeed(oktmo, 7));
  const isCity = type === 'городской округ';
  const hotspots: Hotspot[] = [
    {
      ...centre,
      sigmaKm: isCity ? Math.min(6, Math.max(1.2, 0.15 * Math.sqrt(areaKm2))) : 2.5,
      weight: isCity ? 0.8 : 0.55,
    },
  ];
  const extra = isCity ? 2 : 3;
  const extraWeights = isCity ? [0.1, 0.05] : [0.18, 0.1, 0.07];
  for (let k = 0; k < extra; k++) {
    const q = uniformInside(index, rng) ?? centre;
    hotspots.push({ ...q, sigmaKm: isCity ? 1 : 1.5, weight: extraWeights[k]! });
  }
  const m: GeoMunicipality = {
    oktmo,
    name: displayName(oktmo, officialName, type),
    officialName,
    type,
    population,
    populationFixed: popFix !== undefined,
    geometry,
    bbox: index.bbox,
    areaKm2,
    centre,
    hotspots,
  };
  return { m, index };
}

function nearestInside(index: PolygonIndex, p: { lon: number; lat: number }): { lon: number; lat: number } {
  let best: { lon: number; lat: number } | null = null;
  let bestD = Infinity;
  for (const [lon, lat] of index.insideCells) {
    const d = (lon - p.lon) ** 2 + (lat - p.lat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = { lon, lat };
    }
  }
  if (best) return best;
  // A thin polygon with no wholly-inside grid cell: scan a fine lattice.
  const [x0, y0, x1, y1] = index.bbox;
  for (let n = 64; n <= 1024; n *= 2)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const lon = x0 + ((i + 0.5) * (x1 - x0)) / n;
        const lat = y0 + ((j + 0.5) * (y1 - y0)) / n;
        if (index.contains(lon, lat)) {
          const d = (lon - p.lon) ** 2 + (lat - p.lat) ** 2;
          if (d < bestD) {
            bestD = d;
            best = { lon, lat };
          }
        }
      }
  if (!best) throw new Error('не найдено ни одной внутренней точки полигона');
  return best;
}

/** A uniform point inside the polygon, or null if rejection sampling failed (very thin shapes). */
function uniformInside(index: PolygonIndex, rng: Rng): { lon: number; lat: number } | null {
  const [x0, y0, x1, y1] = index.bbox;
  for (let i = 0; i < 2000; i++) {
    const lon = x0 + rng() * (x1 - x0);
    const lat = y0 + rng() * (y1 - y0);
    if (index.contains(lon, lat)) return { lon, lat };
  }
  return null;
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

function gaussianInside(
  index: PolygonIndex,
  c: { lon: number; lat: number },
  sigmaKm: number,
  rng: Rng,
): LatLon | null {
  const sLat = sigmaKm / KM_PER_DEG;
  const sLon = sigmaKm / (KM_PER_DEG * Math.cos((c.lat * Math.PI) / 180));
  for (let i = 0; i < 24; i++) {
    const lon = round5(c.lon + normal(rng) * sLon);
    const lat = round5(c.lat + normal(rng) * sLat);
    if (index.contains(lon, lat)) return { lat, lon };
  }
  return null;
}

interface Sampler {
  index: PolygonIndex;
  m: GeoMunicipality;
  /** -1 = uniform component, otherwise a hotspot index. */
  components: WeightedPicker<number>;
}

const cache = new Map<RegionId, RegionGeo>();

/** Loads (once per process) and indexes a bundled region. */
export function loadRegionGeo(id: RegionId): RegionGeo {
  const hit = cache.get(id);
  if (hit) return hit;
  const info = REGIONS[id];
  const file = join(resolveAssetsDir(), 'geo', `${id}.geojson`);
  const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<Polygon | MultiPolygon, Props>;
  const regionFeature = fc.features.find((f) => f.properties.kind === 'region');
  if (!regionFeature) throw new Error(`${file}: нет контура региона`);
  const samplers = new Map<string, Sampler>();
  const municipalities: GeoMunicipality[] = [];
  for (const f of fc.features) {
    if (f.properties.kind !== 'municipality') continue;
    const { m, index } = buildMunicipality(id, f);
    if (samplers.has(m.oktmo)) throw new Error(`${file}: ОКТМО ${m.oktmo} встречается дважды`);
    const uniformShare = m.type === 'городской округ' ? 0.05 : 0.1;
    samplers.set(m.oktmo, {
      index,
      m,
      components: new WeightedPicker(
        [-1, ...m.hotspots.map((_, i) => i)],
        [uniformShare, ...m.hotspots.map((h) => h.weight)],
      ),
    });
    municipalities.push(m);
  }
  const get = (oktmo: string): Sampler => {
    const s = samplers.get(oktmo);
    if (!s) throw new Error(`${id}: неизвестный ОКТМО ${oktmo}`);
    return s;
  };
  const centreOf = (s: Sampler): LatLon => ({ lat: round5(s.m.centre.lat), lon: round5(s.m.centre.lon) });
  const geo: RegionGeo = {
    id,
    info,
    outline: regionFeature.geometry,
    bbox: buildPolygonIndex(regionFeature.geometry).bbox,
    population: regionFeature.properties.population ?? municipalities.reduce((s, m) => s + m.population, 0),
    municipalities,
    byOktmo: new Map(municipalities.map((m) => [m.oktmo, m])),
    contains: (oktmo, lon, lat) => get(oktmo).index.contains(lon, lat),
    pointIn(oktmo, rng) {
      const s = get(oktmo);
      for (let attempt = 0; attempt < 4; attempt++) {
        const k = s.components.pick(rng);
        if (k < 0) {
          const cells = s.index.insideCells;
          if (cells.length > 0) {
            // A random wholly-inside grid cell, jittered within it: inside by construction.
            const [cx, cy] = cells[Math.floor(rng() * cells.length)]!;
            const [x0, y0, x1, y1] = s.index.bbox;
            const lon = round5(cx + (rng() - 0.5) * ((x1 - x0) / 64) * 0.98);
            const lat = round5(cy + (rng() - 0.5) * ((y1 - y0) / 64) * 0.98);
            if (s.index.contains(lon, lat)) return { lat, lon };
          } else {
            const q = uniformInside(s.index, rng);
            if (q && s.index.contains(round5(q.lon), round5(q.lat))) return { lat: round5(q.lat), lon: round5(q.lon) };
          }
        } else {
          const h = s.m.hotspots[k]!;
          const q = gaussianInside(s.index, h, h.sigmaKm, rng);
          if (q) return q;
        }
      }
      const c = centreOf(s);
      return s.index.contains(c.lon, c.lat) ? c : { lat: s.m.centre.lat, lon: s.m.centre.lon };
    },
    pointNear(oktmo, near, sigmaKm, rng) {
      const s = get(oktmo);
      return gaussianInside(s.index, near, sigmaKm, rng) ?? geo.pointIn(oktmo, rng);
    },
  };
  cache.set(id, geo);
  return geo;
}

/** The data fixes of one region (for the about-screen). */
export function geoDataFixes(region?: RegionId): readonly GeoDataFix[] {
  return region ? GEO_DATA_FIXES.filter((f) => f.region === region) : GEO_DATA_FIXES;
}
