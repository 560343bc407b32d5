/**
 * The ready flag: <html data-wall-ready="true"> once the first complete frame with data is on screen
 * — the view of the shown scene is in, and every shown panel that draws on its own (the registry's
 * `ready`: the map's heat points, the gauges' rings) has drawn it. Tests, the soak and the bench wait
 * for it; `performance.mark('wall-ready')` is the bench's stop-watch.
 */
import { useEffect } from 'react';
import type { PanelId } from '../../shared/wall/panels.js';
import { panelDef } from './panels/registry.js';
import { useWall, type WallStore } from './store.js';

/** Whether every shown panel has drawn the view whose key is `viewKey` (null: no view of this scene yet). Pure. */
export function isWallReady(s: WallStore, panels: readonly PanelId[], viewKey: string | null): boolean {
  if (viewKey === null) return false;
  return panels.every((id) => panelDef(id).ready?.(s, viewKey) ?? true);
}

export function useReadyFlag(panels: readonly PanelId[], viewKey: string | null): void {
  const ready = useWall((s) => isWallReady(s, panels, viewKey));
  useEffect(() => {
    if (!ready) return;
    // one more frame so the canvases have been composited
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (document.documentElement.dataset.wallReady !== 'true') performance.mark('wall-ready'); // for the bench
        document.documentElement.dataset.wallReady = 'true';
      }),
    );
  }, [ready]);
}
