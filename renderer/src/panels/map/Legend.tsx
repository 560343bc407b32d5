/**
 * The map's legend: the indicator's name, its classes (colour AND range in words), and a note when
 * the heat map is on. `data-heat-domain` tells tests the scene's heat colour domain.
 */
import type { Ref } from 'react';
import type { Corner } from './geo.js';
import type { Thresholds } from '../../../../shared/engine/types.js';
import { INDICATOR_HAS_PERIOD, INDICATOR_LABELS, legend, type ChoroplethIndicator, type Domain } from './choropleth.js';

export function Legend({
  ref,
  corner,
  indicator,
  domain,
  thresholds,
  heatDomain,
  hasHeat,
  period,
}: {
  ref: Ref<HTMLDivElement>;
  corner: Corner;
  indicator: ChoroplethIndicator;
  domain: Domain;
  /** The region's zone thresholds (the zone legend names them). */
  thresholds: Pick<Thresholds, 'zoneGreen' | 'zoneYellow'> | null;
  heatDomain: [number, number] | null;
  hasHeat: boolean;
  /** «за сегодня», «за 7 дней»: the period the colours cover. */
  period: string;
}) {
  return (
    <div
      className="legend"
      data-testid="legend"
      data-corner={corner}
      ref={ref}
      data-heat-domain={heatDomain ? heatDomain.map((x) => +x.toPrecision(4)).join(',') : ''}
    >
      <div className="legend-title" data-testid="legend-title">
        {INDICATOR_LABELS[indicator]}
        {INDICATOR_HAS_PERIOD[indicator] && period ? ` ${period}` : ''}
      </div>
      <ul>
        {legend(domain, thresholds ?? undefined).map((it) => (
          <li key={it.label}>
            <span className="swatch" style={{ background: it.colour }} />
            {it.label}
          </li>
        ))}
      </ul>
      {hasHeat && <div className="legend-heat">пятна — места обращений {period}</div>}
    </div>
  );
}
