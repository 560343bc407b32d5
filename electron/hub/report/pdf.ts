/**
 * The справка's PDF (docs/spec/report.md, «The PDF»), laid out with pdfkit: A4, Russian, DejaVu
 * Sans embedded (assets/fonts), vector charts and map, readable in black and white (grey levels,
 * hatching, markers and labels — never colour alone). The eight sections in the contract's order.
 */
import PDFDocument from 'pdfkit';
import { join } from 'node:path';
import { OSM_ATTRIBUTION, POPULATION_ATTRIBUTION } from '../../../shared/regions.js';
import { LEVEL_LABELS, REASON_LABELS, ZONE_LABELS } from '../../../shared/blocks.js';
import { DEFAULT_THRESHOLDS, type KpiGroup, type ReasonCode } from '../../../shared/engine/types.js';
import { resolveAssetsDir } from '../geo/regions.js';
import type { ReportData } from './data.js';
import { ALERT_STATE_LABELS } from './alerts.js';
import { pathOf, projectRegion } from './map.js';
import {
  fmtCountChange,
  fmtDateTime,
  fmtDayMonth,
  fmtHour,
  fmtInt,
  fmtMinutes,
  fmtMinutesChange,
  fmtNum,
  fmtPct,
  fmtPeriod,
  fmtShareChange,
  mskLabel,
  periodLength,
  plural,
} from './format.js';

type Doc = PDFKit.PDFDocument;

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const M = 50; // side margins
const TOP = 48;
const BOTTOM = 52; // space kept for the footer
const W = PAGE_W - 2 * M;
const BODY = 9.5;
const SMALL = 8;
const INK = '#000000';
const GREY_TEXT = '#333333';
const RULE = '#777777';

const R = 'regular';
const B = 'bold';

/** Grey fills of the map's classes, light to dark (distinct when printed in black and white). */
const CLASS_FILLS = ['#f2f2f2', '#cfcfcf', '#a6a6a6', '#737373', '#404040'];

interface Col {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}
interface Row {
  cells: string[];
  bold?: boolean;
  /** Hatched background (the worst block, the red zone). */
  hatch?: boolean;
  /** Grey background. */
  shade?: boolean;
}

class Layout {
  y = TOP;
  constructor(readonly doc: Doc) {}

  get bottom(): number {
    return PAGE_H - BOTTOM;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Starts a new page when fewer than h points are left. */
  ensure(h: number): void {
    if (this.y + h > this.bottom) this.newPage();
  }

  text(s: string, opts: { font?: string; size?: number; x?: number; width?: number; color?: string; gap?: number; align?: 'left' | 'right' | 'center' } = {}): void {
    const d = this.doc;
    d.font(opts.font ?? R).fontSize(opts.size ?? BODY).fillColor(opts.color ?? INK);
    const width = opts.width ?? W;
    const h = d.heightOfString(s, { width });
    this.ensure(h);
    d.text(s, opts.x ?? M, this.y, { width, align: opts.align ?? 'left' });
    this.y += h + (opts.gap ?? 4);
  }

  /** The height `text` takes for `s` (without its gap). */
  textHeight(s: string, opts: { font?: string; size?: number; width?: number } = {}): number {
    return this.doc.font(opts.font ?? R).fontSize(opts.size ?? BODY).heightOfString(s, { width: opts.width ?? W });
  }

  heading(n: number, title: string, minFollowing = 80): void {
    this.ensure(28 + minFollowing);
    this.y += 8;
    const d = this.doc;
    d.font(B).fontSize(12.5).fillColor(INK).text(`${n}. ${title}`, M, this.y, { width: W });
    this.y += 18;
    d.moveTo(M, this.y).lineTo(M + W, this.y).lineWidth(0.6).strokeColor(RULE).stroke();
    this.y += 7;
  }

  hatchRect(x: number, y: number, w: number, h: number, step = 4): void {
    const d = this.doc;
    d.save();
    d.rect(x, y, w, h).clip();
    d.lineWidth(0.5).strokeColor('#8c8c8c');
    for (let t = -h; t < w; t += step) d.moveTo(x + t, y + h).lineTo(x + t + h, y).stroke();
    d.restore();
  }

  /**
   * Widths that fit: every column at least its longest header word and (numbers) its widest cell;
   * what is left goes to the text columns (align left) in proportion to their given widths.
   */
  fitWidths(cols: Col[], rows: Row[], size: number): Col[] {
    const d = this.doc;
    const pad = 7;
    const mins = cols.map((c, i) => {
      d.font(B).fontSize(size - 0.5);
      // pdfkit's line wrapper measures a word with the space after it
      let m = Math.max(...c.title.split(/\s+|(?<=-)/).map((w) => d.widthOfString(`${w} `)));
      for (const r of rows) {
        d.font(r.bold ? B : R).fontSize(size);
        const s = r.cells[i] ?? '';
        const parts = c.align === 'left' ? s.split(/\s+|(?<=-)/) : s.split('\n');
        for (const w of parts) m = Math.max(m, d.widthOfString(`${w} `) + (i === 0 && r.hatch ? 8 : 0));
      }
      return m + pad;
    });
    const flex = cols.map((c) => c.align === 'left');
    const fixed = mins.reduce((s, m, i) => s + (flex[i] ? 0 : m), 0);
    const flexMin = mins.reduce((s, m, i) => s + (flex[i] ? m : 0), 0);
    if (!flex.some(Boolean) || fixed + flexMin > W) {
      // no text column, or the natural widths do not fit: the minima scaled to the text width
      const sum = mins.reduce((a, b) => a + b, 0);
      return cols.map((c, i) => ({ ...c, width: (mins[i]! * W) / sum }));
    }
    // the rest to the text columns by their given weights; one whose share is below its minimum
    // keeps its minimum and leaves the others the rest (water-filling)
    const out = cols.map((c, i) => ({ ...c, width: flex[i] ? 0 : mins[i]! }));
    const free = new Set(cols.map((_c, i) => i).filter((i) => flex[i]));
    let rest = W - fixed;
    for (let changed = true; changed; ) {
      changed = false;
      const want = [...free].reduce((s, i) => s + cols[i]!.width, 0);
      for (const i of free)
        if ((cols[i]!.width / want) * rest < mins[i]!) {
          out[i]!.width = mins[i]!;
          rest -= mins[i]!;
          free.delete(i);
          changed = true;
        }
    }
    const want = [...free].reduce((s, i) => s + cols[i]!.width, 0);
    for (const i of free) out[i]!.width = (cols[i]!.width / want) * rest;
    return out;
  }

  /** The height a table takes unbroken (its header and rows, as `table` draws them). */
  tableHeight(spec: Col[], rows: Row[], size = 8.5): number {
    const d = this.doc;
    const pad = 3;
    const cols = this.fitWidths(spec, rows, size);
    d.font(B).fontSize(size - 0.5);
    let h = Math.max(...cols.map((c) => d.heightOfString(c.title, { width: c.width - 2 * pad }))) + 2 * pad;
    for (const r of rows) {
      d.font(r.bold ? B : R).fontSize(size);
      h += Math.max(...r.cells.map((s, i) => d.heightOfString(s, { width: cols[i]!.width - 2 * pad }))) + 2 * pad;
    }
    return h + 6;
  }

  /** Keeps the next `h` points on one page: a new page when they do not fit here but fit a page. */
  keepTogether(h: number): void {
    if (h <= this.bottom - TOP) this.ensure(h);
  }

  table(spec: Col[], rows: Row[], size = 8.5): void {
    const d = this.doc;
    const pad = 3;
    const cols = this.fitWidths(spec, rows, size);
    const drawHeader = () => {
      d.font(B).fontSize(size - 0.5);
      const hh = Math.max(...cols.map((c) => d.heightOfString(c.title, { width: c.width - 2 * pad }))) + 2 * pad;
      this.ensure(hh + 16);
      d.rect(M, this.y, W, hh).fillColor('#e6e6e6').fill();
      let x = M;
      d.fillColor(INK);
      for (const c of cols) {
        d.text(c.title, x + pad, this.y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
        x += c.width;
      }
      this.y += hh;
      d.moveTo(M, this.y).lineTo(M + W, this.y).lineWidth(0.8).strokeColor(INK).stroke();
    };
    drawHeader();
    for (const r of rows) {
      d.font(r.bold ? B : R).fontSize(size);
      const h = Math.max(...r.cells.map((s, i) => d.heightOfString(s, { width: cols[i]!.width - 2 * pad }))) + 2 * pad;
      if (this.y + h > this.bottom) {
        this.newPage();
        drawHeader();
        d.font(r.bold ? B : R).fontSize(size);
      }
      if (r.shade) d.rect(M, this.y, W, h).fillColor('#ededed').fill();
      if (r.hatch) this.hatchRect(M, this.y, 10, h);
      let x = M;
      d.fillColor(INK).font(r.bold ? B : R).fontSize(size);
      r.cells.forEach((s, i) => {
        const c = cols[i]!;
        d.text(s, x + pad + (i === 0 && r.hatch ? 8 : 0), this.y + pad, { width: c.width - 2 * pad - (i === 0 && r.hatch ? 8 : 0), align: c.align ?? 'left' });
        x += c.width;
      });
      this.y += h;
      d.moveTo(M, this.y).lineTo(M + W, this.y).lineWidth(0.3).strokeColor('#b3b3b3').stroke();
    }
    this.y += 6;
  }
}

/** Column widths from fractions of the text width. */
const cols = (spec: Array<[string, number, ('left' | 'right' | 'center')?]>): Col[] => {
  const total = spec.reduce((s, c) => s + c[1], 0);
  return spec.map(([title, f, align]) => ({ title, width: (W * f) / total, align: align ?? 'right' }));
};

function niceStep(max: number, ticks: number): number {
  const raw = Math.max(max, 1) / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return Math.max(1, m * p);
  return 10 * p;
}

/** Time overdue: «3 ч 20 мин» below two days, «59 дней 1 ч» beyond. */
function fmtOverdue(min: number): string {
  if (min < 48 * 60) return fmtMinutes(min);
  const days = Math.floor(min / 1440);
  const h = Math.floor((min - days * 1440) / 60);
  return `${fmtInt(days)} ${plural(days, 'день', 'дня', 'дней')}${h ? ` ${h} ч` : ''}`;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function blockName(d: ReportData, id: string): string {
  return d.blockNames.get(id) ?? id;
}

function reasonText(r: string): string {
  return REASON_LABELS[r as ReasonCode] ?? r;
}

// ── sections ──────────────────────────────────────────────────────────────────────────────────

function title(l: Layout, d: ReportData): void {
  const z = d.zone;
  const msk = mskLabel(d.now, z);
  l.text('Справка о работе с обращениями граждан', { font: B, size: 19, gap: 4 });
  l.text(d.region.name, { font: B, size: 14, gap: 8 });
  l.text(`Период: ${fmtPeriod(d.from, d.to, z)}, ${periodLength(d.from, d.to)}.`, { size: 10.5, gap: 2 });
  l.text(`По состоянию на ${fmtDateTime(d.now, z)} (${msk}).`, { size: 10.5, gap: 2 });
  const src =
    d.source.kind === 'demo'
      ? 'демонстрационные данные (генератор ситуационной стены; это не обращения реальных граждан)'
      : d.source.kind === 'api'
        ? `центральная система обращений${d.source.api ? ` (${d.source.api})` : ''}`
        : 'данные, импортированные из файла';
  const fresh: string[] = [];
  fresh.push(d.dataAsOf === null ? 'данных за период нет' : `последнее изменение в данных — ${fmtDateTime(d.dataAsOf, z)} (${mskLabel(d.dataAsOf, z)})`);
  if (d.source.lastSyncAt !== null) fresh.push(`последняя синхронизация — ${fmtDateTime(d.source.lastSyncAt, z)} (${mskLabel(d.source.lastSyncAt, z)})`);
  l.text(`Источник данных: ${src}; ${fresh.join('; ')}.`, { size: 9.5, color: GREY_TEXT, gap: 6 });
  if (d.source.kind === 'demo') {
    const doc = l.doc;
    const h = 24;
    l.ensure(h + 6);
    doc.rect(M, l.y, W, h).lineWidth(1.2).strokeColor(INK).stroke();
    l.hatchRect(M + 1, l.y + 1, 14, h - 2);
    doc.font(B).fontSize(10.5).fillColor(INK).text('Демонстрационные данные — не для служебного использования', M + 22, l.y + 7, { width: W - 30 });
    l.y += h + 6;
  }
}

function headline(l: Layout, d: ReportData): void {
  l.heading(2, 'Главные показатели', 170);
  const z = d.zone;
  const g = d.kpi.region.groups[0];
  const p = d.prev.region;
  if (!g) {
    l.text('Нет данных.');
    return;
  }
  const prevPeriod = d.prev.to > d.prev.from ? fmtPeriod(d.prev.from, d.prev.to, z) : null;
  const rows: Row[] = [
    { cells: ['Поступило обращений за период', fmtInt(g.incoming), fmtInt(g.incomingPrev), fmtCountChange(g.incoming, g.incomingPrev)] },
    {
      cells: [`Открыто на ${fmtDateTime(d.now, z)}¹`, fmtInt(g.open), '—', '—'],
    },
    {
      cells: ['Из них просрочено¹', fmtInt(g.overdue), '—', '—'],
    },
    {
      cells: [
        `Доля ответов в срок (из ${fmtInt(g.answered)} ${plural(g.answered, 'ответа', 'ответов', 'ответов')})`,
        fmtPct(g.onTimeRate),
        p ? fmtPct(p.onTimeRate) : '—',
        fmtShareChange(g.onTimeRate, p?.onTimeRate ?? null),
      ],
    },
    {
      cells: ['Медиана времени до первого ответа', fmtMinutes(g.medianFirstResponseMin), p ? fmtMinutes(p.medianFirstResponseMin) : '—', fmtMinutesChange(g.medianFirstResponseMin, p?.medianFirstResponseMin ?? null)],
    },
    {
      cells: [
        `Доля довольных ответом, оценки 4–5 (цель — не меньше ${fmtPct(DEFAULT_THRESHOLDS.satisfiedTarget)})`,
        fmtPct(g.satisfiedShare),
        p ? fmtPct(p.satisfiedShare) : '—',
        fmtShareChange(g.satisfiedShare, p?.satisfiedShare ?? null),
      ],
    },
    {
      cells: ['Доля завершённых из поступивших за период', fmtPct(g.completeness), p ? fmtPct(p.completeness) : '—', fmtShareChange(g.completeness, p?.completeness ?? null)],
    },
  ];
  l.table(cols([['Показатель', 4.2, 'left'], ['За период', 1.3], ['За предыдущий период', 1.6], ['Изменение', 1.8]]), rows, 9);
  const notes = [
    prevPeriod
      ? `Предыдущий период — ${prevPeriod}.`
      : 'Предыдущего периода для сравнения нет: момент «по состоянию на» не позже начала периода.',
    'Изменение долей — в процентных пунктах (п. п.).',
    '¹ Открытые и просроченные — состояние на момент «по состоянию на»; кэш стены хранит только текущее состояние обращений, поэтому их число на конец предыдущего периода не восстанавливается и не сравнивается.',
  ];
  l.text(notes.join(' '), { size: SMALL, color: GREY_TEXT, gap: 4 });
}

function dynamics(l: Layout, d: ReportData): void {
  l.heading(3, d.series.unit === 'day' ? 'Динамика поступления по дням' : 'Динамика поступления по часам', 230);
  const doc = l.doc;
  const z = d.zone;
  const bs = d.series.buckets;
  const h = 170;
  const x0 = M + 40;
  const w = W - 48;
  const y0 = l.y + 26;
  const max = Math.max(1, ...bs.map((b) => Math.max(b.cur, b.prev)));
  const step = niceStep(max, 4);
  const top = Math.ceil(max / step) * step;
  const yOf = (v: number) => y0 + h - (v / top) * h;
  const n = bs.length;
  const xOf = (i: number) => x0 + (n === 1 ? w / 2 : (i / (n - 1)) * w);
  const periodLabel = fmtPeriod(d.from, d.to, z).replace(/ \(МСК[^)]*\)$/, '');
  const prevLabel = d.prev.to > d.prev.from ? fmtPeriod(d.prev.from, d.prev.from + (d.to - d.from), z).replace(/ \(МСК[^)]*\)$/, '') : 'нет';

  // legend
  doc.font(R).fontSize(SMALL).fillColor(INK);
  let lx = M;
  doc.moveTo(lx, l.y + 6).lineTo(lx + 26, l.y + 6).lineWidth(1.8).strokeColor(INK).stroke();
  doc.circle(lx + 13, l.y + 6, 2.4).fillColor(INK).fill();
  doc.fillColor(INK).text(`Период: ${periodLabel}`, lx + 32, l.y + 2, { lineBreak: false });
  lx += 32 + doc.widthOfString(`Период: ${periodLabel}`) + 22;
  doc.dash(3.5, { space: 2.5 });
  doc.moveTo(lx, l.y + 6).lineTo(lx + 26, l.y + 6).lineWidth(1.2).strokeColor('#555555').stroke();
  doc.undash();
  doc.rect(lx + 10.5, l.y + 3.5, 5, 5).fillColor('#ffffff').fill().rect(lx + 10.5, l.y + 3.5, 5, 5).lineWidth(0.9).strokeColor('#555555').stroke();
  doc.fillColor(INK).text(`Предыдущий период: ${prevLabel}`, lx + 32, l.y + 2, { lineBreak: false });

  // grid and y axis
  doc.font(R).fontSize(SMALL);
  for (let v = 0; v <= top; v += step) {
    const y = yOf(v);
    doc.moveTo(x0, y).lineTo(x0 + w, y).lineWidth(v === 0 ? 0.8 : 0.3).strokeColor(v === 0 ? INK : '#bfbfbf').stroke();
    doc.fillColor(GREY_TEXT).text(fmtInt(v), M - 6, y - 4, { width: 40, align: 'right', lineBreak: false });
  }
  // x labels: at most ~12
  const every = Math.max(1, Math.ceil(n / 12));
  for (let i = 0; i < n; i += every) {
    const lbl = d.series.unit === 'day' ? fmtDayMonth(bs[i]!.start, z) : fmtHour(bs[i]!.start, z);
    doc.fillColor(GREY_TEXT).text(lbl, xOf(i) - 20, y0 + h + 4, { width: 40, align: 'center', lineBreak: false });
    doc.moveTo(xOf(i), y0 + h).lineTo(xOf(i), y0 + h + 3).lineWidth(0.5).strokeColor(INK).stroke();
  }
  // previous: dashed grey with hollow squares; current: solid black with dots
  if (d.prev.to > d.prev.from) {
    doc.dash(3.5, { space: 2.5 });
    bs.forEach((b, i) => (i === 0 ? doc.moveTo(xOf(i), yOf(b.prev)) : doc.lineTo(xOf(i), yOf(b.prev))));
    doc.lineWidth(1.2).strokeColor('#555555').stroke();
    doc.undash();
    if (n <= 62) bs.forEach((b, i) => doc.rect(xOf(i) - 2.5, yOf(b.prev) - 2.5, 5, 5).fillColor('#ffffff').fill().rect(xOf(i) - 2.5, yOf(b.prev) - 2.5, 5, 5).lineWidth(0.9).strokeColor('#555555').stroke());
  }
  bs.forEach((b, i) => (i === 0 ? doc.moveTo(xOf(i), yOf(b.cur)) : doc.lineTo(xOf(i), yOf(b.cur))));
  doc.lineWidth(1.8).strokeColor(INK).stroke();
  if (n <= 62) bs.forEach((b, i) => doc.circle(xOf(i), yOf(b.cur), 2.4).fillColor(INK).fill());
  l.y = y0 + h + 18;
  const sumCur = bs.reduce((s, b) => s + b.cur, 0);
  const sumPrev = bs.reduce((s, b) => s + b.prev, 0);
  const peak = bs.reduce((a, b) => (b.cur > a.cur ? b : a), bs[0]!);
  const unitWord = d.series.unit === 'day' ? 'в день' : 'в час';
  const peakAt = d.series.unit === 'day' ? fmtDayMonth(peak.start, z) : `${fmtDayMonth(peak.start, z)} ${fmtHour(peak.start, z)}`;
  l.text(
    `Обращений ${unitWord}, время ${mskLabel(d.now, z)}. За период — ${fmtInt(sumCur)}, за предыдущий — ${fmtInt(sumPrev)}; ` +
      `больше всего ${peakAt}: ${fmtInt(peak.cur)}.`,
    { size: SMALL, color: GREY_TEXT },
  );
}

function blocks(l: Layout, d: ReportData): void {
  l.heading(4, 'Отраслевые блоки', 200);
  const groups = d.kpi.block.groups;
  let worst: KpiGroup | null = null;
  for (const g of groups) if (g.onTimeRate !== null && (worst === null || g.onTimeRate < worst.onTimeRate!)) worst = g;
  const rows: Row[] = groups.map((g) => ({
    cells: [
      (g === worst ? '▼ ' : '') + blockName(d, g.block ?? ''),
      `${fmtInt(g.incoming)}\n${fmtCountChange(g.incoming, g.incomingPrev)}`,
      fmtInt(g.open),
      fmtInt(g.overdue),
      g.onTimeRate === null ? '—' : `${fmtPct(g.onTimeRate)}\nиз ${fmtInt(g.answered)}`,
      fmtMinutes(g.medianFirstResponseMin),
      fmtPct(g.satisfiedShare),
      fmtPct(g.completeness),
    ],
    bold: g === worst,
    hatch: g === worst,
    shade: g === worst,
  }));
  l.table(
    cols([
      ['Блок', 3, 'left'],
      ['Поступило, к предыдущему периоду', 1.6],
      ['Открыто', 1],
      ['Просрочено', 1],
      ['В срок, из ответов', 1],
      ['Медиана первого ответа', 1],
      ['Довольны', 1],
      ['Завершено', 1],
    ]),
    rows,
    8,
  );
  if (worst)
    l.text(
      `▼ и штриховка — наименьшая доля ответов в срок за период: ${blockName(d, worst.block ?? '')}, ${fmtPct(worst.onTimeRate)} (${fmtInt(worst.onTime)} из ${fmtInt(worst.answered)}). ` +
        `Открытые и просроченные — на ${fmtDateTime(d.now, d.zone)}.`,
      { size: SMALL, color: GREY_TEXT },
    );
}

function subjects(l: Layout, d: ReportData): void {
  l.heading(5, 'Темы обращений', 180);
  const top = d.categories.top;
  if (top.length === 0) {
    l.text('За период обращений нет.');
    return;
  }
  const total = d.kpi.region.groups[0]?.incoming ?? 0;
  l.table(
    cols([
      ['№', 0.45, 'right'],
      ['Категория', 4.2, 'left'],
      ['Блок', 2.4, 'left'],
      ['Поступило', 1.2],
      ['Доля', 0.9],
      ['Предыдущий период', 1.45],
      ['Изменение', 1.7],
    ]),
    top.map((c, i) => ({
      cells: [String(i + 1), c.name, blockName(d, c.block), fmtInt(c.cur), total ? fmtPct(c.cur / total) : '—', fmtInt(c.prev), fmtCountChange(c.cur, c.prev)],
    })),
    8,
  );
  l.text('Десять категорий с наибольшим числом обращений за период; доля — от всех поступивших за период.', { size: SMALL, color: GREY_TEXT, gap: 6 });
  if (d.prev.to <= d.prev.from) return;
  const grown = d.categories.grown;
  if (grown.length === 0) {
    l.text('Ни одна категория не выросла по сравнению с предыдущим периодом.');
    return;
  }
  l.text('Больше всего выросли к предыдущему периоду:', { font: B, gap: 3 });
  for (const c of grown) l.text(`• ${c.name} (${blockName(d, c.block)}): ${fmtInt(c.prev)} → ${fmtInt(c.cur)}, ${fmtCountChange(c.cur, c.prev)}`, { x: M + 8, width: W - 8, gap: 2 });
  l.y += 4;
}

/** Class breaks of messages per 10,000 residents: 5 classes by quintiles of the municipalities, rounded. */
function classBreaks(values: number[]): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [1, 2, 3, 4];
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))]!;
  const round = (x: number) => {
    // two significant digits
    const p = 10 ** (Math.floor(Math.log10(Math.max(x, 0.01))) - 1);
    return Math.max(p, Math.round(x / p) * p);
  };
  const br = [0.2, 0.4, 0.6, 0.8].map((p) => round(q(p)));
  for (let i = 1; i < br.length; i++) if (br[i]! <= br[i - 1]!) br[i] = br[i - 1]! + (br[i - 1]! >= 1 ? 1 : 0.1);
  return br;
}

function municipalities(l: Layout, d: ReportData): void {
  l.newPage();
  l.heading(6, 'Муниципалитеты: рейтинг и карта', 120);
  const rows = d.rating.rows;
  const red = rows.filter((r) => r.zone === 'red');
  const rated = rows.filter((r) => r.zone !== 'none');
  const zoneCount = (z: string) => rows.filter((r) => r.zone === z).length;
  const t = DEFAULT_THRESHOLDS;
  l.text(
    `Оценено ${fmtInt(rated.length)} из ${fmtInt(rows.length)} муниципалитетов: в зелёной зоне (балл от ${t.zoneGreen}) — ${zoneCount('green')}, в жёлтой (от ${t.zoneYellow}) — ${zoneCount('yellow')}, в красной (ниже ${t.zoneYellow}) — ${red.length}` +
      (zoneCount('none') ? `; без оценки (меньше ${t.minIncomingForRating} обращений за период) — ${zoneCount('none')}.` : '.'),
  );
  if (red.length) l.text(`Красная зона: ${red.map((r) => `${r.name} (${fmtNum(r.score)})`).join(', ')}.`, { font: B, gap: 6 });
  else l.text('В красной зоне нет ни одного муниципалитета.', { font: B, gap: 6 });

  // the choropleth
  if (d.region.id) map(l, d);
  else l.text('Карта недоступна: регион кэша не входит в число регионов с границами муниципалитетов.', { size: SMALL, color: GREY_TEXT });

  l.ensure(60);
  l.text('Рейтинг муниципалитетов за период', { font: B, size: 10.5, gap: 4 });
  l.table(
    cols([
      ['Место', 0.75],
      ['Муниципалитет', 4.0, 'left'],
      ['Балл, зона', 1.2],
      ['Скорость', 1.0],
      ['Качество', 1.0],
      ['Полнота', 0.95],
      ['Удовлетворённость', 1.55],
      ['Поступило', 1.05],
      ['На 10 тыс. жителей', 1.15],
    ]),
    rows.map((r) => ({
      cells: [
        r.rank === null ? '—' : String(r.rank),
        r.name,
        `${fmtNum(r.score)}\n${r.zone === 'none' ? 'без оценки' : ZONE_LABELS[r.zone].replace(' зона', '').toLowerCase()}`,
        fmtNum(r.speed),
        fmtNum(r.quality),
        fmtNum(r.completeness),
        fmtNum(r.satisfaction),
        fmtInt(r.incoming),
        fmtNum(r.per10k),
      ],
      bold: r.zone === 'red',
      hatch: r.zone === 'red',
    })),
    7,
  );
  l.text(
    'Балл — среднее четырёх составляющих по шкале 0–100: скорость (доля ответов в срок), качество (доля ответов без доработки), полнота (доля завершённых), удовлетворённость (доля оценок 4–5). ' +
      'Штриховка и полужирный шрифт — красная зона. Число обращений на 10 тыс. жителей в балл не входит.',
    { size: SMALL, color: GREY_TEXT },
  );
}

function map(l: Layout, d: ReportData): void {
  const doc = l.doc;
  const legendW = 120;
  const maxW = W - legendW - 10;
  const maxH = 330;
  const pm = projectRegion(d.region.id!, maxW, maxH);
  l.ensure(pm.height + 40);
  const ox = M + (maxW - pm.width) / 2;
  const oy = l.y + 4;
  const per10k = new Map<string, number | null>(d.kpi.municipality.groups.map((g) => [g.municipality ?? '', g.per10k]));
  const values = [...per10k.values()].filter((v): v is number => v !== null);
  const br = classBreaks(values);
  const cls = (v: number) => br.filter((b) => v >= b).length;
  for (const s of pm.shapes) {
    const v = per10k.get(s.oktmo) ?? null;
    const p = pathOf(s.rings, ox, oy);
    if (v === null) {
      doc.path(p).fillColor('#ffffff').fill('even-odd');
      doc.save();
      doc.path(p).clip('even-odd');
      doc.lineWidth(0.4).strokeColor('#999999');
      for (let t = -s.height; t < s.width + s.height; t += 5) {
        const bx = ox + s.label[0] - s.width;
        const by = oy + s.label[1] - s.height;
        doc.moveTo(bx + t, by + 2 * s.height).lineTo(bx + t + 2 * s.height, by).stroke();
      }
      doc.restore();
    } else doc.path(p).fillColor(CLASS_FILLS[cls(v)]!).fill('even-odd');
    doc.path(p).lineWidth(0.5).strokeColor('#ffffff').stroke();
    doc.path(p).lineWidth(0.25).strokeColor('#262626').stroke();
  }
  doc.path(pathOf(pm.outline, ox, oy)).lineWidth(0.9).strokeColor(INK).stroke();
  // labels: the value, on a white plate, where the municipality is big enough
  doc.font(B).fontSize(6.5);
  const placed: Array<[number, number, number, number]> = [];
  for (const s of pm.shapes) {
    const v = per10k.get(s.oktmo) ?? null;
    if (v === null) continue;
    const txt = fmtNum(v);
    const tw = doc.widthOfString(txt) + 3;
    const th = 8;
    const x = ox + s.label[0] - tw / 2;
    const y = oy + s.label[1] - th / 2;
    if (s.width < 10 && s.height < 10) continue;
    if (placed.some(([a, b, c, e]) => x < a + c && a < x + tw && y < b + e && b < y + th)) continue;
    placed.push([x, y, tw, th]);
    doc.rect(x, y, tw, th).fillColor('#ffffff').fill();
    doc.rect(x, y, tw, th).lineWidth(0.3).strokeColor('#555555').stroke();
    doc.fillColor(INK).text(txt, x + 1.5, y + 1.2, { lineBreak: false });
  }
  // legend, to the right of the map, outside the region
  const lx = M + maxW + 10;
  let ly = oy;
  doc.font(B).fontSize(SMALL).fillColor(INK).text('Обращений на 10 тыс. жителей за период', lx, ly, { width: legendW });
  ly += doc.heightOfString('Обращений на 10 тыс. жителей за период', { width: legendW }) + 4;
  doc.font(R).fontSize(SMALL);
  const labels = [
    `меньше ${fmtNum(br[0]!)}`,
    `${fmtNum(br[0]!)}–${fmtNum(br[1]!)}`,
    `${fmtNum(br[1]!)}–${fmtNum(br[2]!)}`,
    `${fmtNum(br[2]!)}–${fmtNum(br[3]!)}`,
    `${fmtNum(br[3]!)} и больше`,
  ];
  labels.forEach((t, i) => {
    doc.rect(lx, ly, 16, 10).fillColor(CLASS_FILLS[i]!).fill().rect(lx, ly, 16, 10).lineWidth(0.4).strokeColor('#262626').stroke();
    doc.fillColor(INK).text(t, lx + 22, ly + 1, { width: legendW - 22, lineBreak: false });
    ly += 14;
  });
  doc.rect(lx, ly, 16, 10).fillColor('#ffffff').fill();
  l.hatchRect(lx, ly, 16, 10, 3);
  doc.rect(lx, ly, 16, 10).lineWidth(0.4).strokeColor('#262626').stroke();
  doc.fillColor(INK).text('нет данных о населении', lx + 22, ly + 1, { width: legendW - 22 });
  ly += Math.max(14, doc.heightOfString('нет данных о населении', { width: legendW - 22 }) + 6);
  doc.font(R).fontSize(7).fillColor(GREY_TEXT).text('Число на карте — значение муниципалитета (где помещается); все значения — в таблице рейтинга.', lx, ly, { width: legendW });
  l.y = Math.max(oy + pm.height, ly + 40) + 6;
  l.text(`Границы: ${OSM_ATTRIBUTION}. Население: ${POPULATION_ATTRIBUTION}.`, { size: 6.5, color: GREY_TEXT, gap: 8 });
}

function incidents(l: Layout, d: ReportData): void {
  const z = d.zone;
  l.heading(7, 'Всплески и очередь эскалации', 120);
  l.text('Всплески обращений за период', { font: B, size: 10.5, gap: 3 });
  if (d.alerts === null) {
    l.text('Детектор всплесков в этой сборке не подключён: всплески за период не определялись. Отсутствие записей здесь не означает, что всплесков не было.', { gap: 8 });
  } else if (d.alerts.length === 0) {
    l.text(`За период всплесков не зафиксировано.`, { gap: 8 });
  } else {
    l.table(
      cols([
        [`Поднят (${mskLabel(d.to, z)})`, 1.5, 'center'],
        ['Муниципалитет', 2.6, 'left'],
        ['Категория', 2.6, 'left'],
        ['Сообщений', 1.05],
        ['Ожидалось', 1.05],
        ['Состояние', 1.2, 'left'],
        ['Уровень', 0.9],
      ]),
      d.alerts.map((a) => ({
        cells: [
          Number.isNaN(Date.parse(a.raisedAt)) ? a.raisedAt : fmtDateTime(Date.parse(a.raisedAt), z),
          d.municipalityNames.get(a.municipality) ?? a.municipality,
          a.category === null ? `без преобладающей категории (${blockName(d, a.block)})` : (d.categoryNames.get(a.category) ?? a.category),
          fmtInt(a.count),
          // «обычно за тот же срок»: two decimals, as `alerts` prints it; a quiet cell expects «< 0,01», not «0»
          a.expected > 0 && a.expected < 0.005 ? `< ${fmtNum(0.01, 2)}` : fmtNum(a.expected, 2),
          ALERT_STATE_LABELS[a.state] ?? a.state,
          String(a.level),
        ],
      })),
      8,
    );
  }
  const total = d.queue.items.length;
  const qCols = cols([
    ['№', 0.4],
    ['Уровень', 0.8],
    ['Причины', 1.9, 'left'],
    ['Просрочено', 1.15],
    ['Муниципалитет, блок', 2.3, 'left'],
    ['Текст обращения', 4.6, 'left'],
  ]);
  const qRows = d.queueFirst.map((it, i) => ({
    cells: [
      String(i + 1),
      String(it.level),
      it.reasons.map(reasonText).join(', '),
      it.overdueMin > 0 ? fmtOverdue(it.overdueMin) : '—',
      `${d.municipalityNames.get(it.municipality) ?? it.municipality}; ${blockName(d, it.block)}`,
      it.text === null ? '—' : it.text.length > 220 ? `${it.text.slice(0, 217).trimEnd()}…` : it.text,
    ],
  }));
  const qHead = `Очередь эскалации на ${fmtDateTime(d.now, z)} (${mskLabel(d.now, z)})`;
  const qSum =
    `Всего в очереди ${fmtInt(total)} ${plural(total, 'обращение', 'обращения', 'обращений')}: ` +
    [1, 2, 3].map((lv) => `уровень ${lv} (${lowerFirst(LEVEL_LABELS[lv as 1 | 2 | 3])}) — ${fmtInt(d.queueByLevel[lv - 1]!)}`).join('; ') +
    '.';
  const qNote = `Первые ${Math.min(10, total)} в порядке очереди (тексты обезличены, как на стене):`;
  // the queue's words and its ten items on one page (two orphaned rows on the next read badly)
  l.keepTogether(
    l.textHeight(qHead, { font: B, size: 10.5 }) + 3 + l.textHeight(qSum) + 5 + (total === 0 ? 0 : l.textHeight(qNote, { size: SMALL }) + 3 + l.tableHeight(qCols, qRows, 7.5)),
  );
  l.ensure(80);
  l.text(qHead, { font: B, size: 10.5, gap: 3 });
  l.text(qSum, { gap: 5 });
  if (total === 0) return;
  l.text(qNote, { size: SMALL, color: GREY_TEXT, gap: 3 });
  l.table(qCols, qRows, 7.5);
}

function footers(doc: Doc, d: ReportData): void {
  const range = doc.bufferedPageRange();
  const z = d.zone;
  const made = `Сформировано ${fmtDateTime(d.madeAt, z)} (${mskLabel(d.madeAt, z)})`;
  const head = `Справка о работе с обращениями граждан · ${d.region.name} · ${fmtPeriod(d.from, d.to, z)}`;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE_H - 34;
    doc.moveTo(M, y - 5).lineTo(M + W, y - 5).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.font(R).fontSize(7.5).fillColor(GREY_TEXT);
    doc.text(made + (d.source.kind === 'demo' ? ' · демонстрационные данные' : ''), M, y, { width: W * 0.7, lineBreak: false });
    doc.text(`Страница ${i + 1} из ${range.count}`, M + W * 0.7, y, { width: W * 0.3, align: 'right', lineBreak: false });
    if (i > 0) {
      doc.page.margins.top = 0;
      doc.text(head, M, 26, { width: W, lineBreak: false });
    }
    doc.page.margins.bottom = saved;
  }
}

export function fontsDir(): string {
  return join(resolveAssetsDir(), 'fonts');
}

export async function buildPdf(d: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: 20, left: M, right: M },
    bufferPages: true,
    autoFirstPage: true,
    lang: 'ru-RU',
    info: {
      Title: `Справка о работе с обращениями граждан: ${d.region.name}, ${fmtPeriod(d.from, d.to, d.zone)}`,
      Author: 'Ситуационная стена ЦУР',
      Subject: 'Справка о работе с обращениями граждан',
      CreationDate: new Date(d.madeAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = fontsDir();
  doc.registerFont(R, join(fonts, 'DejaVuSans.ttf'));
  doc.registerFont(B, join(fonts, 'DejaVuSans-Bold.ttf'));
  doc.font(R);
  const l = new Layout(doc);
  title(l, d);
  headline(l, d);
  dynamics(l, d);
  blocks(l, d);
  subjects(l, d);
  municipalities(l, d);
  incidents(l, d);
  footers(doc, d);
  doc.end();
  return done;
}
