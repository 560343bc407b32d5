import { describe, expect, it } from 'vitest';
import {
  CUT_MARK,
  MASK_TOKENS,
  MAX_TEXT_CHARS,
  capText,
  findPersonalData,
  maskPersonalData,
  type PersonalDataKind,
} from '../../../../shared/mask.js';
import { MASK_CORPUS, MASK_NEGATIVES, MASK_POSITIVES } from '../../../fixtures/mask-corpus.js';

/** Rebuild the masked text from the spans, to check that both functions agree. */
function maskFromSpans(text: string): string {
  let out = '';
  let at = 0;
  for (const s of findPersonalData(text)) {
    out += text.slice(at, s.start) + MASK_TOKENS[s.kind];
    at = s.end;
  }
  return out + text.slice(at);
}

describe('mask corpus', () => {
  it('holds at least 100 cases, at least 40 of them untouched', () => {
    expect(MASK_CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(MASK_NEGATIVES.length).toBeGreaterThanOrEqual(40);
    for (const c of MASK_POSITIVES) expect(c.expected).not.toBe(c.text);
  });

  it.each(MASK_POSITIVES.map((c) => [c.text, c.expected]))('masks: %s', (text, expected) => {
    expect(maskPersonalData(text)).toBe(expected);
  });

  it.each(MASK_NEGATIVES.map((c) => [c.text]))('leaves alone: %s', (text) => {
    expect(findPersonalData(text)).toEqual([]);
    expect(maskPersonalData(text)).toBe(text);
  });

  it('findPersonalData spans are sorted, non-overlapping and agree with maskPersonalData', () => {
    for (const { text } of MASK_CORPUS) {
      const spans = findPersonalData(text);
      let last = 0;
      for (const s of spans) {
        expect(s.start).toBeGreaterThanOrEqual(last);
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(text.length);
        last = s.end;
      }
      expect(maskFromSpans(text)).toBe(maskPersonalData(text));
    }
  });

  it('is idempotent: masking a masked text changes nothing', () => {
    for (const { text } of MASK_CORPUS) {
      const once = maskPersonalData(text);
      expect(maskPersonalData(once)).toBe(once);
      expect(findPersonalData(once)).toEqual([]);
    }
  });
});

describe('findPersonalData', () => {
  it('reports the kind and exact offsets of each datum', () => {
    const text = 'Иванов Иван Иванович, тел. +7 (914) 123-45-67, ул. Ленина, д. 5, кв. 12';
    const spans = findPersonalData(text);
    expect(spans.map((s) => [s.kind, text.slice(s.start, s.end)])).toEqual([
      ['name', 'Иванов Иван Иванович'],
      ['phone', '+7 (914) 123-45-67'],
      ['address', 'ул. Ленина, д. 5, кв. 12'],
    ]);
  });

  it('returns nothing for an empty text', () => {
    expect(findPersonalData('')).toEqual([]);
    expect(maskPersonalData('')).toBe('');
  });

  it('has a token for every kind', () => {
    const kinds: PersonalDataKind[] = ['phone', 'email', 'name', 'address', 'passport', 'snils', 'inn', 'plate', 'card'];
    expect(Object.keys(MASK_TOKENS).sort()).toEqual([...kinds].sort());
    for (const k of kinds) expect(MASK_TOKENS[k]).toMatch(/^\[.+\]$/u);
  });
});

describe('spellings', () => {
  const phones = [
    '+7 (914) 123-45-67',
    '+7 914 123 45 67',
    '8-914-123-45-67',
    '89141234567',
    '8 (4152) 21-34-56',
    '+79141234567',
    '8 914 1234567',
    '7(914)1234567',
    '8 (41531) 2-13-45',
    '+7\u00A0914\u00A0123\u00A045\u00A067',
  ];
  it.each(phones)('phone %s', (p) => {
    expect(maskPersonalData(`звоните ${p} вечером`)).toBe('звоните [телефон] вечером');
  });

  const names = [
    'Иванов Иван Иванович',
    'Иван Иванович Иванов',
    'Ивановой Марии Петровны',
    'Мария Петровна',
    'Иванов И. И.',
    'И.И. Иванов',
    'Петрову А.В.',
    'Ивановичу Петру Ильичу',
    'Ковальчук Оксана Николаевна',
    'Мамедов Рашид Алиевич',
  ];
  it.each(names)('name %s', (n) => {
    expect(maskPersonalData(`Жалоба на ${n} — не отвечает`)).toBe('Жалоба на [ФИО] — не отвечает');
  });

  it('keeps streets and institutions named after people', () => {
    for (const t of [
      'на ул. Ленина не чистят снег',
      'школа имени Пушкина',
      'проспект Карла Маркса',
      'школа имени А.С. Пушкина закрыта',
      'библиотека им. Н.В. Гоголя',
      'улица Владимира Ильича',
    ]) {
      expect(maskPersonalData(t)).toBe(t);
    }
  });

  it('masks e-mail addresses with Cyrillic domains', () => {
    expect(maskPersonalData('ответ на почта@мэрия.рф.')).toBe('ответ на [e-mail].');
  });
});

describe('idempotence on shuffled corpus fragments', () => {
  it('masking twice equals masking once', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = MASK_CORPUS.flatMap((c) => c.text.split(/(?<=[ ,.])/u));
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let j = 0, n = 3 + Math.floor(rnd() * 12); j < n; j++) text += pieces[Math.floor(rnd() * pieces.length)] ?? '';
      const once = maskPersonalData(text);
      expect(maskPersonalData(once)).toBe(once);
    }
  });
});

describe('adversarial inputs complete', () => {
  const cases: Array<[string, string]> = [
    ['10 000 digits', '7'.repeat(10_000)],
    ['digits with separators', '8 9'.repeat(5_000)],
    ['ул. ул. ул.', 'ул. '.repeat(5_000)],
    ['streets without houses', 'ул. Ленина '.repeat(2_000)],
    ['capitalised words', 'Иванов '.repeat(3_000) + 'Иванович'],
    ['patronymics', 'Иван Иванович '.repeat(2_000)],
    ['e-mail-like', 'a.'.repeat(5_000) + '@' + 'b.'.repeat(5_000)],
    ['at signs', 'a@'.repeat(5_000)],
    ['phone words', 'тел. '.repeat(3_000) + '12'],
    ['passport words', 'паспорт серия '.repeat(2_000)],
    ['letters', 'а'.repeat(20_000)],
  ];
  it.each(cases)('%s', (_name, text) => {
    const masked = maskPersonalData(text);
    expect(typeof masked).toBe('string');
    expect(maskPersonalData(masked)).toBe(masked);
  });

  it('masks every phone in a long ticker line', () => {
    const line = Array.from({ length: 500 }, (_, i) => `жалоба ${i}: звоните 8-914-123-45-${String(i % 100).padStart(2, '0')};`).join(' ');
    expect(maskPersonalData(line).match(/\[телефон\]/gu)?.length).toBe(500);
  });
});

describe('capText: where a long text is cut', () => {
  it('a text of MAX_TEXT_CHARS stays whole; one more character and it is cut', () => {
    expect(capText('ж'.repeat(MAX_TEXT_CHARS))).toBe('ж'.repeat(MAX_TEXT_CHARS));
    expect(capText('ж'.repeat(MAX_TEXT_CHARS + 1))).toBe(`${'ж'.repeat(MAX_TEXT_CHARS - 64)} ${CUT_MARK}`);
  });
  it('cuts at the last space within 200 characters of the limit, and drops the word before it', () => {
    expect(capText('слово '.repeat(4000))).toBe(`${'слово '.repeat(3332).trimEnd()} ${CUT_MARK}`);
    const at = (space: number) => `${'ж'.repeat(space)} ${'ж'.repeat(MAX_TEXT_CHARS + 300 - space)}`;
    expect(capText(at(MAX_TEXT_CHARS - 199))).toBe(`${'ж'.repeat(MAX_TEXT_CHARS - 199 - 64)} ${CUT_MARK}`);
    // 200 characters back is too far: the cut stays at the limit.
    expect(capText(at(MAX_TEXT_CHARS - 200))).toBe(`${'ж'.repeat(MAX_TEXT_CHARS - 200)} ${'ж'.repeat(199 - 64)} ${CUT_MARK}`);
  });
  it('drops the digits and separators before the cut, and the word before them', () => {
    expect(capText(`${'ж'.repeat(MAX_TEXT_CHARS - 10)} тел 1234 56`)).toBe(`${'ж'.repeat(MAX_TEXT_CHARS - 10)} ${CUT_MARK}`);
  });
  it('never leaves half a character (a surrogate pair) before the cut mark', () => {
    const cut = capText(`я${'😀'.repeat(12_000)}`);
    expect(cut).toBe(`я${'😀'.repeat(9999 - 64)} ${CUT_MARK}`);
  });
  it('with a small limit', () => {
    expect(capText('абв где', 5)).toBe(` ${CUT_MARK}`);
    expect(capText('абв где', 7)).toBe('абв где');
  });
});

describe('maskWhole: a datum glued to another shows once its neighbour is a token', () => {
  it.each<[string, string]>([
    ['серия 30 05 № 123456ivan@mail.ru ', '[паспорт][e-mail] '],
    ['И.И. )-4276 1234 5678 9014-почта@мэрия.рф', 'И.И. )-[карта]-[e-mail]'],
    ['А123ВС 159-ivan@mail.ru-д. 5, 8 (342) 212-34-56, ', '[госномер] [e-mail]-д. 5, [телефон], '],
  ])('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
});
