/** Which scene a window shows and what view it asks the hub for. Pure. */
import { parseScene, type ParsedScene, type WallState } from '../../shared/bridge/wallState.js';
import type { ViewSpec } from '../../shared/bridge/protocol.js';

export function effectiveScene(wall: WallState | null, pinnedByUrl: string | null): string {
  if (pinnedByUrl && parseScene(pinnedByUrl)) return pinnedByUrl;
  return wall?.scene ?? 'operational';
}

export function viewSpecFor(scene: string, wall: WallState | null, role: 'wall' | 'console'): ViewSpec {
  const p: ParsedScene = parseScene(scene) ?? { kind: 'operational' };
  const f = wall?.filters;
  const spec: ViewSpec = {
    // the briefing covers its own period (a week or a month, wallState.briefingPeriod)
    window: p.kind === 'briefing' ? (wall?.briefingPeriod === 'month' ? '30d' : '7d') : (f?.window ?? 'today'),
    blocks: p.kind === 'block' ? [p.block] : (f?.blocks ?? []),
    channels: f?.channels ?? [],
    municipality: p.kind === 'municipality' ? p.oktmo : null,
    tickerLimit: 20,
    queueLimit: role === 'console' ? 200 : 50,
  };
  // The archive (issue 10): every window asks for the wall state's instant.
  if (wall?.instant) spec.now = wall.instant;
  return spec;
}

export function specKey(scene: string, spec: ViewSpec): string {
  return JSON.stringify([scene, spec.window, spec.blocks, spec.channels, spec.municipality, spec.now ?? null]);
}

/** What every panel of a scene is told: which scene, its parsed form, and the municipality in focus. */
export interface SceneContext {
  /** The scene id, e.g. `block:zhkh` (the key the map's colour domains are fixed by). */
  scene: string;
  parsed: ParsedScene;
  /** A municipality scene's own municipality, else the one selected on the console (or none). */
  focus: string | null;
}

export function sceneContext(scene: string, wall: WallState | null): SceneContext {
  const parsed: ParsedScene = parseScene(scene) ?? { kind: 'operational' };
  const focus = parsed.kind === 'municipality' ? parsed.oktmo : (wall?.selectedMunicipality ?? null);
  return { scene, parsed, focus };
}

/** Whether the view in the store was computed for this scene (its key starts with the scene). */
export function viewIsFor(viewKey: string | null, scene: string): boolean {
  return viewKey !== null && viewKey.startsWith(JSON.stringify([scene]).slice(0, -1));
}
