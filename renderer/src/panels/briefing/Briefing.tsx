/**
 * «Брифинг»: the week or the month (wallState.briefingPeriod) — big region figures with trends, the
 * rating and its movement, incoming per day on the region and each block (sparklines), the week
 * against the week before, the subjects with the most messages and the fastest-growing, and
 * «Главные проблемы» as subjects in places (getTrends, electron/hub/service/trends.ts).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { KpiGroup } from '../../../../shared/engine/types.js';
import { compareText, fmtDayMonth, fmtDurationMin, fmtInt, MIN_SAMPLE, pctNumber, sampleNote, trend } from '../../format.js';
import { useWall } from '../../store.js';
import { shortName, useNames } from '../../names.js';
import { useTimezone } from '../../hooks.js';
import { cssVarPx } from '../../measure.js';
import { queueFit } from '../../queueFit.js';
import { RatingTable } from '../../components/RatingTable.js';
import type { PanelProps } from '../types.js';
import { Figure } from './Figure.js';
import { MovementPanel, SubjectsPanel, TrendPanel } from './Trends.js';
import { PERIOD_COMPARE, PERIOD_FOR } from './period.js';
import { useLegibility } from '../../legible.js';

export function Briefing(_: PanelProps) {
  const view = useWall((s) => s.view);
  const target = useWall((s) => s.hello?.thresholds.satisfiedTarget ?? 0.6);
  const tz = useTimezone();
  const names = useNames();
  const trends = useWall((s) => s.trends);
  const bp = useWall((s) => s.wall?.briefingPeriod ?? 'week');
  const period = PERIOD_FOR[bp];
  const compare = view ? compareText(bp === 'month' ? '30d' : '7d', view, tz) : PERIOD_COMPARE[bp];
  const r: KpiGroup | undefined = view?.kpi.region;
  const t = r ? trend(r.incoming, r.incomingPrev) : null;
  // Only whole problems: rows have a fixed height (two-line title), as many as the box holds; a box
  // too low for one such row (the briefing over the incidents strip at 1080p) takes compact rows
  // (a one-line title over its counts and date) rather than none.
  const listRef = useRef<HTMLOListElement>(null);
  const [fit, setFit] = useState({ n: 6, compact: false });
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => {
      const full = queueFit(6, el.clientHeight, cssVarPx(el, '--bp-row-px', 100), 0).shown;
      const next = full > 0 ? { n: full, compact: false } : { n: queueFit(6, el.clientHeight, cssVarPx(el, '--bp-row-compact-px', 60), 0).shown, compact: true };
      setFit((f) => (f.n === next.n && f.compact === next.compact ? f : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const allProblems = trends?.problems ?? [];
  const problems = allProblems.slice(0, fit.n);
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
      <div className="brief-left">
        <div className="brief-rating">
          <RatingTable rows={view?.rating.rows ?? []} paginate period={period} />
        </div>
        <MovementPanel trends={trends} names={names} tz={tz} />
      </div>
      <TrendPanel trends={trends} names={names} tz={tz} />
      <div className="brief-right">
        <SubjectsPanel trends={trends} names={names} tz={tz} />
      <section className="panel brief-problems" data-testid="problems">
        <div className="panel-head">
          <h2>
            Главные проблемы <span className="h2-period">сейчас, темы по местам</span>
          </h2>
        </div>
        <ol ref={listRef} className={fit.compact ? 'bp-compact' : ''}>
          {problems.map((g) => (
            <li key={`${g.category}|${g.municipality}`} data-category={g.category} data-municipality={g.municipality}>
              <span className={`bp-count num ${g.overdue > 0 ? 'alarm' : ''}`}>{fmtInt(g.overdue > 0 ? g.overdue : g.open)}</span>
              <div>
                <div className="bp-title">
                  {g.categoryName} — {shortName(g.municipalityName)}
                </div>
                <div className="bp-sub">
                  {g.overdue > 0 ? `${fmtInt(g.overdue)} просрочено из ${fmtInt(g.open)} в работе` : `${fmtInt(g.open)} в работе`} · с {fmtDayMonth(g.oldest, tz)}
                </div>
              </div>
            </li>
          ))}
          {trends && allProblems.length === 0 && <li className="empty">Нет тем с просроченными сообщениями</li>}
        </ol>
      </section>
      </div>
    </main>
  );
}
