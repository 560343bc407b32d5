/**
 * Legible at distance (docs/spec is silent; ../DESIGN.md «Legible at distance», issue 11): the wall's
 * geometry (its physical width and the viewing distance), the minimum text height it implies, and the
 * reflow decisions that follow from it (how many gauges, queue rows, rating rows, ticker items fit a
 * box at that size). Pure and isomorphic.
 *
 * A text of height h seen from distance d subtends θ = 2·atan(h / 2d), so h = 2·d·tan(θ/2). Control
 * room practice asks for at least 16′ of arc for any text and 20′ for the figures people must read.
 * In CSS px: px per metre = the width in px of the picture the layout spans / the wall's width in m.
 *
 * The minimum is physical: for one wall (2.4 m, seen from 6 m) it is the same fraction of the picture
 * at 1920 and at 3840 px, so the same wall lays out the same items at both (what the wall must not do
 * is keep a 1080p layout's sizes, in px, when the geometry asks for larger ones).
 */
import { z } from 'zod';

/** Arc minutes for any text, and for figures people must read. */
export const MIN_ARC_TEXT = 16;
export const MIN_ARC_FIGURE = 20;

export const DEFAULT_WALL_GEOMETRY = { widthM: 2.4, distanceM: 6 } as const;

export const WallGeometrySchema = z.strictObject({
  /** Physical width of the picture the wall shows (all its displays, bezels included), metres. */
  widthM: z.number({ error: 'ширина стены — число метров' }).min(0.3, 'ширина стены не меньше 0,3 м').max(100, 'ширина стены не больше 100 м').default(DEFAULT_WALL_GEOMETRY.widthM),
  /** Distance from the wall to the farthest seat that must read it (the back row), metres. */
  distanceM: z.number({ error: 'расстояние до стены — число метров' }).min(0.5, 'расстояние до стены не меньше 0,5 м').max(200, 'расстояние до стены не больше 200 м').default(DEFAULT_WALL_GEOMETRY.distanceM),
});
export type WallGeometry = z.infer<typeof WallGeometrySchema>;

/** Height in metres that subtends `arcMin` minutes of arc at `distanceM`. */
export function heightForArc(distanceM: number, arcMin: number): number {
  const theta = (arcMin / 60) * (Math.PI / 180);
  return 2 * distanceM * Math.tan(theta / 2);
}

/** Angle in arc minutes that a height of `heightM` subtends at `distanceM` (the inverse). */
export function arcForHeight(distanceM: number, heightM: number): number {
  return 2 * Math.atan(heightM / (2 * distanceM)) * (180 / Math.PI) * 60;
}

/**
 * The minimum text height in CSS px for a picture `viewportWidthPx` wide shown on this wall:
 * 16′ for any text, 20′ for figures. (CSS font-size ≈ the height of the type's body; the check of
 * the e2e test compares rendered font sizes with these.)
 */
export function minTextPx(g: WallGeometry, viewportWidthPx: number, kind: 'text' | 'figure' = 'text'): number {
  if (!(viewportWidthPx > 0) || !(g.widthM > 0) || !(g.distanceM > 0)) return 0;
  const pxPerM = viewportWidthPx / g.widthM;
  return heightForArc(g.distanceM, kind === 'figure' ? MIN_ARC_FIGURE : MIN_ARC_TEXT) * pxPerM;
}

export interface Legibility {
  /** Minimum height of any text, CSS px (16′). */
  text: number;
  /** Minimum height of a figure people must read, CSS px (20′). */
  figure: number;
}

export function legibility(g: WallGeometry, viewportWidthPx: number): Legibility {
  // rounded up to a tenth of a pixel, so a size set to the minimum never measures under it
  const up = (x: number) => Math.ceil(x * 10) / 10;
  return { text: up(minTextPx(g, viewportWidthPx, 'text')), figure: up(minTextPx(g, viewportWidthPx, 'figure')) };
}

// ---- reflow decisions (pure; the panels measure their boxes and ask) ----

/**
 * A gauge's smallest cell at these minimums: the ring as tall as the cell, beside it the block's name
 * and its stats (label over value, two columns): 'full' has two rows of stats (overdue, first
 * response, satisfied, incoming), 'compact' one (overdue, incoming, the trend under it).
 */
export function gaugeCellMin(l: Legibility, detail: 'full' | 'compact' = 'full'): { w: number; h: number } {
  const statRow = l.text * 1.15 + l.figure * 1.2;
  // compact: the trend goes under the incoming count (a figure of its own line)
  const h = l.figure * 1.15 + (detail === 'full' ? 2 * statRow : statRow + l.figure * 1.15) + l.text * 0.9;
  // two stat columns, each as wide as «1 ч 55 мин» or «1 234 ▲ +34 %» in figures
  const w = h + 2 * (l.figure * 4.6) + l.text * 1.5;
  return { w, h };
}

/** Gauge pages (when the blocks do not all fit at the legible size) turn this often. */
export const GAUGE_PAGE_MS = 12_000;

/**
 * The page shown at `now` (ms since the epoch) of `pages` that turn every `periodMs` (the gauges',
 * the briefing's rating): counted from the wall clock, not from when a window opened, so every
 * window of a wall — the slices of a span across bezels, the displays of one hall — shows the same
 * page and turns it at the same instant.
 */
export function wallPageAt(now: number, pages: number, periodMs = GAUGE_PAGE_MS): number {
  if (!(pages > 1) || !Number.isFinite(now) || !(periodMs > 0)) return 0;
  return Math.floor(now / periodMs) % Math.floor(pages);
}

/** Milliseconds from `now` to the next turn of pages that turn every `periodMs` (at least 1). */
export function msToNextWallPage(now: number, periodMs = GAUGE_PAGE_MS): number {
  return Math.max(1, periodMs - (((now % periodMs) + periodMs) % periodMs));
}

/**
 * The ticker's scroll as a phase of the wall clock: the negative animation delay (ms) that puts a
 * loop of `durationMs` where it stands at `now`, so every window scrolls the same texts in step.
 */
export function tickerDelayMs(now: number, durationMs: number): number {
  if (!(durationMs > 0) || !Number.isFinite(now)) return 0;
  return -(((now % durationMs) + durationMs) % durationMs);
}

export interface GaugeGrid {
  cols: number;
  rows: number;
  /** Gauges on one page: at most cols × rows, spread evenly over the pages (9 in cells of 4: 3, 3, 3 — not 4, 4, 1). */
  perPage: number;
  pages: number;
  /** 'full': four stats a gauge; 'compact': two (overdue, incoming), so more gauges fit a page. */
  detail: 'full' | 'compact';
}

function gridFor(n: number, w: number, h: number, cell: { w: number; h: number }, maxCols: number) {
  const colsFit = Math.max(1, Math.min(maxCols, Math.floor(w / cell.w)));
  const rowsFit = Math.max(1, Math.floor(h / cell.h));
  const perPage = colsFit * rowsFit;
  if (perPage >= n) {
    // fewer gauges than cells: the fewest rows, then the fewest columns for them
    const rows = Math.min(rowsFit, Math.ceil(n / colsFit));
    const cols = Math.ceil(n / rows);
    return { cols, rows, perPage: cols * rows, pages: 1, cap: cols * rows };
  }
  // the gauges spread evenly over the pages: no last page with one gauge in an empty panel
  const pages = Math.ceil(n / perPage);
  return { cols: colsFit, rows: rowsFit, perPage: Math.ceil(n / pages), pages, cap: perPage };
}

/**
 * How n gauges fit a box of w × h px: full gauges when they all fit one page; otherwise compact ones
 * (two stats), as many columns (at most `maxCols`) and rows as cells of the minimum size allow; what
 * still does not fit goes to further pages (they turn).
 */
export function gaugeGrid(n: number, w: number, h: number, l: Legibility, maxCols = 3): GaugeGrid {
  if (n <= 0) return { cols: 1, rows: 1, perPage: 1, pages: 1, detail: 'full' };
  const grid = ({ cap: _, ...g }: ReturnType<typeof gridFor>, detail: GaugeGrid['detail']): GaugeGrid => ({ ...g, detail });
  const full = gridFor(n, w, h, gaugeCellMin(l, 'full'), maxCols);
  if (full.pages === 1) return grid(full, 'full');
  const compact = gridFor(n, w, h, gaugeCellMin(l, 'compact'), maxCols);
  return compact.cap > full.cap ? grid(compact, 'compact') : grid(full, 'full');
}

/** Height of one queue row: the reasons and overdue time (a figure), where, and the excerpt. */
export function queueRowPx(l: Legibility): number {
  return l.figure * 1.2 + 2 * l.text * 1.2 + l.text * 0.5;
}

/** Height of one rating row (its numbers are figures) and of its column header (text). */
export function ratingRowPx(l: Legibility): { row: number; head: number } {
  return { row: l.figure * 1.3, head: l.text * 1.3 };
}

/**
 * How many ticker items to cycle: the strip shows about `viewportWidthPx / itemPx` at once; a long
 * ticker at large type takes minutes to come round, so it holds at most two screens' worth (≥ 3).
 */
export function tickerItems(available: number, viewportWidthPx: number, l: Legibility): number {
  const itemPx = l.text * 30; // time, block, place and a short excerpt ≈ 30 em of text
  const perScreen = Math.max(1, Math.floor(viewportWidthPx / Math.max(1, itemPx)));
  return Math.max(0, Math.min(available, Math.max(3, perScreen * 2)));
}
