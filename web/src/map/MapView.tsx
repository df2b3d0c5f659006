import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, useRef } from 'react';
import type { LatLng } from '../api/types';
import { useUnits } from '../app/data';
import { useI18n } from '../i18n';
import { useOutline } from './data';
import { HeatLayer } from './heat';
import { LabelLayer } from './labels';
import { orientationLabels } from './orient';
import { configuredProvider, fromDisplay, toDisplay } from './providers';

export interface MapPoint extends LatLng {
  label?: string;
  color?: string;
}

/** A place drawn as a focusable marker (a button for keyboards and screen readers). */
export interface MapPlace extends LatLng {
  id: string;
  label: string;
  open: boolean;
  selected?: boolean;
}

export interface MapViewProps {
  /** Accessible name of the map region. */
  label: string;
  height?: number | string;
  /** Small named dots (communities, grids). */
  points?: MapPoint[];
  /** The chosen place (a pin). */
  marker?: LatLng | null;
  /** Heat-map points. */
  heat?: LatLng[];
  /** Clicking the map picks a place (WGS-84). */
  onPick?: (p: LatLng) => void;
  center?: LatLng | null;
  /** Places as markers; the view fits them (and `me`). */
  places?: MapPlace[];
  /** A marker was clicked or pressed with Enter. */
  onPlace?: (id: string) => void;
  /** Where the user is (or the point distances are measured from). */
  me?: LatLng | null;
  meLabel?: string;
}

/**
 * Leaflet map that needs no tile server: the district outline (GET /api/geo/outline) and the
 * names of streets, communities and grids (GET /api/units, labels.ts) are the base; a configured
 * provider's tiles (with their own street names) are laid under it instead when there is one.
 */
export default function MapView({ label, height = 280, points, marker, heat, onPick, center, places, onPlace, me, meLabel }: MapViewProps) {
  const { t } = useI18n();
  const el = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const outlineLayer = useRef<L.GeoJSON | null>(null);
  const pointLayer = useRef<L.LayerGroup | null>(null);
  const pin = useRef<L.CircleMarker | null>(null);
  const heatLayer = useRef<HeatLayer | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const placeRef = useRef(onPlace);
  placeRef.current = onPlace;
  const placeLayer = useRef<L.LayerGroup | null>(null);
  const meLayer = useRef<L.CircleMarker | null>(null);
  const markers = useRef(new Map<string, L.Marker>());
  const outline = useOutline();
  const p = configuredProvider;
  const offline = p.layers.length === 0;
  const units = useUnits();
  const labels = useMemo(() => (offline && units.data ? orientationLabels(units.data) : []), [offline, units.data]);
  const demoUnits = offline && !!units.data?.some((u) => u.kind === 'community' && u.location && u.demo);
  const labelLayer = useRef<LabelLayer | null>(null);
  // The outline frames the map only when nothing else decides the view.
  const frameByOutline = useRef(true);
  frameByOutline.current = !center && !marker && !places?.length && !me;

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, {
      zoomControl: true,
      attributionControl: p.layers.length > 0,
      center: toDisplay(p, 37.52, 111.14),
      zoom: 11,
      minZoom: 8,
      maxZoom: 18,
      keyboard: true,
    });
    for (const layer of p.layers)
      L.tileLayer(layer.url, { subdomains: layer.subdomains ?? 'abc', attribution: layer.attribution, maxZoom: layer.maxZoom }).addTo(m);
    // The outline is the base map: a pane under the data (overlayPane is 400).
    const base = m.createPane('lx-outline');
    base.style.zIndex = '350';
    m.on('click', (e: L.LeafletMouseEvent) => pickRef.current?.(fromDisplay(p, e.latlng.lat, e.latlng.lng)));
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refit when the pin or centre is cleared
  useEffect(() => {
    const m = map.current;
    if (!m || !outline) return;
    outlineLayer.current?.remove();
    const layer = L.geoJSON(outline, {
      coordsToLatLng: (c) => L.latLng(...toDisplay(p, c[1] as number, c[0] as number)),
      style: { color: '#c8102e', weight: 2, fillColor: '#fff5f5', fillOpacity: p.layers.length ? 0.05 : 0.85 },
      interactive: false,
      pane: 'lx-outline',
    }).addTo(m);
    outlineLayer.current = layer;
    // not animated: Leaflet drops a setView (the pin) that arrives during a zoom animation
    if (frameByOutline.current) m.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
  }, [outline, center, marker]);

  // Markers are built when the set of places or the origin changes; choosing one only restyles
  // it (below), so the marker a keyboard user pressed keeps the focus.
  const placesKey = (places ?? []).map((x) => `${x.id}:${x.open ? 1 : 0}:${x.label}`).join('|');
  const placesNow = useRef(places);
  placesNow.current = places;
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt by placesKey, read through placesNow
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    placeLayer.current?.remove();
    placeLayer.current = null;
    markers.current.clear();
    meLayer.current?.remove();
    meLayer.current = null;
    const list = placesNow.current ?? [];
    const bounds: L.LatLngExpression[] = [];
    if (me) {
      const ll = toDisplay(p, me.lat, me.lng);
      meLayer.current = L.circleMarker(ll, {
        radius: 9,
        color: '#fff',
        weight: 3,
        fillColor: '#1d4ed8',
        fillOpacity: 1,
      }).addTo(m);
      if (meLabel) meLayer.current.bindTooltip(meLabel, { direction: 'top', className: 'lx-me-tip' });
      bounds.push(ll);
    }
    if (list.length) {
      const g = L.layerGroup();
      for (const pl of list) {
        const ll = toDisplay(p, pl.lat, pl.lng);
        const icon = L.divIcon({
          className: `lx-pin${pl.open ? ' is-open' : ''}`,
          html: '<span aria-hidden="true"></span>',
          iconSize: [30, 30],
          iconAnchor: [15, 15],
        });
        const mk = L.marker(ll, { icon, keyboard: true, title: pl.label, riseOnHover: true });
        mk.on('click', () => placeRef.current?.(pl.id));
        // a marker is a button: Enter or Space chooses it, as a click does
        mk.on('keydown', (e: L.LeafletKeyboardEvent) => {
          if (e.originalEvent.key !== 'Enter' && e.originalEvent.key !== ' ') return;
          e.originalEvent.preventDefault();
          placeRef.current?.(pl.id);
        });
        mk.on('add', () => mk.getElement()?.setAttribute('aria-label', pl.label));
        g.addLayer(mk);
        markers.current.set(pl.id, mk);
        bounds.push(ll);
      }
      g.addTo(m);
      placeLayer.current = g;
    }
    if (bounds.length > 1) m.fitBounds(L.latLngBounds(bounds), { padding: [28, 28], maxZoom: 16, animate: false });
    else if (bounds.length === 1) m.setView(bounds[0] as L.LatLngExpression, 15, { animate: false });
  }, [placesKey, me, meLabel]);

  useEffect(() => {
    for (const pl of places ?? []) {
      const mk = markers.current.get(pl.id);
      if (!mk) continue;
      mk.getElement()?.classList.toggle('is-selected', !!pl.selected);
      mk.getElement()?.setAttribute('aria-pressed', pl.selected ? 'true' : 'false');
      mk.setZIndexOffset(pl.selected ? 1000 : 0);
    }
  }, [places]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    pointLayer.current?.remove();
    if (!points?.length) return;
    const g = L.layerGroup();
    for (const pt of points) {
      const cm = L.circleMarker(toDisplay(p, pt.lat, pt.lng), {
        radius: 4,
        color: pt.color ?? '#1f4e79',
        weight: 1,
        fillOpacity: 0.8,
      });
      if (pt.label) cm.bindTooltip(pt.label);
      g.addLayer(cm);
    }
    g.addTo(m);
    pointLayer.current = g;
  }, [points]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    pin.current?.remove();
    pin.current = null;
    if (!marker) return;
    const ll = toDisplay(p, marker.lat, marker.lng);
    pin.current = L.circleMarker(ll, { radius: 10, color: '#fff', weight: 3, fillColor: '#c8102e', fillOpacity: 1 }).addTo(m);
    // close enough that the communities around the pin are named
    m.setView(ll, Math.max(m.getZoom(), p.layers.length ? 15 : 14));
  }, [marker]);

  useEffect(() => {
    const m = map.current;
    if (!m || !center) return;
    m.setView(toDisplay(p, center.lat, center.lng), 13);
  }, [center]);

  useEffect(() => {
    const m = map.current;
    if (!m || !labels.length) return;
    if (labelLayer.current) labelLayer.current.setLabels(labels);
    else labelLayer.current = new LabelLayer(labels, (l) => toDisplay(p, l.lat, l.lng)).addTo(m);
  }, [labels]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const pts = (heat ?? []).map((h) => toDisplay(p, h.lat, h.lng));
    if (!heatLayer.current) {
      if (!pts.length) return;
      heatLayer.current = new HeatLayer(pts).addTo(m);
    } else heatLayer.current.setPoints(pts);
  }, [heat]);

  return (
    <div className="lx-map-wrap">
      <section ref={el} className="lx-map" style={{ height }} aria-label={label} />
      {offline && (
        <div className="lx-map-note">
          {t('map.noTiles')}
          {demoUnits && ` · ${t('map.demoUnits')}`}
        </div>
      )}
    </div>
  );
}
