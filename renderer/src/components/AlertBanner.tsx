/**
 * The banner of a new incident of level 2 or 3 (docs/spec/alerts.md): on every wall window, for
 * BANNER_MS after the hub raised it (../alerts.ts keeps the queue). The newest first;
 * «ещё N» when several are new at once. Never on the console (it has its own list and sound).
 */
import { useAlerts } from '../alerts.js';
import { countText, whatText } from './incidentText.js';
import { LevelBadge } from './LevelBadge.js';
import { shortName } from '../names.js';
import './incidents.css';

export function AlertBanner() {
  const banner = useAlerts((s) => s.banner);
  const data = useAlerts((s) => s.data);
  const ids = Object.keys(banner);
  if (!ids.length || !data) return null;
  const shown = data.active.filter((i) => ids.includes(i.alert.id)).sort((a, b) => (b.detectedAt ?? 0) - (a.detectedAt ?? 0));
  const top = shown[0];
  if (!top) return null;
  const a = top.alert;
  return (
    <div className={`alert-banner alert-banner-${a.level}`} role="alert" data-testid="alert-banner" data-alert={a.id}>
      <LevelBadge level={a.level} />
      <div className="ab-text">
        <div className="ab-head">
          Новый всплеск: <b>{whatText(top.categoryName, top.blockName)}</b> — {shortName(top.municipalityName)}
        </div>
        <div className="ab-sub">
          {countText(a.count, a.expected)} · уровень {a.level}
          {shown.length > 1 ? ` · ещё ${shown.length - 1} новых` : ''}
        </div>
      </div>
    </div>
  );
}
