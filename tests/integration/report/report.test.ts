/**
 * The справка against the command line (docs/spec/report.md): a demo cache, then `report` to XLSX
 * and PDF and `kpi` / `rating` / `queue --json` for the same data, window and now, all through the
 * CLI's main(). The workbook read back with exceljs must hold exactly the commands' figures; the
 * PDF's text (pdftotext) the headline figures, the red-zone names, the demo mark, and no personal
 * data of the demo's texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { main } from '../../../electron/hub/cli/main.js';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { findPersonalData } from '../../../shared/mask.js';
import type { KpiGroup, KpiResult, QueueResult, RatingResult } from '../../../shared/engine/types.js';
import { KPI_FIELDS } from '../../../electron/hub/report/names.js';
import { fmtInt, fmtMinutes, fmtPct, rfc3339 } from '../../../electron/hub/report/format.js';
import type { AlertsOutput } from '../../../shared/alerts/schema.js';

const NOW = '2026-11-30T00:00:00+12:00';
const FROM = '2026-11-23T00:00:00+12:00';
const TO = NOW;

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

async function cli(args: string[]): Promise<string> {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream });
  if (code !== 0) throw new Error(`situation-wall ${args[0]} exit ${code}: ${err.text()}`);
  return out.text();
}

/** Where poppler's tools are; the test fails (never skips) without them. */
function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts'): string {
  for (const p of [`/usr/bin/${tool}`, `/usr/local/bin/${tool}`]) if (existsSync(p)) return p;
  const r = spawnSync(tool, ['-v']);
  if (!r.error) return tool;
  throw new Error(`${tool} не найден: установите poppler-utils (apt-get install poppler-utils) — без него текст PDF справки не проверить`);
}

function run(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts', args: string[]): string {
  const r = spawnSync(poppler(tool), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let dir: string;
let db: string;
let kpi: Record<'region' | 'block' | 'municipality', KpiResult>;
let rating: RatingResult;
let queue: QueueResult;
let alerts: AlertsOutput;
let wb: ExcelJS.Workbook;
let pdfText: string;

const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').replace(/- /g, '-');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-report-'));
  db = join(dir, 'cache.db');
  await cli(['demo', '--cache', db, '--region', 'kamchatka', '--days', '21', '--seed', '5', '--now', NOW]);
  const w = ['--cache', db, '--from', FROM, '--to', TO, '--now', NOW, '--json'];
  kpi = {
    region: JSON.parse(await cli(['kpi', ...w])) as KpiResult,
    block: JSON.parse(await cli(['kpi', ...w, '--by', 'block'])) as KpiResult,
    municipality: JSON.parse(await cli(['kpi', ...w, '--by', 'municipality'])) as KpiResult,
  };
  rating = JSON.parse(await cli(['rating', ...w])) as RatingResult;
  queue = JSON.parse(await cli(['queue', '--cache', db, '--now', NOW, '--json'])) as QueueResult;
  alerts = JSON.parse(await cli(['alerts', '--cache', db, '--from', FROM, '--to', TO, '--json'])) as AlertsOutput;
  // --now left out: it is --to; the format from the extension
  await cli(['report', '--cache', db, '--from', FROM, '--to', TO, '--out', join(dir, 'r.xlsx')]);
  await cli(['report', '--cache', db, '--from', FROM, '--to', TO, '--out', join(dir, 'r.pdf')]);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(join(dir, 'r.xlsx')) as unknown as ArrayBuffer);
  pdfText = norm(run('pdftotext', ['-layout', join(dir, 'r.pdf'), '-']));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sheet's rows below the header as plain values (empty cell → null). */
function rowsOf(name: string): unknown[][] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`нет листа ${name}`);
  const out: unknown[][] = [];
  const width = ws.getRow(1).cellCount;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const vals: unknown[] = [];
    for (let c = 1; c <= width; c++) {
      const v = row.getCell(c).value;
      vals.push(v === undefined || v === '' ? null : v);
    }
    out.push(vals);
  });
  return out;
}

const fields = (g: KpiGroup) => KPI_FIELDS.map((f) => g[f]);

describe('report: the workbook equals kpi / rating / queue / alerts', () => {
  it('has the six sheets in order', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'Блоки', 'Муниципалитеты', 'Рейтинг', 'Очередь', 'Всплески']);
  });

  it('«Сводка»: from, to, now with the region offset, then the region group field by field', () => {
    const rows = rowsOf('Сводка');
    expect(rows.slice(0, 3).map((r) => [r[1], r[2]])).toEqual([
      ['from', FROM],
      ['to', TO],
      ['now', NOW],
    ]);
    const g = kpi.region.groups[0]!;
    // the fields of kpi.md in its order, as `kpi --json` prints them
    expect(Object.keys(g).filter((k) => !['block', 'municipality', 'channel'].includes(k))).toEqual([...KPI_FIELDS]);
    expect(rows.slice(3).map((r) => r[1])).toEqual([...KPI_FIELDS]);
    expect(rows.slice(3).map((r) => r[2])).toEqual(fields(g));
    expect(g.incoming).toBeGreaterThan(100);
  });

  it('«Блоки» and «Муниципалитеты»: one row per group, in the command’s order', () => {
    expect(rowsOf('Блоки').map((r) => [r[0], ...r.slice(2)])).toEqual(kpi.block.groups.map((g) => [g.block, ...fields(g)]));
    expect(rowsOf('Муниципалитеты').map((r) => [r[0], ...r.slice(2)])).toEqual(
      kpi.municipality.groups.map((g) => [g.municipality, ...fields(g)]),
    );
    expect(rowsOf('Муниципалитеты').map((r) => r[1])).toEqual(kpi.municipality.groups.map((g) => rating.rows.find((x) => x.municipality === g.municipality)?.name));
  });

  it('«Рейтинг» equals rating, zone as its key', () => {
    expect(rowsOf('Рейтинг')).toEqual(
      rating.rows.map((r) => [r.rank, r.municipality, r.name, r.score, r.zone, r.speed, r.quality, r.completeness, r.satisfaction, r.incoming, r.per10k]),
    );
    expect(rating.rows.some((r) => r.zone === 'red')).toBe(true);
  });

  it('«Очередь» equals queue at now', () => {
    expect(queue.items.length).toBeGreaterThan(10);
    expect(rowsOf('Очередь')).toEqual(queue.items.map((q) => [q.id, q.level, q.reasons.join(', '), q.overdueMin, q.weight, q.block, q.municipality]));
  });

  it('«Всплески» equals alerts for the period (raised time in the region’s offset)', () => {
    expect(wb.getWorksheet('Всплески')!.getRow(1).values).toEqual([undefined, 'id', 'Поднят', 'ОКТМО', 'Блок', 'Категория', 'Сообщений', 'Ожидалось', 'Состояние']);
    expect(alerts.alerts.length, 'the seed raises an alert in the week to compare').toBeGreaterThan(0);
    expect(rowsOf('Всплески')).toEqual(
      alerts.alerts.map((a) => [a.id, rfc3339(Date.parse(a.raisedAt), 'Asia/Kamchatka'), a.municipality, a.block, a.category, a.count, a.expected, a.state]),
    );
  });
});

describe('report: the PDF', () => {
  it('is A4 with its fonts embedded', () => {
    const info = run('pdfinfo', [join(dir, 'r.pdf')]);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const fonts = run('pdffonts', [join(dir, 'r.pdf')]).split('\n').slice(2).filter((l) => l.trim());
    expect(fonts.length).toBeGreaterThan(0);
    for (const l of fonts) expect(l).toMatch(/\byes\s+yes\s+yes\b/);
  });

  it('holds the title, the period, the demo mark and the eight sections in order', () => {
    expect(pdfText).toContain('Справка о работе с обращениями граждан');
    expect(pdfText).toContain('Камчатский край');
    expect(pdfText).toContain('с 23 по 29 ноября 2026 г. (МСК+9)');
    expect(pdfText).toContain('По состоянию на 30.11.2026 00:00 (МСК+9)');
    expect(pdfText.toLowerCase()).toContain('демонстрационные данные');
    const at = ['2. Главные показатели', '3. Динамика поступления по дням', '4. Отраслевые блоки', '5. Темы обращений', '6. Муниципалитеты', '7. Всплески и очередь эскалации'].map((s) => pdfText.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(pdfText).toMatch(/Страница 1 из \d+/);
    expect(pdfText).toMatch(/Сформировано \d\d\.\d\d\.\d{4} \d\d:\d\d \(МСК\+9\)/);
    expect(pdfText).not.toContain('не подключён');
    expect(pdfText).toContain('OpenStreetMap');
  });

  it('breaks no word of a table header (columns are as wide as their words)', () => {
    for (const w of ['предыдущий', 'Поступило', 'Просрочено', 'Завершено', 'Довольны', 'Удовлетворённость', 'Муниципалитет', 'Уровень', 'Изменение', 'Категория'])
      expect(pdfText, w).toContain(w);
  });

  it('holds the headline figures of kpi', () => {
    const g = kpi.region.groups[0]!;
    const row = (label: string, ...vals: string[]) => expect(pdfText).toMatch(new RegExp(`${label}[^\\n]*?${vals.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')}`));
    row('Поступило обращений за период', norm(fmtInt(g.incoming)), norm(fmtInt(g.incomingPrev)));
    expect(pdfText).toContain(`Открыто на 30.11.2026 00:00¹ ${norm(fmtInt(g.open))}`);
    expect(pdfText).toContain(`Из них просрочено¹ ${norm(fmtInt(g.overdue))}`);
    for (const v of [fmtPct(g.onTimeRate), fmtPct(g.satisfiedShare), fmtPct(g.completeness), fmtMinutes(g.medianFirstResponseMin)]) expect(pdfText).toContain(norm(v));
  });

  it('lists the alerts of the period with their counts', () => {
    const at = pdfText.indexOf('Всплески обращений за период');
    const section = pdfText.slice(at, pdfText.indexOf('Очередь эскалации на', at));
    for (const a of alerts.alerts) expect(section).toMatch(new RegExp(`\\b${a.count}\\b`));
    expect(section).not.toContain('не зафиксировано');
  });

  it('keeps the escalation queue and its ten first items on one page', () => {
    const pages = run('pdftotext', ['-layout', join(dir, 'r.pdf'), '-']).split('\f').map(norm);
    const at = pages.findIndex((p) => p.includes('Очередь эскалации на'));
    expect(at).toBeGreaterThanOrEqual(0);
    // a table broken across pages repeats its header on the next one
    expect(pages.filter((p) => p.includes('Текст обращения')).length).toBe(1);
    expect(pages[at]).toContain('Текст обращения');
  });

  it('names every municipality of the red zone in the text', () => {
    const red = rating.rows.filter((r) => r.zone === 'red');
    expect(red.length).toBeGreaterThan(0);
    const line = pdfText.slice(pdfText.indexOf('Красная зона:'), pdfText.indexOf('Красная зона:') + 2000);
    for (const r of red) expect(line).toContain(norm(r.name));
  });

  it('shows the first ten queue items with their texts masked: no personal data of the demo', () => {
    const cache = openCache(db, { readonly: true });
    const spans: string[] = [];
    let inFirstTen = 0;
    try {
      queue.items.forEach((q, i) => {
        const t = cache.getMessage(q.id)?.text ?? '';
        const found = findPersonalData(t).map((s) => t.slice(s.start, s.end)).filter((s) => s.length >= 5);
        if (i < 10) inFirstTen += found.length;
        spans.push(...found);
      });
    } finally {
      cache.close();
    }
    expect(inFirstTen, 'the first ten queue items of the seed carry personal data to look for').toBeGreaterThan(0);
    for (const s of spans) expect(pdfText, `personal data «${s}» in the PDF`).not.toContain(norm(s));
    expect(pdfText).toMatch(/\[(ФИО|адрес|телефон|e-mail|СНИЛС)\]/);
  });
});

describe('report: a `now` inside the window', () => {
  it('«Сводка» and «Очередь» equal kpi and queue at that now', async () => {
    const now = '2026-11-27T12:00:00+12:00';
    const w = ['--cache', db, '--from', FROM, '--to', TO, '--now', now];
    const k = JSON.parse(await cli(['kpi', ...w, '--json'])) as KpiResult;
    const q = JSON.parse(await cli(['queue', '--cache', db, '--now', now, '--json'])) as QueueResult;
    await cli(['report', ...w, '--out', join(dir, 'mid.xlsx')]);
    const b = new ExcelJS.Workbook();
    await b.xlsx.load(readFileSync(join(dir, 'mid.xlsx')) as unknown as ArrayBuffer);
    const saved = wb;
    wb = b;
    try {
      const rows = rowsOf('Сводка');
      expect(rows[2]).toEqual(['По состоянию на', 'now', now]);
      expect(rows.slice(3).map((r) => r[2])).toEqual(fields(k.groups[0]!));
      expect(rowsOf('Очередь').map((r) => r[0])).toEqual(q.items.map((x) => x.id));
      expect(q.items.map((x) => x.id)).not.toEqual(queue.items.map((x) => x.id));
    } finally {
      wb = saved;
    }
  });
});
