import { describe, expect, it } from 'vitest';
import { assignCommunities, demoVisits } from './liaison.ts';

describe('demo 结对', () => {
  it('gives every community one department, pinned ones as pinned, load per cadre even', () => {
    const communities = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, households: 100 + ((i * 37) % 400) }));
    const departments = [{ id: 1, cadres: 10 }, { id: 2, cadres: 20 }, { id: 3, cadres: 40 }, { id: 4, cadres: 0 }];
    const a = assignCommunities(communities, departments, new Map([[7, 4]]));
    expect(a.size).toBe(30);
    expect(a.get(7)).toBe(4);
    const perCadre = [1, 2, 3].map((d) => communities.filter((c) => a.get(c.id) === d).reduce((n, c) => n + c.households, 0) / departments.find((x) => x.id === d)!.cadres);
    expect(Math.max(...perCadre) / Math.min(...perCadre)).toBeLessThan(1.5);
  });
});

describe('demo visits', () => {
  it('are in the weeks before today, by the household’s group, priority households more often', () => {
    const hh = Array.from({ length: 400 }, (_, i) => ({ id: i + 1, groupId: 1 + (i % 8), priority: i % 10 === 0 }));
    const v = demoVisits(hh, '2026-11-22', 1);
    expect(v.every((x) => x.visitedOn <= '2026-11-22' && x.visitedOn >= '2026-10-09')).toBe(true);
    expect(v.every((x) => hh[x.householdIds[0] - 1].groupId === x.groupId)).toBe(true);
    const rate = (p: boolean) => v.filter((x) => hh[x.householdIds[0] - 1].priority === p).length / hh.filter((h) => h.priority === p).length;
    expect(rate(true)).toBeGreaterThan(rate(false));
    expect(demoVisits(hh, '2026-11-22', 1)).toEqual(v);
  });
});
