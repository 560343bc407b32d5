/**
 * The incidents panel (docs/spec/alerts.md): on the operational scene the active incidents — what
 * (category, block), where (municipality), how many against how many usual, since when (region
 * zone «МСК+N»), state, level and the operator's mark; on the briefing scene the incidents of the
 * shown period. A block or municipality scene shows only its own.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { Incident } from '../../../../shared/bridge/protocol.js';
import { moreText } from '../../queueFit.js';
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
  // only whole rows: a row cut at the panel's edge reads as nothing from six metres; the rest is
  // counted in «+N ещё» (every row is rendered, measured, and those that do not fit are hidden)
  const listRef = useRef<HTMLOListElement>(null);
  const [fit, setFit] = useState<number | null>(null);
  const key = list.map((i) => `${i.alert.id}:${i.alert.state}:${i.alert.count}:${i.mark?.mark ?? ''}`).join(' ');
  useLayoutEffect(() => setFit(null), [key]);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el || fit !== null) return;
    const rows = [...el.querySelectorAll<HTMLElement>(':scope > li.inc-row')];
    const room = el.clientHeight;
    const over = rows.findIndex((r) => r.offsetTop + r.offsetHeight > room + 1);
    if (over < 0) return setFit(rows.length);
    // the «+N ещё» line takes a row's text height at the bottom
    const moreH = parseFloat(getComputedStyle(el).fontSize) * 1.6;
    let n = over;
    while (n > 0 && rows[n - 1]!.offsetTop + rows[n - 1]!.offsetHeight > room - moreH) n--;
    setFit(n);
  }, [fit, key]);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    let h = el.clientHeight;
    const ro = new ResizeObserver(() => {
      if (el.clientHeight !== h) {
        h = el.clientHeight;
        setFit(null);
      }
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const shown = fit ?? list.length;
  const more = list.length - shown;
  return (
    <section className={`panel incidents-panel${briefing ? ' incidents-brief' : ''}`} data-testid="incidents" data-count={list.length}>
      <div className="panel-head">
        <h2>{title}</h2>
        <span className="inc-total">{list.length ? fmtInt(list.length) : ''}</span>
      </div>
      <ol className="inc-list" ref={listRef} data-shown={shown}>
        {list.map((i, k) => (
          <IncidentRow key={i.alert.id} i={i} now={now} tz={tz} hidden={k >= shown} />
        ))}
        {more > 0 && (
          <li className="inc-more" data-testid="incidents-more">
            {moreText(more)}
          </li>
        )}
        {data && list.length === 0 && <li className="empty">{briefing ? 'За период всплесков не было' : 'Всплесков нет: поток обращений обычный'}</li>}
        {!data && <li className="empty">Загрузка…</li>}
      </ol>
    </section>
  );
}
