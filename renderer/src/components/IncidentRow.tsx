/** One incident as a row (wall panel, briefing, console): level, what, where, how many against usual, since when, state, mark. */
import type { Incident } from '../../../shared/bridge/protocol.js';
import { LevelBadge } from './LevelBadge.js';
import { shortName } from '../names.js';
import './incidents.css';
import { STATE_LABELS, STATE_SIGNS, countText, markLabel, sinceText } from './incidentText.js';

export function IncidentRow({ i, now, tz, hidden = false }: { i: Incident; now: number; tz: string; hidden?: boolean }) {
  const a = i.alert;
  return (
    <li hidden={hidden} className={`inc-row inc-${a.state}${i.mark ? ` inc-mark-${i.mark.mark}` : ''}`} data-alert={a.id} data-state={a.state} data-mark={i.mark?.mark ?? ''}>
      <LevelBadge level={a.level} />
      <div className="inc-body">
        <div className="inc-title" title={`${i.categoryName} — ${i.municipalityName}`}>
          <b>{i.categoryName || i.blockName}</b> — {shortName(i.municipalityName)}
        </div>
        <div className="inc-sub">
          <span className="inc-count">{countText(a.count, a.expected)}</span>
          <span className={`inc-state inc-state-${a.state}`}>
            {' '}
            · {STATE_SIGNS[a.state]} {STATE_LABELS[a.state]}
          </span>
        </div>
        <div className="inc-sub inc-meta">
          {i.categoryName ? `${i.blockName} · ` : ''}
          {sinceText(a.firstAt, now, tz)}
          {i.mark && (
            <span className="inc-mark" data-testid="incident-mark">
              {markLabel(i.mark.mark)}
            </span>
          )}
        </div>
      </div>
    </li>
  );
}
