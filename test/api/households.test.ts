// Households and residents over real HTTP: search, scope, masking, reveal, conflicts, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

describe('households', () => {
  it('health answers ok', async () => {
    const r = await s.client().get('/api/health');
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('needs a session', async () => {
    const r = await s.client().get('/api/households');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('UNAUTHENTICATED');
  });

  it('searches by address fragment, head name, tag and region', async () => {
    const c = await s.login('admin');
    const all = await c.get('/api/households?pageSize=200');
    expect(all.body.total).toBe(40);
    const page2 = await c.get('/api/households?page=2&pageSize=15');
    expect(page2.body).toMatchObject({ total: 40, totalCapped: false, page: 2, pageSize: 15 });
    expect(page2.body.items).toHaveLength(15);
    expect(page2.body.items[0].id).toBe(all.body.items[15].id);
    const frag = await c.get('/api/households?address=' + encodeURIComponent('滨海路3号2'));
    expect(frag.body.items.map((h: any) => h.address)).toEqual([expect.stringContaining('滨海路3号201室')]);
    const name = await c.get('/api/households?name=' + encodeURIComponent('海生'));
    expect(name.body.total).toBe(8);
    expect(name.body.items.every((h: any) => h.headName === '张海生')).toBe(true);
    const tag = await c.get('/api/households?tags=' + encodeURIComponent('五老,党员户'));
    expect(tag.body.total).toBe(8);
    const byCode = await c.get('/api/households?q=HH0007');
    expect(byCode.body.items.map((h: any) => h.externalCode)).toEqual(['HH0007']);
    const grid = s.fixture.grids[3];
    const inGrid = await c.get(`/api/households?regionId=${grid.id}`);
    expect(inGrid.body.total).toBe(5);
    expect(inGrid.body.items.every((h: any) => h.regionId === grid.id)).toBe(true);
  });

  it('a community cadre sees only their community, with masked phones', async () => {
    const c = await s.login('cadre');
    const list = await c.get('/api/households?pageSize=200');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(10); // 2 grids × 5 households in community 0
    const mine = s.fixture.households.find((h) => h.gridIndex === 0)!;
    const other = s.fixture.households.find((h) => h.gridIndex === 5)!;
    const detail = await c.get(`/api/households/${mine.id}`);
    expect(detail.status).toBe(200);
    for (const r of detail.body.residents) {
      expect(r.phone).toMatch(/^138\*{4}\d{4}$/);
      expect(r.idNumber).toMatch(/^370699\*{8}[\dX]{4}$/);
    }
    const denied = await c.get(`/api/households/${other.id}`);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('OUT_OF_SCOPE');
    const reveal = await c.post(`/api/residents/${detail.body.residents[0].id}/reveal`);
    expect(reveal.status).toBe(403);
    const otherGrid = await c.get(`/api/households?regionId=${s.fixture.grids[5].id}`);
    expect(otherGrid.status).toBe(403);
  });

  it('reveal is for permitted roles and is audited', async () => {
    const c = await s.login('director');
    const mine = s.fixture.households.find((h) => h.gridIndex === 1)!;
    const detail = await c.get(`/api/households/${mine.id}`);
    const rid = detail.body.residents[0].id;
    const r = await c.post(`/api/residents/${rid}/reveal`, { reason: '核实低保' });
    expect(r.status).toBe(200);
    expect(r.body.phone).toMatch(/^138\d{8}$/);
    expect(r.body.idNumber).toMatch(/^370699\d{11}[\dX]$/);
    const audit = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'unmask').where('entity_id', '=', String(rid)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe('director');
  });

  it('creates, edits with version checks, and rejects a stale edit with 409', async () => {
    const a = await s.login('admin');
    const b = await s.login('grid');
    const grid = s.fixture.grids[0];
    const created = await a.post('/api/households', { address: '海港社区滨海路1号999室', regionId: grid.id, tags: ['独居老人'] });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const first = await b.patch(`/api/households/${id}`, { version: 1, notes: '网格员修改' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await a.patch(`/api/households/${id}`, { version: 1, notes: '管理员修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const latin = await a.post('/api/households', { address: '海港社区滨海路2号A座1201室', regionId: grid.id });
    expect(latin.status).toBe(201);
    const found = await a.get('/api/households?address=' + encodeURIComponent('a座12'));
    expect(found.body.items.map((h: any) => h.id)).toEqual([latin.body.id]);
    const now = await a.get(`/api/households/${id}`);
    expect(now.body.notes).toBe('网格员修改');
    const audits = await s.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'household').where('entity_id', '=', String(id)).orderBy('seq').execute();
    expect(audits.map((x) => x.action)).toEqual(['create', 'update']);
    expect((audits[1].before as any).notes).toBeNull();
    expect((audits[1].after as any).notes).toBe('网格员修改');
  });

  it('bad input names the field and writes nothing', async () => {
    const c = await s.login('admin');
    const before = await s.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const unknownGrid = await c.post('/api/households', { address: '某路1号', regionId: 999999 });
    expect(unknownGrid.status).toBe(400);
    expect(unknownGrid.body.details[0]).toMatchObject({ field: 'regionId' });
    const notGrid = await c.post('/api/households', { address: '某路1号', regionId: s.fixture.communities[0].id });
    expect(notGrid.body.details[0].field).toBe('regionId');
    const badTag = await c.post('/api/households', { address: '某路1号', regionId: s.fixture.grids[0].id, tags: ['不存在的标签'] });
    expect(badTag.status).toBe(400);
    expect(badTag.body.details[0]).toMatchObject({ field: 'tags' });
    expect(badTag.body.message_en).toBeTruthy();
    const missing = await c.post('/api/households', { regionId: s.fixture.grids[0].id });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: any) => d.field)).toContain('address');
    const after = await s.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('residents: phone and ID number checks, duplicate ID numbers, search by name and phone tail', async () => {
    const c = await s.login('admin');
    const hh = s.fixture.households[0].id;
    const badPhone = await c.post(`/api/households/${hh}/residents`, { name: '测试', phone: '12345' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.details[0]).toMatchObject({ field: 'phone' });
    const badId = await c.post(`/api/households/${hh}/residents`, { name: '测试', idNumber: '370699198001010010' });
    expect(badId.body.details[0]).toMatchObject({ field: 'idNumber' });
    const existing = await s.db.selectFrom('residents').select('id_number').where('household_id', '=', s.fixture.households[1].id).executeTakeFirstOrThrow();
    const dup = await c.post(`/api/households/${hh}/residents`, { name: '测试', idNumber: existing.id_number });
    expect(dup.status).toBe(409);
    expect(dup.body.details[0].field).toBe('idNumber');
    const ok = await c.post(`/api/households/${hh}/residents`, { name: '王小海', phone: '139 1234 5678', relation: '子女' });
    expect(ok.status).toBe(201);
    expect(ok.body.phone).toBe('139****5678');
    const byName = await c.get('/api/residents?name=' + encodeURIComponent('小海'));
    expect(byName.body.items.map((r: any) => r.id)).toContain(ok.body.id);
    const byPhone = await c.get('/api/residents?phone=5678');
    expect(byPhone.body.items.map((r: any) => r.id)).toEqual([ok.body.id]);
    const short = await c.get('/api/residents?phone=78');
    expect(short.status).toBe(400);
    const h = await c.get(`/api/households/${hh}`);
    expect(h.body.memberCount).toBe(3);
  });

  it('cookie writes need the CSRF header', async () => {
    const c = await s.login('admin');
    const r = await c.request('POST', '/api/households', { address: 'x路1号', regionId: s.fixture.grids[0].id }, { 'x-csrf-token': 'wrong' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('CSRF');
  });

  it('locates a point in its grid', async () => {
    const c = await s.login('admin');
    const r = await c.get('/api/regions/locate?lat=37.05&lng=120.35');
    expect(r.body.region.id).toBe(s.fixture.grids[3].id);
    const none = await c.get('/api/regions/locate?lat=10&lng=10');
    expect(none.body.region).toBeNull();
  });
});
