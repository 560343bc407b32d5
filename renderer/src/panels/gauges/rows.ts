/** Which blocks get a gauge, in the view's order, with their names. Pure. */
import type { KpiGroup } from '../../../../shared/engine/types.js';
import type { SceneContext } from '../../scene.js';

export interface GaugeRow {
  group: KpiGroup;
  name: string;
}

export function gaugeRows(groups: KpiGroup[], names: (id: string) => string, only?: string[]): GaugeRow[] {
  return groups
    .filter((g) => g.block !== null && (!only || only.length === 0 || only.includes(g.block)))
    .map((g) => ({ group: g, name: names(g.block!) }));
}

/**
 * The groups a scene's gauges show: a municipality scene shows that municipality's blocks (when the
 * view has them), a block scene only its block, otherwise the blocks of the wall's block filter.
 */
export function sceneGaugeRows(
  kpi: { byBlock: KpiGroup[]; byBlockMunicipality: KpiGroup[] },
  ctx: Pick<SceneContext, 'parsed'>,
  names: (id: string) => string,
  filterBlocks: string[] | undefined,
): GaugeRow[] {
  const p = ctx.parsed;
  let groups = kpi.byBlock;
  if (p.kind === 'municipality') {
    const bm = kpi.byBlockMunicipality.filter((g) => g.municipality === p.oktmo);
    if (bm.length) groups = bm;
  }
  return gaugeRows(groups, names, p.kind === 'block' ? [p.block] : filterBlocks);
}
