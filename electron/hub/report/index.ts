/**
 * The справка (docs/spec/report.md) for the hub and the command line: `buildReport` gathers the
 * figures from the indicator engine and lays them out as a PDF or an XLSX workbook, in memory (no
 * file is written: the command line writes it, the console saves it through the shell).
 */
import type { Cache } from '../cache/api.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import type { Thresholds } from '../../../shared/engine/types.js';
import { loadStoreAt } from '../engine/load.js';
import { gatherReport, reportSourceFromCache, type ReportData, type ReportSource } from './data.js';
import { buildPdf } from './pdf.js';
import { buildXlsx } from './xlsx.js';
import type { AlertProvider } from './alerts.js';

export type ReportFormat = 'pdf' | 'xlsx';
export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'xlsx'];

export type { AlertProvider, ReportAlert } from './alerts.js';
export { replayAlertsFromCache } from './alerts.js';
export type { ReportData, ReportSource } from './data.js';
export { reportSourceFromCache, gatherReport, isDemoCache } from './data.js';

export interface BuildReportOptions {
  /** The figures' source: a ready ReportSource (the hub's store and dictionaries), or an open cache. */
  source?: ReportSource;
  cache?: Cache;
  /** With `cache`: the store already loaded from it (otherwise loaded here). */
  store?: MessageStore;
  thresholds?: Partial<Thresholds>;
  /** Window [from, to) and the instant, epoch ms. */
  from: number;
  to: number;
  now: number;
  format: ReportFormat;
  /** The alerts of [from, to) (docs/spec/alerts.md); absent: the report says the detector is absent. */
  alerts?: AlertProvider;
  /** When the report is made (default: the clock). */
  madeAt?: number;
}

export async function renderReport(data: ReportData, format: ReportFormat): Promise<Buffer> {
  return format === 'pdf' ? buildPdf(data) : buildXlsx(data);
}

export async function buildReport(o: BuildReportOptions): Promise<Buffer> {
  // without a store: the messages as they stood at `now` (docs/spec/kpi.md v2)
  const src = o.source ?? (o.cache ? reportSourceFromCache(o.cache, o.store ?? loadStoreAt(o.cache, o.now), o.thresholds) : null);
  if (!src) throw new Error('buildReport: нужен source или cache');
  const data = await gatherReport(src, { from: o.from, to: o.to, now: o.now, alerts: o.alerts, madeAt: o.madeAt });
  return renderReport(data, o.format);
}
