// /api/request-stats — the counts and rates; /api/requests/ledger.xlsx — the ledger (台账).
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { Permission } from '../../domain/access.ts';
import { isDate } from '../../domain/calendar.ts';
import { CHANNELS, KINDS } from '../../domain/requests.ts';
import { requirePermission } from '../../platform/access.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { contentDisposition, XLSX_TYPE } from '../exports/xlsx.ts';
import { regionFilterPath } from '../shared.ts';
import { calendarStatus } from '../calendar/calendar.service.ts';
import { exportLedger, GROUPS, requestStats } from './request-stats.ts';

const date = z.string().refine(isDate, '日期格式应为 YYYY-MM-DD|date must be YYYY-MM-DD');
const filters = z.object({
  from: date.optional(), to: date.optional(),
  regionId: z.coerce.number().int().positive().optional(), departmentId: z.coerce.number().int().positive().optional(),
  categoryId: z.coerce.number().int().positive().optional(), channel: z.enum(CHANNELS).optional(), kind: z.enum(KINDS).optional(),
});

export const requestStatsRoutes: Routes = (app, { db }) => {
  app.get('/api/request-stats', { schema: { tags: ['requests'], summary: '诉求统计 Counts and rates, grouped', querystring: filters.extend({ group: z.enum(GROUPS).default('none') }) } }, async (req: any) => {
    const actor = actorOrThrow(req);
    const { group, regionId, ...f } = req.query;
    const out = await requestStats(db, actor, { ...f, regionPath: await regionFilterPath(db, actor, regionId) }, group);
    return { ...out, group, calendar: await calendarStatus(db) };
  });
  app.get('/api/requests/ledger.xlsx', { schema: { tags: ['requests'], summary: '导出诉求台账 The ledger as .xlsx: one row per request, every timestamp and person', querystring: filters } }, async (req: any, reply: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.ExportRun);
    const { regionId, ...f } = req.query;
    const regionPath = await regionFilterPath(db, actor, regionId);
    const out = new PassThrough();
    exportLedger(db, actor, { ...f, regionPath }, out).catch((e) => { req.log.error(e); out.destroy(e); });
    return reply.type(XLSX_TYPE).header('cache-control', 'no-store').header('content-disposition', contentDisposition('requests-ledger.xlsx', '诉求台账.xlsx')).send(out);
  });
};
