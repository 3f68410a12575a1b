import { z } from 'zod';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { can, requirePermission } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { maskIdNumber, maskPhone } from '../../domain/personal-data.ts';
import { sealAudit, verifyAudit } from '../../platform/audit.ts';
import { pageQuery, paginate } from '../shared.ts';

/** The trail keeps personal data in clear; readers without pii.reveal see it masked. */
function maskDeep(v: any): any {
  if (!v || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(maskDeep);
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    o[k] = /^(id_?number)$/i.test(k) && typeof x === 'string' ? maskIdNumber(x) : /phone$/i.test(k) && typeof x === 'string' ? maskPhone(x) : maskDeep(x);
  }
  return o;
}

export const auditRoutes: Routes = (app, { db }) => {
  app.get('/api/audit', {
    schema: { tags: ['audit'], summary: '操作台账 The audit trail', querystring: z.object({ entity: z.string().max(40).optional(), entityId: z.string().max(40).optional(), action: z.string().max(40).optional(), actor: z.string().max(64).optional(), ...pageQuery }) },
  }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.AuditRead);
    const f = req.query;
    let q = db.selectFrom('audit_log').select(['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'region_path', 'before', 'after', 'meta']);
    if (actor.scope.regionPath !== '/') q = q.where('region_path', 'like', `${actor.scope.regionPath ?? '\u0000'}%`);
    if (f.entity) q = q.where('entity', '=', f.entity);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.actor) q = q.where('actor', '=', f.actor);
    const r = await paginate(db, q, f.page, f.pageSize, (x) => x.orderBy('seq', 'desc'));
    const clear = can(actor, Permission.PersonalDataReveal);
    return { ...r, items: r.items.map((x) => ({ ...x, entityId: x.entity_id, regionPath: x.region_path, before: clear ? x.before : maskDeep(x.before), after: clear ? x.after : maskDeep(x.after) })) };
  });

  app.post('/api/audit/verify', { schema: { tags: ['audit'], summary: '校验台账完整性 Verify the audit trail' } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.AuditRead);
    await sealAudit(db, { waitMs: 2000 });
    return verifyAudit(db);
  });
};
