/**
 * Which span wins where the detectors' candidates overlap (shared/mask/index.ts, findPersonalData):
 * the longest; on equal length the more specific kind (card, СНИЛС, ИНН, passport, e-mail, phone,
 * plate, address, name — in that order); then the earlier one; never a span over the token of an
 * earlier masking. The number detector is replaced by one that proposes the spans each case names,
 * over a text in which no other detector finds anything, so that the rule itself is what is tested.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PersonalDataKind, PersonalDataSpan } from '../../../../shared/mask/text.js';
import type * as Numbers from '../../../../shared/mask/numbers.js';

const planned: PersonalDataSpan[] = [];
vi.mock('../../../../shared/mask/numbers.js', async (importOriginal) => {
  const real = await importOriginal<typeof Numbers>();
  return { ...real, addNumbers: (_f: string, out: PersonalDataSpan[]) => out.push(...planned) };
});
const { findPersonalData, maskPersonalData } = await import('../../../../shared/mask/index.js');

afterEach(() => {
  planned.length = 0;
});
const TEXT = 'жжжжжжжжжж жжжжжжжжжж жжжжжжжжжж'; // nothing any real detector reads
const span = (kind: PersonalDataKind, start: number, end: number): PersonalDataSpan => ({ kind, start, end });

describe('overlapping candidates', () => {
  it('the longest wins, wherever it starts and in whichever order they come', () => {
    for (const order of [0, 1]) {
      planned.push(...(order ? [span('card', 2, 8), span('name', 0, 12)] : [span('name', 0, 12), span('card', 2, 8)]));
      expect(findPersonalData(TEXT)).toEqual([span('name', 0, 12)]);
      planned.length = 0;
    }
  });

  it('on equal length, the more specific kind: card, СНИЛС, ИНН, passport, e-mail, phone, plate, address, name', () => {
    const kinds: PersonalDataKind[] = ['card', 'snils', 'inn', 'passport', 'email', 'phone', 'plate', 'address', 'name'];
    for (let i = 0; i < kinds.length - 1; i++) {
      for (const [a, b] of [[kinds[i]!, kinds[i + 1]!], [kinds[i + 1]!, kinds[i]!]] as const) {
        planned.length = 0;
        planned.push(span(a, 3, 9), span(b, 5, 11));
        expect(findPersonalData(TEXT), `${a} / ${b}`).toEqual([span(kinds[i]!, kinds[i] === a ? 3 : 5, kinds[i] === a ? 9 : 11)]);
      }
    }
    planned.length = 0;
    planned.push(span('name', 0, 6), span('card', 0, 6));
    expect(maskPersonalData(TEXT)).toBe(`[карта]${TEXT.slice(6)}`);
  });

  it('on equal length and kind, the earlier one', () => {
    planned.push(span('phone', 6, 12), span('phone', 4, 10));
    expect(findPersonalData(TEXT)).toEqual([span('phone', 4, 10)]);
  });

  it('spans that touch without overlapping are both kept, in text order', () => {
    planned.push(span('phone', 6, 12), span('email', 0, 6), span('name', 12, 14));
    expect(findPersonalData(TEXT)).toEqual([span('email', 0, 6), span('phone', 6, 12), span('name', 12, 14)]);
  });

  it('a span that would swallow the token of an earlier masking is dropped, even the longest', () => {
    const t = `жж [ФИО] жж ${'ж'.repeat(10)}`;
    planned.push(span('address', 0, 12), span('phone', 12, 20));
    expect(findPersonalData(t)).toEqual([span('phone', 12, 20)]);
    planned.length = 0;
    // ending right before the token, or starting right after it, is allowed
    planned.push(span('phone', 0, 3), span('phone', 8, 11));
    expect(findPersonalData(t)).toEqual([span('phone', 0, 3), span('phone', 8, 11)]);
  });
});
