// Request categories (editable by the administrator, with their reply time limits) and the
// routing table: category × region → department. routeDepartment() gives the default a
// dispatcher sees; the deepest matching region wins.
import { z } from 'zod';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { parseTimeLimit } from '../../domain/calendar.ts';
import { LOCAL_DEPARTMENT } from '../../reference/categories.ts';
import { requireInScope } from '../../platform/access.ts';
import { invalid } from '../../platform/errors.ts';
import { crudRoutes, pick } from '../registry/crud.ts';
import { forgetReference, reference, routeFrom } from './reference.ts';

const limit = z.string().trim().refine((s) => parseTimeLimit(s) !== null, '期限格式如 7d（工作日）或 24h（小时）|a limit such as 7d (working days) or 24h (hours)');

async function checkDepartmentCode(trx: DB, code: string | undefined) {
  if (code === undefined || code === LOCAL_DEPARTMENT) return;
  const d = await trx.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirst();
  if (!d) throw invalid('departmentCode', `没有编码为 ${code} 的部门（属地乡镇用 ${LOCAL_DEPARTMENT}）`, `no department with code ${code} (use ${LOCAL_DEPARTMENT} for the local township)`, code);
}

export const categoryRoutes = crudRoutes({
  table: 'request_categories', entity: 'request_category', path: '/api/categories', label: '诉求分类 Request categories',
  read: Permission.RequestRead, write: Permission.CategoryManage, regionBound: false, paged: false,
  searchColumns: ['name', 'code', 'covers'], orderBy: 'sort',
  create: z.object({
    code: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, '编码为小写字母、数字和连字符|lowercase letters, digits and hyphens'),
    name: z.string().trim().min(1).max(40), nameEn: z.string().trim().max(80).nullish(), covers: z.string().trim().max(500).nullish(),
    departmentCode: z.string().trim().min(1).max(40), replyLimit: limit.optional(), urgentLimit: limit.optional(),
    active: z.boolean().optional(), sort: z.number().int().optional(),
  }),
  async toRow(trx, _actor, input) {
    await checkDepartmentCode(trx, input.departmentCode);
    return pick(input, { code: 'code', name: 'name', nameEn: 'name_en', covers: 'covers', departmentCode: 'department_code', replyLimit: 'reply_limit', urgentLimit: 'urgent_limit', active: 'active', sort: 'sort' });
  },
  onChange: forgetReference,
  present: (c) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.name_en, covers: c.covers, departmentCode: c.department_code, replyLimit: c.reply_limit, urgentLimit: c.urgent_limit, active: c.active, sort: c.sort, version: c.version }),
});

export const routingRoutes = crudRoutes({
  table: 'routing_rules', entity: 'routing_rule', path: '/api/routing-rules', label: '派单规则 Routing table',
  read: Permission.RequestRead, write: Permission.CategoryManage, regionBound: true, paged: false,
  searchColumns: [], orderBy: 'category_id',
  filters: { categoryId: z.coerce.number().int().positive().optional() },
  applyFilters: (q, f) => (f.categoryId ? q.where('t.category_id', '=', f.categoryId) : q),
  select: (q) => q.innerJoin('regions as r', 'r.id', 't.region_id').innerJoin('departments as d', 'd.id', 't.department_id').innerJoin('request_categories as c', 'c.id', 't.category_id')
    .select(['r.name as region_name', 'd.name as department_name', 'c.name as category_name']),
  create: z.object({ categoryId: z.number().int().positive(), regionId: z.number().int().positive(), departmentId: z.number().int().positive() }),
  async toRow(trx, actor, input) {
    const out: Record<string, unknown> = pick(input, { categoryId: 'category_id', departmentId: 'department_id' });
    if (input.categoryId !== undefined && !(await trx.selectFrom('request_categories').select('id').where('id', '=', input.categoryId).executeTakeFirst()))
      throw invalid('categoryId', '分类不存在', 'no such category', input.categoryId);
    if (input.departmentId !== undefined && !(await trx.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst()))
      throw invalid('departmentId', '部门不存在', 'no such department', input.departmentId);
    if (input.regionId !== undefined) {
      const r = await trx.selectFrom('regions').select(['id', 'path']).where('id', '=', input.regionId).executeTakeFirst();
      if (!r) throw invalid('regionId', '区域不存在', 'no such region', input.regionId);
      requireInScope(actor, r.path, 'regionId');
      Object.assign(out, { region_id: r.id, region_path: r.path });
    }
    return out;
  },
  onChange: forgetReference,
  present: (r) => ({ id: r.id, categoryId: r.category_id, categoryName: r.category_name, regionId: r.region_id, regionName: r.region_name, departmentId: r.department_id, departmentName: r.department_name, version: r.version }),
});

/** The default department for a category at a place (see routeFrom). */
export async function routeDepartment(db: DB, categoryId: number, regionPath: string) {
  return routeFrom(await reference(db), categoryId, regionPath);
}
