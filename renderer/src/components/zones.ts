/**
 * Rating zones' colours and words, shared by the rating table and the map's zone choropleth.
 * Okabe–Ito colours (readable with every kind of colour blindness); a zone is always named in words too.
 */
import type { Zone } from '../../../shared/engine/types.js';

export const ZONE_COLOURS: Readonly<Record<Zone, string>> = {
  green: '#009E73',
  yellow: '#F0E442',
  red: '#D55E00',
  none: '#6b7280',
};

/** The zone's word in a table cell. */
export const ZONE_SHORT: Readonly<Record<Zone, string>> = { green: 'зелёная', yellow: 'жёлтая', red: 'красная', none: 'мало дан.' };
