/**
 * A fast exact point-in-polygon index for one municipality (Polygon or MultiPolygon with holes),
 * built once: a million samples stay fast.
 *
 * - Horizontal bands: each band keeps the edges whose latitude range overlaps it, so the even-odd
 *   ray test looks at a few dozen edges instead of thousands.
 * - A coarse grid over the bbox: cells that no edge touches are classified once as wholly inside or
 *   wholly outside, so most samples are accepted or rejected without any edge test.
 * Coordinates are lon/lat degrees (planar tests are exact for the polygon as drawn on the map).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

const BANDS = 256;
const GRID = 64;
const CELL_BOUNDARY = 0;
const CELL_INSIDE = 1;
const CELL_OUTSIDE = 2;

export interface PolygonIndex {
  readonly bbox: BBox;
  /** Exact even-odd test (holes and multiple parts respected). */
  contains(lon: number, lat: number): boolean;
  /** Centres of the grid cells wholly inside (a cheap set of interior points). */
  readonly insideCells: ReadonlyArray<readonly [number, number]>;
}

export function ringsOf(geom: Polygon | MultiPolygon): Position[][] {
  return geom.type === 'Polygon' ? geom.coordinates : geom.coordinates.flat();
}

export function bboxOf(geom: Polygon | MultiPolygon): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of ringsOf(geom))
    for (const p of ring) {
      const x = p[0]!;
      const y = p[1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}

export function buildPolygonIndex(geom: Polygon | MultiPolygon): PolygonIndex {
  const bbox = bboxOf(geom);
  const [minX, minY, maxX, maxY] = bbox;
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);

  // Flatten edges.
  const xs1: number[] = [];
  const ys1: number[] = [];
  const xs2: number[] = [];
  const ys2: number[] = [];
  for (const ring of ringsOf(geom)) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      if (a[1] === b[1] && a[0] === b[0]) continue;
      xs1.push(a[0]!);
      ys1.push(a[1]!);
      xs2.push(b[0]!);
      ys2.push(b[1]!);
    }
  }
  const n = xs1.length;
  const ex1 = Float64Array.from(xs1);
  const ey1 = Float64Array.from(ys1);
  const ex2 = Float64Array.from(xs2);
  const ey2 = Float64Array.from(ys2);

  const bandH = h / BANDS;
  const bandLists: number[][] = Array.from({ length: BANDS }, () => []);
  const cells = new Uint8Array(GRID * GRID).fill(255);
  const cw = w / GRID;
  const ch = h / GRID;
  const clampI = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);
  for (let e = 0; e < n; e++) {
    const lo = Math.min(ey1[e]!, ey2[e]!);
    const hi = Math.max(ey1[e]!, ey2[e]!);
    const b0 = clampI(Math.floor((lo - minY) / bandH), BANDS - 1);
    const b1 = clampI(Math.floor((hi - minY) / bandH), BANDS - 1);
    for (let b = b0; b <= b1; b++) bandLists[b]!.push(e);
    const cx0 = clampI(Math.floor((Math.min(ex1[e]!, ex2[e]!) - minX) / cw), GRID - 1);
    const cx1 = clampI(Math.floor((Math.max(ex1[e]!, ex2[e]!) - minX) / cw), GRID - 1);
    const cy0 = clampI(Math.floor((lo - minY) / ch), GRID - 1);
    const cy1 = clampI(Math.floor((hi - minY) / ch), GRID - 1);
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) cells[cy * GRID + cx] = CELL_BOUNDARY;
  }
  const bands = bandLists.map((l) => Int32Array.from(l));

  const exact = (x: number, y: number): boolean => {
    if (x < minX || x > maxX || y < minY || y > maxY) return false;
    const band = bands[clampI(Math.floor((y - minY) / bandH), BANDS - 1)]!;
    let inside = false;
    for (let k = 0; k < band.length; k++) {
      const e = band[k]!;
      const y1 = ey1[e]!;
      const y2 = ey2[e]!;
      if (y1 > y !== y2 > y) {
        const x1 = ex1[e]!;
        const xi = x1 + ((y - y1) * (ex2[e]! - x1)) / (y2 - y1);
        if (x < xi) inside = !inside;
      }
    }
    return inside;
  };

  const insideCells: Array<readonly [number, number]> = [];
  for (let cy = 0; cy < GRID; cy++)
    for (let cx = 0; cx < GRID; cx++) {
      const i = cy * GRID + cx;
      if (cells[i] === CELL_BOUNDARY) continue;
      const px = minX + (cx + 0.5) * cw;
      const py = minY + (cy + 0.5) * ch;
      const inside = exact(px, py);
      cells[i] = inside ? CELL_INSIDE : CELL_OUTSIDE;
      if (inside) insideCells.push([px, py]);
    }

  return {
    bbox,
    insideCells,
    contains(x: number, y: number): boolean {
      if (x < minX || x > maxX || y < minY || y > maxY) return false;
      const cx = clampI(Math.floor((x - minX) / cw), GRID - 1);
      const cy = clampI(Math.floor((y - minY) / ch), GRID - 1);
      const c = cells[cy * GRID + cx];
      if (c === CELL_INSIDE) return true;
      if (c === CELL_OUTSIDE) return false;
      return exact(x, y);
    },
  };
}

/** Area (km², spherical-excess-free local approximation) and centroid of one ring, lon/lat. */
export function ringAreaCentroid(ring: Position[]): { areaKm2: number; lon: number; lat: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const x0 = ring[0]?.[0] ?? 0;
  const y0 = ring[0]?.[1] ?? 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const xa = ring[i]![0]! - x0;
    const ya = ring[i]![1]! - y0;
    const xb = ring[i + 1]![0]! - x0;
    const yb = ring[i + 1]![1]! - y0;
    const f = xa * yb - xb * ya;
    a += f;
    cx += (xa + xb) * f;
    cy += (ya + yb) * f;
  }
  if (a === 0) return { areaKm2: 0, lon: x0, lat: y0 };
  const lon = x0 + cx / (3 * a);
  const lat = y0 + cy / (3 * a);
  const kmPerDegLat = 111.32;
  const kmPerDegLon = 111.32 * Math.cos((lat * Math.PI) / 180);
  return { areaKm2: Math.abs(a / 2) * kmPerDegLat * kmPerDegLon, lon, lat };
}
