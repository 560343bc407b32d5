/** «Брифинг»: big region figures with trends, the rating, the top problems and the blocks. */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { blockColour } from '../../../../shared/blocks.js';
import { REASON_LABELS } from '../../../../shared/blocks.js';
import type { KpiGroup } from '../../../../shared/engine/types.js';
import { fmtDayMonth, fmtDurationMin, fmtInt, MIN_SAMPLE, pctNumber, sampleNote, trend, fmtTime } from '../../format.js';
import { useWall } from '../../store.js';
import { shortName, useNames } from '../../names.js';
import { usePeriod, useTimezone } from '../../hooks.js';
import { cssVarPx } from '../../measure.js';
import { queueFit } from '../../queueFit.js';
import { RatingTable } from '../../components/RatingTable.js';
import { LevelBadge } from '../../components/LevelBadge.js';
import type { PanelProps } from '../types.js';
import { Figure } from './Figure.js';
import { useLegibility } from '../../legible.js';

export function Briefing(_: PanelProps) {
  const view = useWall((s) => s.view);
  const target = useWall((s) => s.hello?.thresholds.satisfiedTarget ?? 0.6);
  const tz = useTimezone();
  const names = useNames();
  const { period, compare } = usePeriod();
  const r: KpiGroup | undefined = view?.kpi.region;
  const t = r ? trend(r.incoming, r.incomingPrev) : null;
  const blocks = useMemo(
    () => [...(view?.kpi.byBlock ?? [])].filter((g) => g.block).sort((a, b) => b.incoming - a.incoming),
    [view],
  );
  const maxInc = Math.max(1, ...blocks.map((b) => b.incoming));
  // Only whole problems: rows have a fixed height (two-line title), as many as the box holds.
  const listRef = useRef<HTMLOListElement>(null);
  const [fitN, setFitN] = useState(6);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => setFitN(queueFit(6, el.clientHeight, cssVarPx(el, '--bp-row-px', 100), 0).shown);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const problems = (view?.queue.items ?? []).slice(0, fitN);
  // A narrow box (a display's panel set) reflows to fewer, larger items: the figures in two rows and
  // the rating, rather than three columns too narrow for legible type.
  const legible = useLegibility();
  const rootRef = useRef<HTMLElement>(null);
  const [narrow, setNarrow] = useState(false);
  useLayoutEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const measure = () => setNarrow(el.clientWidth < legible.figure * 60);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [legible.figure]);
  return (
    <main className={`brief ${narrow ? 'brief-narrow' : ''}`} ref={rootRef}>
      <section className="brief-figs" data-testid="briefing-figures">
        <Figure
          label={`Поступило ${period}`}
          field="incoming"
          value={fmtInt(r?.incoming)}
          sub={t ? `${t.arrow === '=' ? '=' : `${t.arrow} ${t.text}`} ${compare}` : ''}
        />
        <Figure label="В работе сейчас" field="open" value={fmtInt(r?.open)} sub="с поступившими раньше" />
        <Figure label="Просрочено сейчас" field="overdue" value={fmtInt(r?.overdue)} bad={(r?.overdue ?? 0) > 0} alarm={(r?.overdue ?? 0) > 0} />
        <Figure
          label="Ответы в срок"
          field="onTimeRate"
          value={pctNumber(r?.onTimeRate)}
          unit="%"
          sub={`${period}${r && r.answered < MIN_SAMPLE ? `, ${sampleNote(r.answered)} ответов` : ''}`}
          few={!!r && r.answered < MIN_SAMPLE}
        />
        <Figure label="Первый ответ, медиана" field="medianFirstResponseMin" value={fmtDurationMin(r?.medianFirstResponseMin)} sub={period} />
        <Figure
          label="Довольны ответом"
          field="satisfiedShare"
          value={pctNumber(r?.satisfiedShare)}
          unit="%"
          sub={`цель ${Math.round(target * 100)} %, ${period}`}
          bad={r?.satisfiedShare !== null && r?.satisfiedShare !== undefined && r.satisfiedShare < target}
          few={!!r && r.answered < MIN_SAMPLE}
        />
      </section>
      <div className="brief-rating">
        <RatingTable rows={view?.rating.rows ?? []} paginate period={period} />
      </div>
      <section className="panel brief-problems" data-testid="problems">
        <div className="panel-head">
          <h2>
            Главные проблемы <span className="h2-period">сейчас</span>
          </h2>
        </div>
        <ol ref={listRef}>
          {problems.map((q) => (
            <li key={q.id} data-id={q.id}>
              <LevelBadge level={q.level} />
              <div>
                <div className="bp-title">
                  {q.categoryName} — {shortName(q.municipalityName)}
                </div>
                <div className="bp-sub">
                  {q.reasons.map((x) => REASON_LABELS[x]).join(' · ')} · поступило {fmtDayMonth(q.createdAt, tz)} {fmtTime(q.createdAt, tz)}
                </div>
              </div>
            </li>
          ))}
          {problems.length === 0 && <li className="empty">Эскалаций нет</li>}
        </ol>
      </section>
      <section className="panel brief-blocks" data-testid="brief-blocks">
        <div className="panel-head">
          <h2>
            По блокам <span className="h2-period">{period}</span>
          </h2>
          <span className="panel-note">{compare}</span>
        </div>
        <ul>
          {blocks.map((b) => {
            const tr = trend(b.incoming, b.incomingPrev);
            return (
              <li key={b.block} data-block={b.block}>
                <span className="bb-name">{names.block(b.block!)}</span>
                <span className="bb-bar">
                  <span style={{ width: `${(b.incoming / maxInc) * 100}%`, background: blockColour(b.block!) }} />
                </span>
                <span className="bb-num num">{fmtInt(b.incoming)}</span>
                <span className="bb-trend num">
                  {tr.arrow === '=' ? '= 0 %' : `${tr.arrow} ${tr.text}`}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
    </main>
  );
}
