// Which department a request should go to: the routing table's answer (category × region),
// adjusted by where the office actually sent requests of the same category from the same place
// (a township may handle street lights in its villages while the bureau handles them in town).
// Pure: the caller supplies the table's answer and the recent dispatch counts.

export interface DispatchCount { departmentId: number; n: number }
export interface DepartmentSuggestion { departmentId: number; score: number; via: 'history' | 'table'; reason: string }

export interface SuggestOptions {
  /** Dispatches from a place needed before its history speaks (default 5). */
  minDispatches?: number;
  /** Share of those a department needs to override the table (default 0.6). */
  minShare?: number;
}

/**
 * The ranked departments for a request. History from the narrowest place with enough dispatches
 * (community before street) overrides the table when one department took most of them; the
 * table's department is always listed.
 */
export function suggestDepartments(
  table: { departmentId: number } | null,
  history: { place: string; counts: DispatchCount[] }[],
  opts: SuggestOptions = {},
): DepartmentSuggestion[] {
  const minN = opts.minDispatches ?? 5, minShare = opts.minShare ?? 0.6;
  const out: DepartmentSuggestion[] = [];
  for (const h of history) {
    const total = h.counts.reduce((s, c) => s + c.n, 0);
    if (total < minN) continue;
    const ranked = [...h.counts].sort((a, b) => b.n - a.n || a.departmentId - b.departmentId);
    for (const c of ranked.slice(0, 3)) {
      const share = c.n / total;
      if (out.some((o) => o.departmentId === c.departmentId)) continue;
      out.push({ departmentId: c.departmentId, score: share, via: 'history',
        reason: `近期${h.place}同类诉求 ${c.n}/${total} 件派往该部门|${c.n} of ${total} recent requests of this category from ${h.place} went there` });
    }
    break; // the narrowest place with enough history decides
  }
  const top = out[0];
  const overrides = top && top.score >= minShare;
  if (table) {
    const existing = out.find((o) => o.departmentId === table.departmentId);
    const tableEntry: DepartmentSuggestion = { departmentId: table.departmentId, score: overrides ? Math.min(existing?.score ?? 0, top.score) : Math.max(existing?.score ?? 0, 0.6),
      via: 'table', reason: '分类与区域的派单规则|the routing table for this category and region' };
    const rest = out.filter((o) => o.departmentId !== table.departmentId);
    return overrides && top.departmentId !== table.departmentId ? [top, tableEntry, ...rest.filter((o) => o !== top)] : [tableEntry, ...rest];
  }
  return out;
}
