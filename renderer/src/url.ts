/** Window options from the URL: /?scene=…&panels=a,b&display=…&slice=x,y,w,h&canvas=W,H&role=console. Pure. */
import { isPanelId, type PanelId } from '../../shared/wall/panels.js';
import { DEFAULT_WALL_GEOMETRY, WallGeometrySchema, type WallGeometry } from '../../shared/wall/legibility.js';

export interface Slice { x: number; y: number; w: number; h: number }
export interface WindowOptions {
  role: 'wall' | 'console';
  /** A pinned scene for this window only (overrides the wall state's scene). */
  scene: string | null;
  display: string | null;
  slice: Slice | null;
  canvas: { w: number; h: number } | null;
  indicator: string | null;
  columns: boolean;
  /** Hub WebSocket URL override (browser mode). */
  ws: string | null;
  /**
   * Per-display panel set (`?panels=map,gauges`, from the wall plan's `panels` assignment): only
   * these panels, in this order, filling the window. Null: the scene's own layout.
   */
  panels: PanelId[] | null;
  /**
   * The wall's geometry (`?wallWidth=2.4&viewDistance=6`, metres; the shell writes them from the wall
   * configuration's `geometry`): the minimum text height follows (shared/wall/legibility.ts). A value
   * out of range is ignored for the default.
   */
  geometry: WallGeometry;
}

/** `?wallWidth=…&viewDistance=…` → the geometry; each missing or bad value takes its default. */
export function parseGeometry(width: string | null, distance: string | null): WallGeometry {
  const num = (s: string | null) => (s === null || s.trim() === '' ? undefined : Number(s.replace(',', '.')));
  const w = WallGeometrySchema.shape.widthM.safeParse(num(width));
  const d = WallGeometrySchema.shape.distanceM.safeParse(num(distance));
  return { widthM: w.success ? w.data : DEFAULT_WALL_GEOMETRY.widthM, distanceM: d.success ? d.data : DEFAULT_WALL_GEOMETRY.distanceM };
}

/**
 * `map,gauges` → ['map', 'gauges']; unknown names and repeats are dropped; none known → null.
 * (A URL typed by hand is forgiven; the wall plan, which writes these URLs, refuses unknown ids:
 * shared/wall/plan.ts.)
 */
export function parsePanels(s: string | null): PanelId[] | null {
  if (!s) return null;
  const out: PanelId[] = [];
  for (const raw of s.split(',')) {
    const x = raw.trim().toLowerCase();
    if (isPanelId(x) && !out.includes(x)) out.push(x);
  }
  return out.length ? out : null;
}

function nums(s: string | null, n: number): number[] | null {
  if (!s) return null;
  const xs = s.split(',').map((x) => Number(x.trim()));
  return xs.length === n && xs.every((x) => Number.isFinite(x) && x >= 0) ? xs : null;
}

export function parseWindowOptions(href: string): WindowOptions {
  const u = new URL(href, 'http://localhost/');
  const p = u.searchParams;
  const sl = nums(p.get('slice'), 4);
  const cv = nums(p.get('canvas'), 2);
  const slice = sl && sl[2]! > 0 && sl[3]! > 0 ? { x: sl[0]!, y: sl[1]!, w: sl[2]!, h: sl[3]! } : null;
  const canvas = cv && cv[0]! > 0 && cv[1]! > 0 ? { w: cv[0]!, h: cv[1]! } : null;
  const consolePath = /\/console(\.html)?\/?$/.test(u.pathname);
  return {
    role: p.get('role') === 'console' || consolePath ? 'console' : 'wall',
    scene: p.get('scene'),
    display: p.get('display'),
    slice: slice && canvas ? slice : null,
    canvas: slice && canvas ? canvas : null,
    indicator: p.get('indicator'),
    columns: p.get('columns') === '1',
    ws: p.get('ws'),
    panels: parsePanels(p.get('panels')),
    geometry: parseGeometry(p.get('wallWidth'), p.get('viewDistance')),
  };
}
