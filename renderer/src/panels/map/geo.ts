/** Geometry helpers of the map (pure): label anchor of a (multi)polygon, bounds. */
type Ring = number[][];
type Polygon = Ring[];

function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0]! * r[i]![1]!) - (r[i]![0]! * r[j]![1]!);
  return a / 2;
}

function ringCentroid(r: Ring): [number, number] {
  let a = 0, x = 0, y = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const f = r[j]![0]! * r[i]![1]! - r[i]![0]! * r[j]![1]!;
    a += f;
    x += (r[j]![0]! + r[i]![0]!) * f;
    y += (r[j]![1]! + r[i]![1]!) * f;
  }
  if (Math.abs(a) < 1e-12) return [r[0]![0]!, r[0]![1]!];
  return [x / (3 * a), y / (3 * a)];
}

function pointInRing(p: [number, number], r: Ring): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const xi = r[i]![0]!, yi = r[i]![1]!, xj = r[j]![0]!, yj = r[j]![1]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * A point inside the largest polygon for the label: its centroid when inside, else the midpoint of
 * the widest horizontal chord through the centroid's latitude.
 */
export function labelPoint(geometry: { type: string; coordinates: unknown }): [number, number] | null {
  const polys: Polygon[] =
    geometry.type === 'Polygon' ? [geometry.coordinates as Polygon] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Polygon[]) : [];
  let best: Polygon | null = null;
  let bestA = -1;
  for (const p of polys) {
    const a = Math.abs(ringArea(p[0] ?? []));
    if (a > bestA) { bestA = a; best = p; }
  }
  if (!best || !best[0] || best[0].length < 3) return null;
  const outer = best[0];
  const c = ringCentroid(outer);
  if (pointInRing(c, outer)) return c;
  const xs: number[] = [];
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const xi = outer[i]![0]!, yi = outer[i]![1]!, xj = outer[j]![0]!, yj = outer[j]![1]!;
    if (yi > c[1] !== yj > c[1]) xs.push(((xj - xi) * (c[1] - yi)) / (yj - yi) + xi);
  }
  xs.sort((a, b) => a - b);
  let bx = c[0], bw = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1]! - xs[i]! > bw) { bw = xs[i + 1]! - xs[i]!; bx = (xs[i]! + xs[i + 1]!) / 2; }
  return [bx, c[1]];
}

export function bounds(geometry: { type: string; coordinates: unknown }): [number, number, number, number] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const x = c[0] as number, y = c[1] as number;
      if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
    } else if (Array.isArray(c)) for (const d of c) walk(d);
  };
  walk(geometry.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

/** Whether a (multi)polygon contains the point (holes excluded). */
export function containsPoint(geometry: { type: string; coordinates: unknown }, p: [number, number]): boolean {
  const polys: Polygon[] =
    geometry.type === 'Polygon' ? [geometry.coordinates as Polygon] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Polygon[]) : [];
  for (const poly of polys) {
    if (!poly[0] || !pointInRing(p, poly[0])) continue;
    let inHole = false;
    for (let i = 1; i < poly.length; i++) if (pointInRing(p, poly[i]!)) { inHole = true; break; }
    if (!inHole) return true;
  }
  return false;
}

export type Corner = 'tl' | 'tr' | 'bl' | 'br';

/**
 * The corner of a w × h box whose rectangle of rw × rh covers the least land: `isLand(x, y)` tests a
 * screen point; each rectangle is sampled on a 7 × 7 grid. Ties keep the order of `order`. Pure.
 */
export function emptiestCorner(
  w: number,
  h: number,
  rw: number,
  rh: number,
  isLand: (x: number, y: number) => boolean,
  order: readonly Corner[] = ['tl', 'tr', 'bl', 'br'],
): { corner: Corner; land: number } {
  let best: { corner: Corner; land: number } | null = null;
  for (const c of order) {
    const x0 = c === 'tl' || c === 'bl' ? 0 : w - rw;
    const y0 = c === 'tl' || c === 'tr' ? 0 : h - rh;
    let land = 0;
    for (let i = 0; i < 7; i++)
      for (let j = 0; j < 7; j++) if (isLand(x0 + ((i + 0.5) / 7) * rw, y0 + ((j + 0.5) / 7) * rh)) land++;
    if (!best || land < best.land) best = { corner: c, land };
  }
  return best!;
}

export interface Padding { top: number; bottom: number; left: number; right: number }

/**
 * Where the legend goes so that it never covers the region: a strip on one side of the map box,
 * outside the region's fitted bounds (the camera's padding reserves it). `zoomFor(padding)` is the
 * zoom a fit with that padding would get (maplibre's cameraForBounds); the side that keeps the
 * largest zoom wins (ties in the order left, right, top, bottom). Pure.
 */
export function legendSide(
  legendW: number,
  legendH: number,
  pad: number,
  zoomFor: (p: Padding) => number,
): { side: 'left' | 'right' | 'top' | 'bottom'; corner: Corner; padding: Padding } {
  const base: Padding = { top: pad, bottom: pad, left: pad, right: pad };
  const options = [
    { side: 'left' as const, corner: 'tl' as Corner, padding: { ...base, left: pad + legendW } },
    { side: 'right' as const, corner: 'tr' as Corner, padding: { ...base, right: pad + legendW } },
    { side: 'top' as const, corner: 'tl' as Corner, padding: { ...base, top: pad + legendH } },
    { side: 'bottom' as const, corner: 'bl' as Corner, padding: { ...base, bottom: pad + legendH } },
  ];
  let best = options[0]!;
  let bestZ = -Infinity;
  for (const o of options) {
    const z = zoomFor(o.padding);
    if (z > bestZ + 1e-9) {
      best = o;
      bestZ = z;
    }
  }
  return best;
}

export interface Rect { left: number; top: number; right: number; bottom: number }

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): boolean {
  const o = (p: [number, number], q: [number, number], r: [number, number]) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) !== o(a, b, d) && o(c, d, a) !== o(c, d, b);
}

/**
 * Whether a screen rectangle touches none of the projected polygons (rings of [x, y] px): no vertex
 * inside it, no edge across it, and its centre inside no ring (a rectangle wholly within a polygon).
 * The legend may sit in such measured empty space inside the region's bounding box. Pure.
 */
export function rectClearOf(r: Rect, rings: readonly (readonly [number, number][])[]): boolean {
  const corners: [number, number][] = [
    [r.left, r.top],
    [r.right, r.top],
    [r.right, r.bottom],
    [r.left, r.bottom],
  ];
  const centre: [number, number] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  for (const ring of rings) {
    if (ring.length < 3) continue;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const p = ring[i]!;
      if (p[0] >= r.left && p[0] <= r.right && p[1] >= r.top && p[1] <= r.bottom) return false;
      for (let k = 0; k < 4; k++) if (segmentsCross(ring[j]!, p, corners[k]!, corners[(k + 1) % 4]!)) return false;
    }
    if (pointInRing(centre, ring as unknown as Ring)) return false;
  }
  return true;
}

/** Outer rings of a (multi)polygon. */
export function outerRings(geometry: { type: string; coordinates: unknown }): [number, number][][] {
  const polys: Polygon[] =
    geometry.type === 'Polygon' ? [geometry.coordinates as Polygon] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Polygon[]) : [];
  return polys.map((p) => (p[0] ?? []) as [number, number][]);
}
