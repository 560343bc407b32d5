/**
 * Masking of personal data in citizens' message texts before they reach the display wall
 * (DESIGN.md: "Personal data never appears on the wall"; docs/spec/central-api.md, field `text`:
 * "on the wall it is shown masked").
 *
 * Pure and isomorphic, linear in the text and non-recursive: combining marks and invisible
 * characters set aside (./marks.ts: «Ива́нов» is read as «Иванов»), a folding pass (look-alike letters),
 * one scanner pass over digit chains, a scan from each «@», and expressions with bounded
 * quantifiers for plates, addresses and names (see ./text.ts for the rule they keep). A text longer
 * than MAX_TEXT_CHARS is cut to it before masking (capText), with «…» at the cut.
 *
 * Each datum is replaced by its bracketed token (MASK_TOKENS); everything around it stays as it
 * was. Kinds, one file each: phones, СНИЛС, ИНН, passports and card numbers (./numbers.ts), e-mail
 * (./email.ts), names (./names.ts), addresses (./address.ts), car plates (./plate.ts).
 *
 * Left alone on purpose: dates, times, sums, percentages, temperatures, counts («ул. Ленина 5 ям»),
 * laws and standards (59-ФЗ, ФЗ-59, ГОСТ Р 50597-2017), order and route numbers, organisation codes
 * (ИНН of 10 digits, ОГРН, ОКТМО), 8-800 free-phone numbers (they belong to organisations), a
 * 16-digit number failing the Luhn check, a first name alone.
 *
 * Known limits (a heuristic, not a guarantee; the console shows the full text to operators only):
 * rare first names without a patronymic («Иванов Эрдэни»); lower-case names without a patronymic;
 * addresses without a marker, «дом» or «по адресу» («Ленина 5-12»); foreign phones, passports and
 * plates; dates of birth; a datum cut in two by MAX_TEXT_CHARS is dropped with the cut, not masked.
 */
import { addAddresses } from './address.js';
import { addEmails } from './email.js';
import { addNames, nameAnchors } from './names.js';
import { addDictatedPhones, addNumbers, addPassports } from './numbers.js';
import { spanBack, withoutMarks } from './marks.js';
import { addPlates } from './plate.js';
import { MASK_TOKENS, digitRunStarts, fold, inWindows, tokenRanges, type PersonalDataKind, type PersonalDataSpan } from './text.js';

export { MASK_TOKENS } from './text.js';

export type { PersonalDataKind, PersonalDataSpan } from './text.js';


/**
 * The longest text masked whole: 20 000 characters (about ten pages; a citizen's message on the
 * federal feedback platform is limited to 4 000). Longer texts are cut to it before masking.
 */
export const MAX_TEXT_CHARS = 20_000;
/** What stands where a text was cut. */
export const CUT_MARK = '…';

/** When two candidates overlap and have the same length, the lower number wins. */
const PRIORITY: Record<PersonalDataKind, number> = {
  card: 0,
  snils: 1,
  inn: 2,
  passport: 3,
  email: 4,
  phone: 5,
  plate: 6,
  address: 7,
  name: 8,
};

/**
 * `text` cut to MAX_TEXT_CHARS with CUT_MARK at the end, or `text` itself when it fits. The cut
 * goes back to a space (within 200 characters) and drops a trailing run of digits and separators,
 * so that no half of a phone or card number stays visible unmasked.
 */
export function capText(text: string, max = MAX_TEXT_CHARS): string {
  if (text.length <= max) return text;
  let cut = max;
  for (let i = max; i > max - 200 && i > 0; i--) {
    if (/\s/u.test(text[i] ?? '')) {
      cut = i;
      break;
    }
  }
  let head = text.slice(0, cut);
  // A high surrogate at the end would be half a character.
  if (/[\uD800-\uDBFF]$/u.test(head)) head = head.slice(0, -1);
  head = head.replace(/[\s\d+()\-–.,:/№]{0,64}$/u, '');
  // The last word may be the first half of an e-mail or a name: drop it too.
  head = head.replace(/[^\s]{0,64}$/u, '').trimEnd();
  return `${head} ${CUT_MARK}`;
}

function candidates(text: string, tokens: Array<[number, number]>): PersonalDataSpan[] {
  const f = fold(text, tokens);
  const out: PersonalDataSpan[] = [];
  addNumbers(f, out);
  addDictatedPhones(f, out);
  addEmails(f, out);
  // Passports, plates and addresses hold digits: their expressions run only near digits.
  const digits = digitRunStarts(f);
  inWindows(f, digits, 100, 40, addPassports, out);
  inWindows(text, digits, 12, 24, addPlates, out);
  inWindows(f, digits, 300, 220, addAddresses, out);
  inWindows(f, nameAnchors(f), 150, 150, addNames, out);
  return out;
}

/**
 * The personal data found in `text` (whole, not capped): non-overlapping spans sorted by start,
 * `end` exclusive (UTF-16 offsets, as String.prototype.slice takes them). Where candidates
 * overlap, the longest wins; on equal length, the more specific kind (PRIORITY).
 */
export function findPersonalData(text: string): PersonalDataSpan[] {
  const u = withoutMarks(text);
  if (u === null) return findInPlain(text);
  // Stress marks, soft hyphens and zero-width characters would split a word for the detectors:
  // they read the text without them, and each span is carried back to the text as it was.
  return findInPlain(u.plain).map((sp) => {
    const [start, end] = spanBack(u, text.length, sp.start, sp.end);
    return { kind: sp.kind, start, end };
  });
}

function findInPlain(text: string): PersonalDataSpan[] {
  if (text.length === 0) return [];
  const tokens = tokenRanges(text);
  const all = candidates(text, tokens);
  if (all.length === 0) return [];
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start);
  const taken = new Uint8Array(text.length);
  // The tokens of an earlier masking are never swallowed by a new span.
  for (const [s, e] of tokens) taken.fill(1, s, e);
  const chosen: PersonalDataSpan[] = [];
  for (const c of all) {
    let free = true;
    for (let i = c.start; i < c.end; i++) {
      if (taken[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);
  return chosen;
}

function maskOnce(text: string): string {
  const spans = findPersonalData(text);
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.start), MASK_TOKENS[s.kind]);
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The most passes maskWhole makes; the second one almost always finds nothing. */
const MAX_PASSES = 4;

/**
 * `text` (whole, not capped) with each datum replaced by its token. Masked again until nothing
 * changes (a datum glued to another, «…123456ivan@mail.ru», shows once its neighbour is a token),
 * so that masking a masked text changes nothing.
 */
export function maskWhole(text: string): string {
  let t = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const m = maskOnce(t);
    if (m === t) break;
    t = m;
  }
  return t;
}

/**
 * `text` cut to MAX_TEXT_CHARS (capText) with each personal datum replaced by its token from
 * MASK_TOKENS («[телефон]», «[e-mail]», «[ФИО]», «[адрес]», «[паспорт]», «[СНИЛС]», «[ИНН]»,
 * «[госномер]», «[карта]»); everything else unchanged. Idempotent: masking a masked text changes
 * nothing.
 */
export function maskPersonalData(text: string): string {
  return maskWhole(capText(text));
}
