/** Layout of a per-display panel set (?panels=…). Pure. */

/** Columns × rows for n panels on a landscape display: 1, 2 side by side, 3 in a row, 4 as 2×2, 5–6 as 3×2. */
export function panelGrid(n: number): { cols: number; rows: number } {
  if (n <= 1) return { cols: 1, rows: 1 };
  if (n <= 3) return { cols: n, rows: 1 };
  if (n === 4) return { cols: 2, rows: 2 };
  return { cols: 3, rows: Math.ceil(n / 3) };
}
