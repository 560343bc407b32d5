/**
 * Region map. maplibre-gl draws a style built in code from the hub's municipal polygons (no tile
 * server, no glyphs, no network): background, choropleth fill (colours via feature-state, so live
 * updates never re-send the 600 KB geometry to the worker), municipal borders, the region outline.
 * deck.gl (MapLibreOverlay, interleaved: one WebGL context with the map) adds the heat map of
 * message points, fed straight from the hub's Float32Array [lon, lat, weight] as binary attributes
 * (no per-point objects), and optional 3D columns per municipality.
 *
 * Municipality names are HTML labels positioned with map.project(): maplibre's own text needs glyph
 * PBFs from a URL; DOM labels use the bundled web font (IBM Plex Sans, Cyrillic), stay crisp at any
 * scale, and a simple greedy pass hides labels that would collide (larger population first).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { ColumnLayer } from '@deck.gl/layers';
import type { GeoResult, HeatPointsResult } from '../../../shared/bridge/protocol.js';
import type { KpiGroup, RatingRow } from '../../../shared/engine/types.js';
import { OSM_ATTRIBUTION } from '../../../shared/regions.js';
import {
  INDICATOR_LABELS,
  ZONE_COLOURS,
  colourFor,
  indicatorValue,
  legend,
  stableDomain,
  type ChoroplethIndicator,
  type Domain,
} from '../choropleth.js';
import { bounds, containsPoint, emptiestCorner, labelPoint, type Corner } from '../geo.js';
import { heatPeak, stableHeatDomain, type HeatDomain } from '../heatScale.js';
import { fmtDec1, fmtInt, fmtPct } from '../format.js';
import { shortName } from './Rating.js';
import { storeApi } from '../store.js';

maplibregl.setWorkerUrl(workerUrl);

/**
 * HeatmapLayer with a colour domain in raw weight-texture units, fixed by the scene (heatScale.ts),
 * instead of deck's per-viewport maximum (or its SUM-mode domain, which deck rescales by the texel
 * size of the visible bounds).
 */
class SceneHeatmapLayer extends HeatmapLayer<unknown, { sceneDomain: [number, number] | null }> {
  static override layerName = 'SceneHeatmapLayer';
  override draw(opts: Parameters<HeatmapLayer['draw']>[0]): void {
    const d = this.props.sceneDomain;
    const st = this.state as { colorDomain?: number[]; weightsScale?: number };
    if (d) {
      const k = st.weightsScale ?? 1;
      st.colorDomain = [d[0] * k, d[1] * k];
    }
    super.draw(opts);
  }
}

const BG = '#0a1020';
/** Heat: warm magma tones, a different family from the viridis choropleth underneath. */
const HEAT_COLOURS: [number, number, number, number][] = [
  [80, 18, 123, 0],
  [140, 41, 129, 150],
  [222, 73, 104, 190],
  [254, 159, 109, 220],
  [252, 253, 191, 240],
  [255, 255, 255, 255],
];

export interface MapPanelProps {
  geo: GeoResult;
  groups: KpiGroup[];
  rating: RatingRow[];
  indicator: ChoroplethIndicator;
  sceneKey: string;
  focus: string | null;
  heat: HeatPointsResult | null;
  columns: boolean;
  attribution: string[];
}

interface Label {
  oktmo: string;
  name: string;
  lngLat: [number, number];
  population: number;
}

export function MapPanel(p: MapPanelProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const labelsRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapLibreOverlay | null>(null);
  const [loaded, setLoaded] = useState(false);
  const domainRef = useRef<{ key: string; d: Domain } | null>(null);
  const heatDomainRef = useRef<HeatDomain | null>(null);
  /** The scene camera's zoom and the box height (the heat radius follows it), set by the fit. */
  const [cam, setCam] = useState<{ zoom: number; h: number } | null>(null);
  const [corner, setCorner] = useState<Corner>('tl');
  const legendRef = useRef<HTMLDivElement>(null);
  const attrRef = useRef<HTMLDivElement>(null);

  const municipalities = useMemo(() => p.geo.features.filter((f) => f.properties.kind === 'municipality'), [p.geo]);
  const labels: Label[] = useMemo(
    () =>
      municipalities
        .map((f) => ({
          oktmo: f.properties.oktmo,
          name: shortName(f.properties.name),
          lngLat: labelPoint(f.geometry as { type: string; coordinates: unknown }) ?? [0, 0],
          population: f.properties.population ?? 0,
        }))
        .sort((a, b) => b.population - a.population),
    [municipalities],
  );

  // --- map creation (once per geo) ---
  useEffect(() => {
    const box = boxRef.current!;
    const region = p.geo.features.filter((f) => f.properties.kind === 'region');
    const map = new maplibregl.Map({
      container: box,
      style: {
        version: 8,
        sources: {
          muni: { type: 'geojson', data: { type: 'FeatureCollection', features: municipalities } as GeoJSON.FeatureCollection, promoteId: 'oktmo' },
          region: { type: 'geojson', data: { type: 'FeatureCollection', features: region } as GeoJSON.FeatureCollection },
        },
        layers: [
          { id: 'bg', type: 'background', paint: { 'background-color': BG } },
          {
            id: 'muni-fill',
            type: 'fill',
            source: 'muni',
            paint: {
              'fill-color': ['case', ['==', ['typeof', ['feature-state', 'fill']], 'string'], ['to-color', ['feature-state', 'fill']], '#3a4150'],
              'fill-opacity': ['case', ['boolean', ['feature-state', 'dim'], false], 0.25, 0.78],
            },
          },
          { id: 'muni-line', type: 'line', source: 'muni', paint: { 'line-color': '#c9d6ea', 'line-width': 1.2, 'line-opacity': 0.75 } },
          {
            id: 'muni-focus',
            type: 'line',
            source: 'muni',
            filter: ['==', ['get', 'oktmo'], ''],
            paint: { 'line-color': '#ffffff', 'line-width': 4 },
          },
          { id: 'region-line', type: 'line', source: 'region', paint: { 'line-color': '#f2f6fc', 'line-width': 2.6 } },
        ],
      },
      attributionControl: false,
      interactive: false,
      fadeDuration: 0,
      renderWorldCopies: false,
      canvasContextAttributes: { antialias: true },
    });
    mapRef.current = map;
    (window as unknown as { __wallMap?: maplibregl.Map }).__wallMap = map; // for e2e diagnostics
    const overlay = new MapLibreOverlay({
      interleaved: false,
      layers: [],
      onAfterRender: () => {
        const v = overlay as unknown as { _lastHeatVersion?: number };
        if (v._lastHeatVersion !== undefined) storeApi().setState({ heatDrawnVersion: v._lastHeatVersion });
      },
    });
    overlayRef.current = overlay;
    map.on('load', () => {
      map.addControl(overlay);
      setLoaded(true);
      storeApi().setState({ mapLoaded: true });
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
      storeApi().setState({ mapLoaded: false });
    };
  }, [p.geo, municipalities]);

  // --- camera: whole region, or the focused municipality (drill-down); north up, tight fit, refit on
  // resize; then the legend goes to the corner with the least land, the attribution to the emptier
  // bottom corner left.
  const regionGeoms = useMemo(
    () => p.geo.features.filter((f) => f.properties.kind === 'region').map((f) => f.geometry as { type: string; coordinates: unknown }),
    [p.geo],
  );
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const f = p.focus ? municipalities.find((m) => m.properties.oktmo === p.focus) : undefined;
    const b = f ? bounds(f.geometry as { type: string; coordinates: unknown }) : (p.geo.bbox ?? null);
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
        { padding: { top: pad, bottom: pad, right: pad, left: pad }, animate: false, pitch: p.columns ? 40 : 0, bearing: 0 },
      );
      setCam((c) => (c && c.zoom === map.getZoom() && c.h === h ? c : { zoom: map.getZoom(), h }));
      // "land" is what the scene is about: the focused municipality, or the whole region
      const shapes = f
        ? [f.geometry as { type: string; coordinates: unknown }]
        : regionGeoms.length
          ? regionGeoms
          : municipalities.map((m) => m.geometry as { type: string; coordinates: unknown });
      const isLand = (x: number, y: number) => {
        const ll = map.unproject([x, y]);
        const pt: [number, number] = [ll.lng, ll.lat];
        return shapes.some((g) => containsPoint(g, pt));
      };
      const lg = legendRef.current;
      const c = lg ? emptiestCorner(w, h, lg.offsetWidth + 8, lg.offsetHeight + 8, isLand).corner : 'tl';
      setCorner(c);
    };
    fit();
    map.setFilter('muni-focus', ['==', ['get', 'oktmo'], p.focus ?? '']);
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
  }, [loaded, p.focus, p.geo, municipalities, regionGeoms, p.columns]);

  // --- choropleth colours (feature-state) with the scene's fixed domain ---
  const byMuni = useMemo(() => new Map(p.groups.filter((g) => g.municipality).map((g) => [g.municipality!, g])), [p.groups]);
  const zoneOf = useMemo(() => new Map(p.rating.map((r) => [r.municipality, r.zone])), [p.rating]);
  const domain = useMemo(() => {
    const key = `${p.sceneKey}|${p.indicator}`;
    const vals = p.indicator === 'zone' ? [] : municipalities.map((f) => {
      const g = byMuni.get(f.properties.oktmo);
      return g ? indicatorValue(g, p.indicator as Exclude<ChoroplethIndicator, 'zone'>) : null;
    });
    const prev = domainRef.current && domainRef.current.key === key ? domainRef.current.d : null;
    const d = stableDomain(prev, p.indicator, vals);
    domainRef.current = { key, d };
    return d;
  }, [p.sceneKey, p.indicator, municipalities, byMuni]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    for (const f of municipalities) {
      const id = f.properties.oktmo;
      let fill: string;
      if (p.indicator === 'zone') fill = ZONE_COLOURS[zoneOf.get(id) ?? 'none'];
      else {
        const g = byMuni.get(id);
        fill = colourFor(domain, g ? indicatorValue(g, p.indicator) : null);
      }
      map.setFeatureState({ source: 'muni', id }, { fill, dim: p.focus !== null && p.focus !== id });
    }
  }, [loaded, municipalities, byMuni, zoneOf, domain, p.indicator, p.focus]);

  // --- deck.gl layers: heat map from the typed array, optional columns ---
  const columnData = useMemo(
    () => labels.map((l) => ({ position: l.lngLat, value: byMuni.get(l.oktmo)?.incoming ?? 0, oktmo: l.oktmo })),
    [labels, byMuni],
  );
  const radiusPx = Math.max(8, Math.round((cam?.h ?? 800) / 28));
  const heatDomain = useMemo(() => {
    if (!p.heat || !cam || p.heat.count === 0) return null;
    const key = `${p.sceneKey}|${cam.zoom.toFixed(3)}|${radiusPx}`;
    const d = stableHeatDomain(heatDomainRef.current, key, heatPeak(p.heat.points, p.heat.count, cam.zoom, radiusPx));
    heatDomainRef.current = d;
    return d.domain;
  }, [p.heat, p.sceneKey, cam, radiusPx]);
  useEffect(() => {
    const overlay = overlayRef.current;
    if (!overlay || !loaded) return;
    const heat = p.heat;
    const layers = [];
    if (heat && heat.count > 0) {
      const pts = heat.points;
      layers.push(
        new SceneHeatmapLayer({
          id: 'heat',
          data: {
            length: heat.count,
            attributes: {
              getPosition: { value: pts, size: 2, stride: 12, offset: 0 },
              getWeight: { value: pts, size: 1, stride: 12, offset: 8 },
            },
          },
          radiusPixels: radiusPx,
          intensity: 1,
          threshold: 0.04,
          sceneDomain: heatDomain,
          colorRange: HEAT_COLOURS,
          aggregation: 'SUM',
          updateTriggers: { getPosition: heat.dataVersion, getWeight: heat.dataVersion },
        }),
      );
    }
    if (p.columns) {
      const max = Math.max(1, ...columnData.map((c) => c.value));
      layers.push(
        new ColumnLayer<(typeof columnData)[number]>({
          id: 'columns',
          data: columnData,
          getPosition: (d) => d.position,
          getElevation: (d) => (d.value / max) * 250_000,
          radius: 9000,
          diskResolution: 24,
          extruded: true,
          getFillColor: [255, 255, 255, 200],
          updateTriggers: { getElevation: [max, columnData] },
        }),
      );
    }
    (overlay as unknown as { _lastHeatVersion?: number })._lastHeatVersion = heat ? heat.dataVersion : 0;
    overlay.setProps({ layers });
    mapRef.current?.triggerRepaint();
  }, [loaded, p.heat, p.columns, columnData, radiusPx, heatDomain]);

  // --- HTML labels ---
  useEffect(() => {
    const map = mapRef.current;
    const host = labelsRef.current;
    if (!map || !loaded || !host) return;
    const place = () => {
      // the legend and the attribution are obstacles too
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
        if ((hit && el.dataset.label !== p.focus) || outside) el.style.visibility = 'hidden';
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
  }, [loaded, labels, p.focus, byMuni, p.indicator, corner]);

  const valueText = (oktmo: string): string => {
    if (p.indicator === 'zone') {
      const r = p.rating.find((x) => x.municipality === oktmo);
      return r?.score !== null && r?.score !== undefined ? fmtDec1(r.score) : '';
    }
    const g = byMuni.get(oktmo);
    if (!g) return '';
    if (p.indicator === 'onTimeRate') return fmtPct(g.onTimeRate);
    if (p.indicator === 'per10k') return fmtDec1(g.per10k);
    return fmtInt(g.overdue);
  };

  const attribution = p.attribution.some((a) => /OpenStreetMap/.test(a)) ? p.attribution : [OSM_ATTRIBUTION, ...p.attribution];
  return (
    <section className="panel map-panel" data-testid="map">
      <div className="map-area">
      <div className="map-box" ref={boxRef} />
      <div className="map-labels" ref={labelsRef}>
        {labels.map((l) => (
          <div key={l.oktmo} className={`map-label ${l.oktmo === p.focus ? 'focus' : ''}`} data-label={l.oktmo} style={{ visibility: 'hidden' }}>
            <span className="ml-name">{l.name}</span>
            <span className="ml-value num">{valueText(l.oktmo)}</span>
          </div>
        ))}
      </div>
      <div
        className="legend"
        data-testid="legend"
        data-corner={corner}
        ref={legendRef}
        data-heat-domain={heatDomain ? heatDomain.map((x) => +x.toPrecision(4)).join(',') : ''}
      >
        <div className="legend-title">{INDICATOR_LABELS[p.indicator]}</div>
        <ul>
          {legend(domain).map((it) => (
            <li key={it.label}>
              <span className="swatch" style={{ background: it.colour }} />
              {it.label}
            </li>
          ))}
        </ul>
        {p.heat && p.heat.count > 0 && <div className="legend-heat">пятна — точки обращений</div>}
      </div>
      </div>
      {/* a strip under the map: it never covers land, and stays readable */}
      <div className="attribution" data-testid="attribution" ref={attrRef}>
        {attribution.map((a) => (
          <div key={a}>{a}</div>
        ))}
      </div>
    </section>
  );
}
