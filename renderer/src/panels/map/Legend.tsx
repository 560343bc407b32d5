/**
 * The map's legend: the indicator's classes (colour AND range in words), and a note when the heat
 * map is on. The indicator's name and period head the map panel (MapPanel.tsx), not the legend: a
 * small legend finds a free corner of the map more often, and the region gets more of the panel. `data-heat-domain` tells tests the scene's heat colour domain.
 */
import type { Ref } from 'react';
import type { Corner } from './geo.js';
import type { Thresholds } from '../../../../shared/engine/types.js';
import { legend, type Domain } from './choropleth.js';

export function Legend({
  ref,
  corner,
  domain,
  thresholds,
  heatDomain,
  hasHeat,
}: {
  ref: Ref<HTMLDivElement>;
  corner: Corner;
  domain: Domain;
  /** The region's zone thresholds (the zone legend names them). */
  thresholds: Pick<Thresholds, 'zoneGreen' | 'zoneYellow'> | null;
  heatDomain: [number, number] | null;
  hasHeat: boolean;
}) {
  return (
    <div
      className="legend"
      data-testid="legend"
      data-corner={corner}
      ref={ref}
      data-heat-domain={heatDomain ? heatDomain.map((x) => +x.toPrecision(4)).join(',') : ''}
    >
      <ul>
        {legend(domain, thresholds ?? undefined).map((it) => (
          <li key={it.label}>
            <span className="swatch" style={{ background: it.colour }} />
            {it.label}
          </li>
        ))}
      </ul>
      {hasHeat && <div className="legend-heat">пятна — места обращений</div>}
    </div>
  );
}
