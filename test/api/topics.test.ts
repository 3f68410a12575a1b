// Place names, similar requests and hot topics (小专题) over real HTTP on a real database (PGlite,
// or PostgreSQL with DATABASE_URL): place recognition against the fixture registry, similar
// requests found and dissimilar ones not, a month's proposals from a constructed cluster among
// noise, promoting it (and a second open topic refused), the monthly ranking, the board order,
// closing, and who sees what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/calendar.ts';
import { placesCache } from '../../src/features/routing/places.service.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let cat: Record<string, number>;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };

/** Twelve people telling the same matter their own way: the street lights of 滨海路 are out. */
const LIGHTS = [
  '滨海路的路灯坏了好几盏，晚上黑乎乎的', '滨海路那边晚上黑灯瞎火的，路灯都不亮', '海港社区滨海路路灯不亮已经一个星期了',
  '滨海路路灯不亮，晚上走路害怕，麻烦修一下', '反映一下，滨海路上的路灯好多都不亮了', '滨海路一到晚上路灯全灭，老人出门不方便',
  '滨海路路灯坏了没人修，晚上黑得看不见路', '我家住滨海路，门口那几盏路灯又不亮了', '滨海路的路灯一直不亮，孩子晚上放学不安全',
  '滨海路路灯什么时候修？晚上太黑了', '滨海路一整条街的路灯都不亮，请尽快处理', '晚上滨海路路灯不亮，差点摔一跤',
];
/** Other matters, spread over the four communities and the month. */
const NOISE: [string, string][] = [
  ['楼上邻居半夜装修，电钻声吵得睡不着', 'noise'], ['想咨询一下医保报销需要带什么材料', 'medical-insurance'], ['小区门口的垃圾箱满了好几天没人清', 'sanitation'],
  ['下水道堵了，污水冒到路面上', 'water-drainage'], ['我家老人的低保什么时候发', 'social-security'], ['路口红绿灯坏了，车辆乱成一团', 'traffic-safety'],
  ['广场舞音响太吵，晚上十点还在跳', 'noise'], ['物业费涨价了，也没开业主大会', 'housing-property'], ['公交车太少了，等一个小时才来一趟', 'public-transport'],
  ['菜市场门口乱停车，堵得走不了路', 'parking'], ['孩子上学的事想问问学区怎么划', 'education'], ['渔船补贴什么时候到账', 'agriculture'],
  ['楼道里堆满杂物，消防通道都堵了', 'public-order'], ['自来水发黄，烧开了还有沉淀', 'water-drainage'], ['村里的路一下雨就全是泥', 'roads'],
  ['邻居养的狗天天叫', 'noise'], ['暖气不热，屋里才十五度', 'heating-gas'], ['河里有人往里倒垃圾', 'rivers'],
  ['超市卖过期食品', 'market-consumer'], ['工地晚上十一点还在施工', 'noise'],
];
const MONTH = '2026-10';
const lightIds: number[] = [];
const noiseIds: number[] = [];

beforeAll(async () => {
  s = await startTestServer();
  const admin = await login('admin');
  const cats = await admin.get('/api/categories');
  cat = Object.fromEntries(cats.body.map((c: any) => [c.code, c.id]));
  // A director of another community (渔港社区), like the fixture's director of 海港社区.
  const director = await s.db.selectFrom('users').selectAll().where('username', '=', 'director').executeTakeFirstOrThrow();
  const other = s.fixture.communities[1];
  await s.db.insertInto('users').values({ username: 'director2', display_name: 'director2', password_hash: director.password_hash, role: 'community_director', region_id: other.id, region_path: other.path }).execute();
  s.fixture.users.director2 = { id: 0, username: 'director2', password: s.fixture.users.director.password };

  const dispatcher = await login('dispatcher');
  const g = s.fixture.grids;
  // The cluster: one week of October in 海港社区 (its two grids), each from a different household.
  for (const [i, text] of LIGHTS.entries()) {
    const day = 5 + Math.floor(i / 2);
    const r = await dispatcher.post('/api/requests', {
      kind: 'complaint', channel: 'hotline', categoryId: cat['street-lighting'], text, regionId: g[i % 2].id,
      receivedAt: `${MONTH}-${String(day).padStart(2, '0')}T${String(8 + i).padStart(2, '0')}:00:00+08:00`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    lightIds.push(r.body.request.id);
  }
  // The noise: all over the district and the month.
  for (const [i, [text, code]] of NOISE.entries()) {
    const day = 1 + ((i * 7) % 28);
    const r = await dispatcher.post('/api/requests', {
      kind: 'demand', channel: 'visit', categoryId: cat[code], text, regionId: g[(i * 3) % 8].id,
      receivedAt: `${MONTH}-${String(day).padStart(2, '0')}T10:00:00+08:00`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    noiseIds.push(r.body.request.id);
  }
});
afterAll(async () => { placesCache.freshMs = 2 * 60_000; await s?.close(); });

describe('place names', () => {
  it('a house number pins the grid: 海港社区滨海路1号 → 海港社区第1网格', async () => {
    const r = await (await login('dispatcher')).post('/api/routing/places', { text: '海港社区滨海路1号门口的路灯坏了' });
    expect(r.status).toBe(200);
    expect(r.body.mentions.map((m: any) => [m.kind, m.text])).toEqual([['community', '海港社区'], ['address', '滨海路1号']]);
    expect(r.body.ambiguous).toBe(false);
    expect(r.body.best).toMatchObject({ regionId: s.fixture.grids[0].id, level: 'grid', name: '海港社区第1网格', gridId: s.fixture.grids[0].id, inScope: true });
    expect(r.body.best.confidence).toBeGreaterThan(0.9);
    // No building of the fixture has a point of its own: the point given is the grid's centre, and says so.
    expect(r.body.best.pointFrom).toBe(r.body.best.lat === null ? null : 'region');
    expect(r.body.best.reason).toContain('滨海路1号');
    expect(r.body.best.reason_en).toContain('海港社区第1网格');
  });
  it('the same road in four communities: several candidates, ranked, and said to be ambiguous', async () => {
    const r = await (await login('dispatcher')).post('/api/routing/places', { text: '滨海路的路灯坏了' });
    expect(r.body.ambiguous).toBe(true);
    expect(r.body.candidates.map((c: any) => c.name).sort()).toEqual(['大钦村', '海港社区', '渔港社区', '砣矶村']);
    expect(r.body.best.reason).toContain('请确认');
  });
  it('a director is offered their own community first', async () => {
    const r = await (await login('director2')).post('/api/routing/places', { text: '滨海路的路灯坏了' });
    expect(r.body.best).toMatchObject({ name: '渔港社区', inScope: true });
    expect(r.body.candidates.filter((c: any) => !c.inScope)).toHaveLength(3);
  });
  it('villages, short names, streets, traditional characters', async () => {
    const c = await login('dispatcher');
    expect((await c.post('/api/routing/places', { text: '大钦村东头那条路一盏灯都没有' })).body.best).toMatchObject({ name: '大钦村', level: 'community', kind: 'village' });
    expect((await c.post('/api/routing/places', { text: '砣矶那边的码头' })).body.best).toMatchObject({ name: '砣矶村' });
    expect((await c.post('/api/routing/places', { text: '北岛镇的渡船' })).body.best).toMatchObject({ name: '北岛镇', level: 'street' });
    const t = await c.post('/api/routing/places', { text: '渔港社區濱海路3號' });
    expect(t.body.best).toMatchObject({ name: '渔港社区第1网格' });
    expect(t.body.mentions[1].text).toBe('濱海路3號');
  });
  it('no place, no suggestion; an empty text is refused', async () => {
    const c = await login('dispatcher');
    expect((await c.post('/api/routing/places', { text: '想问一下医保怎么报销' })).body).toMatchObject({ candidates: [], best: null });
    expect((await c.post('/api/routing/places', { text: '😀' })).body.best).toBeNull();
    const empty = await c.post('/api/routing/places', { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0].field).toBe('text');
  });
  it('sees a registry change after its version check', async () => {
    const c = await login('dispatcher');
    expect((await c.post('/api/routing/places', { text: '灯塔巷8号' })).body.best).toBeNull();
    placesCache.freshMs = 0;
    await s.db.insertInto('buildings').values({ code: 'BX1', name: '灯塔巷8号楼', address: '灯塔巷8号', region_id: s.fixture.grids[3].id, region_path: s.fixture.grids[3].path }).execute();
    const r = await c.post('/api/routing/places', { text: '灯塔巷8号门口积水' });
    expect(r.body.best).toMatchObject({ name: '渔港社区第2网格', level: 'grid' });
    placesCache.freshMs = 2 * 60_000;
  });
});

describe('similar requests', () => {
  const at = `${MONTH}-12T10:00:00+08:00`;
  it('finds the street-light requests of the community and not the other matters', async () => {
    const r = await (await login('dispatcher')).post('/api/routing/similar', {
      text: '滨海路路灯又坏了，晚上黑漆漆的', categoryId: cat['street-lighting'], regionId: s.fixture.grids[0].id, at,
    });
    expect(r.status).toBe(200);
    const ids = r.body.items.map((x: any) => x.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(ids.every((id: number) => lightIds.includes(id))).toBe(true);
    const first = r.body.items[0];
    expect(first.similarity).toBeGreaterThanOrEqual(0.22);
    expect(first.reason).toMatch(/文字相似度\d+%.*都提到滨海路.*同类诉求.*同在海港社区/);
    expect(first.reason_en).toMatch(/both in 海港社区/);
    // Best first.
    const sims = r.body.items.map((x: any) => x.similarity);
    expect([...sims].sort((a: number, b: number) => b - a)).toEqual(sims);
  });
  it('finds the place from the text when none is given', async () => {
    const r = await (await login('dispatcher')).post('/api/routing/similar', { text: '海港社区滨海路的路灯全坏了', at });
    expect(r.body.area).toMatchObject({ via: 'text', name: '海港社区' });
    expect(r.body.items.length).toBeGreaterThanOrEqual(5);
  });
  it('does not offer a different matter, an old request or another community’s', async () => {
    const c = await login('dispatcher');
    const other = await c.post('/api/routing/similar', { text: '小区门口的下水道又堵了，污水横流', categoryId: cat['water-drainage'], regionId: s.fixture.grids[0].id, at });
    expect(other.body.items.filter((x: any) => lightIds.includes(x.id))).toEqual([]);
    const late = await c.post('/api/routing/similar', { text: '滨海路路灯又坏了，晚上黑漆漆的', categoryId: cat['street-lighting'], regionId: s.fixture.grids[0].id, at: '2026-11-20T10:00:00+08:00' });
    expect(late.body.items).toEqual([]);
    const elsewhere = await c.post('/api/routing/similar', { text: '滨海路路灯又坏了，晚上黑漆漆的', categoryId: cat['street-lighting'], regionId: s.fixture.grids[6].id, at });
    expect(elsewhere.body.items).toEqual([]);
  });
  it('within 500 m counts even across the community line', async () => {
    const c = await login('dispatcher');
    // 海港社区's second grid ends at 120.2°E where 渔港社区's first begins.
    const a = await c.post('/api/requests', { kind: 'demand', channel: 'grid', categoryId: cat['street-lighting'], text: '滨海路东头的路灯又坏了，晚上看不见路', regionId: s.fixture.grids[1].id, lat: 37.05, lng: 120.199, receivedAt: '2026-11-15T09:00:00+08:00' });
    expect(a.status).toBe(201);
    const r = await c.post('/api/routing/similar', { text: '滨海路路灯又坏了，晚上黑漆漆的', categoryId: cat['street-lighting'], regionId: s.fixture.grids[2].id, lat: 37.05, lng: 120.201, at: '2026-11-16T10:00:00+08:00' });
    expect(r.body.items.map((x: any) => x.id)).toEqual([a.body.request.id]);
    expect(r.body.items[0]).toMatchObject({ sameCommunity: false });
    expect(r.body.items[0].distance).toBeGreaterThan(150);
    expect(r.body.items[0].distance).toBeLessThan(200);
    expect(r.body.items[0].reason).toMatch(/相距约1\d\d米/);
    const far = await c.post('/api/routing/similar', { text: '滨海路路灯又坏了，晚上黑漆漆的', categoryId: cat['street-lighting'], regionId: s.fixture.grids[3].id, lat: 37.05, lng: 120.35, at: '2026-11-16T10:00:00+08:00' });
    expect(far.body.items).toEqual([]);
  });
  it('a resident is never shown a neighbour’s request', async () => {
    const r = await (await login('resident')).post('/api/routing/similar', { text: '滨海路路灯又坏了，晚上黑漆漆的', at });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
  });
});

describe('hot topics', () => {
  let topicId: number;
  it('proposes the one cluster of the month, with its members, area, trend and a department', async () => {
    const r = await (await login('dispatcher')).get(`/api/topics/proposals?month=${MONTH}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.requests).toBe(LIGHTS.length + NOISE.length);
    expect(r.body.proposals).toHaveLength(1);
    const p = r.body.proposals[0];
    expect([...p.requestIds].sort((a: number, b: number) => a - b)).toEqual([...lightIds].sort((a, b) => a - b));
    expect(p.area).toMatchObject({ name: '海港社区', level: 'community' });
    expect(p.category.code).toBe('street-lighting');
    expect(p.place).toBe('滨海路');
    expect(p.title).toContain('海港社区');
    expect(p.title).toContain('滨海路');
    // The label is whole words, the road kept whole: never a fragment across two words (路路灯不).
    expect(p.terms).toEqual(expect.arrayContaining(['滨海路', '路灯']));
    for (const t of p.terms) expect(['滨海路', '路灯', '不亮', '晚上', '坏了', '海港社区']).toContain(t);
    expect(p.trend).toHaveLength(31);
    expect(p.trend.reduce((a: number, d: any) => a + d.count, 0)).toBe(12);
    expect([p.first, p.last, p.peak7, p.households]).toEqual(['2026-10-05', '2026-10-10', 12, 12]);
    expect(p.members.every((m: any) => m.lat !== null)).toBe(true);  // the grid's centre when the request has none
    expect(p).toHaveProperty('suggestedDepartment');   // the routing table's department, when the district has one
  });
  it('shows a community director only their own community’s proposals', async () => {
    expect((await (await login('director')).get(`/api/topics/proposals?month=${MONTH}`)).body.proposals).toHaveLength(1);
    const other = await (await login('director2')).get(`/api/topics/proposals?month=${MONTH}`);
    expect(other.status).toBe(200);
    expect(other.body.proposals).toEqual([]);
    expect(other.body.requests).toBeLessThan(NOISE.length);
    const outside = await (await login('director2')).get(`/api/topics/proposals?month=${MONTH}&regionId=${s.fixture.communities[0].id}`);
    expect(outside.status).toBe(403);
    expect((await (await login('cadre')).get(`/api/topics/proposals?month=${MONTH}`)).status).toBe(403);
    expect((await (await login('dispatcher')).get('/api/topics/proposals?month=2026-13')).status).toBe(400);
  });
  it('promotes the proposal to a topic with a lead department: 201, linked, audited, the department told', async () => {
    const housing = s.fixture.departments.housing.id;
    const refused = await (await login('director')).post('/api/topics', { title: '海港社区滨海路路灯', leadDepartmentId: housing, requestIds: lightIds });
    expect(refused.status).toBe(403);
    const r = await (await login('dispatcher')).post('/api/topics', { title: '海港社区滨海路路灯不亮', leadDepartmentId: housing, requestIds: lightIds, label: '滨海路·路灯' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    topicId = r.body.id;
    expect(r.body).toMatchObject({ title: '海港社区滨海路路灯不亮', status: 'open', month: MONTH, total: 12, leadDepartment: { id: housing, name: '住房和城乡建设局' } });
    expect(r.body.region.name).toBe('海港社区');
    expect(r.body.requests).toHaveLength(12);
    expect(r.body.points).toHaveLength(12);
    expect(r.body.trend[0].date).toBe('2026-10-01');
    expect(r.body.trend.reduce((a: number, d: any) => a + d.count, 0)).toBe(12);
    // Open: the line runs to today (October is long past), one point a day.
    expect(r.body.trend.at(-1).date).toBe(chinaDate(new Date()));
    expect(new Set(r.body.trend.map((d: any) => d.date)).size).toBe(r.body.trend.length);
    const audit = await s.db.selectFrom('audit_log').selectAll().where('entity', '=', 'topic').where('entity_id', '=', String(topicId)).execute();
    expect(audit).toHaveLength(1);
    expect((audit[0].after as any).request_ids).toHaveLength(12);
    const events = await s.db.selectFrom('request_events').select('request_id').where('action', '=', 'topic').execute();
    expect(events.map((e) => e.request_id).sort((a, b) => a - b)).toEqual([...lightIds].sort((a, b) => a - b));
    const inbox = await (await login('handler')).get('/api/notifications');
    expect(JSON.stringify(inbox.body)).toContain('新专题：海港社区滨海路路灯不亮');
    const tl = await (await login('dispatcher')).get(`/api/requests/${lightIds[0]}/timeline`);
    expect(tl.body.items.map((e: any) => e.actionLabel)).toContain('纳入专题');
  });
  it('refuses a request already in an open topic: 409, naming it', async () => {
    const r = await (await login('dispatcher')).post('/api/topics', { title: '另一个专题', leadDepartmentId: s.fixture.departments.township.id, requestIds: [lightIds[0], noiseIds[0]] });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('DUPLICATE');
    expect(r.body.details).toHaveLength(1);
    expect(r.body.details[0]).toMatchObject({ field: 'requestIds', value: { requestId: lightIds[0], topicId } });
    expect(r.body.details[0].reason).toContain('海港社区滨海路路灯不亮');
    expect(await s.db.selectFrom('topics').select('id').execute()).toHaveLength(1);
  });
  it('no longer proposes what a topic holds; ranks the month’s topics by volume', async () => {
    const c = await login('dispatcher');
    expect((await c.get(`/api/topics/proposals?month=${MONTH}`)).body.proposals).toEqual([]);
    const list = await c.get(`/api/topics?month=${MONTH}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ rank: 1, id: topicId, volume: 12, total: 12, status: 'open', leadDepartment: { name: '住房和城乡建设局' } });
    expect((await c.get('/api/topics?month=2026-09')).body.items).toEqual([]);
  });
  it('puts the topic’s requests first on the board', async () => {
    const r = await (await login('dispatcher')).get('/api/requests?pageSize=20');
    const first = r.body.items.slice(0, 12).map((x: any) => x.id).sort((a: number, b: number) => a - b);
    expect(first).toEqual([...lightIds].sort((a, b) => a - b));
  });
  it('shows the topic to its area and its lead department, not to another community', async () => {
    expect((await (await login('director')).get(`/api/topics/${topicId}`)).status).toBe(200);
    const lead = await (await login('handler')).get(`/api/topics/${topicId}`);
    expect(lead.status).toBe(200);
    expect(lead.body.requests).toHaveLength(12);
    expect(JSON.stringify(lead.body)).not.toMatch(/1380000\d{4}|requester/);
    expect((await (await login('handler')).get(`/api/topics?month=${MONTH}`)).body.items).toHaveLength(1);
    expect((await (await login('handler2')).get(`/api/topics?month=${MONTH}`)).body.items).toEqual([]);
    expect((await (await login('director2')).get(`/api/topics?month=${MONTH}`)).body.items).toEqual([]);
    expect((await (await login('director2')).get(`/api/topics/${topicId}`)).status).toBe(403);
    expect((await (await login('resident')).get(`/api/topics?month=${MONTH}`)).status).toBe(403);
    expect((await (await login('dispatcher')).get('/api/topics/99999')).status).toBe(404);
  });
  it('closing releases the requests: they may join another topic', async () => {
    const c = await login('dispatcher');
    const stale = await c.post(`/api/topics/${topicId}/close`, { version: 99 });
    expect(stale.status).toBe(409);
    const closed = await c.post(`/api/topics/${topicId}/close`, { version: 1, note: '已全部修复' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', note: '已全部修复', canClose: false });
    // Closed: the line stops at its last request.
    expect(closed.body.trend.at(-1).date).toBe(`${MONTH}-10`);   // the twelfth light: 5 + 11 // 2
    expect((await c.post(`/api/topics/${topicId}/close`, { version: 2 })).status).toBe(409);
    expect((await c.get(`/api/topics/proposals?month=${MONTH}`)).body.proposals).toHaveLength(1);
    const again = await c.post('/api/topics', { title: '滨海路路灯（复发）', leadDepartmentId: s.fixture.departments.township.id, requestIds: lightIds.slice(0, 3) });
    expect(again.status).toBe(201);
  });
  it('validates the promotion', async () => {
    const c = await login('dispatcher');
    expect((await c.post('/api/topics', { title: 'x', leadDepartmentId: 1, requestIds: [noiseIds[1], noiseIds[2]] })).status).toBe(400);
    expect((await c.post('/api/topics', { title: '只有一件', leadDepartmentId: s.fixture.departments.housing.id, requestIds: [noiseIds[1]] })).status).toBe(400);
    const missing = await c.post('/api/topics', { title: '不存在的诉求', leadDepartmentId: s.fixture.departments.housing.id, requestIds: [noiseIds[1], 999999] });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].field).toBe('requestIds');
    const dept = await c.post('/api/topics', { title: '部门不存在', leadDepartmentId: 99999, requestIds: [noiseIds[1], noiseIds[2]] });
    expect(dept.status).toBe(400);
  });
});
