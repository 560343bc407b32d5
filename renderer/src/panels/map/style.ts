/**
 * The map's maplibre style, built in code from the hub's municipal polygons (no tile server, no
 * glyphs, no network): background, choropleth fill (colours via feature-state, so live updates never
 * re-send the 600 KB geometry to the worker), municipal borders, the focus outline, the region
 * outline. Pure.
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { GeoResult } from '../../../../shared/bridge/protocol.js';

export const MAP_BG = '#0a1020';
export const NO_FILL = '#3a4150';

type Feature = GeoResult['features'][number];

export function mapStyle(municipalities: Feature[], region: Feature[]): StyleSpecification {
  return {
    version: 8,
    sources: {
      muni: { type: 'geojson', data: { type: 'FeatureCollection', features: municipalities } as GeoJSON.FeatureCollection, promoteId: 'oktmo' },
      region: { type: 'geojson', data: { type: 'FeatureCollection', features: region } as GeoJSON.FeatureCollection },
    },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': MAP_BG } },
      {
        id: 'muni-fill',
        type: 'fill',
        source: 'muni',
        paint: {
          'fill-color': ['case', ['==', ['typeof', ['feature-state', 'fill']], 'string'], ['to-color', ['feature-state', 'fill']], NO_FILL],
          'fill-opacity': ['case', ['boolean', ['feature-state', 'dim'], false], 0.25, 0.78],
        },
      },
      { id: 'muni-line', type: 'line', source: 'muni', paint: { 'line-color': '#c9d6ea', 'line-width': 1.2, 'line-opacity': 0.75 } },
      {
        id: 'muni-focus',
        type: 'line',
        source: 'muni',
        filter: ['==', ['get', 'oktmo'], ''],
        paint: { 'line-color': '#ffffff', 'line-width': 4 },
      },
      { id: 'region-line', type: 'line', source: 'region', paint: { 'line-color': '#f2f6fc', 'line-width': 2.6 } },
    ],
  };
}

/** The filter of the focus outline: the focused municipality, or none. */
export function focusFilter(oktmo: string | null): ['==', ['get', 'oktmo'], string] {
  return ['==', ['get', 'oktmo'], oktmo ?? ''];
}
