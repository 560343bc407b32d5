/** How many queue rows fit a box, and the «+N ещё» remainder. Pure. */
export function queueFit(total: number, boxPx: number, rowPx: number, footerPx: number): { shown: number; more: number } {
  if (total <= 0 || rowPx <= 0) return { shown: 0, more: 0 };
  const all = Math.floor(boxPx / rowPx);
  if (all >= total) return { shown: total, more: 0 };
  // The footer («+N ещё») takes room of its own.
  const shown = Math.max(0, Math.floor(Math.max(0, boxPx - footerPx) / rowPx));
  return { shown: Math.min(shown, total), more: total - Math.min(shown, total) };
}

export function moreText(more: number): string {
  return more > 0 ? `+${new Intl.NumberFormat('ru-RU').format(more)} ещё` : '';
}
