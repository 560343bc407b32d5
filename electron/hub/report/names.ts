/**
 * Russian names of the indicators of docs/spec/kpi.md, in the contract's field order — in one
 * place, so that the project's indicator registry (shared/indicators.ts, being written) can replace
 * this map with a one-line change.
 */
import type { KpiGroup } from '../../../shared/engine/types.js';

/** The fields of a group of docs/spec/kpi.md («Indicators of a group»), in its order. */
export const KPI_FIELDS = [
  'incoming',
  'open',
  'overdue',
  'answered',
  'onTime',
  'onTimeRate',
  'medianFirstResponseMin',
  'reworkRate',
  'satisfaction',
  'satisfiedShare',
  'completeness',
  'per10k',
  'incomingPrev',
] as const satisfies ReadonlyArray<keyof KpiGroup>;
export type KpiField = (typeof KPI_FIELDS)[number];

/** How a field is shown: a count, a share 0..1, minutes, a mean rating, a rate per 10,000. */
export type FieldKind = 'count' | 'share' | 'minutes' | 'mean' | 'rate';

export const KPI_FIELD_INFO: Readonly<Record<KpiField, { name: string; kind: FieldKind }>> = {
  incoming: { name: 'Поступило', kind: 'count' },
  open: { name: 'Открыто на момент', kind: 'count' },
  overdue: { name: 'Просрочено на момент', kind: 'count' },
  answered: { name: 'Отвечено', kind: 'count' },
  onTime: { name: 'Отвечено в срок', kind: 'count' },
  onTimeRate: { name: 'Доля ответов в срок', kind: 'share' },
  medianFirstResponseMin: { name: 'Медиана первого ответа, мин', kind: 'minutes' },
  reworkRate: { name: 'Доля возвращённых на доработку', kind: 'share' },
  satisfaction: { name: 'Средняя оценка', kind: 'mean' },
  satisfiedShare: { name: 'Доля довольных (оценка 4–5)', kind: 'share' },
  completeness: { name: 'Доля завершённых', kind: 'share' },
  per10k: { name: 'На 10 тыс. жителей', kind: 'rate' },
  incomingPrev: { name: 'Поступило за предыдущий период', kind: 'count' },
};

export const kpiFieldName = (f: KpiField): string => KPI_FIELD_INFO[f].name;
