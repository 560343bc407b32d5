/** Municipality rating: rank, name, score, zone (colour AND word), incoming and per 10k beside it. */
import { useLayoutEffect, useRef, useState } from 'react';
import type { RatingRow } from '../../../shared/engine/types.js';
import { ZONE_COLOURS } from '../choropleth.js';
import { fmtDec1, fmtInt } from '../format.js';
import { moreText } from '../queueFit.js';

const ZONE_SHORT = { green: 'зелёная', yellow: 'жёлтая', red: 'красная', none: 'мало дан.' } as const;

export function shortName(name: string): string {
  return name
    .replace(/ муниципальный район$/, ' р-н')
    .replace(/ муниципальный округ$/, ' МО')
    .replace(/ городской округ$/, '')
    .replace(/^город /, '')
    .replace(/^поселок /, 'п. ');
}

export function RatingPanel({ rows, selected, title = 'Рейтинг муниципалитетов' }: { rows: RatingRow[]; selected?: string | null; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [cap, setCap] = useState(rows.length);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const row = parseFloat(getComputedStyle(el).getPropertyValue('--rrow-px')) || 30;
      const n = Math.floor(el.clientHeight / row);
      setCap(n >= rows.length ? rows.length : Math.max(0, n - 1));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [rows.length]);
  // The selected municipality always stays visible.
  let shown = rows.slice(0, cap);
  const sel = selected ? rows.find((r) => r.municipality === selected) : undefined;
  if (sel && !shown.includes(sel) && cap > 0) shown = [...shown.slice(0, cap - 1), sel];
  const more = rows.length - shown.length;
  return (
    <section className="panel rating" data-testid="rating">
      <div className="panel-head">
        <h2>{title}</h2>
        <div className="r-cols">
          <span>балл</span>
          <span>зона</span>
          <span>обращ.</span>
          <span>на 10 тыс.</span>
        </div>
      </div>
      <div className="r-list" ref={ref}>
        <table>
          <tbody>
            {shown.map((r) => (
              <tr key={r.municipality} data-oktmo={r.municipality} className={r.municipality === selected ? 'sel' : ''}>
                <td className="r-rank num">{r.rank ?? '—'}</td>
                <td className="r-name">{shortName(r.name)}</td>
                <td className="r-score num" data-field="score">{r.score === null ? '—' : fmtDec1(r.score)}</td>
                <td className="r-zone">
                  <span className={`zone zone-${r.zone}`} style={{ background: ZONE_COLOURS[r.zone] }}>
                    {ZONE_SHORT[r.zone]}
                  </span>
                </td>
                <td className="r-inc num" data-field="incoming">{fmtInt(r.incoming)}</td>
                <td className="r-per num" data-field="per10k">{fmtDec1(r.per10k)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {more > 0 && <div className="q-more">{moreText(more)}</div>}
      </div>
    </section>
  );
}
