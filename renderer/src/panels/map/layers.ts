/**
 * The map's deck.gl layers as one composite layer: the heat map of message points, fed straight from
 * the hub's Float32Array [lon, lat, weight] as binary attributes (no per-point objects), and optional
 * 3D columns per municipality.
 */
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { ColumnLayer } from '@deck.gl/layers';
import { IncidentRingsLayer, type IncidentMark } from './incidentRings.js';
import type { HeatPointsResult } from '../../../../shared/bridge/protocol.js';

/**
 * HeatmapLayer with a colour domain in raw weight-texture units, fixed by the scene (heatScale.ts),
 * instead of deck's per-viewport maximum (or its SUM-mode domain, which deck rescales by the texel
 * size of the visible bounds). It overrides `draw` and sets the layer's own `colorDomain` state.
 */
class SceneHeatmapLayer extends HeatmapLayer<unknown, { sceneDomain: [number, number] | null }> {
  static override layerName = 'SceneHeatmapLayer';
  override draw(opts: Parameters<HeatmapLayer['draw']>[0]): void {
    const d = this.props.sceneDomain;
    const st = this.state as { colorDomain?: number[]; weightsScale?: number };
    if (d) {
      const k = st.weightsScale ?? 1;
      st.colorDomain = [d[0] * k, d[1] * k];
    }
    super.draw(opts);
  }
}

/** Heat: warm magma tones, a different family from the viridis choropleth underneath. */
export const HEAT_COLOURS: [number, number, number, number][] = [
  [80, 18, 123, 0],
  [140, 41, 129, 150],
  [222, 73, 104, 190],
  [254, 159, 109, 220],
  [252, 253, 191, 240],
  [255, 255, 255, 255],
];

export interface ColumnDatum {
  position: [number, number];
  value: number;
  oktmo: string;
}

export interface WallMapLayerProps {
  /** Message points of the scene; null or empty: no heat map. */
  heat: HeatPointsResult | null;
  /** Heat kernel radius in screen px. */
  radiusPx: number;
  /** The scene's fixed heat colour domain (heatScale.ts). */
  heatDomain: [number, number] | null;
  /** One column per municipality (incoming); null: no columns. */
  columns: ColumnDatum[] | null;
  /** Active incidents' places (incidentRings.ts); null or empty: none. */
  incidents?: IncidentMark[] | null;
  /** Ring stroke and smallest radius, screen px (scaled with the map by MapPanel). */
  ringWidthPx?: number;
  ringMinRadiusPx?: number;
}

export class WallMapLayer extends CompositeLayer<WallMapLayerProps> {
  static override layerName = 'WallMapLayer';
  static override defaultProps: DefaultProps<WallMapLayerProps> = {
    heat: { type: 'object', value: null },
    radiusPx: { type: 'number', value: 30 },
    heatDomain: { type: 'object', value: null },
    columns: { type: 'object', value: null },
    incidents: { type: 'object', value: null },
    ringWidthPx: { type: 'number', value: 5 },
    ringMinRadiusPx: { type: 'number', value: 26 },
  };

  override renderLayers(): Layer[] {
    const { heat, radiusPx, heatDomain, columns } = this.props;
    const layers: Layer[] = [];
    if (heat && heat.count > 0) {
      const pts = heat.points;
      layers.push(
        new SceneHeatmapLayer(
          this.getSubLayerProps({
            id: 'heat',
            data: {
              length: heat.count,
              attributes: {
                getPosition: { value: pts, size: 2, stride: 12, offset: 0 },
                getWeight: { value: pts, size: 1, stride: 12, offset: 8 },
              },
            },
            radiusPixels: radiusPx,
            intensity: 1,
            threshold: 0.04,
            sceneDomain: heatDomain,
            colorRange: HEAT_COLOURS,
            aggregation: 'SUM',
            updateTriggers: { getPosition: heat.dataVersion, getWeight: heat.dataVersion },
          }),
        ),
      );
    }
    if (columns) {
      const max = Math.max(1, ...columns.map((c) => c.value));
      layers.push(
        new ColumnLayer<ColumnDatum>(
          this.getSubLayerProps({
            id: 'columns',
            data: columns,
            getPosition: (d: ColumnDatum) => d.position,
            getElevation: (d: ColumnDatum) => (d.value / max) * 250_000,
            radius: 9000,
            diskResolution: 24,
            extruded: true,
            getFillColor: [255, 255, 255, 200],
            updateTriggers: { getElevation: [max, columns] },
          }),
        ),
      );
    }
    if (this.props.incidents?.length) layers.push(new IncidentRingsLayer(this.getSubLayerProps({ id: 'incidents', marks: this.props.incidents, widthPx: this.props.ringWidthPx ?? 5, minRadiusPx: this.props.ringMinRadiusPx ?? 26 })));
    return layers;
  }
}
