/**
 * The region's municipalities as vector paths for the PDF's choropleth: the bundled boundaries
 * (assets/geo, electron/hub/geo/regions.ts) projected into a box (equirectangular, longitudes
 * scaled by the cosine of the middle latitude), points closer than a fraction of a point dropped.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { loadRegionGeo } from '../geo/regions.js';
import { ringsOf } from '../geo/polygon.js';
import type { RegionId } from '../../../shared/regions.js';

export interface MapShape {
  oktmo: string;
  name: string;
  /** Rings in box coordinates (points), each closed. */
  rings: Array<Array<[number, number]>>;
  /** A point inside for the label, in box coordinates. */
  label: [number, number];
  /** The shape's extent in box coordinates (for deciding whether a label fits). */
  width: number;
  height: number;
}

export interface ProjectedMap {
  width: number;
  height: number;
  outline: Array<Array<[number, number]>>;
  shapes: MapShape[];
}

/** Projects region `id` into a box of at most maxW × maxH points, keeping the aspect. */
export function projectRegion(id: RegionId, maxW: number, maxH: number): ProjectedMap {
  const geo = loadRegionGeo(id);
  const [minLon, minLat, maxLon, maxLat] = geo.bbox;
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const wDeg = (maxLon - minLon) * k;
  const hDeg = maxLat - minLat;
  const s = Math.min(maxW / wDeg, maxH / hDeg);
  const width = wDeg * s;
  const height = hDeg * s;
  const px = (lon: number, lat: number): [number, number] => [(lon - minLon) * k * s, (maxLat - lat) * s];
  const rings = (g: Polygon | MultiPolygon) =>
    ringsOf(g)
      .map((ring) => {
        const out: Array<[number, number]> = [];
        for (const p of ring) {
          const q = px(p[0]!, p[1]!);
          const last = out[out.length - 1];
          if (!last || Math.abs(last[0] - q[0]) + Math.abs(last[1] - q[1]) >= 0.4) out.push(q);
        }
        return out;
      })
      .filter((r) => r.length >= 3);
  const shapes: MapShape[] = geo.municipalities.map((m) => {
    const [a, b, c, d] = m.bbox;
    const [x0, y1] = px(a, b);
    const [x1, y0] = px(c, d);
    return { oktmo: m.oktmo, name: m.name, rings: rings(m.geometry), label: px(m.centre.lon, m.centre.lat), width: x1 - x0, height: y1 - y0 };
  });
  return { width, height, outline: rings(geo.outline), shapes };
}

/** SVG path data of rings (pdfkit's `path`). */
export function pathOf(rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, dx: number, dy: number): string {
  const parts: string[] = [];
  for (const r of rings) {
    parts.push(`M${(r[0]![0] + dx).toFixed(2)} ${(r[0]![1] + dy).toFixed(2)}`);
    for (let i = 1; i < r.length; i++) parts.push(`L${(r[i]![0] + dx).toFixed(2)} ${(r[i]![1] + dy).toFixed(2)}`);
    parts.push('Z');
  }
  return parts.join('');
}
