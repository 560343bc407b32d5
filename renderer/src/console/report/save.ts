/**
 * Making the console's справка (docs/spec/report.md) for the period the wall shows:
 *  - desktop (an Electron window: the preload's `situationWall`): `console:report` — the shell has
 *    the hub build it, shows its own save dialog and writes the file; the renderer never names a path;
 *  - browser mode (serve): `makeReport` over the bridge (console role), the bytes saved as a
 *    download (<a download> on a Blob URL) — no window API that Electron lacks.
 */
import type { Bridge } from '../../../../shared/bridge/client.js';
import type { MakeReportResult } from '../../../../shared/bridge/protocol.js';
import { saveReportViaShell, type SituationWallApi } from '../../ipcBridge.js';

export type ReportFormat = 'pdf' | 'xlsx';

export type ReportOutcome =
  | { kind: 'saved'; path: string }
  | { kind: 'downloaded'; fileName: string }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

const MIME: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Hands the bytes to the browser as a download named `fileName`. */
export function downloadBytes(bytes: Uint8Array<ArrayBuffer>, fileName: string, mime: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // the download has taken the bytes by then; the URL must not outlive the page's need
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface MakeReportDeps {
  /** The shell's bridge (desktop), null in a browser. */
  shell: SituationWallApi | null;
  download?: (bytes: Uint8Array<ArrayBuffer>, fileName: string, mime: string) => void;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

export async function makeReport(bridge: Bridge, format: ReportFormat, deps: MakeReportDeps): Promise<ReportOutcome> {
  if (deps.shell) {
    try {
      const r = await saveReportViaShell(deps.shell, format);
      if (r.ok) return { kind: 'saved', path: r.path };
      return r.cancelled ? { kind: 'cancelled' } : { kind: 'error', message: r.error };
    } catch (e) {
      return { kind: 'error', message: `Справка не сохранена: ${errorText(e)}` };
    }
  }
  let res: MakeReportResult;
  try {
    res = await bridge.request('makeReport', { format });
  } catch (e) {
    return { kind: 'error', message: `Справка не составлена: ${errorText(e)}` };
  }
  (deps.download ?? downloadBytes)(base64Bytes(res.base64), res.fileName, MIME[res.format]);
  return { kind: 'downloaded', fileName: res.fileName };
}

/** The console's one line about it, in Russian. */
export function outcomeText(o: ReportOutcome): string {
  switch (o.kind) {
    case 'saved':
      return `Справка сохранена: ${o.path}`;
    case 'downloaded':
      return `Справка скачана: ${o.fileName}`;
    case 'cancelled':
      return 'Сохранение справки отменено';
    case 'error':
      return o.message;
  }
}
