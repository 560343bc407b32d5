/**
 * The briefing's trends (getTrends): incoming per day on the region and each block with the week
 * against the week before; the subjects with the most messages and the fastest-growing; the rating's
 * movement and the municipalities that entered the red zone. Every number names its period and what
 * it is compared with (in the panel's head or beside the number).
 */
import { useLayoutEffect, useRef } from 'react';
import type { TrendsResult } from '../../../../shared/bridge/protocol.js';
import { blockColour } from '../../../../shared/blocks.js';
import { fmtInt, MIN_SAMPLE, pctNumber, trend } from '../../format.js';
import { shortName, type Names } from '../../names.js';
import { Sparkline } from './Sparkline.js';
import { daysSpan, PERIOD_COMPARE, PERIOD_FOR, redNames } from './period.js';

const signed = (n: number) => (n > 0 ? `+${fmtInt(n)}` : n < 0 ? `−${fmtInt(-n)}` : '0');

function trendText(cur: number, prev: number): string {
  const t = trend(cur, prev);
  return t.arrow === '=' ? '= 0 %' : `${t.arrow} ${t.text}`;
}

/** The on-time share of the week, and the week before's when both rest on enough answers. */
function onTimeText(rate: number | null, answered: number, prev: number | null, answeredPrev: number): string {
  if (rate === null) return 'в срок —';
  const now = `в срок ${pctNumber(rate)} %`;
  if (answered < MIN_SAMPLE) return `${now} из ${fmtInt(answered)}`;
  if (prev === null || answeredPrev < MIN_SAMPLE) return now;
  return `${now} (было ${pctNumber(prev)})`;
}

/** Only whole rows: a row that does not fit in its list is hidden (not cut), on every resize. */
function useWholeRows(dep: unknown) {
  const ref = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      const limit = el.clientHeight;
      for (const li of el.children) {
        const e = li as HTMLElement;
        e.style.visibility = e.offsetTop - el.offsetTop + e.offsetHeight > limit + 0.5 ? 'hidden' : '';
      }
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, [dep]);
  return ref;
}

interface Props {
  trends: TrendsResult | null;
  names: Names;
  tz: string;
}

/** Incoming per day on the region and each block, and the week against the week before. */
export function TrendPanel({ trends, names }: Props) {
  const t = trends;
  const blocksRef = useWholeRows(t);
  const days = t?.daily.days.length ?? 0;
  const week = t?.week;
  const blocks = t
    ? [...t.daily.byBlock]
        .map((b) => ({ ...b, week: t.week.byBlock.find((w) => w.block === b.block) }))
        .filter((b) => (b.week?.incoming ?? 0) + (b.week?.incomingPrev ?? 0) > 0)
        .sort((a, b) => (b.week?.incoming ?? 0) - (a.week?.incoming ?? 0))
    : [];
  return (
      <section className="panel brief-trend" data-testid="brief-trend">
        <div className="panel-head">
          <h2>
            Поступление по дням <span className="h2-period">{days ? `за ${daysSpan(days)}` : ''}</span>
          </h2>
        </div>
        {t && week && (
          <>
            <div className="bt-region" data-block="">
              <Sparkline values={t.daily.region} big label={`Край, поступление по дням за ${daysSpan(days)}`} />
              <div className="bt-region-fig">
                <span className="bt-num num">{fmtInt(week.region.incoming)}</span>
                <span className="bt-note">
                  за 7 дней, {trendText(week.region.incoming, week.region.incomingPrev)} к предыдущим 7 дням ({fmtInt(week.region.incomingPrev)})
                </span>
                <span className="bt-note">
                  {onTimeText(week.region.onTimeRate, week.region.answered, week.region.onTimeRatePrev, week.region.answeredPrev)}
                </span>
              </div>
            </div>
            <div className="bt-cols panel-note">
              <span>блок: по дням</span>
              <span>за 7 дней к предыдущим</span>
            </div>
            <ul className="bt-blocks" ref={blocksRef}>
              {blocks.map((b) => (
                <li key={b.block} data-block={b.block}>
                  <span className="bt-name">{names.block(b.block) || b.name}</span>
                  <Sparkline values={b.counts} colour={blockColour(b.block)} label={`${b.name}, поступление по дням`} />
                  <span className="bt-bnum num">{fmtInt(b.week?.incoming ?? 0)}</span>
                  <span className="bt-trend num">{trendText(b.week?.incoming ?? 0, b.week?.incomingPrev ?? 0)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
  );
}

/** The subjects with the most messages in the period and the fastest-growing against the one before. */
export function SubjectsPanel({ trends }: Props) {
  const t = trends;
  const period = t ? PERIOD_FOR[t.period] : '';
  const compare = t ? PERIOD_COMPARE[t.period] : '';
  return (
      <section className="panel brief-subjects" data-testid="brief-subjects">
        <div className="panel-head">
          <h2>
            Темы <span className="h2-period">{period}</span>
          </h2>
          <span className="panel-note">{compare}</span>
        </div>
        <ol className="bs-list" data-testid="top-subjects">
          {(t?.categories.top ?? []).slice(0, 3).map((c) => (
            <li key={c.category} data-category={c.category}>
              <span className="bs-name">{c.name}</span>
              <span className="bs-num num">{fmtInt(c.count)}</span>
              <span className="bs-chg num">{signed(c.change)}</span>
            </li>
          ))}
        </ol>
        <h3 className="bs-h3">Быстрее всего растут</h3>
        <ol className="bs-list" data-testid="growing-subjects">
          {(t?.categories.growing ?? []).slice(0, 2).map((c) => (
            <li key={c.category} data-category={c.category}>
              <span className="bs-name">{c.name}</span>
              <span className="bs-num num">
                {fmtInt(c.prev)} → {fmtInt(c.count)}
              </span>
              <span className="bs-chg num bad">▲ {signed(c.change)}</span>
            </li>
          ))}
          {t && t.categories.growing.length === 0 && <li className="empty">Растущих тем нет</li>}
        </ol>
      </section>
  );
}

/** Places gained (▲) and lost (▼) in the rating against the previous period; who entered the red zone. */
export function MovementPanel({ trends }: Props) {
  const t = trends;
  const period = t ? PERIOD_FOR[t.period] : '';
  const compare = t ? PERIOD_COMPARE[t.period] : '';
  const ups = (t?.rating.moved ?? []).filter((m) => m.change > 0).slice(0, 3);
  const downs = (t?.rating.moved ?? []).filter((m) => m.change < 0).slice(0, 3);
  return (
      <section className="panel brief-move" data-testid="rating-movement">
        <div className="panel-head">
          <h2>
            Движение в рейтинге <span className="h2-period">{period}</span>
          </h2>
        </div>
        <div className="panel-note bm-what">места {compare}</div>
        <div className="bm-cols">
          <ul>
            {ups.map((m) => (
              <li key={m.municipality} data-oktmo={m.municipality}>
                <span className="bm-arrow num up">▲{m.change}</span> <span className="bm-name">{shortName(m.name)}</span>
              </li>
            ))}
          </ul>
          <ul>
            {downs.map((m) => (
              <li key={m.municipality} data-oktmo={m.municipality}>
                <span className="bm-arrow num bad">▼{-m.change}</span> <span className="bm-name">{shortName(m.name)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="bm-red" data-testid="entered-red">
          {t && t.rating.enteredRed.length > 0 ? (
            <>
              <span className="alarm">⚠ Вошли в красную зону:</span> {redNames(t.rating.enteredRed.map((e) => shortName(e.name)))}
            </>
          ) : t ? (
            'В красную зону никто не вошёл'
          ) : (
            ''
          )}
        </div>
      </section>
  );
}
