/**
 * shared/mask/numbers.ts through maskPersonalData: what the wall shows for phones, СНИЛС, ИНН,
 * passports and card numbers, one concrete message text each (docs/spec/central-api.md, field
 * `text`: "on the wall it is shown masked"), and the numbers that must stay as written.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../shared/mask.js';

const cases = (rows: Array<[string, string]>) => rows;

describe('phones: spellings and groupings', () => {
  it.each(
    cases([
      ['Звоните 7 914 123 45 67 после шести', 'Звоните [телефон] после шести'],
      ['звоните + 7 914 123 45 67', 'звоните [телефон]'],
      ['звоните (8 914 123 45 67) вечером', 'звоните [телефон] вечером'],
      ['(звоните 8 914 123 45 67) вечером', '(звоните [телефон]) вечером'],
      ['дежурный ( 342) 2123456', 'дежурный [телефон]'],
      ['дежурный +(342) 2123456', 'дежурный [телефон]'],
      ['приёмная 342 212-34-56', 'приёмная [телефон]'],
      ['соседка 212-34-56 знает', 'соседка [телефон] знает'],
      ['мобильный 9141234567', 'мобильный [телефон]'],
      ['8 914 123   45 67 — мой', '[телефон] — мой'],
      ['8 914 123     45 67 — мой', '[телефон] — мой'],
      ['8 914 123\u00A0\u00A0\u00A045 67 — мой', '[телефон] — мой'],
      ['номер 89141234567.', 'номер [телефон].'],
      ['тел. 123 45 — вахта', 'тел. [телефон] — вахта'],
      ['12-34 89141234567 звоните', '12-34 [телефон] звоните'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
});

describe('a number glued to its trigger word by «.» or «:» is masked', () => {
  it.each(
    cases([
      ['тел.89141234567', 'тел.[телефон]'],
      ['тел:89141234567', 'тел:[телефон]'],
      ['тел.+79141234567 Анна', 'тел.[телефон] Анна'],
      ['моб.(914)123-45-67', 'моб.[телефон]'],
      ['ИНН:500100732259', 'ИНН:[ИНН]'],
      ['СНИЛС:112-233-445 95', 'СНИЛС:[СНИЛС]'],
      ['паспорт:3005123456', 'паспорт:[паспорт]'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });

  it('but not after another word or a digit («ст.12 п.5», «п.89141234567» stay)', () => {
    for (const t of ['ст.12 п.5', 'п.89141234567', 'т.ч.89141234567', '1.89141234567', 'ФЗ-89141234567']) {
      expect(maskPersonalData(t)).toBe(t);
    }
  });
});

describe('numbers that are no phone stay as written', () => {
  it.each([
    ['8 800 100-12-34 — горячая линия'],
    ['7 800 100 12 34 — горячая линия'],
    ['800 123 45 67'],
    ['8 214 123 45 67'],
    ['342 2123456'],
    ['34 22 12 34 56'],
    ['91 41 23 45 67'],
    ['212 34 56'],
    ['№ 212-34-56'],
    ['код 212-34-56'],
    ['договор 9141234567'],
    ['счёт 89141234567'],
    ['счёт: 89141234567'],
    ['тел. 1234 567'],
    ['позвоните, долг 12 345 руб.'],
    ['12345 тел.'],
    ['8 914 123.-.45 67'],
    ['8 914 123      45 67'],
    ['шифр 12-89141234567 на коробке'],
    ['шифр 12–89141234567 на коробке'],
    ['89141234567-12'],
    ['89141234567/5'],
    ['89141234567:5'],
    ['89141234567,5'],
    ['89141234567.5'],
    ['89141234567@'],
    ['89141234567_'],
    ['89141234567а'],
    ['_19141234567'],
    ['@19141234567'],
    ['user_8914123456'],
    ['т.89141234567 вечером'],
  ])('%s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it.each([
    ['_89141234567', '_[телефон]'],
    ['@89141234567', '@[телефон]'],
    ['user_89141234567 в телеграме', 'user_[телефон] в телеграме'],
    ['[89141234567', '[[телефон]'],
    ['[89141234567]', '[[телефон]]'],
    ['СНИЛС [112-233-445 95]', 'СНИЛС [[СНИЛС]]'],
    // a bracket or a plus before the digits starts a number, whatever stands before it
    ['д.+79141234567', 'д.[телефон]'],
    ['кв.5,+79141234567', 'кв.5,[телефон]'],
    ['ivan_+79141234567', 'ivan_[телефон]'],
    ['ivan@(914)123-45-67', 'ivan@[телефон]'],
    ['IMG_9141234567.jpg', 'IMG_[телефон].jpg'],
    // a mobile number glued to a word, grouped: its first digits «89» start it
    ['звонила Ивановна8914 123 45 67', 'звонила Ивановна[телефон]'],
    ['a/(4152)12-34-56 звонить', 'a/[телефон] звонить'],
  ])('a mobile number after «_» or «@», a number after a bracket or a plus: %s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });

  it('eleven digits glued to letters that are no mobile number are a serial number, even with a СНИЛС’s check digits', () => {
    expect(maskPersonalData('19000000081')).toBe('[СНИЛС]');
    expect(maskPersonalData('серийный SN19000000081')).toBe('серийный SN19000000081');
    expect(maskPersonalData('модель A19000000081 в наличии')).toBe('модель A19000000081 в наличии');
  });

  it('an unbroken mobile number glued to the word before it is still a phone (no other datum has its shape)', () => {
    expect(maskPersonalData('а89141234567')).toBe('а[телефон]');
    expect(maskPersonalData('Иванов Иван Иванович89141234567')).toBe('[ФИО] Иванович[телефон]');
    expect(maskPersonalData('звоните Анне79141234567')).toBe('звоните Анне[телефон]');
    // not a shorter or longer run, nor a landline glued to a word
    for (const t of ['а8914123456', 'а891412345678', 'а84152123456', 'ГАЗ3307']) expect(maskPersonalData(t)).toBe(t);
  });

  it('a code word counts only right before the number («счёт клиента» does not)', () => {
    expect(maskPersonalData('счёт клиента 89141234567')).toBe('счёт клиента [телефон]');
  });

  it('an application or a message number stays, whatever the case of «заявка» or «обращение» before it', () => {
    for (const t of [
      'заявка 89141234567',
      'по заявке 89141234567 ответа нет',
      'с заявкой 89141234567 разобрались',
      'обращение 89141234567 закрыто',
      'под обращением 89141234567 ответа нет',
    ])
      expect(maskPersonalData(t)).toBe(t);
  });

  it('a code word is a whole word: a longer word that starts like one («Инна», «идём») leaves a phone a phone', () => {
    expect(maskPersonalData('Перезвоните, Инна 89141234567')).toBe('Перезвоните, Инна [телефон]');
    expect(maskPersonalData('Инна, 8 914 123 45 67')).toBe('Инна, [телефон]');
    expect(maskPersonalData('идём 89141234567')).toBe('идём [телефон]');
  });
});

describe('a phone word makes a short number a phone within 48 characters and three words', () => {
  const w15 = 'абвгдежзиклмноп';
  it('48 characters between the word and the number: masked; 49: left', () => {
    expect(maskPersonalData(`тел. ${w15} ${w15} ${w15.slice(1)} 12345`)).toBe(`тел. ${w15} ${w15} ${w15.slice(1)} [телефон]`);
    expect(maskPersonalData(`тел. ${w15} ${w15} ${w15} 12345`)).toBe(`тел. ${w15} ${w15} ${w15} 12345`);
  });
  it('three words between: masked; a word after the number does not count', () => {
    expect(maskPersonalData('тел. мой старый домашний 12345')).toBe('тел. мой старый домашний [телефон]');
    expect(maskPersonalData('тел. у моей старой мамы 12345')).toBe('тел. у моей старой мамы 12345');
  });
});

describe('phones dictated in words', () => {
  const words = [
    'ноль', 'нуль', 'один', 'одна', 'два', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять',
    'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать',
    'семнадцать', 'восемнадцать', 'девятнадцать', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят',
    'семьдесят', 'восемьдесят', 'девяносто', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот',
    'семьсот', 'восемьсот', 'девятьсот', 'плюс',
  ];
  it.each(words)('six times «%s» is a phone', (w) => {
    expect(maskPersonalData(`звоните ${Array(6).fill(w).join(' ')} вечером`)).toBe('звоните [телефон] вечером');
  });
  it('six words or more, with spaces, dashes or commas; five stay', () => {
    expect(maskPersonalData('звоните восемь-девять-один-четыре-два-три')).toBe('звоните [телефон]');
    expect(maskPersonalData('звоните восемь, девять, один, четыре, два, три')).toBe('звоните [телефон]');
    expect(maskPersonalData('пять шесть семь восемь девять')).toBe('пять шесть семь восемь девять');
  });
  it('at most seventeen words in one phone', () => {
    expect(maskPersonalData(Array(18).fill('ноль').join(' '))).toBe('[телефон] ноль');
  });
});

describe('СНИЛС', () => {
  it.each(
    cases([
      ['СНИЛС 112 233 445 95', 'СНИЛС [СНИЛС]'],
      ['СНИЛС мамы 11223344595', 'СНИЛС мамы [СНИЛС]'],
      ['данные: 123-456-789 01', 'данные: [СНИЛС]'],
      // Bare 11 digits pass by their check number: a sum under 100 is the check number itself,
      // 100 and 101 give 00, above that the sum modulo 101 (100 again 00).
      ['номер 00131253665', 'номер [СНИЛС]'],
      ['номер 06313102200', 'номер [СНИЛС]'],
      ['номер 11630404000', 'номер [СНИЛС]'],
      ['номер 14412435423', 'номер [СНИЛС]'],
      ['номер 66632154200', 'номер [СНИЛС]'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
  it.each([['номер 14412435424'], ['1234-56-789 01'], ['123-4567-89 01'], ['123-456-7890 1'], ['+123 456 789 01']])(
    'left: %s (wrong check number or not grouped 3-3-3-2)',
    (text) => {
      expect(maskPersonalData(text)).toBe(text);
    },
  );
});

describe('ИНН of a person, bank cards', () => {
  it.each(
    cases([
      ['ИНН 500100732259', 'ИНН [ИНН]'],
      ['ИНН 5001 0073 2259', 'ИНН [ИНН]'],
      ['личный номер 500100732259', 'личный номер [ИНН]'],
      ['карта 4276 1234 5678 9014', 'карта [карта]'],
      ['карта 2202200000000008', 'карта [карта]'],
      ['карта 5536 9112 3456 7899', 'карта [карта]'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
  it.each([
    ['номер 500100732250'],
    ['номер 500100732269'],
    ['номер 5001 0073 2259'],
    ['карта 5536 9112 3456 7898'],
    ['карта 4276 12345678 9014'],
  ])('left: %s (check digits wrong, or grouped otherwise without «ИНН»)', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('passports', () => {
  it.each(
    cases([
      ['паспорт 3005123456', 'паспорт [паспорт]'],
      ['паспорт 3005 123456', 'паспорт [паспорт]'],
      ['паспорт 30 05 123456', 'паспорт [паспорт]'],
      ['паспорт 30 05, 123456', 'паспорт [паспорт]'],
      ['паспорт 30 05 № 123456', 'паспорт [паспорт]'],
      ['паспорт выдан 30 05 № 123456', 'паспорт выдан [паспорт]'],
      ['паспорт серии 30 05 номер 123456', 'паспорт [паспорт]'],
      ['серия 3005 № 123456', '[паспорт]'],
      ['сер. 30 05 ном. 123456', '[паспорт]'],
      ['серии 3005 n 123456', '[паспорт]'],
      // after a passport word, ten digits in any grouping are a passport
      ['паспорт 3005 12 3456', 'паспорт [паспорт]'],
      ['паспорт: 30 05 12 34 56', 'паспорт: [паспорт]'],
      ['паспорт 300 5123456', 'паспорт [паспорт]'],
      ['паспорт 300 512 3456 выдан', 'паспорт [паспорт] выдан'],
      // a phone word («номер») before them too
      ['паспорт, номер 30-05-123456', 'паспорт, номер [паспорт]'],
      ['паспорт номер 3005-123456', 'паспорт номер [паспорт]'],
      ['паспорт номер 3005 12 3456', 'паспорт номер [паспорт]'],
      ['паспорт и номер 3005123456', 'паспорт и номер [паспорт]'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
  it.each([['заявка 30 05 № 123456'], ['выдан 30 05, 123456']])('left: %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('how a chain of digit groups is read', () => {
  it.each(
    cases([
      // a datum may start inside a chain after a space or a bracket
      ['12-34 11223344595', '12-34 [СНИЛС]'],
      ['1)89141234567 2)89147654321', '1)[телефон] 2)[телефон]'],
      // an ИНН dictated digit by digit: 12 groups
      ['ИНН 5 0 0 1 0 0 7 3 2 2 5 9', 'ИНН [ИНН]'],
      // a 10-digit landline needs its 3-5 digit area code bracketed, or three groups
      ['звоните (34253) 5-12-34', 'звоните [телефон]'],
      ['приёмная 342 212 3456', 'приёмная [телефон]'],
      // a passport after its word, grouped with dashes
      ['паспорт 30-05-123456', 'паспорт [паспорт]'],
      ['паспорт 3005-123456', 'паспорт [паспорт]'],
      // 3-2-2 with dashes, spaces around the dashes allowed
      ['соседка 212 - 34 - 56 знает', 'соседка [телефон] знает'],
      // a phone found stays found when the chain goes on
      ['89141234567 12345', '[телефон] 12345'],
      // an 11-digit number passing the СНИЛС check though «800» follows its first digit
      ['номер 18001234507', 'номер [СНИЛС]'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });

  it.each([
    ['данные 144 1243 5423'],
    ['342123 45 67'],
    ['тел. 4276123456789015'],
    ['участок 5-12-34'],
    ['участок 1-23-4567'],
    ['соседка 212-34 56 знает'],
    ['соседка 212 34-56 знает'],
    ['89141234567(2)'],
    ['звоните 8 800 100 12 34 5'],
  ])('stays: %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('the edges of a number', () => {
  it.each(
    cases([
      ['тел(89141234567)', 'тел[телефон]'],
      ['звоните+79141234567', 'звоните[телефон]'],
      ['Анна+79141234567', 'Анна[телефон]'],
      // a bracket glued to a word starts a landline too (not only an unbroken mobile number)
      ['Звонила Анна(4152)12-34-56', 'Звонила Анна[телефон]'],
      ['Анна+7(4152)12-34-56', 'Анна[телефон]'],
      ['тел-89141234567', 'тел-[телефон]'],
      ['тел,89141234567', 'тел,[телефон]'],
      ['тел/89141234567', 'тел/[телефон]'],
      ['звоните 8 (342) 212-34-56#2', 'звоните [телефон]#2'],
      // two marks in one separator still join the groups
      ['звоните 8-(914)-123-45-67', 'звоните [телефон]'],
      ['89141234567;89147654321', '[телефон];[телефон]'],
      ['звоните 8–914–123–45–67', 'звоните [телефон]'],
      ['звоните 8.914.123.45.67', 'звоните [телефон]'],
      ['тел. 12345 и 300 руб. долга', 'тел. [телефон] и 300 руб. долга'],
      ['тел. 12345 гараж', 'тел. [телефон] гараж'],
      // a bracket or a plus right before the digits, or one space before them, is the number's;
      // a dash or a letter between them and the digits is not
      ['звоните + (914) 123-45-67', 'звоните [телефон]'],
      ['звоните + 7 914 123 45 67', 'звоните [телефон]'],
      ['звоните ( 89141234567)', 'звоните [телефон]'],
      ['звоните (-89141234567)', 'звоните (-[телефон])'],
      ['звоните +-89141234567', 'звоните +-[телефон]'],
      ['звоните +x89141234567', 'звоните +x[телефон]'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
  it.each([
    ['1,89141234567'],
    ['1/89141234567'],
    ['1:89141234567'],
    // 12 digits failing the first ИНН check digit though passing the second
    ['542834335141'],
    ['тел. 12345руб.'],
    ['тел. 12345 га.'],
    ['тел. 12345%'],
  ])('stays: %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('trigger words in the middle of a text, several in one text', () => {
  it.each(
    cases([
      ['тел. 12345, звоните вечером', 'тел. [телефон], звоните вечером'],
      ['тел. 1, сот. 2, моб.89141234567', 'тел. 1, сот. 2, моб.[телефон]'],
      ['моб.89141234567, тел. 1, сот. 2', 'моб.[телефон], тел. 1, сот. 2'],
      ['мой СНИЛС 112 233 44595', 'мой СНИЛС [СНИЛС]'],
      ['мой ИНН 5001 0073 2259', 'мой ИНН [ИНН]'],
    ]),
  )('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
  it.each([['п.89141234567, тел. дома'], ['оплатите счёт 89141234567']])('stays: %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('a table of numbers is read in pieces of 64 groups, and a datum across a piece’s edge is found', () => {
  // Two-digit values starting with 1, 2, 5 or 6: no run of them is a phone, a СНИЛС or anything else.
  const table = (n: number) => Array.from({ length: n }, (_, i) => String([10, 50, 20, 60][i % 4]! + ((i * 7) % 10)));
  const data: Array<[string, string]> = [
    ['8 914 123 45 67', '[телефон]'],
    ['+7 914 123 45 67', '[телефон]'],
    ['112 233 445 95', '[СНИЛС]'],
    ['8 (4152) 12 34 56', '[телефон]'],
  ];

  it.each(data)('%s at every position of a table of 200 groups', (datum, token) => {
    for (let at = 0; at <= 200; at++) {
      const groups = table(200);
      groups.splice(at, 0, datum);
      const masked = maskPersonalData(`Таблица: ${groups.join(' ')}`);
      expect(masked.split(token).length - 1, `at group ${at}`).toBe(1);
      // the table's own numbers stay as written
      expect(masked.replace(token, datum), `at group ${at}`).toBe(`Таблица: ${groups.join(' ')}`);
    }
  });

  it('a piece’s edge changes nothing: a number after an en dash stays glued there as anywhere', () => {
    // «12–89141234567» is a code (see «шифр 12–89141234567»), at group 10 or as the first group
    // of the next piece (group 53, where the second piece starts)
    for (const at of [10, 52, 53, 54]) {
      const groups = table(120);
      const text = `${groups.slice(0, at).join(' ')}–89141234567 ${groups.slice(at).join(' ')}`;
      expect(maskPersonalData(text), `at group ${at}`).toBe(text);
    }
  });

  it('two data across the edges of two pieces, and one right after another', () => {
    const groups = table(140);
    groups.splice(120, 0, '8 914 765 43 21');
    groups.splice(60, 0, '8 914 123 45 67', '+7 914 000 11 22');
    const masked = maskPersonalData(groups.join(' '));
    expect(masked.split('[телефон]').length - 1).toBe(3);
    expect(masked).not.toMatch(/914/u);
  });
});
