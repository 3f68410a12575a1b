// The request lifecycle over real HTTP on a real database: intake (idempotent, with duplicate
// hints), dispatch, the department's steps, follow-up and reopening, joint orders, extensions,
// supervision, notifications, illegal steps and races.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let cat: Record<string, number>;
// One session per user for the whole file: signing in again and again from one address would
// (rightly) trip the login throttle.
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };
beforeAll(async () => {
  s = await startTestServer();
  const admin = await login('admin');
  const cats = await admin.get('/api/categories');
  cat = Object.fromEntries(cats.body.map((c: any) => [c.code, c.id]));
});
afterAll(async () => { await s?.close(); });

const intakeBody = (over: Record<string, unknown> = {}) => ({
  kind: 'demand', channel: 'visit', categoryId: cat['housing-property'], text: '3号楼楼顶漏水，下雨天家里墙皮都泡掉了', householdId: s.fixture.households[2].id,
  requester: { name: '张海生', phone: '13800001234' }, ...over,
});

async function newRequest(c: Client, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/requests', intakeBody(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.request;
}
const step = (c: Client, r: { id: number; version: number }, action: string, body: Record<string, unknown> = {}) =>
  c.post(`/api/requests/${r.id}/actions/${action}`, { version: r.version, ...body });

describe('intake', () => {
  it('records once per Idempotency-Key, and refuses the key reused for another body', async () => {
    const cadre = await login('cadre');
    const key = 'visit-7f3a-0001';
    const first = await cadre.post('/api/requests', intakeBody(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await cadre.post('/api/requests', intakeBody(), { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.request.id).toBe(first.body.request.id);
    const other = await cadre.post('/api/requests', intakeBody({ text: '另一件事：路灯不亮' }), { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body.details[0].field).toBe('Idempotency-Key');
    // Parallel retries of one submission also make one request.
    const burst = await Promise.all([1, 2, 3, 4].map(() => cadre.post('/api/requests', intakeBody({ text: '楼道灯坏了两个月了' }), { 'idempotency-key': 'burst-1' })));
    expect(new Set(burst.map((b) => b.body.request.id)).size).toBe(1);
    expect(burst.filter((b) => b.status === 201)).toHaveLength(1);
  });

  it('sets the answer deadline from the category, masks the phone, and suggests the routed department', async () => {
    const cadre = await login('cadre');
    const r = await cadre.post('/api/requests', intakeBody({ receivedAt: '2026-09-28T10:00:00+08:00' }));
    expect(r.status).toBe(201);
    expect(r.body.request.replyDue).toBe('2026-10-13T15:59:59.999Z'); // 7 working days over National Day
    expect(r.body.request.requester.phone).toBe('138****1234');
    expect(r.body.request.code).toMatch(/^LX20260928-\d{6}$/);
    expect(r.body.suggestedDepartment.name).toBe('住房和城乡建设局');
    const urgent = await cadre.post('/api/requests', intakeBody({ categoryId: cat['water-drainage'], text: '整栋楼停水一天了', receivedAt: '2026-10-02T10:00:00+08:00' }));
    expect(urgent.body.request.replyLimit).toBe('24h');
    expect(urgent.body.request.replyDue).toBe('2026-10-03T02:00:00.000Z');
  });

  it('names the field and the reason for bad input, in Chinese and English', async () => {
    const cadre = await login('cadre');
    const noPlace = await cadre.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: cat.roads, text: '路面坑洼' });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body.details[0]).toMatchObject({ field: 'householdId' });
    expect(noPlace.body.details[0].reason_en).toMatch(/household/);
    const short = await cadre.post('/api/requests', intakeBody({ text: '水' }));
    expect(short.status).toBe(400);
    expect(short.body.details[0].field).toBe('text');
    const badCat = await cadre.post('/api/requests', intakeBody({ categoryId: 99999 }));
    expect(badCat.status).toBe(400);
    expect(badCat.body.details[0].field).toBe('categoryId');
    const outside = await cadre.post('/api/requests', intakeBody({ householdId: s.fixture.households[39].id }));
    expect(outside.status).toBe(403);
    const point = await cadre.post('/api/requests', intakeBody({ householdId: undefined, lat: 37.05, lng: 120.05, address: '海港社区滨海路口' }));
    expect(point.status).toBe(201);
    expect(point.body.request.region.id).toBe(s.fixture.grids[0].id);
  });

  it('shows likely duplicates: same household and category, or within 50 m', async () => {
    const grid = await login('grid');
    const a = await newRequest(grid, { categoryId: cat['street-lighting'], text: '门口路灯坏了', householdId: s.fixture.households[0].id });
    const dup = await grid.get(`/api/requests/duplicates?categoryId=${cat['street-lighting']}&householdId=${s.fixture.households[0].id}`);
    expect(dup.body.items.map((d: any) => d.id)).toContain(a.id);
    const near = await grid.get(`/api/requests/duplicates?categoryId=${cat['street-lighting']}&lat=37.0502&lng=120.05`);
    expect(near.body.items.find((d: any) => d.id === a.id)?.distance).toBeLessThanOrEqual(50);
    const far = await grid.get(`/api/requests/duplicates?categoryId=${cat['street-lighting']}&lat=37.06&lng=120.05`);
    expect(far.body.items.map((d: any) => d.id)).not.toContain(a.id);
    const other = await grid.get(`/api/requests/duplicates?categoryId=${cat.roads}&householdId=${s.fixture.households[0].id}`);
    expect(other.body.items.map((d: any) => d.id)).not.toContain(a.id);
    // A resident of that household is never shown a neighbour's words, only their own requests.
    const resident = await login('resident');
    const theirs = await resident.get(`/api/requests/duplicates?categoryId=${cat['street-lighting']}&householdId=${s.fixture.households[0].id}&lat=37.0502&lng=120.05`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
  });
});

describe('the whole life', () => {
  it('intake → dispatch → accept → reply → resolve → unsatisfied → reopen → reply → resolve → satisfied → closed', async () => {
    const cadre = await login('cadre'), office = await login('dispatcher'), dept = await login('handler');
    let r = await newRequest(cadre);
    const housing = s.fixture.departments.housing.id;
    r = (await step(office, r, 'dispatch', { departmentId: housing })).body;
    expect(r.status).toBe('dispatched');
    const inbox = await dept.get('/api/notifications?unread=true');
    expect(inbox.body.items.some((n: any) => n.requestId === r.id && n.kind === 'dispatch')).toBe(true);
    const queue = await dept.get('/api/requests?queue=department');
    expect(queue.body.items.map((x: any) => x.id)).toContain(r.id);
    r = (await step(dept, r, 'accept')).body;
    r = (await step(dept, r, 'note', { text: '已联系物业，周三上门查看' })).body;
    r = (await step(dept, r, 'reply', { text: '已安排维修队周四上午修补楼顶防水层' })).body;
    expect(r.status).toBe('replied');
    r = (await step(dept, r, 'resolve', { text: '楼顶防水已修补' })).body;
    expect(r.status).toBe('resolved');
    r = (await step(office, r, 'follow_up', { verdict: 'unsatisfied', method: 'phone', note: '雨后仍渗水' })).body;
    expect(r.status).toBe('reopened');
    expect(r.reopenCount).toBe(1);
    expect(r.repliedAt).toBeNull();
    r = (await step(dept, r, 'reply', { text: '已更换整片防水卷材' })).body;
    r = (await step(dept, r, 'resolve', { text: '复查无渗漏' })).body;
    r = (await step(office, r, 'follow_up', { verdict: 'satisfied', method: 'site' })).body;
    expect(r.status).toBe('closed');
    expect(r.reopenCount).toBe(1);
    const tl = await office.get(`/api/requests/${r.id}/timeline`);
    expect(tl.body.items.map((e: any) => e.action)).toEqual(['intake', 'dispatch', 'accept', 'note', 'reply', 'resolve', 'follow_up', 'reply', 'resolve', 'follow_up']);
    expect(tl.body.items.map((e: any) => e.actor)).toEqual(['cadre', 'dispatcher', 'handler', 'handler', 'handler', 'handler', 'dispatcher', 'handler', 'handler', 'dispatcher']);
    // Entered as it was received: no separate received time.
    expect(tl.body.items.every((e: any) => e.receivedAt === null)).toBe(true);
    // Every step is in the audit trail.
    const audit = await s.db.selectFrom('audit_log').select('action').where('entity', '=', 'request').where('entity_id', '=', String(r.id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'dispatch', 'accept', 'note', 'reply', 'resolve', 'follow_up', 'reply', 'resolve', 'follow_up']);
  });

  it('refuses an illegal step with 409 naming the state and the allowed steps', async () => {
    const cadre = await login('cadre'), office = await login('dispatcher'), dept = await login('handler');
    let r = await newRequest(cadre);
    r = (await step(office, r, 'dispatch', { departmentId: s.fixture.departments.housing.id })).body;
    const early = await step(dept, r, 'resolve', { text: '办完了' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ILLEGAL_STEP');
    expect(early.body.details[0].value.status).toBe('dispatched');
    expect(early.body.details[0].value.allowed.map((a: any) => a.action).sort()).toEqual(['accept', 'return']);
    const noReason = await step(dept, r, 'return');
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].field).toBe('reason');
    // Another department's handler: 403, not its order.
    const other = await login('handler2');
    const foreign = await step(other, r, 'accept');
    expect([403]).toContain(foreign.status);
    // A cadre may not dispatch.
    const cadreDispatch = await step(cadre, r, 'dispatch', { departmentId: 1 });
    expect(cadreDispatch.status).toBe(403);
  });

  it('lets exactly one of two dispatchers win a race on the same request', async () => {
    const cadre = await login('cadre'), a = await login('dispatcher'), b = await login('dispatcher2');
    const r = await newRequest(cadre);
    const [x, y] = await Promise.all([
      step(a, r, 'dispatch', { departmentId: s.fixture.departments.housing.id }),
      step(b, r, 'escalate', { reason: '涉及多个部门，提请区级研究' }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const events = await s.db.selectFrom('request_events').select('action').where('request_id', '=', r.id).execute();
    expect(events).toHaveLength(2); // intake and the winner
  });

  it('returns an order to the office with a reason, and the office re-dispatches', async () => {
    const cadre = await login('cadre'), office = await login('dispatcher'), dept = await login('handler'), town = await login('handler2');
    let r = await newRequest(cadre);
    r = (await step(office, r, 'dispatch', { departmentId: s.fixture.departments.housing.id })).body;
    r = (await step(dept, r, 'return', { reason: '属于乡镇职责' })).body;
    expect(r.status).toBe('returned');
    const inbox = await office.get('/api/notifications');
    expect(inbox.body.items.some((n: any) => n.requestId === r.id && n.kind === 'returned')).toBe(true);
    const board = await office.get('/api/requests?queue=board');
    expect(board.body.items.map((x: any) => x.id)).toContain(r.id);
    r = (await step(office, r, 'dispatch', { departmentId: s.fixture.departments.township.id })).body;
    r = (await step(town, r, 'accept')).body;
    expect(r.status).toBe('in_progress');
    expect(r.coordinatorId).toBe(s.users.dispatcher.id);
  });

  it('moves the deadline only when an extension is approved', async () => {
    const cadre = await login('cadre'), office = await login('dispatcher'), dept = await login('handler');
    let r = await newRequest(cadre, { receivedAt: '2026-09-28T10:00:00+08:00' });
    // Entered today for a request received on 28 September: the timeline's intake says when it was really received.
    const entered = (await office.get(`/api/requests/${r.id}/timeline`)).body.items;
    expect(entered.map((e: any) => [e.action, e.receivedAt])).toEqual([['intake', '2026-09-28T02:00:00.000Z']]);
    r = (await step(office, r, 'dispatch', { departmentId: s.fixture.departments.housing.id })).body;
    r = (await step(dept, r, 'accept')).body;
    r = (await step(dept, r, 'request_extension', { days: 3, reason: '需等待防水材料到货' })).body;
    expect(r.extensionPending).toBe(true);
    const twice = await step(dept, r, 'request_extension', { days: 2, reason: '再延' });
    expect(twice.status).toBe(409);
    r = (await step(office, r, 'decide_extension', { approve: false, note: '请按期办理' })).body;
    expect(r.replyDue).toBe('2026-10-13T15:59:59.999Z');
    r = (await step(dept, r, 'request_extension', { days: 3, reason: '材料仍未到货' })).body;
    r = (await step(office, r, 'decide_extension', { approve: true })).body;
    expect(r.replyDue).toBe('2026-10-16T15:59:59.999Z'); // 14, 15, 16 Oct
    const detail = await office.get(`/api/requests/${r.id}`);
    expect(detail.body.extensions.map((e: any) => e.status)).toEqual(['refused', 'approved']);
  });

  it('runs a joint order: the parent resolves when every child has, and an unsatisfied verdict reopens the lead', async () => {
    const cadre = await login('cadre'), office = await login('dispatcher'), housing = await login('handler'), town = await login('handler2');
    let r = await newRequest(cadre, { categoryId: cat.roads, text: '村口道路塌陷，旁边排水沟也堵了' });
    const d = s.fixture.departments;
    r = (await step(office, r, 'dispatch_joint', { departments: [d.housing.id, d.township.id], leadDepartmentId: d.housing.id })).body;
    expect(r.status).toBe('joint');
    const detail = await office.get(`/api/requests/${r.id}`);
    const [lead, helper] = detail.body.children;
    expect(lead.isLead).toBe(true);
    expect(lead.code).toBe(`${r.code}-1`);
    const resolveChild = async (c: Client, child: any, text: string) => {
      let x = (await step(c, child, 'accept')).body;
      x = (await step(c, x, 'reply', { text })).body;
      return (await step(c, x, 'resolve', { text: text + '（已完成）' })).body;
    };
    await resolveChild(housing, lead, '已修复塌陷路面');
    let parent = (await office.get(`/api/requests/${r.id}`)).body;
    expect(parent.status).toBe('joint');
    await resolveChild(town, helper, '已疏通排水沟');
    parent = (await office.get(`/api/requests/${r.id}`)).body;
    expect(parent.status).toBe('resolved');
    expect(parent.replyText).toBe('已修复塌陷路面');
    parent = (await step(office, parent, 'follow_up', { verdict: 'unsatisfied', note: '路面还是不平' })).body;
    expect(parent.status).toBe('joint');
    expect(parent.reopenCount).toBe(1);
    const after = (await office.get(`/api/requests/${r.id}`)).body;
    expect(after.children.map((c: any) => c.status)).toEqual(['reopened', 'resolved']);
    const relead = after.children[0];
    let x = (await step(housing, relead, 'reply', { text: '重新铺设沥青' })).body;
    x = (await step(housing, x, 'resolve', { text: '已重新铺设' })).body;
    parent = (await office.get(`/api/requests/${r.id}`)).body;
    expect(parent.status).toBe('resolved');
    parent = (await step(office, parent, 'follow_up', { verdict: 'satisfied' })).body;
    expect(parent.status).toBe('closed');
  });
});

describe('people and privacy', () => {
  it('hides a confidential requester from the department, masks phones, and audits a reveal', async () => {
    const cadre = await login('cadre'), office = await login('dispatcher'), dept = await login('handler');
    let r = await newRequest(cadre, { confidential: true, kind: 'complaint', text: '反映物业经理收好处费的问题' });
    r = (await step(office, r, 'dispatch', { departmentId: s.fixture.departments.housing.id })).body;
    const seen = (await dept.get(`/api/requests/${r.id}`)).body;
    expect(seen.requester).toMatchObject({ hidden: true, reason: 'confidential' });
    expect(JSON.stringify(seen)).not.toContain('张海生');
    const denied = await dept.post(`/api/requests/${r.id}/reveal`, {});
    expect(denied.status).toBe(403);
    const officeView = (await office.get(`/api/requests/${r.id}`)).body;
    expect(officeView.requester.phone).toBe('138****1234');
    const revealed = await office.post(`/api/requests/${r.id}/reveal`, {});
    expect(revealed.body.phone).toBe('13800001234');
    const audit = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'unmask').where('entity', '=', 'request').where('entity_id', '=', String(r.id)).execute();
    expect(audit).toHaveLength(1);
    // The handler cannot see another department's orders at all.
    const other = await login('handler2');
    expect((await other.get(`/api/requests/${r.id}`)).status).toBe(403);
    expect((await other.get('/api/requests')).body.items.map((x: any) => x.id)).not.toContain(r.id);
  });

  it('lets a resident file from their own page and read the answer; the constrained explanation reaches them', async () => {
    const resident = await login('resident'), office = await login('dispatcher'), dept = await login('handler');
    const filed = await resident.post('/api/requests', { kind: 'suggestion', channel: 'hotline', categoryId: cat['housing-property'], text: '建议给老楼加装电梯，老人上下楼太难了', householdId: s.fixture.households[5].id });
    expect(filed.status).toBe(201);
    let r = filed.body.request;
    expect(r.channel).toBe('web');
    const res = await s.db.selectFrom('requests').select(['household_id', 'requester_user_id']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(res.household_id).toBe(s.fixture.households[0].id); // their own household, whatever was sent
    r = (await step(office, r, 'dispatch', { departmentId: s.fixture.departments.housing.id })).body;
    r = (await step(dept, r, 'accept')).body;
    r = (await step(dept, r, 'constrain', { text: '加装电梯需全体业主同意并纳入明年财政补助计划，目前暂不具备条件' })).body;
    expect(r.status).toBe('constrained');
    const mine = await resident.get('/api/requests');
    expect(mine.body.items.map((x: any) => x.id)).toEqual([r.id]);
    const inbox = await resident.get('/api/notifications');
    expect(inbox.body.items[0]).toMatchObject({ kind: 'constrained', requestId: r.id });
    expect((await resident.get(`/api/requests/${r.id}`)).body.constraintText).toMatch(/财政补助/);
  });

  it('merges a duplicate: its requester receives the answer too', async () => {
    const resident = await login('resident'), cadre = await login('cadre'), office = await login('dispatcher'), dept = await login('handler');
    let target = await newRequest(cadre, { categoryId: cat.sanitation, text: '垃圾桶满了没人清', householdId: s.fixture.households[1].id });
    const dupe = (await resident.post('/api/requests', { kind: 'complaint', channel: 'web', categoryId: cat.sanitation, text: '楼下垃圾三天没人收了' })).body.request;
    const merged = (await step(office, dupe, 'merge', { into: target.id })).body;
    expect(merged.status).toBe('merged');
    target = (await step(office, target, 'dispatch', { departmentId: s.fixture.departments.housing.id })).body;
    target = (await step(dept, target, 'accept')).body;
    target = (await step(dept, target, 'reply', { text: '已通知环卫每天清运两次' })).body;
    const mine = (await resident.get(`/api/requests/${dupe.id}`)).body;
    expect(mine.replyText).toBe('已通知环卫每天清运两次');
    const inbox = await resident.get('/api/notifications');
    expect(inbox.body.items.some((n: any) => n.requestId === target.id && n.kind === 'replied')).toBe(true);
  });
});

describe('supervision, attachments, outbox', () => {
  it('supervises with a red card: it tops the board and the department is told', async () => {
    const cadre = await login('cadre'), leader = await login('leader'), office = await login('dispatcher'), dept = await login('handler');
    let r = await newRequest(cadre);
    r = (await step(office, r, 'dispatch', { departmentId: s.fixture.departments.housing.id })).body;
    const sup = await leader.post(`/api/requests/${r.id}/supervise`, { version: r.version, level: 'red', comment: '群众反映强烈，限期解决', due: '2026-12-01' });
    expect(sup.status).toBe(200);
    expect(sup.body.supervision.level).toBe('red');
    const inbox = await dept.get('/api/notifications');
    expect(inbox.body.items.some((n: any) => n.requestId === r.id && n.kind === 'supervised')).toBe(true);
    const list = await office.get('/api/requests?queue=supervision');
    expect(list.body.items[0].id).toBe(r.id);
    const cadreSup = await cadre.post(`/api/requests/${r.id}/supervise`, { version: sup.body.version, level: 'yellow', comment: '试试' });
    expect(cadreSup.status).toBe(403);
  });

  it('takes photos by their bytes, and refuses other files', async () => {
    const cadre = await login('cadre');
    const r = await newRequest(cadre);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1e5a30000000049454e44ae426082', 'hex');
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), '漏水.png');
    const ok = await cadre.post(`/api/requests/${r.id}/attachments`, form);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ mime: 'image/png', size: png.length });
    const bad = new FormData();
    bad.append('file', new Blob(['#!/bin/sh\necho hi'], { type: 'image/png' }), 'photo.png');
    const refused = await cadre.post(`/api/requests/${r.id}/attachments`, bad);
    expect(refused.status).toBe(415);
    const got = await fetch(`${s.url}/api/requests/${r.id}/attachments/${ok.body.id}`, { headers: { cookie: [...cadre.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
  });

  it('writes an outbox event in the same transaction as each step', async () => {
    const cadre = await login('cadre');
    const r = await newRequest(cadre);
    const events = await s.db.selectFrom('outbox').select(['event', 'payload']).orderBy('id', 'desc').limit(5).execute();
    expect(events.some((e: any) => e.event === 'request.received' && (e.payload as any).id === r.id)).toBe(true);
  });
});

describe('working calendar', () => {
  it('counts working days, takes the administrator’s holiday, and says which years are missing', async () => {
    const admin = await login('admin'), cadre = await login('cadre');
    expect((await cadre.get('/api/calendar/add-workdays?from=2026-09-28&days=7')).body.date).toBe('2026-10-13');
    const before = await newRequest(cadre, { receivedAt: '2026-11-05T09:00:00+08:00' });
    expect(before.replyDue).toBe('2026-11-16T15:59:59.999Z'); // 6, 9–13, 16 Nov
    const forbidden = await cadre.put('/api/calendar/days', { days: [{ date: '2026-11-13', kind: 'holiday', name: '海岛节' }] });
    expect(forbidden.status).toBe(403);
    expect((await admin.put('/api/calendar/days', { days: [{ date: '2026-11-13', kind: 'holiday', name: '海岛节' }] })).status).toBe(200);
    expect((await cadre.get('/api/calendar/add-workdays?from=2026-11-12&days=1')).body.date).toBe('2026-11-16');
    const r = await newRequest(cadre, { receivedAt: '2026-11-05T09:00:00+08:00', text: '同一件事隔天又报了一次' });
    expect(r.replyDue).toBe('2026-11-17T15:59:59.999Z'); // the 13th is now a holiday
    const status = (await cadre.get('/api/calendar/status')).body;
    expect(status.years).toContain(2026);
    if (!status.years.includes(2027)) expect(status.missing).toContain(2027);
    const imported = await admin.post('/api/calendar/import', { text: '日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06~2027-02-13,休,春节\n2027-02-20,班,春节调休', note: '测试' });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ years: [2027], days: 10 });
    expect((await cadre.get('/api/calendar/status')).body.missing).not.toContain(2027);
    expect((await cadre.get('/api/calendar/add-workdays?from=2027-02-05&days=1')).body.date).toBe('2027-02-15');
    const badFile = await admin.post('/api/calendar/import', { text: '2027-13-01,休,无' });
    expect(badFile.status).toBe(400);
  });
});

describe('warning colours', () => {
  it('turns yellow earlier when the administrator says so', async () => {
    const admin = await login('admin'), cadre = await login('cadre');
    const r = await newRequest(cadre, { text: '刚反映的事，期限还早' });
    expect(r.colour).toBe('green');
    expect((await cadre.put('/api/calendar/warning', { yellowWorkdays: 10, yellowShare: 0.2 })).status).toBe(403);
    const set = await admin.put('/api/calendar/warning', { yellowWorkdays: 10, yellowShare: 0.2 });
    expect(set.status).toBe(200);
    expect((await cadre.get(`/api/requests/${r.id}`)).body.colour).toBe('yellow');
    expect((await admin.put('/api/calendar/warning', { yellowWorkdays: 1, yellowShare: 0.2 })).status).toBe(200);
    expect((await cadre.get(`/api/requests/${r.id}`)).body.colour).toBe('green');
    expect((await admin.put('/api/calendar/warning', { yellowWorkdays: 1, yellowShare: 2 })).status).toBe(400);
  });
});

describe('the audit trail after all of the above', () => {
  it('verifies: every request step left an intact, sealable audit row (retried keys leave only gaps)', async () => {
    const { sealAudit, verifyAudit } = await import('../../src/platform/audit.ts');
    await sealAudit(s.db, { waitMs: 5000 });
    const r = await verifyAudit(s.db);
    expect(r.problems).toEqual([]);
    expect(r.rows).toBeGreaterThan(50);
  });
});
