import { describe, expect, it } from 'vitest';
import { planDistrict } from './demo/plan.ts';
import { layoutGrid } from './demo/registry.ts';
import { chineseNumber, Gazetteer, roadOfAddress, shortName, type BuildingRow, type RegionRow } from './places-recognise.ts';

// The test fixture's district (test/helpers/fixture.ts): 长屿区 → 南城街道 (海港社区, 渔港社区) and
// 北岛镇 (大钦村, 砣矶村), two grids each; one building per grid at 滨海路N号, five households each.
function fixture(extra: RegionRow[] = []) {
  const regions: RegionRow[] = [{ id: 1, parentId: null, level: 'district', name: '长屿区', path: '/1/' }];
  const streets = [{ id: 2, name: '南城街道' }, { id: 3, name: '北岛镇' }];
  for (const s of streets) regions.push({ id: s.id, parentId: 1, level: 'street', name: s.name, path: `/1/${s.id}/` });
  const communities = ['海港社区', '渔港社区', '大钦村', '砣矶村'];
  const buildings: BuildingRow[] = [];
  const addresses: { regionId: number; address: string }[] = [];
  let id = 10, gi = 0;
  communities.forEach((name, c) => {
    const street = streets[c < 2 ? 0 : 1];
    const cid = id++;
    regions.push({ id: cid, parentId: street.id, level: 'community', name, path: `/1/${street.id}/${cid}/`, lat: 37.05, lng: 120.1 + c * 0.2 });
    for (let k = 0; k < 2; k++, gi++) {
      const gid = id++;
      regions.push({ id: gid, parentId: cid, level: 'grid', name: `${name}第${k + 1}网格`, path: `/1/${street.id}/${cid}/${gid}/`, lat: 37.05, lng: 120.05 + gi * 0.1 });
      buildings.push({ id: 100 + gi, name: `${gi + 1}号楼`, address: `滨海路${gi + 1}号`, regionId: gid, lat: 37.05, lng: 120.05 + gi * 0.1 });
      for (let h = 0; h < 5; h++) addresses.push({ regionId: gid, address: `${name}滨海路${gi + 1}号${h + 1}01室` });
    }
  });
  return new Gazetteer({ regions: [...regions, ...extra], buildings, addresses });
}
const g = fixture();
const byName = (name: string) => [...g.regions.values()].find((r) => r.name === name)!;

describe('pieces', () => {
  it('reads Chinese numbers', () => {
    expect([chineseNumber('三'), chineseNumber('十二'), chineseNumber('二十四'), chineseNumber('一百零五'), chineseNumber('24'), chineseNumber('路')]).toEqual([3, 12, 24, 105, 24, null]);
  });
  it('short names keep two characters and drop the level', () => {
    expect(shortName('海港社区', 'community', false)).toBe('海港');
    expect(shortName('王沟村', 'community', true)).toBe('王沟');
    expect(shortName('南城街道', 'street', false)).toBe('南城');
    expect(shortName('东村', 'community', true)).toBeNull();          // one character left
    expect(shortName('沙滩村', 'community', true)).toBeNull();        // 沙滩 is an everyday word
  });
  it('takes the road and number after the region-name prefix of an address', () => {
    expect(roadOfAddress('海港社区滨海路1号101室', ['海港社区第1网格', '海港社区', '南城街道', '长屿区'])).toEqual({ road: '滨海路', number: 1 });
    expect(roadOfAddress('长屿区南城街道海港社区 海滨大道24号', ['海港社区', '南城街道', '长屿区'])).toEqual({ road: '海滨大道', number: 24 });
    expect(roadOfAddress('长屿区北屿乡花沟村 12号', ['花沟村', '北屿乡', '长屿区'])).toBeNull();
  });
  it('builds roads from building and household addresses, and no name from a bare 3号楼', () => {
    expect(g.size.roads).toBe(1);
    expect([...g.roads.get('滨海路')!.grids.keys()]).toHaveLength(8);
    expect(g.recognise('我住3号楼')).toEqual([]);
  });
});

describe('recognising place names', () => {
  it('finds a community, a road and its house number, with spans in the original text', () => {
    const text = '海港社区 滨海路2号楼下路灯不亮';
    const ms = g.recognise(text);
    expect(ms.map((m) => [m.kind, m.text])).toEqual([['community', '海港社区'], ['address', '滨海路2号']]);
    expect(text.slice(ms[1].start, ms[1].end)).toBe('滨海路2号');
    expect(ms[1].regionIds).toEqual([byName('海港社区第2网格').id]);
    expect(ms[1].buildingIds).toEqual([101]);
  });
  it('finds short forms and grids said several ways', () => {
    expect(g.recognise('海港那边').map((m) => [m.kind, m.form])).toEqual([['community', 'short']]);
    expect(g.recognise('砣矶第2网格').map((m) => m.regionIds)).toEqual([[byName('砣矶村第2网格').id]]);
    expect(g.recognise('渔港社区第二网格的楼道灯').map((m) => m.regionIds)).toEqual([[byName('渔港社区第2网格').id]]);
    expect(g.recognise('大钦村东头').map((m) => m.kind)).toEqual(['village']);
  });
  it('reads traditional characters and Chinese house numbers', () => {
    const ms = g.recognise('海港社區濱海路二號門口');
    expect(ms.map((m) => m.text)).toEqual(['海港社區', '濱海路二號']);
    expect(ms[1].number).toBe(2);
  });
  it('makes no absurd one-character matches', () => {
    expect(g.recognise('海')).toEqual([]);
    expect(g.recognise('港口的海鸥')).toEqual([]);
    expect(g.recognise('')).toEqual([]);
  });
});

describe('suggesting the place', () => {
  it('a house number pins the grid', () => {
    const s = g.suggest('海港社区滨海路1号路灯坏了');
    expect(s.ambiguous).toBe(false);
    const best = s.candidates[0];
    expect(best.level).toBe('grid');
    expect(best.name).toBe('海港社区第1网格');
    expect(best.gridId).toBe(best.regionId);
    expect(best.buildingId).toBe(100);
    expect(best.pointFrom).toBe('building');   // the building's own point
    expect(best.confidence).toBeGreaterThan(0.9);
    expect(best.reason).toContain('滨海路1号');
    expect(best.reason_en).toContain('海港社区第1网格');
  });
  it('a community alone gives the community, with no grid chosen', () => {
    const best = g.suggest('渔港社区门口的垃圾没人清').candidates[0];
    expect([best.name, best.level, best.gridId]).toEqual(['渔港社区', 'community', null]);
    expect(best.pointFrom).toBe('region');     // the community's centre: not a point to mark a request at
    expect(best.confidence).toBeGreaterThan(0.7);
  });
  it('a road in four communities gives four candidates and says it is ambiguous', () => {
    const s = g.suggest('滨海路的路灯坏了');
    expect(s.ambiguous).toBe(true);
    expect(s.candidates.map((c) => c.name).sort()).toEqual(['大钦村', '海港社区', '渔港社区', '砣矶村']);
    expect(s.candidates.every((c) => c.confidence < 0.5)).toBe(true);
    expect(s.candidates[0].reason).toContain('请确认');
  });
  it('a road and a community together narrow it down', () => {
    const s = g.suggest('砣矶村滨海路那段路灯不亮');
    expect(s.ambiguous).toBe(false);
    expect(s.candidates[0].name).toBe('砣矶村');
    expect(s.candidates[0].score).toBeGreaterThan(s.candidates[1]?.score ?? 0);
  });
  it('a name two levels share (大钦村 and a township 大钦乡) ranks both, village first', () => {
    const g2 = fixture([{ id: 99, parentId: 1, level: 'street', name: '大钦乡', path: '/1/99/' }, { id: 98, parentId: 99, level: 'community', name: '鹊嘴村', path: '/1/99/98/' }]);
    const s = g2.suggest('大钦那边的码头');
    expect(s.mentions).toHaveLength(1);
    expect(s.candidates.map((c) => c.name)).toEqual(['大钦村', '大钦乡']);
  });
  it('a street gives the street', () => {
    const best = g.suggest('南城街道这边').candidates[0];
    expect([best.name, best.level]).toEqual(['南城街道', 'street']);
  });
  it('no place, no candidates', () => {
    expect(g.suggest('想咨询一下医保怎么报销').candidates).toEqual([]);
  });
});

describe('the demo district (scale 1)', () => {
  const plan = planDistrict({ scale: 1 });
  const demo = new Gazetteer({
    regions: plan.regions.map((r) => ({ id: r.id, parentId: r.parentId, level: r.level, name: r.name, path: r.path, kind: r.kind })),
    buildings: plan.grids.flatMap((gr) => layoutGrid(plan.seed, gr).buildings.map((b) => ({ id: b.row.id, name: b.row.name, address: b.row.address, regionId: b.row.region_id }))),
  });
  const grid = plan.grids.find((x) => x.urban && x.buildings > 0)!;
  const first = layoutGrid(plan.seed, grid).buildings[0].row;
  it('a building name pins its grid', () => {
    const best = demo.suggest(`${first.name}下面的井盖丢了`).candidates[0];
    expect(best.regionId).toBe(grid.id);
    expect(best.buildingId).toBe(first.id);
  });
  it('villages by full and short name, the township with them', () => {
    const best = demo.suggest('北屿乡北庄村往码头去的那段路').candidates[0];
    expect(best.name).toBe('北庄村');
    expect(best.gridId).not.toBeNull();                    // a village's only grid
    expect(demo.suggest('王沟那边').candidates[0].name).toBe('王沟村');
  });
  // How fast: bench/places.ts (docs/BENCHMARKS.md), not a timed test.
});
