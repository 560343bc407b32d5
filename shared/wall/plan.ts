/**
 * The wall plan: which windows to open, where, and what each shows, from the displays that
 * Electron's `screen.getAllDisplays()` reports and the `wall` section of the configuration.
 * Pure and isomorphic (shared/): no Node, no Electron — the CLI (`situation-wall plan`), the shell
 * and the tests all call the same function.
 *
 * Coordinates. Electron gives display bounds in DIP (device-independent pixels) in one virtual
 * desktop space; a display with `scaleFactor` s has `bounds.width × s` device pixels across. Every
 * rectangle of a plan (window bounds, canvas, slices, bezels) is in DIP. In span mode the renderer
 * lays the whole scene out on the virtual canvas in DIP and draws, in each window, the slice
 * assigned to it at that window's own devicePixelRatio (= its display's scaleFactor): a slice of
 * w × h DIP covers w·s × h·s device pixels. Geometry therefore lines up across displays in DIP —
 * which is what the OS uses to make a 4K panel at 200 % and a Full HD one at 100 % of the same
 * physical size look alike — and only the sharpness differs between them. Mixing scale factors
 * on one wall is allowed and reported as a warning, because it usually means the panels are
 * configured differently by mistake.
 *
 * Span mode grid. Displays are arranged into rows by their top edge (y) and into columns by their
 * left edge (x), whatever order they are listed in and whatever the sign of the coordinates. The
 * grid is regular when every cell holds exactly one display, all displays of a column have the
 * same width, all of a row the same height, and neighbours touch exactly (no gap, no overlap).
 * Anything else is refused with a Russian message naming the displays, and the plan falls back to
 * per-display mode with that message in `warnings`.
 *
 * Bezel compensation. The canvas counts the frames between panels as canvas too (bezel.horizontal
 * DIP between columns, bezel.vertical DIP between rows); the content behind a frame is simply
 * never drawn, so a straight line stays straight across the frames.
 */
import { z } from 'zod';
import { SceneIdSchema } from '../bridge/wallState.js';
import { PanelListSchema } from './panels.js';
import { WallGeometrySchema } from './legibility.js';

export const RectSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
export type Rect = z.infer<typeof RectSchema>;

/** One display as `screen.getAllDisplays()` gives it; fields we do not use are passed through. */
export const DisplaySchema = z.looseObject({
  id: z.number(),
  label: z.string().default(''),
  bounds: RectSchema,
  workArea: RectSchema.optional(),
  scaleFactor: z.number().positive().default(1),
  rotation: z.number().default(0),
  internal: z.boolean().default(false),
});
export type Display = z.infer<typeof DisplaySchema>;
/** What callers may pass: Electron's Display objects fit it as they are. */
export type DisplayInput = z.input<typeof DisplaySchema>;

/**
 * Chooses one display. `index` is the position in reading order (top to bottom, then left to
 * right, by bounds), not in the order Electron lists displays, which changes on hot-plug.
 * `row`/`col` count distinct top edges / left edges of the displays considered, from 0.
 */
export const DisplayMatcherSchema = z.union([
  z.strictObject({ label: z.string().min(1) }),
  z.strictObject({ row: z.number().int().min(0), col: z.number().int().min(0) }),
  z.strictObject({ index: z.number().int().min(0) }),
  z.strictObject({ id: z.number() }),
  z.strictObject({ internal: z.literal(true) }),
]);
export type DisplayMatcher = z.infer<typeof DisplayMatcherSchema>;

/** A scene id (`"briefing"`) or an explicit set of panels (ids of shared/wall/panels.ts). */
export const SceneRefSchema = z.union([
  SceneIdSchema,
  z.strictObject({ panels: PanelListSchema }),
]);
export type SceneRef = z.infer<typeof SceneRefSchema>;

/** The wall's own scene (shared/bridge/wallState.ts BASE_SCENES). */
export const DEFAULT_SCENE = 'operational';

export const DisplayAssignmentSchema = z
  .strictObject({
    match: DisplayMatcherSchema,
    scene: SceneIdSchema.optional(),
    /** Panel ids of shared/wall/panels.ts: an unknown one is an error naming it and the valid ones. */
    panels: PanelListSchema.optional(),
  })
  .refine((a) => (a.scene === undefined) !== (a.panels === undefined), {
    error: 'нужно ровно одно из полей: scene (сцена) или panels (набор панелей)',
    // said even when a field is wrong too (an unknown panel), so both mistakes show at once
    when: (p) => p.value !== null && typeof p.value === 'object',
  });
export type DisplayAssignment = z.infer<typeof DisplayAssignmentSchema>;

export const BezelSchema = z.strictObject({
  horizontal: z.number().min(0).default(0),
  vertical: z.number().min(0).default(0),
});

export const WallConfigSchema = z.strictObject({
  mode: z.enum(['span', 'per-display']).default('per-display'),
  /** Frame widths in DIP: `horizontal` between columns, `vertical` between rows. */
  bezel: BezelSchema.default({ horizontal: 0, vertical: 0 }),
  /**
   * The wall's scene: the spanned canvas and every display no assignment matches show it. At run
   * time such windows follow the wall state (playlist, console); this is where it starts.
   */
  scene: SceneIdSchema.default(DEFAULT_SCENE),
  /** Per-display mode: the first assignment that matches a display decides what it shows. */
  displays: z.array(DisplayAssignmentSchema).default([]),
  /**
   * The wall's physical width and viewing distance: the minimum text height follows (legibility.ts).
   * Absent: DEFAULT_WALL_GEOMETRY (a 2.4 m wall read from 6 m).
   */
  geometry: WallGeometrySchema.optional(),
});
export type WallConfig = z.infer<typeof WallConfigSchema>;
export type WallConfigInput = z.input<typeof WallConfigSchema>;

export interface PlanWindow {
  display: number;
  bounds: Rect;
  /** Span mode: the part of the canvas this window draws (DIP); per-display mode: null. */
  slice: Rect | null;
  scene: SceneRef;
}

export interface WallPlan {
  mode: 'span' | 'per-display';
  canvas: { width: number; height: number } | null;
  windows: PlanWindow[];
  warnings: string[];
  /** The console display, excluded from the wall; null when none is configured or found. */
  console: { display: number; bounds: Rect } | null;
}

export interface PlanOptions {
  wall?: WallConfigInput | undefined;
  console?: DisplayMatcher | null | undefined;
}

/** Reading order: by top edge, then left edge, then id (stable for identical bounds). */
function readingOrder(a: Display, b: Display): number {
  return a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x || a.id - b.id;
}

function distinctSorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** How a display is named in messages: «DELL U2720Q» (id 2) or «#2». */
export function displayName(d: Display): string {
  return d.label ? `«${d.label}» (id ${d.id})` : `#${d.id}`;
}

function rectText(r: Rect): string {
  return `${r.width}×${r.height} в (${r.x}, ${r.y})`;
}

interface Positioned {
  d: Display;
  index: number;
  row: number;
  col: number;
}

function positions(displays: Display[]): Positioned[] {
  const sorted = [...displays].sort(readingOrder);
  const ys = distinctSorted(sorted.map((d) => d.bounds.y));
  const xs = distinctSorted(sorted.map((d) => d.bounds.x));
  return sorted.map((d, index) => ({ d, index, row: ys.indexOf(d.bounds.y), col: xs.indexOf(d.bounds.x) }));
}

export function matchesDisplay(m: DisplayMatcher, p: Positioned): boolean {
  if ('label' in m) return p.d.label === m.label;
  if ('row' in m) return p.row === m.row && p.col === m.col;
  if ('index' in m) return p.index === m.index;
  if ('id' in m) return p.d.id === m.id;
  return p.d.internal;
}

function matcherText(m: DisplayMatcher): string {
  if ('label' in m) return `label «${m.label}»`;
  if ('row' in m) return `row ${m.row}, col ${m.col}`;
  if ('index' in m) return `index ${m.index}`;
  if ('id' in m) return `id ${m.id}`;
  return 'internal';
}

type GridResult =
  | { ok: true; canvas: { width: number; height: number }; slices: Map<number, Rect> }
  | { ok: false; reason: string };

/** Arrange displays into a regular grid and compute the canvas and each display's slice. */
export function arrangeGrid(displays: Display[], bezel: { horizontal: number; vertical: number }): GridResult {
  if (displays.length === 0) return { ok: false, reason: 'нет ни одного дисплея для стены' };
  const ys = distinctSorted(displays.map((d) => d.bounds.y));
  const xs = distinctSorted(displays.map((d) => d.bounds.x));
  const cells = new Map<string, Display[]>();
  for (const d of displays) {
    const key = `${ys.indexOf(d.bounds.y)},${xs.indexOf(d.bounds.x)}`;
    cells.set(key, [...(cells.get(key) ?? []), d]);
  }
  const problems: string[] = [];
  const sorted = [...displays].sort(readingOrder);
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!.bounds;
      const b = sorted[j]!.bounds;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > 0 && h > 0)
        problems.push(`дисплеи ${displayName(sorted[i]!)} (${rectText(a)}) и ${displayName(sorted[j]!)} (${rectText(b)}) перекрываются`);
    }
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  // A display that crosses another's column or row edge is of a different size than its neighbours.
  for (const d of sorted) {
    const b = d.bounds;
    const crossCols = xs.filter((x) => x > b.x && x < b.x + b.width).length;
    const crossRows = ys.filter((y) => y > b.y && y < b.y + b.height).length;
    if (crossCols || crossRows)
      problems.push(
        `дисплей ${displayName(d)} (${rectText(b)}) другого размера: занимает ${crossCols ? `${crossCols + 1} столбца` : ''}${crossCols && crossRows ? ' и ' : ''}${crossRows ? `${crossRows + 1} строки` : ''} сетки из дисплеев ${sorted.filter((x) => x !== d).map(displayName).join(', ')}`,
      );
  }
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  const holes: string[] = [];
  for (let r = 0; r < ys.length; r++)
    for (let c = 0; c < xs.length; c++) if (!cells.has(`${r},${c}`)) holes.push(`строка ${r + 1}, столбец ${c + 1}`);
  if (holes.length)
    problems.push(
      `в сетке ${ys.length}×${xs.length} из дисплеев ${sorted.map(displayName).join(', ')} нет дисплея: ${holes.join('; ')}`,
    );
  if (problems.length) return { ok: false, reason: problems.join('; ') };

  const at = (r: number, c: number): Display => cells.get(`${r},${c}`)![0]!;
  // Column widths and row heights must be uniform.
  const widths: number[] = [];
  const heights: number[] = [];
  for (let c = 0; c < xs.length; c++) {
    const col = ys.map((_, r) => at(r, c));
    const w = col[0]!.bounds.width;
    const odd = col.filter((d) => d.bounds.width !== w);
    if (odd.length)
      problems.push(
        `в столбце ${c + 1} дисплеи разной ширины: ${col.map((d) => `${displayName(d)} ${d.bounds.width}`).join(', ')}`,
      );
    widths.push(w);
  }
  for (let r = 0; r < ys.length; r++) {
    const row = xs.map((_, c) => at(r, c));
    const h = row[0]!.bounds.height;
    if (row.some((d) => d.bounds.height !== h))
      problems.push(
        `в строке ${r + 1} дисплеи разной высоты: ${row.map((d) => `${displayName(d)} ${d.bounds.height}`).join(', ')}`,
      );
    heights.push(h);
  }
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  // Neighbours must touch exactly.
  for (let r = 0; r < ys.length; r++)
    for (let c = 0; c + 1 < xs.length; c++) {
      const a = at(r, c);
      const b = at(r, c + 1);
      const gap = b.bounds.x - (a.bounds.x + a.bounds.width);
      if (gap !== 0)
        problems.push(
          `${displayName(a)} (${rectText(a.bounds)}) и ${displayName(b)} (${rectText(b.bounds)}) ${gap < 0 ? `перекрываются на ${-gap} px` : `разделены промежутком ${gap} px`}`,
        );
    }
  for (let c = 0; c < xs.length; c++)
    for (let r = 0; r + 1 < ys.length; r++) {
      const a = at(r, c);
      const b = at(r + 1, c);
      const gap = b.bounds.y - (a.bounds.y + a.bounds.height);
      if (gap !== 0)
        problems.push(
          `${displayName(a)} (${rectText(a.bounds)}) и ${displayName(b)} (${rectText(b.bounds)}) ${gap < 0 ? `перекрываются на ${-gap} px` : `разделены промежутком ${gap} px`}`,
        );
    }
  if (problems.length) return { ok: false, reason: problems.join('; ') };

  const slices = new Map<number, Rect>();
  const sum = (a: number[], n: number) => a.slice(0, n).reduce((s, v) => s + v, 0);
  for (let r = 0; r < ys.length; r++)
    for (let c = 0; c < xs.length; c++) {
      const d = at(r, c);
      slices.set(d.id, {
        x: sum(widths, c) + c * bezel.horizontal,
        y: sum(heights, r) + r * bezel.vertical,
        width: widths[c]!,
        height: heights[r]!,
      });
    }
  return {
    ok: true,
    canvas: {
      width: sum(widths, widths.length) + (xs.length - 1) * bezel.horizontal,
      height: sum(heights, heights.length) + (ys.length - 1) * bezel.vertical,
    },
    slices,
  };
}

function rect(r: Rect): Rect {
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/**
 * Plan the wall. Never throws on odd display sets: problems become `warnings` and the plan falls
 * back to per-display mode. Throws only when `displays`/`wall` do not fit their schemas (a caller
 * bug or a bad file — validate files with DisplaySchema / parseConfig first).
 */
export function planWall(displayInputs: readonly DisplayInput[], options: PlanOptions = {}): WallPlan {
  const displays = displayInputs.map((d) => DisplaySchema.parse(d));
  const parsedWall = WallConfigSchema.safeParse(options.wall ?? {});
  if (!parsedWall.success)
    throw new Error(`план стены: ${parsedWall.error.issues.map((i) => `wall${i.path.map((k) => `.${String(k)}`).join('')}: ${i.message}`).join('; ')}`);
  const wall = parsedWall.data;
  const warnings: string[] = [];

  const ids = new Set<number>();
  for (const d of displays) {
    if (ids.has(d.id)) throw new Error(`дисплей с id ${d.id} указан дважды`);
    ids.add(d.id);
  }

  let consoleDisplay: Display | null = null;
  if (options.console) {
    const found = positions(displays).find((p) => matchesDisplay(options.console!, p));
    if (found) consoleDisplay = found.d;
    else warnings.push(`пульт (${matcherText(options.console)}) не найден среди дисплеев: все дисплеи отданы стене`);
  }
  const wallDisplays = displays.filter((d) => d !== consoleDisplay);
  const consoleOut = consoleDisplay ? { display: consoleDisplay.id, bounds: rect(consoleDisplay.bounds) } : null;

  if (wallDisplays.length === 0) {
    warnings.push('для стены не осталось ни одного дисплея');
    return { mode: wall.mode, canvas: null, windows: [], warnings, console: consoleOut };
  }

  if (wall.mode === 'span') {
    const grid = arrangeGrid(wallDisplays, wall.bezel);
    if (grid.ok) {
      const scales = distinctSorted(wallDisplays.map((d) => d.scaleFactor));
      if (scales.length > 1)
        warnings.push(
          `у дисплеев стены разный масштаб (${scales.join(', ')}): срезы заданы в DIP, каждый дисплей рисует свой срез со своей плотностью пикселей — проверьте, что так и задумано`,
        );
      const windows = [...wallDisplays].sort(readingOrder).map((d) => ({
        display: d.id,
        bounds: rect(d.bounds),
        slice: grid.slices.get(d.id)!,
        scene: wall.scene as SceneRef,
      }));
      return { mode: 'span', canvas: grid.canvas, windows, warnings, console: consoleOut };
    }
    warnings.push(`сетка видеостены неправильная, растянуть картинку нельзя: ${grid.reason}. Каждый дисплей показывает свою сцену.`);
  }

  const placed = positions(wallDisplays);
  const windows = placed.map((p) => {
    const a = wall.displays.find((x) => matchesDisplay(x.match, p));
    const scene: SceneRef = a?.panels ? { panels: [...a.panels] } : (a?.scene ?? wall.scene);
    return { display: p.d.id, bounds: rect(p.d.bounds), slice: null, scene };
  });
  return { mode: 'per-display', canvas: null, windows, warnings, console: consoleOut };
}

/** One window of a plan with its role: the wall windows and the console window. */
export interface WindowSlot extends PlanWindow {
  role: 'wall' | 'console';
  /** Span mode: the whole canvas the slice is cut from. */
  canvas: { width: number; height: number } | null;
}

export const CONSOLE_SCENE = 'console';

export function planSlots(plan: WallPlan): WindowSlot[] {
  const slots: WindowSlot[] = plan.windows.map((w) => ({ ...w, role: 'wall', canvas: plan.canvas }));
  if (plan.console)
    slots.push({ display: plan.console.display, bounds: plan.console.bounds, slice: null, scene: CONSOLE_SCENE, role: 'console', canvas: null });
  return slots;
}

export interface PlanDiff {
  /** Same display, same role, nothing changed. */
  keep: WindowSlot[];
  /** Same display and role, new bounds/slice/scene: move and retarget the window, no reload. */
  move: WindowSlot[];
  /** A display with no window yet (or whose role changed): open a window. */
  open: WindowSlot[];
  /** The old slot of a display that is gone (or whose role changed): close its window. */
  close: WindowSlot[];
}

const sameRect = (a: Rect | null, b: Rect | null) =>
  a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What to do to go from one plan to the next, keyed by display id. A display whose role changes
 * (wall ↔ console) is closed and reopened: the two roles have different IPC rights, so a window
 * never changes role in place.
 */
export function diffPlans(oldPlan: WallPlan | null, newPlan: WallPlan): PlanDiff {
  const before = new Map((oldPlan ? planSlots(oldPlan) : []).map((s) => [s.display, s]));
  const diff: PlanDiff = { keep: [], move: [], open: [], close: [] };
  const seen = new Set<number>();
  for (const s of planSlots(newPlan)) {
    seen.add(s.display);
    const o = before.get(s.display);
    if (!o) diff.open.push(s);
    else if (o.role !== s.role) {
      diff.close.push(o);
      diff.open.push(s);
    } else if (sameRect(o.bounds, s.bounds) && sameRect(o.slice, s.slice) && sameJson(o.scene, s.scene) && sameJson(o.canvas, s.canvas))
      diff.keep.push(s);
    else diff.move.push(s);
  }
  for (const [id, o] of before) if (!seen.has(id)) diff.close.push(o);
  return diff;
}
