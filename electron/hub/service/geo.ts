/**
 * The `getGeo` answer: the region outline and its municipalities (bundled boundaries in
 * assets/geo, loaded through electron/hub/geo/regions.ts) as one GeoJSON FeatureCollection.
 */
import { loadRegionGeo } from '../geo/regions.js';
import { OSM_ATTRIBUTION, POPULATION_ATTRIBUTION, type RegionId } from '../../../shared/regions.js';
import type { GeoResult } from '../../../shared/bridge/protocol.js';

/** `names`: municipality names from the reference (preferred over the file's names). */
export function loadGeo(region: RegionId, names: ReadonlyMap<string, string>): GeoResult {
  const geo = loadRegionGeo(region);
  return {
    type: 'FeatureCollection',
    bbox: [geo.bbox[0], geo.bbox[1], geo.bbox[2], geo.bbox[3]],
    attribution: [OSM_ATTRIBUTION, POPULATION_ATTRIBUTION],
    features: [
      {
        type: 'Feature',
        geometry: geo.outline as unknown as GeoResult['features'][number]['geometry'],
        properties: { kind: 'region', oktmo: `${geo.info.code}000000`, name: geo.info.name, population: geo.population },
      },
      ...geo.municipalities.map((m) => ({
        type: 'Feature' as const,
        geometry: m.geometry as unknown as GeoResult['features'][number]['geometry'],
        properties: {
          kind: 'municipality' as const,
          oktmo: m.oktmo,
          name: names.get(m.oktmo) ?? m.name,
          population: m.population,
          type: m.type,
          centre: [m.centre.lon, m.centre.lat],
        },
      })),
    ],
  };
}
