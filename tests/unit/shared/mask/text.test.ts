/**
 * shared/mask/text.ts: the folding pass (Latin look-alikes inside Cyrillic words, letters typed
 * for digits inside numbers), what counts as a letter next to a number, and the windows the
 * detectors run in — first through maskPersonalData, then each helper directly with the exact
 * result a detector relies on.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../shared/mask.js';
import {
  MASK_TOKENS,
  SP,
  digitRunStarts,
  fold,
  inWindows,
  isDigit,
  isLetterAt,
  tokenRanges,
  type PersonalDataSpan,
} from '../../../../shared/mask/text.js';

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

// --- the helpers themselves, as the detectors call them -----------------------------------------

const INERT = '\uA66E';

describe('isDigit: the ASCII digits only', () => {
  it.each<[string, boolean]>([
    ['/', false],
    ['0', true],
    ['5', true],
    ['9', true],
    [':', false],
    ['٣', false],
  ])('%s → %s', (ch, yes) => {
    expect(isDigit(ch.charCodeAt(0))).toBe(yes);
  });
  it('no character (past the end of a text) is no digit', () => {
    expect(isDigit(''.charCodeAt(0))).toBe(false);
  });
});

describe('isLetterAt: a letter of any script', () => {
  it.each<[string, boolean]>([
    ['@', false],
    ['A', true],
    ['Z', true],
    ['[', false],
    ['`', false],
    ['a', true],
    ['z', true],
    ['{', false],
    ['1', false],
    [' ', false],
    ['-', false],
    ['Ѐ', true],
    ['ж', true],
    ['ӿ', true],
    // inside the Cyrillic block: ҁ and Ҋ are letters, ҂ and the combining marks between them are not
    ['ҁ', true],
    ['҂', false],
    ['\u0483', false],
    ['\u0489', false],
    ['Ҋ', true],
    ['ü', true],
    ['é', true],
    ['ß', true],
    ['α', true],
    ['→', false],
    ['²', false],
    ['\u00A0', false],
    ['€', false],
    ['\uA66E', true],
  ])('%s → %s', (ch, yes) => {
    expect(isLetterAt(`1${ch}1`, 1)).toBe(yes);
  });
  it('outside the text there is no letter', () => {
    expect(isLetterAt('', 0)).toBe(false);
    expect(isLetterAt('аб', 2)).toBe(false);
    expect(isLetterAt('аб', -1)).toBe(false);
  });
});

describe('SP: horizontal space', () => {
  const sp = new RegExp(`^${SP}$`);
  it.each([' ', '\u00A0', '\t'])('%j is a space', (ch) => {
    expect(sp.test(ch)).toBe(true);
  });
  it.each(['\n', 'а', '1', '-', ''])('%j is not', (ch) => {
    expect(sp.test(ch)).toBe(false);
  });
});

describe('MASK_TOKENS: what the wall shows for each kind', () => {
  it('the nine tokens', () => {
    expect(MASK_TOKENS).toEqual({
      phone: '[телефон]',
      email: '[e-mail]',
      name: '[ФИО]',
      address: '[адрес]',
      passport: '[паспорт]',
      snils: '[СНИЛС]',
      inn: '[ИНН]',
      plate: '[госномер]',
      card: '[карта]',
    });
  });
});

describe('tokenRanges: where an earlier masking left its tokens', () => {
  it('none in an empty text, a text without «[», or a bracket that is no token', () => {
    expect(tokenRanges('')).toEqual([]);
    expect(tokenRanges('звонил Иван')).toEqual([]);
    expect(tokenRanges('[')).toEqual([]);
    expect(tokenRanges('[ФИО] без скобки: [ФИ')).toEqual([[0, 5]]);
  });
  it('a token at the very start and at the very end', () => {
    expect(tokenRanges('[ФИО] звонил')).toEqual([[0, 5]]);
    expect(tokenRanges('звонил [телефон]')).toEqual([[7, 16]]);
  });
  it('every kind of token, sorted by where it stands (not by kind)', () => {
    const text = '[карта] [госномер] [ИНН] [СНИЛС] [паспорт] [адрес] [ФИО] [e-mail] [телефон]';
    expect(tokenRanges(text)).toEqual([
      [0, 7],
      [8, 18],
      [19, 24],
      [25, 32],
      [33, 42],
      [43, 50],
      [51, 56],
      [57, 65],
      [66, 75],
    ]);
  });
  it('the same token repeated, glued together and far apart', () => {
    expect(tokenRanges('[ФИО][ФИО] и [ФИО]')).toEqual([
      [0, 5],
      [5, 10],
      [13, 18],
    ]);
  });
  it('offsets in UTF-16 units, as slice takes them, after a surrogate pair', () => {
    expect(tokenRanges('😀[ФИО]')).toEqual([[2, 7]]);
  });
});

describe('fold: a copy of the same length that reads as it is meant', () => {
  it('a text with nothing to fold comes back as it is', () => {
    expect(fold('')).toBe('');
    expect(fold('Иванов Иван, дом 5')).toBe('Иванов Иван, дом 5');
    expect(fold('Ivanov Ivan, house 5')).toBe('Ivanov Ivan, house 5');
  });

  it('every Latin look-alike inside a Cyrillic word becomes its Cyrillic letter', () => {
    expect(fold('жaeopcxyktmuAEOPCXYKMTBH')).toBe('жаеорсхуктмиАЕОРСХУКМТВН');
  });

  it('one look-alike alone in a word is enough, capital or small', () => {
    expect(fold('ИВAНОВ')).toBe('ИВАНОВ');
    expect(fold('Ивaнов')).toBe('Иванов');
  });

  it('Latin letters without a Cyrillic look-alike stay', () => {
    expect(fold('жbdfghijlnqrsvwzDFGIJLNQRSUVWZ')).toBe('жbdfghijlnqrsvwzDFGIJLNQRSUVWZ');
  });

  it('only the mixed word is folded, not its neighbours', () => {
    expect(fold('Mama Ивaнова mama')).toBe('Mama Иванова mama');
  });

  it('a mixed word at the very start and at the very end of the text', () => {
    expect(fold('aж')).toBe('аж');
    expect(fold('дом Пeтpa')).toBe('дом Петра');
  });

  it('the Cyrillic block from its first letter to its last counts as Cyrillic', () => {
    expect(fold('Ѐa')).toBe('Ѐа');
    expect(fold('ӿa')).toBe('ӿа');
  });

  it('a letter of another script does not make a word mixed', () => {
    expect(fold('äpfel')).toBe('äpfel');
    expect(fold('Nguyễn Việt')).toBe('Nguyễn Việt');
    expect(fold('αpx')).toBe('αpx');
  });

  it('a surrogate pair ends a word and is kept whole', () => {
    expect(fold('Ивa😀Mama')).toBe('Ива😀Mama');
    expect(fold('😀Ивaн')).toBe('😀Иван');
  });

  it('each letter typed for a digit right after a digit is that digit', () => {
    expect(fold('1З 1з 1О 1о 1O 1o 1б 1l 1I')).toBe('13 13 10 10 10 10 16 11 11');
  });

  it('after a dash or a dot that follows a digit, too', () => {
    expect(fold('45-ЗЗ')).toBe('45-33');
    expect(fold('45.б7')).toBe('45.67');
  });

  it('two such letters at most, all of them digit-like', () => {
    expect(fold('1ООО')).toBe('1ООО');
    expect(fold('1Зж')).toBe('1Зж');
    expect(fold('1жЗ')).toBe('1жЗ');
  });

  it('a mixed pair typed for digits is read as digits, not as a Cyrillic word', () => {
    expect(fold('1Оo')).toBe('100');
  });

  it('not after a letter, a space, a lone dash or at the start of the text', () => {
    expect(fold('З1')).toBe('З1');
    expect(fold('а-З')).toBe('а-З');
    expect(fold('-З')).toBe('-З');
    expect(fold('1 З')).toBe('1 З');
    expect(fold('1,З')).toBe('1,З');
    expect(fold('а5аЗ')).toBe('а5аЗ');
  });

  it('the tokens of an earlier masking are one inert word each', () => {
    expect(fold('[ФИО]')).toBe(INERT.repeat(5));
    expect(fold('5[ФИО]')).toBe(`5${INERT.repeat(5)}`);
    expect(fold('Ивaн [e-mail] Пeтp')).toBe(`Иван ${INERT.repeat(8)} Петр`);
    expect(fold('[ФИО][телефон]')).toBe(INERT.repeat(14));
    expect(fold('1[ФИО]З')).toBe(`1${INERT.repeat(5)}З`);
  });

  it('a bracket that is no token is an ordinary character', () => {
    expect(fold('[Ивaн]')).toBe('[Иван]');
  });

  it('the token ranges handed in are the ones made inert', () => {
    expect(fold('[ФИО] [ФИО]', [[6, 11]])).toBe(`[ФИО] ${INERT.repeat(5)}`);
    expect(fold('[ФИО]', [])).toBe('[ФИО]');
  });
});

describe('inWindows: the detector runs only around the anchors', () => {
  /** The windows detect was given, as [start, end] of `text`, by a detector that claims each whole. */
  function windows(text: string, anchors: number[], back: number, fwd: number): Array<[number, number]> {
    const out: PersonalDataSpan[] = [];
    inWindows(text, anchors, back, fwd, (slice, sink) => sink.push({ kind: 'plate', start: 0, end: slice.length }), out);
    return out.map((s) => [s.start, s.end]);
  }
  const blank = ' '.repeat(40);

  it('no anchor, no call', () => {
    let calls = 0;
    inWindows('звоните 89141234567', [], 10, 10, () => calls++, []);
    expect(calls).toBe(0);
  });

  it('back before and fwd after each anchor', () => {
    expect(windows(blank, [10], 3, 4)).toEqual([[7, 14]]);
  });

  it('cut at the start and at the end of the text', () => {
    expect(windows(blank, [2], 5, 1)).toEqual([[0, 3]]);
    expect(windows(blank, [38], 1, 5)).toEqual([[37, 40]]);
  });

  it('windows that touch are one; a gap of one character keeps them apart', () => {
    expect(windows(blank, [10, 17], 3, 4)).toEqual([[7, 21]]);
    expect(windows(blank, [10, 18], 3, 4)).toEqual([
      [7, 14],
      [15, 22],
    ]);
    expect(windows(blank, [10, 12, 14], 3, 4)).toEqual([[7, 18]]);
  });

  it('each edge widened to the nearest space, tab, line break or no-break space', () => {
    for (const sp of [' ', '\t', '\n', '\r', '\u00A0']) {
      // «аааа·бббб·вввв»: an anchor inside «бббб» gets the whole word, not its neighbours.
      expect(windows(`аааа${sp}бббб${sp}вввв`, [6], 0, 1)).toEqual([[5, 9]]);
    }
  });

  it('an edge on a space is not moved', () => {
    expect(windows('аааа бббб вввв', [5], 0, 4)).toEqual([[5, 9]]);
  });

  it('a window at the text start is not widened past it', () => {
    expect(windows(`аб${' '.repeat(98)}`, [1], 0, 1)).toEqual([[0, 2]]);
  });

  it('a very long word is widened by 64 characters at most on each side', () => {
    expect(windows('ж'.repeat(200), [100], 0, 0)).toEqual([[36, 164]]);
    expect(windows(`${'ж'.repeat(64)} ${'ж'.repeat(200)}`, [100], 0, 0)).toEqual([[65, 164]]);
  });

  it('the detector sees only its window, and its spans come back in text offsets with their kind', () => {
    const seen: string[] = [];
    const out: PersonalDataSpan[] = [];
    const text = 'код 12 и ещё много слов, код 34 конец';
    inWindows(
      text,
      [4, 29],
      0,
      2,
      (slice, sink) => {
        seen.push(slice);
        const k = slice.search(/\d/);
        sink.push({ kind: 'inn', start: k, end: k + 2 });
      },
      out,
    );
    expect(seen).toEqual(['12', '34']);
    expect(out).toEqual([
      { kind: 'inn', start: 4, end: 6 },
      { kind: 'inn', start: 29, end: 31 },
    ]);
    expect(out.map((s) => text.slice(s.start, s.end))).toEqual(['12', '34']);
  });

  it('spans are added to what the sink already holds', () => {
    const out: PersonalDataSpan[] = [{ kind: 'email', start: 0, end: 1 }];
    inWindows(blank, [20], 1, 1, (_s, sink) => sink.push({ kind: 'card', start: 0, end: 1 }), out);
    expect(out).toEqual([
      { kind: 'email', start: 0, end: 1 },
      { kind: 'card', start: 19, end: 20 },
    ]);
  });
});

describe('digitRunStarts: where each run of digits starts', () => {
  it.each<[string, number[]]>([
    ['', []],
    ['без цифр', []],
    ['7', [0]],
    ['12 3', [0, 3]],
    ['а1 22 333б4', [1, 3, 6, 10]],
    ['8-914-123', [0, 2, 6]],
    ['дом 5', [4]],
    ['٣٤ 5', [3]],
    ['😀12', [2]],
  ])('%j → %j', (text, starts) => {
    expect(digitRunStarts(text)).toEqual(starts);
  });
});
