/** Municipality rating panel: the rating table, the municipality in focus kept visible and marked. */
import type { RatingRow } from '../../../../shared/engine/types.js';
import { useWall } from '../../store.js';
import { RatingTable } from '../../components/RatingTable.js';
import { usePeriod } from '../../hooks.js';
import type { PanelProps } from '../types.js';

const NO_ROWS: RatingRow[] = [];

export function RatingPanel({ ctx }: PanelProps) {
  const rows = useWall((s) => s.view?.rating.rows ?? NO_ROWS);
  const period = usePeriod().period;
  return <RatingTable rows={rows} selected={ctx.focus} period={period} />;
}
