/**
 * shared/mask/first-names.ts through maskPersonalData: a known first name in each of its case
 * forms next to a surname is masked with it (lower case too), and the first names that are also
 * common words («роман», «вера», «лев») count only when capitalised.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../shared/mask.js';

describe('every case form of a first name, next to a surname, in lower case', () => {
  const forms = [
    // -ия: Мария
    'мария', 'марии', 'марию', 'марией',
    // -а: Анна
    'анна', 'анны', 'анни', 'анне', 'анну', 'анной', 'анною',
    // -я: Илья
    'илья', 'ильи', 'илье', 'илью', 'ильей', 'ильею',
    // -й, -ь: Сергей, Игорь
    'сергей', 'сергея', 'сергею', 'сергеем', 'сергее', 'игорь', 'игоря', 'игорю', 'игорем', 'игоре',
    // a consonant: Иван
    'иван', 'ивана', 'ивану', 'иваном', 'иване',
    // irregular: Пётр, Павел, Лев
    'пётр', 'петр', 'петра', 'петру', 'петром', 'петре', 'павел', 'павла', 'павлу', 'павлом', 'павле', 'льва', 'льву', 'львом',
  ];
  it.each(forms)('«%s петров» and «петров %s»', (form) => {
    expect(maskPersonalData(`звонил ${form} петров вчера`)).toBe('звонил [ФИО] вчера');
    expect(maskPersonalData(`звонил петров ${form} вчера`)).toBe('звонил [ФИО] вчера');
  });
});

describe('first names that are also words', () => {
  const words = ['роман', 'вера', 'надежда', 'любовь', 'лев', 'ева', 'кира', 'лука', 'фома', 'яна', 'дина', 'булат', 'глеб', 'марат', 'любови', 'майя', 'мира', 'роза'];
  it.each(words)('«%s» counts capitalised, not in lower case', (w) => {
    const cap = `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`;
    expect(maskPersonalData(`звонил ${cap} Петров вчера`)).toBe('звонил [ФИО] вчера');
    expect(maskPersonalData(`звонил ${w} петров вчера`)).toBe(`звонил ${w} петров вчера`);
  });
});

describe('«ян» in lower case', () => {
  it.each([
    // «ян» itself is shorter than any lower-case word of a name (three letters); its «-ом» form is read
    ['встретились с яном петровым', 'встретились с [ФИО]'],
    ['встретились с петровым яном', 'встретились с [ФИО]'],
  ])('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
  it('its forms shared with «яна» still count capitalised only', () => {
    expect(maskPersonalData('звонил яне петрову')).toBe('звонил яне петрову');
    expect(maskPersonalData('звонил Яне Петрову')).toBe('звонил [ФИО]');
  });
});
