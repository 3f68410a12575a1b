// Responsibilities (包联) over HTTP on both engines: each kind's owners and objects, default
// terms, lists by owner and by object, expiring terms, scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate } from '../../src/domain/calendar.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };
let cadreId: number;
beforeAll(async () => {
  s = await startTestServer();
  cadreId = (await s.db.selectFrom('cadres').select('id').where('name', '=', '吴大勇').executeTakeFirstOrThrow()).id;
});
afterAll(async () => { await s?.close(); });

describe('responsibilities', () => {
  it('gives a first secretary a one-year term over a village, and lists it by owner and by object', async () => {
    const admin = await login('admin');
    const village = s.fixture.communities[2];
    const r = await admin.post('/api/responsibilities', { kind: 'first_secretary', ownerType: 'cadre', ownerId: cadreId, objectType: 'region', objectId: village.id, startDate: '2026-03-01', published: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ kindLabel: '第一书记', ownerName: '吴大勇', objectName: '大钦村', endDate: '2027-02-28', published: true });
    const byOwner = await admin.get(`/api/responsibilities?ownerType=cadre&ownerId=${cadreId}`);
    expect(byOwner.body.items.map((x: any) => x.id)).toEqual([r.body.id]);
    const byObject = await admin.get(`/api/responsibilities?objectType=region&objectId=${village.id}`);
    expect(byObject.body.items.map((x: any) => x.kind)).toEqual(['first_secretary']);
  });

  it('pairs a department with a community (结对), and refuses a cadre as its owner', async () => {
    const admin = await login('admin');
    const ok = await admin.post('/api/responsibilities', { kind: 'pairing', ownerType: 'department', ownerId: s.fixture.departments.housing.id, objectType: 'region', objectId: s.fixture.communities[3].id, startDate: '2026-01-01' });
    expect(ok.status).toBe(201);
    expect(ok.body.ownerName).toBe('住房和城乡建设局');
    const bad = await admin.post('/api/responsibilities', { kind: 'pairing', ownerType: 'cadre', ownerId: cadreId, objectType: 'region', objectId: s.fixture.communities[3].id, startDate: '2026-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'ownerType' });
    expect(bad.body.details[0].reason).toMatch(/结对/);
  });

  it('needs a deadline for a leader’s project (包保) and flags it when it is near', async () => {
    const admin = await login('admin');
    const today = chinaDate(new Date());
    const noEnd = await admin.post('/api/responsibilities', { kind: 'project', ownerType: 'leader', ownerId: cadreId, objectType: 'project', objectName: '渔港改造工程', regionId: s.fixture.streets[1].id, startDate: '2026-01-01' });
    expect(noEnd.status).toBe(400);
    expect(noEnd.body.details[0].field).toBe('endDate');
    const soon = await admin.post('/api/responsibilities', { kind: 'project', ownerType: 'leader', ownerId: cadreId, objectType: 'project', objectName: '渔港改造工程', regionId: s.fixture.streets[1].id, startDate: '2026-01-01', endDate: addDays(today, 10) });
    expect(soon.status).toBe(201);
    expect(soon.body.status).toBe('expiring');
    const expiring = await admin.get('/api/responsibilities?term=expiring');
    expect(expiring.body.items.map((x: any) => x.objectName)).toContain('渔港改造工程');
    const upd = await admin.patch(`/api/responsibilities/${soon.body.id}`, { version: soon.body.version, endDate: addDays(today, 200) });
    expect(upd.status).toBe(200);
    expect(upd.body.status).toBe('active');
  });

  it('keeps people to their own region', async () => {
    const director = await login('director'), cadre = await login('cadre');
    const outside = await director.post('/api/responsibilities', { kind: 'liaison', ownerType: 'cadre', ownerId: cadreId, objectType: 'household', objectId: s.fixture.households[39].id, startDate: '2026-01-01' });
    expect(outside.status).toBe(403);
    const inside = await director.post('/api/responsibilities', { kind: 'liaison', ownerType: 'cadre', ownerId: cadreId, objectType: 'household', objectId: s.fixture.households[0].id, startDate: '2026-01-01' });
    expect(inside.status).toBe(201);
    expect((await cadre.post('/api/responsibilities', { kind: 'liaison', ownerType: 'cadre', ownerId: cadreId, objectType: 'household', objectId: s.fixture.households[0].id, startDate: '2026-01-01' })).status).toBe(403);
    const seen = await director.get('/api/responsibilities');
    expect(seen.body.items.every((x: any) => x.objectName !== '大钦村')).toBe(true);
  });
});
