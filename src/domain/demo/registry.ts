// Buildings, households, residents and shops of one grid. Each grid draws from its own
// random stream, so its rows do not depend on the grids generated before it; only the ID
// number counters and the resident ids run across the district.
import { chainPrefixes, householdSearch } from '../household-search.ts';
import { gramsOf } from '../text-search.ts';
import { jitterIn, pointIn } from './geometry.ts';
import { personName, surname } from './names.ts';
import { composeHousehold, householdSizes, mobile, type IdNumbers, type PersonDraft } from './people.ts';
import { DISTRICT, VILLAGE_BUILDINGS } from './places.ts';
import type { GridPlan } from './plan.ts';
import { apportion, between, chance, int, permutation, pick, rngFor, weighted } from './random.ts';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export interface BuildingRow {
  id: number; code: string; name: string; address: string; region_id: number; region_path: string;
  floors: number; units: number; lat: number; lng: number;
}
export interface HouseholdRow {
  id: number; external_code: string; address: string; building_id: number | null; region_id: number; region_path: string;
  head_name: string; member_count: number; tags: string[]; lat: number; lng: number; grams: string[];
  /** The region-name prefix the grams leave out (recorded in household_search_prefixes, not a column). */
  search_prefix: string;
}
export interface ResidentRow extends PersonDraft { id: number; household_id: number; region_id: number; region_path: string; grams: string[] }
export interface ShopRow {
  id: number; code: string; name: string; address: string; building_id: number | null; region_id: number; region_path: string;
  owner_name: string; phone: string; business_type: string; license_no: string;
}

interface Layout { row: BuildingRow; households: number; perm: (i: number) => number; floors: number }

/** Where a grid's buildings stand and how many households each holds (none in a village's). */
export function layoutGrid(seed: number, grid: GridPlan): { buildings: Layout[]; inBuildings: number } {
  const rng = rngFor(seed, 'buildings', grid.code);
  const inBuildings = grid.urban ? Math.round(grid.households * between(rng, 0.9, 0.96)) : 0;
  const counts = apportion(inBuildings, Array.from({ length: grid.buildings }, () => between(rng, 0.6, 1.4)));
  const nextNumber = grid.roads.map(() => -1);
  const buildings = counts.map((count, b): Layout => {
    const at = pointIn(rng, grid.rect, 0.1);
    const base = { id: grid.firstBuildingId + b, code: `BD${grid.code}${pad(b + 1, 3)}`, region_id: grid.id, region_path: grid.path, ...at };
    if (!grid.urban) {
      const kind = VILLAGE_BUILDINGS[b % VILLAGE_BUILDINGS.length] + (b >= VILLAGE_BUILDINGS.length ? Math.floor(b / VILLAGE_BUILDINGS.length) + 1 : '');
      const row = { ...base, name: grid.parent.name + kind, address: `${grid.address} ${kind}`, floors: int(rng, 1, 3), units: 1 };
      return { row, households: 0, perm: () => 0, floors: row.floors };
    }
    const r = b % grid.roads.length;
    nextNumber[r] += chance(rng, 0.8) ? 2 : 4; // odd numbers for buildings, the odd gap for a lane
    const road = grid.roads[r], num = nextNumber[r];
    let units = pick(rng, [1, 2, 2, 3, 3, 4]), floors = int(rng, 4, 7);
    if (count > units * floors * 2) floors = Math.min(18, Math.ceil(count / (units * 2)));
    if (count > units * floors * 2) units = Math.ceil(count / (floors * 2));
    const row = { ...base, name: `${road}${num}号楼`, address: `${grid.address} ${road}${num}号`, floors, units };
    return { row, households: count, perm: permutation(rng, units * floors * 2), floors };
  });
  return { buildings, inBuildings };
}

export interface HouseholdContext {
  seed: number;
  ids: IdNumbers;
  nextResidentId: number;
  seriouslyIll: (householdIndex: number) => boolean;
}

/** The grid's households, each with its residents, in id order. */
export function* gridHouseholds(ctx: HouseholdContext, grid: GridPlan): Generator<{ household: HouseholdRow; residents: ResidentRow[] }> {
  const rng = rngFor(ctx.seed, 'households', grid.code);
  const { buildings, inBuildings } = layoutGrid(ctx.seed, grid);
  const sizes = householdSizes(rng, grid.households, grid.residents, !grid.urban);
  const width = Math.max(4, String(grid.households).length);
  const prefixes = chainPrefixes([DISTRICT.name, grid.street.name, grid.parent.name, grid.name]);
  let b = 0, inThis = 0, houseNumber = 0;
  for (let i = 0; i < grid.households; i++) {
    const id = grid.firstHouseholdId + i;
    let address: string, buildingId: number | null = null, at: { lat: number; lng: number };
    if (i < inBuildings) {
      while (inThis >= buildings[b].households) { b++; inThis = 0; }
      const L = buildings[b], apt = L.perm(inThis++), perUnit = L.floors * 2;
      const unit = Math.floor(apt / perUnit) + 1, floor = Math.floor((apt % perUnit) / 2) + 1, door = (apt % 2) + 1;
      address = `${L.row.address}${unit}单元${floor}0${door}室`;
      buildingId = L.row.id;
      at = jitterIn(rng, grid.rect, L.row.lat, L.row.lng, (grid.rect.maxLat - grid.rect.minLat) * 0.03);
    } else {
      houseNumber += chance(rng, 0.85) ? 1 : 2;
      address = grid.urban
        ? `${grid.address} ${grid.roads[houseNumber % grid.roads.length]}${houseNumber * 2}号`
        : `${grid.address} ${houseNumber}号`;
      at = pointIn(rng, grid.rect, 0.05);
    }
    const draft = composeHousehold(rng, sizes[i], !grid.urban, ctx.ids, ctx.seriouslyIll(id - 1));
    const head = draft.people[0].name;
    const search = householdSearch(address, head, prefixes);
    const externalCode = `HH${grid.code}${pad(i + 1, width)}`;
    yield {
      household: {
        id, external_code: externalCode, address, building_id: buildingId, region_id: grid.id, region_path: grid.path,
        head_name: head, member_count: draft.people.length, tags: draft.tags, ...at, grams: search.grams, search_prefix: search.prefix,
      },
      residents: draft.people.map((p) => ({
        ...p, id: ctx.nextResidentId++, household_id: id, region_id: grid.id, region_path: grid.path, grams: gramsOf(p.name),
      })),
    };
  }
}

const SHOP_KINDS: readonly (readonly [string, string[], number])[] = [
  ['餐饮', ['海鲜馆', '饺子馆', '面馆', '渔家菜馆', '烧烤店', '快餐店', '小吃店', '海鲜大排档'], 30],
  ['住宿', ['民宿', '宾馆', '客栈', '渔家乐'], 15],
  ['零售', ['便利店', '超市', '日杂店', '烟酒店'], 20],
  ['水产', ['海产品店', '海珍品行', '干货店', '水产行'], 10],
  ['渔具', ['渔具店', '船用五金店'], 5],
  ['美容美发', ['理发店', '美发店'], 6],
  ['维修', ['修车铺', '家电维修部'], 5],
  ['医药', ['大药房', '药店'], 4],
  ['服装', ['服装店', '鞋店'], 3],
  ['通讯', ['手机店', '通讯店'], 2],
];
const shopKind = weighted(SHOP_KINDS.map((k) => [k, k[2]] as const));
const PREFIXES = '渔家 海韵 长屿 渔港 海风 蓝湾 鑫源 福满 好运 金沙 望海 海鸥 顺发 兴旺 宏达 海之梦 渔歌 老船长 月牙湾 海上人家'.split(' ');
const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function* gridShops(seed: number, grid: GridPlan): Generator<ShopRow> {
  const rng = rngFor(seed, 'shops', grid.code);
  const buildings = layoutGrid(seed, grid).buildings;
  for (let k = 0; k < grid.shops; k++) {
    const id = grid.firstShopId + k;
    const [type, nouns] = shopKind(rng);
    const prefix = chance(rng, 0.25) ? `老${surname(rng)}家` : pick(rng, PREFIXES);
    const onGround = buildings.length > 0 && chance(rng, 0.7);
    const building = onGround ? pick(rng, buildings).row : null;
    const address = building ? `${building.address} 一层商铺` : `${grid.address} ${pick(rng, grid.roads)}${200 + 2 * k}号`;
    yield {
      id, code: `SP${grid.code}${pad(k + 1, 3)}`, name: prefix + pick(rng, nouns), address, building_id: building?.id ?? null,
      region_id: grid.id, region_path: grid.path, owner_name: personName(rng, chance(rng, 0.6) ? 'M' : 'F', int(rng, 1961, 2001)),
      phone: mobile(rng), business_type: type,
      // 统一社会信用代码 of an individual business (92…): unique through the shop id.
      license_no: `92${DISTRICT.code}MA${id.toString(36).toUpperCase().padStart(7, '0')}${CREDIT[int(rng, 0, CREDIT.length - 1)]}`,
    };
  }
}
