// Visits through the API on a real database: recorded once per client id (replayed twice, out of
// order, after a reassignment), events opening timely-visit tasks that a visit closes, overdue
// priority visits, rounds and their coverage, settings, service days and their reminders.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate } from '../../src/domain/calendar.ts';
import { remindServiceDays } from '../../src/features/visits/service-days.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };
const today = chinaDate(new Date());
let groupId: number;
let wuId: number;
let hh: number[]; // the township's 20 households (streets[1])

beforeAll(async () => {
  s = await startTestServer();
  const admin = await s.login('admin');
  sessions.set('admin', Promise.resolve(admin));
  const r = await admin.post('/api/pairing/preview', { departmentId: s.fixture.departments.township.id, regionIds: [s.fixture.streets[1].id] });
  const c = await admin.post(`/api/pairing/runs/${r.body.runId}/confirm`, {});
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  groupId = (await s.db.selectFrom('liaison_groups').select('id').executeTakeFirstOrThrow()).id;
  wuId = (await s.db.selectFrom('cadres').select('id').where('name', '=', '吴大勇').executeTakeFirstOrThrow()).id;
  // cadre2 (scope: 大钦村) is the township's cadre 吴大勇.
  await s.db.updateTable('users').set({ cadre_id: wuId }).where('username', '=', 'cadre2').execute();
  hh = s.fixture.households.filter((h) => h.gridIndex >= 4).map((h) => h.id);
});
afterAll(async () => { await s?.close(); });

const count = async (t: 'visits' | 'visit_households' | 'visit_tasks') => Number((await s.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const inCadre2 = () => s.fixture.households.filter((h) => h.gridIndex === 4 || h.gridIndex === 5).map((h) => h.id); // 大钦村

describe('the field app’s lists', () => {
  it('shows the cadre their group, its members and settings', async () => {
    const me = await (await login('cadre2')).get('/api/field/me');
    expect(me.status).toBe(200);
    expect(me.body.cadre.name).toBe('吴大勇');
    expect(me.body.groups).toHaveLength(1);
    expect(me.body.groups[0].members.map((m: any) => m.name).sort()).toEqual(['吴大勇', '郑敏'].sort());
    expect(me.body.settings.priorityIntervalDays).toBe(30);
    expect(me.body.nextServiceDays).toHaveLength(3);
    expect(me.body.nextServiceDays[0].date >= today).toBe(true);
  });
  it('lists the group’s households with priority marks and no personal numbers', async () => {
    const r = await (await login('cadre2')).get('/api/field/households');
    expect(r.body.items).toHaveLength(20);
    expect(r.body.items.filter((h: any) => h.priority)).toHaveLength(8);
    expect(r.body.items.every((h: any) => h.lastVisitOn === null && h.overdue === false)).toBe(true);
    expect(JSON.stringify(r.body)).not.toMatch(/1380000\d{4}|37069919800101/);
  });
});

describe('recording visits', () => {
  it('records a visit once, however often it is sent', async () => {
    const cadre = await login('cadre2');
    const body = { clientId: randomUUID(), householdIds: inCadre2().slice(0, 3), visitedOn: today, kind: 'routine', notes: '了解渔船检修情况' };
    const first = await cadre.post('/api/visits', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.visit.cadres).toEqual([{ id: wuId, name: '吴大勇' }]);
    expect(first.body.visit.households.every((h: any) => h.groupId === groupId)).toBe(true);
    const [again, third] = await Promise.all([cadre.post('/api/visits', body), cadre.post('/api/visits', body)]);
    expect([again.status, third.status]).toEqual([200, 200]);
    expect(again.body).toMatchObject({ replayed: true, visit: { id: first.body.visit.id } });
    expect(await count('visits')).toBe(1);
    expect(await count('visit_households')).toBe(3);
    const audit = await s.db.selectFrom('audit_log').select('entity_id').where('entity', '=', 'visit').execute();
    expect(audit).toHaveLength(1);
    const list = await cadre.get(`/api/households/${inCadre2()[0]}/visits`);
    expect(list.body.items.map((v: any) => v.id)).toEqual([first.body.visit.id]);
  });

  it('keeps the latest visit as the last visit when an older one arrives late', async () => {
    const cadre = await login('cadre2');
    const h = inCadre2()[0];
    const older = await cadre.post('/api/visits', { clientId: randomUUID(), householdIds: [h], visitedOn: addDays(today, -3), kind: 'routine' });
    expect(older.status).toBe(201);
    const list = await cadre.get('/api/field/households');
    expect(list.body.items.find((x: any) => x.id === h).lastVisitOn).toBe(today);
  });

  it('records a visit replayed after a reassignment for the group that went, once', async () => {
    const cadre = await login('cadre2');
    const h = inCadre2()[3];
    const offline = { clientId: randomUUID(), householdIds: [h], visitedOn: addDays(today, -1), kind: 'routine' };
    // Meanwhile the office moves the household to another group.
    const other = await s.db.insertInto('liaison_groups').values({ department_id: s.fixture.departments.township.id, name: '另一组', region_id: s.fixture.streets[1].id, region_path: s.fixture.streets[1].path })
      .returning('id').executeTakeFirstOrThrow();
    await s.db.updateTable('household_liaisons').set({ group_id: other.id }).where('household_id', '=', h).execute();
    const late = await cadre.post('/api/visits', offline);
    expect(late.status).toBe(201);
    expect(late.body.visit.households[0].groupId).toBe(groupId);
    expect((await cadre.post('/api/visits', offline)).body.replayed).toBe(true);
    // A grid worker's visit (no group of their own) counts for the household's group now.
    const gridVisit = await (await login('admin')).post('/api/visits', { clientId: randomUUID(), householdIds: [h], visitedOn: today, kind: 'routine' });
    expect(gridVisit.body.visit.households[0].groupId).toBe(other.id);
    await s.db.updateTable('household_liaisons').set({ group_id: groupId }).where('household_id', '=', h).execute();
    expect((await s.db.selectFrom('visit_households').select('visit_id').where('household_id', '=', h).execute())).toHaveLength(2);
  });

  it('refuses future dates, bad ids and households out of scope, with the field named', async () => {
    const cadre = await login('cadre2');
    const future = await cadre.post('/api/visits', { clientId: randomUUID(), householdIds: [inCadre2()[0]], visitedOn: addDays(today, 1), kind: 'routine' });
    expect(future.status).toBe(400);
    expect(future.body.details[0]).toMatchObject({ field: 'visitedOn', reason: '走访日期不能晚于今天' });
    const badId = await cadre.post('/api/visits', { clientId: 'abc', householdIds: [inCadre2()[0]], visitedOn: today, kind: 'routine' });
    expect(badId.status).toBe(400);
    expect(badId.body.details[0].field).toBe('clientId');
    const outside = await cadre.post('/api/visits', { clientId: randomUUID(), householdIds: [s.fixture.households[0].id], visitedOn: today, kind: 'routine' });
    expect(outside.status).toBe(403);
    const missing = await cadre.post('/api/visits', { clientId: randomUUID(), householdIds: [999999], visitedOn: today, kind: 'routine' });
    expect(missing.status).toBe(400);
    expect((await (await login('leader')).post('/api/visits', { clientId: randomUUID(), householdIds: [inCadre2()[0]], visitedOn: today, kind: 'routine' })).status).toBe(403);
  });

  it('links a request raised during the visit by the visit’s client id', async () => {
    const cadre = await login('cadre2');
    const visitClientId = randomUUID();
    const cat = await s.db.selectFrom('request_categories').select('id').where('code', '=', 'roads').executeTakeFirstOrThrow();
    const req = await cadre.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: cat.id, text: '村口路面塌陷，渔车过不去', householdId: inCadre2()[1], visitClientId },
      { 'Idempotency-Key': visitClientId });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    const row = await s.db.selectFrom('requests').select(['visit_client_id', 'region_path']).where('id', '=', req.body.request.id).executeTakeFirstOrThrow();
    expect(row.visit_client_id).toBe(visitClientId);
  });
});

describe('timely and priority visits', () => {
  it('an event opens a timely-visit task; a visit on or after it closes the task', async () => {
    const cadre = await login('cadre2');
    const h = inCadre2()[4];
    const ev = await cadre.post(`/api/households/${h}/events`, { kind: 'illness', occurredOn: addDays(today, -5), note: '户主住院' });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    expect(ev.body.task.dueOn).toBe(addDays(today, -2));
    const tasks = await cadre.get('/api/visit-tasks?mine=1&status=overdue');
    const t = tasks.body.items.find((x: any) => x.taskId === ev.body.task.id);
    expect(t).toMatchObject({ kind: 'timely', householdId: h, overdue: true, groupId });
    expect(t.reason).toContain('重病住院');
    // A visit before the event does not answer it.
    await cadre.post('/api/visits', { clientId: randomUUID(), householdIds: [h], visitedOn: addDays(today, -6), kind: 'routine' });
    expect((await s.db.selectFrom('visit_tasks').select('status').where('id', '=', ev.body.task.id).executeTakeFirstOrThrow()).status).toBe('open');
    await cadre.post('/api/visits', { clientId: randomUUID(), householdIds: [h], visitedOn: today, kind: 'timely' });
    expect((await s.db.selectFrom('visit_tasks').select('status').where('id', '=', ev.body.task.id).executeTakeFirstOrThrow()).status).toBe('done');
    const after = await cadre.get('/api/visit-tasks?mine=1');
    expect(after.body.items.some((x: any) => x.taskId === ev.body.task.id)).toBe(false);
    const events = await cadre.get(`/api/households/${h}/events`);
    expect(events.body.items[0]).toMatchObject({ kind: 'illness', kindLabel: '重病住院', task: { status: 'done' } });
    expect((await cadre.post(`/api/households/${h}/events`, { kind: 'flood', occurredOn: today })).status).toBe(400);
  });

  it('a priority household last visited more than the interval ago is overdue, for the cadre and the office', async () => {
    const cadre = await login('cadre2');
    // A priority household of 大钦村 (the fixture tags the first two of each grid) visited 40 days ago.
    const h = s.fixture.households.find((x) => x.gridIndex === 5)!.id;
    const v = await cadre.post('/api/visits', { clientId: randomUUID(), householdIds: [h], visitedOn: addDays(today, -40), kind: 'priority' });
    expect(v.status).toBe(201);
    const mine = await cadre.get('/api/visit-tasks?mine=1&status=overdue');
    const item = mine.body.items.find((x: any) => x.householdId === h && x.kind === 'priority');
    expect(item).toMatchObject({ overdue: true, dueOn: addDays(today, -10) });
    const office = await (await login('admin')).get(`/api/visit-tasks?status=overdue&regionId=${s.fixture.streets[1].id}`);
    expect(office.body.items.some((x: any) => x.householdId === h)).toBe(true);
    // The director of 海港社区 sees nothing of the township.
    const director = await (await login('director')).get('/api/visit-tasks?status=overdue');
    expect(director.body.items.some((x: any) => x.householdId === h)).toBe(false);
    const list = await cadre.get('/api/field/households');
    expect(list.body.items[0]).toMatchObject({ id: h, overdue: true });
  });
});

describe('rounds', () => {
  it('shows a round’s coverage by grid, group and department; a narrower user sees their part', async () => {
    const admin = await login('admin');
    const bad = await admin.post('/api/visit-rounds', { name: '第三轮大走访', regionId: s.fixture.district.id, startsOn: today, endsOn: addDays(today, -1) });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('endsOn');
    const r = await admin.post('/api/visit-rounds', { name: '第三轮大走访', regionId: s.fixture.district.id, startsOn: addDays(today, -7), endsOn: addDays(today, 30) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const visited = new Set((await s.db.selectFrom('visit_households').select('household_id').where('visited_on', '>=', addDays(today, -7)).execute()).map((x) => x.household_id));
    expect(r.body).toMatchObject({ households: 40, visited: visited.size, rate: visited.size / 40 });
    const byGrid = await admin.get(`/api/visit-rounds/${r.body.id}/coverage?by=grid`);
    expect(byGrid.body.rows).toHaveLength(8);
    expect(byGrid.body.rows.reduce((n: number, x: any) => n + x.visited, 0)).toBe(visited.size);
    const g4 = byGrid.body.rows.find((x: any) => x.id === s.fixture.grids[4].id);
    expect(g4.visited).toBe([...visited].filter((id) => s.fixture.households.find((h) => h.id === id)!.gridIndex === 4).length);
    const byGroup = await admin.get(`/api/visit-rounds/${r.body.id}/coverage?by=group`);
    expect(byGroup.body.rows.find((x: any) => x.id === null)).toMatchObject({ name: '未分组', households: 20, visited: 0 });
    const byDept = await admin.get(`/api/visit-rounds/${r.body.id}/coverage?by=department`);
    expect(byDept.body.rows.find((x: any) => x.id === s.fixture.departments.township.id).households).toBe(20);
    const director = await login('director');
    const theirs = await director.get('/api/visit-rounds');
    expect(theirs.body.items[0]).toMatchObject({ id: r.body.id, households: 10, visited: 0 });
    expect((await director.get(`/api/visit-rounds/${r.body.id}/coverage?by=grid`)).body.rows).toHaveLength(2);
    expect((await (await login('cadre2')).post('/api/visit-rounds', { name: '无权限', regionId: s.fixture.district.id, startsOn: today, endsOn: today })).status).toBe(403);
  });
});

describe('settings and service days', () => {
  it('saves settings with each bad field named, for liaison managers only', async () => {
    const admin = await login('admin');
    const cur = await admin.get('/api/liaison/settings');
    expect(cur.body.serviceDays.map((d: any) => d.dayOfMonth)).toEqual([5, 8]);
    const bad = await admin.put('/api/liaison/settings', { ...cur.body, priorityIntervalDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field)).toEqual(['priorityIntervalDays']);
    expect((await (await login('cadre2')).put('/api/liaison/settings', cur.body)).status).toBe(403);
    const ok = await admin.put('/api/liaison/settings', { ...cur.body, priorityIntervalDays: 45 });
    expect(ok.status).toBe(200);
    expect((await admin.get('/api/liaison/settings')).body.priorityIntervalDays).toBe(45);
    await admin.put('/api/liaison/settings', cur.body);
  });

  it('lists a month’s service days and records who took part', async () => {
    const admin = await login('admin');
    // The most recent 5th that has passed.
    const fifth = today.slice(8) >= '05' ? `${today.slice(0, 7)}-05` : `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-05`;
    const month = await admin.get(`/api/service-days?month=${fifth.slice(0, 7)}`);
    expect(month.body.items.map((d: any) => d.date)).toEqual([fifth, `${fifth.slice(0, 7)}-08`]);
    const rec = await admin.post(`/api/service-days/zhitong/${fifth}/attendance`, { cadreIds: [wuId], note: '在村委会接待群众' });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body.cadres.map((c: any) => c.name)).toEqual(['吴大勇']);
    await admin.post(`/api/service-days/zhitong/${fifth}/attendance`, { cadreIds: [wuId] });
    expect((await admin.get(`/api/service-days?month=${fifth.slice(0, 7)}`)).body.items[0].attendance).toBe(1);
    const notThatDay = await admin.post(`/api/service-days/zhitong/${addDays(fifth, 1)}/attendance`, { cadreIds: [wuId] });
    expect(notThatDay.status).toBe(400);
    expect(notThatDay.body.details[0].field).toBe('date');
    expect((await admin.get('/api/service-days?month=2026-13')).status).toBe(400);
  });

  it('reminds cadres and grid workers once, the day before', async () => {
    const sent = await remindServiceDays(s.db, new Date('2027-01-04T09:00:00+08:00'));
    const cadres = await s.db.selectFrom('users').select('id').where('role', 'in', ['cadre', 'grid_worker']).execute();
    expect(sent).toBe(cadres.length);
    const notes = await s.db.selectFrom('notifications').select(['user_id', 'title']).where('kind', '=', 'service_day').execute();
    expect(notes).toHaveLength(cadres.length);
    expect(notes[0].title).toBe('1月5日是直通日');
    expect(await remindServiceDays(s.db, new Date('2027-01-04T15:00:00+08:00'))).toBe(0);
    expect(await remindServiceDays(s.db, new Date('2027-01-05T15:00:00+08:00'))).toBe(0);
  });
});
