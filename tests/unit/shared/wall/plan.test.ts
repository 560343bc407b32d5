/**
 * arrangeGrid (shared/wall/plan.ts): every reason a set of displays is not a regular grid, word for word; and the slices of one that is.
 * planWall: each kind of display matcher, the config's defaults and errors, and the console window's slot.
 */
import { describe, expect, it } from 'vitest';
import { DisplaySchema, SceneRefSchema, arrangeGrid, diffPlans, planWall, type Display, type DisplayInput, type DisplayMatcher } from '../../../../shared/wall/plan.js';

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

  it('several problems of one kind are all named, one after another', () => {
    expect(reason([d(1, 0, 0), d(2, 1000, 0), d(3, 2000, 0)])).toBe(
      'дисплеи #1 (1920×1080 в (0, 0)) и #2 (1920×1080 в (1000, 0)) перекрываются; дисплеи #2 (1920×1080 в (1000, 0)) и #3 (1920×1080 в (2000, 0)) перекрываются',
    );
    expect(reason([d(1, 0, 0), d(2, 1920, 0), d(3, 0, 1080, 3840), d(4, 0, 2160, 3840)])).toBe(
      'дисплей #3 (3840×1080 в (0, 1080)) другого размера: занимает 2 столбца сетки из дисплеев #1, #2, #4; ' +
        'дисплей #4 (3840×1080 в (0, 2160)) другого размера: занимает 2 столбца сетки из дисплеев #1, #2, #3',
    );
    expect(reason([d(1, 0, 0), d(2, 1920, 0, 1920, 720), d(3, 0, 1080, 1280, 1080), d(4, 1920, 1080)])).toBe(
      'в столбце 1 дисплеи разной ширины: #1 1920, #3 1280; в строке 1 дисплеи разной высоты: #1 1080, #2 720',
    );
    expect(reason([d(1, 0, 0), d(2, 2000, 0), d(3, 4000, 0)])).toBe(
      '#1 (1920×1080 в (0, 0)) и #2 (1920×1080 в (2000, 0)) разделены промежутком 80 px; #2 (1920×1080 в (2000, 0)) и #3 (1920×1080 в (4000, 0)) разделены промежутком 80 px',
    );
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

describe('planWall: matchers, defaults, the console slot', () => {
  const tiles = (rows: number, cols: number): DisplayInput[] =>
    Array.from({ length: rows * cols }, (_, i) => ({ id: i + 1, bounds: { x: (i % cols) * 1920, y: Math.floor(i / cols) * 1080, width: 1920, height: 1080 } }));
  const laptop: DisplayInput = { id: 100, label: 'Built-in', internal: true, bounds: { x: -1440, y: 0, width: 1440, height: 900 } };
  const scenes = (p: ReturnType<typeof planWall>) => Object.fromEntries(p.windows.map((w) => [w.display, w.scene]));

  it('a display is chosen by row and column (not by column alone), by id, or as the built-in one', () => {
    const p = planWall([...tiles(2, 2), laptop], {
      wall: {
        displays: [
          { match: { row: 1, col: 1 }, scene: 'briefing' },
          { match: { id: 2 }, scene: 'block:zhkh' },
          { match: { internal: true }, panels: ['queue'] },
        ],
      },
    });
    // the laptop, left of the tiles, is column 0; the tiles' columns are 1 and 2
    expect(scenes(p)).toEqual({ 100: { panels: ['queue'] }, 1: 'operational', 2: 'block:zhkh', 3: 'briefing', 4: 'operational' });
  });

  it('mirrored displays (the same bounds) are in the order of their ids, however Electron lists them', () => {
    const same = { x: 0, y: 0, width: 1920, height: 1080 };
    const p = planWall([{ id: 7, bounds: same }, { id: 3, bounds: same }], { wall: { displays: [{ match: { index: 0 }, scene: 'briefing' }] } });
    expect(p.windows.map((w) => [w.display, w.scene])).toEqual([[3, 'briefing'], [7, 'operational']]);
  });

  it('the console found by id; a console matcher that finds nothing is named in the warning, whatever its kind', () => {
    expect(planWall(tiles(1, 3), { console: { id: 2 } }).console?.display).toBe(2);
    const warning = (console: DisplayMatcher) => planWall(tiles(1, 2), { console }).warnings;
    const tail = 'не найден среди дисплеев: все дисплеи отданы стене';
    expect(warning({ row: 3, col: 0 })).toEqual([`пульт (row 3, col 0) ${tail}`]);
    expect(warning({ index: 5 })).toEqual([`пульт (index 5) ${tail}`]);
    expect(warning({ id: 9 })).toEqual([`пульт (id 9) ${tail}`]);
    expect(warning({ internal: true })).toEqual([`пульт (internal) ${tail}`]);
  });

  it('defaults: per-display mode, no bezel, the operational scene', () => {
    expect(planWall([laptop], { console: { internal: true } }).mode).toBe('per-display');
    const p = planWall(tiles(1, 2), { wall: { mode: 'span' } });
    expect(p.canvas).toEqual({ width: 3840, height: 1080 });
    expect(p.windows.map((w) => w.slice)).toEqual([
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1920, height: 1080 },
    ]);
    expect(scenes(planWall(tiles(1, 2), {}))).toEqual({ 1: 'operational', 2: 'operational' });
  });

  it('a config with several mistakes names each; a non-object assignment is one clear error, not a crash', () => {
    expect(() => planWall(tiles(1, 1), { wall: { mode: 'spin', bezel: { horizontal: -1 } } as never })).toThrow(
      /^план стены: wall\.mode: [^;]+; wall\.bezel\.horizontal: /,
    );
    for (const bad of [null, 42]) {
      let message = '';
      try {
        planWall(tiles(1, 1), { wall: { displays: [bad] } as never });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^план стены: wall\.displays\.0: [^;]+$/);
      expect(message).not.toMatch(/нужно ровно одно/);
    }
  });

  it('the console window opens with the console scene', () => {
    const open = diffPlans(null, planWall([...tiles(1, 1), laptop], { console: { internal: true } })).open;
    expect(open.map((s) => [s.display, s.role, s.scene])).toEqual([[1, 'wall', 'operational'], [100, 'console', 'console']]);
  });

  it('a window moved or resized along any one edge is moved, not kept', () => {
    const before = planWall(tiles(1, 1), {});
    for (const bounds of [{ x: 5 }, { y: 5 }, { width: 1280 }, { height: 720 }]) {
      const after = planWall([{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080, ...bounds } }], {});
      const diff = diffPlans(before, after);
      expect([diff.keep.length, diff.move.length], JSON.stringify(bounds)).toEqual([0, 1]);
    }
  });

  it('a window\'s scene crossing to the renderer: a scene id or a panel set of known panels', () => {
    expect(SceneRefSchema.parse('briefing')).toBe('briefing');
    expect(SceneRefSchema.parse({ panels: ['queue', 'rating'] })).toEqual({ panels: ['queue', 'rating'] });
    expect(SceneRefSchema.safeParse({ panels: ['no-such-panel'] }).success).toBe(false);
    expect(SceneRefSchema.safeParse({ panels: ['queue'], extra: 1 }).success).toBe(false);
  });
});
