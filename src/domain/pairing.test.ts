import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formGroups, pair, rulesMet, type PairingCadre, type PairingHousehold } from './pairing.ts';

/** A department: n cadres with a given share of party members, experienced and local ones. */
function cadres(n: number, share = { party: 0.5, experienced: 0.5, local: 0.5 }, start = 1): PairingCadre[] {
  return Array.from({ length: n }, (_, i) => ({
    id: start + i,
    partyMember: (i * 7919) % 100 < share.party * 100,
    yearsOfService: (i * 104729) % 100 < share.experienced * 100 ? 12 : 2,
    isLocal: (i * 1299709) % 100 < share.local * 100,
  }));
}
function households(n: number, grids = 4, priorityEvery = 10, start = 1): PairingHousehold[] {
  return Array.from({ length: n }, (_, i) => ({
    id: start + i, gridId: 1 + (i % grids), buildingId: 1 + Math.floor(i / 12), order: String(i).padStart(6, '0'), priority: i % priorityEvery === 0,
  }));
}
const byId = (cs: PairingCadre[]) => new Map(cs.map((c) => [c.id, c]));

describe('forming groups', () => {
  it('pairs so that every group has a party member, an experienced cadre and a local one when the mix allows', () => {
    // 20 experienced local party members and 20 newcomers from elsewhere, in a shuffled order.
    const cs = Array.from({ length: 40 }, (_, i) => {
      const senior = (i * 7) % 40 < 20;
      return { id: i + 1, partyMember: senior, yearsOfService: senior ? 15 : 1, isLocal: senior };
    });
    const { groups } = formGroups(cs);
    expect(groups).toHaveLength(20);
    const m = byId(cs);
    for (const g of groups) expect([...rulesMet(g.cadreIds.map((id) => m.get(id)!), 5)].sort()).toEqual(['experienced', 'local', 'party']);
    expect(new Set(groups.flatMap((g) => g.cadreIds)).size).toBe(40);
  });

  it('makes groups of 1–3 with sizes differing by at most one, and places an odd cadre', () => {
    for (const size of [1, 2, 3]) {
      const { groups } = formGroups(cadres(11), { groupSize: size });
      const sizes = groups.map((g) => g.cadreIds.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(11);
    }
  });

  it('says which group relaxed which rule and why when there are too few party members', () => {
    const cs = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, partyMember: i < 2, yearsOfService: 10, isLocal: true })); // 2 party members for 5 groups
    const r = pair(cs, households(50));
    const relaxed = r.groups.filter((g) => g.relaxed.some((x) => x.rule === 'party'));
    expect(relaxed).toHaveLength(3);
    expect(relaxed[0].relaxed[0].reason).toMatch(/党员/);
    expect(r.groups.filter((g) => g.relaxed.length === 0)).toHaveLength(2);
  });

  it('handles a department with no party member and one with no cadres at all', () => {
    const none = pair(cadres(6, { party: 0, experienced: 1, local: 1 }), households(30));
    expect(none.groups.every((g) => g.relaxed.some((x) => x.rule === 'party'))).toBe(true);
    expect(none.coverage.assigned).toBe(30);
    const empty = pair([], households(5));
    expect(empty.groups).toEqual([]);
    expect(empty.coverage.unassigned).toHaveLength(5);
    expect(empty.problems[0]).toMatch(/没有干部/);
  });

  it('meets every rule in as many groups as the scarcest quality allows, on mixed departments', () => {
    for (const n of [12, 30, 64]) {
      const cs = cadres(n, { party: 0.6, experienced: 0.6, local: 0.6 });
      const { groups } = formGroups(cs);
      const m = byId(cs);
      const scarcest = Math.min(...(['party', 'experienced', 'local'] as const).map((r) => cs.filter((c) => rulesMet([c], 5).has(r)).length));
      const full = groups.filter((g) => rulesMet(g.cadreIds.map((id) => m.get(id)!), 5).size === 3).length;
      expect(full, `n=${n}`).toBeGreaterThanOrEqual(Math.min(groups.length, scarcest) - Math.ceil(groups.length * 0.2));
    }
  });
});

describe('assigning households', () => {
  it('gives every household to exactly one group, loads within one of each other, neighbours together', () => {
    const r = pair(cadres(20), households(503, 4));
    expect(r.coverage.assigned).toBe(503);
    expect(r.coverage.maxLoad - r.coverage.minLoad).toBeLessThanOrEqual(1);
    // Compactness: most groups cover one grid, none more than two.
    expect(Math.max(...r.groups.map((g) => g.grids.length))).toBeLessThanOrEqual(2);
  });

  it('spreads priority households evenly', () => {
    const hs = households(400, 2, 5).map((h, i) => ({ ...h, priority: i < 80 })); // all the priority ones at the start of the line
    const r = pair(cadres(20), hs);
    const counts = r.groups.map((g) => g.priority);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(80);
    expect(Math.max(...counts)).toBeLessThanOrEqual(Math.ceil(80 / 10) + 2);
  });

  it('reports a household outside every grid instead of dropping it silently', () => {
    const hs = [...households(20), { id: 999, gridId: null, buildingId: null, order: 'x', priority: false }];
    const r = pair(cadres(4), hs);
    expect(r.coverage.unassigned).toEqual([{ id: 999, reason: '不在任何网格内|in no grid' }]);
    expect(r.coverage.assigned).toBe(20);
  });
});

describe('stability (定组定户)', () => {
  it('moves nothing when nothing changed', () => {
    const cs = cadres(30), hs = households(600);
    const first = pair(cs, hs);
    const again = pair(cs, hs, {}, { groups: first.groups, assignments: first.assignments });
    expect(again.moved).toBe(0);
    expect(again.groups.map((g) => [g.id, g.cadreIds])).toEqual(first.groups.map((g) => [g.id, g.cadreIds]));
  });

  it('after 5% of cadres leave and 5% join, moves few households and keeps groups that lost a member', () => {
    const cs = cadres(200), hs = households(4000, 8);
    const first = pair(cs, hs);
    const leaving = new Set(cs.filter((_, i) => i % 20 === 3).map((c) => c.id)); // 10 leave
    const next = [...cs.filter((c) => !leaving.has(c.id)), ...cadres(10, undefined, 10_000)]; // 10 join
    const r = pair(next, hs, {}, { groups: first.groups, assignments: first.assignments });
    expect(r.coverage.assigned).toBe(4000);
    expect(r.moved / 4000).toBeLessThanOrEqual(0.06);
    const kept = r.groups.filter((g) => first.groups.some((f) => f.id === g.id)).length;
    expect(kept).toBeGreaterThanOrEqual(first.groups.length - 1);
    expect(r.coverage.maxLoad - r.coverage.minLoad).toBeLessThanOrEqual(Math.ceil(20 * 0.25));
  });

  it('property: every household assigned exactly once, and a re-run with no change moves nothing', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), (nc, nh, grids, size) => {
      const cs = cadres(nc), hs = households(nh, grids);
      const r = pair(cs, hs, { groupSize: size });
      expect(r.coverage.assigned).toBe(nh);
      expect(new Set(r.assignments.keys()).size).toBe(nh);
      for (const gid of r.assignments.values()) expect(r.groups.some((g) => g.id === gid)).toBe(true);
      const cadreIds = r.groups.flatMap((g) => g.cadreIds);
      expect(new Set(cadreIds).size).toBe(cadreIds.length);
      expect(cadreIds.length + r.coverage.cadresWithoutGroup.length).toBe(nc);
      const again = pair(cs, hs, { groupSize: size }, { groups: r.groups, assignments: r.assignments });
      expect(again.moved).toBe(0);
    }), { numRuns: 200 });
  });
});
