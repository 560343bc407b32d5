/**
 * The map's mark of an active incident's place (docs/spec/alerts.md): a ring at the alert's
 * `center` holding its `radiusKm` (never smaller on screen than a few per cent of the map, so it
 * reads from six metres), or the municipality's outline when it has no located messages. Drawn as
 * a dark halo under a bright stroke in the level's colour, never filled: the labels (HTML over the
 * canvas) and the heat underneath stay readable.
 */
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { GeoResult, Incident } from '../../../../shared/bridge/protocol.js';

export type RGBA = [number, number, number, number];
const LEVEL_RGB: Record<1 | 2 | 3, [number, number, number]> = { 1: [86, 180, 233], 2: [230, 159, 0], 3: [255, 90, 54] };

export type IncidentMark =
  | { kind: 'ring'; id: string; level: 1 | 2 | 3; position: [number, number]; radiusM: number }
  | { kind: 'outline'; id: string; level: 1 | 2 | 3; feature: GeoResult['features'][number] };

/** The marks of the active incidents: a ring where located, else the municipality's outline. */
export function incidentMarks(active: readonly Incident[], geo: GeoResult | null): IncidentMark[] {
  const out: IncidentMark[] = [];
  for (const i of active) {
    const a = i.alert;
    if (a.state === 'ended') continue;
    if (a.center && a.radiusKm !== null) out.push({ kind: 'ring', id: a.id, level: a.level, position: [a.center.lon, a.center.lat], radiusM: Math.max(600, a.radiusKm * 1000) });
    else {
      const f = geo?.features.find((x) => x.properties.kind === 'municipality' && x.properties.oktmo === a.municipality);
      if (f) out.push({ kind: 'outline', id: a.id, level: a.level, feature: f });
    }
  }
  // drawn in this order: the highest level last, on top of a lower one at the same place
  return out.sort((x, y) => x.level - y.level);
}

/** A box on screen, px in the map's container. */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Where the rings lie on screen (their stroke and halo included), for the labels to keep clear of
 * them: a ring drawn through a name or a value would hide it from six metres. Pure: `project` is
 * the map's (lng/lat → container px).
 */
export function ringScreenBoxes(
  marks: readonly IncidentMark[],
  project: (lngLat: [number, number]) => { x: number; y: number },
  minRadiusPx: number,
  widthPx: number,
): ScreenBox[] {
  const out: ScreenBox[] = [];
  for (const m of marks) {
    if (m.kind !== 'ring') continue;
    const c = project(m.position);
    const north = project([m.position[0], m.position[1] + m.radiusM / 111_320]);
    const r = Math.max(minRadiusPx, Math.hypot(north.x - c.x, north.y - c.y)) + widthPx * 1.1;
    if (!Number.isFinite(c.x) || !Number.isFinite(c.y) || !Number.isFinite(r)) continue;
    out.push({ left: c.x - r, top: c.y - r, right: c.x + r, bottom: c.y + r });
  }
  return out;
}

export interface IncidentRingsProps {
  marks: IncidentMark[];
  /** Stroke width in px (the halo is twice as wide). */
  widthPx: number;
  /** Smallest ring radius on screen, px. */
  minRadiusPx: number;
}

export class IncidentRingsLayer extends CompositeLayer<IncidentRingsProps> {
  static override layerName = 'IncidentRingsLayer';
  static override defaultProps: DefaultProps<IncidentRingsProps> = {
    marks: { type: 'object', value: [] },
    widthPx: { type: 'number', value: 5 },
    minRadiusPx: { type: 'number', value: 26 },
  };

  override renderLayers(): Layer[] {
    const { marks, widthPx, minRadiusPx } = this.props;
    const rings = marks.filter((m): m is Extract<IncidentMark, { kind: 'ring' }> => m.kind === 'ring');
    const outlines = marks.filter((m): m is Extract<IncidentMark, { kind: 'outline' }> => m.kind === 'outline');
    const colour = (m: IncidentMark): RGBA => [...LEVEL_RGB[m.level], 255];
    const layers: Layer[] = [];
    for (const [pass, w, col] of [
      ['halo', widthPx * 2.2, (): RGBA => [0, 0, 0, 190]],
      ['stroke', widthPx, colour],
    ] as const) {
      if (outlines.length)
        layers.push(
          new GeoJsonLayer(
            this.getSubLayerProps({
              id: `outline-${pass}`,
              data: outlines.map((o) => o.feature),
              filled: false,
              stroked: true,
              getLineColor: (f: { properties: { oktmo: string } }) => col(outlines.find((o) => o.feature.properties.oktmo === f.properties.oktmo)!),
              lineWidthUnits: 'pixels',
              getLineWidth: w,
              updateTriggers: { getLineColor: outlines.map((o) => o.level).join() },
            }),
          ),
        );
      if (rings.length)
        layers.push(
          new ScatterplotLayer<Extract<IncidentMark, { kind: 'ring' }>>(
            this.getSubLayerProps({
              id: `ring-${pass}`,
              data: rings,
              getPosition: (d: Extract<IncidentMark, { kind: 'ring' }>) => d.position,
              getRadius: (d: Extract<IncidentMark, { kind: 'ring' }>) => d.radiusM,
              radiusUnits: 'meters',
              radiusMinPixels: minRadiusPx,
              filled: false,
              stroked: true,
              lineWidthUnits: 'pixels',
              getLineWidth: w,
              getLineColor: col,
              updateTriggers: { getLineColor: rings.map((r) => r.level).join() },
            }),
          ),
        );
    }
    return layers;
  }
}
