/**
 * Rating zones' colours and words, shared by the rating table and the map's zone choropleth.
 * Green and yellow are Okabe–Ito; the red zone is an alarm red (not orange), and never colour alone:
 * its word carries a warning sign (⚠), and a zone is always named in words too.
 */
import type { Zone } from '../../../shared/engine/types.js';

/** One definition: the indicator registry's zone colours (shared/indicators.ts). */
export { ZONE_COLOURS } from '../../../shared/indicators.js';

/** The zone's word in a table cell. */
export const ZONE_SHORT: Readonly<Record<Zone, string>> = { green: 'зелёная', yellow: 'жёлтая', red: '⚠ красная', none: 'мало данных' };
