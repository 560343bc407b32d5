/**
 * Masking of personal data in citizens' message texts before they reach the display wall
 * (DESIGN.md: "Personal data never appears on the wall"; spec/central-api.md, field `text`).
 *
 * Pure and isomorphic: regular expressions with the `u` flag only, no dictionaries, no I/O.
 * `\b` does not work on Cyrillic, so every boundary is a lookaround on [\p{L}\p{N}].
 *
 * What is caught (each datum is replaced by a bracketed token, see MASK_TOKENS; everything
 * around it stays byte-for-byte as it was):
 * - phone: Russian numbers with +7 / 7 / 8 and a 3-5 digit code starting with 3, 4, 8 or 9, in the
 *   usual spellings: +7 (914) 123-45-67, +7 914 123 45 67, 8-914-123-45-67, 89141234567,
 *   8 (4152) 21-34-56, 8 (41531) 2-13-45, 7(914)1234567, 8 914 1234567; mobile numbers without the
 *   prefix when written with brackets or separators ((914) 123-45-67, 914-123-45-67); 5-7 digit
 *   local numbers only right after a word such as «тел.», «телефон», «звоните», «сотовый»
 *   (up to three words may lie between: «звоните по номеру 21-34-56»).
 * - email: local@domain.tld, Cyrillic domains included (почта@мэрия.рф).
 * - name: a first name followed by a patronymic (-ович/-евич/-ич/-овна/-евна/-ична/-инична in
 *   every case), with the surname before it (when it looks like a surname, or stands inside a
 *   sentence and is no title such as «Губернатору») or after it; surname + initials
 *   (Иванов И. И., Петрову А.В.); initials + surname (И.И. Иванов). Title case or ALL CAPS.
 * - address: a street marker (ул., улица, пр-т, проспект, пер., б-р, ш., пл., наб., проезд,
 *   мкр., микрорайон, тупик, аллея, квартал… in their case forms) with the street name, the house
 *   number (5, 5а, 14/2, д. 5, дом №5, корп. 2) and an optional flat (кв. 12, квартира 45, 5-12);
 *   a locality directly before it (г. Петропавловск-Камчатский, ) is masked with it; the marker may
 *   follow the name (Садовый пер., 7); a street-like word before «дом»/«д.» (Партизанская, дом 3);
 *   «дом 5, кв. 12» without a street; «дом 15 по ул. Ленина»; anything shaped like an address
 *   after «по адресу» / «адрес:».
 *   The whole address becomes one token; a street without a house number is left alone.
 * - passport: a series and number (30 05 123456, 3005 123456, 3005123456) after «паспорт…»
 *   (up to four words between), or «серия 3005 № 123456» anywhere.
 * - snils: 123-456-789 01 anywhere; 123 456 789 01 or 12345678901 after «СНИЛС» (up to three
 *   words between).
 *
 * Left alone on purpose: dates, times, sums, percentages, temperatures, counts, laws and standards
 * (59-ФЗ, ГОСТ Р 50597-2017, СанПиН 1.2.3685-21), order and route numbers, INN and OKTMO codes,
 * «дом №5» without a street or flat, streets named after people without a house number, names of
 * institutions and streets after «имени», «им.», «ул.» and the like, 8-800 free-phone numbers
 * (they belong to organisations, never to a person).
 *
 * Known limits (a heuristic, not a guarantee; the console shows the full text to operators only):
 * - Names without a patronymic or initials («Иванов Иван», «Иван», «Петрович» alone) are not
 *   caught, nor lower-case names («иванов иван иванович»), nor a single initial (Иванов И.).
 * - A surname at the very start of a sentence with an unusual ending (Ким, Цой, Шульга) before a
 *   first name + patronymic or initials stays visible; the first name and patronymic are masked.
 * - A capitalised word right after a patronymic is taken for the surname (over-masking is preferred
 *   to a leak); a title-cased place name inside a sentence before a first name + patronymic may be
 *   masked with it.
 * - Addresses need a street marker, «дом», or «по адресу»: «Ленина 5-12» alone is not caught.
 *   Lower-case street names are accepted only after an abbreviated marker (ул. ленина 5) and for the
 *   first word. A bare comma flat («ул. Ленина, 5, 12») keeps the «12».
 * - Foreign passports, birth certificates, driving licences, car plates, card and policy numbers,
 *   INN of a person and dates of birth are not masked.
 * - Phones in foreign formats, or written with dots (8.914.123.45.67), are not caught.
 */

export type PersonalDataKind = 'phone' | 'email' | 'name' | 'address' | 'passport' | 'snils';

export const MASK_TOKENS: Record<PersonalDataKind, string> = {
  phone: '[телефон]',
  email: '[e-mail]',
  name: '[ФИО]',
  address: '[адрес]',
  passport: '[паспорт]',
  snils: '[СНИЛС]',
};

export interface PersonalDataSpan {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/** When two candidates overlap and have the same length, the lower number wins. */
const PRIORITY: Record<PersonalDataKind, number> = {
  snils: 0,
  passport: 1,
  email: 2,
  phone: 3,
  address: 4,
  name: 5,
};

// ---------------------------------------------------------------------------------------------
// Building blocks (strings, assembled into RegExps once at module load).

/** Horizontal space, including the no-break space that web forms like to insert. */
const SP = '[ \\u00A0]';
/** A separator that may stand between the groups of a phone number. */
const PSEP = '[ \\u00A0\\-]?';
/** Separators between a trigger word and what it announces. */
const TSEP = '[ \\u00A0:,.\\-–—№]+';
/** Digits must not continue a longer number on either side («1.5», «12-34», «3/4»). */
const NUM_END = '(?![\\p{N}]|[\\-.,:/]\\p{N})';

/** First letter in either case: ci('улица') → '[Уу]лица'. */
function ci(word: string): string {
  const first = word[0] ?? '';
  return `[${first.toUpperCase()}${first.toLowerCase()}]${word.slice(1)}`;
}

// --- phones ----------------------------------------------------------------------------------

const CODE_NOT_800 = `(?!\\(?${SP}?800)`;
const PHONE_BODY =
  `(?:` +
  // 3-digit code + 7-digit number (mobile 9xx and big cities 3xx/4xx/8xx)
  `(?:\\(${SP}?[3489]\\d{2}${SP}?\\)|[3489]\\d{2})${PSEP}\\d{3}${PSEP}(?:\\d{2}${PSEP}\\d{2}|\\d{4})` +
  // 4-digit code + 6-digit number (regional centres: 4152 Петропавловск-Камчатский)
  `|(?:\\(${SP}?[3489]\\d{3}${SP}?\\)|[3489]\\d{3})${PSEP}(?:\\d{2}${PSEP}\\d{2}${PSEP}\\d{2}|\\d{3}${PSEP}\\d{3})` +
  // 5-digit code + 5-digit number (districts: 41531 Елизово)
  `|(?:\\(${SP}?[3489]\\d{4}${SP}?\\)|[3489]\\d{4})${PSEP}(?:\\d${PSEP}\\d{2}${PSEP}\\d{2}|\\d{3}${PSEP}\\d{2})` +
  `)`;
const PHONE_FULL = new RegExp(
  `(?<![\\p{L}\\p{N}_+@])(?<!\\p{N}[.,\\-/])(?:\\+${SP}?7|8|7)${PSEP}${CODE_NOT_800}${PHONE_BODY}${NUM_END}`,
  'gu',
);
/** Mobile numbers without the country prefix, only when clearly grouped. */
const PHONE_MOBILE_BARE = new RegExp(
  `(?<![\\p{L}\\p{N}_+@\\-])(?:\\(${SP}?9\\d{2}${SP}?\\)${PSEP}\\d{3}${PSEP}\\d{2}${PSEP}\\d{2}` +
    `|9\\d{2}[ \\u00A0\\-]\\d{3}[ \\u00A0\\-]\\d{2}[ \\u00A0\\-]\\d{2})${NUM_END}`,
  'gu',
);
/** A local 5-7 digit number announced by a phone word. Group 1 is the number. */
const PHONE_LOCAL = new RegExp(
  `(?<![\\p{L}\\p{N}\\[])(?:тел(?:ефон\\p{L}*)?\\.?|звон\\p{L}*|позвон\\p{L}*|моб\\.|мобильн\\p{L}*|сот\\.|сотов\\p{L}*)` +
    `(?:${TSEP}\\p{L}{1,15}){0,3}?${TSEP}(\\d{1,3}[ \\u00A0\\-]?\\d{2}[ \\u00A0\\-]?\\d{2})${NUM_END}`,
  'giud',
);

// --- e-mail ----------------------------------------------------------------------------------

const EMAIL = new RegExp(
  `(?<![\\p{L}\\p{N}._%+\\-@])[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}\\-]+(?:\\.[\\p{L}\\p{N}\\-]+)*\\.\\p{L}{2,}(?![\\p{L}\\p{N}\\-@])`,
  'gu',
);

// --- SNILS and passport ----------------------------------------------------------------------

const SNILS_DASHED = new RegExp(`(?<![\\p{N}\\-])\\d{3}-\\d{3}-\\d{3}[ \\u00A0\\-]\\d{2}${NUM_END}`, 'gu');
const SNILS_TRIGGERED = new RegExp(
  `(?<![\\p{L}\\p{N}\\[])снилс\\p{L}*(?:${TSEP}\\p{L}{1,15}){0,3}?${TSEP}` +
    `(\\d{3}[ \\u00A0\\-]?\\d{3}[ \\u00A0\\-]?\\d{3}[ \\u00A0\\-]?\\d{2})${NUM_END}`,
  'giud',
);
const PASSPORT_SERIES = '(?:серия|серии|сер\\.)[ \\u00A0:]*';
const PASSPORT_NUMBER_MARK = '(?:№|n|номер|ном\\.)[ \\u00A0:]*';
const PASSPORT_TRIGGERED = new RegExp(
  `(?<![\\p{L}\\p{N}\\[])паспорт\\p{L}*(?:${TSEP}[\\p{L}.]{1,15}){0,4}?${TSEP}` +
    `((?:${PASSPORT_SERIES})?\\d{2}${SP}?\\d{2}[ \\u00A0,]*(?:${PASSPORT_NUMBER_MARK})?\\d{6})${NUM_END}`,
  'giud',
);
const PASSPORT_SERIES_NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}])${PASSPORT_SERIES}\\d{2}${SP}?\\d{2}[ \\u00A0,]*${PASSPORT_NUMBER_MARK}\\d{6}${NUM_END}`,
  'giu',
);

// --- addresses -------------------------------------------------------------------------------

/** Abbreviated street markers: a lower-case street name may follow these. */
const MARKER_ABBR = [
  'ул\\.',
  'ул(?=[ \\u00A0])',
  'пр-кт\\.?',
  'пр-т\\.?',
  'просп\\.',
  'пр\\.',
  'пер\\.',
  'б-р\\.?',
  'бул\\.',
  'ш\\.',
  'пл\\.',
  'наб\\.',
  'пр-д\\.?',
  'мкр-н\\.?',
  'мкрн\\.?',
  'мкр\\.?',
  'туп\\.',
  'кв-л\\.?',
]
  .map(ci)
  .join('|');
const MARKER_WORD = [
  'улиц(?:а|е|у|ы|ей)',
  'проспект(?:а|е|у|ом)?',
  'переул(?:ок|ка|ке|ку|ком)',
  'бульвар(?:а|е|у|ом)?',
  'шоссе',
  'площад(?:ь|и|ью)',
  'набережн(?:ая|ой|ую)',
  'проезд(?:а|е|у|ом)?',
  'микрорайон(?:а|е|у|ом)?',
  'тупик(?:а|е|у|ом)?',
  'алле(?:я|и|е|ю|ей)',
  'квартал(?:а|е|у|ом)?',
]
  .map(ci)
  .join('|');
/** Markers that may follow the street name (Садовый пер., 7). */
const MARKER_POST =
  '(?:ул\\.|улиц(?:а|е)|пер\\.|переул(?:ок|ке)|пр-т\\.?|проспект(?:е)?|б-р\\.?|бульвар(?:е)?|ш\\.|шоссе|проезд(?:е)?|туп\\.|тупик(?:е)?|пл\\.|наб\\.|мкр\\.?)';

/** A word of a street name: capitalised (hyphenated parts allowed), an initial, or a number-word. */
const W_CAP = '(?:\\p{Lu}\\p{Ll}+(?:-\\p{Lu}?\\p{Ll}+)*|\\p{Lu}\\.)';
const W_NUM = '\\d{1,3}(?:-?(?:я|й|го|е|ой|ая|ий|ый|ого))?';
const W_CONN = '(?:лет|имени|им\\.)';
const W_LOWER = '\\p{Ll}{3,}(?:-\\p{Ll}+)*';
const NAME_REST = `(?:${SP}+(?:${W_CAP}|${W_NUM}|${W_CONN})){0,3}`;
const STREET_NAME = `(?:${W_CAP}|${W_NUM})${NAME_REST}`;
const STREET_NAME_LOOSE = `(?:${W_CAP}|${W_NUM}|${W_LOWER})${NAME_REST}`;
/** Street name words that come before a postfix marker or «дом»: adjectives and genitives. */
const W_ADJ =
  '\\p{Lu}\\p{Ll}*(?:ая|яя|ий|ый|ой|ое|ее|ей|ую|юю|ого|его|ому|ом|ем|ых|их|ова|ева|ёва|ина|ына)';
const W_POST = `(?:${W_ADJ}|\\d{1,2}-?(?:я|й|ая|ий|ый))`;

const LOCALITY =
  `(?:(?:[Гг]\\.|[Гг]ор\\.|[Гг]ород|[Пп]гт\\.?|[Пп]ос\\.|[Пп]ос[её]лок|п\\.|с\\.|[Сс]ело)${SP}*` +
  `\\p{Lu}\\p{Ll}+(?:-\\p{Lu}?\\p{Ll}+)*${SP}*,?${SP}*)`;
const HOUSE_SEP = `(?:${SP}*,${SP}*|${SP}+)`;
const HOUSE_KW = `(?:(?:[Дд]\\.|[Дд](?=${SP}*\\d)|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}*(?:№${SP}*)?|№${SP}*)`;
const LETTER = '(?:[а-дА-Д](?![\\p{L}]))';
const HOUSE_NUM =
  `\\d{1,4}${LETTER}?(?:${SP}*\\/${SP}*\\d{1,3}${LETTER}?)?` +
  `(?:${SP}*,?${SP}*(?:корп\\.?|корпус|к\\.|стр\\.|строение)${SP}*\\d{1,3})?`;
const FLAT_KW = `(?:кв\\.?|квартир(?:а|е|у|ы))${SP}*(?:№${SP}*)?\\d{1,4}`;
const FLAT = `(?:${SP}?-${SP}?\\d{1,4}(?![\\p{N}])|${HOUSE_SEP}${FLAT_KW})`;
/** What may not follow a house number: it was a date, a sum, a count or a measure, not a house. */
const UNITS =
  '(?:январ|феврал|март|апрел|ма[яй](?![\\p{L}])|июн|июл|август|сентябр|октябр|ноябр|декабр' +
  '|руб|р\\.|₽|коп|%|процент|км|м(?![\\p{L}])|м\\.|метр|лет(?![\\p{L}])|год|раз(?![\\p{L}])|раза' +
  '|час|ч\\.|мин|сек|дн[яейи]|день|недел|месяц|сут|чел|жител|семей|семь|°|град|тыс|млн|млрд|шт' +
  '|этаж|подъезд|дом|квартир(?![аеуы])|машин|автобус|маршрут|кг|т\\.|т(?![\\p{L}])|л(?![\\p{L}])' +
  '|см(?![\\p{L}])|мм(?![\\p{L}])|га(?![\\p{L}])|кв\\.?' + SP + '?м)';
const ADDR_END = `(?![\\p{L}\\p{N}]|-[\\p{L}\\p{N}]|[.,:/]\\p{N}|${SP}*${UNITS}|${SP}\\d{3}(?![\\p{N}]))`;
const ADDR_TAIL = `${HOUSE_SEP}${HOUSE_KW}?${HOUSE_NUM}${FLAT}?${ADDR_END}`;

const ADDRESS_MARKED = new RegExp(
  `(?<![\\p{L}\\p{N}])${LOCALITY}?(?:(?:${MARKER_ABBR})${SP}*${STREET_NAME_LOOSE}|(?:${MARKER_WORD})(?![\\p{L}])${SP}+${STREET_NAME})${ADDR_TAIL}`,
  'gu',
);
const ADDRESS_POSTFIX = new RegExp(
  `(?<![\\p{L}\\p{N}])${LOCALITY}?${W_POST}(?:${SP}+${W_POST})?${SP}+${MARKER_POST}(?![\\p{L}])${ADDR_TAIL}`,
  'gu',
);
/** «Партизанская, дом 3», «на Ленинской д. 5», «Пушкина дом 3 кв. 4». Groups: comma, «д.», flat. */
const ADDRESS_DOM = new RegExp(
  `(?<![\\p{L}\\p{N}])${LOCALITY}?${W_POST}(${SP}*,)?${SP}*(?:([Дд]\\.)|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}*(?:№${SP}*)?` +
    `${HOUSE_NUM}(${FLAT})?${ADDR_END}`,
  'gud',
);
/** «дом 5, кв. 12» without a street: a household. */
const ADDRESS_HOUSE_FLAT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:[Дд]\\.|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}*(?:№${SP}*)?${HOUSE_NUM}${HOUSE_SEP}${FLAT_KW}${ADDR_END}`,
  'gu',
);
/** «дом 15 по ул. Ленина», «в доме № 3 на улице Пограничной». */
const ADDRESS_HOUSE_THEN_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:[Дд]\\.|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}*(?:№${SP}*)?${HOUSE_NUM}(?:${HOUSE_SEP}${FLAT_KW})?` +
    `${SP}+(?:по|на)${SP}+(?:(?:${MARKER_ABBR})${SP}*${STREET_NAME_LOOSE}|(?:${MARKER_WORD})(?![\\p{L}])${SP}+${STREET_NAME})` +
    `(?![\\p{L}\\p{N}])`,
  'gu',
);
/** «по адресу Ленина 5-12», «адрес: Садовая, 4». Group 1 is the address. */
const ADDRESS_TRIGGERED = new RegExp(
  `(?<![\\p{L}\\p{N}\\[])[Аа]дрес(?:у|е|а)?(?:${SP}*:${SP}*|${SP}+)` +
    `(${LOCALITY}?${STREET_NAME_LOOSE}${ADDR_TAIL})`,
  'gud',
);

// --- names -----------------------------------------------------------------------------------

interface NameStyle {
  /** A surname or any capitalised word. */
  word: string;
  /** A first name: three letters at least, so that «На», «По» never pass for one. */
  first: string;
  patronymic: string;
}
const TITLE: NameStyle = {
  word: '\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?',
  first: '\\p{Lu}\\p{Ll}{2,}(?:-\\p{Lu}\\p{Ll}+)?',
  // -ична only after the stems of Илья, Кузьма, Фома, Лука, Никита, Савва, Фока (Ильинична,
  // Никитична…): «Пограничной», «Личной», «Столичной» are adjectives.
  patronymic: '\\p{Lu}\\p{Ll}{2,}(?:ич(?:а|у|ем|ом|е)?|(?:овн|евн|(?:ин|ит|вв|ок)ичн)(?:а|ы|е|у|ой|ою))',
};
const UPPER: NameStyle = {
  word: '\\p{Lu}{2,}(?:-\\p{Lu}{2,})?',
  first: '\\p{Lu}{3,}(?:-\\p{Lu}{2,})?',
  patronymic: '\\p{Lu}{3,}(?:ИЧ(?:А|У|ЕМ|ОМ|Е)?|(?:ОВН|ЕВН|(?:ИН|ИТ|ВВ|ОК)ИЧН)(?:А|Ы|Е|У|ОЙ|ОЮ))',
};
/** First name + patronymic. Groups: 1 first name, 2 patronymic. */
function firstPatronymic(s: NameStyle): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}\\-])(${s.first})${SP}+(${s.patronymic})(?![\\p{L}\\p{N}])`, 'gu');
}
const NAME_ANCHORS = [firstPatronymic(TITLE), firstPatronymic(UPPER)];
const INITIALS = `\\p{Lu}\\.${SP}?\\p{Lu}\\.`;
/** Surname + initials: «Иванов И. И.», «Петрову А.В». Group 1 is the surname. */
const SURNAME_INITIALS = new RegExp(
  `(?<![\\p{L}\\p{N}\\-.])(${TITLE.word})${SP}+\\p{Lu}\\.${SP}?\\p{Lu}(?:\\.|(?![\\p{L}\\p{N}]))`,
  'gu',
);
/** Initials + surname: «И.И. Иванов». Group 1 is the surname. */
const INITIALS_SURNAME = new RegExp(
  `(?<![\\p{L}\\p{N}.])${INITIALS}${SP}?(${TITLE.word})(?![\\p{L}\\p{N}])`,
  'gu',
);
const WORD_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}\\-])(${TITLE.word}|${UPPER.word})${SP}+$`, 'u');
const WORD_AFTER = new RegExp(`^${SP}+(${TITLE.word}|${UPPER.word})(?![\\p{L}\\p{N}])`, 'u');
/** The word right before a name that makes it a street, an institution or a monument. */
const NOT_A_PERSON_BEFORE =
  /(?:^|[^\p{L}])(?:имени|им\.|памяти|ул\.|улиц\p{L}*|пр-кт\.?|пр-т\.?|просп\.|пр\.|проспект\p{L}*|пер\.|переул\p{L}*|пл\.|площад\p{L}*|б-р\.?|бульвар\p{L}*|наб\.|набережн\p{L}*|мкр\.?|микрорайон\p{L}*|проезд\p{L}*|сквер\p{L}*|памятник\p{L}*|музе\p{L}*)[ \u00A0]*$/iu;

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
  let i = index - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\u00A0' || text[i] === '\t')) i--;
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

function notAPersonContext(text: string, start: number): boolean {
  return NOT_A_PERSON_BEFORE.test(text.slice(Math.max(0, start - 40), start));
}

// ---------------------------------------------------------------------------------------------

function matchAll(re: RegExp, text: string, each: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    each(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

function addWhole(out: PersonalDataSpan[], kind: PersonalDataKind, re: RegExp, text: string): void {
  matchAll(re, text, (m) => out.push({ kind, start: m.index, end: m.index + m[0].length }));
}

/** For `d`-flag expressions whose group `group` is the datum (the trigger word stays visible). */
function addGroup(out: PersonalDataSpan[], kind: PersonalDataKind, re: RegExp, text: string, group = 1): void {
  matchAll(re, text, (m) => {
    const at = m.indices?.[group];
    if (at) out.push({ kind, start: at[0], end: at[1] });
  });
}

function addNames(out: PersonalDataSpan[], text: string): void {
  for (const re of NAME_ANCHORS) {
    matchAll(re, text, (m) => {
      const first = m[1] ?? '';
      const patronymic = m[2] ?? '';
      if (NOT_A_PATRONYMIC.test(patronymic) || NOT_A_SURNAME.test(first)) return;
      let start = m.index;
      let end = m.index + m[0].length;
      if (notAPersonContext(text, start)) return;
      const before = WORD_BEFORE.exec(text.slice(Math.max(0, start - 60), start));
      const beforeWord = before?.[1];
      const beforeStart = beforeWord === undefined ? -1 : start - (before?.[0].length ?? 0);
      if (
        beforeWord !== undefined &&
        !/[\p{L}\p{N}-]/u.test(text[beforeStart - 1] ?? ' ') &&
        acceptSurnameBefore(text, beforeStart, beforeWord)
      ) {
        start = beforeStart;
      } else {
        const after = WORD_AFTER.exec(text.slice(end, end + 60));
        const afterWord = after?.[1];
        if (afterWord !== undefined && !NOT_A_SURNAME.test(afterWord) && !NOT_A_PATRONYMIC.test(afterWord)) {
          end += after?.[0].length ?? 0;
        }
      }
      out.push({ kind: 'name', start, end });
    });
  }
  matchAll(SURNAME_INITIALS, text, (m) => {
    const surname = m[1] ?? '';
    if (!acceptSurnameBefore(text, m.index, surname) || notAPersonContext(text, m.index)) return;
    out.push({ kind: 'name', start: m.index, end: m.index + m[0].length });
  });
  matchAll(INITIALS_SURNAME, text, (m) => {
    const surname = m[1] ?? '';
    if (NOT_A_SURNAME.test(surname) || notAPersonContext(text, m.index)) return;
    out.push({ kind: 'name', start: m.index, end: m.index + m[0].length });
  });
}

function addAddresses(out: PersonalDataSpan[], text: string): void {
  addWhole(out, 'address', ADDRESS_MARKED, text);
  addWhole(out, 'address', ADDRESS_POSTFIX, text);
  addWhole(out, 'address', ADDRESS_HOUSE_FLAT, text);
  addWhole(out, 'address', ADDRESS_HOUSE_THEN_STREET, text);
  addGroup(out, 'address', ADDRESS_TRIGGERED, text);
  matchAll(ADDRESS_DOM, text, (m) => {
    // «Соседний дом 7» is no address: ask for a comma, the «д.» abbreviation or a flat.
    if (m[1] === undefined && m[2] === undefined && m[3] === undefined) return;
    out.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  });
}

/** Every candidate, overlapping ones included. */
function candidates(text: string): PersonalDataSpan[] {
  const out: PersonalDataSpan[] = [];
  addWhole(out, 'snils', SNILS_DASHED, text);
  addGroup(out, 'snils', SNILS_TRIGGERED, text);
  addGroup(out, 'passport', PASSPORT_TRIGGERED, text);
  addWhole(out, 'passport', PASSPORT_SERIES_NUMBER, text);
  addWhole(out, 'email', EMAIL, text);
  addWhole(out, 'phone', PHONE_FULL, text);
  addWhole(out, 'phone', PHONE_MOBILE_BARE, text);
  addGroup(out, 'phone', PHONE_LOCAL, text);
  addAddresses(out, text);
  addNames(out, text);
  return out;
}

/**
 * The personal data found in `text`: non-overlapping spans sorted by start, `end` exclusive
 * (UTF-16 offsets, as String.prototype.slice takes them). Where candidates overlap, the longest
 * wins; on equal length, the more specific kind (SNILS, passport, e-mail, phone, address, name).
 */
export function findPersonalData(text: string): Array<{ kind: PersonalDataKind; start: number; end: number }> {
  if (text.length === 0) return [];
  const all = candidates(text);
  if (all.length === 0) return [];
  all.sort(
    (a, b) => b.end - b.start - (a.end - a.start) || PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start,
  );
  const taken = new Uint8Array(text.length);
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

/**
 * `text` with each personal datum replaced by its token from MASK_TOKENS
 * («[телефон]», «[e-mail]», «[ФИО]», «[адрес]», «[паспорт]», «[СНИЛС]»); everything else unchanged.
 * Idempotent: masking a masked text changes nothing.
 */
export function maskPersonalData(text: string): string {
  const spans = findPersonalData(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + MASK_TOKENS[s.kind];
    at = s.end;
  }
  return out + text.slice(at);
}
