/**
 * The scene camera: the whole region, or the focused municipality (drill-down); north up, a tight
 * fit, refit on resize. The legend never covers the region: it takes a corner of measured empty space
 * (geo.ts rectClearOf, against the projected polygons), or else the fit keeps a strip beside the
 * region for it, on the side that costs the least zoom (geo.ts legendSide). Returns the camera's zoom and the box height (the heat radius follows
 * them) and the legend's corner.
 */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type * as maplibregl from 'maplibre-gl';
import type { GeoResult } from '../../../../shared/bridge/protocol.js';
import { bounds, legendSide, outerRings, rectClearOf, type Corner } from './geo.js';
import { focusFilter } from './style.js';

type Feature = GeoResult['features'][number];
type Geometry = { type: string; coordinates: unknown };

export interface SceneCamera {
  zoom: number;
  /** Height of the map box in px. */
  h: number;
}

export interface CameraInput {
  map: RefObject<maplibregl.Map | null>;
  loaded: boolean;
  box: RefObject<HTMLDivElement | null>;
  legend: RefObject<HTMLDivElement | null>;
  geo: GeoResult;
  municipalities: readonly Feature[];
  focus: string | null;
  /** 3D columns are shown: the camera tilts. */
  tilted: boolean;
}

export function useSceneCamera({ map: mapRef, loaded, box: boxRef, legend: legendRef, geo, municipalities, focus, tilted }: CameraInput): {
  cam: SceneCamera | null;
  corner: Corner;
} {
  const [cam, setCam] = useState<SceneCamera | null>(null);
  const [corner, setCorner] = useState<Corner>('tl');
  const regionGeoms = useMemo(
    () => geo.features.filter((f) => f.properties.kind === 'region').map((f) => f.geometry as Geometry),
    [geo],
  );
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const f = focus ? municipalities.find((m) => m.properties.oktmo === focus) : undefined;
    const b = f ? bounds(f.geometry as Geometry) : (geo.bbox ?? null);
    if (!b) return;
    const box = boxRef.current!;
    const fit = () => {
      const w = box.clientWidth;
      const h = box.clientHeight;
      if (w < 2 || h < 2) return;
      map.resize();
      const pad = Math.round(Math.min(w, h) * 0.025);
      const lg = legendRef.current;
      const lw = lg ? lg.offsetWidth + pad : 0;
      const lh = lg ? lg.offsetHeight + pad : 0;
      const bb: [[number, number], [number, number]] = [
        [b[0], b[1]],
        [b[2], b[3]],
      ];
      // The legend never covers the region. First the plain fit, and a corner of measured empty space
      // (sea, a neighbour's land) where the legend touches none of the region's projected polygons;
      // failing that, the camera keeps a strip beside the region's bounds for it, on the side that
      // costs the least zoom.
      const opts = { pitch: tilted ? 40 : 0, bearing: 0 };
      map.fitBounds(bb, { padding: { top: pad, bottom: pad, right: pad, left: pad }, animate: false, ...opts });
      const shapes = f ? [f.geometry as Geometry] : regionGeoms.length ? regionGeoms : municipalities.map((m) => m.geometry as Geometry);
      const rings = shapes.flatMap((g) => outerRings(g)).map((ring) => ring.map((c) => {
        const p = map.project(c);
        return [p.x, p.y] as [number, number];
      }));
      const m = Math.round(pad / 2);
      const free = (['tl', 'tr', 'bl', 'br'] as const).find((c) => {
        const left = c === 'tl' || c === 'bl' ? m : w - m - lw;
        const top = c === 'tl' || c === 'tr' ? m : h - m - lh;
        return rectClearOf({ left, top, right: left + lw, bottom: top + lh }, rings);
      });
      if (lg && free) {
        setCorner(free);
      } else {
        const choice = legendSide(lw, lh, pad, (padding) => map.cameraForBounds(bb, { padding, ...opts })?.zoom ?? -Infinity);
        map.fitBounds(bb, { padding: choice.padding, animate: false, ...opts });
        setCorner(choice.corner);
      }
      setCam((c) => (c && c.zoom === map.getZoom() && c.h === h ? c : { zoom: map.getZoom(), h }));
    };
    fit();
    map.setFilter('muni-focus', focusFilter(focus));
    let raf = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(fit);
    });
    ro.observe(box);
    // the legend's size decides the strip kept for it: refit when it changes (fonts, period, indicator)
    if (legendRef.current) ro.observe(legendRef.current);
    return () => {
      ro.disconnect();
      cancelAnimationFrame(raf);
    };
  }, [mapRef, boxRef, legendRef, loaded, focus, geo, municipalities, regionGeoms, tilted]);
  return { cam, corner };
}
