/** The "about" payload the console shows: version, data source, licences. */
import { OSM_ATTRIBUTION, POPULATION_ATTRIBUTION, REGIONS } from '../../shared/regions.js';
import { effectiveRegion } from '../../shared/config.js';
import type { Config } from '../../shared/config.js';
import type { AboutInfo } from '../../shared/wall/ipc.js';

export const PRODUCT_NAME = 'Ситуационная стена';

export const LICENCES = [
  `Границы муниципальных образований: ${OSM_ATTRIBUTION}`,
  `Численность населения: ${POPULATION_ATTRIBUTION}`,
  'Electron, Chromium, Node.js — MIT / BSD (см. LICENSES.chromium.html в поставке)',
  'MapLibre GL JS — BSD-3-Clause; deck.gl — MIT; React — MIT; zod — MIT; better-sqlite3 — MIT',
];

export function aboutInfo(config: Config, version: string, versions: { electron?: string | undefined; chrome?: string | undefined }): AboutInfo {
  const region = REGIONS[effectiveRegion(config)].name;
  let source: string;
  if (config.source.kind === 'demo') source = `демонстрационные данные (${region})`;
  else {
    // Only the origin: a URL may carry credentials or query secrets.
    let origin = config.source.url;
    try {
      origin = new URL(config.source.url).origin;
    } catch {
      /* keep */
    }
    source = `центральный API: ${origin}`;
  }
  return {
    name: PRODUCT_NAME,
    version,
    electron: versions.electron ?? null,
    chrome: versions.chrome ?? null,
    source,
    region,
    licences: [...LICENCES],
  };
}
