/**
 * Combining marks and invisible characters, taken out of a text before the detectors read it.
 * Pure and isomorphic.
 *
 * A stress mark typed or pasted into a word («Ива́нов», «ива́н@mail.ru») is no letter to `\p{L}`, so
 * without this it would split the word for every detector and leave the name or address visible.
 * The same goes for a soft hyphen or a zero-width character from a web page (invisible on the
 * wall, but between two letters for a detector). The detectors read a copy without them; the spans
 * they find are carried back to the text as it was, so the marks outside a datum stay as typed.
 */

/** The characters invisible inside a word: soft hyphen, Mongolian vowel separator, zero-width ones, word joiner, BOM. */
const INVISIBLE = '\\u00AD\\u180E\\u200B-\\u200D\\u2060\\uFEFF';
/** Every combining mark, and the invisible characters. */
const DROPPED = new RegExp(`[\\p{M}${INVISIBLE}]`, 'u');
const INVISIBLE_ALL = new RegExp(`[${INVISIBLE}]`, 'gu');
/** The letters a mark makes that the detectors read as letters of their own. */
const COMPOSED_KEPT = 'йЙёЁ';

export interface Unmarked {
  /** The text without the dropped characters; «и» + breve is «й» and «е» + diaeresis «ё». */
  plain: string;
  /** For each UTF-16 unit of `plain`, its offset in the original text. */
  from: Int32Array;
}

/** `text` without its combining marks and invisible characters, or null when it has none. */
export function withoutMarks(text: string): Unmarked | null {
  if (!DROPPED.test(text)) return null;
  const out: string[] = [];
  const from = new Int32Array(text.length);
  let len = 0;
  /** The last character kept (none yet: '', which adds nothing), its offset and the marks after it. */
  let base = '';
  let baseAt = 0;
  let marks = '';
  const keep = (): void => {
    let kept = base;
    if (marks !== '') {
      // «и» + U+0306 is «й», «е» + U+0308 is «ё»: keep the letter they make. Every other mark is
      // dropped, the stress marks above all («и» + U+0300 would make «ѝ», which no detector knows).
      const composed = (base + marks.replace(INVISIBLE_ALL, '')).normalize('NFC')[0] as string;
      if (COMPOSED_KEPT.includes(composed)) kept = composed;
    }
    out.push(kept);
    for (let k = 0; k < kept.length; k++) from[len++] = baseAt + k;
  };
  let at = 0;
  // By code points: a character outside the BMP, a mark among them, is taken whole.
  for (const ch of text) {
    if (!DROPPED.test(ch)) {
      keep();
      base = ch;
      baseAt = at;
      marks = '';
    } else marks += ch; // (the marks before the first character are dropped: it resets them)
    at += ch.length;
  }
  keep();
  return { plain: out.join(''), from: from.subarray(0, len) };
}

/** Offsets `[start, end)` of `u.plain` as offsets of the original text of length `n`: the marks after the last character belong to the span. */
export function spanBack(u: Unmarked, n: number, start: number, end: number): [number, number] {
  const s = u.from[start] as number;
  const e = end < u.from.length ? (u.from[end] as number) : n;
  return [s, e];
}

