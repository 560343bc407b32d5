import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { LAPTOP, gridDisplays } from '../../../support/fake-electron.js';

const PDF = Buffer.from('%PDF-1.7 справка');
const XLSX = Buffer.from('PK\u0003\u0004 книга');

/** A hub that builds a справка of the asked format (and fails when told to). */
function responder(opts: { fail?: string } = {}) {
  return (m: { type?: string; id?: number; method?: string; role?: string; params?: { format?: string } }) => {
    if (m.type !== 'request') return undefined;
    if (m.method !== 'makeReport') return { id: m.id, ok: true, result: {} };
    if (opts.fail) return { id: m.id, ok: false, error: { code: 'internal', message: opts.fail } };
    const format = m.params?.format === 'xlsx' ? 'xlsx' : 'pdf';
    const bytes = format === 'pdf' ? PDF : XLSX;
    return {
      id: m.id,
      ok: true,
      result: {
        format,
        fileName: `Справка-Камчатский_край-21.11.2026.${format}`,
        from: '2026-11-21T00:00:00.000+12:00',
        to: '2026-11-21T09:15:00.000+12:00',
        now: '2026-11-21T09:15:00.000+12:00',
        base64: bytes.toString('base64'),
        bytes: bytes.length,
      },
    };
  };
}

async function setup(opts: { fail?: string } = {}) {
  const b = await boot({ wall: { mode: 'span' }, console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 2)], { hubResponder: responder(opts) as never });
  const open = b.fake.open();
  const wall = open.find((w) => w.query.get('role') === 'wall')!;
  const con = open.find((w) => w.query.get('role') === 'console')!;
  const dir = mkdtempSync(join(tmpdir(), 'sw-report-'));
  const reportRequests = () => b.fake.utilities[0]!.posted.filter((p) => (p as { method?: string }).method === 'makeReport');
  return { ...b, wall, con, dir, reportRequests };
}

describe('console:report: the справка saved where the operator picks', () => {
  it('writes the hub’s bytes to the dialog’s path, atomically (no temporary file left)', async () => {
    const { fake, con, dir, userData } = await setup();
    const target = join(dir, 'справка-неделя.pdf');
    fake.answerSaveDialog(() => target);
    const r = await fake.invoke('console:report', { format: 'pdf' }, { wc: con.webContents });
    expect(r).toEqual({ ok: true, path: target, format: 'pdf', bytes: PDF.length });
    expect(readFileSync(target)).toEqual(PDF);
    expect(readdirSync(dir)).toEqual(['справка-неделя.pdf']);
    // the dialog is the shell's, modal to the console, named «Справка-<регион>-<период>.pdf», pdf/xlsx filters
    const d = fake.record.saveDialogs[0]!;
    expect(d.window).toBe(con);
    expect(d.options.defaultPath).toBe(join(userData, 'Справка-Камчатский_край-21.11.2026.pdf'));
    expect(d.options.filters?.map((f) => f.extensions[0])).toEqual(['pdf', 'xlsx']);
  });

  it('cancelling the dialog writes nothing', async () => {
    const { fake, con, dir } = await setup();
    fake.answerSaveDialog(() => null);
    await expect(fake.invoke('console:report', { format: 'pdf' }, { wc: con.webContents })).resolves.toEqual({ ok: false, cancelled: true });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('choosing .xlsx in the dialog saves the workbook; a name without extension gets one', async () => {
    const { fake, con, dir, reportRequests } = await setup();
    fake.answerSaveDialog(() => join(dir, 'книга.xlsx'));
    await expect(fake.invoke('console:report', { format: 'pdf' }, { wc: con.webContents })).resolves.toMatchObject({ ok: true, format: 'xlsx' });
    expect(readFileSync(join(dir, 'книга.xlsx'))).toEqual(XLSX);
    expect(reportRequests().map((p) => (p as { params: { format: string } }).params.format)).toEqual(['pdf', 'xlsx']);
    fake.answerSaveDialog(() => join(dir, 'без-расширения'));
    await expect(fake.invoke('console:report', { format: 'pdf' }, { wc: con.webContents })).resolves.toMatchObject({ ok: true, path: join(dir, 'без-расширения.pdf') });
    expect(readFileSync(join(dir, 'без-расширения.pdf'))).toEqual(PDF);
  });

  it('a wall window cannot call the channel (no report is built, no dialog shown)', async () => {
    const { fake, wall, reportRequests } = await setup();
    fake.answerSaveDialog(() => '/tmp/should-not-exist.pdf');
    await expect(fake.invoke('console:report', { format: 'pdf' }, { wc: wall.webContents })).rejects.toThrow(/^отказано: канал console:report доступен только пульту/);
    expect(reportRequests()).toEqual([]);
    expect(fake.record.saveDialogs).toEqual([]);
  });

  it('the renderer cannot pass a path (or anything but the format)', async () => {
    const { fake, con, dir, reportRequests } = await setup();
    const evil = join(dir, 'evil.pdf');
    fake.answerSaveDialog(() => null);
    await expect(fake.invoke('console:report', { format: 'pdf', path: evil }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос/);
    await expect(fake.invoke('console:report', { format: '../../etc/passwd' }, { wc: con.webContents })).rejects.toThrow(/^неверный запрос: format/);
    await expect(fake.invoke('console:report', evil, { wc: con.webContents })).rejects.toThrow(/^неверный запрос/);
    expect(existsSync(evil)).toBe(false);
    expect(reportRequests()).toEqual([]);
    expect(fake.record.saveDialogs).toEqual([]);
  });

  it('a hub failure or an unwritable folder is told in Russian, nothing half-written', async () => {
    const failing = await setup({ fail: 'кэш недоступен' });
    failing.fake.answerSaveDialog(() => join(failing.dir, 'x.pdf'));
    await expect(failing.fake.invoke('console:report', { format: 'pdf' }, { wc: failing.con.webContents })).resolves.toEqual({ ok: false, error: 'Справка не составлена: кэш недоступен' });
    expect(failing.fake.record.saveDialogs).toEqual([]);

    const { fake, con, dir } = await setup();
    fake.answerSaveDialog(() => join(dir, 'нет-такой-папки', 'x.pdf'));
    await expect(fake.invoke('console:report', { format: 'pdf' }, { wc: con.webContents })).resolves.toEqual({ ok: false, error: 'Справка не сохранена: папка не найдена' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
