/**
 * Legible at distance (issue 11; shared/wall/legibility.ts): at 1920×1080 and 3840×2160, for the
 * default geometry (a 2.4 m wall read from 6 m), every visible text of the operational and briefing
 * scenes is at least 16′ of arc high, every figure at least 20′; the map's legend touches none of the
 * region's projected polygons and the labels stay off each other and the legend; every panel names its period.
 */
import type { Page } from 'playwright-core';
import { legibility, DEFAULT_WALL_GEOMETRY } from '../../shared/wall/legibility.js';
import { assert, eq, openWall, type E2eContext, type E2eTest } from './context.js';

/** Elements whose text is a figure people must read (20′); every other text is held to 16′. */
const FIGURES = ['.clock-time', '.gauge-value', '.gauge-stats dd', '.q-overdue', '.ml-value', '.fig-value', '.bb-num', 'td.r-score', 'td.r-inc', 'td.r-per', '.trend'];

interface Measured {
  min: { text: number; figure: number };
  smallest: { text: number; figure: number; textAt: string; figureAt: string };
  bad: string[];
  count: number;
}

/** Every visible text node's element: its computed font size against the wall's minimums. */
async function measureText(page: Page): Promise<Measured> {
  return page.evaluate((figures) => {
    const wall = document.querySelector<HTMLElement>('[data-testid=wall]')!;
    const min = { text: Number(wall.dataset.minText), figure: Number(wall.dataset.minFigure) };
    const name = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const panel = el.closest('[data-testid]')?.getAttribute('data-testid');
      return `${panel ? `[${panel}] ` : ''}${el.tagName.toLowerCase()}${cls}`;
    };
    const bad: string[] = [];
    const smallest = { text: Infinity, figure: Infinity, textAt: '', figureAt: '' };
    let count = 0;
    const walker = document.createTreeWalker(wall, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      // only what is on screen (a ticker's second copy scrolls in later at the same size)
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      const isFigure = figures.some((f) => el.closest(f));
      count++;
      const need = isFigure ? min.figure : min.text;
      const what = `${name(el)} «${text.slice(0, 30)}» ${px.toFixed(1)} px < ${need} px (${isFigure ? '20′ figure' : '16′ text'})`;
      if (px + 0.01 < need) bad.push(what);
      if (isFigure && px < smallest.figure) Object.assign(smallest, { figure: px, figureAt: name(el) });
      if (!isFigure && px < smallest.text) Object.assign(smallest, { text: px, textAt: name(el) });
    }
    return { min, smallest, bad: [...new Set(bad)], count };
  }, FIGURES);
}

/** The legend's box against the region's projected polygons (their bounding box), and label overlaps. */
async function mapProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    type Fc = { features: { geometry: { coordinates: unknown } }[] };
    const map = (window as unknown as {
      __wallMap?: { project(p: [number, number]): { x: number; y: number }; getContainer(): HTMLElement; getStyle(): { sources: Record<string, { data: Fc }> } };
    }).__wallMap;
    if (!map) return ['no map'];
    const box = map.getContainer().getBoundingClientRect();
    // the region's outer rings, projected to the page
    const rings: [number, number][][] = [];
    const project = (ring: [number, number][]) => ring.map((q): [number, number] => { const p = map.project(q); return [box.left + p.x, box.top + p.y]; });
    for (const f of map.getStyle().sources.region!.data.features) {
      const g = f.geometry as { type?: string; coordinates: unknown };
      const polys = (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? (g.coordinates as unknown[]) : []) as [number, number][][][];
      for (const poly of polys) if (poly[0]) rings.push(project(poly[0]));
    }
    const lg = document.querySelector('[data-testid=legend]')!.getBoundingClientRect();
    const hit = (a: { left: number; right: number; top: number; bottom: number }, b: typeof a) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    // the legend touches no polygon: no vertex inside it, no edge across its sides, not wholly inside one
    const cross = (a: number[], b: number[], c: number[], d: number[]) => {
      const o = (p: number[], q: number[], r: number[]) => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
      return o(a, b, c) !== o(a, b, d) && o(c, d, a) !== o(c, d, b);
    };
    const inRing = (p: number[], r: number[][]) => {
      let inside = false;
      for (let i = 0, j = r.length - 1; i < r.length; j = i++)
        if (r[i]![1]! > p[1]! !== r[j]![1]! > p[1]! && p[0]! < ((r[j]![0]! - r[i]![0]!) * (p[1]! - r[i]![1]!)) / (r[j]![1]! - r[i]![1]!) + r[i]![0]!) inside = !inside;
      return inside;
    };
    const cs = [[lg.left, lg.top], [lg.right, lg.top], [lg.right, lg.bottom], [lg.left, lg.bottom]];
    let covered = 0;
    for (const r of rings) {
      let touch = inRing([(lg.left + lg.right) / 2, (lg.top + lg.bottom) / 2], r);
      for (let i = 0, j = r.length - 1; i < r.length && !touch; j = i++) {
        const p = r[i]!;
        if (p[0] > lg.left + 0.5 && p[0] < lg.right - 0.5 && p[1] > lg.top + 0.5 && p[1] < lg.bottom - 0.5) touch = true;
        for (let k = 0; k < 4 && !touch; k++) if (cross(r[j]!, p, cs[k]!, cs[(k + 1) % 4]!)) touch = true;
      }
      if (touch) covered++;
    }
    if (rings.length === 0) bad.push('no region polygons to measure the legend against');
    if (covered) bad.push(`the legend (${lg.left.toFixed(0)},${lg.top.toFixed(0)} ${lg.width.toFixed(0)}×${lg.height.toFixed(0)}) covers ${covered} of the region's ${rings.length} polygons`);
    const labels = [...document.querySelectorAll<HTMLElement>('.map-label')].filter((l) => getComputedStyle(l).visibility === 'visible');
    const rects = labels.map((l) => ({ id: l.dataset.label!, r: l.getBoundingClientRect(), name: l.querySelector('.ml-name')!.textContent! }));
    for (const a of rects) {
      if (hit(a.r, lg)) bad.push(`label ${a.name} under the legend`);
      for (const b of rects) if (a.id < b.id && hit(a.r, b.r)) bad.push(`labels ${a.name} and ${b.name} overlap`);
    }
    if (rects.length < 3) bad.push(`only ${rects.length} municipalities labelled`);
    for (const a of rects) if (/[А-ЯЁа-яё]\.-|р-н|(?<![А-ЯЁа-яё])МО(?![А-ЯЁа-яё])/u.test(a.name)) bad.push(`label «${a.name}» is clipped`);
    return bad;
  });
}

/** Each panel head names its period («за сегодня», «сейчас»); the «as of» stamp has a date and МСК. */
async function periodProblems(page: Page, scene: string): Promise<string[]> {
  return page.evaluate((scene) => {
    const bad: string[] = [];
    const heads = [...document.querySelectorAll('.panel-head h2')];
    for (const h of heads) if (!/(?:^|\s)за \S|сейчас/.test(h.textContent ?? '')) bad.push(`«${h.textContent}» names no period`);
    const fresh = document.querySelector('[data-testid=freshness]')?.textContent ?? '';
    if (!/данные на \d{1,2} [а-я]+ \d{2}:\d{2} \(МСК[+−]?\d*\)/.test(fresh)) bad.push(`freshness «${fresh}» lacks its date or МСК zone`);
    if (/UTC/.test(document.body.innerText)) bad.push('«UTC» on the wall');
    if (/(?<![а-яё])сут(?![а-яё])|мало дан\.|обращ\.|р-н(?![а-яё])/iu.test(document.body.innerText)) bad.push('a clipped abbreviation on the wall');
    if (scene === 'operational') {
      const title = document.querySelector('[data-testid=legend-title]')?.textContent ?? '';
      if (!/ за /.test(title)) bad.push(`the legend «${title}» names no period`);
    } else {
      const inc = document.querySelector('[data-testid=briefing-figures] [data-field=incoming]')?.textContent ?? '';
      if (!/за .+ к (вчерашнему|вчерашним|предыдущим)/.test(inc)) bad.push(`«${inc}»: the incoming figure names no period or comparison`);
    }
    return bad;
  }, scene);
}

export const tests: E2eTest[] = [
  {
    name: 'legible at 6 m: every text ≥ 16′ and every figure ≥ 20′ at 1920×1080 and 3840×2160 (operational, briefing)',
    async run(ctx: E2eContext) {
      const report: string[] = [];
      for (const [w, h] of [
        [1920, 1080],
        [3840, 2160],
      ] as const) {
        const want = legibility(DEFAULT_WALL_GEOMETRY, w);
        let page: Page | undefined;
        for (const scene of ['operational', 'briefing']) {
          page = await openWall(ctx, `?scene=${scene}&display=legibility`, w, h, page);
          await page.waitForTimeout(500);
          const m = await measureText(page);
          eq(m.min, { text: want.text, figure: want.figure }, `minimums of the default geometry at ${w} px`);
          assert(m.count > 30, `only ${m.count} texts measured in ${scene} ${w}×${h}`);
          eq(m.bad.slice(0, 12), [], `texts below the minimum in ${scene} ${w}×${h}`);
          report.push(
            `${scene} ${w}×${h}: ${m.count} texts; smallest text ${m.smallest.text.toFixed(1)} px (${m.smallest.textAt}) ≥ ${m.min.text}; smallest figure ${m.smallest.figure.toFixed(1)} px (${m.smallest.figureAt}) ≥ ${m.min.figure}`,
          );
          eq(await periodProblems(page, scene), [], `periods in ${scene} ${w}×${h}`);
          if (scene === 'operational') eq(await mapProblems(page), [], `map legend and labels at ${w}×${h}`);
        }
        await page?.close();
      }
      for (const line of report) console.log(`      ${line}`);
    },
  },
];
