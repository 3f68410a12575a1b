// The shape of the district before any row exists: the region tree with ids, paths and
// outlines, and how many households, residents, buildings and shops each grid holds. The
// quotas are apportioned so the totals are exact at every scale (the 长岛 figures × scale).
import { tile, unionRect, type Rect } from './geometry.ts';
import { composedCommunity, composedVillage, DISTRICT, ROADS, STREETS, type StreetKind } from './places.ts';
import { apportion, between, rngFor } from './random.ts';

export const DEFAULT_SEED = 20261121;

/** The 长岛 report's figures: what scale 1 reproduces. */
export const BASE = {
  urbanHouseholds: 8651, villageHouseholds: 6659, residents: 23301, buildings: 608, villageBuildings: 48,
  shops: 504, cadres: 1196, urbanGrids: 28, communities: 10, urbanVillages: 4, townshipVillages: 36,
} as const;

export type RegionLevel = 'district' | 'street' | 'community' | 'grid';
export interface RegionPlan {
  id: number;
  parentId: number | null;
  level: RegionLevel;
  code: string;
  name: string;
  path: string;
  kind: string | null;
  rect: Rect;
  /** Address prefix, e.g. 长屿区南城街道海港社区. */
  address: string;
}
export interface StreetPlan extends RegionPlan { urban: boolean; streetKind: StreetKind; children: RegionPlan[] }
export interface GridPlan extends RegionPlan {
  urban: boolean;
  index: number;
  parent: RegionPlan;          // the community or fishing village
  street: StreetPlan;
  roads: string[];             // urban grids: the roads its buildings stand on
  households: number; residents: number; buildings: number; shops: number;
  firstHouseholdId: number; firstBuildingId: number; firstShopId: number;
}
export interface DemoPlan {
  seed: number;
  scale: number;
  district: RegionPlan;
  streets: StreetPlan[];
  regions: RegionPlan[];       // in insertion order: parents before children, id = position + 1
  grids: GridPlan[];
  villageNames: string[];
  totals: { regions: number; households: number; residents: number; buildings: number; shops: number; cadres: number };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function planDistrict(opts: { scale?: number; seed?: number } = {}): DemoPlan {
  const scale = opts.scale ?? 1, seed = opts.seed ?? DEFAULT_SEED;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  const rng = rngFor(seed, 'plan');
  const n = (x: number) => Math.round(x * scale);
  const regions: RegionPlan[] = [];
  const add = <T extends RegionPlan>(parent: RegionPlan | null, r: Omit<T, 'id' | 'path' | 'parentId'>): T => {
    const id = regions.length + 1;
    const region = { ...r, id, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/` } as T;
    regions.push(region);
    return region;
  };

  const urban = STREETS.filter((s) => s.urban), towns = STREETS.filter((s) => !s.urban);
  const communityCounts = apportion(Math.max(urban.length, n(BASE.communities)), urban.map((s) => s.communities.length), 1);
  const urbanVillageCounts = apportion(n(BASE.urbanVillages), urban.map((s) => s.villages.length));
  const townVillageCounts = apportion(Math.max(towns.length, n(BASE.townshipVillages)), towns.map((s) => s.villages.length), 1);
  const childCounts = STREETS.map((s) => {
    const u = urban.indexOf(s), t = towns.indexOf(s);
    return u >= 0 ? { communities: communityCounts[u], villages: urbanVillageCounts[u] } : { communities: 0, villages: townVillageCounts[t] };
  });
  const childWidth = Math.max(3, String(Math.max(...childCounts.map((c) => c.communities + c.villages))).length);

  const district = add<RegionPlan>(null, {
    level: 'district', code: DISTRICT.code, name: DISTRICT.name, kind: 'island',
    rect: unionRect(STREETS.map((s) => s.rect)), address: DISTRICT.name,
  });
  const streets = STREETS.map((s, i) => add<StreetPlan>(district, {
    level: 'street', code: district.code + pad(i + 1, 3), name: s.name, kind: s.kind, rect: s.rect,
    address: district.name + s.name, urban: s.urban, streetKind: s.kind, children: [],
  }));

  // Composed names must not repeat a named one or each other anywhere in the district.
  const used = new Set(STREETS.flatMap((s) => [...s.communities, ...s.villages]));
  let nextCommunity = 0, nextVillage = 0;
  const fresh = (make: () => string) => { let x = make(); while (used.has(x) || /(.)\1/.test(x)) x = make(); used.add(x); return x; };
  const villageNames: string[] = [];
  const communities: RegionPlan[] = [];
  streets.forEach((street, i) => {
    const seedStreet = STREETS[i], counts = childCounts[i];
    const rects = tile(street.rect, counts.communities + counts.villages);
    for (let k = 0; k < counts.communities + counts.villages; k++) {
      const isCommunity = k < counts.communities;
      const v = k - counts.communities;
      const name = isCommunity
        ? (k < seedStreet.communities.length ? seedStreet.communities[k] : fresh(() => composedCommunity(nextCommunity++))) + '社区'
        : v < seedStreet.villages.length ? seedStreet.villages[v] : fresh(() => composedVillage(nextVillage++));
      const child = add<RegionPlan>(street, {
        level: 'community', code: street.code + pad(k + 1, childWidth), name,
        kind: isCommunity ? 'urban' : 'fishing', rect: rects[k], address: street.address + name,
      });
      street.children.push(child);
      if (isCommunity) communities.push(child); else villageNames.push(name);
    }
  });

  const gridsPerCommunity = apportion(Math.max(communities.length, n(BASE.urbanGrids)), communities.map(() => between(rng, 0.8, 1.2)), 1);
  const gridWidth = Math.max(3, String(Math.max(1, ...gridsPerCommunity)).length);
  const grids: GridPlan[] = [];
  let communityIndex = 0;
  for (const street of streets) {
    for (const parent of street.children) {
      const urbanChild = parent.kind === 'urban';
      const count = urbanChild ? gridsPerCommunity[communityIndex] : 1;
      const rects = urbanChild ? tile(parent.rect, count) : [parent.rect];
      for (let j = 0; j < count; j++) {
        const name = urbanChild ? `${parent.name}第${j + 1}网格` : `${parent.name}网格`;
        const roads = urbanChild ? [ROADS[(communityIndex * 7 + j * 2) % ROADS.length], ROADS[(communityIndex * 7 + j * 2 + 1) % ROADS.length]] : [];
        grids.push(add<GridPlan>(parent, {
          parent, level: 'grid', code: parent.code + pad(j + 1, gridWidth), name, kind: urbanChild ? 'urban' : 'fishing',
          rect: rects[j], address: parent.address, urban: urbanChild, index: grids.length, street, roads,
          households: 0, residents: 0, buildings: 0, shops: 0, firstHouseholdId: 0, firstBuildingId: 0, firstShopId: 0,
        }));
      }
      if (urbanChild) communityIndex++;
    }
  }

  const urbanGrids = grids.filter((g) => g.urban), villageGrids = grids.filter((g) => !g.urban);
  apportion(n(BASE.urbanHouseholds), urbanGrids.map(() => between(rng, 0.75, 1.25)), 1).forEach((h, i) => (urbanGrids[i].households = h));
  apportion(n(BASE.villageHouseholds), villageGrids.map(() => between(rng, 0.5, 1.5)), 1).forEach((h, i) => (villageGrids[i].households = h));
  const households = sum(grids.map((g) => g.households));
  // Villages are older and emptier than town: fewer people per household.
  const residents = Math.max(households, n(BASE.residents));
  apportion(residents - households, grids.map((g) => g.households * (g.urban ? 0.6 : 0.42)))
    .forEach((extra, i) => (grids[i].residents = grids[i].households + extra));
  const villageBuildings = Math.max(villageGrids.length, n(BASE.villageBuildings));
  const urbanBuildings = Math.max(urbanGrids.length, n(BASE.buildings) - villageBuildings);
  apportion(urbanBuildings, urbanGrids.map((g) => g.households), 1).forEach((b, i) => (urbanGrids[i].buildings = b));
  apportion(villageBuildings, villageGrids.map((g) => g.households), 1).forEach((b, i) => (villageGrids[i].buildings = b));
  apportion(n(BASE.shops), urbanGrids.map((g) => g.households)).forEach((s, i) => (urbanGrids[i].shops = s));

  let h = 1, b = 1, s = 1;
  for (const g of grids) {
    g.firstHouseholdId = h; g.firstBuildingId = b; g.firstShopId = s;
    h += g.households; b += g.buildings; s += g.shops;
  }
  return {
    seed, scale, district, streets, regions, grids, villageNames,
    totals: {
      regions: regions.length, households, residents, buildings: b - 1, shops: s - 1,
      cadres: Math.max(n(BASE.cadres), 34 * 3),
    },
  };
}
