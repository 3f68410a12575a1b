// Departments, party organisations, cadres and household tags.
import { z } from 'zod';
import { sql } from 'kysely';
import { Permission } from '../../domain/access.ts';
import { normalisePhone } from '../../domain/personal-data.ts';
import { requireInScope } from '../../platform/access.ts';
import { invalid } from '../../platform/errors.ts';
import { optionalText } from '../shared.ts';
import { crudRoutes, pick } from './crud.ts';
import { forgetReference } from '../requests/reference.ts';
import type { DB } from '../../db/connection.ts';

const bool = z.boolean().optional();

function phoneColumn(input: Record<string, any>) {
  if (input.phone === undefined) return {};
  const p = input.phone ? normalisePhone(input.phone) : null;
  if (input.phone && !p) throw invalid('phone', '不是有效的电话号码', 'not a valid phone number', input.phone);
  return { phone: p };
}

async function regionColumns(trx: DB, actor: any, regionId: number | undefined) {
  if (regionId === undefined) return {};
  const r = await trx.selectFrom('regions').select(['id', 'path']).where('id', '=', regionId).executeTakeFirst();
  if (!r) throw invalid('regionId', '区域不存在', 'no such region', regionId);
  requireInScope(actor, r.path, 'regionId');
  return { region_id: r.id, region_path: r.path };
}

async function departmentColumns(trx: DB, actor: any, departmentId: number | undefined) {
  if (departmentId === undefined) return {};
  const d = await trx.selectFrom('departments').select(['id', 'region_id', 'region_path']).where('id', '=', departmentId).executeTakeFirst();
  if (!d) throw invalid('departmentId', '单位不存在', 'no such department', departmentId);
  requireInScope(actor, d.region_path, 'departmentId');
  return { department_id: d.id, region_id: d.region_id, region_path: d.region_path };
}

export const departmentRoutes = crudRoutes({
  table: 'departments', entity: 'department', path: '/api/departments', label: '部门 Departments',
  read: Permission.OrgRead, write: Permission.OrgWrite, regionBound: false, paged: false,
  searchColumns: ['name', 'code'], orderBy: 'sort',
  select: (q) => q.select(sql<number>`(select count(*) from cadres c where c.department_id = t.id)`.as('cadre_count')),
  onChange: forgetReference,
  create: z.object({
    code: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(100),
    kind: z.enum(['bureau', 'township', 'office', 'other']), regionId: z.number().int().positive(), phone: optionalText(30), sort: z.number().int().optional(),
  }),
  async toRow(trx, actor, input) {
    return { ...pick(input, { code: 'code', name: 'name', kind: 'kind', sort: 'sort' }), ...phoneColumn(input), ...(await regionColumns(trx, actor, input.regionId)) };
  },
  present: (d) => ({ id: d.id, code: d.code, name: d.name, kind: d.kind, regionId: d.region_id, phone: d.phone, sort: d.sort, cadreCount: d.cadre_count === undefined ? undefined : Number(d.cadre_count), version: d.version }),
});

export const partyOrgRoutes = crudRoutes({
  table: 'party_orgs', entity: 'party_org', path: '/api/party-orgs', label: '党组织 Party organisations',
  read: Permission.OrgRead, write: Permission.OrgWrite, regionBound: true, departmentColumn: 'department_id', paged: false,
  searchColumns: ['name', 'code'], orderBy: 'code',
  create: z.object({
    code: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(100), kind: z.enum(['committee', 'general_branch', 'branch']),
    parentId: z.number().int().positive().nullish(), departmentId: z.number().int().positive().nullish(), regionId: z.number().int().positive(), secretary: optionalText(50),
  }),
  async toRow(trx, actor, input) {
    return { ...pick(input, { code: 'code', name: 'name', kind: 'kind', parentId: 'parent_id', departmentId: 'department_id', secretary: 'secretary' }), ...(await regionColumns(trx, actor, input.regionId)) };
  },
  present: (p) => ({ id: p.id, code: p.code, name: p.name, kind: p.kind, parentId: p.parent_id, departmentId: p.department_id, regionId: p.region_id, secretary: p.secretary, version: p.version }),
});

export const cadreRoutes = crudRoutes({
  table: 'cadres', entity: 'cadre', path: '/api/cadres', label: '干部 Cadres',
  read: Permission.OrgRead, write: Permission.OrgWrite, regionBound: true, departmentColumn: 'department_id', paged: true,
  searchColumns: ['name', 'code', 'origin_village', 'position'], orderBy: 'code',
  filters: {
    departmentId: z.coerce.number().int().positive().optional(),
    partyMember: z.enum(['true', 'false']).optional(),
    isLocal: z.enum(['true', 'false']).optional(),
  },
  applyFilters(q, f) {
    if (f.departmentId) q = q.where('t.department_id', '=', f.departmentId);
    if (f.partyMember) q = q.where('t.party_member', '=', f.partyMember === 'true');
    if (f.isLocal) q = q.where('t.is_local', '=', f.isLocal === 'true');
    return q;
  },
  select: (q) => q.innerJoin('departments as d', 'd.id', 't.department_id').select('d.name as department_name'),
  create: z.object({
    code: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(50), gender: z.enum(['M', 'F']).nullish(),
    departmentId: z.number().int().positive(), partyOrgId: z.number().int().positive().nullish(), partyMember: bool, isLocal: bool,
    yearsOfService: z.number().int().min(0).max(60).optional(), originVillage: optionalText(100), phone: optionalText(30), position: optionalText(50),
  }),
  async toRow(trx, actor, input) {
    return {
      ...pick(input, { code: 'code', name: 'name', gender: 'gender', partyOrgId: 'party_org_id', partyMember: 'party_member', isLocal: 'is_local', yearsOfService: 'years_of_service', originVillage: 'origin_village', position: 'position' }),
      ...phoneColumn(input), ...(await departmentColumns(trx, actor, input.departmentId)),
    };
  },
  present: (c) => ({
    id: c.id, code: c.code, name: c.name, gender: c.gender, departmentId: c.department_id, departmentName: c.department_name, partyOrgId: c.party_org_id,
    partyMember: c.party_member, isLocal: c.is_local, yearsOfService: c.years_of_service, originVillage: c.origin_village, phone: c.phone, position: c.position, version: c.version,
  }),
});

export const tagRoutes = crudRoutes({
  table: 'household_tags', entity: 'household_tag', path: '/api/household-tags', label: '户标签 Household tags',
  read: Permission.RegistryRead, write: Permission.TagManage, regionBound: false, paged: false,
  searchColumns: ['name'], orderBy: 'sort',
  create: z.object({ name: z.string().trim().min(1).max(20), priority: bool, description: optionalText(200), sort: z.number().int().optional(), active: bool }),
  async toRow(trx, _actor, input, before) {
    // A renamed tag is renamed on every household that carries it, in the same transaction.
    if (before && input.name && input.name !== before.name) {
      await sql`update households set tags = array_replace(tags, ${before.name}, ${input.name}), version = version + 1, updated_at = now()
        where tags @> cast(${[before.name]} as text[])`.execute(trx);
    }
    return pick(input, { name: 'name', priority: 'priority', description: 'description', sort: 'sort', active: 'active' });
  },
  async afterDelete(trx, before) {
    await sql`update households set tags = array_remove(tags, ${before.name}), version = version + 1, updated_at = now()
      where tags @> cast(${[before.name]} as text[])`.execute(trx);
  },
  present: (t) => ({ id: t.id, name: t.name, priority: t.priority, description: t.description, sort: t.sort, active: t.active, version: t.version }),
});
