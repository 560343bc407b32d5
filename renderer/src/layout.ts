/**
 * Scene layouts as data: which panels a scene shows and where (a CSS grid of the panels' areas,
 * panels/registry.ts), and the layout of a per-display panel set (?panels=…). Pure.
 */
import type { ParsedScene } from '../../shared/bridge/wallState.js';
import type { PanelId } from '../../shared/wall/panels.js';
import { panelDef } from './panels/registry.js';

/** A scene's layout: the panels it shows (boxes in the grid, strips under it) and the grid. */
export interface SceneLayout {
  /** Class of the scene's <main> (styles.css); each cell gets `${className}-${panel}` too. */
  className: string;
  /** Panels in order: boxes are placed in the grid, strips (the ticker) go under it. */
  panels: readonly PanelId[];
  /**
   * The grid of the boxes: CSS grid-template columns, rows, and areas (one string per row, of the
   * registry's area names). Null: the single box is the scene's body (it brings its own grid).
   */
  grid: { columns: string; rows: string; areas?: readonly string[] } | null;
}

const OPERATIONAL: SceneLayout = {
  className: 'ops',
  panels: ['map', 'gauges', 'incidents', 'queue', 'rating', 'ticker'],
  grid: { columns: '35fr 31fr 34fr', rows: '47fr 25fr 28fr', areas: ['map gauges gauges', 'map queue rating', 'incidents queue rating'] },
};

/** Scene kind → layout. A block or municipality scene is the operational layout, focused. */
export const SCENE_LAYOUTS: Readonly<Record<ParsedScene['kind'], SceneLayout>> = {
  operational: OPERATIONAL,
  block: OPERATIONAL,
  municipality: OPERATIONAL,
  briefing: { className: 'brief-scene', panels: ['briefing', 'incidents', 'ticker'], grid: { columns: '1fr', rows: '1fr auto', areas: ['briefing', 'incidents'] } },
};

/** Columns × rows for n panels on a landscape display: 1, 2 side by side, 3 in a row, 4 as 2×2, 5–6 as 3×2. */
export function panelGrid(n: number): { cols: number; rows: number } {
  if (n <= 1) return { cols: 1, rows: 1 };
  if (n <= 3) return { cols: n, rows: 1 };
  if (n === 4) return { cols: 2, rows: 2 };
  return { cols: 3, rows: Math.ceil(n / 3) };
}

/**
 * A per-display panel set: just those panels, in that order, filling the window (boxes flow into
 * panelGrid's grid; the ticker stays a strip, shown only when asked for).
 */
export function panelSetLayout(panels: readonly PanelId[]): SceneLayout {
  const g = panelGrid(panels.filter((id) => panelDef(id).place === 'box').length);
  return { className: 'ps', panels, grid: { columns: `repeat(${g.cols}, 1fr)`, rows: `repeat(${g.rows}, 1fr)` } };
}

export interface ResolvedLayout extends SceneLayout {
  boxes: PanelId[];
  strips: PanelId[];
  /** A per-display panel set (?panels=…) rather than the scene's own layout. */
  panelSet: boolean;
}

/** What a window shows: its panel set if it has one, else its scene's layout. */
export function layoutFor(kind: ParsedScene['kind'], panelSet: readonly PanelId[] | null): ResolvedLayout {
  const l = panelSet ? panelSetLayout(panelSet) : SCENE_LAYOUTS[kind];
  return {
    ...l,
    boxes: l.panels.filter((id) => panelDef(id).place === 'box'),
    strips: l.panels.filter((id) => panelDef(id).place === 'strip'),
    panelSet: !!panelSet,
  };
}
