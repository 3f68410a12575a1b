// The region tree's rules: levels in order, and building the nested tree from flat rows.
import type { RegionLevel } from '../db/schema.ts';

export const LEVELS: RegionLevel[] = ['district', 'street', 'community', 'grid'];
export const LEVEL_LABELS: Record<RegionLevel, { zh: string; en: string }> = {
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道/乡镇', en: 'Sub-district / township' },
  community: { zh: '社区/村', en: 'Community / village' },
  grid: { zh: '网格', en: 'Grid' },
};

export function childLevel(level: RegionLevel): RegionLevel | null {
  return LEVELS[LEVELS.indexOf(level) + 1] ?? null;
}

export interface TreeNode<T> { node: T; children: TreeNode<T>[] }

/** Nest flat rows by parent; rows whose parent is not among them become roots. */
export function buildTree<T extends { id: number; parentId: number | null }>(rows: T[]): (T & { children: any[] })[] {
  const byId = new Map<number, T & { children: any[] }>();
  for (const r of rows) byId.set(r.id, { ...r, children: [] });
  const roots: (T & { children: any[] })[] = [];
  for (const n of byId.values()) {
    const p = n.parentId === null ? undefined : byId.get(n.parentId);
    if (p) p.children.push(n); else roots.push(n);
  }
  return roots;
}
