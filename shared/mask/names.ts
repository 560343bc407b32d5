/**
 * Names of persons:
 * - a first name followed by a patronymic (-ович/-евич/-ич/-овна/-евна/-ична/-инична in every
 *   case), with the surname before it (when it looks like a surname, or stands inside a sentence and
 *   is no title such as «Губернатору») or after it; Title case, ALL CAPS, and lower case when the
 *   first name is a known one («иванов иван иванович»);
 * - surname + initials (Иванов И. И., Петрову А.В.); initials + surname (И.И. Иванов);
 * - a known first name next to a word that looks like a surname («Иванов Иван», «Пётр Иванов»),
 *   in lower case too («иван петров», «петрова анна») when neither word is a common one («вера снова»);
 * - a form field by field: «Фамилия: Иванов Имя: Иван Отчество: Иванович», «ФИО: …» (any case
 *   after a colon; after the bare label only a capitalised word or a known first name).
 * A known first name alone («Анна») is left visible: it names nobody.
 *
 * Bounded: anchors are found by expressions with bounded quantifiers; the words around an anchor
 * are read in windows of 60 characters.
 */
import { INERT, SP, eachMatch, isLetterAt, type Sink } from './text.js';
import { isFirstName } from './first-names.js';



interface NameStyle {
  /** A surname or any capitalised word. */
  word: string;
  /** A first name: three letters at least, so that «На», «По» never pass for one. */
  first: string;
  patronymic: string;
}
const TITLE: NameStyle = {
  word: '\\p{Lu}\\p{Ll}{1,30}(?:-\\p{Lu}\\p{Ll}{1,30})?',
  first: '\\p{Lu}\\p{Ll}{2,30}(?:-\\p{Lu}\\p{Ll}{1,30})?',
  // -ична only after the stems of Илья, Кузьма, Фома, Лука, Никита, Савва, Фока (Ильинична,
  // Никитична…): «Пограничной», «Личной», «Столичной» are adjectives.
  patronymic: '\\p{Lu}\\p{Ll}{2,30}(?:ич(?:а|у|ем|ом|е)?|(?:овн|евн|(?:ин|ит|вв|ок)ичн)(?:а|ы|е|у|ой|ою))',
};
const UPPER: NameStyle = {
  word: '\\p{Lu}{2,30}(?:-\\p{Lu}{2,30})?',
  first: '\\p{Lu}{3,30}(?:-\\p{Lu}{2,30})?',
  patronymic: '\\p{Lu}{3,30}(?:ИЧ(?:А|У|ЕМ|ОМ|Е)?|(?:ОВН|ЕВН|(?:ИН|ИТ|ВВ|ОК)ИЧН)(?:А|Ы|Е|У|ОЙ|ОЮ))',
};
/** First name + patronymic. Groups: 1 first name, 2 patronymic. */
function firstPatronymic(s: NameStyle): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}\\-])(${s.first})${SP}{1,3}(${s.patronymic})(?![\\p{L}\\p{N}])`, 'gu');
}
const NAME_ANCHORS = [firstPatronymic(TITLE), firstPatronymic(UPPER)];
const INITIALS = `\\p{Lu}\\.${SP}?\\p{Lu}\\.`;
/** Surname + initials: «Иванов И. И.», «Петрову А.В». Group 1 is the surname. */
const SURNAME_INITIALS = new RegExp(
  `(?<![\\p{L}\\p{N}\\-.])(${TITLE.word})${SP}{1,3}\\p{Lu}\\.${SP}?\\p{Lu}(?:\\.|(?![\\p{L}\\p{N}]))`,
  'gu',
);
/** Surname + one initial: «Мамедов Р.», «Смирновой Е.» (the surname must look like one). Group 1. */
const SURNAME_INITIAL = new RegExp(
  `(?<![\\p{L}\\p{N}\\-.])(${TITLE.word})${SP}{1,3}\\p{Lu}\\.(?!${SP}?\\p{Lu}\\.|\\p{L})`,
  'gu',
);
/** Initials + surname: «И.И. Иванов». Group 1 is the surname. */
const INITIALS_SURNAME = new RegExp(
  `(?<![\\p{L}\\p{N}.])${INITIALS}${SP}?(${TITLE.word})(?![\\p{L}\\p{N}])`,
  'gu',
);
const WORD_AFTER = new RegExp(`^${SP}{1,3}(${TITLE.word}|${UPPER.word})(?![\\p{L}\\p{N}])`, 'u');
/** The word right before a name that makes it a street, an institution or a monument. */
const NOT_A_PERSON_BEFORE =
  /^(?:имени|им\.|памяти|ул\.|улиц\p{L}{0,4}|пр-кт\.?|пр-т\.?|просп\.|пр\.|проспект\p{L}{0,8}|пер\.|переул\p{L}{0,8}|пл\.|площад\p{L}{0,8}|б-р\.?|бульвар\p{L}{0,8}|наб\.|набережн\p{L}{0,8}|мкр\.?|микрорайон\p{L}{0,8}|проезд\p{L}{0,8}|сквер(?:а|у|е|ом|ы|ов|ам|ами|ах)?|памятник\p{L}{0,8}|музе\p{L}{0,8})$/iu;

const SURNAME_ENDINGS = new RegExp(
  '(?:' +
    [
      '(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ом|е|ой|ою|ы|ых|ыми)?',
      '(?:ск|цк|зк)(?:ий|ого|ому|им|ом|ая|ой|ую|ие|их|ими)',
      'ской|цкой',
      'енко|ко',
      '(?:ук|юк|чук)(?:а|у|ом|е)?',
      '(?:ян|янц)(?:а|у|ом|е)?',
      'дзе|швили|ых|их',
      'ич(?:а|у|ем|е)?',
    ].join('|') +
    ')$',
  'u',
);
/** Titles, kin words and sentence openers that stand capitalised before a name but are no surname. */
const NOT_A_SURNAME = new RegExp(
  '^(?:' +
    [
      'господин',
      'гражданин',
      'гражданк',
      'сын',
      'мужчин',
      'старшин',
      'губернатор',
      'глав',
      'президент',
      'мэр',
      'министр',
      'директор',
      'председател',
      'депутат',
      'прокурор',
      'администраци',
      'заместител',
      'начальник',
      'врач',
      'главврач',
      'уважаем',
      'дорог',
      'здравствуйт',
      'прошу',
      'просим',
      'спасибо',
      'помогит',
      'добр',
      'ветеран',
      'пенсионер',
      'пенсионерк',
      'жител',
      'жительниц',
      'инспектор',
      'участков',
      'сотрудник',
      'сотрудниц',
      'специалист',
      'руководител',
      'диспетчер',
      'мастер',
      'управляющ',
      'сосед',
      'соседк',
      'бабушк',
      'дедушк',
      'мам',
      'пап',
      'муж',
      'жен',
      'дочк',
      'доч',
      'дочер',
      'внук',
      'внучк',
      'сестр',
      'брат',
      'отец',
      'отц',
      'мать',
      'матер',
      'учител',
      'учительниц',
      'воспитател',
      'фельдшер',
      'медсестр',
      'терапевт',
      'педиатр',
      'хирург',
      'юрист',
      'адвокат',
      'нотариус',
      'суд',
      'судь',
      'пристав',
      'ректор',
      'декан',
      'завуч',
      'заведующ',
      'товарищ',
      'коллег',
      'родител',
      'заявител',
      'собственник',
      'автор',
      'профессор',
      'доктор',
      'академик',
      'генерал',
      'полковник',
      'майор',
      'капитан',
      'маршал',
      'геро',
      'кандидат',
      'водител',
      'кондуктор',
      'когда',
      'почему',
      'сколько',
      'где',
      'как',
      'что',
      'это',
      'мы',
      'вы',
      'он',
      'она',
      'они',
      'мо',
      'наш',
      'ваш',
      'его',
      'её',
      'ее',
      'вчера',
      'сегодня',
      'завтра',
      'уже',
      'опять',
      'снова',
      'также',
      'кроме',
      'для',
      'при',
      'без',
      'над',
      'под',
      'про',
      'или',
      'после',
      'перед',
      'около',
      'возле',
      'через',
      'нет',
      'если',
      'хотя',
      'чтобы',
      'поэтому',
      'тогда',
      'там',
      'тут',
      'здесь',
      'все',
      'всё',
      'весь',
      'вся',
      'кажд',
      'многи[ехм]',
      'други[ехм]',
      'этот',
      'эта',
      'тот',
      'только',
      'даже',
      'очень',
      'просто',
      'итак',
      'однако',
      'спасибо',
      'ответ',
      'звонил',
      'звонила',
      'звонили',
      'сказал',
      'сказала',
      'обещал',
      'обещала',
      'приходил',
      'приходила',
      'пришл',
      'ФИО',
    ].join('|') +
    ')(?:а|у|е|ой|ом|ы|ам|ами|ах|ый|ая|ое|ого|ому|ым|ую|ые|ых|им|ие|их|и|ь|ю|ей|я|ем|ём|й)?$',
  'iu',
);
/** Town names of the -ово/-ино/-ск kind and genitives («Камчатки», «Администрации»), often
 * capitalised mid-sentence before a name. */
const PLACE_LIKE = /(?:ово|ево|ёво|ино|ыно|ск|ске|ска|ску|град|граде|бург|бурге|[иы])$/u;
/** Capitalised words that end like a patronymic but are none. */
const NOT_A_PATRONYMIC =
  /^(?:кирпич|москвич|паралич|кулич|спич|сыч|бич|клич|хрыч|виновн|невиновн|условн|безусловн|духовн|бездуховн|греховн|любовн|верховн|церковн|дословн|родословн|бескровн|полнокровн|кровн|уголовн|поголовн|головн|неровн|ежедневн|повседневн|дневн|полудневн|душевн|задушевн|подушевн|гневн|древн|единичн|критичн|синтетичн|эстетичн|апатичн)/iu;

function looksLikeSurname(word: string): boolean {
  const w = word.toLowerCase();
  return w.length >= 4 && SURNAME_ENDINGS.test(w) && !NOT_A_SURNAME.test(w);
}

/** True when the position starts a sentence (text start, after . ! ? … a line break or a quote). */
function atSentenceStart(text: string, index: number): boolean {
  const i = spacesBefore(text, index) - 1;
  if (i < 0) return true;
  return /[.!?…\n\r"«„“(]/u.test(text[i] ?? '');
}

/** A capitalised word before a name is its surname when it looks like one, or stands mid-sentence. */
function acceptSurnameBefore(text: string, wordStart: number, word: string): boolean {
  if (NOT_A_SURNAME.test(word)) return false;
  if (looksLikeSurname(word)) return true;
  return !atSentenceStart(text, wordStart) && !PLACE_LIKE.test(word.toLowerCase()) && !isUpper(word);
}

function isUpper(word: string): boolean {
  return word === word.toUpperCase();
}

function isSpaceCh(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\u00A0' || ch === '\t';
}

/**
 * The start of the run of spaces that ends at `at` (`at` itself when none). Read whole: a form
 * padded with spaces («Иванов      Иван Иванович») keeps its words together. Each run is read
 * once per name found after it, so the work stays linear.
 */
function spacesBefore(text: string, at: number): number {
  let i = at;
  while (isSpaceCh(text[i - 1])) i--;
  return i;
}

/** The token (letters, dots, dashes; 24 characters at most) before `start` and its spaces. */
function tokenBefore(text: string, start: number): string {
  let i = spacesBefore(text, start);
  const e = i;
  while (i > 0 && e - i < 24 && (isLetterAt(text, i - 1) || text[i - 1] === '.' || text[i - 1] === '-')) i--;
  return text.slice(i, e);
}

function notAPersonContext(text: string, start: number): boolean {
  const t = tokenBefore(text, start);
  if (NOT_A_PERSON_BEFORE.test(t)) return true;
  // «г.Елизово.ул.» glued, or a token with a leading dot: try from each dot on (after the last
  // one is nothing, which is no street word either).
  for (let dot = t.indexOf('.'); dot >= 0; dot = t.indexOf('.', dot + 1)) {
    if (NOT_A_PERSON_BEFORE.test(t.slice(dot + 1))) return true;
  }
  return false;
}

const WORD_SHAPE = new RegExp(`^(?:${TITLE.word}|${UPPER.word})$`, 'u');
/** The length of the longest word WORD_SHAPE takes: «Аааа…-Аааа…», 1 + 30, the dash, 1 + 30. */
const WORD_MAX = 63;

/** The word before `at` (spaces between), in the shape of a name word, with its start. */
function wordBefore(text: string, at: number): { start: number; word: string } | null {
  // With no space before `at` the loop reads nothing (a name never starts glued to a letter or a
  // dash: its look-behind), and the empty word fails the shape.
  let i = spacesBefore(text, at);
  const e = i;
  // At most WORD_MAX characters: the longest word WORD_SHAPE takes (a double surname of 31 + 31
  // letters and the dash); a longer run fails the shape whether it is read whole or in part.
  while (i > 0 && e - i < WORD_MAX && (isLetterAt(text, i - 1) || (text[i - 1] === '-' && isLetterAt(text, i - 2)))) i--;
  const word = text.slice(i, e);
  if (!WORD_SHAPE.test(word)) return null;
  return { start: i, word };
}


const NOMINATIVE_PATRONYMIC = /(?:ич|на)$/iu;

function addPatronymicNames(out: Sink, text: string): void {
  for (const re of NAME_ANCHORS) {
    eachMatch(re, text, (m) => {
      const first = m[1] ?? '';
      const patronymic = m[2] ?? '';
      if (NOT_A_PATRONYMIC.test(patronymic) || NOT_A_SURNAME.test(first)) return;
      let start = m.index;
      let end = m.index + m[0].length;
      // «имени Петра Ильича», «ул. Петра Ильича» name the person in another case; «позвонили им.
      // Иван Петрович» (a nominative patronymic) is a person.
      if (notAPersonContext(text, start) && !NOMINATIVE_PATRONYMIC.test(patronymic)) return;
      const before = wordBefore(text, start);
      const beforeWord = before?.word;
      const beforeStart = before?.start ?? -1;
      if (
        beforeWord !== undefined &&
        // A word glued to what stands before it («5Ким») is none; a «-» opening a list line
        // («-Петрова Анна Сергеевна») is no glue (wordBefore takes «Иванова-» with its letters).
        !/[\p{L}\p{N}]/u.test(text[beforeStart - 1] ?? ' ') &&
        acceptSurnameBefore(text, beforeStart, beforeWord)
      ) {
        start = beforeStart;
      } else {
        const after = WORD_AFTER.exec(text.slice(end, end + 60));
        const afterWord = after?.[1];
        // NOT_A_PATRONYMIC reads word starts («Ежедневно»): a surname may start the same way
        // («Кирпичникова», «Головнина») and is taken when it looks like one.
        if (
          afterWord !== undefined &&
          !NOT_A_SURNAME.test(afterWord) &&
          (looksLikeSurname(afterWord) || !NOT_A_PATRONYMIC.test(afterWord))
        ) {
          end += after?.[0].length ?? 0;
        }
      }
      out.push({ kind: 'name', start, end });
    });
  }
  eachMatch(SURNAME_INITIALS, text, (m) => {
    const surname = m[1] ?? '';
    if (!acceptSurnameBefore(text, m.index, surname) || notAPersonContext(text, m.index)) return;
    out.push({ kind: 'name', start: m.index, end: m.index + m[0].length });
  });
  eachMatch(SURNAME_INITIAL, text, (m) => {
    const surname = m[1] ?? '';
    if (!looksLikeSurname(surname) || notAPersonContext(text, m.index)) return;
    out.push({ kind: 'name', start: m.index, end: m.index + m[0].length });
  });
  eachMatch(INITIALS_SURNAME, text, (m) => {
    const surname = m[1] ?? '';
    if (NOT_A_SURNAME.test(surname) || notAPersonContext(text, m.index)) return;
    out.push({ kind: 'name', start: m.index, end: m.index + m[0].length });
  });
}


// --- lower case: first name + patronymic --------------------------------------------------------

const LOWER_FP = new RegExp(
  `(?<![\\p{L}\\p{N}\\-])(\\p{Ll}{3,20})${SP}{1,3}(\\p{Ll}{2,30}(?:ич(?:а|у|ем|ом|е)?|(?:овн|евн|(?:ин|ит|вв|ок)ичн)(?:а|ы|е|у|ой|ою)))(?![\\p{L}\\p{N}])`,
  'gu',
);
const LOWER_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}\\-])(\\p{Ll}{3,30})${SP}{1,3}$`, 'u');
const LOWER_AFTER = new RegExp(`^${SP}{1,3}(\\p{Ll}{3,30})(?![\\p{L}\\p{N}])`, 'u');

function addLowerNames(out: Sink, text: string): void {
  eachMatch(LOWER_FP, text, (m) => {
    const first = m[1] ?? '';
    const patronymic = m[2] ?? '';
    if (!isFirstName(first, true) || NOT_A_PATRONYMIC.test(patronymic)) return;
    let start = m.index;
    let end = m.index + m[0].length;
    const b = LOWER_BEFORE.exec(text.slice(Math.max(0, start - 40), start));
    // In lower case the common words that end like a surname are none («голова», «готова»).
    if (b?.[1] !== undefined && lowerSurname(b[1])) start -= b[0].length;
    else {
      const a = LOWER_AFTER.exec(text.slice(end, end + 40));
      if (a?.[1] !== undefined && lowerSurname(a[1])) end += a[0].length;
    }
    out.push({ kind: 'name', start, end });
  });
}

// --- a known first name next to a surname ---------------------------------------------------------

const CAP_WORD = '\\p{Lu}\\p{Ll}{1,30}(?:-\\p{Lu}\\p{Ll}{1,30})?';
const UPPER_WORD = '\\p{Lu}{2,30}(?:-\\p{Lu}{2,30})?';
/** Two capitalised (or two upper-case) words; the second is read by a look-ahead so that pairs may overlap. */
const pair = (w: string) =>
  // not inside a word, nor after the hyphen of a double word («Мамина-Сибиряка»); a list bullet «-» may stand before it
  new RegExp(`(?<![\\p{L}\\p{N}.])(?<![\\p{L}\\p{N}]-)(${w})(?=${SP}{1,3}(${w})(?![\\p{L}\\p{N}]|\\.${SP}?\\p{Lu}\\.))`, 'gu');
const CAP_PAIRS = [pair(CAP_WORD), pair(UPPER_WORD)];
/** Two lower-case words (a chat, a dictated name): «иван петров», «петрова анна». */
const LOWER_PAIR = pair('\\p{Ll}{3,30}(?:-\\p{Ll}{2,30})?');
/**
 * Common words that end like a surname: in lower case a name has no capital to tell it from them
 * («анна снова звонила», «марина голова болит»), so they never count as one there.
 */
const LOWER_NOT_A_SURNAME = new RegExp(
  '^(?:' +
    [
      'снов', 'слов', 'основ', 'голов', 'коров', 'сов', 'дров', 'готов', 'здоров', 'нов', 'толст', 'плох',
      'магазин', 'бензин', 'керосин', 'карантин', 'витамин', 'камин', 'жасмин', 'мандарин', 'маргарин',
      'один', 'одн', 'половин', 'причин', 'машин', 'мужчин', 'женщин', 'глубин', 'вершин', 'тишин', 'картин',
      'должн', 'нужн', 'видн', 'ясн', 'сам', 'таков', 'каков', 'весь', 'всех', 'их', 'них', 'других', 'своих',
      'пешком', 'потом', 'дом', 'ком', 'том', 'ом', 'ов', 'улиц', 'больниц', 'поликлиник',
    ].join('|') +
    ')(?:а|у|ы|ой|ою|ом|е|ым|ых|ыми|ая|ую|ие|ий|ого|ому|им)?$',
  'u',
);
const lowerSurname = (w: string) => looksLikeSurname(w) && !LOWER_NOT_A_SURNAME.test(w);

function addFirstNameSurname(out: Sink, text: string): void {
  // lower case: a known first name that is no common word, beside a surname-shaped word that is
  // no common word either; a first name alone («анна звонила») stays, as in Title case
  eachMatch(LOWER_PAIR, text, (m) => {
    const a = m[1] ?? '';
    const b = m[2] ?? '';
    const ok = (isFirstName(a, true) && lowerSurname(b)) || (lowerSurname(a) && isFirstName(b, true));
    if (!ok || notAPersonContext(text, m.index)) return;
    out.push({ kind: 'name', start: m.index, end: m.index + a.length + gapAfter(text, m.index + a.length) + b.length });
  });
  for (const re of CAP_PAIRS) eachMatch(re, text, (m) => {
    const a = m[1] ?? '';
    const b = m[2] ?? '';
    const ok = (isFirstName(a, false) && looksLikeSurname(b)) || (looksLikeSurname(a) && isFirstName(b, false));
    if (!ok || NOT_A_SURNAME.test(a) || NOT_A_SURNAME.test(b) || notAPersonContext(text, m.index)) return;
    out.push({ kind: 'name', start: m.index, end: m.index + a.length + gapAfter(text, m.index + a.length) + b.length });
  });
}

/** Spaces between two words of a pair (at most 3). */
function gapAfter(text: string, at: number): number {
  return /^[ \u00A0\t]{1,3}/u.exec(text.slice(at, at + 3))?.[0].length ?? 1;
}

// --- field by field ---------------------------------------------------------------------------

const LABEL = new RegExp(
  `(?<![\\p{L}])(фамилия|имя|отчество|ф\\.${SP}?и\\.${SP}?о\\.?|фио|меня${SP}{1,3}зовут|зовут${SP}{1,3}меня)` +
    `(?:${SP}{1,3}(?:заявителя|полностью|гражданина|гражданки|обратившегося|автора|пользователя|жителя))?` +
    `(${SP}{0,3}[:\\-–—]${SP}{0,3}(?:\\r?\\n)?|${SP}{1,3})`,
  'giu',
);
const VALUE_WORD = /\p{L}{1,30}(?:-\p{L}{1,30})?/uy;
/** Words that stand after a label but are no value: «Имя и фамилия», «ФИО не указано». */
const NOT_A_VALUE =
  /^(?:и|или|не|нет|без|на|в|во|к|ко|с|со|по|из|за|для|от|до|у|о|об|про|при|как|так|тоже|уже|все|всё|мы|вы|они|он|она|его|её|ее|их|этот|эта|это|здесь|там|сюда|туда|скрыт\p{L}{0,3}|указан\p{L}{0,3}|прилага\p{L}{0,6}|отсутств\p{L}{0,6}|фамилия|имя|отчество|фио|телефон|адрес|почта|суть|текст|дата|заявителя|полностью|уточн\p{L}{0,6}|анонимно)$/iu;

function addFieldNames(out: Sink, text: string): void {
  eachMatch(LABEL, text, (m) => {
    const label = (m[1] ?? '').toLowerCase();
    // «меня зовут» announces a name as a colon does: any case after it.
    const colon = /[:\-–—]/u.test(m[2] ?? '') || label.includes('зовут');
    const isFio = label !== 'фамилия' && label !== 'имя' && label !== 'отчество';
    const max = isFio ? 3 : 1;
    let at = m.index + m[0].length;
    let start = -1;
    let end = -1;
    for (let k = 0; k < max; k++) {
      VALUE_WORD.lastIndex = at;
      const w = VALUE_WORD.exec(text);
      if (w === null || w.index !== at) break;
      const word = w[0];
      // A token of an earlier masking (see fold) is no value.
      if (NOT_A_VALUE.test(word) || word.startsWith(INERT)) break;
      const capital = word[0] !== word[0]?.toLowerCase();
      if (!colon && !capital && !(label === 'имя' && isFirstName(word, true))) break;
      if (start < 0) start = at;
      end = at + word.length;
      const gap = /^[ \u00A0\t]{1,2}(?=\p{L})/u.exec(text.slice(end, end + 3));
      if (gap === null) break;
      at = end + gap[0].length;
    }
    if (start >= 0) out.push({ kind: 'name', start, end });
  });
}

export function addNames(text: string, out: Sink): void {
  addPatronymicNames(out, text);
  addLowerNames(out, text);
  addFirstNameSurname(out, text);
  addFieldNames(out, text);
}

const PATRONYMIC_END = /(?:ич(?:а|у|ем|ом|е)?|(?:овн|евн|ичн)(?:а|ы|е|у|ой|ою))$/u;
const LABEL_WORDS = new Set(['фамилия', 'имя', 'отчество', 'фио', 'ф', 'зовут']);

/**
 * Where a name may be: words that end like a patronymic, initials («И.»), known first names and
 * form labels. One pass over the words; the name expressions run only in windows around these.
 */
export function nameAnchors(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isLetterAt(text, i)) {
      i++;
      continue;
    }
    const s = i;
    while (i < n && i - s < 40 && isLetterAt(text, i)) i++;
    if (i < n && isLetterAt(text, i)) {
      // a very long run of letters is no name: skip it whole
      while (i < n && isLetterAt(text, i)) i++;
      continue;
    }
    const len = i - s;
    const first = text[s] ?? '';
    if (len === 1) {
      if (text[i] === '.' && first !== first.toLowerCase()) out.push(s);
      else if ((first === 'ф' || first === 'Ф') && text[i] === '.') out.push(s);
      continue;
    }
    const w = text.slice(s, i).toLowerCase();
    if ((len >= 5 && PATRONYMIC_END.test(w)) || LABEL_WORDS.has(w) || isFirstName(w, false)) out.push(s);
  }
  return out;
}
