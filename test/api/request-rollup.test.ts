// The statistics rollup gives exactly the raw query's answers: after a run of lifecycle steps over
// HTTP (dispatch, reply, reopen, merge, return and re-dispatch to another department, joint orders,
// constraint), every grouping under many filters and actors is compared with the naive GROUP BY,
// and the rollup the trigger kept is compared with one rebuilt from scratch.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/access.ts';
import { GROUPS, requestStats, rollupGrain, splitPeriod, type StatsFilter } from '../../src/features/requests/request-stats.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };
let cats: Record<string, number>;

const rollupRows = async () => (await sql<Record<string, unknown>>`select * from request_rollup order by grain, monthly, day, region_path, department_id, category_id, channel, kind`.execute(s.db)).rows;

beforeAll(async () => {
  s = await startTestServer();
  const cadre = await login('cadre'), grid = await login('grid'), office = await login('dispatcher'), housing = await login('handler'), town = await login('handler2');
  cats = Object.fromEntries((await cadre.get('/api/categories')).body.map((c: any) => [c.code, c.id]));
  const d = s.fixture.departments;
  const hh = s.fixture.households; // 5 per grid, grids 0–3 in 南城街道, 4–7 in 北岛镇
  const file = async (c: Client, over: Record<string, unknown>) => {
    const r = await c.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: cats.roads, text: '道路坑洼需要修补', householdId: hh[0].id, ...over });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.request;
  };
  const go = async (r: any, c: Client, action: string, body: Record<string, unknown> = {}) => {
    const res = await c.post(`/api/requests/${r.id}/actions/${action}`, { version: r.version, ...body });
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };

  // Closed and satisfied, received on the last evening of July (China time: still July).
  let a = await file(cadre, { receivedAt: '2026-07-31T23:30:00+08:00' });
  a = await go(a, office, 'dispatch', { departmentId: d.housing.id }); a = await go(a, housing, 'accept'); a = await go(a, housing, 'reply', { text: '已修补' });
  a = await go(a, housing, 'resolve', { text: '完成' }); a = await go(a, office, 'follow_up', { verdict: 'satisfied' });
  // Half an hour later by the clock, but August in China (still 31 July in UTC).
  let b = await file(grid, { channel: 'grid', kind: 'complaint', categoryId: cats.parking, householdId: hh[1].id, receivedAt: '2026-08-01T00:30:00+08:00' });
  b = await go(b, office, 'dispatch', { departmentId: d.housing.id }); b = await go(b, housing, 'accept'); b = await go(b, housing, 'constrain', { text: '需纳入明年规划' });
  // Long unanswered: overdue now.
  await file(cadre, { channel: 'hotline', kind: 'inquiry', receivedAt: '2026-06-01T09:00:00+08:00', householdId: hh[2].id });
  // Merged into another.
  let e = await file(cadre, { householdId: hh[3].id, categoryId: cats.sanitation });
  const dup = await file(grid, { channel: 'grid', householdId: hh[4].id, categoryId: cats.sanitation });
  await go(dup, office, 'merge', { into: e.id });
  // Reopened after an unsatisfied verdict, answered again, closed.
  e = await go(e, office, 'dispatch', { departmentId: d.township.id });
  e = await go(e, town, 'accept'); e = await go(e, town, 'reply', { text: '已处理' }); e = await go(e, town, 'resolve', { text: '完成' });
  e = await go(e, office, 'follow_up', { verdict: 'unsatisfied' });
  expect(e.status).toBe('reopened');
  e = await go(e, town, 'reply', { text: '再次处理' }); e = await go(e, town, 'resolve', { text: '完成' });
  e = await go(e, office, 'follow_up', { verdict: 'basically' });
  // Returned by one department and dispatched to another (the rollup moves it between departments).
  let f = await file(cadre, { householdId: hh[6].id, channel: 'web', kind: 'suggestion', categoryId: cats.greenery, receivedAt: '2026-09-15T10:00:00+08:00' });
  f = await go(f, office, 'dispatch', { departmentId: d.housing.id });
  f = await go(f, housing, 'return', { reason: '不属于本部门职责' });
  f = await go(f, office, 'dispatch', { departmentId: d.township.id });
  f = await go(f, town, 'accept');
  // A joint order: the children are not counted; the parent is, through joint → resolved → reopened (joint) → closed.
  let j = await file(cadre, { householdId: hh[8].id, text: '村口道路塌陷，旁边排水沟也堵了', receivedAt: '2026-10-10T08:00:00+08:00' });
  j = await go(j, office, 'dispatch_joint', { departments: [d.housing.id, d.township.id], leadDepartmentId: d.housing.id });
  const kids = (await office.get(`/api/requests/${j.id}`)).body.children;
  const finish = async (c: Client, child: any, first = true) => {
    let x = first ? await go(child, c, 'accept') : child;
    x = await go(x, c, 'reply', { text: '已处理' });
    return go(x, c, 'resolve', { text: '已完成' });
  };
  await finish(housing, kids[0]); await finish(town, kids[1]);
  j = (await office.get(`/api/requests/${j.id}`)).body;
  expect(j.status).toBe('resolved');
  j = await go(j, office, 'follow_up', { verdict: 'unsatisfied' });
  expect(j.status).toBe('joint');
  const relead = (await office.get(`/api/requests/${j.id}`)).body.children[0];
  await finish(housing, relead, false);
  j = (await office.get(`/api/requests/${j.id}`)).body;
  j = await go(j, office, 'follow_up', { verdict: 'satisfied' });
  expect(j.status).toBe('closed');
  // A few more in both streets (filed by the office, whose scope is the district), other channels and months, left at various stages.
  for (const [i, over] of ([
    { householdId: hh[10].id, channel: 'letter', kind: 'opinion', categoryId: cats.noise, receivedAt: '2026-07-05T12:00:00+08:00' },
    { householdId: hh[22].id, channel: 'window', categoryId: cats.roads, receivedAt: '2026-08-20T12:00:00+08:00' },
    { householdId: hh[25].id, channel: 'hotline', categoryId: cats.parking },
    { householdId: hh[33].id, channel: 'visit', kind: 'complaint', categoryId: cats.noise, receivedAt: '2026-09-30T16:30:00+08:00' },
  ] as const).entries()) {
    let r = await file(office, over);
    if (i === 0) continue;
    r = await go(r, office, 'dispatch', { departmentId: i === 3 ? d.township.id : d.housing.id });
    if (i === 1) continue;
    const h = i === 3 ? town : housing;
    r = await go(r, h, 'accept'); r = await go(r, h, 'reply', { text: '已答复' });
  }
});
afterAll(async () => { await s?.close(); });

const actor = (role: Actor['role'], regionPath: string | null, departmentId: number | null = null): Actor =>
  ({ userId: 1, username: role, displayName: role, role, scope: { regionPath, departmentId, householdId: null } });

describe('request statistics rollup', () => {
  it('splits a period into whole months and ragged ends', () => {
    expect(splitPeriod('2026-03-01', '2026-03-31')).toEqual({ months: { from: '2026-03-01', to: '2026-04-01' }, days: [] });
    expect(splitPeriod('2026-03-15', '2026-05-10')).toEqual({ months: { from: '2026-04-01', to: '2026-05-01' }, days: [['2026-03-15', '2026-03-31'], ['2026-05-01', '2026-05-10']] });
    expect(splitPeriod('2026-03-05', '2026-03-31')).toEqual({ months: null, days: [['2026-03-05', '2026-03-31']] });
    expect(splitPeriod('2026-12-10', undefined)).toEqual({ months: { from: '2027-01-01', to: undefined }, days: [['2026-12-10', '2026-12-31']] });
    expect(splitPeriod(undefined, '2026-02-28')).toEqual({ months: { from: undefined, to: '2026-03-01' }, days: [] });
    expect(splitPeriod(undefined, undefined)).toEqual({ months: { from: undefined, to: undefined }, days: [] });
  });

  it('answers every grouping exactly as the raw query, across filters and actors', async () => {
    const fx = s.fixture, d = fx.departments;
    const actors: Record<string, Actor> = {
      admin: actor('admin', '/'), leader: actor('leader', fx.district.path), director: actor('community_director', fx.communities[0].path),
      handler: actor('handler', fx.district.path, d.housing.id), township: actor('handler', fx.district.path, d.township.id),
      grid: actor('community_director', fx.grids[0].path), nobody: actor('leader', null),
    };
    const filters: StatsFilter[] = [
      {}, { from: '2026-07-01', to: '2026-07-31' }, { from: '2026-08-01', to: '2026-08-01' }, { from: '2026-07-31', to: '2026-07-31' },
      { from: '2026-06-15', to: '2026-09-20' }, { from: '2026-08-01' }, { to: '2026-09-30' }, { from: '2026-01-01', to: '2026-12-31' },
      { regionPath: fx.streets[0].path }, { regionPath: fx.streets[1].path, from: '2026-09-01', to: '2026-10-31' }, { regionPath: fx.communities[2].path },
      { regionPath: fx.grids[4].path }, { departmentId: d.housing.id }, { departmentId: d.township.id, from: '2026-09-10' },
      { categoryId: cats.noise }, { channel: 'grid' }, { kind: 'complaint', regionPath: fx.streets[0].path }, { categoryId: cats.roads, regionPath: fx.communities[0].path },
    ];
    let viaRollup = 0, compared = 0;
    for (const [who, a] of Object.entries(actors)) {
      for (const f of filters) {
        for (const group of GROUPS) {
          const raw = await requestStats(s.db, a, f, group, { source: 'raw' });
          const auto = await requestStats(s.db, a, f, group);
          expect(auto, `${who} ${JSON.stringify(f)} by ${group} (grain ${rollupGrain(a, f, group)})`).toEqual(raw);
          if (rollupGrain(a, f, group) !== null) viaRollup++;
          compared++;
        }
      }
    }
    // About half the questions are answered from the rollup (the grid-level and unscoped actors
    // always go to the raw table), every grain among them.
    expect(viaRollup / compared).toBeGreaterThan(0.45);
    const grains = new Set(Object.values(actors).flatMap((a) => filters.flatMap((f) => GROUPS.map((g) => rollupGrain(a, f, g)))));
    expect([...grains].sort()).toEqual([1, 2, 3, null]);
  });

  it('uses the rollup for the overview, by region and by department, and the raw table below community level', () => {
    const fx = s.fixture;
    const leader = actor('leader', fx.district.path);
    expect(rollupGrain(leader, { from: '2026-01-01', to: '2026-12-31' }, 'none')).toBe(2);
    expect(rollupGrain(leader, { from: '2026-07-01', to: '2026-07-31' }, 'region')).toBe(2);
    expect(rollupGrain(leader, { from: '2026-07-01', to: '2026-07-31' }, 'department')).toBe(2);
    expect(rollupGrain(leader, { regionPath: fx.streets[0].path }, 'region')).toBe(1); // communities of a street
    expect(rollupGrain(leader, {}, 'category')).toBe(3);
    expect(rollupGrain(leader, { regionPath: fx.communities[0].path }, 'region')).toBeNull(); // grids
    expect(rollupGrain(leader, { regionPath: fx.grids[0].path }, 'none')).toBeNull();
    expect(rollupGrain(actor('resident', fx.grids[0].path), {}, 'none')).toBeNull();
  });

  it('serves the API from the rollup with the same figures as the raw query', async () => {
    const leader = await login('leader');
    const me = actor('leader', s.fixture.district.path);
    for (const group of GROUPS) {
      const r = await leader.get(`/api/request-stats?group=${group}&from=2026-07-01&to=2026-12-31`);
      expect(r.status).toBe(200);
      const raw = await requestStats(s.db, me, { from: '2026-07-01', to: '2026-12-31' }, group, { source: 'raw' });
      expect({ total: r.body.total, rows: r.body.rows }, group).toEqual(JSON.parse(JSON.stringify(raw)));
    }
  });

  it('keeps by trigger exactly what a rebuild from the requests gives', async () => {
    // Changes no API makes, straight in SQL: a request moved to another day and region, one
    // turned into a child order, a request inserted and deleted again.
    const fx = s.fixture;
    const [x, y] = (await sql<{ id: number }>`select id from requests where parent_id is null order by id limit 2`.execute(s.db)).rows;
    await sql`update requests set received_at = received_at - interval '40 days', region_path = ${fx.grids[6].path}, region_id = ${fx.grids[6].id} where id = ${x.id}`.execute(s.db);
    await sql`update requests set parent_id = ${x.id} where id = ${y.id}`.execute(s.db);
    await sql`insert into requests (code, kind, channel, category_id, text, region_id, region_path, status, received_at, reply_limit, deadline_start, reply_due)
      select 'LX-TEMP', kind, channel, category_id, text, region_id, region_path, status, received_at, reply_limit, deadline_start, reply_due from requests where id = ${x.id}`.execute(s.db);
    await sql`delete from requests where code = 'LX-TEMP'`.execute(s.db);
    const kept = await rollupRows();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => Number(r.n) > 0)).toBe(true); // emptied keys are removed
    await sql`select request_rollup_rebuild()`.execute(s.db);
    expect(await rollupRows()).toEqual(kept);
    // Emptying the requests (as `lianxin demo --force` does, by cascade) empties the rollup.
    await sql`truncate requests cascade`.execute(s.db);
    expect(await rollupRows()).toEqual([]);
  });
});
