import { chainPrefixes, householdSearch } from '../household-search.ts';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { geometryContains } from '../geo.ts';
import { idNumberFacts, idNumberProblem, normalisePhone, phoneTail } from '../personal-data.ts';
import { gramsOf } from '../text-search.ts';
import { createDemo, type DemoTable, type RegionRow } from './generate.ts';
import type { CadreRow } from './org.ts';
import { HOUSEHOLD_TAGS } from './places.ts';
import { planDistrict } from './plan.ts';
import type { BuildingRow, HouseholdRow, ResidentRow, ShopRow } from './registry.ts';
import { DEMO_USERNAMES } from './users.ts';

function generate(scale = 1, seed?: number) {
  const demo = createDemo(planDistrict({ scale, seed }));
  const rows = {} as Record<DemoTable, object[]>;
  for (const b of demo.batches()) (rows[b.table] ??= []).push(...b.rows);
  return { demo, rows };
}

const digest = (rows: readonly object[]) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

describe('demo district at scale 1 (the 长岛 figures)', () => {
  let demo: ReturnType<typeof createDemo>;
  let regions: RegionRow[], households: HouseholdRow[], residents: ResidentRow[], buildings: BuildingRow[], shops: ShopRow[], cadres: CadreRow[];
  beforeAll(() => {
    const g = generate();
    demo = g.demo;
    regions = g.rows.regions as RegionRow[];
    households = g.rows.households as HouseholdRow[];
    residents = g.rows.residents as ResidentRow[];
    buildings = g.rows.buildings as BuildingRow[];
    shops = g.rows.shops as ShopRow[];
    cadres = g.rows.cadres as CadreRow[];
  });

  it('has exactly the report\'s counts', () => {
    expect(households).toHaveLength(15_310);
    expect(residents).toHaveLength(23_301);
    expect(buildings).toHaveLength(608);
    expect(shops).toHaveLength(504);
    expect(cadres).toHaveLength(1_196);
    const grids = regions.filter((r) => r.level === 'grid');
    const urbanGrids = new Set(grids.filter((g) => g.kind === 'urban').map((g) => g.id));
    expect(urbanGrids.size).toBe(28);
    expect(households.filter((h) => urbanGrids.has(h.region_id))).toHaveLength(8_651);
    expect(households.filter((h) => !urbanGrids.has(h.region_id))).toHaveLength(6_659);
    expect(shops.every((s) => urbanGrids.has(s.region_id))).toBe(true);
    const villages = regions.filter((r) => r.kind === 'fishing' && r.level === 'community');
    expect(grids.filter((g) => g.kind === 'fishing')).toHaveLength(villages.length);
    expect(regions.filter((r) => r.level === 'district')).toHaveLength(1);
    expect(regions.filter((r) => r.level === 'street')).toHaveLength(10);
    const urbanStreets = new Set(regions.filter((r) => urbanGrids.has(r.id)).map((g) => g.path.split('/')[2]));
    expect(urbanStreets.size).toBeGreaterThanOrEqual(2);
    expect(urbanStreets.size).toBeLessThanOrEqual(3);
    const depts = demo.org.departments;
    expect(depts.filter((d) => d.kind !== 'township')).toHaveLength(24);
    expect(depts.filter((d) => d.kind === 'township')).toHaveLength(10);
    expect(depts.find((d) => d.code === 'liaison-office')?.kind).toBe('office');
    expect(Object.values(demo.expected).reduce((a, b) => a + b, 0)).toBe(demo.totalRows);
  });

  it('builds a consistent region tree with materialised paths', () => {
    const byId = new Map(regions.map((r) => [r.id, r]));
    for (const r of regions) {
      const parent = r.parent_id === null ? null : byId.get(r.parent_id)!;
      expect(r.path).toBe(`${parent?.path ?? '/'}${r.id}/`);
      if (parent) expect(parent.id).toBeLessThan(r.id); // parents are inserted first
      expect(r.boundary.type).toBe('Polygon');
      expect(geometryContains(r.boundary, r.center_lat, r.center_lng)).toBe(true);
    }
    expect(new Set(regions.map((r) => r.code)).size).toBe(regions.length);
  });

  it('places every household inside its grid and in no other grid', () => {
    const grids = regions.filter((r) => r.level === 'grid');
    const byId = new Map(grids.map((g) => [g.id, g]));
    const outside = households.filter((h) => {
      const g = byId.get(h.region_id)!;
      return g.path !== h.region_path || !(h.lat > g.min_lat && h.lat < g.max_lat && h.lng > g.min_lng && h.lng < g.max_lng);
    });
    expect(outside.map((h) => h.external_code)).toEqual([]);
    // Grids tile without overlap: a sample of households is contained by exactly one grid.
    for (const h of households.filter((_, i) => i % 97 === 0)) {
      expect(grids.filter((g) => geometryContains(g.boundary, h.lat, h.lng)).map((g) => g.id)).toEqual([h.region_id]);
    }
  });

  it('gives residents valid, unique ID numbers consistent with birth date and sex', () => {
    const bad = residents.filter((r) => {
      const facts = idNumberFacts(r.id_number);
      return idNumberProblem(r.id_number) !== null || facts.birthDate !== r.birth_date || facts.gender !== r.gender
        || (r.phone !== null && normalisePhone(r.phone) !== r.phone) || r.phone_tail !== phoneTail(r.phone)
        || r.grams.join() !== gramsOf(r.name).join();
    });
    expect(bad).toEqual([]);
    expect(new Set(residents.map((r) => r.id_number)).size).toBe(residents.length);
  });

  it('keeps households and their members consistent', () => {
    // Grams are computed from the region names as the database holds them (as imports and the API do).
    const names = new Map(regions.map((r) => [r.id, r.name]));
    const prefixesOf = (path: string) => chainPrefixes(path.split('/').filter(Boolean).map((id) => names.get(Number(id))!));
    const members = new Map<number, ResidentRow[]>();
    for (const r of residents) {
      if (!members.has(r.household_id)) members.set(r.household_id, []);
      members.get(r.household_id)!.push(r);
    }
    const known = new Set(HOUSEHOLD_TAGS.map((t) => t.name));
    const buildingIds = new Set(buildings.map((b) => b.id));
    const bad = households.filter((h) => {
      const m = members.get(h.id) ?? [];
      const heads = m.filter((r) => r.relation === '户主');
      return m.length !== h.member_count || heads.length !== 1 || heads[0].name !== h.head_name
        || m.some((r) => r.region_id !== h.region_id) || h.tags.some((t) => !known.has(t))
        || h.grams.join() !== householdSearch(h.address, h.head_name, prefixesOf(h.region_path)).grams.join()
        || !h.address.replace(/\s+/g, '').startsWith(h.search_prefix) || !h.search_prefix
        || (h.building_id !== null && (!buildingIds.has(h.building_id) || !/^长屿区\S+社区 \S+\d+号\d+单元\d+0[12]室$/.test(h.address)));
    });
    expect(bad).toEqual([]);
    expect(new Set(households.map((h) => h.external_code)).size).toBe(households.length);
    const villageHouseholds = households.filter((h) => /村 \d+号$/.test(h.address));
    expect(villageHouseholds).toHaveLength(6_659);
    expect(villageHouseholds.every((h) => h.building_id === null)).toBe(true);
    expect(households.filter((h) => h.building_id !== null).length).toBeGreaterThan(8_651 * 0.85);
  });

  it('tags most households with nothing and a few with believable frequencies', () => {
    const untagged = households.filter((h) => h.tags.length === 0).length;
    expect(untagged / households.length).toBeGreaterThan(0.5);
    const share = (t: string) => households.filter((h) => h.tags.includes(t)).length / households.length;
    expect(households.filter((h) => h.tags.includes('重病'))).toHaveLength(12);
    expect(share('低保户')).toBeGreaterThan(0.01);
    expect(share('低保户')).toBeLessThan(0.05);
    expect(share('渔民')).toBeGreaterThan(0.1);
    const party = residents.filter((r) => r.party_member).length / residents.length;
    expect(party).toBeGreaterThan(0.04);
    expect(party).toBeLessThan(0.12);
  });

  it('staffs departments with cadres of the described mix', () => {
    const party = cadres.filter((c) => c.party_member).length / cadres.length;
    expect(party).toBeGreaterThan(0.5);
    expect(party).toBeLessThan(0.7);
    const locals = cadres.filter((c) => c.is_local);
    expect(locals.length / cadres.length).toBeGreaterThan(0.4);
    expect(locals.length / cadres.length).toBeLessThan(0.9);
    const villages = new Set(demo.plan.villageNames);
    expect(locals.every((c) => c.origin_village !== null && villages.has(c.origin_village))).toBe(true);
    expect(cadres.filter((c) => !c.is_local).every((c) => c.origin_village === null)).toBe(true);
    expect(cadres.every((c) => c.years_of_service >= 0 && c.years_of_service <= 35)).toBe(true);
    const orgIds = new Set(demo.org.partyOrgs.map((o) => o.id));
    expect(cadres.every((c) => (c.party_org_id === null) === !c.party_member && (c.party_org_id === null || orgIds.has(c.party_org_id)))).toBe(true);
    expect(demo.org.partyOrgs.filter((o) => o.kind === 'committee')).toHaveLength(34);
    expect(new Set(shops.map((s) => s.license_no)).size).toBe(shops.length);
  });

  it('creates one login per role, scoped as described', () => {
    const users = demo.users();
    expect(users.map((u) => u.username)).toEqual([...DEMO_USERNAMES]);
    expect(new Set(users.map((u) => u.role)).size).toBe(9);
    for (const u of users) expect(u.password).toMatch(/^Lx[A-Za-z0-9]{8}$/);
    const byName = Object.fromEntries(users.map((u) => [u.username, u]));
    const region = (id: number) => regions.find((r) => r.id === id)!;
    expect(region(byName.cadre.region_id).level).toBe('community');
    expect(byName.cadre.cadre_id).not.toBeNull();
    expect(region(byName.grid.region_id).level).toBe('grid');
    expect(region(byName.director.region_id).level).toBe('community');
    expect(byName.handler.department_id).toBe(demo.org.departments.find((d) => d.name === '住房和城乡建设局')!.id);
    const home = households.find((h) => h.id === byName.resident.household_id)!;
    expect(byName.resident.region_path).toBe(home.region_path);
    expect(byName.resident.displayName).toBe(home.head_name);
  });
});

describe('determinism and scale', () => {
  it('gives identical rows for the same seed and different rows for another', () => {
    const first = (seed: number) => {
      const it = createDemo(planDistrict({ seed })).batches(2000);
      const out: object[] = [];
      for (const b of it) {
        if (b.table === 'households' || b.table === 'residents') out.push(...b.rows);
        if (out.length > 6000) break;
      }
      return digest(out);
    };
    expect(first(7)).toBe(first(7));
    expect(first(7)).not.toBe(first(8));
    expect(createDemo(planDistrict({ seed: 7 })).org).toEqual(createDemo(planDistrict({ seed: 7 })).org);
  });

  it('multiplies the registry by the scale and still hits exact totals', () => {
    const plan = planDistrict({ scale: 100 });
    expect(plan.totals.households).toBe(1_531_000);
    expect(plan.totals.residents).toBe(2_330_100);
    expect(plan.totals.buildings).toBe(60_800);
    expect(plan.totals.shops).toBe(50_400);
    expect(plan.grids.filter((g) => g.urban)).toHaveLength(2_800);
    expect(new Set(plan.regions.map((r) => r.code)).size).toBe(plan.regions.length);
    expect(plan.grids.reduce((a, g) => a + g.households, 0)).toBe(1_531_000);
    expect(plan.grids.every((g) => g.households >= 1 && g.residents >= g.households)).toBe(true);
  });

  it('generates a small district (scale 0.2) with unique ID numbers', () => {
    const { rows } = generate(0.2, 99);
    const residents = rows.residents as ResidentRow[];
    expect(rows.households).toHaveLength(Math.round(8651 * 0.2) + Math.round(6659 * 0.2));
    expect(new Set(residents.map((r) => r.id_number)).size).toBe(residents.length);
  });
});
