/**
 * The справка's workbook (docs/spec/report.md, «The XLSX workbook»), written with exceljs: six
 * sheets, header first, plain numbers (shares as fractions with a percent format, minutes as
 * numbers), an empty cell where kpi.md gives null.
 */
import ExcelJS from 'exceljs';
import type { KpiGroup } from '../../../shared/engine/types.js';
import { KPI_FIELDS, KPI_FIELD_INFO, type KpiField } from './names.js';
import type { ReportData } from './data.js';
import { rfc3339 } from './format.js';

export const SHEETS = ['Сводка', 'Блоки', 'Муниципалитеты', 'Рейтинг', 'Очередь', 'Всплески'] as const;

export const SUMMARY_HEADER = ['Показатель', 'Ключ', 'Значение'];
export const RATING_HEADER = ['Место', 'ОКТМО', 'Название', 'Балл', 'Зона', 'Скорость', 'Качество', 'Полнота', 'Удовлетворённость', 'Поступило', 'На 10 тыс.'];
export const QUEUE_HEADER = ['id', 'Уровень', 'Причины', 'Просрочено, мин', 'Вес', 'Блок', 'ОКТМО'];
export const ALERTS_HEADER = ['id', 'Поднят', 'ОКТМО', 'Блок', 'Категория', 'Сообщений', 'Ожидалось', 'Состояние'];
export const fieldHeaders = (): string[] => KPI_FIELDS.map((f) => KPI_FIELD_INFO[f].name);

const FMT_SHARE = '0.0%';
const FMT_DEC = '0.0##';

function fmtOf(f: KpiField): string | undefined {
  const k = KPI_FIELD_INFO[f].kind;
  return k === 'share' ? FMT_SHARE : k === 'count' ? undefined : FMT_DEC;
}

/** null → an empty cell (undefined leaves the cell out). */
const v = (x: number | string | null | undefined): number | string | undefined => (x === null ? undefined : x);

function sheet(wb: ExcelJS.Workbook, name: string, header: string[], widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = widths[i] ?? widths[widths.length - 1] ?? 14;
  });
  return ws;
}

function groupSheet(wb: ExcelJS.Workbook, name: string, keyHeader: string, groups: readonly KpiGroup[], key: (g: KpiGroup) => string, label: (id: string) => string): void {
  const ws = sheet(wb, name, [keyHeader, 'Название', ...fieldHeaders()], [12, 36, ...KPI_FIELDS.map(() => 16)]);
  for (const g of groups) {
    const id = key(g);
    ws.addRow([id, label(id), ...KPI_FIELDS.map((f) => v(g[f]))]);
  }
  KPI_FIELDS.forEach((f, i) => {
    const fmt = fmtOf(f);
    if (fmt) ws.getColumn(3 + i).numFmt = fmt;
  });
}

export async function buildXlsx(d: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Ситуационная стена ЦУР';
  wb.created = new Date(d.madeAt);
  wb.title = `Справка о работе с обращениями граждан: ${d.region.name}`;

  // Сводка
  const s = sheet(wb, 'Сводка', SUMMARY_HEADER, [40, 26, 28]);
  s.addRow(['Начало периода', 'from', d.fromText]);
  s.addRow(['Конец периода (не включается)', 'to', d.toText]);
  s.addRow(['По состоянию на', 'now', d.nowText]);
  const rg = d.kpi.region.groups[0];
  for (const f of KPI_FIELDS) {
    const row = s.addRow([KPI_FIELD_INFO[f].name, f, rg ? v(rg[f]) : undefined]);
    const fmt = fmtOf(f);
    if (fmt) row.getCell(3).numFmt = fmt;
  }

  groupSheet(wb, 'Блоки', 'Блок', d.kpi.block.groups, (g) => g.block ?? '', (id) => d.blockNames.get(id) ?? id);
  groupSheet(wb, 'Муниципалитеты', 'ОКТМО', d.kpi.municipality.groups, (g) => g.municipality ?? '', (id) => d.municipalityNames.get(id) ?? id);

  const r = sheet(wb, 'Рейтинг', RATING_HEADER, [8, 12, 36, 10, 10, 11, 11, 11, 18, 11, 12]);
  for (const row of d.rating.rows)
    r.addRow([v(row.rank), row.municipality, row.name, v(row.score), row.zone, v(row.speed), v(row.quality), v(row.completeness), v(row.satisfaction), row.incoming, v(row.per10k)]);
  for (const c of [4, 6, 7, 8, 9, 11]) r.getColumn(c).numFmt = FMT_DEC;

  const q = sheet(wb, 'Очередь', QUEUE_HEADER, [24, 10, 36, 16, 10, 14, 12]);
  for (const it of d.queue.items) q.addRow([it.id, it.level, it.reasons.join(', '), it.overdueMin, it.weight, it.block, it.municipality]);

  const raised = (t: string): string => (Number.isNaN(Date.parse(t)) ? t : rfc3339(Date.parse(t), d.zone));
  const a = sheet(wb, 'Всплески', ALERTS_HEADER, [24, 28, 12, 14, 24, 12, 12, 14]);
  if (d.alerts === null) {
    a.getCell('A1').note = 'Детектор всплесков не подключён к этой сборке: лист не заполнен (это не значит, что всплесков не было).';
  } else {
    for (const al of d.alerts) a.addRow([al.id, raised(al.raisedAt), al.municipality, al.block, v(al.category), al.count, al.expected, al.state]);
    a.getColumn(7).numFmt = FMT_DEC;
  }

  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}
