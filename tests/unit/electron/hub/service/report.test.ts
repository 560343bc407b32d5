import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { reportFileName, wallPeriod } from '../../../../../electron/hub/service/report.js';
import { initialWallState } from '../../../../../shared/bridge/wallState.js';
import type { MakeReportResult } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, NOW, PHONE, type Fixture } from '../../../../support/hub-fixtures.js';

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

describe('the report’s period and file name', () => {
  const state = initialWallState({ now: 0, scenes: ['operational'] });
  it('today at local midnight is a one-second window, never an empty one', () => {
    const midnight = Date.parse('2026-11-21T00:00:00+12:00');
    const p = wallPeriod(state, midnight + 400, 'Asia/Kamchatka');
    expect(p).toEqual({ from: midnight, to: midnight + 1000, now: midnight });
  });
  it('a one-day period names one date; a region name cannot smuggle a path', () => {
    const from = Date.parse('2026-11-21T00:00:00+12:00');
    expect(reportFileName('Камчатский край', { from, to: from + 3_600_000, now: from + 3_600_000 }, 'Asia/Kamchatka', 'xlsx')).toBe('Справка-Камчатский_край-21.11.2026.xlsx');
    expect(reportFileName('../../etc/passwd', { from, to: from + 1000, now: from + 1000 }, 'Asia/Kamchatka', 'pdf')).toBe('Справка-....etcpasswd-21.11.2026.pdf');
  });
});
