/** arrangeGrid (shared/wall/plan.ts): every reason a set of displays is not a regular grid, word for word; and the slices of one that is. */
import { describe, expect, it } from 'vitest';
import { DisplaySchema, arrangeGrid, type Display } from '../../../../shared/wall/plan.js';

const d = (id: number, x: number, y: number, width = 1920, height = 1080, label = ''): Display => DisplaySchema.parse({ id, label, bounds: { x, y, width, height } });
const NO_BEZEL = { horizontal: 0, vertical: 0 };
const reason = (ds: Display[]) => {
  const r = arrangeGrid(ds, NO_BEZEL);
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
};

describe('arrangeGrid refuses what is not a regular grid, and says why', () => {
  it('no displays', () => {
    expect(arrangeGrid([], NO_BEZEL)).toEqual({ ok: false, reason: 'нет ни одного дисплея для стены' });
  });

  it('overlapping displays', () => {
    expect(reason([d(2, 1000, 0), d(1, 0, 0)])).toBe('дисплеи #1 (1920×1080 в (0, 0)) и #2 (1920×1080 в (1000, 0)) перекрываются');
  });

  it('a display of another size than the grid (two columns; two rows; both)', () => {
    // One wide display under two: it spans 2 columns of the grid.
    expect(reason([d(1, 0, 0), d(2, 1920, 0), d(3, 0, 1080, 3840, 1080, 'LG')])).toBe(
      'дисплей «LG» (id 3) (3840×1080 в (0, 1080)) другого размера: занимает 2 столбца сетки из дисплеев #1, #2',
    );
    // One tall display beside two.
    expect(reason([d(1, 0, 0, 1920, 2160), d(2, 1920, 0), d(3, 1920, 1080)])).toBe(
      'дисплей #1 (1920×2160 в (0, 0)) другого размера: занимает 2 строки сетки из дисплеев #2, #3',
    );
    // A big one beside a 2×2 corner.
    expect(reason([d(1, 0, 0, 3840, 2160), d(2, 3840, 0), d(3, 3840, 1080), d(4, 1920, 2160), d(5, 5760, 1080)])).toMatch(
      /^дисплей #1 \(3840×2160 в \(0, 0\)\) другого размера: занимает 2 столбца и 2 строки сетки из дисплеев #2, #3, #5, #4$/, // the others in reading order
    );
  });

  it('a hole in the grid', () => {
    expect(reason([d(1, 0, 0), d(2, 1920, 0), d(3, 0, 1080)])).toBe('в сетке 2×2 из дисплеев #1, #2, #3 нет дисплея: строка 2, столбец 2');
    expect(reason([d(1, 0, 0), d(4, 3840, 1080)])).toBe('в сетке 2×2 из дисплеев #1, #4 нет дисплея: строка 1, столбец 2; строка 2, столбец 1');
  });

  it('a column of different widths; a row of different heights', () => {
    expect(reason([d(1, 0, 0), d(2, 1920, 0), d(3, 0, 1080, 1280, 1080), d(4, 1920, 1080)])).toBe(
      'в столбце 1 дисплеи разной ширины: #1 1920, #3 1280',
    );
    expect(reason([d(1, 0, 0), d(2, 1920, 0, 1920, 720)])).toBe('в строке 1 дисплеи разной высоты: #1 1080, #2 720');
  });

  it('neighbours that do not touch: a gap across, a gap down', () => {
    expect(reason([d(1, 0, 0), d(2, 2000, 0)])).toBe('#1 (1920×1080 в (0, 0)) и #2 (1920×1080 в (2000, 0)) разделены промежутком 80 px');
    expect(reason([d(1, 0, 0), d(2, 0, 1100)])).toBe('#1 (1920×1080 в (0, 0)) и #2 (1920×1080 в (0, 1100)) разделены промежутком 20 px');
  });

  it('a regular grid in any listing order: its canvas and slices with bezels', () => {
    const r = arrangeGrid([d(4, 1920, 1080), d(3, 0, 1080), d(2, 1920, 0), d(1, 0, 0)], { horizontal: 10, vertical: 20 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.canvas).toEqual({ width: 3850, height: 2180 });
    expect(Object.fromEntries(r.slices)).toEqual({
      1: { x: 0, y: 0, width: 1920, height: 1080 },
      2: { x: 1930, y: 0, width: 1920, height: 1080 },
      3: { x: 0, y: 1100, width: 1920, height: 1080 },
      4: { x: 1930, y: 1100, width: 1920, height: 1080 },
    });
  });
});
