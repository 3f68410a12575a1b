// /api/responsibilities — who answers for what, for how long; lists by owner and by object,
// expiring terms flagged. One CRUD definition (registry/crud.ts) with the rules of
// domain/responsibilities.ts.
import { z } from 'zod';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { addDays, chinaDate } from '../../domain/calendar.ts';
import { checkResponsibility, defaultEnd, KIND_ZH, OBJECT_TYPES, OWNER_TYPES, RESPONSIBILITY_KINDS, TERM_ZH, termStatus, type ResponsibilityKind } from '../../domain/responsibilities.ts';
import { requireInScope, type Actor } from '../../platform/access.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { crudRoutes, pick } from '../registry/crud.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD|date must be YYYY-MM-DD');

async function ownerOf(trx: DB, type: string, id: number): Promise<{ name: string; region_id: number; region_path: string }> {
  const found = type === 'department'
    ? await trx.selectFrom('departments').select(['name', 'region_id', 'region_path']).where('id', '=', id).executeTakeFirst()
    : type === 'group'
      ? await trx.selectFrom('liaison_groups').select(['name', 'region_id', 'region_path']).where('id', '=', id).executeTakeFirst()
      : await trx.selectFrom('cadres').select(['name', 'region_id', 'region_path']).where('id', '=', id).executeTakeFirst();
  if (!found) throw invalid('ownerId', '责任主体不存在', 'no such owner', id);
  return found;
}

async function objectOf(trx: DB, type: string, id: number | null | undefined, name: string | null | undefined, regionId: number | null | undefined) {
  if (type === 'region' || type === 'household') {
    if (!id) throw invalid('objectId', '请选择对象', 'choose the object', id);
    const o = type === 'region'
      ? await trx.selectFrom('regions').select(['id', 'name', 'id as region_id', 'path as region_path']).where('id', '=', id).executeTakeFirst()
      : await trx.selectFrom('households').select(['id', 'address as name', 'region_id', 'region_path']).where('id', '=', id).executeTakeFirst();
    if (!o) throw invalid('objectId', '对象不存在', 'no such object', id);
    return { object_id: o.id, object_name: o.name, region_id: o.region_id, region_path: o.region_path };
  }
  if (!regionId) return { object_id: null, object_name: (name ?? '').trim(), region_id: null, region_path: null };
  const r = await trx.selectFrom('regions').select(['id', 'path']).where('id', '=', regionId).executeTakeFirst();
  if (!r) throw invalid('regionId', '区域不存在', 'no such region', regionId);
  return { object_id: null, object_name: (name ?? '').trim(), region_id: r.id, region_path: r.path };
}

export const responsibilityRoutes = crudRoutes({
  table: 'responsibilities', entity: 'responsibility', path: '/api/responsibilities', label: '包联责任 Responsibilities',
  read: Permission.OrgRead, write: Permission.LiaisonManage, regionBound: true, paged: true,
  searchColumns: ['owner_name', 'object_name'], orderBy: 'start_date',
  filters: {
    kind: z.enum(RESPONSIBILITY_KINDS).optional(), ownerType: z.enum(OWNER_TYPES).optional(), ownerId: z.coerce.number().int().positive().optional(),
    objectType: z.enum(OBJECT_TYPES).optional(), objectId: z.coerce.number().int().positive().optional(), term: z.enum(['expiring', 'ended', 'active']).optional(),
  },
  applyFilters(q, f) {
    if (f.kind) q = q.where('t.kind', '=', f.kind);
    if (f.ownerType) q = q.where('t.owner_type', '=', f.ownerType);
    if (f.ownerId) q = q.where('t.owner_id', '=', f.ownerId);
    if (f.objectType) q = q.where('t.object_type', '=', f.objectType);
    if (f.objectId) q = q.where('t.object_id', '=', f.objectId);
    const today = chinaDate(new Date());
    if (f.term === 'expiring') q = q.where('t.end_date', '>=', today).where('t.end_date', '<=', addDays(today, 30));
    if (f.term === 'ended') q = q.where('t.end_date', '<', today);
    if (f.term === 'active') q = q.where('t.start_date', '<=', today).where((eb: any) => eb.or([eb('t.end_date', 'is', null), eb('t.end_date', '>=', today)]));
    return q;
  },
  create: z.object({
    kind: z.enum(RESPONSIBILITY_KINDS), ownerType: z.enum(OWNER_TYPES), ownerId: z.number().int().positive(),
    objectType: z.enum(OBJECT_TYPES), objectId: z.number().int().positive().nullish(), objectName: z.string().trim().max(100).nullish(),
    regionId: z.number().int().positive().nullish(), startDate: date, endDate: date.nullish(), published: z.boolean().optional(), notes: z.string().trim().max(500).nullish(),
  }),
  async toRow(trx, actor: Actor, input, before) {
    const merged = {
      kind: (input.kind ?? before?.kind) as ResponsibilityKind, ownerType: input.ownerType ?? before?.owner_type, objectType: input.objectType ?? before?.object_type,
      objectName: input.objectName !== undefined ? input.objectName : before?.object_name, startDate: input.startDate ?? before?.start_date,
      endDate: input.endDate !== undefined ? input.endDate : (before ? before.end_date : undefined),
    };
    if (!before && merged.endDate == null) merged.endDate = defaultEnd(merged.kind, merged.startDate);
    const problems = checkResponsibility(merged);
    if (problems.length) throw new AppError('VALIDATION', problems);
    const out: Record<string, unknown> = {
      ...pick(input, { kind: 'kind', ownerType: 'owner_type', ownerId: 'owner_id', objectType: 'object_type', startDate: 'start_date', published: 'published', notes: 'notes' }),
      end_date: merged.endDate ?? null,
    };
    const ownerChanged = input.ownerType !== undefined || input.ownerId !== undefined;
    const owner = ownerChanged || !before ? await ownerOf(trx, merged.ownerType, input.ownerId ?? before.owner_id) : null;
    if (owner) out.owner_name = owner.name;
    if (!before || input.objectType !== undefined || input.objectId !== undefined || input.objectName !== undefined || input.regionId !== undefined) {
      const o = await objectOf(trx, merged.objectType, input.objectId ?? before?.object_id, merged.objectName, input.regionId);
      const place = o.region_id ? o : { ...o, region_id: (owner ?? before)?.region_id, region_path: (owner ?? before)?.region_path };
      requireInScope(actor, place.region_path as string, 'objectId');
      Object.assign(out, place);
    }
    return out;
  },
  present: (r) => {
    const status = termStatus(r.start_date, r.end_date, chinaDate(new Date()));
    return {
      id: r.id, kind: r.kind, kindLabel: KIND_ZH[r.kind as ResponsibilityKind], ownerType: r.owner_type, ownerId: r.owner_id, ownerName: r.owner_name,
      objectType: r.object_type, objectId: r.object_id, objectName: r.object_name, regionId: r.region_id, startDate: r.start_date, endDate: r.end_date,
      status, statusLabel: TERM_ZH[status], published: r.published, notes: r.notes, version: r.version,
    };
  },
});
