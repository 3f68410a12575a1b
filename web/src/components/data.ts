// Shared data hooks: one loader with loading/error state, and cached reference lists (region
// tree, household tags, departments) that several pages and filters use.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api.ts';

export interface RegionNode { id: number; parentId: number | null; level: 'district' | 'street' | 'community' | 'grid'; code: string; name: string; kind: string | null; children?: RegionNode[] }
export interface HouseholdTag { id: number; name: string; priority: boolean; description: string | null; sort: number; active: boolean; version: number }
export interface Department { id: number; code: string; name: string; kind: 'bureau' | 'township' | 'office' | 'other'; regionId: number; phone: string | null; cadreCount: number; version: number }

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    loadRef.current(ctl.signal).then(
      (d) => { if (!ctl.signal.aborted) { setData(d); setLoading(false); } },
      (e) => {
        if (ctl.signal.aborted || (e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e?.message ?? e), String(e?.message ?? e)));
        setLoading(false);
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

// Reference lists change rarely; one request per page load is enough.
const cache = new Map<string, Promise<unknown>>();
function cached<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = api.get<T>(path);
    cache.set(path, p);
    p.catch(() => cache.delete(path));
  }
  return p;
}
export function forgetCached(path: string) { cache.delete(path); }

export const useRegionTree = () => useLoad(() => cached<RegionNode[]>('/api/regions/tree'), []);
export const useHouseholdTags = () => useLoad(() => cached<HouseholdTag[]>('/api/household-tags'), []);
export const useDepartments = () => useLoad(() => cached<Department[] | { items: Department[] }>('/api/departments')
  .then((d) => (Array.isArray(d) ? d : d.items)), []);

export function findRegion(nodes: RegionNode[] | undefined, id: number): RegionNode | null {
  for (const n of nodes ?? []) {
    if (n.id === id) return n;
    const hit = findRegion(n.children, id);
    if (hit) return hit;
  }
  return null;
}

/** Stable colours per tag name: the same tag looks the same on every page. */
const PALETTE = ['red', 'volcano', 'orange', 'gold', 'green', 'cyan', 'blue', 'geekblue', 'purple', 'magenta'];
export function tagColour(name: string, tags?: HouseholdTag[]): string {
  const i = tags?.findIndex((t) => t.name === name) ?? -1;
  if (i >= 0) return PALETTE[i % PALETTE.length];
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return PALETTE[h % PALETTE.length];
}
