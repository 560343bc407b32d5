/** The wall: scenes laid out in a CSS grid sized by the app root (container units). */
import { useEffect, useMemo, type ReactNode } from 'react';
import { parseScene, sceneTitle } from '../../shared/bridge/wallState.js';
import { blockColour, blockLabel } from '../../shared/blocks.js';
import type { KpiGroup } from '../../shared/engine/types.js';
import { useWall } from './store.js';
import { effectiveScene } from './scene.js';
import { panelGrid } from './layout.js';
import { Header, StatusBanner } from './panels/Header.js';
import { Gauges, gaugeRows } from './panels/Gauges.js';
import { QueuePanel } from './panels/Queue.js';
import { RatingPanel } from './panels/Rating.js';
import { Ticker } from './panels/Ticker.js';
import { MapPanel } from './panels/MapPanel.js';
import { Briefing } from './panels/Briefing.js';
import type { ChoroplethIndicator } from './choropleth.js';

const INDICATORS: ChoroplethIndicator[] = ['per10k', 'overdue', 'onTimeRate', 'zone'];

export function useNames() {
  const reference = useWall((s) => s.hello?.reference ?? null);
  return useMemo(() => {
    const blocks = new Map((reference?.blocks ?? []).map((b) => [b.id, b.name]));
    const municipalities = new Map((reference?.municipalities ?? []).map((m) => [m.oktmo, m.name]));
    return { blocks, municipalities, block: (id: string) => blockLabel(id, blocks.get(id)) };
  }, [reference]);
}

export function Wall() {
  const wall = useWall((s) => s.wall);
  const pin = useWall((s) => s.options.scene);
  const view = useWall((s) => s.view);
  const viewKey = useWall((s) => s.viewKey);
  const geo = useWall((s) => s.geo);
  const heat = useWall((s) => s.heat);
  const hello = useWall((s) => s.hello);
  const opts = useWall((s) => s.options);
  const error = useWall((s) => s.error);
  const names = useNames();
  const scene = effectiveScene(wall, pin);
  const parsed = parseScene(scene) ?? { kind: 'operational' as const };
  const title = sceneTitle(scene, names);
  const target = hello?.thresholds.satisfiedTarget ?? 0.6;
  const indicator: ChoroplethIndicator = INDICATORS.includes(opts.indicator as ChoroplethIndicator)
    ? (opts.indicator as ChoroplethIndicator)
    : 'per10k';

  const accent = parsed.kind === 'block' ? blockColour(parsed.block) : undefined;
  const focus = parsed.kind === 'municipality' ? parsed.oktmo : (wall?.selectedMunicipality ?? null);

  const rows = useMemo(() => {
    if (!view) return [];
    let groups: KpiGroup[] = view.kpi.byBlock;
    if (parsed.kind === 'municipality') {
      const bm = view.kpi.byBlockMunicipality.filter((g) => g.municipality === parsed.oktmo);
      if (bm.length) groups = bm;
    }
    return gaugeRows(groups, names.block, parsed.kind === 'block' ? [parsed.block] : wall?.filters.blocks);
  }, [view, parsed.kind, parsed.kind === 'block' ? parsed.block : parsed.kind === 'municipality' ? parsed.oktmo : '', names, wall?.filters.blocks]);

  const viewReady = !!view && viewKey !== null && viewKey.startsWith(JSON.stringify([scene]).slice(0, -1));

  const mapPanel = geo ? (
    <MapPanel
      geo={geo}
      groups={view?.kpi.byMunicipality ?? []}
      rating={view?.rating.rows ?? []}
      indicator={indicator}
      sceneKey={scene}
      focus={focus}
      heat={heat}
      columns={opts.columns}
      attribution={hello?.attribution ?? geo.attribution}
    />
  ) : (
    <div className="panel loading">Загрузка карты…</div>
  );
  const gaugesPanel = (
    <section className="panel gauges-panel">
      <div className="panel-head">
        <h2>{parsed.kind === 'block' ? 'Показатели блока' : 'Отраслевые блоки'}</h2>
        <div className="gauge-key">
          <span><i className="key-outer" /> ответы в срок</span>
          <span><i className="key-inner" /> довольны (цель {Math.round(target * 100)} %)</span>
        </div>
      </div>
      <Gauges rows={rows} target={target} drawKey={`${viewKey}|${view?.dataVersion}`} big={rows.length <= 3} />
    </section>
  );
  const queuePanel = <QueuePanel queue={view?.queue ?? null} />;
  const ratingPanel = <RatingPanel rows={view?.rating.rows ?? []} selected={focus} />;

  // Per-display panel set (?panels=…): just those panels filling the window; the header (clock and
  // «данные на …») stays, because no wall number may be shown without its "as of" time.
  const panels = opts.panels;
  const boxes = panels?.filter((x) => x !== 'ticker') ?? [];
  const showTicker = !panels || panels.includes('ticker');
  const hasMap = panels ? panels.includes('map') : parsed.kind !== 'briefing';
  const hasGauges = panels ? panels.includes('gauges') : parsed.kind !== 'briefing';
  const briefing = panels ? panels.includes('briefing') : parsed.kind === 'briefing';
  useReadyFlag(viewReady ? `${viewKey}|${view?.dataVersion}` : null, heat?.dataVersion ?? 0, hasMap, hasGauges);

  let body: ReactNode;
  if (panels) {
    const grid = panelGrid(boxes.length);
    body = (
      <main
        className="panel-set"
        data-testid="panel-set"
        data-panels={panels.join(',')}
        style={{ gridTemplateColumns: `repeat(${grid.cols}, 1fr)`, gridTemplateRows: `repeat(${grid.rows}, 1fr)` }}
      >
        {boxes.map((id) => (
          <div key={id} className={`ps-cell ps-${id}`} data-panel={id}>
            {id === 'map' ? mapPanel : id === 'gauges' ? gaugesPanel : id === 'queue' ? queuePanel : id === 'rating' ? ratingPanel : <Briefing />}
          </div>
        ))}
      </main>
    );
  } else if (briefing) {
    body = <Briefing />;
  } else {
    body = (
      <main className="ops">
        <div className="ops-map">{mapPanel}</div>
        <div className="ops-gauges">{gaugesPanel}</div>
        <div className="ops-queue">{queuePanel}</div>
        <div className="ops-rating">{ratingPanel}</div>
      </main>
    );
  }

  return (
    <div
      className={`wall scene-${parsed.kind}${panels ? ' has-panels' : ''}${showTicker ? '' : ' no-ticker'}`}
      data-scene={scene}
      data-testid="wall"
      data-from={view?.from}
      data-to={view?.to}
      data-now={view?.now}
      data-data-version={view?.dataVersion}
      data-heat-count={heat?.count ?? 0}
      data-view-key={viewKey ?? ''}
    >
      <Header title={title} accent={accent} />
      <StatusBanner />
      {body}
      {showTicker && <Ticker items={view?.ticker ?? []} />}
      {error && !view && <div className="fatal">Нет данных: {error}</div>}
    </div>
  );
}

/** Sets <html data-wall-ready="true"> once the first complete frame with data is on screen. */
function useReadyFlag(viewReadyKey: string | null, heatVersion: number, hasMap: boolean, hasGauges: boolean) {
  const mapLoaded = useWall((s) => s.mapLoaded);
  const heatDrawn = useWall((s) => s.heatDrawnVersion);
  const gauges = useWall((s) => s.gaugesDrawnKey);
  useEffect(() => {
    const ok =
      viewReadyKey !== null &&
      (!hasMap || (mapLoaded && heatDrawn >= heatVersion)) &&
      (!hasGauges || (gauges !== null && viewReadyKey.startsWith(gauges.split('|')[0] ?? '')));
    if (ok) {
      // one more frame so the canvases have been composited
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (document.documentElement.dataset.wallReady !== 'true') performance.mark('wall-ready'); // for the bench
          document.documentElement.dataset.wallReady = 'true';
        }),
      );
    }
  }, [viewReadyKey, mapLoaded, heatDrawn, heatVersion, gauges, hasMap, hasGauges]);
}
