/** The workbook's shape (docs/spec/report.md): sheets, headers, formats, empty cells, the alerts sheet. */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { gatherReport } from '../../../../../electron/hub/report/data.js';
import { buildXlsx } from '../../../../../electron/hub/report/xlsx.js';
import { KPI_FIELDS, KPI_FIELD_INFO } from '../../../../../electron/hub/report/names.js';
import type { ReportAlert } from '../../../../../electron/hub/report/alerts.js';
import { DAY, END, demoSource } from './fixtures.js';

async function book(alerts?: ReportAlert[]): Promise<ExcelJS.Workbook> {
  const d = await gatherReport(demoSource(), { from: END - 7 * DAY, to: END, now: END, alerts: alerts ? () => alerts : undefined });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildXlsx(d)) as unknown as ArrayBuffer);
  return wb;
}
const header = (wb: ExcelJS.Workbook, name: string) => (wb.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);

const ALERT: ReportAlert = {
  id: 'al-1',
  municipality: '30701000',
  block: 'housing',
  category: null,
  count: 12,
  expected: 1.5,
  firstAt: '2026-11-28T01:00:00Z',
  raisedAt: '2026-11-28T02:30:00Z',
  lastAt: '2026-11-28T04:00:00Z',
  endedAt: null,
  state: 'growing',
  level: 2,
};

describe('report workbook', () => {
  it('headers of every sheet as the contract lists them', async () => {
    const wb = await book();
    const names = KPI_FIELDS.map((f) => KPI_FIELD_INFO[f].name);
    expect(header(wb, 'Сводка')).toEqual(['Показатель', 'Ключ', 'Значение']);
    expect(header(wb, 'Блоки')).toEqual(['Блок', 'Название', ...names]);
    expect(header(wb, 'Муниципалитеты')).toEqual(['ОКТМО', 'Название', ...names]);
    expect(header(wb, 'Рейтинг')).toEqual(['Место', 'ОКТМО', 'Название', 'Балл', 'Зона', 'Скорость', 'Качество', 'Полнота', 'Удовлетворённость', 'Поступило', 'На 10 тыс.']);
    expect(header(wb, 'Очередь')).toEqual(['id', 'Уровень', 'Причины', 'Просрочено, мин', 'Вес', 'Блок', 'ОКТМО']);
    expect(header(wb, 'Всплески')).toEqual(['id', 'Поднят', 'ОКТМО', 'Блок', 'Категория', 'Сообщений', 'Ожидалось', 'Состояние']);
  });

  it('shares are fractions with a percent format; null is an empty cell', async () => {
    const wb = await book();
    const s = wb.getWorksheet('Сводка')!;
    const row = (key: string) => {
      let found: ExcelJS.Row | null = null;
      s.eachRow((r) => {
        if (r.getCell(2).value === key) found = r;
      });
      return found! as ExcelJS.Row;
    };
    const share = row('onTimeRate').getCell(3);
    expect(typeof share.value).toBe('number');
    expect(share.value as number).toBeGreaterThan(0);
    expect(share.value as number).toBeLessThanOrEqual(1);
    expect(share.numFmt).toContain('%');
    // per10k is null for the region group: an empty cell
    expect(row('per10k').getCell(3).value).toBeNull();
    // the unrated municipality has no rank: an empty cell
    const rating = wb.getWorksheet('Рейтинг')!;
    const unrated: unknown[] = [];
    rating.eachRow((r, n) => {
      if (n > 1 && r.getCell(5).value === 'none') unrated.push(r.getCell(1).value, r.getCell(4).value);
    });
    for (const v of unrated) expect(v).toBeNull();
  });

  it('«Всплески»: one row per alert in the contract’s columns; raisedAt in the region’s offset', async () => {
    const wb = await book([ALERT]);
    const ws = wb.getWorksheet('Всплески')!;
    expect(ws.rowCount).toBe(2);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['al-1', '2026-11-28T14:30:00+12:00', '30701000', 'housing', undefined, 12, 1.5, 'growing']);
  });

  it('«Всплески» without a detector: the header only, with a note saying the detector is absent', async () => {
    const wb = await book();
    const ws = wb.getWorksheet('Всплески')!;
    expect(ws.rowCount).toBe(1);
    const note = ws.getCell('A1').note;
    expect(JSON.stringify(note)).toContain('не подключён');
  });
});
