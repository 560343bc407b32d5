/**
 * Numbers that are personal data: phones (every grouping, dictated digit by digit or in words),
 * СНИЛС, personal ИНН (12 digits), passport series and number, bank card numbers (16 digits, Luhn).
 *
 * One scanner pass over the (folded) text collects chains of digit groups joined by spaces, dashes,
 * dots and brackets («+7 (914) 123-45-67», «8 9 1 4 …», «4276 1234 5678 9014»). Each chain is read
 * left to right: at each group the longest run of up to MAX_GROUPS groups that forms a datum wins,
 * the scan goes on after it. The decision needs only the digits, their grouping and a bounded
 * look-back for a trigger word («тел.», «СНИЛС», «ИНН», «паспорт»): linear in the text.
 *
 * Phones: 11 digits from 7/8 with an area or mobile code starting 3, 4, 8 or 9 (8-800 free-phone
 * numbers belong to organisations and stay), 10 digits from 9 (a bare mobile), 10 digits of a
 * 3-5 digit area code and the number when grouped («(342) 236-11-09»), 7 digits as 3-2-2 with
 * dashes, 5-7 digits right after a phone word. Area codes are not listed: every 3xx/4xx/8xx code
 * passes (Пермь 342, Бурятия 3012, Камчатка 4152, Мурманск 8152, Волгоград 8442 and their districts).
 */
import { SP, isDigit, isLetterAt, type Sink } from './text.js';

/** The most groups one datum spans (an ИНН dictated digit by digit has 12, a phone 11). */
const MAX_GROUPS = 12;
/** A digit run longer than this is no datum of ours (a hash, an account): skipped whole. */
const MAX_RUN = 19;

interface Group {
  s: number;
  e: number;
  /** Separator before this group (text between the previous group and this one). */
  sep: string;
}

/** Trigger words, found once per text; a number is «after» one when only a few words lie between. */
const PHONE_TRIGGER =
  /(?<![\p{L}\p{N}])(?:тел|тлф|номер|звон|позвон|набер|моб|сот|связ|контакт|whatsapp|viber|вотсап|ватсап|телеграм|факс)\p{L}{0,12}\.?/giu;
const SNILS_TRIGGER = /(?<![\p{L}\p{N}])снилс\p{L}{0,6}/giu;
const INN_TRIGGER = /(?<![\p{L}\p{N}])инн(?![\p{L}])/giu;
const PASSPORT_TRIGGER = /(?<![\p{L}\p{N}])(?:паспорт\p{L}{0,6}|серия|серии|сер\.)/giu;
/** Words before a number that make it a code, an account or a sum, never a phone. */
const NOT_PHONE_TRIGGER =
  /(?<![\p{L}\p{N}])(?:инн|огрн|огрнип|октмо|окато|кпп|бик|окпо|счёт|счет|сч\.|договор\p{L}{0,3}|заявк\p{L}{0,3}|обращени\p{L}{0,3}|ид|id|код\p{L}{0,3}|артикул|инв\.)|№/giu;

const GAP_WORDS = (words: number, last: string) =>
  new RegExp(`^(?:[ \\u00A0:,.\\-–—№()]{1,4}[\\p{L}.]{1,15}){0,${words}}${last}$`, 'u');
const PHONE_GAP = GAP_WORDS(3, '[ \\u00A0:,.\\-–—№()+]{1,4}');
const DOC_GAP = GAP_WORDS(3, '[ \\u00A0:,.\\-–—№()]{1,4}');
const PASSPORT_GAP = GAP_WORDS(4, '[ \\u00A0:,.\\-–—№()]{1,4}');
const NOT_PHONE_GAP = /^[ \u00A0:.\-№]{0,4}$/u;

/** End positions of the matches of `re` in `f`, in increasing order. */
function ends(re: RegExp, f: string): number[] {
  // matchAll steps over an empty match itself; no trigger expression matches the empty string.
  const out: number[] = [];
  for (const m of f.matchAll(re)) out.push(m.index + m[0].length);
  return out;
}

class Trigger {
  constructor(
    private readonly at: number[],
    private readonly gap: RegExp,
    private readonly window: number,
  ) {}
  /** The latest trigger end at or before `pos`, or -1 (the ends are sorted: a binary search). */
  private lastEndAtOrBefore(pos: number): number {
    const a = this.at;
    let lo = 0;
    let hi = a.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((a[mid] ?? 0) <= pos) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best < 0 ? -1 : (a[best] ?? 0);
  }
  /** A trigger ends at most `window` characters before `start`, with only `gap` between. */
  before(f: string, start: number): boolean {
    const end = this.lastEndAtOrBefore(start);
    return end >= 0 && start - end <= this.window && this.gap.test(f.slice(end, start));
  }
  /** A trigger ends exactly at `pos`. */
  endsAt(pos: number): boolean {
    return this.lastEndAtOrBefore(pos) === pos;
  }
}

interface Triggers {
  phone: Trigger;
  snils: Trigger;
  inn: Trigger;
  passport: Trigger;
  notPhone: Trigger;
}

/** Each kind of trigger is looked for in the text the first time a number asks for it. */
class LazyTriggers {
  private readonly made: Partial<Triggers> = {};
  constructor(private readonly f: string) {}
  get(k: keyof Triggers): Trigger {
    let t = this.made[k];
    if (t === undefined) {
      const [re, gap, window] = TRIGGERS[k];
      t = new Trigger(ends(re, this.f), gap, window);
      this.made[k] = t;
    }
    return t;
  }
}

const TRIGGERS: Record<keyof Triggers, [RegExp, RegExp, number]> = {
  phone: [PHONE_TRIGGER, PHONE_GAP, 48],
  snils: [SNILS_TRIGGER, DOC_GAP, 48],
  inn: [INN_TRIGGER, DOC_GAP, 40],
  passport: [PASSPORT_TRIGGER, PASSPORT_GAP, 60],
  notPhone: [NOT_PHONE_TRIGGER, NOT_PHONE_GAP, 4],
};

function luhn(d: string): boolean {
  let sum = 0;
  for (let i = d.length - 1, alt = false; i >= 0; i--, alt = !alt) {
    let x = d.charCodeAt(i) - 48;
    if (alt) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  return sum % 10 === 0;
}

function innOk(d: string): boolean {
  const w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
  const w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
  const at = (i: number) => d.charCodeAt(i) - 48;
  let a = 0;
  let b = 0;
  for (let i = 0; i < 10; i++) a += (w1[i] ?? 0) * at(i);
  for (let i = 0; i < 11; i++) b += (w2[i] ?? 0) * at(i);
  return (a % 11) % 10 === at(10) && (b % 11) % 10 === at(11);
}

function snilsOk(d: string): boolean {
  let s = 0;
  for (let i = 0; i < 9; i++) s += (d.charCodeAt(i) - 48) * (9 - i);
  let c = s < 100 ? s : s % 101;
  if (c === 100) c = 0;
  return c === Number(d.slice(9));
}

function isSepChar(ch: string): boolean {
  return ch === ' ' || ch === '\u00A0' || ch === '-' || ch === '–' || ch === '.' || ch === '(' || ch === ')';
}

/** Trigger words after which a number glued by «.» or «:» is still read («тел.89141234567», «ИНН:…»). */
const GLUED_AFTER: ReadonlyArray<keyof Triggers> = ['phone', 'snils', 'inn', 'passport'];

/**
 * Where a chain may start: not glued to a word or to a longer number («1.5», «ФЗ-59», «41:01»),
 * unless the word it is glued to by «.», «:», «,», «-» or «/» is a trigger word («тел.89141234567»,
 * «ИНН:…»), or the digits start a mobile number («Иванович89141234567»). Anything else before
 * them starts a number: a bracket, a plus, «_» or «@» («Анна+79141234567», «тел(89141234567)»,
 * «д.+79141234567», «user_89141234567»).
 */
function leftOk(f: string, s: number, t: LazyTriggers): boolean {
  const p = s - 1;
  if (p < 0) return true;
  const ch = f[p] ?? '';
  if (isLetterAt(f, p)) return mobileStartAt(f, s);
  if ((ch === '.' || ch === ',' || ch === '-' || ch === '/' || ch === ':') && (isDigit(f.charCodeAt(p - 1)) || isLetterAt(f, p - 1))) {
    const glued = (at: number) => GLUED_AFTER.some((k) => t.get(k).endsAt(at));
    return glued(p) || glued(p + 1);
  }
  return true;
}

/**
 * A mobile number starts at `s` («89…» or «79…»): then it is a phone even when glued to the word
 * before it («Иванович89141234567», «…@mail.ru89141234567», «Ивановна8914 123 45 67»);
 * classify still asks for its eleven digits.
 */
function mobileStartAt(f: string, s: number): boolean {
  return (f[s] === '8' || f[s] === '7') && f[s + 1] === '9';
}

/**
 * What may follow a datum: not a letter, digit, «@» or «_», nor «,», «/» or «:» going on into a
 * digit. (A dot, a dash or a space going on into a digit continues the chain itself.)
 */
function rightOk(f: string, e: number): boolean {
  const ch = f[e] ?? '';
  if (isLetterAt(f, e) || isDigit(f.charCodeAt(e)) || ch === '@' || ch === '_') return false;
  if ((ch === ',' || ch === '/' || ch === ':') && isDigit(f.charCodeAt(e + 1))) return false;
  return true;
}

/** Start of a datum beginning with group `g`: a «+» and an opening bracket right before belong to it. */
function spanStart(f: string, s: number): number {
  let p = s;
  if (f[p - 1] === '(') p--;
  else if (f[p - 1] === ' ' && f[p - 2] === '(') p -= 2;
  if (f[p - 1] === '+') p--;
  else if (f[p - 1] === ' ' && f[p - 2] === '+') p -= 2;
  return p;
}

/** 'free': an 8-800 number, an organisation's: read past it, never masked. */
type Kind = 'phone' | 'snils' | 'inn' | 'passport' | 'card' | 'free';

/** The datum formed by groups [g, h] of `chain`, or null. `digits` are their digits. */
/** Trigger answers for one start position, asked lazily and at most once each. */
class StartContext {
  private readonly memo: Partial<Record<keyof Triggers, boolean>> = {};
  constructor(
    private readonly f: string,
    private readonly t: LazyTriggers,
    readonly start: number,
  ) {}
  has(k: keyof Triggers): boolean {
    let v = this.memo[k];
    if (v === undefined) {
      v = this.t.get(k).before(this.f, this.start);
      this.memo[k] = v;
    }
    return v;
  }
}

/** A unit after a short number makes it a sum or a measure («долг 12 345 руб.»), never a phone. */
const UNIT_AFTER = /^[ \u00A0]{0,2}(?:руб|р\.|₽|тыс|млн|млрд|коп|%|процент|кв\.|м2|км|метр|чел|шт|лет|год|дн|раз|кг|тонн|гект|га(?![\p{L}]))/iu;

/** The lengths of a datum's digit groups that classify asks for. */
const USEFUL = new Set([5, 6, 7, 10, 11, 12, 16]);

function classify(f: string, chain: Group[], g: number, h: number, digits: string, sizes: number[], cx: StartContext): Kind | null {
  const first = chain[g] as Group;
  const n = digits.length;
  const count = h - g + 1;
  const start = cx.start;
  const plus = f[start] === '+';
  if (n === 16 && (count === 1 || sizes.every((x) => x === 4)) && luhn(digits)) return 'card';
  if (n === 12) {
    if (cx.has('inn')) return 'inn';
    if (count === 1 && innOk(digits)) return 'inn';
    return null;
  }
  if (n === 11) {
    const snilsShape = count === 4 && sizes[0] === 3 && sizes[1] === 3 && sizes[2] === 3 && sizes[3] === 2;
    if (cx.has('snils') || (snilsShape && !plus)) return 'snils';
    const c0 = digits[0];
    const c1 = digits[1] ?? '';
    if ((c0 === '8' || c0 === '7') && digits.slice(1, 4) === '800') return 'free';
    if ((c0 === '8' || c0 === '7') && '3489'.includes(c1) && !cx.has('notPhone')) return 'phone';
    if (count === 1 && snilsOk(digits) && !cx.has('notPhone')) return 'snils';
    return null;
  }
  if (n === 10) {
    // After a passport word ten digits are its series and number, in any grouping («3005 12 3456»).
    if (cx.has('passport')) return 'passport';
    if (cx.has('notPhone')) return null;
    const c0 = digits[0] ?? '';
    if (c0 === '9' && sizes[0] !== 2) return 'phone';
    const code = sizes[0] ?? 0;
    // (a code of 3 to 5 digits leaves the rest of the ten in other groups)
    if ('348'.includes(c0) && code >= 3 && code <= 5 && digits.slice(0, 3) !== '800') {
      const bracketed = f[spanStart(f, first.s)] === '(' || f[first.s - 1] === '(';
      if (bracketed || count >= 3) return 'phone';
    }
    return null;
  }
  // (USEFUL asks for no length under 5)
  if (n <= 7) {
    if (((sizes[0] as number) > 3 && count > 1) || cx.has('notPhone')) return null;
    const end = (chain[h] as Group).e;
    if (UNIT_AFTER.test(f.slice(end, end + 12))) return null;
    if (cx.has('phone')) return 'phone';
    if (n === 7 && count === 3 && sizes[0] === 3 && sizes[1] === 2 && sizes[2] === 2) {
      const s1 = (chain[g + 1] as Group).sep.trim();
      const s2 = (chain[g + 2] as Group).sep.trim();
      if (s1 === '-' && s2 === '-' && !cx.has('notPhone')) return 'phone';
    }
  }
  return null;
}

/**
 * Reads the data of `chain` that start at groups [from, until) and pushes them to `out`. Returns
 * the group after the last datum read, or `until`. `continued`: the chain's first group is not the
 * start of the digits but the piece of a longer chain read before.
 */
function readChain(f: string, chain: Group[], out: Sink, t: LazyTriggers, from: number, until: number, continued: boolean): number {
  let g = from;
  while (g < until) {
    const s0 = (chain[g] as Group).s;
    const sep = (chain[g] as Group).sep;
    // A datum starts at the chain's start (not glued to a word or a longer number) or after a
    // space or a bracket inside it («1)89141234567»), never after a dash or a dot («8-800-100-12-34»).
    const canStart = g === 0 && !continued ? leftOk(f, s0, t) : /[\s()]/u.test(sep);
    let best = -1;
    let bestKind: Kind | null = null;
    if (canStart) {
      const cx = new StartContext(f, t, spanStart(f, s0));
      let digits = '';
      const sizes: number[] = [];
      for (let h = g; h < chain.length && h < g + MAX_GROUPS; h++) {
        const grp = chain[h] as Group;
        if (grp.e - grp.s > MAX_RUN) break;
        digits += f.slice(grp.s, grp.e);
        sizes.push(grp.e - grp.s);
        if (digits.length > 16) break;
        if (!USEFUL.has(digits.length)) continue;
        // A datum ends at the chain's end (then what follows must not glue to it) or where a space
        // stands in the separator («… 45 67. 12»), never inside «12-34» or «1.5».
        if (h === chain.length - 1 ? !rightOk(f, grp.e) : !/\s/u.test((chain[h + 1] as Group).sep)) continue;
        const k = classify(f, chain, g, h, digits, sizes, cx);
        if (k !== null) {
          best = h;
          bestKind = k;
        }
      }
    }
    if (best >= 0 && bestKind === 'free') g = best + 1;
    else if (best >= 0 && bestKind !== null && bestKind !== 'free') {
      let end = (chain[best] as Group).e;
      if (f[end] === ')' && f.slice(spanStart(f, s0), end).includes('(')) end++;
      out.push({ kind: bestKind, start: spanStart(f, s0), end });
      g = best + 1;
    } else g++;
  }
  return g;
}

/** The groups a piece of a long chain is read in. */
const PIECE = 64;

/** Chains of digit groups in `f` (the folded text), each read by readChain. */
export function addNumbers(f: string, out: Sink): void {
  const n = f.length;
  let i = 0;
  const chain: Group[] = [];
  const t = new LazyTriggers(f);
  while (i < n) {
    if (!isDigit(f.charCodeAt(i))) {
      i++;
      continue;
    }
    chain.length = 0;
    let sep = '';
    let j = i;
    let from = 0;
    let continued = false;
    for (;;) {
      let k = j;
      while (k < n && isDigit(f.charCodeAt(k))) k++;
      chain.push({ s: j, e: k, sep });
      // A separator: up to 5 characters of spaces, dashes, dots and brackets, at most 2 of them not spaces.
      let m = k;
      let marks = 0;
      while (m < n && m - k < 5 && isSepChar(f[m] ?? '')) {
        if (f[m] !== ' ' && f[m] !== '\u00A0') marks++;
        m++;
      }
      if (m > k && marks <= 2 && isDigit(f.charCodeAt(m))) {
        sep = f.slice(k, m);
        j = m;
        // A very long chain (a table of numbers) is read in pieces of bounded size. The data that
        // start in the last MAX_GROUPS - 1 groups of a piece may go on past it: they are read with
        // the next piece, which begins with those groups (a phone across the 64th group is found).
        if (chain.length >= PIECE) {
          const until = PIECE - (MAX_GROUPS - 1);
          from = readChain(f, chain, out, t, from, until, continued) - until;
          chain.splice(0, until);
          continued = true;
        }
        continue;
      }
      i = k;
      break;
    }
    readChain(f, chain, out, t, from, chain.length, continued);
  }
}

// --- dictated in words -----------------------------------------------------------------------

const NUM_WORDS = [
  'ноль', 'нуль', 'один', 'одна', 'два', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять',
  'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать',
  'семнадцать', 'восемнадцать', 'девятнадцать', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят',
  'семьдесят', 'восемьдесят', 'девяносто', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот',
  'семьсот', 'восемьсот', 'девятьсот', 'плюс',
]
  .sort((a, b) => b.length - a.length)
  .join('|');
const NUM_WORD = `(?:${NUM_WORDS})(?![\\p{L}])`;
/** Six numeral words or more in a row («восемь девятьсот четырнадцать сто двадцать три …»). */
const DICTATED = new RegExp(`(?<![\\p{L}])${NUM_WORD}(?:(?:${SP}{1,3}|${SP}{0,2}[,\\-–]${SP}{0,2})${NUM_WORD}){5,16}`, 'giu');

export function addDictatedPhones(f: string, out: Sink): void {
  for (const m of f.matchAll(DICTATED)) {
    out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
  }
}

// --- passport with its words -------------------------------------------------------------------

const PASSPORT_SERIES = '(?:серия|серии|сер\\.)[ \\u00A0:]{0,3}';
const PASSPORT_NUMBER_MARK = '(?:№|n|номер|ном\\.)[ \\u00A0:]{0,3}';
/** «серия 3005 № 123456», «30 07 № 112233», «81 03 номер 654321». */
const PASSPORT_FORM = new RegExp(
  `(?<![\\p{L}\\p{N}])(${PASSPORT_SERIES})?\\d{2}${SP}?\\d{2}[ \\u00A0,]{0,3}(${PASSPORT_NUMBER_MARK})?\\d{6}(?![\\p{N}])`,
  'giu',
);

export function addPassports(f: string, out: Sink): void {
  const passport = new Trigger(ends(PASSPORT_TRIGGER, f), PASSPORT_GAP, 60);
  for (const m of f.matchAll(PASSPORT_FORM)) {
    // Without «серия» or «№ / номер» only after a passport word: «паспорт 30 05, 123456» (the comma
    // ends addNumbers' chain, so it is read here).
    if (m[1] !== undefined || passport.before(f, m.index)) {
      out.push({ kind: 'passport', start: m.index, end: m.index + m[0].length });
    }
  }
}
