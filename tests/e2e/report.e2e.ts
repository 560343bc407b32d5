/**
 * The console's «Справка» in browser mode (serve): the report of docs/spec/report.md for the
 * period the wall shows arrives as a download (Playwright's download event) — a PDF whose bytes
 * start with `%PDF-`, named «Справка-<регион>-<период>.pdf» — and an XLSX workbook (a zip, `PK`);
 * the console says so in the page, with no browser dialog.
 */
import { readFile } from 'node:fs/promises';
import { assert, eq, type E2eContext, type E2eTest } from './context.js';

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
];
