/**
 * Addresses: a street marker (ул., улица, пр-т, проспект, пер., б-р, ш., пл., наб., проезд,
 * мкр., микрорайон, тупик, аллея, квартал… in their case forms) with the street name, the house
 * number (5, 5а, 14/2, д. 5, дом №5, корп. 2) and an optional flat (кв. 12, квартира 45, 5-12);
 * a locality directly before it (г. Петропавловск-Камчатский, ) is masked with it; the marker may
 * follow the name (Садовый пер., 7); a street-like word before «дом»/«д.» (Партизанская, дом 3);
 * «дом 5, кв. 12» without a street; «дом 15 по ул. Ленина»; the flat before the house
 * («кв. 12, д. 5, ул. Садовая»); anything shaped like an address after «по адресу» / «адрес:».
 * The whole address becomes one token; a street without a house number is left alone, and so is
 * a number after a street that a unit or a counted thing follows: «ул. Ленина 5 ям», «ул. Мира
 * 12 фонарей», «улица Ленина 3 дня» are counts, not houses.
 *
 * Every expression is bounded (quantifiers {0,N}; word parts of at most 30 letters; at most four
 * words in a street name), so one attempt at one position costs a bounded number of steps.
 */
import { SP, eachMatch, type Sink } from './text.js';

/** First letter in either case: ci('улица') → '[Уу]лица'. */
function ci(word: string): string {
  const first = word[0] ?? '';
  return `[${first.toUpperCase()}${first.toLowerCase()}]${word.slice(1)}`;
}


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
const W_CAP = '(?:\\p{Lu}\\p{Ll}{1,30}(?:-\\p{Lu}?\\p{Ll}{1,30}){0,3}|\\p{Lu}\\.)';
const W_NUM = '\\d{1,3}(?:-?(?:я|й|го|е|ой|ая|ий|ый|ого))?';
const W_CONN = '(?:лет|имени|им\\.)';
const W_LOWER = '\\p{Ll}{3,30}(?:-\\p{Ll}{1,30}){0,3}';
const NAME_REST = `(?:${SP}{1,3}(?:${W_CAP}|${W_NUM}|${W_CONN})){0,3}`;
const STREET_NAME = `(?:${W_CAP}|${W_NUM})${NAME_REST}`;
const STREET_NAME_LOOSE = `(?:${W_CAP}|${W_NUM}|${W_LOWER})${NAME_REST}`;
/** Street name words that come before a postfix marker or «дом»: adjectives and genitives. */
const W_ADJ =
  '\\p{Lu}\\p{Ll}{0,30}(?:ая|яя|ий|ый|ой|ое|ее|ей|ую|юю|ого|его|ому|ом|ем|ых|их|ова|ева|ёва|ина|ына)';
const W_POST = `(?:${W_ADJ}|\\d{1,2}-?(?:я|й|ая|ий|ый))`;

const LOCALITY =
  `(?:(?:[Гг]\\.|[Гг]ор\\.|[Гг]ород|[Пп]гт\\.?|[Пп]ос\\.|[Пп]ос[её]лок|п\\.|с\\.|[Сс]ело)${SP}{0,3}` +
  `\\p{Lu}\\p{Ll}{1,30}(?:-\\p{Lu}?\\p{Ll}{1,30}){0,3}${SP}{0,3},?${SP}{0,3})`;
const HOUSE_SEP = `(?:${SP}{0,3},${SP}{0,3}|${SP}{1,3})`;
const HOUSE_KW = `(?:(?:[Дд]\\.|[Дд](?=${SP}{0,3}\\d)|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}{0,3}(?:№${SP}{0,3})?|№${SP}{0,3})`;
const LETTER = '(?:[а-дА-Д](?![\\p{L}]))';
const HOUSE_NUM =
  `\\d{1,4}${LETTER}?(?:${SP}{0,3}\\/${SP}{0,3}\\d{1,3}${LETTER}?)?` +
  `(?:${SP}{0,3},?${SP}{0,3}(?:корп\\.?|корпус|к\\.|стр\\.|строение)${SP}{0,3}\\d{1,3})?`;
const FLAT_KW = `(?:[Кк]в\\.?|[Кк]вартир(?:а|е|у|ы))${SP}{0,3}(?:№${SP}{0,3})?\\d{1,4}`;
const FLAT = `(?:${SP}?-${SP}?\\d{1,4}(?![\\p{N}])|${HOUSE_SEP}${FLAT_KW})`;
/** What may not follow a house number: it was a date, a sum, a count or a measure, not a house. */
const UNITS =
  '(?:январ|феврал|март|апрел|ма[яй](?![\\p{L}])|июн|июл|август|сентябр|октябр|ноябр|декабр' +
  '|руб|р\\.|₽|коп|%|процент|км|м(?![\\p{L}])|м\\.|метр|лет(?![\\p{L}])|год|раз(?![\\p{L}])|раза' +
  '|час|ч\\.|мин|сек|дн[яейи]|день|недел|месяц|сут|чел|жител|семей|семь|°|град|тыс|млн|млрд|шт' +
  '|этаж|подъезд|дом|квартир(?![аеуы])|машин|автобус|маршрут|кг|т\\.|т(?![\\p{L}])|л(?![\\p{L}])' +
  '|см(?![\\p{L}])|мм(?![\\p{L}])|га(?![\\p{L}])|кв\\.?' + SP + '?м' +
  // counts of things along a street: «ул. Ленина 5 ям», «ул. Мира 12 фонарей», «3 дерева»
  '|ям(?:а|ы)?(?![\\p{L}])|выбоин|дыр(?:а|ы)?(?![\\p{L}])|фонар|столб|опор|дерев|куст|контейнер|бак(?:а|ов)?(?![\\p{L}])' +
  '|урн|лавоч|скамей|скамеек|люк|колод|светофор|знак|окон|окна|труб|останов|киоск|гараж|[её]лк|[её]лок|ёл(?![\\p{L}])|горк|качел' +
  '|площадк|дет(?:ей|и)(?![\\p{L}])|реб[её]н|школ|сосул|собак|кош(?:ек|ки)|авто|мест|коек|койк|учени|домов|семь|авари' +
  '|случа|сугроб|участк|пешеход|челов|раз(?:а)?(?![\\p{L}])|штук|единиц|этаж|корпус(?:ов|а)(?![\\p{L}])' +
  ')';
const ADDR_END = `(?![\\p{L}\\p{N}]|-[\\p{L}\\p{N}]|[.,:/]\\p{N}|${SP}{0,3}${UNITS}|${SP}\\d{3}(?![\\p{N}]))`;
const ADDR_TAIL = `${HOUSE_SEP}${HOUSE_KW}?${HOUSE_NUM}${FLAT}?${ADDR_END}`;

const ADDRESS_MARKED = new RegExp(
  `(?<![\\p{L}\\p{N}])${LOCALITY}?(?:(?:${MARKER_ABBR})${SP}{0,3}${STREET_NAME_LOOSE}|(?:${MARKER_WORD})(?![\\p{L}])${SP}{1,3}${STREET_NAME})${ADDR_TAIL}`,
  'gu',
);
const ADDRESS_POSTFIX = new RegExp(
  `(?<![\\p{L}\\p{N}])${LOCALITY}?${W_POST}(?:${SP}{1,3}${W_POST})?${SP}{1,3}${MARKER_POST}(?![\\p{L}])${ADDR_TAIL}`,
  'gu',
);
/** «Партизанская, дом 3», «на Ленинской д. 5», «Пушкина дом 3 кв. 4». Groups: comma, «д.», flat. */
const ADDRESS_DOM = new RegExp(
  `(?<![\\p{L}\\p{N}])${LOCALITY}?${W_POST}(${SP}{0,3},)?${SP}{0,3}(?:([Дд]\\.)|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}{0,3}(?:№${SP}{0,3})?` +
    `${HOUSE_NUM}(${FLAT})?${ADDR_END}`,
  'gud',
);
/** «дом 5, кв. 12» without a street: a household. */
const ADDRESS_HOUSE_FLAT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:[Дд]\\.|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}{0,3}(?:№${SP}{0,3})?${HOUSE_NUM}${HOUSE_SEP}${FLAT_KW}${ADDR_END}`,
  'gu',
);
/**
 * Where an address that ends in its street ends: after the street word, with the digits of a typo
 * glued to it («дом 15 по ул. Ленина15», «кв. 3, д. 5, ул. Мира5а») taken in, not left visible.
 */
const STREET_END = '(?:\\p{N}{1,4}\\p{Ll}?)?(?![\\p{L}\\p{N}])';
/** «дом 15 по ул. Ленина», «в доме № 3 на улице Пограничной». */
const ADDRESS_HOUSE_THEN_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:[Дд]\\.|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}{0,3}(?:№${SP}{0,3})?${HOUSE_NUM}(?:${HOUSE_SEP}${FLAT_KW})?` +
    `${SP}{1,3}(?:по|на)${SP}{1,3}(?:(?:${MARKER_ABBR})${SP}{0,3}${STREET_NAME_LOOSE}|(?:${MARKER_WORD})(?![\\p{L}])${SP}{1,3}${STREET_NAME})` +
    STREET_END,
  'gu',
);
/** «по адресу Ленина 5-12», «адрес: Садовая, 4». Group 1 is the address. */
const ADDRESS_TRIGGERED = new RegExp(
  `(?<![\\p{L}\\p{N}\\[])[Аа]дрес(?:у|е|а)?(?:${SP}{0,3}:${SP}{0,3}|${SP}{1,3})` +
    `(${LOCALITY}?${STREET_NAME_LOOSE}${ADDR_TAIL})`,
  'gud',
);

/** «кв. 12, д. 5, ул. Садовая», «кв 7 дом 14 по улице Ленина»: the flat before the house. */
const ADDRESS_FLAT_FIRST = new RegExp(
  `(?<![\\p{L}\\p{N}])${FLAT_KW}${HOUSE_SEP}(?:[Дд]\\.|[Дд]ом(?:а|е|у)?(?![\\p{L}]))${SP}{0,3}(?:№${SP}{0,3})?${HOUSE_NUM}` +
    `(?:(?:${HOUSE_SEP}|${SP}{1,3}(?:по|на)${SP}{1,3})(?:(?:${MARKER_ABBR})${SP}{0,3}${STREET_NAME_LOOSE}|(?:${MARKER_WORD})(?![\\p{L}])${SP}{1,3}${STREET_NAME}))?` +
    STREET_END,
  'gu',
);


export function addAddresses(f: string, out: Sink): void {
  const whole = (m: RegExpExecArray) => out.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  eachMatch(ADDRESS_MARKED, f, whole);
  eachMatch(ADDRESS_POSTFIX, f, whole);
  eachMatch(ADDRESS_HOUSE_FLAT, f, whole);
  eachMatch(ADDRESS_HOUSE_THEN_STREET, f, whole);
  eachMatch(ADDRESS_FLAT_FIRST, f, whole);
  eachMatch(ADDRESS_TRIGGERED, f, (m) => {
    const at = m.indices?.[1];
    if (at) out.push({ kind: 'address', start: at[0], end: at[1] });
  });
  eachMatch(ADDRESS_DOM, f, (m) => {
    // «Соседний дом 7» is no address: ask for a comma, the «д.» abbreviation or a flat.
    if (m[1] === undefined && m[2] === undefined && m[3] === undefined) return;
    whole(m);
  });
}
