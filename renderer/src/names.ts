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

/** «Елизовский муниципальный район» → «Елизовский р-н» (map labels, the ticker). Pure. */
export function shortName(name: string): string {
  return name
    .replace(/ муниципальный район$/, ' р-н')
    .replace(/ муниципальный округ$/, ' МО')
    .replace(/ городской округ$/, '')
    .replace(/^город /, '')
    .replace(/^поселок /, 'п. ');
}

/**
 * A table name: shortName without «р-н» (the adjective already says it is a district, as in regional
 * rating tables), and long compound city names in their usual short form. Pure.
 */
export function tableName(name: string): string {
  const s = shortName(name).replace(/ р-н$/, '');
  // «Петропавловск-Камчатский» → «П.-Камчатский», as in regional reports.
  if (s.length > 20) {
    const m = /^([А-ЯЁ])[а-яё]{7,}-([А-ЯЁ][а-яё]+.*)$/.exec(s);
    if (m) return `${m[1]}.-${m[2]}`;
  }
  return s;
}
