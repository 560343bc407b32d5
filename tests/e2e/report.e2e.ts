/**
 * The console's «Справка» in browser mode (serve): the report of docs/spec/report.md for the
 * period the wall shows arrives as a download (Playwright's download event) — a PDF whose bytes
 * start with `%PDF-`, named «Справка-<регион>-<период>.pdf» — and an XLSX workbook (a zip, `PK`);
 * the console says so in the page, with no browser dialog. In the time machine (its own `serve`, so
 * the archive never leaks into the other tests) the справка is the archive instant's: the
 * workbook's `now` is the instant and its figures equal `kpi` at it.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { KpiResult } from '../../shared/engine/types.js';
import { REGIONS } from '../../shared/regions.js';
import { instantInputText, zonedToUtc } from '../../renderer/src/components/instant.js';
import { rfc3339 } from '../../electron/hub/report/format.js';
import { assert, eq, type E2eContext, type E2eTest } from './context.js';

const TZ = REGIONS.kamchatka.timezone;

/** 14:00 in the region `daysBack` days ago (an archive instant the timeline accepts). */
function pastAfternoon(daysBack: number): number {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() - daysBack * 86_400_000);
  const [y, m, d] = p.split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, m, d, 14, 0, TZ);
}

export const tests: E2eTest[] = [
  {
    name: 'report: the console’s «Справка» downloads the PDF and the XLSX of the wall’s period',
    async run(ctx: E2eContext) {
      const cons = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
      await cons.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const errors: string[] = [];
      cons.on('pageerror', (e) => errors.push(e.message));
      cons.on('dialog', (d) => {
        errors.push(`browser dialog opened: ${d.type()} ${d.message()}`);
        void d.dismiss();
      });
      try {
        await cons.goto(ctx.consoleUrl);
        const report = cons.locator('[data-testid=console-report]');
        await report.waitFor({ timeout: 60_000 });
        // the wall shows the last 7 days: the справка is for them
        await cons.locator('.cs-wall button', { hasText: /7 дней/ }).first().click();
        await cons.waitForFunction(() => /7 дней/.test(document.querySelector('.cs-report-period')?.textContent ?? ''), null, { timeout: 10_000 });

        const [pdf] = await Promise.all([cons.waitForEvent('download', { timeout: 60_000 }), report.locator('button[data-format=pdf]').click()]);
        const pdfBytes = await readFile((await pdf.path())!);
        eq(pdfBytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
        assert(pdfBytes.length > 10_000, `the PDF has its pages (${pdfBytes.length} bytes)`);
        assert(/^Справка-.+-\d\d\.\d\d\.\d{4}-\d\d\.\d\d\.\d{4}\.pdf$/.test(pdf.suggestedFilename()), `file name «${pdf.suggestedFilename()}»`);
        const state = cons.locator('[data-testid=console-report-state]');
        await cons.waitForFunction(() => document.querySelector('[data-testid=console-report-state]')?.getAttribute('data-state') === 'downloaded', null, { timeout: 10_000 });
        assert((await state.innerText()).startsWith('Справка скачана: Справка-'), `the console says so: «${await state.innerText()}»`);

        const [xlsx] = await Promise.all([cons.waitForEvent('download', { timeout: 60_000 }), report.locator('button[data-format=xlsx]').click()]);
        const xlsxBytes = await readFile((await xlsx.path())!);
        eq(xlsxBytes.subarray(0, 2).toString('latin1'), 'PK', 'the download is an XLSX workbook');
        assert(xlsx.suggestedFilename().endsWith('.xlsx'), `file name «${xlsx.suggestedFilename()}»`);
        eq(errors, [], 'no page errors, no browser dialogs');
      } finally {
        await cons.close();
      }
    },
  },
  {
    name: 'report: in the time machine the справка is the archive instant’s (now = the instant, figures = kpi at it)',
    async run(ctx: E2eContext) {
      const own = await ctx.serve(['--demo', 'kamchatka', '--cache', ctx.db, '--port', '0', '--live', '0', '--seed', '7']);
      const cons = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
      await cons.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const errors: string[] = [];
      cons.on('pageerror', (e) => errors.push(e.message));
      try {
        await cons.goto(own.consoleUrl);
        const report = cons.locator('[data-testid=console-report]');
        await report.waitFor({ timeout: 60_000 });
        await cons.locator('.cs-wall button', { hasText: /7 дней/ }).first().click();
        await cons.waitForFunction(() => /7 дней/.test(document.querySelector('.cs-report-period')?.textContent ?? ''), null, { timeout: 10_000 });
        const at = pastAfternoon(3);
        await cons.locator('[data-testid=timeline-input]').fill(instantInputText(at, TZ));
        await cons.locator('[data-testid=timeline-show]').click();
        await cons.locator('[data-testid=console-report-instant]').waitFor({ timeout: 30_000 });
        const said = (await cons.locator('.cs-report-period').innerText()).replace(/[\u00a0\u202f]/g, ' ');
        assert(/архив на \d{1,2} [а-я]+ 14:00 \(МСК\+9\)/.test(said), `the console names no archive instant: «${said}»`);

        const [xlsx] = await Promise.all([cons.waitForEvent('download', { timeout: 60_000 }), report.locator('button[data-format=xlsx]').click()]);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load((await readFile((await xlsx.path())!)) as unknown as ArrayBuffer);
        const summary = new Map<string, unknown>();
        wb.getWorksheet('Сводка')!.eachRow((r, n) => {
          if (n > 1) summary.set(String(r.getCell(2).value), r.getCell(3).value ?? null);
        });
        eq(summary.get('now'), rfc3339(at, TZ), 'the справка’s now is the archive instant');
        eq(summary.get('to'), rfc3339(at, TZ), 'its period ends at the instant');
        const from = String(summary.get('from'));
        assert(Date.parse(from) < at && at - Date.parse(from) <= 7 * 86_400_000, `from ${from} is not the 7 days before the instant`);
        const kpi = JSON.parse(ctx.cli(['kpi', '--cache', ctx.db, '--from', from, '--to', rfc3339(at, TZ), '--now', rfc3339(at, TZ), '--json'])) as KpiResult;
        const g = kpi.groups[0]!;
        eq([summary.get('incoming'), summary.get('open'), summary.get('overdue')], [g.incoming, g.open, g.overdue], 'the справка’s figures against kpi at the instant');
        await cons.locator('[data-testid=go-live]').click();
        await cons.locator('[data-testid=console-report-instant]').waitFor({ state: 'detached', timeout: 30_000 });
        eq(errors, [], 'no page errors');
      } finally {
        await cons.close();
        own.proc.kill('SIGTERM');
      }
    },
  },
];
