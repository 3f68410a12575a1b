// A small, known district for API and browser tests: 1 district → 2 streets → 4 communities
// → 8 grids (squares, so points can be located), 40 households, 80 residents, 3 departments,
// 6 cadres and one user per role (password 'Passw0rd!').
import { recordPrefixes, regionPrefixes } from '../../src/features/households/search-prefixes.ts';
import type { DB } from '../../src/db/connection.ts';
import { hashPassword } from '../../src/platform/auth.ts';
import { idCheckDigit, phoneTail } from '../../src/domain/personal-data.ts';
import { gramsOf } from '../../src/domain/text-search.ts';

export const PASSWORD = 'Passw0rd!';
const square = (lng: number, lat: number, d: number) => ({
  type: 'Polygon', coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]],
});

export function idNumber(n: number, birth = '19800101', male = true): string {
  const seq = String(100 + (n % 800)).padStart(3, '0');
  const body = `370699${birth}${seq.slice(0, 2)}${male ? (n % 5) * 2 + 1 : (n % 5) * 2}`;
  return body + idCheckDigit(body);
}

async function region(db: DB, parent: { id: number; path: string } | null, level: string, code: string, name: string, geom?: ReturnType<typeof square>) {
  const b = geom?.coordinates[0];
  const row = await db.insertInto('regions').values({
    parent_id: parent?.id ?? null, level: level as never, code, name, path: '/', boundary: geom ? JSON.stringify(geom) : null,
    min_lng: b ? b[0][0] : null, min_lat: b ? b[0][1] : null, max_lng: b ? b[2][0] : null, max_lat: b ? b[2][1] : null,
    center_lng: b ? (b[0][0] + b[2][0]) / 2 : null, center_lat: b ? (b[0][1] + b[2][1]) / 2 : null,
  }).returning('id').executeTakeFirstOrThrow();
  const path = (parent?.path ?? '/') + row.id + '/';
  await db.updateTable('regions').set({ path }).where('id', '=', row.id).execute();
  return { id: row.id, path, name, code };
}

export async function loadFixture(db: DB) {
  const district = await region(db, null, 'district', '370699', '长屿区', square(120.0, 37.0, 1));
  const streets = [await region(db, district, 'street', '370699001', '南城街道'), await region(db, district, 'street', '370699002', '北岛镇')];
  const communities = [], grids = [];
  let g = 0;
  for (const [si, s] of streets.entries()) for (let c = 0; c < 2; c++) {
    const com = await region(db, s, 'community', `${s.code}${c + 1}`, ['海港社区', '渔港社区', '大钦村', '砣矶村'][si * 2 + c]);
    communities.push(com);
    for (let k = 0; k < 2; k++, g++) grids.push(await region(db, com, 'grid', `${com.code}0${k + 1}`, `${com.name}第${k + 1}网格`, square(120 + g * 0.1, 37.0, 0.1)));
  }
  for (const [i, name] of ['低保户', '困难户', '五老', '独居老人', '重病', '残疾', '党员户'].entries()) {
    await db.insertInto('household_tags').values({ name, priority: i < 5, sort: i }).execute();
  }
  const households: { id: number; gridIndex: number; address: string }[] = [];
  const prefixes = await regionPrefixes(db);
  let n = 0;
  for (const [gi, grid] of grids.entries()) {
    const bld = await db.insertInto('buildings').values({ code: `B${gi}`, name: `${gi + 1}号楼`, address: `滨海路${gi + 1}号`, region_id: grid.id, region_path: grid.path, floors: 6 })
      .returning('id').executeTakeFirstOrThrow();
    for (let h = 0; h < 5; h++, n++) {
      const address = `${grid.name.slice(0, 4)}滨海路${gi + 1}号${h + 1}01室`;
      const head = ['王建国', '李秀英', '张海生', '刘桂兰', '陈志强'][h];
      const tags = h === 0 ? ['低保户'] : h === 1 ? ['五老', '党员户'] : [];
      const search = prefixes.search(address, head, grid.path);
      await recordPrefixes(db, [{ region_path: grid.path, prefix: search.prefix }]);
      const hh = await db.insertInto('households').values({
        external_code: `HH${String(n).padStart(4, '0')}`, address, building_id: bld.id, region_id: grid.id, region_path: grid.path,
        head_name: head, member_count: 2, tags, lat: 37.05, lng: 120.05 + gi * 0.1, grams: search.grams,
      }).returning('id').executeTakeFirstOrThrow();
      households.push({ id: hh.id, gridIndex: gi, address });
      for (let r = 0; r < 2; r++) {
        const phone = `1380000${String(n * 2 + r).padStart(4, '0')}`;
        const name = r === 0 ? head : head[0] + '小' + '明红'[h % 2];
        await db.insertInto('residents').values({
          household_id: hh.id, region_id: grid.id, region_path: grid.path, name, gender: r === 0 ? 'M' : 'F',
          birth_date: '1980-01-01', id_number: idNumber(n * 2 + r, '19800101', r === 0), phone, phone_tail: phoneTail(phone),
          party_member: h === 1, relation: r === 0 ? '户主' : '配偶', grams: gramsOf(name),
        }).execute();
      }
    }
  }
  const dept = async (code: string, name: string, kind: string, r: { id: number; path: string }) =>
    db.insertInto('departments').values({ code, name, kind: kind as never, region_id: r.id, region_path: r.path }).returning('id').executeTakeFirstOrThrow();
  const housing = await dept('housing', '住房和城乡建设局', 'bureau', district);
  const office = await dept('liaison-office', '连心服务办公室', 'office', district);
  const township = await dept('beidao', '北岛镇', 'township', streets[1]);
  for (const [i, [name, d, party]] of ([['赵卫东', housing, true], ['钱晓燕', housing, false], ['孙海涛', office, true], ['周丽', office, false], ['吴大勇', township, true], ['郑敏', township, false]] as const).entries()) {
    await db.insertInto('cadres').values({
      code: `C${i}`, name, department_id: d.id, party_member: party, is_local: i % 2 === 0, years_of_service: i * 5,
      phone: `1391111000${i}`, region_id: d === township ? streets[1].id : district.id, region_path: d === township ? streets[1].path : district.path,
    }).execute();
  }
  const pw = await hashPassword(PASSWORD);
  const users: Record<string, { id: number; username: string; password: string }> = {};
  const user = async (username: string, role: string, scope: { region?: { id: number; path: string }; department?: number; household?: number }) => {
    const u = await db.insertInto('users').values({
      username, display_name: username, password_hash: pw, role, region_id: scope.region?.id ?? null, region_path: scope.region?.path ?? null,
      department_id: scope.department ?? null, household_id: scope.household ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    users[username] = { id: u.id, username, password: PASSWORD };
  };
  await user('admin', 'admin', { region: district });
  await user('dispatcher', 'dispatcher', { region: district, department: office.id });
  await user('handler', 'handler', { region: district, department: housing.id });
  await user('handler2', 'handler', { region: district, department: township.id });
  await user('dispatcher2', 'dispatcher', { region: district, department: office.id });
  await user('cadre', 'cadre', { region: communities[0] });
  await user('cadre2', 'cadre', { region: communities[2] });
  await user('grid', 'grid_worker', { region: grids[0] });
  await user('director', 'community_director', { region: communities[0] });
  await user('leader', 'leader', { region: district });
  await user('supervisor', 'supervisor', { region: district });
  await user('resident', 'resident', { region: grids[0], household: households[0].id });
  return { district, streets, communities, grids, households, departments: { housing, office, township }, users };
}
export type Fixture = Awaited<ReturnType<typeof loadFixture>>;
