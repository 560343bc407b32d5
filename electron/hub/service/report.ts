/**
 * The console's «Справка» (docs/spec/report.md): `makeReport` builds the report for the period the
 * wall shows — the briefing scene's week or month, any other scene the wall's period
 * (shared/bridge/wallState.ts shownWindow) — resolved in the region's zone at the instant the wall
 * shows: the present when live, the archive instant in the time machine (the same resolution as
 * `getView`, shared/bridge/window.ts), over the messages as they stood then (docs/spec/kpi.md v2).
 * «Всплески» are the alerts the wall's detector raised in the period (stored, as the wall shows them).
 * It answers the file's bytes; the hub never writes the file: the shell saves it where the operator
 * chose (desktop), the browser as a download (serve).
 */
import { DateTime } from 'luxon';
import type { Cache } from '../cache/api.js';
import type { MakeReportResult } from '../../../shared/bridge/protocol.js';
import { shownWindow, type WallState } from '../../../shared/bridge/wallState.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import { isoInZone, resolveWindow } from '../../../shared/bridge/window.js';
import { buildReport, reportSourceFromCache } from '../report/index.js';
import { listAlerts } from '../alerts/store.js';
import type { DataSet } from './dataset.js';
import { HubError, firstLine } from './errors.js';
import type { Handlers } from './router.js';

export interface ReportServiceDeps {
  data: DataSet;
  cache: Cache;
  /** The authoritative wall state (its scene and window are the report's period). */
  wallState(): WallState;
  /** The data's present (epoch ms). */
  now(): number;
  /** The archive instant the wall shows (epoch ms), null when live (as ViewDeps.shownInstant). */
  shownInstant?: () => number | null;
  /** The messages as they stood at a past instant (as ViewDeps.storeAt); absent: the live store. */
  storeAt?: (t: number) => MessageStore;
}

export interface ReportPeriod {
  from: number;
  to: number;
  now: number;
}

/**
 * The period the wall shows when it shows instant `atMs` (the present, or the archive instant):
 * whole seconds, as getView resolves it; `now` is that instant.
 */
export function wallPeriod(state: Pick<WallState, 'scene' | 'filters' | 'briefingPeriod'>, atMs: number, timezone: string): ReportPeriod {
  const now = Math.floor(atMs / 1000) * 1000;
  const w = resolveWindow(shownWindow(state), now, timezone);
  // exactly at local midnight «today» is empty: a one-second window rather than none (as getView)
  return w.to > w.from ? { from: w.from, to: w.to, now } : { from: w.from, to: w.from + 1000, now };
}

/** «Справка-Пермский_край-25.11.2026-01.12.2026.pdf»: no path separators, no characters a file system refuses. */
export function reportFileName(region: string, p: ReportPeriod, timezone: string, format: 'pdf' | 'xlsx'): string {
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).toFormat('dd.MM.yyyy');
  const first = day(p.from);
  const last = day(Math.max(p.from, p.to - 1));
  const period = first === last ? first : `${first}-${last}`;
  const safeRegion = region.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').trim().replace(/\s+/g, '_').slice(0, 80) || 'регион';
  return `Справка-${safeRegion}-${period}.${format}`;
}

export class ReportService {
  private busy = false;

  constructor(private readonly deps: ReportServiceDeps) {}

  async make(format: 'pdf' | 'xlsx'): Promise<MakeReportResult> {
    // one справка at a time: a second press while one is being made is refused, not queued
    if (this.busy) throw new HubError('unavailable', 'справка уже готовится — дождитесь её');
    this.busy = true;
    try {
      const d = this.deps.data;
      const tz = d.region.timezone;
      // the time machine: the справка of the instant the wall shows, not of the present
      const instant = this.deps.shownInstant?.() ?? null;
      const past = instant !== null && instant < this.deps.now();
      const period = wallPeriod(this.deps.wallState(), past ? instant : this.deps.now(), tz);
      let buf: Buffer;
      try {
        // the as-of store is the engine's own: buildReport reads it before its first await
        const store = past && this.deps.storeAt ? this.deps.storeAt(period.now) : d.store;
        const source = reportSourceFromCache(this.deps.cache, store, d.thresholds);
        // «Всплески»: the incidents the wall's detector raised in the period, as the wall and the
        // console list them (the stored alerts of ./alerts.ts) — no replay of the history here: the
        // hub answers the wall meanwhile (the `report` command replays, as `alerts` does)
        const cache = this.deps.cache;
        buf = await buildReport({ source, ...period, format, alerts: (from, to) => listAlerts(cache, { from, to }) });
      } catch (e) {
        throw new HubError('internal', `не удалось составить справку: ${firstLine(e)}`);
      }
      return {
        format,
        fileName: reportFileName(d.region.name, period, tz, format),
        from: isoInZone(period.from, tz),
        to: isoInZone(period.to, tz),
        now: isoInZone(period.now, tz),
        base64: buf.toString('base64'),
        bytes: buf.length,
      };
    } finally {
      this.busy = false;
    }
  }

  handlers(): Pick<Handlers, 'makeReport'> {
    return { makeReport: (p) => this.make(p.format) };
  }
}
