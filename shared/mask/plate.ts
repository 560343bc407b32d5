/**
 * Russian car plates (ГОСТ Р 50577): a letter, three digits, two letters and the region
 * («А123ВС 159», «в456ор41», «К 001 ММ 51 RUS»), Cyrillic letters or their Latin look-alikes;
 * the bus and taxi form of two letters, three digits and the region («АО 123 41»). Bounded
 * expressions on the original text (the folded one turns «ОО» after digits into zeros).
 * Lower case only when written without spaces: «к 100 мм» is a length, not a plate.
 */
import { SP, type Sink } from './text.js';

const U = '[АВЕКМНОРСТУХABEKMHOPCTYX]';
const L = '[авекмнорстухabekmhopctyx]';
const REGION = `(?:${SP}{0,2}\\d{2,3}(?:${SP}{0,2}(?:RUS|rus|Rus|РУС|рус))?)`;
const PLATE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:` +
    `${U}${SP}{0,2}\\d{3}${SP}{0,2}${U}{2}${REGION}?` +
    `|${L}\\d{3}${L}{2}(?:\\d{2,3})?` +
    `|${U}{2}${SP}{0,2}\\d{3}${SP}{0,2}\\d{2,3}(?:${SP}{0,2}(?:RUS|rus|РУС))?` +
    `)(?![\\p{L}\\p{N}])`,
  'gu',
);

export function addPlates(text: string, out: Sink): void {
  // matchAll steps over an empty match itself; every alternative needs six characters anyway.
  for (const m of text.matchAll(PLATE)) out.push({ kind: 'plate', start: m.index, end: m.index + m[0].length });
}
