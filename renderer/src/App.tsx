/**
 * The wall: the header, the scene's panels laid out by its layout (layout.ts; the panels come from
 * panels/registry.ts), the strips under them (the ticker), and the ready flag (ready.ts). Sizes are
 * container units of the app root.
 */
import type { CSSProperties } from 'react';
import { sceneTitle } from '../../shared/bridge/wallState.js';
import { blockColour } from '../../shared/blocks.js';
import type { PanelId } from '../../shared/wall/panels.js';
import { useWall } from './store.js';
import { effectiveScene, sceneContext, viewIsFor, type SceneContext } from './scene.js';
import { layoutFor, type ResolvedLayout } from './layout.js';
import { useNames } from './names.js';
import { useReadyFlag } from './ready.js';
import { panelDef } from './panels/registry.js';
import { Header, StatusBanner } from './components/Header.js';
import { AlertBanner } from './components/AlertBanner.js';
import { legibilityVars, useLegibility } from './legible.js';

function Panel({ id, ctx }: { id: PanelId; ctx: SceneContext }) {
  const { Component } = panelDef(id);
  return <Component ctx={ctx} />;
}

/** The boxes of a layout: its grid of cells, or the single box as the body itself. */
function SceneBody({ layout, ctx }: { layout: ResolvedLayout; ctx: SceneContext }) {
  const g = layout.grid;
  if (!g) return layout.boxes[0] ? <Panel id={layout.boxes[0]} ctx={ctx} /> : null;
  const style: CSSProperties = { gridTemplateColumns: g.columns, gridTemplateRows: g.rows };
  if (g.areas) style.gridTemplateAreas = g.areas.map((row) => `'${row}'`).join(' ');
  // Per-display panel set (?panels=…): the header (clock and «данные на …») stays, because no wall
  // number may be shown without its "as of" time.
  const setAttrs = layout.panelSet ? { 'data-testid': 'panel-set', 'data-panels': layout.panels.join(',') } : {};
  return (
    <main className={layout.panelSet ? 'panel-set' : layout.className} style={style} {...setAttrs}>
      {layout.boxes.map((id) => (
        <div
          key={id}
          className={`${layout.className}-cell ${layout.className}-${id}`}
          data-panel={id}
          style={g.areas ? { gridArea: panelDef(id).area } : undefined}
        >
          <Panel id={id} ctx={ctx} />
        </div>
      ))}
    </main>
  );
}

export function Wall() {
  const wall = useWall((s) => s.wall);
  const pin = useWall((s) => s.options.scene);
  const panelSet = useWall((s) => s.options.panels);
  const view = useWall((s) => s.view);
  const viewKey = useWall((s) => s.viewKey);
  const heatCount = useWall((s) => s.heat?.count ?? 0);
  const error = useWall((s) => s.error);
  const names = useNames();
  const scene = effectiveScene(wall, pin);
  const ctx = sceneContext(scene, wall);
  const title = sceneTitle(scene, names);
  const accent = ctx.parsed.kind === 'block' ? blockColour(ctx.parsed.block) : undefined;
  const layout = layoutFor(ctx.parsed.kind, panelSet);
  const legible = useLegibility();

  const readyKey = view && viewIsFor(viewKey, scene) ? `${viewKey}|${view.dataVersion}` : null;
  useReadyFlag(layout.panels, readyKey);

  return (
    <div
      className={`wall scene-${ctx.parsed.kind}${layout.panelSet ? ' has-panels' : ''}${layout.strips.length ? '' : ' no-ticker'}`}
      data-scene={scene}
      data-testid="wall"
      data-from={view?.from}
      data-to={view?.to}
      data-now={view?.now}
      data-data-version={view?.dataVersion}
      data-heat-count={heatCount}
      data-view-key={viewKey ?? ''}
      data-min-text={legible.text}
      data-min-figure={legible.figure}
      style={legibilityVars(legible) as CSSProperties}
    >
      <Header title={title} accent={accent} />
      <StatusBanner />
      <AlertBanner />
      <SceneBody layout={layout} ctx={ctx} />
      {layout.strips.map((id) => (
        <Panel key={id} id={id} ctx={ctx} />
      ))}
      {error && !view && <div className="fatal">Нет данных: {error}</div>}
    </div>
  );
}
