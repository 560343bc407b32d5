/**
 * Municipality names and values as HTML labels positioned with map.project(): maplibre's own text
 * needs glyph PBFs from a URL; DOM labels use the bundled web font (IBM Plex Sans, Cyrillic), stay
 * crisp at any scale, and a greedy pass hides labels that would collide (larger population first;
 * the legend is an obstacle too; the focused municipality is always shown).
 */
import { useEffect, useRef, type RefObject } from 'react';
import type * as maplibregl from 'maplibre-gl';

export interface MapLabel {
  oktmo: string;
  name: string;
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
}: {
  map: RefObject<maplibregl.Map | null>;
  loaded: boolean;
  /** Largest population first: that is the placing order. */
  labels: readonly MapLabel[];
  /** The value under each name (the indicator shown), by OKTMO. */
  values: ReadonlyMap<string, string>;
  focus: string | null;
  legend: RefObject<HTMLDivElement | null>;
  /** Anything else that moves the obstacles (the legend's corner): placed again when it changes. */
  layoutKey: string;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const map = mapRef.current;
    const host = hostRef.current;
    if (!map || !loaded || !host) return;
    const place = () => {
      const placed: DOMRect[] = legendRef.current ? [legendRef.current.getBoundingClientRect()] : [];
      const els = host.querySelectorAll<HTMLElement>('[data-label]');
      els.forEach((el) => {
        const l = labels.find((x) => x.oktmo === el.dataset.label);
        if (!l) return;
        const pt = map.project(l.lngLat);
        // keep the whole label inside the panel (a long name near the edge is shifted, not cut)
        const half = el.offsetWidth / 2 + 2;
        const x = Math.min(Math.max(pt.x, half), Math.max(half, host.clientWidth - half));
        el.style.transform = `translate(${Math.round(x)}px, ${Math.round(pt.y)}px) translate(-50%, -50%)`;
        el.style.visibility = 'visible';
        const r = el.getBoundingClientRect();
        const hit = placed.some((q) => r.left < q.right && r.right > q.left && r.top < q.bottom && r.bottom > q.top);
        const outside = pt.x < 0 || pt.y < 0 || pt.x > host.clientWidth || pt.y > host.clientHeight;
        if ((hit && el.dataset.label !== focus) || outside) el.style.visibility = 'hidden';
        else placed.push(r);
      });
    };
    place();
    map.on('move', place);
    map.on('resize', place);
    return () => {
      map.off('move', place);
      map.off('resize', place);
    };
  }, [mapRef, legendRef, loaded, labels, values, focus, layoutKey]);

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
