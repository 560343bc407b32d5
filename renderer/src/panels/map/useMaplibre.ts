/**
 * The maplibre hook: one map per geo result in the given box, non-interactive (the wall is not
 * touched), with a deck.gl overlay (MapLibreOverlay) added once the style has loaded. Returns refs to
 * both and whether the map has loaded. `onAfterRender` is called after every deck frame (the panel
 * reports what it drew from there); the latest callback is used, no re-creation.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { GeoResult } from '../../../../shared/bridge/protocol.js';
import { mapStyle } from './style.js';

maplibregl.setWorkerUrl(workerUrl);

type Feature = GeoResult['features'][number];

export interface MaplibreHandle {
  map: RefObject<maplibregl.Map | null>;
  overlay: RefObject<MapLibreOverlay | null>;
  loaded: boolean;
}

export function useMaplibre(
  box: RefObject<HTMLDivElement | null>,
  geo: GeoResult,
  municipalities: Feature[],
  onAfterRender: () => void,
  onGone: () => void,
): MaplibreHandle {
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapLibreOverlay | null>(null);
  const [loaded, setLoaded] = useState(false);
  const afterRender = useRef(onAfterRender);
  afterRender.current = onAfterRender;
  const gone = useRef(onGone);
  gone.current = onGone;

  useEffect(() => {
    const region = geo.features.filter((f) => f.properties.kind === 'region');
    const map = new maplibregl.Map({
      container: box.current!,
      style: mapStyle(municipalities, region),
      attributionControl: false,
      interactive: false,
      fadeDuration: 0,
      renderWorldCopies: false,
      canvasContextAttributes: { antialias: true },
    });
    mapRef.current = map;
    (window as unknown as { __wallMap?: maplibregl.Map }).__wallMap = map; // for e2e diagnostics and the bench
    const overlay = new MapLibreOverlay({ interleaved: false, layers: [], onAfterRender: () => afterRender.current() });
    overlayRef.current = overlay;
    map.on('load', () => {
      map.addControl(overlay);
      setLoaded(true);
    });
    return () => {
      try {
        map.removeControl(overlay);
      } catch {
        /* already gone */
      }
      map.remove();
      mapRef.current = null;
      overlayRef.current = null;
      setLoaded(false);
      gone.current();
    };
  }, [box, geo, municipalities]);

  return { map: mapRef, overlay: overlayRef, loaded };
}
