// The network's other shapes through the API: party members linked with the households of their
// grid (党员联户) and Donggang's cadre ↔ party member ↔ hardship household (一对一对一).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let admin: Client;
beforeAll(async () => { s = await startTestServer(); admin = await s.login('admin'); });
afterAll(async () => { await s?.close(); });

const links = (shape: string) => s.db.selectFrom('liaison_links').selectAll().where('shape', '=', shape).execute();

describe('党员联户', () => {
  it('previews without writing, then links every household to the party member of its grid', async () => {
    const body = { shape: 'party_member', regionIds: [s.fixture.district.id] };
    const p = await admin.post('/api/liaison-links/preview', body);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ households: 40, members: 16, linked: 40, maxLoad: 3, unlinked: [] }); // two party members in each grid's second household
    expect(await links('party_member')).toHaveLength(0);
    const c = await admin.post('/api/liaison-links/confirm', body);
    expect(c.body).toMatchObject({ changed: 40, removed: 0 });
    const rows = await links('party_member');
    expect(rows).toHaveLength(40);
    const residents = await s.db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select(['r.id', 'h.region_id']).where('r.party_member', '=', true).execute();
    const hh = await s.db.selectFrom('households').select(['id', 'region_id']).execute();
    for (const r of rows) expect(residents.find((x) => x.id === r.resident_id)!.region_id).toBe(hh.find((h) => h.id === r.household_id)!.region_id);
    const again = await admin.post('/api/liaison-links/confirm', body);
    expect(again.body).toMatchObject({ moved: 0, changed: 0 });
    const audit = await s.db.selectFrom('audit_log').select('action').where('entity', '=', 'liaison_link.party_member').execute();
    expect(audit).toHaveLength(40);
  });

  it('reports the households of a grid without a party member and moves only those after a member leaves', async () => {
    const grid0 = s.fixture.grids[0];
    await s.db.updateTable('residents').set({ party_member: false }).where('region_id', '=', grid0.id).execute();
    const p = await admin.post('/api/liaison-links/confirm', { shape: 'party_member', regionIds: [s.fixture.district.id] });
    expect(p.body.unlinked).toHaveLength(5);
    expect(p.body.unlinked[0].reason).toMatch(/^本网格没有党员/);
    expect(p.body.removed).toBe(5);
    expect(await links('party_member')).toHaveLength(35);
    const one = s.fixture.households.find((h) => h.gridIndex === 1)!;
    const l = await admin.get(`/api/households/${one.id}/links`);
    expect(l.body.items[0]).toMatchObject({ shape: 'party_member', member: { name: expect.any(String) } });
    expect(l.body.group).toBeNull(); // no liaison group in this test
  });
});

describe('一对一对一', () => {
  it('gives each hardship household a cadre and a party member of its grid, and says when cadres are too few', async () => {
    const body = { shape: 'triad', regionIds: [s.fixture.streets[1].id], departmentId: s.fixture.departments.township.id, tags: ['低保户'] };
    const c = await admin.post('/api/liaison-links/confirm', body);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({ households: 4, cadres: 2, linked: 4, maxLoad: 2 });
    expect(c.body.notes[0]).toMatch(/^困难户 4 户多于干部 2 名/);
    const rows = await links('triad');
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.cadre_id !== null && r.resident_id !== null && r.department_id === s.fixture.departments.township.id)).toBe(true);
    const noDept = await admin.post('/api/liaison-links/preview', { shape: 'triad', regionIds: [s.fixture.streets[1].id] });
    expect(noDept.status).toBe(400);
    expect(noDept.body.details[0].field).toBe('departmentId');
    const director = await s.login('director');
    expect((await director.post('/api/liaison-links/preview', { ...body, regionIds: [s.fixture.streets[1].id] })).status).toBe(403);
  });
});
