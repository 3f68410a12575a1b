// /api/calendar — the working calendar: its state, a year's special days, the administrator's
// corrections and imports, and a working-day calculator.
import { z } from 'zod';
import { Permission } from '../../domain/access.ts';
import { isDate } from '../../domain/calendar.ts';
import { requirePermission } from '../../platform/access.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { writeAudit } from '../../platform/audit.ts';
import { forgetReference, reference, WARNING_SETTING } from '../requests/reference.ts';
import { calendarStatus, clearDay, importYears, loadCalendar, parseCalendarFile, setDays, yearDays } from './calendar.service.ts';

const date = z.string().refine(isDate, '日期格式应为 YYYY-MM-DD|date must be YYYY-MM-DD');
const entry = z.object({ date, kind: z.enum(['holiday', 'workday', 'normal']), name: z.string().trim().max(40).nullish().transform((v) => v || null) });
const tags = ['calendar'];

export const calendarRoutes: Routes = (app, { db }) => {
  app.get('/api/calendar/warning', { schema: { tags, summary: '预警规则 When a request turns yellow' } }, async (req: any) => {
    actorOrThrow(req);
    return (await reference(db)).warning;
  });
  app.put('/api/calendar/warning', { schema: { tags, summary: '设置预警规则 Set when a request turns yellow (calendar.manage)', body: z.object({
    yellowWorkdays: z.number().int().min(0).max(10), yellowShare: z.number().min(0).max(0.9),
  }) } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.CalendarManage);
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('settings').select('value').where('key', '=', WARNING_SETTING).executeTakeFirst();
      await trx.insertInto('settings').values({ key: WARNING_SETTING, value: JSON.stringify(req.body) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(req.body) })).execute();
      await writeAudit(trx, actor, [{ action: 'update', entity: 'setting', entityId: WARNING_SETTING, before: before?.value ?? null, after: req.body }]);
    });
    forgetReference(db);
    return req.body;
  });
  app.get('/api/calendar/status', { schema: { tags, summary: '工作日历状态 Which years are known' } }, async (req: any) => {
    actorOrThrow(req);
    return calendarStatus(db);
  });
  app.get('/api/calendar/years/:year', { schema: { tags, summary: '一年的节假日与调休 A year’s special days', params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }) } }, async (req: any) => {
    actorOrThrow(req);
    return yearDays(db, req.params.year);
  });
  app.get('/api/calendar/add-workdays', { schema: { tags, summary: '工作日计算 n working days after a date', querystring: z.object({ from: date, days: z.coerce.number().int().min(0).max(365) }) } }, async (req: any) => {
    actorOrThrow(req);
    const cal = await loadCalendar(db);
    return { from: req.query.from, days: req.query.days, date: cal.addWorkingDays(req.query.from, req.query.days) };
  });
  app.put('/api/calendar/days', { schema: { tags, summary: '设置或更正日期 Set days', body: z.object({ days: z.array(entry).min(1).max(400) }) } }, async (req: any) => {
    await setDays(db, actorOrThrow(req), req.body.days);
    return { ok: true };
  });
  app.delete('/api/calendar/days/:date', { schema: { tags, summary: '撤销更正 Remove an entry', params: z.object({ date }) } }, async (req: any) => {
    await clearDay(db, actorOrThrow(req), req.params.date);
    return { ok: true };
  });
  app.post('/api/calendar/import', { schema: { tags, summary: '导入全年安排 Import whole years (CSV text or entries)', body: z.object({ text: z.string().max(200_000).optional(), days: z.array(entry).max(1000).optional(), note: z.string().max(200).nullish() }) } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.CalendarManage);
    const entries = req.body.days ?? parseCalendarFile(req.body.text ?? '');
    return importYears(db, actor, entries, req.body.note ?? null);
  });
};
