/**
 * The справка's view of the indicator registry (shared/indicators.ts): the fields of
 * docs/spec/kpi.md in its order, each with its Russian name (one definition, shared with the wall
 * and the command line) and how the workbook formats it.
 */
import { KPI_FIELDS as REGISTRY_FIELDS, KPI_INDICATORS, type KpiField, type Unit } from '../../../shared/indicators.js';

export type { KpiField };

/** The fields of a group of docs/spec/kpi.md («Indicators of a group»), in its order. */
export const KPI_FIELDS: readonly KpiField[] = REGISTRY_FIELDS;

/** How a field is shown: a count, a share 0..1, minutes, a mean rating, a rate per 10,000. */
export type FieldKind = 'count' | 'share' | 'minutes' | 'mean' | 'rate';

const KIND: Readonly<Partial<Record<Unit, FieldKind>>> = { count: 'count', share: 'share', minutes: 'minutes', rating: 'mean', per10k: 'rate' };

export const KPI_FIELD_INFO: Readonly<Record<KpiField, { name: string; kind: FieldKind }>> = Object.fromEntries(
  REGISTRY_FIELDS.map((f) => {
    const kind = KIND[KPI_INDICATORS[f].unit];
    if (!kind) throw new Error(`справка: нет формата для поля ${f}`);
    return [f, { name: KPI_INDICATORS[f].name, kind }];
  }),
) as Record<KpiField, { name: string; kind: FieldKind }>;

export const kpiFieldName = (f: KpiField): string => KPI_FIELD_INFO[f].name;
