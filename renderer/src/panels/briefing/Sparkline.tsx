/**
 * A sparkline of incoming per day: an SVG line scaled to zero .. the period's maximum, the last day
 * (today, so far) drawn as a hollow dot so it is not read as a fall. No text inside the SVG: labels
 * (the period, the maximum) are HTML at the wall's legible sizes (shared/wall/legibility.ts).
 */
import { sparkPath, sparkScale } from './sparkScale.js';

const W = 300;
const H = 60;
const PAD = 5;

export function Sparkline({ values, colour, label, big }: { values: readonly number[]; colour?: string; label: string; big?: boolean }) {
  const s = sparkScale(values, W, H, PAD);
  const last = s.points.at(-1);
  const done = s.points.slice(0, -1);
  return (
    <svg
      className={`spark ${big ? 'spark-big' : ''}`}
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="sparkline"
      data-max={s.max}
      data-days={values.length}
    >
      <line x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} className="spark-base" vectorEffect="non-scaling-stroke" />
      <path d={sparkPath(done.length > 1 ? done : s.points)} fill="none" stroke={colour ?? 'currentColor'} strokeWidth={big ? 4 : 3} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
      {last && done.length > 0 && (
        <path d={sparkPath([done.at(-1)!, last])} fill="none" stroke={colour ?? 'currentColor'} strokeWidth={2} strokeDasharray="4 4" vectorEffect="non-scaling-stroke" />
      )}
    </svg>
  );
}
