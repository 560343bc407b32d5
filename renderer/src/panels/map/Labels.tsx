/**
 * Municipality names and values as HTML labels positioned with map.project(): maplibre's own text
 * needs glyph PBFs from a URL; DOM labels use the bundled web font (IBM Plex Sans, Cyrillic), stay
 * crisp at any scale, and a greedy pass hides labels that would collide (larger population first;
 * the legend is an obstacle too; the focused municipality is always shown).
 */
import { useEffect, useRef, type RefObject } from 'react';
import type * as maplibregl from 'maplibre-gl';
import type { ScreenBox } from './incidentRings.js';

export interface MapLabel {
  oktmo: string;
  /** The full short name («Петропавловск-Камчатский», «Елизовский район»). */
  name: string;
  /** Shorter forms, tried in order when the full name would collide («Елизовский»). */
  shorter: string[];
  lngLat: [number, number];
  population: number;
}

export function MapLabels({
  map: mapRef,
  loaded,
  labels,
  values,
  focus,
  legend: legendRef,
  layoutKey,
  obstacles,
}: {
  map: RefObject<maplibregl.Map | null>;
  loaded: boolean;
  /** Largest population first: that is the placing order. */
  labels: readonly MapLabel[];
  /** The value under each name (the indicator shown), by OKTMO. */
  values: ReadonlyMap<string, string>;
  focus: string | null;
  legend: RefObject<HTMLDivElement | null>;
  /** Anything else that moves the obstacles (the legend's corner, the rings): placed again when it changes. */
  layoutKey: string;
  /**
   * Boxes no label may overlap, px in the map's container (the active incidents' rings): a label
   * whose anchor lies under one is moved above or below it, never hidden by it.
   */
  obstacles?: (map: maplibregl.Map) => ScreenBox[];
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const map = mapRef.current;
    const host = hostRef.current;
    if (!map || !loaded || !host) return;
    const place = () => {
      const placed: Pick<DOMRect, 'left' | 'right' | 'top' | 'bottom'>[] = legendRef.current ? [legendRef.current.getBoundingClientRect()] : [];
      // the rings, in the page's coordinates as the labels' rects
      const origin = host.getBoundingClientRect();
      const rings = (obstacles?.(map) ?? []).map((b) => ({ left: b.left + origin.left, right: b.right + origin.left, top: b.top + origin.top, bottom: b.bottom + origin.top }));
      placed.push(...rings);
      // for the e2e: where the rings are (page px), so a test can check that no label lies under one
      host.dataset.rings = JSON.stringify(rings.map((q) => [q.left, q.top, q.right, q.bottom].map(Math.round)));
      const els = host.querySelectorAll<HTMLElement>('[data-label]');
      els.forEach((el) => {
        const l = labels.find((x) => x.oktmo === el.dataset.label);
        if (!l) return;
        const nameEl = el.querySelector<HTMLElement>('.ml-name');
        const pt = map.project(l.lngLat);
        const outside = pt.x < 0 || pt.y < 0 || pt.x > host.clientWidth || pt.y > host.clientHeight;
        el.style.visibility = 'hidden';
        if (outside) return;
        // the full name first, then its shorter forms; each at its anchor, then nudged above and
        // below it; the first that collides with nothing placed (nor the legend) is kept
        for (const text of [l.name, ...l.shorter]) {
          if (nameEl && nameEl.textContent !== text) nameEl.textContent = text;
          const hh = el.offsetHeight;
          const offsets = [0, -hh * 0.6, hh * 0.6];
          // a ring over the anchor: also just above and just below it
          for (const q of rings)
            if (pt.x + origin.left >= q.left && pt.x + origin.left <= q.right && pt.y + origin.top >= q.top - hh / 2 && pt.y + origin.top <= q.bottom + hh / 2)
              offsets.push(q.top - origin.top - hh / 2 - 3 - pt.y, q.bottom - origin.top + hh / 2 + 3 - pt.y);
          for (const dy of offsets) {
            // keep the whole label inside the panel (a long name near the edge is shifted, not cut)
            const half = el.offsetWidth / 2 + 2;
            const x = Math.min(Math.max(pt.x, half), Math.max(half, host.clientWidth - half));
            const y = Math.min(Math.max(pt.y + dy, hh / 2), Math.max(hh / 2, host.clientHeight - hh / 2));
            el.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px) translate(-50%, -50%)`;
            const r = el.getBoundingClientRect();
            const hit = placed.some((q) => r.left < q.right + 2 && r.right + 2 > q.left && r.top < q.bottom && r.bottom > q.top);
            if (!hit || el.dataset.label === focus) {
              el.style.visibility = 'visible';
              el.dataset.shown = text;
              placed.push(r);
              return;
            }
          }
        }
        delete el.dataset.shown;
        if (nameEl) nameEl.textContent = l.name;
      });
    };
    place();
    map.on('move', place);
    map.on('resize', place);
    return () => {
      map.off('move', place);
      map.off('resize', place);
    };
  }, [mapRef, legendRef, loaded, labels, values, focus, layoutKey, obstacles]);

  return (
    <div className="map-labels" ref={hostRef}>
      {labels.map((l) => (
        <div key={l.oktmo} className={`map-label ${l.oktmo === focus ? 'focus' : ''}`} data-label={l.oktmo} style={{ visibility: 'hidden' }}>
          <span className="ml-name">{l.name}</span>
          <span className="ml-value num">{values.get(l.oktmo) ?? ''}</span>
        </div>
      ))}
    </div>
  );
}
