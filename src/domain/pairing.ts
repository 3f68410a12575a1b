// The pairing engine (联户分组): form liaison groups from a department's cadres and give every
// household of its grids to one group. Pure: the caller supplies cadres, households and the
// previous result; the answer says which group relaxed which rule and why, and a coverage
// report answers "no household missed".
//
// Groups: usually two cadres (1–3), each group with a party member (党员带非党), someone with at
// least `experiencedYears` of service (老带新) and a local (当地带外地) — wherever the mix allows.
// Households: balanced load, a group's households together (same grid, then same building, in
// address order), priority households (五老, 低保, 困难, 重病 …) spread evenly.
// Stability (定组定户): with a previous result, every group whose members are still there keeps its
// id, members and households; a group that lost a member keeps its id and gets a partner; only
// the households needed for balance move.

export interface PairingCadre { id: number; partyMember: boolean; yearsOfService: number; isLocal: boolean }
export interface PairingHousehold { id: number; gridId: number | null; buildingId: number | null; order: string; priority: boolean }
export interface PairingOptions {
  groupSize?: number;          // 1–3, default 2
  experiencedYears?: number;   // 老带新 threshold, default 5
  tolerance?: number;          // allowed load spread around the mean before households move, default 0.1
}
export interface PreviousResult { groups: { id: string; cadreIds: number[] }[]; assignments: Map<number, string> | Record<number, string> }

export type Rule = 'party' | 'experienced' | 'local';
export const RULE_ZH: Record<Rule, string> = { party: '党员带非党', experienced: '老带新', local: '当地带外地' };

export interface Group { id: string; cadreIds: number[]; relaxed: { rule: Rule; reason: string }[]; households: number; priority: number; grids: number[] }
export interface PairingResult {
  groups: Group[];
  assignments: Map<number, string>;
  coverage: {
    households: number; assigned: number;
    unassigned: { id: number; reason: string }[];
    cadresWithoutGroup: { id: number; reason: string }[];
    overloaded: string[]; underloaded: string[];
    meanLoad: number; minLoad: number; maxLoad: number;
  };
  problems: string[];
  moved: number;               // households whose group differs from the previous result
}

const RULES: Rule[] = ['party', 'experienced', 'local'];

function has(c: PairingCadre, r: Rule, years: number): boolean {
  return r === 'party' ? c.partyMember : r === 'experienced' ? c.yearsOfService >= years : c.isLocal;
}

/** Which rules a set of cadres meets (each needs at least one member with the quality). */
export function rulesMet(cadres: PairingCadre[], years: number): Set<Rule> {
  return new Set(RULES.filter((r) => cadres.some((c) => has(c, r, years))));
}

let seq = 0;
const newGroupId = (taken: Set<string>) => { let id: string; do { id = `g${(++seq).toString(36)}`; } while (taken.has(id)); taken.add(id); return id; };

/** Form the groups: keep what can be kept, fill gaps with the cadres that add the scarcest qualities. */
export function formGroups(cadres: PairingCadre[], opts: PairingOptions = {}, previous?: PreviousResult['groups']): { groups: { id: string; cadreIds: number[] }[]; problems: string[] } {
  const k = Math.min(3, Math.max(1, Math.round(opts.groupSize ?? 2)));
  const years = opts.experiencedYears ?? 5;
  const problems: string[] = [];
  const byId = new Map(cadres.map((c) => [c.id, c]));
  if (cadres.length === 0) return { groups: [], problems: ['没有干部，无法分组|no cadres to form groups'] };
  const target = Math.max(1, Math.floor(cadres.length / k));
  const ids = new Set<string>();
  // 1. Previous groups, with the members still here.
  let groups = (previous ?? []).map((g) => ({ id: g.id, cadreIds: g.cadreIds.filter((id) => byId.has(id)) })).filter((g) => g.cadreIds.length > 0);
  const placed = new Set<number>();
  groups = groups.map((g) => ({ ...g, cadreIds: g.cadreIds.filter((id) => !placed.has(id) && (placed.add(id), true)) })).filter((g) => g.cadreIds.length > 0);
  for (const g of groups) ids.add(g.id);
  // Too many groups for the cadres left: dissolve the smallest (their members become free).
  groups.sort((a, b) => b.cadreIds.length - a.cadreIds.length || a.id.localeCompare(b.id));
  const free: number[] = cadres.filter((c) => !placed.has(c.id)).map((c) => c.id);
  while (groups.length > target) { const g = groups.pop()!; free.push(...g.cadreIds); ids.delete(g.id); }
  // 2. New groups until there are `target`.
  while (groups.length < target) groups.push({ id: newGroupId(ids), cadreIds: [] });
  // 3. Free cadres, scarcest qualities first, each into the open group it helps most.
  const scarcity = Object.fromEntries(RULES.map((r) => [r, 1 / Math.max(1, cadres.filter((c) => has(c, r, years)).length)])) as Record<Rule, number>;
  const worth = (c: PairingCadre) => RULES.reduce((s, r) => s + (has(c, r, years) ? scarcity[r] : 0), 0);
  free.sort((a, b) => worth(byId.get(b)!) - worth(byId.get(a)!) || a - b);
  const cap = (i: number) => (i < cadres.length - target * k ? k + 1 : k); // sizes differ by at most one
  const capacity = new Map<string, number>();
  // Larger capacities go to the groups already largest (a kept group of three stays three).
  groups.forEach((g, i) => capacity.set(g.id, Math.max(g.cadreIds.length, cap(i))));
  // Open groups are kept in buckets by (qualities met, size), so each cadre finds its best group
  // in a handful of steps however many groups there are.
  const maskOf = (ids: number[]) => RULES.reduce((m, r, i) => (ids.some((id) => has(byId.get(id)!, r, years)) ? m | (1 << i) : m), 0);
  const buckets: (typeof groups)[][] = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => []));
  // Within a bucket the first group in order is taken first (stable results); stacks pop from the end.
  for (const g of [...groups].reverse()) if (g.cadreIds.length < capacity.get(g.id)!) buckets[maskOf(g.cadreIds)][g.cadreIds.length].push(g);
  for (const cid of free) {
    const c = byId.get(cid)!;
    let best: { mask: number; size: number } | null = null, bestScore = -Infinity;
    for (let mask = 0; mask < 8; mask++) {
      const gain = RULES.reduce((s, r, i) => s + (!(mask & (1 << i)) && has(c, r, years) ? scarcity[r] * 1000 : 0), 0);
      for (let size = 0; size < 5; size++) {
        if (!buckets[mask][size].length) continue;
        const score = gain - size * 10;
        if (score > bestScore) { best = { mask, size }; bestScore = score; }
        break; // larger sizes in this mask score lower
      }
    }
    if (!best) break;
    const g = buckets[best.mask][best.size].pop()!;
    g.cadreIds.push(cid);
    if (g.cadreIds.length < capacity.get(g.id)!) buckets[maskOf(g.cadreIds)][g.cadreIds.length].push(g);
  }
  // 4. Swaps between a group missing a quality and one that can spare it.
  improveBySwaps(groups, byId, years);
  const emptyGroups = groups.filter((g) => g.cadreIds.length === 0);
  if (emptyGroups.length) problems.push(`${emptyGroups.length} 个组没有成员|${emptyGroups.length} groups have no members`);
  return { groups: groups.filter((g) => g.cadreIds.length > 0), problems };
}

function improveBySwaps(groups: { id: string; cadreIds: number[] }[], byId: Map<number, PairingCadre>, years: number) {
  const score = (ids: number[]) => rulesMet(ids.map((id) => byId.get(id)!), years).size;
  for (let round = 0; round < 3; round++) {
    let changed = false;
    const lacking = groups.filter((g) => g.cadreIds.length > 0 && score(g.cadreIds) < 3);
    if (!lacking.length) return;
    // Donor groups per quality: those with two or more members having it, so they can give one.
    const donors = new Map<Rule, (typeof groups)>(RULES.map((r) => [r, groups.filter((g) => g.cadreIds.filter((id) => has(byId.get(id)!, r, years)).length >= 2)]));
    for (const g of lacking) {
      const missing = RULES.filter((r) => !g.cadreIds.some((id) => has(byId.get(id)!, r, years)));
      for (const r of missing) {
        let done = false;
        for (const other of donors.get(r)!) {
          if (other === g || done) continue;
          const before = score(g.cadreIds) + score(other.cadreIds);
          for (let i = 0; i < other.cadreIds.length && !done; i++) {
            if (!has(byId.get(other.cadreIds[i])!, r, years)) continue;
            for (let j = 0; j < g.cadreIds.length && !done; j++) {
              const a = [...g.cadreIds]; const b = [...other.cadreIds];
              [a[j], b[i]] = [b[i], a[j]];
              if (score(a) + score(b) > before) { g.cadreIds = a; other.cadreIds = b; done = true; changed = true; }
            }
          }
        }
      }
    }
    if (!changed) return;
  }
}

/** Why a group could not meet a rule: the department lacks the quality, or the mix ran out. */
function relaxations(groups: { id: string; cadreIds: number[] }[], byId: Map<number, PairingCadre>, years: number, all: PairingCadre[]) {
  const counts = Object.fromEntries(RULES.map((r) => [r, all.filter((c) => has(c, r, years)).length])) as Record<Rule, number>;
  const label: Record<Rule, [string, string]> = { party: ['党员', 'party members'], experienced: [`工作满${years}年的干部`, `cadres with ${years}+ years`], local: ['本地干部', 'local cadres'] };
  return new Map(groups.map((g) => {
    const met = rulesMet(g.cadreIds.map((id) => byId.get(id)!), years);
    const relaxed = RULES.filter((r) => !met.has(r)).map((r) => ({
      rule: r,
      reason: counts[r] < groups.length
        ? `本单位只有 ${counts[r]} 名${label[r][0]}，少于 ${groups.length} 个组|only ${counts[r]} ${label[r][1]} for ${groups.length} groups`
        : `调剂后仍无合适人选|no swap could supply one`,
    }));
    return [g.id, relaxed];
  }));
}

interface Bucket { id: string; list: PairingHousehold[] }

/** The whole run: groups, then households. */
export function pair(cadres: PairingCadre[], households: PairingHousehold[], opts: PairingOptions = {}, previous?: PreviousResult): PairingResult {
  const years = opts.experiencedYears ?? 5;
  const tol = opts.tolerance ?? 0.1;
  const byId = new Map(cadres.map((c) => [c.id, c]));
  const formed = formGroups(cadres, opts, previous?.groups);
  const problems = [...formed.problems];
  const groups = formed.groups;
  const prev = previous ? (previous.assignments instanceof Map ? previous.assignments : new Map(Object.entries(previous.assignments).map(([k, v]) => [Number(k), v]))) : new Map<number, string>();
  const unassigned: { id: number; reason: string }[] = [];
  const placeable = households.filter((h) => {
    if (h.gridId === null) { unassigned.push({ id: h.id, reason: '不在任何网格内|in no grid' }); return false; }
    return true;
  });
  const assignments = new Map<number, string>();
  const report = (moved: number): PairingResult => {
    const loads = new Map(groups.map((g) => [g.id, { n: 0, p: 0, grids: new Set<number>() }]));
    const hh = new Map(households.map((h) => [h.id, h]));
    for (const [hid, gid] of assignments) { const l = loads.get(gid)!; l.n++; const h = hh.get(hid)!; if (h.priority) l.p++; if (h.gridId !== null) l.grids.add(h.gridId); }
    const rel = relaxations(groups, byId, years, cadres);
    const counts = [...loads.values()].map((l) => l.n);
    const mean = groups.length ? placeable.length / groups.length : 0;
    return {
      groups: groups.map((g) => ({ id: g.id, cadreIds: g.cadreIds, relaxed: rel.get(g.id) ?? [], households: loads.get(g.id)!.n, priority: loads.get(g.id)!.p, grids: [...loads.get(g.id)!.grids].sort((a, b) => a - b) })),
      assignments,
      coverage: {
        households: households.length, assigned: assignments.size, unassigned,
        cadresWithoutGroup: cadres.filter((c) => !groups.some((g) => g.cadreIds.includes(c.id))).map((c) => ({ id: c.id, reason: '干部人数不足以再组一组|not enough cadres for another group' })),
        overloaded: groups.filter((g) => loads.get(g.id)!.n > Math.ceil(mean * (1 + tol))).map((g) => g.id),
        underloaded: groups.filter((g) => loads.get(g.id)!.n < Math.floor(mean * (1 - tol))).map((g) => g.id),
        meanLoad: Math.round(mean * 10) / 10, minLoad: counts.length ? Math.min(...counts) : 0, maxLoad: counts.length ? Math.max(...counts) : 0,
      },
      problems, moved,
    };
  };
  if (!groups.length) {
    for (const h of placeable) unassigned.push({ id: h.id, reason: '没有可用的联户组|no group to take it' });
    return report(0);
  }
  // Households in address order within grid and building: neighbours are next to each other.
  const ordered = [...placeable].sort((a, b) => (a.gridId! - b.gridId!) || ((a.buildingId ?? 0) - (b.buildingId ?? 0)) || (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id - b.id));
  const G = groups.length, H = ordered.length;
  const groupIds = new Set(groups.map((g) => g.id));
  const fresh = !previous || ![...prev.values()].some((g) => groupIds.has(g));
  const buckets = new Map<string, Bucket>(groups.map((g) => [g.id, { id: g.id, list: [] }]));
  if (fresh) {
    // Contiguous cuts of the ordered line: equal loads, compact areas.
    for (let i = 0; i < G; i++) {
      const from = Math.floor((i * H) / G), to = Math.floor(((i + 1) * H) / G);
      buckets.get(groups[i].id)!.list.push(...ordered.slice(from, to));
    }
  } else {
    const orphans: PairingHousehold[] = [];
    for (const h of ordered) {
      const g = prev.get(h.id);
      if (g && buckets.has(g)) buckets.get(g)!.list.push(h); else orphans.push(h);
    }
    rebalance(ordered, orphans, buckets, G, tol);
  }
  spreadPriority(buckets, tol);
  let moved = 0;
  for (const b of buckets.values()) for (const h of b.list) { assignments.set(h.id, b.id); if (prev.size && prev.get(h.id) !== b.id) moved++; }
  return report(moved);
}

/**
 * Put orphaned households with the nearest group (by position on the ordered line), then move
 * households from groups above the band to groups below it, taking from the nearest groups on
 * the line, so the fewest move and areas stay compact.
 */
function rebalance(ordered: PairingHousehold[], orphans: PairingHousehold[], buckets: Map<string, Bucket>, G: number, tol: number) {
  const H = ordered.length;
  const mean = H / G;
  const hi = Math.max(Math.ceil(mean * (1 + tol)), Math.ceil(mean)), lo = Math.min(Math.floor(mean * (1 - tol)), Math.floor(mean));
  const pos = new Map(ordered.map((h, i) => [h.id, i]));
  const all = [...buckets.values()];
  // Each group's centre on the line, kept as a running sum.
  const sum = new Map(all.map((b) => [b, b.list.reduce((s, h) => s + pos.get(h.id)!, 0)]));
  const centreOf = new Map<Bucket, number>();
  const centre = (b: Bucket) => (b.list.length ? sum.get(b)! / b.list.length : centreOf.get(b) ?? 0);
  const add = (b: Bucket, hs: PairingHousehold[]) => { b.list.push(...hs); sum.set(b, sum.get(b)! + hs.reduce((s, h) => s + pos.get(h.id)!, 0)); };
  // A new, empty group starts where the fullest group stands.
  for (const b of all) if (!b.list.length) {
    const donor = all.filter((x) => x.list.length).sort((x, y) => y.list.length - x.list.length)[0];
    centreOf.set(b, donor ? centre(donor) : 0);
  }
  const nearest = (p: number, ok: (b: Bucket) => boolean, not?: Bucket) => {
    let best: Bucket | null = null, d = Infinity;
    for (const b of all) { if (b === not || !ok(b)) continue; const x = Math.abs(centre(b) - p); if (x < d) { best = b; d = x; } }
    return best;
  };
  for (const h of orphans) add((nearest(pos.get(h.id)!, (b) => b.list.length < hi) ?? nearest(pos.get(h.id)!, () => true))!, [h]);
  for (let guard = 0; guard < 4 * G; guard++) {
    let to: Bucket | null = all.filter((b) => b.list.length < lo).sort((a, b) => a.list.length - b.list.length)[0] ?? null;
    let from: Bucket | null = null;
    if (to) from = nearest(centre(to), (b) => b.list.length > Math.ceil(mean), to) ?? nearest(centre(to), (b) => b.list.length > lo, to);
    else {
      from = all.filter((b) => b.list.length > hi).sort((a, b) => b.list.length - a.list.length)[0] ?? null;
      if (from) to = nearest(centre(from), (b) => b.list.length < hi, from);
    }
    if (!to || !from) break;
    const give = to.list.length < lo
      ? Math.min(lo - to.list.length, Math.max(1, from.list.length - Math.max(lo, Math.ceil(mean))))
      : Math.min(from.list.length - hi, hi - to.list.length);
    if (give <= 0) break;
    const c = centre(to);
    from.list.sort((a, b) => Math.abs(pos.get(a.id)! - c) - Math.abs(pos.get(b.id)! - c));
    const moved = from.list.splice(0, give);
    sum.set(from, sum.get(from)! - moved.reduce((s, h) => s + pos.get(h.id)!, 0));
    add(to, moved);
  }
  for (const b of all) b.list.sort((a, b2) => pos.get(a.id)! - pos.get(b2.id)!);
}

/** Even out priority households: swap a priority one from a group above its share for a non-priority one in the same grid below it. */
function spreadPriority(buckets: Map<string, Bucket>, _tol: number) {
  const all = [...buckets.values()];
  const P = all.reduce((s, b) => s + b.list.filter((h) => h.priority).length, 0);
  if (!P) return;
  const share = (b: Bucket) => (b.list.length ? P * (b.list.length / all.reduce((s, x) => s + x.list.length, 0)) : 0);
  const count = (b: Bucket) => b.list.filter((h) => h.priority).length;
  const byGrid = new Map<number, Bucket[]>();
  for (const b of all) for (const g of new Set(b.list.map((h) => h.gridId!))) { const l = byGrid.get(g) ?? []; l.push(b); byGrid.set(g, l); }
  for (let guard = 0; guard < all.length * 4; guard++) {
    let changed = false;
    for (const b of all) {
      if (count(b) <= Math.ceil(share(b)) + 1) continue;
      const h = b.list.find((x) => x.priority)!;
      const peers = (byGrid.get(h.gridId!) ?? []).filter((o) => o !== b && count(o) < Math.floor(share(o)));
      for (const o of peers) {
        const j = o.list.findIndex((x) => !x.priority && x.gridId === h.gridId);
        if (j < 0) continue;
        const i = b.list.indexOf(h);
        [b.list[i], o.list[j]] = [o.list[j], b.list[i]];
        changed = true;
        break;
      }
    }
    if (!changed) return;
  }
}
