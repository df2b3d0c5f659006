import { useEffect, useState } from 'react';
import { catalog } from '../api/endpoints';

let outlinePromise: Promise<GeoJSON.FeatureCollection> | null = null;

/** The district outline, fetched once per page load. */
export function loadOutline(): Promise<GeoJSON.FeatureCollection> {
  outlinePromise ??= catalog.outline().catch((e) => {
    outlinePromise = null;
    throw e;
  });
  return outlinePromise;
}

export function useOutline(): GeoJSON.FeatureCollection | null {
  const [o, setO] = useState<GeoJSON.FeatureCollection | null>(null);
  useEffect(() => {
    let live = true;
    loadOutline()
      .then((x) => live && setO(x))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return o;
}
