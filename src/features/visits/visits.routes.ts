// /api/visits, /api/field/*, /api/visit-tasks, /api/households/:id/events, /api/visit-rounds,
// /api/service-days, /api/liaison/settings — the visits side of the liaison network.
import { z } from 'zod';
import { isDate } from '../../domain/calendar.ts';
import { EVENT_KINDS, VISIT_KINDS } from '../../domain/visits.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { idParams, pageQuery } from '../shared.ts';
import { createRound, listRounds, roundCoverage } from './rounds.ts';
import { attendance, recordAttendance, serviceDaysOfMonth } from './service-days.ts';
import { liaisonSettings, saveLiaisonSettings } from './settings.ts';
import { fieldHouseholds, fieldMe, householdEvents, listVisits, recordEvent, recordVisit, visitTasks } from './visits.service.ts';

const tags = ['visits'];
const id = z.number().int().positive();
const date = (field = '日期') => z.string().refine(isDate, `${field}格式应为 YYYY-MM-DD|date must be YYYY-MM-DD`);
const settingsBody = z.object({
  priorityIntervalDays: z.number().int(),
  timelyDueDays: z.object(Object.fromEntries(EVENT_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof EVENT_KINDS)[number], z.ZodNumber>),
  serviceDays: z.array(z.object({ code: z.string().trim(), name: z.string().trim().max(30), dayOfMonth: z.number().int(), remindDaysBefore: z.number().int() })).max(10),
});

export const visitRoutes: Routes = (app, { db }) => {
  app.post('/api/visits', { schema: { tags, summary: '记录走访 Record a visit (the same clientId again records nothing)', body: z.object({
    clientId: z.string().uuid('clientId 应为 UUID|clientId must be a UUID'),
    householdIds: z.array(id).min(1, '请选择走访的住户|choose the households visited').max(50),
    visitedOn: date('走访日期'),
    kind: z.enum(VISIT_KINDS),
    notes: z.string().trim().max(2000, '民情日记最多2000字|notes are 2,000 characters at most').nullish(),
    cadreIds: z.array(id).max(5).optional(),
    serviceDay: z.string().trim().max(30).nullish(),
  }) } }, async (req: any, reply: any) => {
    const out = await recordVisit(db, actorOrThrow(req), req.body);
    return reply.code(out.replayed ? 200 : 201).send(out);
  });
  app.get('/api/visits', { schema: { tags, summary: '走访记录 Visits in scope', querystring: z.object({
    householdId: z.coerce.number().int().positive().optional(), groupId: z.coerce.number().int().positive().optional(),
    from: date().optional(), to: date().optional(), kind: z.enum(VISIT_KINDS).optional(), ...pageQuery,
  }) } }, async (req: any) => listVisits(db, actorOrThrow(req), req.query));
  app.get('/api/households/:id/visits', { schema: { tags, summary: '一户的走访记录 A household’s visits', params: idParams } }, async (req: any) => {
    const { items } = await listVisits(db, actorOrThrow(req), { householdId: req.params.id, page: 1, pageSize: 200 });
    return { items };
  });

  app.post('/api/households/:id/events', { schema: { tags, summary: '登记住户变故 Record an event (opens a timely-visit task)', params: idParams, body: z.object({
    kind: z.enum(EVENT_KINDS), occurredOn: date('发生日期'), note: z.string().trim().max(1000).nullish(),
  }) } }, async (req: any, reply: any) => reply.code(201).send(await recordEvent(db, actorOrThrow(req), req.params.id, req.body)));
  app.get('/api/households/:id/events', { schema: { tags, summary: '住户变故 A household’s events', params: idParams } }, async (req: any) =>
    householdEvents(db, actorOrThrow(req), req.params.id));

  app.get('/api/field/me', { schema: { tags, summary: '外勤：我的小组与设置 Field app: my groups and settings' } }, async (req: any) => fieldMe(db, actorOrThrow(req)));
  app.get('/api/field/households', { schema: { tags, summary: '外勤：我的联系户 Field app: my households', querystring: z.object({
    q: z.string().trim().max(50).optional(), limit: z.coerce.number().int().min(1).max(2000).default(500),
  }) } }, async (req: any) => fieldHouseholds(db, actorOrThrow(req), req.query));
  app.get('/api/visit-tasks', { schema: { tags, summary: '待走访 Priority and timely visits owed', querystring: z.object({
    mine: z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true'),
    status: z.enum(['open', 'overdue']).default('open'), regionId: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  }) } }, async (req: any) => visitTasks(db, actorOrThrow(req), req.query));

  app.post('/api/visit-rounds', { schema: { tags, summary: '新建走访轮次 Create a visit round', body: z.object({
    name: z.string().trim().min(2, '请填写名称|name the round').max(60), regionId: id, startsOn: date('开始日期'), endsOn: date('结束日期'),
  }) } }, async (req: any, reply: any) => reply.code(201).send(await createRound(db, actorOrThrow(req), req.body)));
  app.get('/api/visit-rounds', { schema: { tags, summary: '走访轮次与进度 Rounds and their progress' } }, async (req: any) => listRounds(db, actorOrThrow(req)));
  app.get('/api/visit-rounds/:id/coverage', { schema: { tags, summary: '走访覆盖 A round’s coverage by grid, group or department', params: idParams, querystring: z.object({
    by: z.enum(['grid', 'group', 'department']).default('grid'),
  }) } }, async (req: any) => roundCoverage(db, actorOrThrow(req), req.params.id, req.query.by));

  app.get('/api/liaison/settings', { schema: { tags, summary: '走访设置 Visit settings' } }, async (req: any) => { actorOrThrow(req); return liaisonSettings(db); });
  app.put('/api/liaison/settings', { schema: { tags, summary: '修改走访设置 Change the visit settings (liaison.manage)', body: settingsBody } }, async (req: any) =>
    saveLiaisonSettings(db, actorOrThrow(req), req.body));

  const dayParams = z.object({ code: z.string().max(30), date: date() });
  app.get('/api/service-days', { schema: { tags, summary: '服务日 A month’s service days', querystring: z.object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM|month must be YYYY-MM'),
  }) } }, async (req: any) => serviceDaysOfMonth(db, actorOrThrow(req), req.query.month));
  app.get('/api/service-days/:code/:date/attendance', { schema: { tags, summary: '服务日参加人员 Who took part', params: dayParams } }, async (req: any) =>
    attendance(db, actorOrThrow(req), req.params.code, req.params.date));
  app.post('/api/service-days/:code/:date/attendance', { schema: { tags, summary: '登记服务日参加人员 Record who took part', params: dayParams, body: z.object({
    cadreIds: z.array(id).min(1, '请选择参加的干部|choose the cadres who took part').max(500), note: z.string().trim().max(500).nullish(),
  }) } }, async (req: any) => recordAttendance(db, actorOrThrow(req), req.params.code, req.params.date, req.body));
};
