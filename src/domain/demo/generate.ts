// The whole demo district as a stream of row batches in foreign-key order. Nothing is held
// but the plan (regions, ~12k at scale 100), the organisation and one batch, so a district
// of two million residents streams in bounded memory.
import type { Polygon } from '../geo.ts';
import { centreOfRect, polygonOf } from './geometry.ts';
import { generateOrganisation, type Organisation } from './org.ts';
import { IdNumbers } from './people.ts';
import { HOUSEHOLD_TAGS, type TagSeed } from './places.ts';
import type { DemoPlan, RegionLevel } from './plan.ts';
import { permutation, rngFor } from './random.ts';
import { gridHouseholds, gridShops, layoutGrid } from './registry.ts';
import { demoUsers, type DemoUser } from './users.ts';

export const DEMO_TABLES = ['regions', 'household_tags', 'departments', 'party_orgs', 'cadres', 'buildings', 'households', 'residents', 'shops'] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

export interface RegionRow {
  id: number; parent_id: number | null; level: RegionLevel; code: string; name: string; path: string; kind: string | null;
  boundary: Polygon; min_lat: number; min_lng: number; max_lat: number; max_lng: number; center_lat: number; center_lng: number;
}
export interface DemoBatch { table: DemoTable; rows: object[] }

export interface Demo {
  plan: DemoPlan;
  org: Organisation;
  /** Rows that batches() will yield, per table. */
  expected: Record<DemoTable, number>;
  totalRows: number;
  batches(batchSize?: number): Generator<DemoBatch>;
  /** The logins; available once batches() has passed the first grid. */
  users(): DemoUser[];
}

export function regionRows(plan: DemoPlan): RegionRow[] {
  return plan.regions.map((r) => {
    const c = centreOfRect(r.rect);
    return {
      id: r.id, parent_id: r.parentId, level: r.level, code: r.code, name: r.name, path: r.path, kind: r.kind,
      boundary: polygonOf(r.rect), min_lat: r.rect.minLat, min_lng: r.rect.minLng, max_lat: r.rect.maxLat, max_lng: r.rect.maxLng,
      center_lat: c.lat, center_lng: c.lng,
    };
  });
}

function* chunks<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let out: T[] = [];
  for (const r of rows) {
    out.push(r);
    if (out.length >= size) { yield out; out = []; }
  }
  if (out.length) yield out;
}

export function createDemo(plan: DemoPlan): Demo {
  const org = generateOrganisation(plan);
  const expected: Record<DemoTable, number> = {
    regions: plan.regions.length, household_tags: HOUSEHOLD_TAGS.length, departments: org.departments.length,
    party_orgs: org.partyOrgs.length, cadres: org.cadres.length, buildings: plan.totals.buildings,
    households: plan.totals.households, residents: plan.totals.residents, shops: plan.totals.shops,
  };
  let resident: { householdId: number; headName: string } | null = null;
  const first = plan.grids[0];

  function* batches(batchSize = 5000): Generator<DemoBatch> {
    const { seed } = plan;
    for (const rows of chunks(regionRows(plan), batchSize)) yield { table: 'regions', rows };
    yield { table: 'household_tags', rows: HOUSEHOLD_TAGS.map((t: TagSeed, i) => ({ ...t, sort: i + 1 })) };
    yield { table: 'departments', rows: org.departments };
    for (const rows of chunks(org.partyOrgs, batchSize)) yield { table: 'party_orgs', rows };
    for (const rows of chunks(org.cadres, batchSize)) yield { table: 'cadres', rows };
    const buildings = (function* () { for (const g of plan.grids) for (const b of layoutGrid(seed, g).buildings) yield b.row; })();
    for (const rows of chunks(buildings, batchSize)) yield { table: 'buildings', rows };

    // 重病: exactly 12 households per 15,310 (the report's "12 people visited promptly"), spread at random.
    const ill = Math.max(1, Math.round(12 * plan.scale));
    const perm = permutation(rngFor(seed, 'seriously-ill'), plan.totals.households);
    const ctx = { seed, ids: new IdNumbers(seed), nextResidentId: 1, seriouslyIll: (i: number) => perm(i) < ill };
    const households = (function* () { for (const g of plan.grids) yield* gridHouseholds(ctx, g); })();
    for (const group of chunks(households, batchSize)) {
      if (!resident && group[0].household.id === first.firstHouseholdId) {
        resident = { householdId: group[0].household.id, headName: group[0].household.head_name };
      }
      yield { table: 'households', rows: group.map((x) => x.household) };
      for (const rows of chunks(group.flatMap((x) => x.residents), batchSize)) yield { table: 'residents', rows };
    }
    const shops = (function* () { for (const g of plan.grids) yield* gridShops(seed, g); })();
    for (const rows of chunks(shops, batchSize)) yield { table: 'shops', rows };
  }

  return {
    plan, org, expected,
    totalRows: Object.values(expected).reduce((a, b) => a + b, 0),
    batches,
    users() {
      if (!resident) throw new Error('demo users need the first household: run batches() first');
      return demoUsers(plan, org, resident);
    },
  };
}
