/**
 * The sparkline's scale (pure): counts per day → points in a box. The vertical scale starts at zero
 * (a sparkline that starts at its minimum exaggerates a small change), the top is the series' maximum
 * (at least 1), days are spaced evenly with the first at the left edge and the last at the right.
 */
export interface SparkPoint {
  x: number;
  y: number;
}

export interface SparkScale {
  points: SparkPoint[];
  /** The count the top of the box stands for. */
  max: number;
  /** Index of the largest day (the first of equals). */
  maxAt: number;
}

export function sparkScale(values: readonly number[], width: number, height: number, pad = 0): SparkScale {
  const n = values.length;
  let maxAt = 0;
  for (let i = 1; i < n; i++) if (values[i]! > values[maxAt]!) maxAt = i;
  const max = Math.max(1, n ? values[maxAt]! : 0);
  const w = Math.max(0, width - 2 * pad);
  const h = Math.max(0, height - 2 * pad);
  const points = values.map((v, i) => ({
    x: pad + (n <= 1 ? w / 2 : (i / (n - 1)) * w),
    y: pad + h - (Math.max(0, v) / max) * h,
  }));
  return { points, max, maxAt };
}

/** An SVG path through the points (polyline). */
export function sparkPath(points: readonly SparkPoint[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
}
