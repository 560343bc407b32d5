/**
 * shared/mask under load: the inputs whose tests carry a time budget (processor time per megabyte,
 * or a test timeout for an 8-million-character text). Kept apart from tests/unit/shared/mask.test.ts
 * so that a mutation run (MUTATE_TESTS, docs/testing.md «Mutation scores») can leave them out:
 * under Stryker's per-test instrumentation the code runs about ten times slower and every budget
 * here would fail its initial run. They stay in the normal suite (`npx vitest run`).
 */
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, maskPersonalData, maskWhole } from '../../../shared/mask.js';
import { MASK_TUNING } from '../../fixtures/mask-corpus.js';

describe('text cap on a huge text', () => {
  it('an 8-million-character text does not overflow the stack, capped or whole', () => {
    const piece = MASK_TUNING.map((c) => c.text).join(' ');
    const text = piece.repeat(Math.ceil(8_000_000 / piece.length)).slice(0, 8_000_000);
    const capped = maskPersonalData(text);
    expect(capped.length).toBeLessThanOrEqual(MAX_TEXT_CHARS + 2);
    const whole = maskWhole(text);
    expect(whole.length).toBeGreaterThan(1_000_000);
    const phonesPerPiece = maskWhole(piece).split('[телефон]').length - 1;
    expect(phonesPerPiece).toBeGreaterThan(10);
    expect(whole.split('[телефон]').length - 1).toBeGreaterThanOrEqual(phonesPerPiece * Math.floor(text.length / piece.length));
  }, 120_000);
});

describe('adversarial inputs: linear time, idempotent', () => {
  /**
   * Generous: about ten times the processor time the masking needs here. Measured as this
   * process's processor time (process.cpuUsage), not wall time, so that other work on a shared
   * machine does not count; catastrophic backtracking would take minutes, not seconds.
   */
  const BUDGET_MS_PER_MB = 2_000;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const MB = 1 << 20;
  const SIZE = MB / 2;
  const fill = (unit: string, n = SIZE) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  // 16 patterns of half a megabyte each: 8 MB in all.
  const cases: Array<[string, string]> = [
    ['a digit run', fill('7')],
    ['digits and spaces', fill('8 9')],
    ['digits and dashes', fill('1-')],
    ['digits and dots', fill('1.')],
    ['at signs', fill('@')],
    ['e-mail-like', fill('a.', SIZE / 2) + '@' + fill('b.', SIZE / 2)],
    ['ул. ул. ул.', fill('ул. ')],
    ['streets without houses', fill('ул. Ленина ')],
    ['nested brackets', fill('(', SIZE / 2) + fill(')', SIZE / 2)],
    ['bracketed digits', fill('((8)')],
    ['capitalised words', fill('Иванов ')],
    ['first names and patronymics', fill('Иван Иванович ')],
    ['one long word', fill('а')],
    ['flats and houses', fill('кв. 1 д. 2 ')],
    ['form labels', fill('Фамилия: ')],
    ['phone words', fill('тел. ')],
  ];
  it.each(cases)('%s', (_name, text) => {
    const t0 = cpuMs();
    const masked = maskWhole(text);
    const ms = cpuMs() - t0;
    expect(ms).toBeLessThan((BUDGET_MS_PER_MB * text.length) / MB);
    expect(maskWhole(masked)).toBe(masked);
  }, 60_000);
});
