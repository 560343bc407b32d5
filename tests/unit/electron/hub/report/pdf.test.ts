/** buildReport for the hub (no files): a PDF with the incidents a provider gives, per hour for a day. */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { buildReport } from '../../../../../electron/hub/report/index.js';
import type { ReportAlert } from '../../../../../electron/hub/report/alerts.js';
import { DAY, END, demoSource } from './fixtures.js';

function pdfToText(pdf: Buffer): string {
  if (!existsSync('/usr/bin/pdftotext') && spawnSync('pdftotext', ['-v']).error)
    throw new Error('pdftotext не найден: установите poppler-utils (apt-get install poppler-utils) — без него текст PDF справки не проверить');
  const r = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext: ${r.stderr}`);
  return r.stdout.replace(/[\s\u00a0\u202f]+/g, ' ');
}

const alert = (over: Partial<ReportAlert>): ReportAlert => ({
  id: 'al-1',
  municipality: '30701000',
  block: 'housing',
  category: 'housing.heating',
  count: 14,
  expected: 2.25,
  firstAt: '2026-11-29T01:00:00Z',
  raisedAt: '2026-11-29T01:40:00Z',
  lastAt: '2026-11-29T04:00:00Z',
  endedAt: null,
  state: 'growing',
  level: 2,
  ...over,
});

describe('buildReport', () => {
  it('a day: the dynamics per hour; the incidents of the provider with place, subject, count and state', async () => {
    const pdf = await buildReport({
      source: demoSource(),
      from: END - DAY,
      to: END,
      now: END,
      format: 'pdf',
      madeAt: END,
      alerts: () => [
        alert({}),
        alert({ id: 'al-2', municipality: '30607000', category: null, state: 'ended', endedAt: '2026-11-29T09:00:00Z' }),
        alert({ id: 'al-3', expected: 0.003, raisedAt: '2026-11-29T05:00:00Z' }),
      ],
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.REPORT_PDF_OUT) (await import('node:fs')).writeFileSync(process.env.REPORT_PDF_OUT, pdf);
    const text = pdfToText(pdf);
    expect(text).toContain('3. Динамика поступления по часам');
    // raised at 01:40Z: 13:40 in the region's zone (МСК+9)
    expect(text).toMatch(/29\.11\.2026 13:40 Петропавловск-/);
    expect(text).toContain('Поднят (МСК+9)');
    // the usual count as `alerts` prints it (two decimals); a quiet cell's is «< 0,01», never «0»
    expect(text).toMatch(/14 2,25 растёт/);
    expect(text).toMatch(/14 < 0,01 растёт/);
    expect(text).toContain('Отопление');
    expect(text).toContain('растёт');
    expect(text).toContain('закончился');
    expect(text).toContain('без преобладающей');
    expect(text).toContain('категории (ЖКХ)');
    expect(text).not.toContain('Детектор всплесков в этой сборке не подключён');
    expect(text).toContain('Сформировано 30.11.2026 00:00 (МСК+9)');
  });

  it('no incidents from a connected detector reads «не зафиксировано», not «не подключён»', async () => {
    const text = pdfToText(await buildReport({ source: demoSource(), from: END - 7 * DAY, to: END, now: END, format: 'pdf', alerts: () => [] }));
    expect(text).toContain('За период всплесков не зафиксировано');
  });

  it('an XLSX workbook as a buffer', async () => {
    const x = await buildReport({ source: demoSource(), from: END - 7 * DAY, to: END, now: END, format: 'xlsx' });
    expect(x.subarray(0, 2).toString()).toBe('PK');
  });
});
