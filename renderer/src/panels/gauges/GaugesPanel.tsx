/** «Отраслевые блоки» / «Показатели блока»: the key of the two rings and a gauge per block. */
import { useMemo } from 'react';
import { blockColour } from '../../../../shared/blocks.js';
import { useWall, type WallStore } from '../../store.js';
import { useNames } from '../../names.js';
import { usePeriod, useStateWord } from '../../hooks.js';
import type { PanelProps } from '../types.js';
import { Gauges } from './Gauges.js';
import { sceneGaugeRows } from './rows.js';

export function GaugesPanel({ ctx }: PanelProps) {
  const view = useWall((s) => s.view);
  const viewKey = useWall((s) => s.viewKey);
  const filterBlocks = useWall((s) => s.wall?.filters.blocks);
  const target = useWall((s) => s.hello?.thresholds.satisfiedTarget ?? 0.6);
  const names = useNames();
  const period = usePeriod();
  const stateWord = useStateWord();
  const { parsed } = ctx;
  const sceneOnly = parsed.kind === 'block' ? parsed.block : parsed.kind === 'municipality' ? parsed.oktmo : '';
  const rows = useMemo(
    () => (view ? sceneGaugeRows(view.kpi, { parsed }, names.block, filterBlocks) : []),
    // the parsed scene is a new object per render: its kind and id are what matter
    [view, parsed.kind, sceneOnly, names, filterBlocks],
  );
  return (
    <section className="panel gauges-panel">
      <div className="panel-head">
        <h2>
          {parsed.kind === 'block' ? 'Показатели блока' : 'Отраслевые блоки'} <span className="h2-period">{period.period}</span>
        </h2>
        <div className="gauge-key">
          <span>
            {/* the outer arc is drawn in each block's colour */}
            <i className="key-outer" style={{ background: `linear-gradient(90deg, ${rows.map((r) => blockColour(r.group.block ?? '')).join(', ') || '#77AADD'})` }} /> ответы в срок
          </span>
          <span><i className="key-inner" /> довольны (цель {Math.round(target * 100)} %)</span>
        </div>
      </div>
      <div className="panel-sub" data-testid="gauges-compare">
        просрочено — {stateWord}{period.compare ? `; ▲▼ поступило ${period.compare}` : ''}
      </div>
      <Gauges rows={rows} target={target} drawKey={`${viewKey}|${view?.dataVersion}`} />
    </section>
  );
}

/** The ready flag waits until the rings of the current view are drawn. */
export function gaugesReady(s: Pick<WallStore, 'drawn'>, viewKey: string): boolean {
  const drawn = s.drawn.gauges;
  return drawn !== undefined && viewKey.startsWith(drawn.split('|')[0] ?? '');
}
