/**
 * The early-warning service (docs/spec/alerts.md, method in docs/alerts.md): the live detector
 * follows every batch the data set applies (sync, import, the demo's live feed: all one path) and a
 * one-minute timer; what it raises, grows or ends is stored (electron/hub/alerts/store.ts) and
 * announced (`alertRaised`, `alertsChanged`). It answers `getAlerts`, `getAlert` (texts masked for
 * the wall) and `markAlert` (console only; marks kept in the cache, so they survive restarts).
 *
 *   const alerts = cleanup.add(new AlertService({ data, events, cache, now, operator }));
 *   const handlers: Handlers = { …, ...alerts.handlers() };
 *
 * Start: the stored detector snapshot when there is one (then the messages created since it), else
 * a fresh detector that learns the cache's last six weeks. Disposing it stops the timer, leaves a
 * snapshot for the next start and stops listening.
 */
import { createDetector, restoreDetector, type AlertMessageInput, type Detector, type DetectorChanges } from '../../../shared/alerts/detector.js';
import type { Alert, AlertMark } from '../../../shared/alerts/schema.js';
import { ALERT_MARK_LABELS } from '../../../shared/alerts/schema.js';
import type { Cache } from '../cache/api.js';
import { LEARN_DAYS } from '../alerts/replay.js';
import {
  addMark,
  currentMarks,
  getAlert as storedAlert,
  listAlerts,
  listMarks,
  loadDetectorSnapshot,
  saveAlerts,
  saveDetectorSnapshot,
  AlertInputError,
} from '../alerts/store.js';
import type { BridgeAlertMark, GetAlertResult, GetAlertsResult, Incident, Role } from '../../../shared/bridge/protocol.js';
import { blockLabel } from '../../../shared/blocks.js';
import { maskPersonalData } from '../../../shared/mask.js';
import { DisposableStore, toDisposable, type Disposable } from '../../../shared/lifecycle.js';
import type { NormalizedMessage } from '../../../shared/model.js';
import type { DataSet } from './dataset.js';
import type { EventSink, HubEventMap } from './events.js';
import type { Handlers } from './router.js';
import { HubError } from './errors.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export interface AlertServiceDeps {
  data: Pick<DataSet, 'events' | 'region' | 'names'>;
  events: EventSink<HubEventMap>;
  cache: Cache;
  now: () => number;
  /** Operator recorded with a mark when the console names none (default 'console'). */
  operator?: string;
  /** Run the advance timer (default true; tests call `advance()` themselves). */
  timer?: boolean;
  /** Period of the advance timer (default one minute). */
  tickMs?: number;
  /** A snapshot of the detector is stored at most this often (default ten minutes) and at close. */
  snapshotMs?: number;
  /** Days of the cache a fresh detector learns from (default LEARN_DAYS, 42, as every replay: ../alerts/replay.ts). */
  learnDays?: number;
  /**
   * The time machine: the instant the wall shows (null: live) and the alerts as they stood at an
   * instant (./asof.ts incidentsAt). In the archive `getAlerts` answers at the instant.
   */
  archive?: { instant(): number | null; incidentsAt(t: number): Alert[] };
}

type AlertsHandlers = Pick<Handlers, 'getAlerts' | 'getAlert' | 'markAlert'>;

const EXCERPT_CHARS = 400;

/** The active list's order (protocol: by level, highest first, then the latest raised). */
const byLevelThenRaised = (x: Alert, y: Alert): number => y.level - x.level || Date.parse(y.raisedAt) - Date.parse(x.raisedAt) || (x.id < y.id ? -1 : 1);

export class AlertService implements Disposable {
  private det: Detector;
  private readonly store = new DisposableStore();
  /** Hub clock at which this hub raised each alert live (the banner's "new"). Bounded by the detector's memory. */
  private readonly detected = new Map<string, number>();
  private lastSnapshot: number;
  private disposed = false;

  constructor(private readonly deps: AlertServiceDeps) {
    const now = deps.now();
    this.det = this.start(now);
    this.lastSnapshot = now;
    this.store.add(
      deps.data.events.on('changed', (c) => {
        if (c.kind === 'batch' && c.changed.length > 0) this.apply(this.det.ingest(c.changed.map(input), this.deps.now()));
      }),
    );
    if (deps.timer !== false) {
      const t = setInterval(() => this.advance(), deps.tickMs ?? MIN);
      t.unref?.();
      this.store.add(toDisposable(() => clearInterval(t)));
    }
  }

  /** The detector's snapshot, or a fresh one that learns the cache's recent messages. */
  private start(now: number): Detector {
    const zone = this.deps.data.region.timezone || 'UTC';
    const snap = loadDetectorSnapshot(this.deps.cache);
    let det: Detector | null = null;
    if (snap) {
      try {
        det = restoreDetector(snap, { timeZone: zone });
      } catch {
        det = null; // an unreadable snapshot: relearn
      }
    }
    const since = det ? det.processedTo() - det.options.lateMs : now - (this.deps.learnDays ?? LEARN_DAYS) * DAY;
    det ??= createDetector({ timeZone: zone });
    const list: AlertMessageInput[] = [];
    this.deps.cache.forEachLive((m) => {
      if (m.createdAt >= since && m.createdAt <= now) list.push(input(m));
    });
    list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const ch = det.ingest(list, now);
    // Alerts raised while learning are history, not news: stored, not announced.
    this.save(det, [...ch.raised, ...ch.grown, ...ch.ended]);
    return det;
  }

  /** Move the detector's time on (the timer calls it every minute). */
  advance(): void {
    if (this.disposed) return;
    const now = this.deps.now();
    this.apply(this.det.advance(now));
    if (now - this.lastSnapshot >= (this.deps.snapshotMs ?? 10 * MIN)) this.snapshot();
  }

  /** Store the detector's snapshot now. */
  snapshot(): void {
    saveDetectorSnapshot(this.deps.cache, this.det.snapshot());
    this.lastSnapshot = this.deps.now();
  }

  private save(det: Detector, ids: readonly string[]): void {
    const alerts = [...new Set(ids)].map((id) => det.alert(id)).filter((a): a is Alert => a !== null);
    if (alerts.length) saveAlerts(this.deps.cache, alerts);
  }

  private apply(ch: DetectorChanges): void {
    if (this.disposed) return;
    const ids = [...new Set([...ch.raised, ...ch.grown, ...ch.ended])];
    if (!ids.length) return;
    this.save(this.det, ids);
    const at = this.deps.now();
    const marks = currentMarks(this.deps.cache);
    for (const id of ch.raised) {
      this.detected.set(id, at);
      const a = this.det.alert(id);
      if (a) this.deps.events.emit('alertRaised', { incident: this.incident(a, marks.get(id) ?? null, 'wall') });
    }
    if (this.detected.size > 2000) for (const k of [...this.detected.keys()].slice(0, 1000)) this.detected.delete(k);
    this.deps.events.emit('alertsChanged', { ids, reason: 'detector' });
  }

  /** An alert as now: the detector's (fresher) when it still holds it, else the stored one. */
  private current(id: string): Alert | null {
    return this.det.alert(id) ?? storedAlert(this.deps.cache, id);
  }

  private incident(a: Alert, mark: AlertMark | null, role: Role): Incident {
    const names = this.deps.data.names;
    return {
      alert: a,
      blockName: blockLabel(a.block, names.blocks.get(a.block)),
      categoryName: a.category ? (names.categories.get(a.category) ?? a.category) : '',
      municipalityName: names.municipalities.get(a.municipality) ?? a.municipality,
      mark: mark ? markView(mark, role) : null,
      detectedAt: this.detected.get(a.id) ?? null,
    };
  }

  alerts(p: { from?: string; to?: string; limit?: number } | undefined, role: Role): GetAlertsResult {
    const at = this.deps.archive?.instant() ?? null;
    if (at !== null) return this.alertsAt(at, p, role);
    const now = this.deps.now();
    const processed = this.det.processedTo();
    const marks = currentMarks(this.deps.cache);
    const active = this.det.alertsAt(processed);
    const activeIds = new Set(active.map((a) => a.id));
    // A stored alert the detector no longer holds (relearnt without a snapshot) that never ended.
    for (const a of listAlerts(this.deps.cache, { from: now - 3 * DAY, to: now + 1 })) {
      if (a.endedAt === null && !activeIds.has(a.id) && !this.det.alert(a.id)) {
        active.push(a);
        activeIds.add(a.id);
      }
    }
    active.sort(byLevelThenRaised);
    let period: Alert[] = [];
    if (p?.from !== undefined && p.to !== undefined) {
      period = listAlerts(this.deps.cache, { from: Date.parse(p.from), to: Date.parse(p.to) })
        .map((a) => this.det.alert(a.id) ?? a)
        .reverse()
        .slice(0, p.limit ?? 100);
    }
    const view = (a: Alert) => this.incident(a, marks.get(a.id) ?? null, role);
    return { now, processedTo: Number.isFinite(processed) ? processed : null, active: active.map(view), period: period.map(view) };
  }

  /**
   * The wall's incidents at a past instant: those active then (raised by it, not ended by it), and
   * the period's raised by it; a mark made after the instant is not shown (it was not there yet).
   */
  private alertsAt(t: number, p: { from?: string; to?: string; limit?: number } | undefined, role: Role): GetAlertsResult {
    const then = this.deps.archive!.incidentsAt(t);
    const marks = currentMarks(this.deps.cache);
    const markAt = (id: string) => {
      const m = marks.get(id);
      return m && Date.parse(m.at) <= t ? m : null;
    };
    const active = [...then].sort(byLevelThenRaised);
    let period: Alert[] = [];
    if (p?.from !== undefined && p.to !== undefined) {
      const byId = new Map(then.map((a) => [a.id, a]));
      period = listAlerts(this.deps.cache, { from: Date.parse(p.from), to: Math.min(Date.parse(p.to), t + 1) })
        .filter((a) => Date.parse(a.raisedAt) <= t)
        .map((a) => byId.get(a.id) ?? a)
        .reverse()
        .slice(0, p.limit ?? 100);
    }
    const view = (a: Alert) => ({ ...this.incident(a, markAt(a.id), role), detectedAt: null });
    return { now: t, processedTo: t, active: active.map(view), period: period.map(view) };
  }

  alertWithMessages(id: string, limit: number, role: Role): GetAlertResult {
    const a = this.current(id);
    if (!a) throw new HubError('not_found', `всплеск ${id} не найден`);
    const names = this.deps.data.names;
    const messages: GetAlertResult['messages'] = [];
    for (const mid of [...a.messageIds].reverse()) {
      if (messages.length >= limit) break;
      const m = this.deps.cache.getMessage(mid);
      if (!m) continue;
      const t = m.text ?? '';
      const shown = role === 'console' ? t : maskPersonalData(t);
      messages.push({
        id: m.id,
        createdAt: m.createdAt,
        channelName: names.channels.get(m.channel) ?? m.channel,
        status: m.status,
        text: shown.length > EXCERPT_CHARS ? shown.slice(0, EXCERPT_CHARS - 1).trimEnd() + '…' : shown,
      });
    }
    const marks = listMarks(this.deps.cache, id);
    return { incident: this.incident(a, marks.at(-1) ?? null, role), messages, marks: marks.map((m) => markView(m, role)) };
  }

  mark(p: { id: string; mark: AlertMark['mark']; comment?: string | undefined; operator?: string | undefined }): Incident {
    const a = this.current(p.id);
    if (!a) throw new HubError('not_found', `всплеск ${p.id} не найден`);
    // the store needs it stored (the detector may hold it before its first save only in a race)
    if (!storedAlert(this.deps.cache, a.id)) saveAlerts(this.deps.cache, [a]);
    let m: AlertMark;
    try {
      m = addMark(this.deps.cache, {
        alertId: a.id,
        mark: p.mark,
        operator: p.operator ?? this.deps.operator ?? 'console',
        comment: p.comment ?? null,
        at: new Date(this.deps.now()).toISOString(),
      });
    } catch (e) {
      if (e instanceof AlertInputError) throw new HubError('bad_request', e.message);
      throw e;
    }
    this.deps.events.emit('alertsChanged', { ids: [a.id], reason: 'mark' });
    return this.incident(a, m, 'console');
  }

  handlers(): AlertsHandlers {
    return {
      getAlerts: (p, ctx) => this.alerts(p, ctx.role),
      getAlert: (p, ctx) => this.alertWithMessages(p.id, p.limit ?? 200, ctx.role),
      markAlert: (p) => ({ incident: this.mark(p) }),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.store.dispose();
    try {
      this.snapshot();
    } catch {
      // a cache closed under us: the next start relearns
    }
  }
}

function input(m: NormalizedMessage | AlertMessageInput): AlertMessageInput {
  return { id: m.id, municipality: m.municipality, block: m.block, category: m.category, createdAt: m.createdAt, lat: m.lat ?? null, lon: m.lon ?? null };
}

function markView(m: AlertMark, role: Role): BridgeAlertMark {
  return { mark: m.mark, operator: m.operator, comment: m.comment === null ? null : role === 'console' ? m.comment : maskPersonalData(m.comment), at: m.at };
}

/** «взято на контроль» … for logs and tests. */
export const markLabel = (m: AlertMark['mark']): string => ALERT_MARK_LABELS[m];

/**
 * A test-only burst for a live demo (serve --inject-incident): `count` messages of one category in
 * the municipality with the most messages, created over the last `spanMin` minutes (the newest
 * `lateMin` old, so the detector processes them at once), located within a few hundred metres of
 * one of that municipality's located messages. Raw items for `hub.applyBatch` (the sync path).
 */
export function incidentBurst(cache: Cache, now: number, o: { count?: number; spanMin?: number; seed?: string } = {}): unknown[] {
  const count = o.count ?? 26;
  const span = (o.spanMin ?? 50) * MIN;
  const perMuni = new Map<string, number>();
  let template: NormalizedMessage | null = null;
  const located = new Map<string, NormalizedMessage>();
  cache.forEachLive((m) => {
    perMuni.set(m.municipality, (perMuni.get(m.municipality) ?? 0) + 1);
    if (m.lat !== null && m.lon !== null && !located.has(m.municipality)) located.set(m.municipality, { ...m });
  });
  const muni = [...perMuni].filter(([k]) => located.has(k)).sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!muni) return [];
  template = located.get(muni)!;
  const base = cache.getMessage(template.id)!;
  const tag = o.seed ?? String(now);
  const what = cache.getReference()?.categories.find((c) => c.id === base.category)?.name ?? 'одна и та же проблема';
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const t = now - 6 * MIN - span + Math.round((span * i) / (count - 1));
    const ang = (i * 2.399) % (2 * Math.PI);
    const r = 0.002 * ((i % 5) + 1);
    items.push({
      ...base,
      id: `inj-${tag}-${String(i).padStart(2, '0')}`,
      rev: 1,
      createdAt: new Date(t).toISOString(),
      updatedAt: new Date(t).toISOString(),
      dueAt: new Date(t + DAY).toISOString(),
      firstResponseAt: null,
      answeredAt: null,
      status: 'new',
      assignee: null,
      location: { lat: template.lat! + r * Math.cos(ang), lon: template.lon! + r * Math.sin(ang) * 1.8 },
      text: `${what}: у нас во дворе то же самое, что у соседей, второй час никто не отвечает. Звоните: +7 914 555-12-${String(10 + i)}`,
    });
  }
  return items;
}
