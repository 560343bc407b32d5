/**
 * shared/mask/email.ts through maskPersonalData: what the wall shows for e-mail addresses in a
 * message text (Latin and Cyrillic, the sentence's punctuation left outside the token), and the
 * «@» texts that are no address.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../shared/mask.js';

describe('e-mail addresses are masked', () => {
  it.each<[string, string]>([
    ['пишите ivan.petrov@mail.ru вечером', 'пишите [e-mail] вечером'],
    ['пишите ivan_petrov%x+1-2@mail.ru вечером', 'пишите [e-mail] вечером'],
    ['пишите почта@мэрия.рф.', 'пишите [e-mail].'],
    ['пишите ivan@sub.mail.ru', 'пишите [e-mail]'],
    ['пишите ivan@mail.ru-серия', 'пишите [e-mail]-серия'],
    ['пишите ivan@mail.ru.', 'пишите [e-mail].'],
    ['пишите ivan@mail.ru-', 'пишите [e-mail]-'],
    ['пишите .ivan@mail.ru', 'пишите .[e-mail]'],
    ['пишите -ivan@mail.ru', 'пишите -[e-mail]'],
    ['пишите [ФИО]ivan@mail.ru', 'пишите [ФИО][e-mail]'],
    // a phone glued to the address: both masked (the address ends at its top-level domain)
    ['пишите ivan@mail.ru89141234567 срочно', 'пишите [e-mail][телефон] срочно'],
    ['пишите ivan@mail.ru2023', 'пишите [e-mail]2023'],
    ['пишите ivan@mail.ru5', 'пишите [e-mail]5'],
  ])('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });

  it('a local part of 64 characters and a domain of 253 are masked; one more and the text is no address', () => {
    expect(maskPersonalData(`пишите ${'a'.repeat(64)}@mail.ru`)).toBe('пишите [e-mail]');
    expect(maskPersonalData(`пишите ${'a'.repeat(65)}@mail.ru`)).toBe(`пишите ${'a'.repeat(65)}@mail.ru`);
    expect(maskPersonalData(`пишите ivan@${'b'.repeat(250)}.ru`)).toBe('пишите [e-mail]');
    expect(maskPersonalData(`пишите ivan@${'b'.repeat(251)}.ru`)).toBe(`пишите ivan@${'b'.repeat(251)}.ru`);
  });
});

describe('where an address starts and ends', () => {
  it.each<[string, string]>([
    // at the very start and the very end of the text, and a text that is nothing but the address
    ['ivan@mail.ru — мой адрес', '[e-mail] — мой адрес'],
    ['мой адрес ivan@mail.ru', 'мой адрес [e-mail]'],
    ['ivan@mail.ru', '[e-mail]'],
    // one character on either side of «@»
    ['пишите a@mail.ru', 'пишите [e-mail]'],
    ['пишите a@b.ru2', 'пишите [e-mail]2'],
    // a dash inside the domain is the domain's; a dash or dot at its end is the sentence's
    ['пишите ivan@my-mail.ru', 'пишите [e-mail]'],
    ['пишите ivan@mail.my-city.ru', 'пишите [e-mail]'],
    ['пишите ivan@mail.ru.- срочно', 'пишите [e-mail].- срочно'],
    ['пишите ivan@mail.ru-2', 'пишите [e-mail]-2'],
    // the local part does not start with dots or dashes
    ['пишите .-ivan@mail.ru', 'пишите .-[e-mail]'],
    // an «@» earlier in the text (a handle at its start) does not hide the address after it
    ['@petrov пишите ivan@mail.ru', '@petrov пишите [e-mail]'],
    ['@ пишите ivan@mail.ru', '@ пишите [e-mail]'],
    // a handle's «@» typed before the address, a stray «@» after it: the address is masked
    ['пишите @ivan@mail.ru', 'пишите @[e-mail]'],
    ['пишите @@ivan@mail.ru', 'пишите @@[e-mail]'],
    ['пишите ivan@mail.ru@', 'пишите [e-mail]@'],
    ['пишите ivan@mail.ru@yandex.ru', 'пишите [e-mail]@yandex.ru'],
    // a word glued to the top-level domain goes with it, however long
    ['пишите ivan@mail.ruобязательно', 'пишите [e-mail]'],
    ['пишите ivan@mail.ruпозвонитемнепожалуйстасегодня', 'пишите [e-mail]'],
    [`пишите ivan@mail.${'a'.repeat(24)}`, 'пишите [e-mail]'],
    [`пишите ivan@mail.${'a'.repeat(25)}`, 'пишите [e-mail]'],
    // what follows an address is read as text again: a site named later is no address
    ['пишите ivan@mail.ru или смотрите mos.ru', 'пишите [e-mail] или смотрите mos.ru'],
  ])('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });

  it('a masked address glued to more «@» texts is masked no further', () => {
    for (const text of ['пишите @ivan@mail.ru', 'пишите ivan@mail.ru@yandex.ru@x.ru', 'a@b.ru@c.ru@d.ru@e.ru@f.ru@g.ru']) {
      const once = maskPersonalData(text);
      expect(maskPersonalData(once)).toBe(once);
    }
    expect(maskPersonalData('a@b.ru@c.ru@d.ru@e.ru@f.ru@g.ru')).toBe('[e-mail]@c.ru@d.ru@e.ru@f.ru@g.ru');
  });
});

describe('no e-mail address', () => {
  it.each([
    ['пишите ivan@mail-ru'],
    ['пишите ...@mail.ru'],
    ['пишите @mail.ru'],
    ['пишите ivan@'],
    ['пишите ivan@@mail.ru'],
    ['пишите ivan@mail@ru.ru'],
    ['пишите ivan@localhost'],
    ['пишите ivan@.ru'],
    ['пишите ivan@mail.r'],
    ['пишите ivan@mail.123'],
    ['пишите ivan@mail.123ru'],
    ['пишите --@mail.ru'],
    ['пишите x@ivan@mail.ru'],
  ])('%s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
