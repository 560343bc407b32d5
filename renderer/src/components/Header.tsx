/** The wall chrome above every scene: title, region, «данные на …», the clock, and the status banner. */
import { useNow, useTimezone } from '../hooks.js';
import { useWall } from '../store.js';
import { fmtDate, fmtTimeSec, fmtWeekday, freshnessText, zoneText } from '../format.js';

export function Clock() {
  const tz = useTimezone();
  const now = useNow(1000);
  return (
    <div className="clock" data-testid="clock">
      <div className="clock-time num">{fmtTimeSec(now, tz)}</div>
      <div className="clock-date">
        {fmtWeekday(now, tz)}, {fmtDate(now, tz)} · {zoneText(now, tz)}
      </div>
    </div>
  );
}

export function Freshness() {
  const tz = useTimezone();
  const now = useNow(10_000);
  const asOf = useWall((s) => s.health?.dataAsOf ?? s.view?.freshness.dataAsOf ?? null);
  return (
    <div className="freshness" data-testid="freshness">
      {freshnessText(asOf, now, tz)}
    </div>
  );
}

/** Offline / stopped / catching-up / connection banner: a full-width strip nobody can miss. */
export function StatusBanner() {
  const tz = useTimezone();
  const connection = useWall((s) => s.connection);
  const sync = useWall((s) => s.health?.sync ?? s.view?.freshness.sync ?? null);
  let text: string | null = null;
  let kind = 'warn';
  let progress: number | null = null;
  if (connection !== 'open') {
    text = 'Нет связи с сервером стены — показаны последние полученные данные';
    kind = 'alert';
  } else if (sync?.state === 'offline') {
    text = `Нет связи с центральной системой${sync.offlineSince ? ` с ${fmtTimeSec(sync.offlineSince, tz).slice(0, 5)} (${zoneText(sync.offlineSince, tz)})` : ''} — данные из локального кэша`;
    kind = 'alert';
  } else if (sync?.state === 'catching_up') {
    progress = sync.progress;
    text = `Догружаем данные${progress !== null ? ` — ${Math.round(progress * 100)} %` : ''}`;
  } else if (sync?.state === 'stopped') {
    // docs/spec/central-api.md: sync stopped → the wall keeps the last good data, marked stale.
    text = `Синхронизация остановлена${sync.lastError ? `: ${sync.lastError}` : ''} — показаны последние полученные данные`;
    kind = 'alert';
  } else if (sync?.state === 'error') {
    text = `Ошибка синхронизации${sync.lastError ? `: ${sync.lastError}` : ''}`;
    kind = 'alert';
  }
  if (!text) return null;
  return (
    <div className={`banner banner-${kind}`} role="status" data-testid="banner">
      <span>{text}</span>
      {progress !== null && (
        <span className="banner-progress">
          <span style={{ width: `${Math.round(progress * 100)}%` }} />
        </span>
      )}
    </div>
  );
}

export function Header({ title, accent }: { title: string; accent?: string }) {
  const region = useWall((s) => s.hello?.region.name ?? '');
  const demo = useWall((s) => (s.health ?? s.view?.freshness)?.sync.state === 'demo');
  return (
    <header className="head">
      <div className="head-title">
        {accent && <span className="head-accent" style={{ background: accent }} />}
        <div>
          <div className="head-region">
            {region}
            {demo && <span className="demo-tag">демонстрационные данные</span>}
          </div>
          <h1 data-testid="scene-title">{title}</h1>
        </div>
      </div>
      <div className="head-right">
        <Freshness />
        <Clock />
      </div>
    </header>
  );
}
