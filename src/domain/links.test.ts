import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linkMembers, linkTriads, type LinkHousehold, type LinkMember } from './links.ts';

const hh = (id: number, gridId: number | null, buildingId: number, order: string): LinkHousehold => ({ id, gridId, buildingId, order });

const world = fc.record({
  grids: fc.integer({ min: 1, max: 5 }),
  households: fc.array(fc.record({ grid: fc.integer({ min: 0, max: 4 }), building: fc.integer({ min: 1, max: 6 }), door: fc.integer({ min: 101, max: 699 }) }), { minLength: 1, maxLength: 120 }),
  members: fc.array(fc.record({ grid: fc.integer({ min: 0, max: 4 }), building: fc.integer({ min: 1, max: 6 }), door: fc.integer({ min: 101, max: 699 }) }), { maxLength: 30 }),
}).map(({ grids, households, members }) => ({
  households: households.map((h, i) => hh(i + 1, h.grid % grids, h.building, `${h.building}号${h.door}`)),
  members: members.map((m, i) => ({ id: 1000 + i, gridId: m.grid % grids, buildingId: m.building, order: `${m.building}号${m.door}` }) as LinkMember),
}));

describe('党员联户 (party members ↔ nearby households)', () => {
  it('links a grid’s households to the nearest member, evenly', () => {
    const households = [hh(1, 1, 1, '1号101'), hh(2, 1, 1, '1号102'), hh(3, 1, 2, '2号101'), hh(4, 1, 2, '2号102')];
    const members = [{ id: 10, gridId: 1, buildingId: 1, order: '1号201' }, { id: 11, gridId: 1, buildingId: 2, order: '2号201' }];
    const r = linkMembers(members, households);
    expect([...r.links]).toEqual([[1, 10], [2, 10], [3, 11], [4, 11]]);
    expect(r.maxLoad).toBe(2);
  });
  it('says why a household has no member', () => {
    const r = linkMembers([{ id: 10, gridId: 1, buildingId: 1, order: 'a' }], [hh(1, 2, 1, 'a'), hh(2, null, 1, 'b')]);
    expect(r.unlinked.map((u) => u.reason.split('|')[0]).sort()).toEqual(['不在任何网格内', '本网格没有党员']);
    expect(r.idleMembers).toHaveLength(1);
  });
  it('every household of a grid with members is linked exactly once, within capacity; a re-run moves nothing', () => {
    fc.assert(fc.property(world, ({ households, members }) => {
      const r = linkMembers(members, households);
      for (const h of households) {
        const has = members.some((m) => m.gridId === h.gridId);
        expect(r.links.has(h.id)).toBe(has);
        if (has) expect(members.find((m) => m.id === r.links.get(h.id))!.gridId).toBe(h.gridId);
      }
      expect(r.links.size + r.unlinked.length).toBe(households.length);
      for (const m of members) {
        const n = households.filter((h) => h.gridId === m.gridId).length, k = members.filter((x) => x.gridId === m.gridId).length;
        expect(r.loads.get(m.id)!).toBeLessThanOrEqual(Math.ceil(n / k));
      }
      const again = linkMembers(members, households, r.links);
      expect(again.moved).toBe(0);
      expect([...again.links].sort()).toEqual([...r.links].sort());
    }));
  });
  it('after a member leaves, their households move to members of the same grid; other grids do not change', () => {
    fc.assert(fc.property(world, ({ households, members }) => {
      fc.pre(members.length > 1);
      const r = linkMembers(members, households);
      const gone = members[0];
      const after = linkMembers(members.slice(1), households, r.links);
      for (const h of households) {
        if (h.gridId !== gone.gridId) expect(after.links.get(h.id)).toBe(r.links.get(h.id));
        else if (r.links.get(h.id) === gone.id) expect(after.links.get(h.id) === undefined || after.links.get(h.id) !== gone.id).toBe(true);
      }
      const hadGone = [...r.links.values()].filter((m) => m === gone.id).length;
      expect(after.moved).toBeGreaterThanOrEqual(members.slice(1).some((m) => m.gridId === gone.gridId) ? hadGone : 0);
    }));
  });
});

describe('一对一对一 (cadre ↔ party member ↔ hardship household)', () => {
  it('gives each household its own cadre and a member of its grid while there are enough', () => {
    const households = [hh(1, 1, 1, 'a'), hh(2, 1, 1, 'b'), hh(3, 2, 1, 'c')];
    const members = [{ id: 10, gridId: 1, buildingId: 1, order: 'a2' }, { id: 11, gridId: 1, buildingId: 1, order: 'b2' }, { id: 12, gridId: 2, buildingId: 1, order: 'c2' }];
    const r = linkTriads([100, 101, 102], members, households);
    expect(new Set(r.triads.map((t) => t.cadreId)).size).toBe(3);
    expect(new Set(r.triads.map((t) => t.memberId)).size).toBe(3);
    expect(r.triads.find((t) => t.householdId === 3)!.memberId).toBe(12);
    expect(r.problems).toEqual([]);
  });
  it('reports too few cadres and grids without a party member, never a crash', () => {
    const r = linkTriads([100], [], [hh(1, 1, 1, 'a'), hh(2, 1, 1, 'b')]);
    expect(r.triads.map((t) => t.cadreId)).toEqual([100, 100]);
    expect(r.problems.map((p) => p.reason.split('|')[0])).toContain('本网格没有党员');
    expect(r.problems.some((p) => p.reason.startsWith('困难户 2 户多于干部 1 名'))).toBe(true);
    expect(linkTriads([], [], [hh(1, 1, 1, 'a')]).problems[0].reason).toMatch(/没有可结对的干部/);
  });
  it('every household gets exactly one triad; re-running keeps them all', () => {
    fc.assert(fc.property(world, fc.integer({ min: 0, max: 40 }), ({ households, members }, nCadres) => {
      const cadres = Array.from({ length: nCadres }, (_, i) => 500 + i);
      const r = linkTriads(cadres, members, households);
      expect(r.triads.map((t) => t.householdId).sort((a, b) => a - b)).toEqual(households.map((h) => h.id).sort((a, b) => a - b));
      if (nCadres >= households.length) expect(Math.max(0, ...r.cadreLoads.values())).toBeLessThanOrEqual(1);
      const again = linkTriads(cadres, members, households, r.triads);
      expect(again.moved).toBe(0);
      expect(again.triads).toEqual(r.triads);
    }));
  });
});
