// The pairing engine through the API on a real database: preview changes nothing, confirm writes
// groups, members and households with the audit trail, a re-run moves nothing, stale and
// out-of-scope runs are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

const count = async (t: 'household_liaisons' | 'liaison_groups' | 'liaison_group_members') =>
  Number((await s.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('pairing (联户分组)', () => {
  let firstRun: number;
  it('previews the township’s group over its street without writing anything', async () => {
    const admin = await login('admin');
    const r = await admin.post('/api/pairing/preview', { departmentId: s.fixture.departments.township.id, regionIds: [s.fixture.streets[1].id] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.groups).toHaveLength(1);
    expect(r.body.groups[0].cadres.map((c: any) => c.name).sort()).toEqual(['吴大勇', '郑敏'].sort());
    expect(r.body.groups[0].households).toBe(20);
    expect(r.body.groups[0].relaxed).toEqual([]);
    expect(r.body.coverage).toMatchObject({ households: 20, assigned: 20, unassigned: [] });
    expect(await count('household_liaisons')).toBe(0);
    firstRun = r.body.runId;
  });

  it('confirms: one group, its members and all 20 households, audited', async () => {
    const admin = await login('admin');
    const c = await admin.post(`/api/pairing/runs/${firstRun}/confirm`, {});
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({ groups: 1, householdsChanged: 20, dissolved: 0 });
    expect(await count('liaison_groups')).toBe(1);
    expect(await count('liaison_group_members')).toBe(2);
    expect(await count('household_liaisons')).toBe(20);
    const audit = await s.db.selectFrom('audit_log').select('action').where('entity', 'in', ['pairing_run', 'household_liaison']).execute();
    expect(audit.filter((a) => a.action === 'assign')).toHaveLength(20);
    const cov = await admin.get(`/api/pairing/coverage?departmentId=${s.fixture.departments.township.id}&regionIds=${s.fixture.streets[1].id}`);
    expect(cov.body.householdsWithoutGroup).toEqual([]);
    expect(cov.body.cadresWithoutGroup).toEqual([]);
    expect(cov.body.groups[0].households).toBe(20);
    // A confirmed run cannot be confirmed again.
    const again = await admin.post(`/api/pairing/runs/${firstRun}/confirm`, {});
    expect(again.status).toBe(409);
  });

  it('re-runs stably: a new cadre joins the group and no household moves', async () => {
    const admin = await login('admin');
    const added = await admin.post('/api/cadres', { code: 'C-NEW', name: '新干部', departmentId: s.fixture.departments.township.id, partyMember: false, yearsOfService: 1, isLocal: false });
    expect(added.status).toBe(201);
    const r = await admin.post('/api/pairing/preview', { departmentId: s.fixture.departments.township.id, regionIds: [s.fixture.streets[1].id] });
    expect(r.body.moved).toBe(0);
    expect(r.body.groups).toHaveLength(1);
    expect(r.body.groups[0].isNew).toBe(false);
    expect(r.body.groups[0].cadres).toHaveLength(3);
    const stale = await admin.post('/api/pairing/preview', { departmentId: s.fixture.departments.township.id, regionIds: [s.fixture.streets[1].id] });
    // The older preview is no longer the latest: confirming it is refused.
    expect((await admin.post(`/api/pairing/runs/${r.body.runId}/confirm`, {})).status).toBe(409);
    const ok = await admin.post(`/api/pairing/runs/${stale.body.runId}/confirm`, {});
    expect(ok.body).toMatchObject({ householdsChanged: 0 });
    expect(await count('liaison_group_members')).toBe(3);
  });

  it('lists a department’s groups with members and loads, to the office and the people of its region', async () => {
    const admin = await login('admin');
    const r = await admin.get(`/api/liaison-groups?departmentId=${s.fixture.departments.township.id}`);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ households: 20 });
    expect(r.body.items[0].cadres).toHaveLength(3);
    // The director of 海港社区 (the other street) sees none of the township's groups.
    expect((await (await login('director')).get(`/api/liaison-groups?departmentId=${s.fixture.departments.township.id}`)).body.items).toEqual([]);
  });

  it('refuses bad input and other people’s regions', async () => {
    const admin = await login('admin'), director = await login('director'), cadre = await login('cadre');
    expect((await admin.post('/api/pairing/preview', { departmentId: s.fixture.departments.township.id, regionIds: [] })).status).toBe(400);
    const noDept = await admin.post('/api/pairing/preview', { departmentId: 99999, regionIds: [s.fixture.streets[1].id] });
    expect(noDept.status).toBe(400);
    expect(noDept.body.details[0].field).toBe('departmentId');
    expect((await director.post('/api/pairing/preview', { departmentId: s.fixture.departments.township.id, regionIds: [s.fixture.streets[1].id] })).status).toBe(403);
    expect((await cadre.post('/api/pairing/preview', { departmentId: s.fixture.departments.township.id, regionIds: [s.fixture.streets[1].id] })).status).toBe(403);
  });
});
