/** What a panel is to the wall: the shape of a registry entry (registry.ts) and a panel's props. */
import type { ComponentType } from 'react';
import type { PanelId } from '../../../shared/wall/panels.js';
import type { SceneContext } from '../scene.js';
import type { WallStore } from '../store.js';

/** Every panel gets the same props: the scene it is shown in. Its data it reads from the store. */
export interface PanelProps {
  ctx: SceneContext;
}

export interface PanelDef {
  id: PanelId;
  Component: ComponentType<PanelProps>;
  /** Its CSS grid area in a scene layout's template (layout.ts). */
  area: string;
  /** 'box': a cell of the scene's grid; 'strip': a full-width strip under it (the ticker). */
  place: 'box' | 'strip';
  /**
   * What the ready flag (<html data-wall-ready>, ready.ts) waits for while this panel is shown: true
   * once the panel has drawn the current data (`viewKey` is the view's key and data version).
   * Absent: the flag does not wait for this panel (its DOM is there with the view).
   */
  ready?: (s: WallStore, viewKey: string) => boolean;
}
