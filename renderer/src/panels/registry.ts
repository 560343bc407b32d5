/**
 * The panel registry: for every panel id of shared/wall/panels.ts, its component, its grid area in a
 * scene layout (layout.ts), whether it is a box of the grid or a strip under it, and what the ready
 * flag waits for (ready.ts). A new panel is one folder under panels/, one line here, and its place in
 * the layouts of layout.ts (docs/architecture.md, «add a panel»).
 */
import type { PanelId } from '../../../shared/wall/panels.js';
import type { PanelDef } from './types.js';
import { MapPanel, mapReady } from './map/MapPanel.js';
import { GaugesPanel, gaugesReady } from './gauges/GaugesPanel.js';
import { QueuePanel } from './queue/QueuePanel.js';
import { RatingPanel } from './rating/RatingPanel.js';
import { Ticker } from './ticker/Ticker.js';
import { Briefing } from './briefing/Briefing.js';
import { IncidentsPanel } from './incidents/IncidentsPanel.js';

export const PANELS: Readonly<{ [K in PanelId]: PanelDef & { id: K } }> = {
  map: { id: 'map', Component: MapPanel, area: 'map', place: 'box', ready: mapReady },
  gauges: { id: 'gauges', Component: GaugesPanel, area: 'gauges', place: 'box', ready: gaugesReady },
  queue: { id: 'queue', Component: QueuePanel, area: 'queue', place: 'box' },
  rating: { id: 'rating', Component: RatingPanel, area: 'rating', place: 'box' },
  ticker: { id: 'ticker', Component: Ticker, area: 'ticker', place: 'strip' },
  briefing: { id: 'briefing', Component: Briefing, area: 'briefing', place: 'box' },
  incidents: { id: 'incidents', Component: IncidentsPanel, area: 'incidents', place: 'box' },
};

export function panelDef(id: PanelId): PanelDef {
  return PANELS[id];
}
