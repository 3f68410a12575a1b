// GET /api/exports/:kind.xlsx — the registry within the caller's scope, streamed.
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { requirePermission } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { contentDisposition, XLSX_TYPE } from './xlsx.ts';
import { EXPORT_KINDS, EXPORT_TITLES, exportRegistry } from './export.service.ts';

export const exportRoutes: Routes = (app, { db }) => {
  app.get('/api/exports/:kind.xlsx', {
    schema: { tags: ['exports'], summary: '导出台账 Export a registry as .xlsx', params: z.object({ kind: z.enum(EXPORT_KINDS) }) },
  }, async (req: any, reply: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.ExportRun); // before the first byte: afterwards the status is sent
    const kind = req.params.kind as (typeof EXPORT_KINDS)[number];
    const out = new PassThrough();
    exportRegistry(db, actor, kind, out).catch((e) => { req.log.error(e); out.destroy(e); });
    return reply.type(XLSX_TYPE).header('cache-control', 'no-store')
      .header('content-disposition', contentDisposition(`${kind}.xlsx`, `${EXPORT_TITLES[kind]}.xlsx`)).send(out);
  });
};
