// Category and department suggestions while a request is entered, over real HTTP: the classifier
// trained on the seed corpus, the routing table, and the office's own recent dispatches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let cadre: Client;
beforeAll(async () => { s = await startTestServer(); cadre = await s.login('cadre'); }, 120_000);
afterAll(async () => { await s?.close(); });

describe('POST /api/routing/suggest', () => {
  it('suggests the top three categories with scores, best first, and the routed department', async () => {
    const h = s.fixture.households[0];
    const r = await cadre.post('/api/routing/suggest', { text: '滨海路上有个大坑，井盖也松了，晚上骑车差点摔倒', householdId: h.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.categories).toHaveLength(3);
    expect(r.body.categories[0]).toMatchObject({ category: 'roads', name: expect.any(String) });
    const scores = r.body.categories.map((c: any) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.every((x: number) => x >= 0 && x <= 1)).toBe(true);
    expect(r.body.departments[0]).toMatchObject({ departmentId: s.fixture.departments.housing.id, via: 'table' });
  }, 60_000);

  it('prefers where the office actually sent the same matter from the same community', async () => {
    const h = s.fixture.households[0];
    const roads = await s.db.selectFrom('request_categories').select('id').where('code', '=', 'roads').executeTakeFirstOrThrow();
    for (let i = 0; i < 6; i++) {
      const q = await cadre.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: roads.id, text: `第${i}次反映路面破损`, householdId: h.id });
      expect(q.status).toBe(201);
      await s.db.updateTable('requests').set({ department_id: s.fixture.departments.township.id, dispatched_at: new Date(), status: 'dispatched' }).where('id', '=', q.body.request.id).execute();
    }
    const r = await cadre.post('/api/routing/suggest', { text: '路面坑坑洼洼', householdId: h.id, categoryId: roads.id });
    expect(r.body.departments.map((d: any) => [d.departmentId, d.via])).toEqual([[s.fixture.departments.township.id, 'history'], [s.fixture.departments.housing.id, 'table']]);
    expect(r.body.departments[0].reason).toMatch(/^近期海港社区同类诉求 6\/6 件派往该部门/);
  });

  it('answers empty, emoji-only and very long texts without failing', async () => {
    const empty = await cadre.post('/api/routing/suggest', { text: '' });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ categories: [], error: { code: 'EMPTY_TEXT' } });
    expect((await cadre.post('/api/routing/suggest', { text: '😀😀😀' })).body.error.code).toBe('NO_CONTENT');
    const long = await cadre.post('/api/routing/suggest', { text: '楼上装修太吵了'.repeat(1500) });
    expect(long.body).toMatchObject({ truncated: true });
    expect(long.body.categories[0].category).toBe('noise');
    expect((await cadre.post('/api/routing/suggest', { text: 'x'.repeat(20_001) })).status).toBe(400);
    expect((await (await s.login('leader')).post('/api/routing/suggest', { text: '路灯坏了' })).status).toBe(403);
  });
});
