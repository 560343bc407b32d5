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
    window: f?.window ?? 'today',
    blocks: p.kind === 'block' ? [p.block] : (f?.blocks ?? []),
    channels: f?.channels ?? [],
    municipality: p.kind === 'municipality' ? p.oktmo : null,
    tickerLimit: 20,
    queueLimit: role === 'console' ? 200 : 50,
  };
  return spec;
}

export function specKey(scene: string, spec: ViewSpec): string {
  return JSON.stringify([scene, spec.window, spec.blocks, spec.channels, spec.municipality]);
}
