/**
 * «Справка» in the console's wall controls: the report of docs/spec/report.md for the period the
 * wall shows, as PDF or XLSX (./save.ts: the shell's save dialog in the desktop app, a download in
 * browser mode). Progress and errors are shown here, in the page (never alert/confirm).
 */
import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge/client.js';
import { WINDOW_LABELS, shownWindow } from '../../../../shared/bridge/wallState.js';
import { situationWallApi } from '../../ipcBridge.js';
import { useWall } from '../../store.js';
import { useTimezone } from '../../hooks.js';
import { fmtDayMonth, fmtTime, zoneText } from '../../format.js';
import { makeReport, outcomeText, type ReportFormat, type ReportOutcome } from './save.js';
import './report.css';

export function ReportButton({ bridge }: { bridge: Bridge }) {
  // the period the wall shows: the briefing's week or month, else the wall's period (the hub makes it so)
  const wall = useWall((s) => s.wall);
  const period = wall ? shownWindow(wall) : null;
  const archive = wall?.instant ?? null;
  const tz = useTimezone();
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [outcome, setOutcome] = useState<ReportOutcome | null>(null);
  const run = (format: ReportFormat) => {
    if (busy) return;
    setBusy(format);
    setOutcome(null);
    void makeReport(bridge, format, { shell: situationWallApi(globalThis) })
      .then(setOutcome)
      .finally(() => setBusy(null));
  };
  return (
    <section className="cs-report" aria-label="Справка" data-testid="console-report">
      <h2>Справка</h2>
      <div className="cs-report-period">
        за период на стене: {period ? `${WINDOW_LABELS[period]}${wall?.scene === 'briefing' ? ' (брифинг)' : ''}` : '—'}
        {archive && (
          <span data-testid="console-report-instant">
            {' '}
            — архив на {fmtDayMonth(archive, tz)} {fmtTime(archive, tz)} ({zoneText(archive, tz)})
          </span>
        )}
      </div>
      <div className="btn-row">
        <button data-format="pdf" disabled={busy !== null} onClick={() => run('pdf')}>
          Справка PDF
        </button>
        <button data-format="xlsx" disabled={busy !== null} onClick={() => run('xlsx')}>
          Справка XLSX
        </button>
      </div>
      <div
        className={`cs-report-state${outcome?.kind === 'error' ? ' err' : ''}`}
        role="status"
        aria-live="polite"
        data-testid="console-report-state"
        data-state={busy ? 'busy' : (outcome?.kind ?? 'idle')}
      >
        {busy ? `Справка (${busy.toUpperCase()}) готовится…` : outcome ? outcomeText(outcome) : null}
      </div>
    </section>
  );
}
