/** Names on the wall: the reference dictionaries' block and municipality names, and their short forms. */
import { useMemo } from 'react';
import { blockLabel } from '../../shared/blocks.js';
import { useWall } from './store.js';

export interface Names {
  blocks: ReadonlyMap<string, string>;
  municipalities: ReadonlyMap<string, string>;
  /** A block's name from the reference, or its standard label. */
  block: (id: string) => string;
}

export function useNames(): Names {
  const reference = useWall((s) => s.hello?.reference ?? null);
  return useMemo(() => {
    const blocks = new Map((reference?.blocks ?? []).map((b) => [b.id, b.name]));
    const municipalities = new Map((reference?.municipalities ?? []).map((m) => [m.oktmo, m.name]));
    return { blocks, municipalities, block: (id: string) => blockLabel(id, blocks.get(id)) };
  }, [reference]);
}

/**
 * «Елизовский муниципальный район» → «Елизовский район», «город Березники» → «Березники», «поселок
 * Палана» → «посёлок Палана» (ё as the typographic norm has it; the OSM names write е): the name on
 * the map and in the ticker, every word whole. Pure.
 */
export function shortName(name: string): string {
  return name
    .replace(/ муниципальный район$/, ' район')
    .replace(/ муниципальный округ$/, ' округ')
    .replace(/ городской округ$/, '')
    .replace(/^город(?:-герой)? /, '')
    .replace(/^поселок /, 'посёлок ')
    .replace(/^посёлок городского типа /, 'посёлок ');
}

/**
 * The shorter forms of a map label, longest first, for when the whole name does not fit: the name
 * without «район»/«округ» (the adjective still says it), then without «посёлок». Pure.
 */
export function labelVariants(name: string): string[] {
  const full = shortName(name);
  const out = [full];
  const bare = full.replace(/ (?:район|округ)$/, '').replace(/^посёлок /, '');
  if (bare !== full) out.push(bare);
  return out;
}

/**
 * A table name: shortName without «район»/«округ» (the adjective already says it, as in regional
 * rating tables); compound city names stay whole («Петропавловск-Камчатский»). Pure.
 */
export function tableName(name: string): string {
  return shortName(name).replace(/ (?:район|округ)$/, '');
}
