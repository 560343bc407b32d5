import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { runCli } from '../../../../support/cli.js';
import { saveAlerts } from '../../../../../electron/hub/alerts/store.js';
import type { Alert } from '../../../../../shared/alerts/schema.js';
import type { KpiResult, QueueResult } from '../../../../../shared/engine/types.js';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { reportFileName, wallPeriod } from '../../../../../electron/hub/service/report.js';
import { initialWallState } from '../../../../../shared/bridge/wallState.js';
import type { MakeReportResult } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, NOW, H, PHONE, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
let hub: Hub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  fx?.cleanup();
  fx = null;
});

async function open(): Promise<Hub> {
  fx = makeFixture(120);
  hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
  return hub;
}

const make = (h: Hub, role: 'wall' | 'console', params: unknown) => h.handle(role, { id: 7, method: 'makeReport', params });

describe('makeReport: the console’s справка for the period the wall shows', () => {
  it('is refused to a wall window', async () => {
    const h = await open();
    const r = await make(h, 'wall', { format: 'pdf' });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses an unknown format with a Russian message', async () => {
    const h = await open();
    const r = await make(h, 'console', { format: 'docx' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(r.ok ? '' : r.error.message).toMatch(/неверные параметры makeReport/);
  });

  it('answers a PDF (%PDF-) for the wall’s window, named by region and period', async () => {
    const h = await open();
    h.dispatch({ type: 'setFilters', window: '7d' });
    const r = await make(h, 'console', { format: 'pdf' });
    expect(r.ok).toBe(true);
    const res = (r as { result: MakeReportResult }).result;
    const bytes = Buffer.from(res.base64, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.bytes).toBe(bytes.length);
    // 7d at 2026-11-21 09:15 +12:00: from local midnight of the 15th to now
    expect(res.from).toBe('2026-11-15T00:00:00.000+12:00');
    expect(res.to).toBe('2026-11-21T09:15:00.000+12:00');
    expect(res.now).toBe(res.to);
    expect(res.fileName).toMatch(/^Справка-.+-15\.11\.2026-21\.11\.2026\.pdf$/);
    expect(res.fileName).not.toMatch(/[\\/]/);
    // the PDF's text is compressed; at least the phone number of a message is not there in clear
    expect(bytes.toString('latin1')).not.toContain(PHONE);
  }, 30_000);

  it('answers an XLSX workbook (a zip, PK) when asked', async () => {
    const h = await open();
    const r = await make(h, 'console', { format: 'xlsx' });
    expect(r.ok).toBe(true);
    const res = (r as { result: MakeReportResult }).result;
    const bytes = Buffer.from(res.base64, 'base64');
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(res.fileName.endsWith('.xlsx')).toBe(true);
  }, 30_000);
});

/** The answer's workbook: «Сводка»'s values by key, and the queue's ids. */
async function workbook(res: MakeReportResult): Promise<{ summary: Map<string, unknown>; queue: unknown[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(res.base64, 'base64') as unknown as ArrayBuffer);
  const summary = new Map<string, unknown>();
  wb.getWorksheet('Сводка')!.eachRow((r, n) => {
    if (n > 1) summary.set(String(r.getCell(2).value), r.getCell(3).value ?? null);
  });
  const queue: unknown[] = [];
  wb.getWorksheet('Очередь')!.eachRow((r, n) => {
    if (n > 1) queue.push(r.getCell(1).value);
  });
  return { summary, queue };
}

const result = (r: Awaited<ReturnType<typeof make>>): MakeReportResult => {
  if (!r.ok) throw new Error(r.error.message);
  return r.result as MakeReportResult;
};

describe('makeReport follows what the wall shows', () => {
  it('on the briefing scene set to a month: the briefing’s 30 days', async () => {
    const h = await open();
    h.dispatch({ type: 'setScene', scene: 'briefing' });
    h.dispatch({ type: 'setBriefingPeriod', period: 'month' });
    const res = result(await make(h, 'console', { format: 'xlsx' }));
    // 30d at 2026-11-21 09:15 +12:00: from local midnight of 23 October
    expect(res.from).toBe('2026-10-23T00:00:00.000+12:00');
    expect(res.to).toBe('2026-11-21T09:15:00.000+12:00');
    h.dispatch({ type: 'setBriefingPeriod', period: 'week' });
    expect(result(await make(h, 'console', { format: 'xlsx' })).from).toBe('2026-11-15T00:00:00.000+12:00');
  }, 30_000);

  it('«Всплески»: the incidents the wall’s detector raised in the period (stored), none from before it', async () => {
    const h = await open();
    h.dispatch({ type: 'setFilters', window: '24h' });
    const alert = (id: string, raisedAt: number): Alert => ({
      id,
      municipality: fx!.ref.municipalities[0]!.oktmo,
      block: 'housing',
      category: null,
      messageIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      count: 7,
      expected: 0.5,
      firstAt: new Date(raisedAt - H).toISOString(),
      raisedAt: new Date(raisedAt).toISOString(),
      lastAt: new Date(raisedAt).toISOString(),
      endedAt: null,
      state: 'growing',
      level: 1,
      center: null,
      radiusKm: null,
    });
    saveAlerts(h.cache, [alert('al-in', NOW - 2 * H), alert('al-before', NOW - 30 * H)]);
    const res = result(await make(h, 'console', { format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.base64, 'base64') as unknown as ArrayBuffer);
    const ids: unknown[] = [];
    wb.getWorksheet('Всплески')!.eachRow((r, n) => {
      if (n > 1) ids.push(r.getCell(1).value, r.getCell(6).value);
    });
    expect(ids).toEqual(['al-in', 7]);
  }, 30_000);

  it('in the time machine: the period and the figures of the archive instant, equal to kpi and queue at it', async () => {
    const h = await open();
    h.dispatch({ type: 'setFilters', window: 'today' });
    const instant = NOW - 30 * H; // 2026-11-20 03:15 +12:00
    h.dispatch({ type: 'setInstant', instant: new Date(instant).toISOString() });
    const res = result(await make(h, 'console', { format: 'xlsx' }));
    expect(res.now).toBe('2026-11-20T03:15:00.000+12:00');
    expect(res.to).toBe(res.now);
    expect(res.from).toBe('2026-11-20T00:00:00.000+12:00');
    expect(res.fileName).toMatch(/-20\.11\.2026\.xlsx$/);

    const w = ['--cache', fx!.path, '--from', res.from, '--to', res.to, '--now', res.now, '--json'];
    const kpi = JSON.parse((await runCli(['kpi', ...w])).out) as KpiResult;
    const queue = JSON.parse((await runCli(['queue', '--cache', fx!.path, '--now', res.now, '--json'])).out) as QueueResult;
    const live = JSON.parse((await runCli(['queue', '--cache', fx!.path, '--now', new Date(NOW).toISOString(), '--json'])).out) as QueueResult;
    const book = await workbook(res);
    expect(book.summary.get('now')).toBe('2026-11-20T03:15:00+12:00');
    const g = kpi.groups[0]!;
    expect(book.summary.get('incoming')).toBe(g.incoming);
    expect(book.summary.get('open')).toBe(g.open);
    expect(book.summary.get('overdue')).toBe(g.overdue);
    expect(book.queue).toEqual(queue.items.map((q) => q.id));
    // the present's queue differs: the справка is not the live one
    expect(queue.items.map((q) => q.id)).not.toEqual(live.items.map((q) => q.id));

    // back on air: the present again
    h.dispatch({ type: 'goLive' });
    expect(result(await make(h, 'console', { format: 'xlsx' })).now).toBe('2026-11-21T09:15:00.000+12:00');
  }, 30_000);
});

describe('the report’s period and file name', () => {
  const state = initialWallState({ now: 0, scenes: ['operational'] });
  it('today at local midnight is a one-second window, never an empty one', () => {
    const midnight = Date.parse('2026-11-21T00:00:00+12:00');
    const p = wallPeriod(state, midnight + 400, 'Asia/Kamchatka');
    expect(p).toEqual({ from: midnight, to: midnight + 1000, now: midnight });
  });
  it('at an archive instant: the wall’s period resolved at that instant, `now` = the instant', () => {
    const at = Date.parse('2026-11-19T14:30:00.400+12:00');
    const day = Date.parse('2026-11-19T00:00:00+12:00');
    expect(wallPeriod({ ...state, filters: { ...state.filters, window: 'today' } }, at, 'Asia/Kamchatka')).toEqual({ from: day, to: at - 400, now: at - 400 });
    expect(wallPeriod({ ...state, filters: { ...state.filters, window: '24h' } }, at, 'Asia/Kamchatka')).toEqual({ from: at - 400 - 24 * H, to: at - 400, now: at - 400 });
    expect(wallPeriod({ ...state, scene: 'briefing', briefingPeriod: 'month' }, at, 'Asia/Kamchatka').from).toBe(day - 29 * 24 * H);
  });
  it('a one-day period names one date; a region name cannot smuggle a path', () => {
    const from = Date.parse('2026-11-21T00:00:00+12:00');
    expect(reportFileName('Камчатский край', { from, to: from + 3_600_000, now: from + 3_600_000 }, 'Asia/Kamchatka', 'xlsx')).toBe('Справка-Камчатский_край-21.11.2026.xlsx');
    expect(reportFileName('../../etc/passwd', { from, to: from + 1000, now: from + 1000 }, 'Asia/Kamchatka', 'pdf')).toBe('Справка-....etcpasswd-21.11.2026.pdf');
  });
});
