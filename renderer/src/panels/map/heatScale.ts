/**
 * Colour scale of the heat map, fixed per scene. Pure.
 *
 * deck.gl's HeatmapLayer, left alone, rescales its colours to the maximum of whatever the viewport
 * shows, every time the viewport or the data change: two screens of a span wall would colour the same
 * density differently, and the wall would "breathe" with each message. Here the domain is computed
 * once per scene from ALL the scene's points at the scene's camera, rounded up to a nice bound, and
 * only widens (never shrinks) while the scene stays — the same rule as the choropleth (choropleth.ts).
 *
 * Units are deck's raw weight-texture units: a pixel's value is Σ weight × K(d / radius) over the
 * points within `radiusPixels` on screen, K(u) = exp(-u² / 0.05555) / (√π · 1/6) (weights-fs.glsl),
 * so K(0) ≈ 3.385 and ∫K over the disc ≈ 0.59 radius². The peak is estimated on a grid of cells of a
 * quarter radius: each non-empty cell's centre sums its neighbours within the radius with K.
 */
/** Nice upper bound: 1, 2, 2.5, 5 × 10^k, ≥ x. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x - 1e-12) return m * p;
  return 10 * p;
}

export const KDE_PEAK = 1 / (1.77245385 * 0.166666);
const kde = (u: number) => Math.exp((-u * u) / 0.05555) * KDE_PEAK;

/** Web-Mercator pixel coordinates at a zoom (512-px tiles, as maplibre and deck). */
export function mercatorPx(lon: number, lat: number, zoom: number): [number, number] {
  const ws = 512 * Math.pow(2, zoom);
  const x = ((lon + 180) / 360) * ws;
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * ws;
  return [x, y];
}

/** Estimated maximum of deck's heat weight texture for interleaved [lon, lat, weight] points. */
export function heatPeak(points: Float32Array, count: number, zoom: number, radiusPx: number): number {
  if (count <= 0 || !(radiusPx > 0)) return 0;
  const cell = radiusPx / 4;
  const cells = new Map<number, number>();
  const K = 1 << 20;
  for (let i = 0, j = 0; i < count; i++, j += 3) {
    const w = points[j + 2]!;
    if (!(w > 0)) continue;
    const [x, y] = mercatorPx(points[j]!, points[j + 1]!, zoom);
    const key = Math.floor(x / cell) * K + Math.floor(y / cell);
    cells.set(key, (cells.get(key) ?? 0) + w);
  }
  let peak = 0;
  const reach = 4;
  for (const key of cells.keys()) {
    const cx = Math.floor(key / K);
    const cy = key - cx * K;
    let v = 0;
    for (let dx = -reach; dx <= reach; dx++)
      for (let dy = -reach; dy <= reach; dy++) {
        const w = cells.get((cx + dx) * K + (cy + dy));
        if (!w) continue;
        const u = Math.hypot(dx, dy) / 4;
        if (u <= 1) v += w * kde(u);
      }
    if (v > peak) peak = v;
  }
  return peak;
}

export interface HeatDomain {
  key: string;
  /** [lo, hi] in raw weight-texture units: below lo fades out, hi is the hottest colour. */
  domain: [number, number];
}

/** The scene's domain: a nice bound over the peak; kept for the scene, widened only on overflow. */
export function stableHeatDomain(prev: HeatDomain | null, key: string, peak: number, threshold = 0.04): HeatDomain {
  const hi = niceCeil(Math.max(peak, KDE_PEAK));
  if (prev && prev.key === key && prev.domain[1] >= hi) return prev;
  return { key, domain: [hi * threshold, hi] };
}
