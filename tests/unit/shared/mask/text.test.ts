/**
 * shared/mask/text.ts through maskPersonalData: the folding pass (Latin look-alikes inside
 * Cyrillic words, letters typed for digits inside numbers), what counts as a letter next to a
 * number, and the windows the detectors run in.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../shared/mask.js';

describe('look-alike letters are read as what they stand for', () => {
  it.each<[string, string]>([
    ['Ивaнов Иван Иванович', '[ФИО]'],
    ['Пeтpoв Иван Иванович звонил', '[ФИО] звонил'],
    ['звоните 8-914-123-45-ЗЗ', 'звоните [телефон]'],
    ['звоните 8 914 1O1 45 67', 'звоните [телефон]'],
    ['звоните 8 914 123 45 6б', 'звоните [телефон]'],
    ['звоните 8 914 123 45 6l', 'звоните [телефон]'],
    ['звоните 8 914 123 45 6I', 'звоните [телефон]'],
    ['звоните 8 914 123 45 6о', 'звоните [телефон]'],
    ['звоните 8 914 123 45 6O', 'звоните [телефон]'],
    ['звоните 8 914 123 45 6з', 'звоните [телефон]'],
  ])('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });

  it('a Latin name stays Latin (no look-alike folding outside mixed words)', () => {
    expect(maskPersonalData('Ivanov Ivan')).toBe('Ivanov Ivan');
  });

  it('two letters after a dash inside a number are digits; a word after a space is not', () => {
    expect(maskPersonalData('звоните 8-914-123-45-ОО')).toBe('звоните [телефон]');
    expect(maskPersonalData('звоните 8-914-123-45 ОО')).toBe('звоните 8-914-123-45 ОО');
  });
});

describe('a letter of any script glues to a number; a symbol does not', () => {
  // (an unbroken mobile number is a phone even glued to a word: «ü89141234567» → «ü[телефон]», numbers.test.ts)
  it.each([['ü84152123456'], ['89141234567ü'], ['é84152123456']])('stays: %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
  it('after an arrow the phone is masked', () => {
    expect(maskPersonalData('→89141234567')).toBe('→[телефон]');
  });
});

describe('detector windows', () => {
  it('a long word glued before a plate is read whole (the window widens to the space)', () => {
    expect(maskPersonalData('ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖА123ВС 159')).toBe('ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖА123ВС 159');
  });
  it('data far apart in one text are each masked', () => {
    const gap = ' и ещё'.repeat(80);
    expect(maskPersonalData(`ул. Ленина, 5${gap} ул. Мира, 7${gap} Иван Петрович${gap} А123ВС 159`)).toBe(
      `[адрес]${gap} [адрес]${gap} [ФИО]${gap} [госномер]`,
    );
  });
});
