/**
 * The console's «Справка» in the desktop app (docs/spec/report.md: «the console makes the same
 * report for the period it shows, into a folder the operator picks»): the hub builds the bytes
 * (`makeReport`, console only), the shell shows its own save dialog — the path is the operator's,
 * never the renderer's — and writes the file atomically (a temporary file in the same folder, then
 * rename), so a half-written справка never lies under the chosen name.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { MakeReportResultSchema } from '../../shared/bridge/protocol.js';
import type { MakeReportResult, Method, Response, Role } from '../../shared/bridge/protocol.js';
import type { ReportSaveResult } from '../../shared/wall/ipc.js';
import type { SaveDialogOptions } from './api.js';

type Format = 'pdf' | 'xlsx';

export interface SaveReportDeps {
  hubRequest(role: Role, method: Method, params: unknown): Promise<Response>;
  /** The shell's save dialog, modal to the asking console window. */
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** Where the dialog opens (the operator's documents folder). */
  defaultDir(): string;
  log: { info(m: string): void; warn(m: string): void };
}

const FILTERS: Record<Format, { name: string; extensions: string[] }> = {
  pdf: { name: 'Справка PDF', extensions: ['pdf'] },
  xlsx: { name: 'Книга Excel (XLSX)', extensions: ['xlsx'] },
};

function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0]!;
}

async function build(deps: SaveReportDeps, format: Format): Promise<MakeReportResult> {
  const r = await deps.hubRequest('console', 'makeReport', { format });
  if (!r.ok) throw new Error(r.error.message);
  const parsed = MakeReportResultSchema.safeParse(r.result);
  if (!parsed.success) throw new Error('хаб ответил не справкой');
  return parsed.data;
}

/** Write `bytes` to `path` through a temporary file beside it; the temporary file never stays. */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

export async function saveReport(deps: SaveReportDeps, format: Format): Promise<ReportSaveResult> {
  let report: MakeReportResult;
  try {
    report = await build(deps, format);
  } catch (e) {
    deps.log.warn(`пульт: справка не составлена — ${firstLine(e)}`);
    return { ok: false, error: `Справка не составлена: ${firstLine(e)}` };
  }
  const other: Format = format === 'pdf' ? 'xlsx' : 'pdf';
  const choice = await deps.showSaveDialog({
    title: 'Сохранить справку',
    defaultPath: join(deps.defaultDir(), report.fileName),
    buttonLabel: 'Сохранить',
    filters: [FILTERS[format], FILTERS[other]],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { ok: false, cancelled: true };

  let path = choice.filePath;
  const ext = extname(path).slice(1).toLowerCase();
  // the operator may pick the other format in the dialog: then that one is made
  const wanted: Format = ext === 'pdf' || ext === 'xlsx' ? ext : format;
  if (ext !== wanted) path = `${path}.${wanted}`;
  try {
    if (wanted !== report.format) report = await build(deps, wanted);
  } catch (e) {
    deps.log.warn(`пульт: справка не составлена — ${firstLine(e)}`);
    return { ok: false, error: `Справка не составлена: ${firstLine(e)}` };
  }
  const bytes = Buffer.from(report.base64, 'base64');
  try {
    await writeAtomic(path, bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'нет прав на запись в эту папку'
        : code === 'ENOENT'
          ? 'папка не найдена'
          : code === 'ENOSPC'
            ? 'на диске нет места'
            : firstLine(e);
    deps.log.warn(`пульт: справка не сохранена в ${path} — ${why}`);
    return { ok: false, error: `Справка не сохранена: ${why}` };
  }
  deps.log.info(`пульт: справка (${wanted.toUpperCase()}, ${bytes.length} байт) сохранена в ${path}`);
  return { ok: true, path, format: wanted, bytes: bytes.length };
}
