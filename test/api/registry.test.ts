// Buildings, cadres, departments, tags, users, tokens and the audit API over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

describe('registries', () => {
  it('lists cadres, narrowed to their department for a department handler', async () => {
    const admin = await s.login('admin');
    const all = await admin.get('/api/cadres');
    expect(all.body.total).toBe(6);
    const handler = await s.login('handler');
    const mine = await handler.get('/api/cadres');
    expect(mine.body.items.map((c: any) => c.departmentName)).toEqual(['住房和城乡建设局', '住房和城乡建设局']);
    const party = await admin.get('/api/cadres?partyMember=true');
    expect(party.body.items.every((c: any) => c.partyMember)).toBe(true);
    const depts = await admin.get('/api/departments');
    expect(depts.body.find((d: any) => d.code === 'housing').cadreCount).toBe(2);
  });

  it('creates a cadre with a checked phone, and a handler cannot', async () => {
    const admin = await s.login('admin');
    const bad = await admin.post('/api/cadres', { code: 'C99', name: '新干部', departmentId: s.fixture.departments.housing.id, phone: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('phone');
    const ok = await admin.post('/api/cadres', { code: 'C99', name: '新干部', departmentId: s.fixture.departments.housing.id, phone: '13900001111', partyMember: true, yearsOfService: 2 });
    expect(ok.status).toBe(201);
    const dup = await admin.post('/api/cadres', { code: 'C99', name: '重复', departmentId: s.fixture.departments.housing.id });
    expect(dup.status).toBe(409);
    const handler = await s.login('handler');
    const denied = await handler.post('/api/cadres', { code: 'C98', name: 'x', departmentId: s.fixture.departments.housing.id });
    expect(denied.status).toBe(403);
  });

  it('buildings are scoped and counted', async () => {
    const cadre = await s.login('cadre');
    const list = await cadre.get('/api/buildings');
    expect(list.body.total).toBe(2);
    expect(list.body.items[0].households).toBe(5);
  });

  it('renaming a tag renames it on every household', async () => {
    const admin = await s.login('admin');
    const tags = await admin.get('/api/household-tags');
    const t = tags.body.find((x: any) => x.name === '低保户');
    const r = await admin.patch(`/api/household-tags/${t.id}`, { version: t.version, name: '城乡低保户' });
    expect(r.status).toBe(200);
    const hs = await admin.get('/api/households?tags=' + encodeURIComponent('城乡低保户'));
    expect(hs.body.total).toBe(8);
  });

  it('overview counts only what is in scope', async () => {
    const admin = await s.login('admin');
    const cadre = await s.login('cadre');
    expect((await admin.get('/api/stats/overview')).body.households).toBeGreaterThanOrEqual(40);
    const mine = (await cadre.get('/api/stats/overview')).body;
    expect(mine.households).toBe(10);
    expect(mine.grids).toBe(2);
  });
});

describe('people and access', () => {
  it('locks an account after repeated wrong passwords', async () => {
    const c = s.client();
    for (let i = 0; i < 4; i++) expect((await c.post('/api/auth/login', { username: 'leader', password: 'wrong' })).status).toBe(401);
    expect((await c.post('/api/auth/login', { username: 'leader', password: 'wrong' })).status).toBe(429);
    const locked = await c.post('/api/auth/login', { username: 'leader', password: s.users.leader.password });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('LOCKED');
  });

  it('API tokens authenticate machines without CSRF, and users see their own scope', async () => {
    const c = await s.login('director');
    const me = await c.get('/api/auth/me');
    expect(me.body.scope.region.name).toBe('海港社区');
    expect(me.body.csrfToken).toBe(c.cookies.get('lx_csrf'));
    const logins = await s.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'login').where('actor', '=', 'director').execute();
    expect(logins.length).toBeGreaterThan(0);
    const t = await c.post('/api/auth/tokens', { name: '短信网关' });
    expect(t.body.token).toMatch(/^lxt_/);
    const m = s.client();
    m.bearer = t.body.token;
    const list = await m.get('/api/households');
    expect(list.body.total).toBe(10);
    const bad = s.client();
    bad.bearer = 'lxt_nope';
    expect((await bad.get('/api/households')).status).toBe(401);
  });

  it('only user managers create users, inside their scope, with a strong password', async () => {
    const admin = await s.login('admin');
    const weak = await admin.post('/api/users', { username: 'newgrid', displayName: '新网格员', password: 'short', role: 'grid_worker', regionId: s.fixture.grids[1].id });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0].field).toBe('password');
    const ok = await admin.post('/api/users', { username: 'newgrid', displayName: '新网格员', password: 'Wangge2026', role: 'grid_worker', regionId: s.fixture.grids[1].id });
    expect(ok.status).toBe(201);
    const c = s.client();
    expect((await c.post('/api/auth/login', { username: 'newgrid', password: 'Wangge2026' })).status).toBe(200);
    const dispatcher = await s.login('dispatcher');
    expect((await dispatcher.get('/api/users')).status).toBe(403);
  });

  it('the audit API masks personal data for readers who may not see it', async () => {
    const admin = await s.login('admin');
    await admin.post(`/api/households/${s.fixture.households[2].id}/residents`, { name: '审计测试', phone: '13712345678' });
    const sup = await s.login('supervisor');
    const r = await sup.get('/api/audit?entity=resident');
    expect(r.status).toBe(200);
    expect(r.body.items[0].after.phone).toBe('137****5678');
    const v = await sup.post('/api/audit/verify');
    expect(v.body.problems).toEqual([]);
    expect(v.body.sealedRows).toBeGreaterThan(0);
    const cadre = await s.login('cadre');
    expect((await cadre.get('/api/audit')).status).toBe(403);
  });
});
