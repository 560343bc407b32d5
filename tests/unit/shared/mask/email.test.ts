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
  ])('%s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
