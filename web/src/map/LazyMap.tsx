import { lazy, Suspense } from 'react';
import type { MapViewProps } from './MapView';

const MapView = lazy(() => import('./MapView'));

/** The map lives in its own chunk (Leaflet): pages that show one load it on demand. */
export function LazyMap(props: MapViewProps) {
  return (
    <Suspense fallback={<div className="lx-map lx-map-loading" style={{ height: props.height ?? 280 }} aria-busy="true" />}>
      <MapView {...props} />
    </Suspense>
  );
}
