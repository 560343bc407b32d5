/**
 * The scene camera: the whole region, or the focused municipality (drill-down); north up, a tight
 * fit, refit on resize. The fit keeps a strip beside the region for the legend, on the side that costs
 * the least zoom (geo.ts legendSide), so the legend never covers the region. Returns the camera's zoom and the box height (the heat radius follows
 * them) and the legend's corner.
 */
import { useEffect, useState, type RefObject } from 'react';
import type * as maplibregl from 'maplibre-gl';
import type { GeoResult } from '../../../../shared/bridge/protocol.js';
import { bounds, legendSide, type Corner } from './geo.js';
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
      // The legend never covers the region: the camera keeps a strip beside the region's (or the
      // focused municipality's) bounds for it — on the side that costs the least zoom.
      const choice = legendSide(lw, lh, pad, (padding) => map.cameraForBounds(bb, { padding, pitch: tilted ? 40 : 0, bearing: 0 })?.zoom ?? -Infinity);
      map.fitBounds(bb, { padding: choice.padding, animate: false, pitch: tilted ? 40 : 0, bearing: 0 });
      setCam((c) => (c && c.zoom === map.getZoom() && c.h === h ? c : { zoom: map.getZoom(), h }));
      setCorner(choice.corner);
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
  }, [mapRef, boxRef, legendRef, loaded, focus, geo, municipalities, tilted]);
  return { cam, corner };
}
