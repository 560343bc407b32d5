/**
 * The scene camera: the whole region, or the focused municipality (drill-down); north up, a tight
 * fit, refit on resize. After each fit the legend goes to the corner of the box with the least land
 * (geo.ts emptiestCorner). Returns the camera's zoom and the box height (the heat radius follows
 * them) and the legend's corner.
 */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type * as maplibregl from 'maplibre-gl';
import type { GeoResult } from '../../../../shared/bridge/protocol.js';
import { bounds, containsPoint, emptiestCorner, type Corner } from './geo.js';
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
      map.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ],
        { padding: { top: pad, bottom: pad, right: pad, left: pad }, animate: false, pitch: tilted ? 40 : 0, bearing: 0 },
      );
      setCam((c) => (c && c.zoom === map.getZoom() && c.h === h ? c : { zoom: map.getZoom(), h }));
      // "land" is what the scene is about: the focused municipality, or the whole region
      const shapes = f ? [f.geometry as Geometry] : regionGeoms.length ? regionGeoms : municipalities.map((m) => m.geometry as Geometry);
      const isLand = (x: number, y: number) => {
        const ll = map.unproject([x, y]);
        const pt: [number, number] = [ll.lng, ll.lat];
        return shapes.some((g) => containsPoint(g, pt));
      };
      const lg = legendRef.current;
      setCorner(lg ? emptiestCorner(w, h, lg.offsetWidth + 8, lg.offsetHeight + 8, isLand).corner : 'tl');
    };
    fit();
    map.setFilter('muni-focus', focusFilter(focus));
    let raf = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(fit);
    });
    ro.observe(box);
    return () => {
      ro.disconnect();
      cancelAnimationFrame(raf);
    };
  }, [mapRef, boxRef, legendRef, loaded, focus, geo, municipalities, regionGeoms, tilted]);
  return { cam, corner };
}
