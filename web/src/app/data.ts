import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { catalog } from '../api/endpoints';
import type { Category, Unit } from '../api/types';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs `fn` when `deps` change; keeps the last data while reloading. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    let live = true;
    setLoading(true);
    fnRef
      .current()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', String(e), String(e)));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

let categoriesP: Promise<Category[]> | null = null;
let unitsP: Promise<Unit[]> | null = null;

export function loadCategories(): Promise<Category[]> {
  categoriesP ??= catalog.categories().catch((e) => {
    categoriesP = null;
    throw e;
  });
  return categoriesP;
}

export function invalidateCategories(): void {
  categoriesP = null;
}

/** The whole organisation tree (public: names and positions of units). */
export function loadUnits(): Promise<Unit[]> {
  unitsP ??= catalog.units().catch((e) => {
    unitsP = null;
    throw e;
  });
  return unitsP;
}

export function invalidateUnits(): void {
  unitsP = null;
}

export const useCategories = () => useAsync(loadCategories, []);
export const useUnits = () => useAsync(loadUnits, []);

export function unitName(units: Unit[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return units?.find((u) => u.id === id)?.name ?? id;
}

export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
