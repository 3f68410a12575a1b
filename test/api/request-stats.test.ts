// Statistics and the ledger on a constructed set of requests whose counts are known.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };
const ids: Record<string, number> = {};

beforeAll(async () => {
  s = await startTestServer();
  const cadre = await login('cadre'), grid = await login('grid'), office = await login('dispatcher'), dept = await login('handler');
  const cats = Object.fromEntries((await cadre.get('/api/categories')).body.map((c: any) => [c.code, c.id]));
  const file = async (c: Client, over: Record<string, unknown>) =>
    (await c.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: cats.roads, text: '道路坑洼需要修补', householdId: s.fixture.households[0].id, ...over })).body.request;
  const go = async (r: any, c: Client, action: string, body: Record<string, unknown> = {}) => (await c.post(`/api/requests/${r.id}/actions/${action}`, { version: r.version, ...body })).body;
  const housing = s.fixture.departments.housing.id;

  // A: closed, satisfied, answered on time.
  let a = await file(cadre, {});
  a = await go(a, office, 'dispatch', { departmentId: housing }); a = await go(a, dept, 'accept'); a = await go(a, dept, 'reply', { text: '已修补' });
  a = await go(a, dept, 'resolve', { text: '完成' }); a = await go(a, office, 'follow_up', { verdict: 'satisfied' });
  // B: constrained.
  let b = await file(grid, { channel: 'grid', categoryId: cats.parking, householdId: s.fixture.households[1].id });
  b = await go(b, office, 'dispatch', { departmentId: housing }); b = await go(b, dept, 'accept'); b = await go(b, dept, 'constrain', { text: '需纳入明年规划' });
  // C: received long ago, never answered: overdue, in progress.
  const c = await file(cadre, { channel: 'hotline', receivedAt: '2026-06-01T09:00:00+08:00', householdId: s.fixture.households[2].id });
  // D: merged into A's sibling — counted apart.
  const e0 = await file(cadre, { householdId: s.fixture.households[3].id });
  const d = await file(grid, { channel: 'grid', householdId: s.fixture.households[4].id });
  await go(d, office, 'merge', { into: e0.id });
  // E: reopened after an unsatisfied verdict, then still in progress.
  let e = e0;
  e = await go(e, office, 'dispatch', { departmentId: s.fixture.departments.township.id });
  const town = await login('handler2');
  e = await go(e, town, 'accept'); e = await go(e, town, 'reply', { text: '已处理' }); e = await go(e, town, 'resolve', { text: '完成' });
  e = await go(e, office, 'follow_up', { verdict: 'unsatisfied' });
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id });
  expect([a.status, b.status, c.status, e.status]).toEqual(['closed', 'constrained', 'received', 'reopened']);
});
afterAll(async () => { await s?.close(); });

describe('request statistics', () => {
  it('counts the table of seed 001 and the rates, for the whole district', async () => {
    const leader = await login('leader');
    const r = await leader.get('/api/request-stats');
    expect(r.status).toBe(200);
    expect(r.body.total).toMatchObject({
      collected: 4, resolved: 1, inProgress: 2, constrained: 1, merged: 1,
      answered: 3, answeredOnTime: 3, overdue: 1, answersDue: 4, onTimeRate: 0.75,
      dispatched: 3, acceptedOnTime: 3, responseRate: 1, resolutionRate: 0.25,
      verdicts: 2, satisfied: 1, satisfactionRate: 0.5, reopened: 1,
    });
  });

  it('groups by channel, department and region, and the groups add up to the total', async () => {
    const leader = await login('leader');
    for (const group of ['channel', 'department', 'region', 'category', 'month', 'kind']) {
      const r = (await leader.get(`/api/request-stats?group=${group}`)).body;
      const sum = r.rows.reduce((t: number, x: any) => t + x.collected, 0);
      expect(sum, group).toBe(r.total.collected);
    }
    const byChannel = (await leader.get('/api/request-stats?group=channel')).body.rows;
    expect(Object.fromEntries(byChannel.map((x: any) => [x.label, x.collected]))).toEqual({ 网格员: 1, 热线电话: 1, 入户走访: 2 });
    const byRegion = (await leader.get('/api/request-stats?group=region')).body.rows;
    expect(byRegion.map((x: any) => x.label)).toEqual(['南城街道']); // all in the first street
    const community = (await leader.get(`/api/request-stats?group=region&regionId=${s.fixture.streets[0].id}`)).body.rows;
    expect(community.map((x: any) => x.label)).toEqual(['海港社区']);
    const period = (await leader.get('/api/request-stats?from=2026-06-01&to=2026-06-30')).body.total;
    expect(period.collected).toBe(1);
  });

  it('narrows a department handler to its own orders, and refuses roles without statistics', async () => {
    const dept = await login('handler');
    const mine = (await dept.get('/api/request-stats')).body.total;
    expect(mine.collected).toBe(2); // A and B went to housing
    const cadre = await login('cadre');
    expect((await cadre.get('/api/request-stats')).status).toBe(403);
  });

  it('exports the ledger with every timestamp and the person at each step', async () => {
    const office = await login('dispatcher');
    const res = await fetch(`${s.url}/api/requests/ledger.xlsx`, { headers: { cookie: [...office.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('%E8%AF%89%E6%B1%82');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('派单人');
    const rows = ws.getSheetValues().slice(2).map((r: any) => Object.fromEntries(header.map((h, i) => [h, r[i + 1]])));
    expect(rows).toHaveLength(5);
    const a = rows.find((r: any) => r['状态'] === '已结案') as any;
    expect(a).toMatchObject({ 受理人: 'cadre', 派单人: 'dispatcher', 接单人: 'handler', 答复人: 'handler', 办结人: 'handler', 回访人: 'dispatcher', 回访结果: '满意', 按期答复: '是' });
    expect(a['联系电话'] ?? null).toBeNull();
  });
});
