// The other two shapes of the liaison network in the reports, beside cadre groups:
//
// • 党员联户 — rural party members each linked with the households near them (seed: 23,400 rural
//   party members). Within each grid, households go to the party member nearest in address order
//   (same building first), no member above ceil(households / members); with a previous result,
//   every link whose member is still there and within capacity is kept.
// • 一对一对一 (Donggang, seed 000) — one cadre ↔ one party member ↔ one hardship household: each
//   hardship household gets a cadre (spread evenly, so one each when there are enough) and a party
//   member of its own grid (a different one for each household while there are enough).
//
// Pure: the caller supplies people and households; the answer says what could not be linked and why.

export interface LinkHousehold { id: number; gridId: number | null; buildingId: number | null; order: string }
export interface LinkMember { id: number; gridId: number | null; buildingId: number | null; order: string }
export interface LinkProblem { id: number; reason: string }

export interface MemberLinkResult {
  links: Map<number, number>;                 // household → party member
  loads: Map<number, number>;                 // member → households
  unlinked: LinkProblem[];                    // households with no member to take them
  idleMembers: LinkProblem[];
  moved: number;                              // households whose member differs from the previous result
  maxLoad: number; meanLoad: number;
}

const KEEP_TOLERANCE = 1.25;
const key = (x: { buildingId: number | null; order: string }) => `${String(x.buildingId ?? 0).padStart(10, '0')}|${x.order}`;
const byKey = <T extends { buildingId: number | null; order: string; id: number }>(a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id);

function groupByGrid<T extends { gridId: number | null }>(xs: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const x of xs) if (x.gridId !== null) { const l = m.get(x.gridId) ?? []; l.push(x); m.set(x.gridId, l); }
  return m;
}

/** 党员联户: each household of a grid with a nearby party member of that grid, loads even. */
export function linkMembers(members: LinkMember[], households: LinkHousehold[], previous: Map<number, number> = new Map()): MemberLinkResult {
  const links = new Map<number, number>();
  const loads = new Map(members.map((m) => [m.id, 0]));
  const unlinked: LinkProblem[] = [];
  const membersByGrid = groupByGrid(members);
  let moved = 0;
  for (const h of households) if (h.gridId === null) unlinked.push({ id: h.id, reason: '不在任何网格内|in no grid' });
  for (const [grid, hh] of groupByGrid(households)) {
    const mm = (membersByGrid.get(grid) ?? []).sort(byKey);
    if (!mm.length) { for (const h of hh) unlinked.push({ id: h.id, reason: '本网格没有党员|no party member in this grid' }); continue; }
    hh.sort(byKey);
    const cap = Math.ceil(hh.length / mm.length);
    // A kept link may stay while its member is a little above the even share (稳定优先): new
    // members then take only the households that must move, not a fresh even split.
    const keepCap = Math.max(cap, Math.ceil((hh.length / mm.length) * KEEP_TOLERANCE));
    // Positions on one line (address order): households and members merged.
    const pos = new Map<string, number>();
    [...hh.map((h) => ({ k: `h${h.id}`, s: key(h) })), ...mm.map((m) => ({ k: `m${m.id}`, s: key(m) }))]
      .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.k.localeCompare(b.k))).forEach((x, i) => pos.set(x.k, i));
    const here = new Set(mm.map((m) => m.id));
    const rest: LinkHousehold[] = [];
    for (const h of hh) {
      const p = previous.get(h.id);
      if (p !== undefined && here.has(p) && loads.get(p)! < keepCap) { links.set(h.id, p); loads.set(p, loads.get(p)! + 1); } else rest.push(h);
    }
    for (const h of rest) {
      const at = pos.get(`h${h.id}`)!;
      let best: LinkMember | null = null, bestD = Infinity;
      for (const m of mm) {
        if (loads.get(m.id)! >= cap) continue;
        const d = Math.abs(pos.get(`m${m.id}`)! - at) + (m.buildingId !== null && m.buildingId === h.buildingId ? 0 : 0.5);
        if (d < bestD) { best = m; bestD = d; }
      }
      links.set(h.id, best!.id);
      loads.set(best!.id, loads.get(best!.id)! + 1);
      if (previous.has(h.id)) moved++;
    }
  }
  const counts = [...loads.values()];
  return {
    links, loads, unlinked,
    idleMembers: members.filter((m) => !loads.get(m.id)).map((m) => ({ id: m.id, reason: m.gridId === null ? '不在任何网格内|in no grid' : '本网格住户已分完|no household left in the grid' })),
    moved, maxLoad: counts.length ? Math.max(...counts) : 0, meanLoad: members.length ? Math.round((links.size / members.length) * 10) / 10 : 0,
  };
}

export interface Triad { householdId: number; cadreId: number | null; memberId: number | null }
export interface TriadResult { triads: Triad[]; problems: LinkProblem[]; cadreLoads: Map<number, number>; moved: number }

/**
 * 一对一对一: every hardship household a cadre and a party member of its grid. Previous triads are
 * kept while their cadre and member are still there; new ones take the least-loaded cadre and the
 * nearest unused party member of the grid (reused only when the grid has too few).
 */
export function linkTriads(cadreIds: number[], members: LinkMember[], households: LinkHousehold[], previous: Triad[] = []): TriadResult {
  const cadreLoads = new Map(cadreIds.map((c) => [c, 0]));
  const memberUse = new Map(members.map((m) => [m.id, 0]));
  const memberById = new Map(members.map((m) => [m.id, m]));
  const prev = new Map(previous.map((t) => [t.householdId, t]));
  const problems: LinkProblem[] = [];
  const triads: Triad[] = [];
  const membersByGrid = groupByGrid(members);
  let moved = 0;
  const sorted = [...households].sort((a, b) => (a.gridId ?? 0) - (b.gridId ?? 0) || byKey(a, b));
  // Keep first (cadre and member each, while still there), so new links do not take a kept one's people.
  const draft = sorted.map((h) => {
    const p = prev.get(h.id);
    const cadreId = p?.cadreId != null && cadreLoads.has(p.cadreId) ? p.cadreId : null;
    const memberId = p?.memberId != null && memberById.get(p.memberId)?.gridId === h.gridId ? p.memberId : null;
    if (cadreId !== null) cadreLoads.set(cadreId, cadreLoads.get(cadreId)! + 1);
    if (memberId !== null) memberUse.set(memberId, memberUse.get(memberId)! + 1);
    return { h, cadreId, memberId };
  });
  const least = new LeastLoaded(cadreLoads);
  for (const d of draft) {
    const { h } = d;
    if (d.cadreId === null) {
      d.cadreId = least.take();
      if (d.cadreId === null) problems.push({ id: h.id, reason: '没有可结对的干部|no cadre to pair with' });
      else cadreLoads.set(d.cadreId, cadreLoads.get(d.cadreId)! + 1);
    }
    const mm = h.gridId === null ? [] : membersByGrid.get(h.gridId) ?? [];
    if (!mm.length) problems.push({ id: h.id, reason: h.gridId === null ? '不在任何网格内|in no grid' : '本网格没有党员|no party member in this grid' });
    else if (d.memberId === null) {
      const hk = key(h);
      // Least used first, then nearest, then address order: one pass, no sort.
      let best = mm[0], bu = Infinity, bd = Infinity;
      for (const m of mm) {
        const u = memberUse.get(m.id)!, d = Math.abs(cmp(key(m), hk));
        if (u < bu || (u === bu && (d < bd || (d === bd && byKey(m, best) < 0)))) { best = m; bu = u; bd = d; }
      }
      d.memberId = best.id;
      memberUse.set(best.id, memberUse.get(best.id)! + 1);
    }
    const p = prev.get(h.id);
    if (p && (p.cadreId !== d.cadreId || p.memberId !== d.memberId)) moved++;
    triads.push({ householdId: h.id, cadreId: d.cadreId, memberId: d.memberId });
  }
  const overloaded = [...cadreLoads.values()].some((n) => n > 1);
  if (overloaded) problems.push({ id: 0, reason: `困难户 ${households.length} 户多于干部 ${cadreIds.length} 名，部分干部结对不止一户|more hardship households than cadres: some cadres take more than one` });
  return { triads: triads.sort((a, b) => a.householdId - b.householdId), problems, cadreLoads, moved };
}

/** Distance between two address keys: how far apart they sort (0 when equal, same building nearer). */
function cmp(a: string, b: string): number {
  if (a === b) return 0;
  const [ba, oa] = a.split('|'), [bb, ob] = b.split('|');
  return ba === bb ? (oa < ob ? -1 : 1) : (ba < bb ? -2 : 2);
}

/** The cadre with the fewest households (lowest id on ties), each take adding one: a binary heap. */
class LeastLoaded {
  private heap: [number, number][];
  constructor(loads: Map<number, number>) {
    this.heap = [...loads].map(([id, n]) => [n, id] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
  private less(i: number, j: number) { const a = this.heap[i], b = this.heap[j]; return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); }
  take(): number | null {
    if (!this.heap.length) return null;
    const top = this.heap[0];
    top[0]++;
    for (let i = 0; ;) { // sift down
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < this.heap.length && this.less(l, m)) m = l;
      if (r < this.heap.length && this.less(r, m)) m = r;
      if (m === i) break;
      [this.heap[i], this.heap[m]] = [this.heap[m], this.heap[i]];
      i = m;
    }
    return top[1];
  }
}
