import { describe, expect, it } from 'vitest';
import type { KpiGroup } from '../../../../../../shared/engine/types.js';
import { sceneGaugeRows } from '../../../../../../renderer/src/panels/gauges/rows.js';

const g = (block: string | null, municipality: string | null, incoming = 1) => ({ block, municipality, incoming }) as KpiGroup;
const kpi = {
  byBlock: [g('zhkh', null), g('roads', null), g('health', null), g(null, null)],
  byBlockMunicipality: [g('zhkh', '30701000', 5), g('roads', '30701000', 2), g('zhkh', '30605000', 1)],
};
const names = (id: string) => id.toUpperCase();
const ids = (rows: { group: KpiGroup }[]) => rows.map((r) => `${r.group.block}@${r.group.municipality ?? 'region'}`);

describe('which blocks get a gauge', () => {
  it('the operational scene: every block of the region, named from the reference', () => {
    const rows = sceneGaugeRows(kpi, { parsed: { kind: 'operational' } }, names, []);
    expect(ids(rows)).toEqual(['zhkh@region', 'roads@region', 'health@region']);
    expect(rows[0]!.name).toBe('ZHKH');
  });

  it('the wall\'s block filter narrows them; a block scene shows only its block', () => {
    expect(ids(sceneGaugeRows(kpi, { parsed: { kind: 'operational' } }, names, ['roads']))).toEqual(['roads@region']);
    expect(ids(sceneGaugeRows(kpi, { parsed: { kind: 'block', block: 'health' } }, names, ['roads']))).toEqual(['health@region']);
  });

  it('a municipality scene shows that municipality\'s blocks, or the region\'s when it has none', () => {
    expect(ids(sceneGaugeRows(kpi, { parsed: { kind: 'municipality', oktmo: '30701000' } }, names, []))).toEqual(['zhkh@30701000', 'roads@30701000']);
    expect(ids(sceneGaugeRows(kpi, { parsed: { kind: 'municipality', oktmo: '99999999' } }, names, []))).toHaveLength(3);
  });
});
