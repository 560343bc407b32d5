/**
 * Common ground of the masking detectors: the kinds, the spans, the look-alike folding pass, the
 * tokens of an earlier masking and the windows a detector runs in. Pure and isomorphic.
 *
 * Linear time, the rule every detector keeps: each regular expression has bounded quantifiers only
 * ({0,N} with a small N, never + or * over a class that the next part can also match), so one
 * attempt at one position costs a bounded number of steps; scans are loops over char codes; a
 * look-back reads a fixed-size window. Nothing recurses.
 */

export type PersonalDataKind = 'phone' | 'email' | 'name' | 'address' | 'passport' | 'snils' | 'inn' | 'plate' | 'card';

/** The token that replaces each kind of datum. */
export const MASK_TOKENS: Record<PersonalDataKind, string> = {
  phone: '[телефон]',
  email: '[e-mail]',
  name: '[ФИО]',
  address: '[адрес]',
  passport: '[паспорт]',
  snils: '[СНИЛС]',
  inn: '[ИНН]',
  plate: '[госномер]',
  card: '[карта]',
};

export interface PersonalDataSpan {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

export type Sink = PersonalDataSpan[];

/** Horizontal space, including the no-break space that web forms like to insert. */
export const SP = '[ \\u00A0\\t]';

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Which UTF-16 code units are letters (`\p{L}`), one byte each, built once at load (about 10 ms):
 * a look-up is as fast as the ASCII test it replaces, for every script. A lone surrogate is no
 * letter, so a letter outside the BMP is none here either, as `\p{L}` on one code unit says.
 */
const LETTERS = new Uint8Array(0x10000);
const LETTER = /\p{L}/u;
for (let c = 0; c < 0x10000; c++) LETTERS[c] = LETTER.test(String.fromCharCode(c)) ? 1 : 0;

/** The code unit at `i` is a letter; outside the text there is none. */
export function isLetterAt(s: string, i: number): boolean {
  return LETTERS[s.charCodeAt(i)] === 1;
}

/** `each` for every match of `re` (global) in `text`; matchAll steps over an empty match itself. */
export function eachMatch(re: RegExp, text: string, each: (m: RegExpExecArray) => void): void {
  for (const m of text.matchAll(re)) each(m);
}

// --- folding ---------------------------------------------------------------------------------

/** Latin letters that look like Cyrillic ones, folded inside words that mix both scripts. */
const LATIN_TO_CYR = new Map<number, string>(
  Object.entries({
    a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', k: 'к', m: 'м', t: 'т', u: 'и',
    A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', X: 'Х', Y: 'У', K: 'К', M: 'М', T: 'Т', B: 'В', H: 'Н',
  }).map(([k, v]) => [k.charCodeAt(0), v]),
);
/** Letters typed for digits inside a number («55-ЗЗ», «45-б7», «1О»). */
const LETTER_TO_DIGIT = new Map<number, string>(
  Object.entries({ З: '3', з: '3', О: '0', о: '0', O: '0', o: '0', б: '6', l: '1', I: '1' }).map(([k, v]) => [k.charCodeAt(0), v]),
);

function isCyr(c: number): boolean {
  return c >= 0x400 && c <= 0x4ff;
}

/**
 * What a token of an earlier masking reads as: one inert word (no trigger, no name, but a letter,
 * so that what is glued to it stays glued). U+A66E, a letter no modern text uses.
 */
export const INERT = '\uA66E';

/** Where the tokens of an earlier masking stand in `text`, sorted. */
export function tokenRanges(text: string): Array<[number, number]> {
  const tokens: Array<[number, number]> = [];
  if (!text.includes('[')) return tokens;
  for (const t of Object.values(MASK_TOKENS)) {
    for (let k = text.indexOf(t); k >= 0; k = text.indexOf(t, k + t.length)) tokens.push([k, k + t.length]);
  }
  return tokens.sort((a, b) => a[0] - b[0]);
}

/**
 * A copy of `text` of the same length (so offsets carry over) where look-alike Latin letters inside
 * Cyrillic words are Cyrillic, letters typed for digits inside numbers are digits, and the tokens
 * of an earlier masking («[ФИО]», «[телефон]») are an inert word: masking a masked text finds
 * nothing new, whatever stood glued to a datum. One pass (and one indexOf scan per token).
 */
export function fold(text: string, tokens: Array<[number, number]> = tokenRanges(text)): string {
  const n = text.length;
  /** Replacements in increasing position order: position, character. */
  const at: number[] = [];
  const by: string[] = [];
  let ti = 0;
  let i = 0;
  while (i < n) {
    if (ti < tokens.length && i === (tokens[ti] as [number, number])[0]) {
      const e = (tokens[ti] as [number, number])[1];
      for (let k = i; k < e; k++) {
        at.push(k);
        by.push(INERT);
      }
      i = e;
      while (ti < tokens.length && (tokens[ti] as [number, number])[0] < i) ti++;
      continue;
    }
    while (ti < tokens.length && i > (tokens[ti] as [number, number])[0]) ti++;
    if (!isLetterAt(text, i)) {
      i++;
      continue;
    }
    const s = i;
    let cyr = false;
    let lookAlike = false;
    let digitLike = 0;
    while (i < n && isLetterAt(text, i)) {
      const c = text.charCodeAt(i);
      if (isCyr(c)) cyr = true;
      // Only a look-alike matters: a word with Cyrillic and other Latin letters has nothing to fold.
      else if (LATIN_TO_CYR.has(c)) lookAlike = true;
      if (LETTER_TO_DIGIT.has(c)) digitLike++;
      i++;
    }
    if (digitLike === i - s && i - s <= 2) {
      const p = s - 1;
      const afterDigit =
        isDigit(text.charCodeAt(p)) || ((text[p] === '-' || text[p] === '.') && isDigit(text.charCodeAt(p - 1)));
      if (afterDigit) {
        for (let k = s; k < i; k++) {
          at.push(k);
          by.push(LETTER_TO_DIGIT.get(text.charCodeAt(k)) ?? '');
        }
        continue;
      }
    }
    if (cyr && lookAlike) {
      for (let k = s; k < i; k++) {
        const m = LATIN_TO_CYR.get(text.charCodeAt(k));
        if (m !== undefined) {
          at.push(k);
          by.push(m);
        }
      }
    }
  }
  if (at.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (let j = 0; j < at.length; j++) {
    const k = at[j] ?? 0;
    parts.push(text.slice(from, k), by[j] ?? '');
    from = k + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

// --- windows -----------------------------------------------------------------------------------

function isSpaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

/** How far a window edge moves to reach a space before it gives up (a very long word). */
const WIDEN = 64;

/**
 * Runs `detect` on windows of `text` around `anchors` (increasing positions): [a - back, a + fwd]
 * merged where they touch and widened to a space on each side, so that the detector's own word
 * boundaries hold at the edges. Spans come back shifted to `text` offsets. A text without anchors
 * costs nothing; one full of them costs one pass over each window.
 */
export function inWindows(
  text: string,
  anchors: readonly number[],
  back: number,
  fwd: number,
  detect: (slice: string, out: Sink) => void,
  out: Sink,
): void {
  const n = text.length;
  let k = 0;
  const tmp: Sink = [];
  while (k < anchors.length) {
    let ws = Math.max(0, (anchors[k] ?? 0) - back);
    let we = Math.min(n, (anchors[k] ?? 0) + fwd);
    k++;
    while (k < anchors.length && (anchors[k] ?? 0) - back <= we) {
      we = Math.min(n, Math.max(we, (anchors[k] ?? 0) + fwd));
      k++;
    }
    for (let step = 0; ws > 0 && step < WIDEN && !isSpaceAt(text, ws - 1); step++) ws--;
    for (let step = 0; we < n && step < WIDEN && !isSpaceAt(text, we); step++) we++;
    tmp.length = 0;
    detect(text.slice(ws, we), tmp);
    for (const s of tmp) out.push({ kind: s.kind, start: s.start + ws, end: s.end + ws });
  }
}

/** Positions where a run of digits starts. */
export function digitRunStarts(text: string): number[] {
  const out: number[] = [];
  for (let i = 0, n = text.length; i < n; i++) {
    if (isDigit(text.charCodeAt(i)) && !isDigit(text.charCodeAt(i - 1))) out.push(i);
  }
  return out;
}
