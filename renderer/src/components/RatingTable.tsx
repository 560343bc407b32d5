/**
 * Municipality rating table (the rating panel, the briefing): rank, name, score, zone (colour AND word), incoming and per 10k beside it.
 *
 * The table always fits its box: rows have a fixed height, column headers are the table's own
 * header (aligned with the numbers), and the layout is measured in pixels (see measure.ts):
 * - a wide box gets two or three side-by-side columns of rows (rank order runs down, then across);
 * - what still does not fit shows as «+N ещё» (the selected municipality always stays visible), or,
 *   with `paginate` (the briefing), as pages that turn every PAGE_MS, with «стр. 1/3» in the head,
 *   so every municipality is reachable without an operator.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { RatingRow } from '../../../shared/engine/types.js';
import { ZONE_COLOURS, ZONE_SHORT } from './zones.js';
import { fmtDec1, fmtInt } from '../format.js';
import { moreText } from '../queueFit.js';
import { cssVarPx } from '../measure.js';
import { tableName } from '../names.js';
import { useWallPage } from '../hooks.js';

export const PAGE_MS = 12_000;

export interface RatingFit {
  cols: number;
  rowsPerCol: number;
  /** Rows on one page (cols × rowsPerCol). */
  perPage: number;
  pages: number;
  /** Rows shown when not paginating (room left for the «+N ещё» footer). */
  shown: number;
}

/** How the rows fit a box of w × h px. Pure. */
export function ratingFit(total: number, w: number, h: number, rowPx: number, headPx: number, footPx: number, minColPx: number, paginate: boolean): RatingFit {
  const cols = Math.max(1, Math.min(3, Math.floor(w / Math.max(1, minColPx))));
  const per = (room: number) => Math.max(0, Math.floor(Math.max(0, room - headPx) / Math.max(1, rowPx)));
  const rowsAll = per(h);
  // use as few columns as needed
  const usedCols = rowsAll > 0 ? Math.max(1, Math.min(cols, Math.ceil(total / rowsAll))) : 1;
  if (rowsAll * usedCols >= total) return { cols: usedCols, rowsPerCol: rowsAll, perPage: rowsAll * usedCols, pages: 1, shown: total };
  if (paginate) {
    const perPage = Math.max(1, rowsAll * cols);
    return { cols, rowsPerCol: rowsAll, perPage, pages: Math.ceil(total / perPage), shown: perPage };
  }
  const rowsFoot = per(h - footPx);
  return { cols, rowsPerCol: rowsFoot, perPage: rowsFoot * cols, pages: 1, shown: Math.min(total, rowsFoot * cols) };
}

export function RatingTable({
  rows,
  selected,
  title = 'Рейтинг муниципалитетов',
  paginate = false,
  period = '',
}: {
  rows: RatingRow[];
  selected?: string | null;
  title?: string;
  paginate?: boolean;
  /** «за сегодня»: the period the scores and counts cover (said in the head). */
  period?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<RatingFit>({ cols: 1, rowsPerCol: 0, perPage: 0, pages: 1, shown: 0 });
  // A narrow box drops the «на 10 тыс. жителей» column (the map shows it) rather than shrinking type.
  const [wide, setWide] = useState(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const row = cssVarPx(el, '--rrow-px', 30);
      const head = cssVarPx(el, '--rhead-px', 20);
      const foot = cssVarPx(el, '--rfoot-px', 30);
      const minCol = cssVarPx(el, '--rcol-min-px', 500);
      const next = ratingFit(rows.length, el.clientWidth, el.clientHeight, row, head, foot, minCol, paginate);
      setFit((f) => (JSON.stringify(f) === JSON.stringify(next) ? f : next));
      setWide(el.clientWidth / next.cols >= cssVarPx(el, '--rwide-px', 700));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [rows.length, paginate]);
  const pages = paginate ? fit.pages : 1;
  // pages turn by the wall clock, as the gauges' (every window of the wall on the same page)
  const page = useWallPage(pages, PAGE_MS);

  let shown: RatingRow[];
  if (pages > 1) shown = rows.slice((page % pages) * fit.perPage, (page % pages + 1) * fit.perPage);
  else {
    shown = rows.slice(0, fit.shown);
    // The selected municipality always stays visible.
    const sel = selected ? rows.find((r) => r.municipality === selected) : undefined;
    if (sel && !shown.includes(sel) && fit.shown > 0) shown = [...shown.slice(0, fit.shown - 1), sel];
  }
  const more = pages > 1 ? 0 : rows.length - shown.length;
  const columns: RatingRow[][] = [];
  for (let c = 0; c < fit.cols; c++) {
    const part = shown.slice(c * fit.rowsPerCol, (c + 1) * fit.rowsPerCol);
    if (part.length || c === 0) columns.push(part);
  }
  return (
    <section className={`panel rating ${wide ? 'r-wide' : 'r-narrow'}`} data-testid="rating" data-cols={columns.length} data-pages={pages} data-page={pages > 1 ? page + 1 : 1} data-per-page={pages > 1 ? fit.perPage : shown.length}>
      <div className="panel-head">
        <h2>
          {title} {period && <span className="h2-period">{period}</span>}
        </h2>
        {pages > 1 && (
          <span className="r-page num" data-testid="rating-page">
            стр. {page + 1}/{pages}
          </span>
        )}
      </div>
      <div className="r-list" ref={ref}>
        {columns.map((col, ci) => (
          <table key={ci}>
            <colgroup>
              <col className="c-rank" />
              <col className="c-name" />
              <col className="c-score" />
              <col className="c-zone" />
              <col className="c-inc" />
              {wide && <col className="c-per" />}
            </colgroup>
            <thead className="r-cols">
              <tr>
                <th className="r-rank">№</th>
                <th className="r-name">муниципалитет</th>
                <th className="r-score">балл</th>
                <th className="r-zone">зона</th>
                <th className="r-inc">обращений</th>
                {wide && <th className="r-per">на 10 тыс. жителей</th>}
              </tr>
            </thead>
            <tbody>
              {col.map((r) => (
                <tr key={r.municipality} data-oktmo={r.municipality} className={r.municipality === selected ? 'sel' : ''}>
                  <td className="r-rank num">{r.rank ?? '—'}</td>
                  <td className="r-name" title={r.name}>
                    {tableName(r.name)}
                  </td>
                  <td className="r-score num" data-field="score">{r.score === null ? '—' : fmtDec1(r.score)}</td>
                  <td className="r-zone">
                    <span className={`zone zone-${r.zone}`} style={{ background: ZONE_COLOURS[r.zone] }}>
                      {ZONE_SHORT[r.zone]}
                    </span>
                  </td>
                  <td className="r-inc num" data-field="incoming">{fmtInt(r.incoming)}</td>
                  {wide && <td className="r-per num" data-field="per10k">{fmtDec1(r.per10k)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {more > 0 && (
          <div className="q-more r-more" data-testid="rating-more">
            {moreText(more)}
          </div>
        )}
      </div>
    </section>
  );
}
