// Household fragment search gives exactly what `address LIKE %f%` (and, for q, head name or
// household code) gives, whichever way the index reaches the rows: fragments inside the region
// names an address starts with, spanning those names and the street, single characters, after a
// region is renamed, after an address is edited, and for rows written by the importer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';
import { listHouseholds } from '../../src/features/households/households.repo.ts';
import { SYSTEM_ACTOR } from '../../src/platform/access.ts';
import { likeEscape } from '../../src/domain/text-search.ts';

let s: TestServer;
let admin: Client;
beforeAll(async () => { s = await startTestServer(); admin = await s.login('admin'); });
afterAll(async () => { await s?.close(); });

const ADDRESSES: [grid: number, address: string][] = [
  [0, '长屿区南城街道海港社区 海韵路12号1单元301室'],
  [0, '长屿区南城街道海港社区海韵路8号'],
  [1, '南城街道海港社区区海路3号'],
  [0, '长屿区南城街道'],
  [1, 'A座长屿区南城街道5号'],
  [4, '长屿区北岛镇大钦村 12号'],
  [4, '大钦村大钦村路7号'],
  [2, '渔港社区Ab栋2号'],
];

/** The exact answer, straight from SQL. */
async function exact(kind: 'address' | 'q' | 'name', f: string): Promise<number[]> {
  const op = sql.raw(f.toLowerCase() === f.toUpperCase() ? 'like' : 'ilike');
  const p = `%${likeEscape(f)}%`;
  const cond = kind === 'address' ? sql`address ${op} ${p}` : kind === 'name' ? sql`head_name like ${p}`
    : sql`(address ${op} ${p} or head_name ${op} ${p} or external_code = ${f})`;
  const r = await sql<{ id: number }>`select id from households where ${cond} order by id`.execute(s.db);
  return r.rows.map((x) => x.id);
}
async function found(kind: 'address' | 'q' | 'name', f: string, within?: string): Promise<number[]> {
  const actor = within ? { ...SYSTEM_ACTOR, role: 'cadre', scope: { regionPath: within, departmentId: null, householdId: null } } : SYSTEM_ACTOR;
  const r = await listHouseholds(s.db, actor as never, { page: 1, pageSize: 500, [kind]: f } as never);
  return r.items.map((h) => h.id);
}
/** Every substring (1–7 characters) of the given texts, trimmed as the API trims them. */
function fragments(texts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    const c = Array.from(t);
    for (let i = 0; i < c.length; i++) for (let n = 1; n <= 7 && i + n <= c.length; n++) {
      const f = c.slice(i, i + n).join('').trim();
      if (f) out.add(f);
    }
  }
  return [...out];
}
async function expectExact(kind: 'address' | 'q' | 'name', frags: string[]) {
  const wrong: { f: string; got: number[]; want: number[] }[] = [];
  for (const f of frags) {
    const [got, want] = [await found(kind, f), await exact(kind, f)];
    if (got.join() !== want.join()) wrong.push({ f, got, want });
  }
  expect(wrong).toEqual([]);
}

describe('household fragment search equals the exact match', () => {
  it('for every fragment of addresses that start with region names, span them, or do not', async () => {
    for (const [g, address] of ADDRESSES) {
      const r = await admin.post('/api/households', { address, regionId: s.fixture.grids[g].id });
      expect(r.status).toBe(201);
    }
    const frags = fragments([...ADDRESSES.map(([, a]) => a), s.fixture.households[0].address, s.fixture.households[12].address]);
    expect(frags.length).toBeGreaterThan(300);
    await expectExact('address', frags);
    // A fragment inside the region names matches every household whose address starts with them.
    expect((await found('address', '城街道')).length).toBe((await exact('address', '城街道')).length);
    expect((await exact('address', '社区 海韵')).length).toBe(1);
    expect((await exact('address', '社区区海')).length).toBe(1);
    // Within a community's scope: the same answer, narrowed to its households.
    const community = s.fixture.communities[0];
    const inside = new Set((await s.db.selectFrom('households').select('id').where('region_path', 'like', `${community.path}%`).execute()).map((h) => h.id));
    const wrong: string[] = [];
    for (const f of frags) if ((await found('address', f, community.path)).join() !== (await exact('address', f)).filter((id) => inside.has(id)).join()) wrong.push(f);
    expect(wrong).toEqual([]);
  });

  it('for q (address, head of household, code) and head names', async () => {
    await expectExact('q', ['城街道海', '社区海韵', '海生', '王', '建国', 'HH0003', '路3号', 'a座', 'AB栋', '镇大钦村 1']);
    await expectExact('name', ['海生', '王', '秀英', '王建国']);
  });

  it('after a region is renamed and an address is edited', async () => {
    const street = await s.db.selectFrom('regions').select(['id', 'version']).where('name', '=', '南城街道').executeTakeFirstOrThrow();
    const renamed = await admin.patch(`/api/regions/${street.id}`, { name: '南城镇', version: street.version });
    expect(renamed.status).toBe(200);
    const created = await admin.post('/api/households', { address: '长屿区南城镇海港社区 新路1号', regionId: s.fixture.grids[0].id });
    expect(created.status).toBe(201);
    const edited = await s.db.selectFrom('households').select(['id', 'version']).where('address', '=', '长屿区南城街道海港社区海韵路8号').executeTakeFirstOrThrow();
    const e = await admin.patch(`/api/households/${edited.id}`, { address: '长屿区南城镇海港社区海韵路9号', version: edited.version });
    expect(e.status).toBe(200);
    await expectExact('address', fragments(['长屿区南城街道海港社区 海韵路12号', '长屿区南城镇海港社区 新路1号', '长屿区南城镇海港社区海韵路9号']));
  });

  it('for households written by the importer', async () => {
    const fd = new FormData();
    const rows = [['户编号', '地址', '网格编码'], ['IMP1', '长屿区北岛镇砣矶村 东山路3号', s.fixture.grids[6].code], ['IMP2', '砣矶村东山路5号', s.fixture.grids[7].code]];
    fd.append('file', new Blob(['\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n']), 'h.csv');
    const r = await admin.post('/api/imports/households?mode=valid', fd);
    expect(r.body).toMatchObject({ status: 'done', inserted: 2 });
    await expectExact('address', fragments(['长屿区北岛镇砣矶村 东山路3号', '砣矶村东山路5号']));
  });
});
