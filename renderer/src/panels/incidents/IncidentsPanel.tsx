/**
 * The incidents panel (docs/spec/alerts.md): on the operational scene the active incidents — what
 * (category, block), where (municipality), how many against how many usual, since when (region
 * zone «МСК+N»), state, level and the operator's mark; on the briefing scene the incidents of the
 * shown period. A block or municipality scene shows only its own.
 */
import type { Incident } from '../../../../shared/bridge/protocol.js';
import type { PanelProps } from '../types.js';
import { useNow, useStateWord, useTimezone } from '../../hooks.js';
import { useWall } from '../../store.js';
import { isArchive } from '../../../../shared/bridge/wallState.js';
import { fmtInt } from '../../format.js';
import { useAlerts } from '../../alerts.js';
import { IncidentRow } from '../../components/IncidentRow.js';
import type { SceneContext } from '../../scene.js';

const NONE: Incident[] = [];

/** The incidents a scene shows: its block's or municipality's only. */
export function sceneIncidents(list: readonly Incident[], ctx: SceneContext): Incident[] {
  const p = ctx.parsed;
  if (p.kind === 'block') return list.filter((i) => i.alert.block === p.block);
  if (p.kind === 'municipality') return list.filter((i) => i.alert.municipality === p.oktmo);
  return [...list];
}

export function IncidentsPanel({ ctx }: PanelProps) {
  const data = useAlerts((s) => s.data);
  const tz = useTimezone();
  const live = useNow(30_000);
  const word = useStateWord();
  // in the archive the incidents' ages count from the instant shown
  const shownAt = useWall((s) => (isArchive(s.wall) && s.view ? Date.parse(s.view.now) : null));
  const now = shownAt ?? live;
  const briefing = ctx.parsed.kind === 'briefing';
  const list = sceneIncidents((briefing ? data?.period : data?.active) ?? NONE, ctx);
  const title = briefing ? 'Всплески обращений за период' : `Всплески обращений ${word}`;
  return (
    <section className={`panel incidents-panel${briefing ? ' incidents-brief' : ''}`} data-testid="incidents" data-count={list.length}>
      <div className="panel-head">
        <h2>{title}</h2>
        <span className="inc-total">{list.length ? fmtInt(list.length) : ''}</span>
      </div>
      <ol className="inc-list">
        {list.map((i) => (
          <IncidentRow key={i.alert.id} i={i} now={now} tz={tz} />
        ))}
        {data && list.length === 0 && <li className="empty">{briefing ? 'За период всплесков не было' : 'Всплесков нет: поток обращений обычный'}</li>}
        {!data && <li className="empty">Загрузка…</li>}
      </ol>
    </section>
  );
}
