/** Pixel reading for the e2e checks: PNG screenshots decoded in a page (no PNG library on the Node side). */
import type { Page } from 'playwright-core';

/** RGB of each point (x, y in the PNG's pixels) of a PNG, decoded by `page`. */
export async function pixelsAt(page: Page, png: Buffer, points: { x: number; y: number }[]): Promise<[number, number, number][]> {
  return page.evaluate(
    async ({ b64, points }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      return points.map((p) => {
        const d = g.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data;
        return [d[0]!, d[1]!, d[2]!] as [number, number, number];
      });
    },
    { b64: png.toString('base64'), points },
  );
}

/**
 * Compares a rectangle of PNG `a` (at ax, y) with one of PNG `b` (at bx, y), `w` × `h` pixels:
 * the share of pixels whose channels differ by more than `tol` in sum, and the mean difference.
 */
export async function compareStrips(
  page: Page,
  a: Buffer,
  ax: number,
  b: Buffer,
  bx: number,
  w: number,
  h: number,
  tol = 48,
  y = 0,
): Promise<{ differing: number; mean: number }> {
  return page.evaluate(
    async ({ a64, ax, b64, bx, w, h, tol, y }) => {
      const read = async (b64s: string, x: number) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64s}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return g.getImageData(x, y, w, h).data;
      };
      const da = await read(a64, ax);
      const db = await read(b64, bx);
      let n = 0;
      let sum = 0;
      for (let i = 0; i < da.length; i += 4) {
        const d = Math.abs(da[i]! - db[i]!) + Math.abs(da[i + 1]! - db[i + 1]!) + Math.abs(da[i + 2]! - db[i + 2]!);
        sum += d;
        if (d > tol) n++;
      }
      return { differing: n / (da.length / 4), mean: sum / (da.length / 4) };
    },
    { a64: a.toString('base64'), ax, b64: b.toString('base64'), bx, w, h, tol, y },
  );
}

/** "#EE8866" → [238, 136, 102]. */
export function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Hue in degrees (0..360) and saturation (0..1) of an RGB colour. */
export function hueSat([r, g, b]: [number, number, number]): { hue: number; sat: number } {
  const R = r / 255, G = g / 255, B = b / 255;
  const max = Math.max(R, G, B), min = Math.min(R, G, B);
  const d = max - min;
  if (d === 0) return { hue: 0, sat: 0 };
  let h = max === R ? ((G - B) / d) % 6 : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  h *= 60;
  if (h < 0) h += 360;
  return { hue: h, sat: max === 0 ? 0 : d / max };
}
