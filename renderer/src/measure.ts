/**
 * CSS lengths in pixels. The wall's sizes are container units (cqh/cqw of the app root), and
 * `parseFloat(getComputedStyle(el).getPropertyValue('--row'))` would read «3.3cqh» as 3.3 px: a probe
 * element resolves the custom property in place, with the same container as the element.
 */
export function cssVarPx(el: HTMLElement, name: string, fallback: number): number {
  const probe = document.createElement('div');
  probe.style.cssText = `position:absolute;visibility:hidden;pointer-events:none;left:0;top:0;width:0;height:var(${name});`;
  el.appendChild(probe);
  const h = probe.getBoundingClientRect().height;
  probe.remove();
  return h > 0 ? h : fallback;
}
