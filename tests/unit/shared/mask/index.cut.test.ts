/**
 * Where a long text is cut before masking (shared/mask/index.ts, capText), in the characters a
 * reader sees: the cut is marked with «…» (U+2026) after a space; a character of two UTF-16 units,
 * or half of one, earlier in the text does not make the cut lose a letter.
 */
import { describe, expect, it } from 'vitest';
import { capText, CUT_MARK, MAX_TEXT_CHARS, maskPersonalData } from '../../../../shared/mask/index.js';

describe('the cut mark', () => {
  it('is « …» — a space and the ellipsis character', () => {
    expect(CUT_MARK).toBe('\u2026');
    const cut = maskPersonalData('ж'.repeat(MAX_TEXT_CHARS + 1));
    expect(cut.endsWith('ж \u2026')).toBe(true);
  });

  it('an emoji at the start of a long text does not change where a long word is cut', () => {
    const plain = capText(`ab ${'ж'.repeat(MAX_TEXT_CHARS)}`);
    const emoji = capText(`😀 ${'ж'.repeat(MAX_TEXT_CHARS)}`);
    expect(plain).toBe(`ab ${'ж'.repeat(MAX_TEXT_CHARS - 3 - 64)} \u2026`);
    expect(emoji).toBe(`😀 ${'ж'.repeat(MAX_TEXT_CHARS - 3 - 64)} \u2026`);
    // nor does a broken character (half of a pair, as a hostile sender may put anywhere)
    expect(capText(`\uD83D ${'ж'.repeat(MAX_TEXT_CHARS)}`)).toBe(`\uD83D ${'ж'.repeat(MAX_TEXT_CHARS - 2 - 64)} \u2026`);
  });
});
