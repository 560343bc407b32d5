import { describe, expect, it } from 'vitest';
import { DisplaySchema, diffPlans, planWall } from '../../../../shared/wall/plan.js';
import type { DisplayInput, WallPlan } from '../../../../shared/wall/plan.js';

/** A rows×cols grid of w×h tiles starting at (x0, y0), ids 1.. in reading order. */
function grid(rows: number, cols: number, w = 1920, h = 1080, x0 = 0, y0 = 0, scale = 1): DisplayInput[] {
  const out: DisplayInput[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      out.push({
        id: r * cols + c + 1,
        label: `Панель ${r + 1}-${c + 1}`,
        bounds: { x: x0 + c * w, y: y0 + r * h, width: w, height: h },
        scaleFactor: scale,
      });
  return out;
}

/** Deterministic shuffle (so a failure is reproducible). */
function shuffle<T>(a: T[], seed: number): T[] {
  const out = [...a];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const span = (bezel = { horizontal: 0, vertical: 0 }) => ({ wall: { mode: 'span' as const, bezel } });
const byDisplay = (p: WallPlan) => new Map(p.windows.map((w) => [w.display, w]));

describe('span mode: regular grids', () => {
  for (let rows = 1; rows <= 4; rows++)
    for (let cols = 1; cols <= 4; cols++)
      it(`${rows}×${cols} with bezels: canvas and slices`, () => {
        const bezel = { horizontal: 30, vertical: 20 };
        const plan = planWall(grid(rows, cols), span(bezel));
        expect(plan.mode).toBe('span');
        expect(plan.warnings).toEqual([]);
        expect(plan.canvas).toEqual({ width: cols * 1920 + (cols - 1) * 30, height: rows * 1080 + (rows - 1) * 20 });
        expect(plan.windows).toHaveLength(rows * cols);
        for (const w of plan.windows) {
          const r = Math.floor((w.display - 1) / cols);
          const c = (w.display - 1) % cols;
          expect(w.bounds).toEqual({ x: c * 1920, y: r * 1080, width: 1920, height: 1080 });
          expect(w.slice).toEqual({ x: c * (1920 + 30), y: r * (1080 + 20), width: 1920, height: 1080 });
          expect(w.scene).toBe('operational');
        }
      });

  it('a straight line crosses the frames straight: canvas x maps to the same physical line', () => {
    // A horizontal line at canvas y = 1500 on a 2×2 wall with a 40 DIP vertical bezel lands on the
    // second row at local y = 1500 - (1080 + 40), identical in both columns.
    const plan = planWall(grid(2, 2), span({ horizontal: 40, vertical: 40 }));
    const bottom = plan.windows.filter((w) => w.slice!.y > 0);
    expect(bottom.map((w) => 1500 - w.slice!.y)).toEqual([380, 380]);
    // A vertical line at canvas x = 1940 is hidden behind the frame (between 1920 and 1960).
    expect(plan.windows.some((w) => 1940 >= w.slice!.x && 1940 < w.slice!.x + w.slice!.width)).toBe(false);
  });

  it('listing order does not matter', () => {
    const base = planWall(grid(3, 4), span({ horizontal: 12, vertical: 8 }));
    for (const seed of [1, 7, 42, 99]) {
      const p = planWall(shuffle(grid(3, 4), seed), span({ horizontal: 12, vertical: 8 }));
      expect(p).toEqual(base);
    }
  });

  it('negative coordinates (a wall left of and above the primary display)', () => {
    const plan = planWall(grid(2, 2, 1920, 1080, -3840, -1080), span({ horizontal: 10, vertical: 10 }));
    expect(plan.mode).toBe('span');
    const w = byDisplay(plan);
    expect(w.get(1)!.bounds).toEqual({ x: -3840, y: -1080, width: 1920, height: 1080 });
    expect(w.get(1)!.slice).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(w.get(4)!.slice).toEqual({ x: 1930, y: 1090, width: 1920, height: 1080 });
  });

  it('columns of different widths and rows of different heights are fine when uniform', () => {
    const d: DisplayInput[] = [
      { id: 10, bounds: { x: 0, y: 0, width: 1000, height: 500 } },
      { id: 11, bounds: { x: 1000, y: 0, width: 800, height: 500 } },
      { id: 12, bounds: { x: 0, y: 500, width: 1000, height: 300 } },
      { id: 13, bounds: { x: 1000, y: 500, width: 800, height: 300 } },
    ];
    const p = planWall(d, span({ horizontal: 5, vertical: 7 }));
    expect(p.canvas).toEqual({ width: 1805, height: 807 });
    expect(byDisplay(p).get(13)!.slice).toEqual({ x: 1005, y: 507, width: 800, height: 300 });
  });

  it('mixed scale factors: slices stay in DIP, with a warning', () => {
    const d = grid(1, 2);
    d[1] = { ...d[1]!, scaleFactor: 2 };
    const p = planWall(d, span());
    expect(p.mode).toBe('span');
    expect(p.windows.map((w) => w.slice)).toEqual([
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1920, height: 1080 },
    ]);
    expect(p.warnings.join()).toMatch(/разный масштаб \(1, 2\)/);
  });

  it('1×1 spans trivially', () => {
    const p = planWall(grid(1, 1), span({ horizontal: 50, vertical: 50 }));
    expect(p.canvas).toEqual({ width: 1920, height: 1080 });
  });
});

describe('span mode: irregular grids are refused and fall back to per-display', () => {
  it('a tile of a different size, naming the displays', () => {
    const d = grid(2, 2);
    d[3] = { ...d[3]!, label: 'Samsung большой', bounds: { x: 1920, y: 1080, width: 2560, height: 1440 } };
    const p = planWall(d, span());
    expect(p.mode).toBe('per-display');
    expect(p.canvas).toBeNull();
    expect(p.windows.every((w) => w.slice === null)).toBe(true);
    expect(p.warnings[0]).toMatch(/сетка видеостены неправильная/);
    expect(p.warnings[0]).toMatch(/разной ширины.*«Панель 1-2» \(id 2\) 1920.*«Samsung большой» \(id 4\) 2560/);
  });

  it('a hole (three displays of a 2×2)', () => {
    const d = grid(2, 2).filter((x) => x.id !== 3);
    const p = planWall(d, span());
    expect(p.mode).toBe('per-display');
    expect(p.warnings[0]).toMatch(/в сетке 2×2 .*нет дисплея: строка 2, столбец 1/);
    expect(p.warnings[0]).toContain('«Панель 1-1» (id 1)');
    expect(p.windows).toHaveLength(3);
  });

  it('an overlap (mirrored or misplaced display)', () => {
    const d = grid(1, 2);
    d.push({ id: 9, label: 'Проектор', bounds: { x: 960, y: 0, width: 1920, height: 1080 } });
    const p = planWall(d, span());
    expect(p.mode).toBe('per-display');
    expect(p.warnings[0]).toMatch(/«Панель 1-1» \(id 1\).*и «Проектор» \(id 9\).*перекрываются/);
  });

  it('a gap between neighbours', () => {
    const d: DisplayInput[] = [
      { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
      { id: 2, bounds: { x: 2000, y: 0, width: 1920, height: 1080 } },
    ];
    const p = planWall(d, span());
    expect(p.mode).toBe('per-display');
    expect(p.warnings[0]).toMatch(/#1 .* и #2 .* разделены промежутком 80 px/);
  });

  it('rows of different heights', () => {
    const d: DisplayInput[] = [
      { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
      { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1200 } },
    ];
    expect(planWall(d, span()).warnings[0]).toMatch(/в строке 1 дисплеи разной высоты/);
  });
});

describe('per-display mode', () => {
  const displays = grid(2, 2);
  it('matches by label, by row/col, by index, with a default scene', () => {
    const p = planWall(shuffle(displays, 3), {
      wall: {
        mode: 'per-display',
        scene: 'operational',
        displays: [
          { match: { label: 'Панель 2-2' }, scene: 'briefing' },
          { match: { row: 0, col: 1 }, panels: ['queue', 'rating'] },
          { match: { index: 2 }, scene: 'block:zhkh' },
        ],
      },
    });
    expect(p.mode).toBe('per-display');
    expect(p.canvas).toBeNull();
    const w = byDisplay(p);
    expect(w.get(4)!.scene).toBe('briefing');
    expect(w.get(2)!.scene).toEqual({ panels: ['queue', 'rating'] });
    expect(w.get(3)!.scene).toBe('block:zhkh'); // index 2 in reading order
    expect(w.get(1)!.scene).toBe('operational');
    expect(p.windows.map((x) => x.display)).toEqual([1, 2, 3, 4]);
    expect(w.get(3)!.bounds).toEqual({ x: 0, y: 1080, width: 1920, height: 1080 });
    expect(p.windows.every((x) => x.slice === null)).toBe(true);
  });

  it('the first matching assignment wins', () => {
    const p = planWall(displays, {
      wall: { displays: [{ match: { index: 0 }, scene: 'briefing' }, { match: { label: 'Панель 1-1' }, scene: 'block:zhkh' }] },
    });
    expect(byDisplay(p).get(1)!.scene).toBe('briefing');
  });
});

describe('console display', () => {
  const laptop: DisplayInput = { id: 100, label: 'Built-in Retina', internal: true, bounds: { x: -1440, y: 300, width: 1440, height: 900 }, scaleFactor: 2 };
  it('is excluded from the wall and reported, so the rest can span', () => {
    const p = planWall([laptop, ...grid(2, 2)], { ...span({ horizontal: 10, vertical: 10 }), console: { internal: true } });
    expect(p.mode).toBe('span');
    expect(p.console).toEqual({ display: 100, bounds: laptop.bounds });
    expect(p.windows.map((w) => w.display)).not.toContain(100);
    expect(p.canvas).toEqual({ width: 3850, height: 2170 });
    expect(p.warnings).toEqual([]);
  });
  it('without the console matcher the laptop spoils the grid', () => {
    const p = planWall([laptop, ...grid(2, 2)], span());
    expect(p.mode).toBe('per-display');
    expect(p.console).toBeNull();
  });
  it('matched by label; a matcher that finds nothing is a warning', () => {
    expect(planWall([laptop, ...grid(1, 2)], { console: { label: 'Built-in Retina' } }).console?.display).toBe(100);
    const p = planWall(grid(1, 2), { console: { label: 'Нет такого' } });
    expect(p.console).toBeNull();
    expect(p.warnings[0]).toMatch(/пульт \(label «Нет такого»\) не найден/);
  });
  it('only a console: no wall windows, a warning', () => {
    const p = planWall([laptop], { console: { internal: true } });
    expect(p.windows).toEqual([]);
    expect(p.warnings).toContain('для стены не осталось ни одного дисплея');
  });
});

describe('hot-plug and diffPlans', () => {
  it('4 displays → one removed → fallback → added back → span again', () => {
    const all = grid(2, 2);
    const cfg = { ...span({ horizontal: 20, vertical: 20 }), console: null };
    const p1 = planWall(all, cfg);
    expect(p1.mode).toBe('span');

    const first = diffPlans(null, p1);
    expect(first.open.map((s) => s.display)).toEqual([1, 2, 3, 4]);
    expect(first.close).toEqual([]);

    const p2 = planWall(all.filter((d) => d.id !== 4), cfg);
    expect(p2.mode).toBe('per-display');
    expect(p2.warnings[0]).toMatch(/нет дисплея: строка 2, столбец 2/);
    const d2 = diffPlans(p1, p2);
    expect(d2.close.map((s) => s.display)).toEqual([4]);
    expect(d2.open).toEqual([]);
    // Survivors keep their windows; only their slice changes (span → per-display).
    expect(d2.move.map((s) => s.display).sort()).toEqual([1, 2, 3]);
    expect(d2.move.every((s) => s.slice === null)).toBe(true);

    const p3 = planWall(all, cfg);
    expect(p3).toEqual(p1);
    const d3 = diffPlans(p2, p3);
    expect(d3.open.map((s) => s.display)).toEqual([4]);
    expect(d3.move.map((s) => s.display).sort()).toEqual([1, 2, 3]);
    expect(d3.close).toEqual([]);
  });

  it('a row wall losing its last display stays span: only the canvas changes', () => {
    const cfg = span();
    const p1 = planWall(grid(1, 3), cfg);
    const p2 = planWall(grid(1, 2), cfg);
    expect(p2.mode).toBe('span');
    const d = diffPlans(p1, p2);
    expect(d.close.map((s) => s.display)).toEqual([3]);
    // The canvas shrank, so the survivors are retargeted even though their slices are unchanged.
    expect(d.move.map((s) => s.display)).toEqual([1, 2]);
  });

  it('identical plans keep every window; a resized display moves', () => {
    const p1 = planWall(grid(1, 2), {});
    expect(diffPlans(p1, p1)).toEqual({ keep: p1.windows.map((w) => ({ ...w, role: 'wall', canvas: null })), move: [], open: [], close: [] });
    const d = grid(1, 2);
    d[1] = { ...d[1]!, bounds: { x: 1920, y: 0, width: 2560, height: 1440 } };
    const diff = diffPlans(p1, planWall(d, {}));
    expect(diff.keep.map((s) => s.display)).toEqual([1]);
    expect(diff.move.map((s) => [s.display, s.bounds.width])).toEqual([[2, 2560]]);
  });

  it('a display that becomes the console is closed and reopened (roles never change in place)', () => {
    const p1 = planWall(grid(1, 3), {});
    const p2 = planWall(grid(1, 3), { console: { index: 2 } });
    const d = diffPlans(p1, p2);
    expect(d.close.map((s) => [s.display, s.role])).toEqual([[3, 'wall']]);
    expect(d.open.map((s) => [s.display, s.role])).toEqual([[3, 'console']]);
  });
});

describe('DisplaySchema', () => {
  it('passes unknown Electron fields through and defaults the optional ones', () => {
    const d = DisplaySchema.parse({ id: 5, bounds: { x: 0, y: 0, width: 10, height: 10 }, colorDepth: 24, touchSupport: 'unknown' });
    expect(d).toMatchObject({ id: 5, label: '', scaleFactor: 1, rotation: 0, internal: false, colorDepth: 24 });
  });
  it('duplicate ids are a caller error', () => {
    expect(() => planWall([...grid(1, 1), ...grid(1, 1, 100, 100, 5000)], {})).toThrow(/id 1 указан дважды/);
  });
});
