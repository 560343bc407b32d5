/**
 * Stress marks, soft hyphens and zero-width characters inside personal data (shared/mask/marks.ts
 * and findPersonalData): the datum is masked as if they were not there, and everything around it
 * keeps its marks as typed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findPersonalData, maskPersonalData } from '../../../../shared/mask/index.js';
import { spanBack, withoutMarks } from '../../../../shared/mask/marks.js';

const ACUTE = '\u0301';
const GRAVE = '\u0300';
const BREVE = '\u0306';
const DIAERESIS = '\u0308';
const SHY = '\u00AD';
const ZWSP = '\u200B';
const ZWJ = '\u200D';
const WJ = '\u2060';

describe('a datum with stress marks is masked', () => {
  it.each([
    [`Ивано${ACUTE}в Ива${ACUTE}н Ива${ACUTE}нович звонил`, '[ФИО] звонил'],
    [`Звонила Петро${ACUTE}ва А${ACUTE}нна Серге${ACUTE}евна, ждёт ответа`, 'Звонила [ФИО], ждёт ответа'],
    [`пишите на ива${ACUTE}н@mail.ru`, 'пишите на [e-mail]'],
    [`пишите на ivan${GRAVE}@mail.ru`, 'пишите на [e-mail]'],
    [`проживаю по адресу: ул. Ле${ACUTE}нина, д. 5, кв. 12`, 'проживаю по адресу: [адрес]'],
    [`тел. 8914123456${ACUTE}7`, 'тел. [телефон]'],
  ])('%s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });
});

describe('a datum with invisible characters is masked', () => {
  it.each([
    [`Ива${SHY}нов Иван Ива${SHY}нович`, '[ФИО]'],
    [`Иванов${ZWSP} Иван Иванович, дом`, '[ФИО], дом'],
    [`тел. 8${SHY}914${ZWSP}123${WJ}45${ZWJ}67`, 'тел. [телефон]'],
    [`ivan${SHY}@mail.ru`, '[e-mail]'],
    [`\uFEFFСНИЛС 112-233-445 95`, '\uFEFFСНИЛС [СНИЛС]'],
  ])('%s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });
});

describe('the marks outside a datum stay as typed', () => {
  it('a stressed word beside a masked name keeps its mark, the span covers the name only', () => {
    const text = `Ва${ACUTE}жно: Иванов Иван Иванович звони${ACUTE}л`;
    expect(maskPersonalData(text)).toBe(`Ва${ACUTE}жно: [ФИО] звони${ACUTE}л`);
    const spans = findPersonalData(text);
    expect(spans).toHaveLength(1);
    expect(text.slice(spans[0]!.start, spans[0]!.end)).toBe('Иванов Иван Иванович');
  });

  it('a mark after the last letter of a datum is masked with it, not left hanging', () => {
    const text = `Звонил Иванов Иван Ивано${ACUTE}вич${ACUTE}, ждёт`;
    expect(maskPersonalData(text)).toBe('Звонил [ФИО], ждёт');
  });

  it('a text of marks only, or a mark alone after a space, is left as it is', () => {
    expect(maskPersonalData(`${ACUTE}${ACUTE}`)).toBe(`${ACUTE}${ACUTE}`);
    expect(maskPersonalData(`а${ACUTE} ${ACUTE}б`)).toBe(`а${ACUTE} ${ACUTE}б`);
    expect(findPersonalData(`${SHY}${ZWSP}`)).toEqual([]);
  });

  it('a first name alone with a stress mark is still no datum', () => {
    expect(maskPersonalData(`Звонил Ива${ACUTE}н`)).toBe(`Звонил Ива${ACUTE}н`);
  });
});

describe('withoutMarks', () => {
  it('is null for a text with nothing to drop', () => {
    expect(withoutMarks('Иванов Иван, ёлка, й')).toBeNull();
  });

  it('drops stress marks and invisible characters and maps each character back', () => {
    const u = withoutMarks(`а${ACUTE}б${SHY}в`)!;
    expect(u.plain).toBe('абв');
    expect([...u.from]).toEqual([0, 2, 4]);
  });

  it('composes a letter with a mark that has a precomposed form: и + breve is й, е + diaeresis is ё', () => {
    expect(withoutMarks(`Серге${'и'}${BREVE}`)!.plain).toBe('Сергей');
    expect(withoutMarks(`Е${DIAERESIS}лкин, е${DIAERESIS}ж`)!.plain).toBe('Ёлкин, ёж');
    // A letter with a breve and a stress mark is the letter with the breve.
    expect(withoutMarks(`и${BREVE}${ACUTE}`)!.plain).toBe('й');
    // A soft hyphen between the letter and its mark does not stop the composing.
    expect(withoutMarks(`и${SHY}${BREVE}`)!.plain).toBe('й');
    expect(withoutMarks(`и${SHY}${ZWSP}${BREVE}`)!.plain).toBe('й');
  });

  it('keeps a character outside the BMP whole, and drops a mark after it', () => {
    const u = withoutMarks(`😀${ACUTE}ж`)!;
    expect(u.plain).toBe('😀ж');
    expect([...u.from]).toEqual([0, 1, 3]);
  });

  it('a decomposed «й» in a name is read as «й»', () => {
    expect(maskPersonalData(`Звонил Андре${'и'}${BREVE}чук Серге${'и'}${BREVE} Петрович`)).toBe('Звонил [ФИО]');
  });
});

describe('spanBack', () => {
  it('carries a span over the marks inside it and after it', () => {
    const text = `xа${ACUTE}б${ACUTE}${ACUTE} в`;
    const u = withoutMarks(text)!;
    expect(u.plain).toBe('xаб в');
    expect(spanBack(u, text.length, 1, 3)).toEqual([1, 6]);
    expect(spanBack(u, text.length, 0, 1)).toEqual([0, 1]);
    expect(spanBack(u, text.length, 4, 5)).toEqual([7, 8]);
  });
});

describe('marks never change what is masked, only where', () => {
  const data = [
    'Иванов Иван Иванович',
    'ivan@mail.ru',
    '8 914 123-45-67',
    'СНИЛС 112-233-445 95',
    'ул. Ленина, д. 5, кв. 12',
    'Петрова Анна Сергеевна',
  ];
  const marks = [ACUTE, GRAVE, SHY, ZWSP, WJ];

  it('a mark put after any letter or digit of a datum gives the same tokens (fast-check, 300 runs)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...data), fc.nat(), fc.constantFrom(...marks), (datum, at, mark) => {
        const clean = `Сообщение: ${datum}. Спасибо`;
        const starts: number[] = [];
        for (let i = 0; i < datum.length; i++) if (/[\p{L}\p{N}]/u.test(datum[i]!)) starts.push(i);
        const k = starts[at % starts.length]! + 1;
        const marked = `Сообщение: ${datum.slice(0, k)}${mark}${datum.slice(k)}. Спасибо`;
        // The same tokens in the same places; a mark on a word left visible («СНИЛС») stays.
        expect(maskPersonalData(marked).replace(mark, '')).toBe(maskPersonalData(clean));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe('only «й» and «ё» are composed', () => {
  it('a grave or acute on «и» or «е» is dropped, not made into «ѝ» or «ѐ»', () => {
    expect(withoutMarks(`Ивановѝч`.normalize('NFD'))!.plain).toBe('Иванович');
    expect(withoutMarks(`Се${GRAVE}ргей и${GRAVE} е${ACUTE}`)!.plain).toBe('Сергей и е');
    expect(maskPersonalData(`Сообщение: Иванов Иван Ивановѝч. Спасибо`.normalize('NFD'))).toBe('Сообщение: [ФИО]. Спасибо');
  });
});

describe('marks outside the BMP and at the very start', () => {
  it('a variation selector of the supplement (U+E0100, two UTF-16 units) inside a name is dropped', () => {
    expect(maskPersonalData('Ива\u{E0100}нов Иван Иванович звонил')).toBe('[ФИО] звонил');
    const u = withoutMarks('ж\u{E0100}з')!;
    expect(u.plain).toBe('жз');
    expect([...u.from]).toEqual([0, 3]);
  });

  it('a mark at the very start is dropped: the text still starts a sentence there', () => {
    // «Утром» starts the text, so it is no surname: the name is «Анна Петровна» alone.
    expect(maskPersonalData(`${ACUTE}Утром Анна Петровна звонила`)).toBe(`${ACUTE}Утром [ФИО] звонила`);
    expect(withoutMarks(`${ACUTE}${SHY}аб`)!.plain).toBe('аб');
    expect([...withoutMarks(`${ACUTE}${SHY}аб`)!.from]).toEqual([2, 3]);
  });

  it('a decomposed «й» as the first letter of the text is «й»', () => {
    expect(withoutMarks(`и${BREVE}од`)!.plain).toBe('йод');
  });
});
