import { z } from 'zod';
import { sql } from 'kysely';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { idParams, pageQuery, regionFilterPath, versionQuery } from '../shared.ts';
import { householdCreate, householdQuery, householdUpdate } from './households.schema.ts';
import { listHouseholds } from './households.repo.ts';
import { createHousehold, deleteHousehold, presentHousehold, readHousehold, updateHousehold } from './households.service.ts';
import { createResident, deleteResident, listOfHousehold, listResidents, revealResident, updateResident } from '../residents/residents.service.ts';
import { RELATIONS } from '../../domain/households.ts';
import { requirePermission } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';

const residentBody = z.object({
  name: z.string().trim().min(1, '姓名必填|name is required').max(50),
  gender: z.enum(['M', 'F']).nullish(),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD|date must be YYYY-MM-DD').nullish(),
  idNumber: z.string().trim().max(30).nullish(),
  phone: z.string().trim().max(30).nullish(),
  partyMember: z.boolean().optional(),
  relation: z.enum(RELATIONS).nullish(),
});

export const householdRoutes: Routes = (app, { db }) => {
  const tags = ['households'];
  app.get('/api/households', { schema: { tags, summary: '住户列表与搜索 List and search households', querystring: householdQuery } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegistryRead);
    const path = await regionFilterPath(db, actor, req.query.regionId);
    const r = await listHouseholds(db, actor, req.query, path);
    return {
      ...r, items: r.items.map((h: any) => ({
        id: h.id, externalCode: h.external_code, address: h.address, buildingId: h.building_id, buildingName: h.building_name,
        regionId: h.region_id, regionName: h.region_name, headName: h.head_name, memberCount: h.member_count, tags: h.tags, version: h.version,
      })),
    };
  });

  app.get('/api/households/:id', { schema: { tags, summary: '住户详情 Household with residents', params: idParams } }, async (req: any) => {
    const actor = actorOrThrow(req);
    const h = await readHousehold(db, actor, req.params.id);
    const ids = h.region_path.split('/').filter(Boolean).map(Number);
    const [ancestors, building, residents] = await Promise.all([
      db.selectFrom('regions').select(['id', 'name', 'level']).where('id', 'in', ids).orderBy(sql`length(path)`).execute(),
      h.building_id ? db.selectFrom('buildings').select(['id', 'code', 'name', 'address']).where('id', '=', h.building_id).executeTakeFirst() : null,
      listOfHousehold(db, h.id),
    ]);
    const region = ancestors[ancestors.length - 1];
    return { ...presentHousehold(h), region: { id: region.id, name: region.name }, ancestors, building: building ?? null, residents };
  });

  app.post('/api/households', { schema: { tags, summary: '新建住户 Create a household', body: householdCreate } },
    async (req: any, reply: any) => reply.code(201).send(await createHousehold(db, actorOrThrow(req), req.body)));
  app.patch('/api/households/:id', { schema: { tags, summary: '修改住户 Edit a household', params: idParams, body: householdUpdate } },
    async (req: any) => updateHousehold(db, actorOrThrow(req), req.params.id, req.body));
  app.delete('/api/households/:id', { schema: { tags, summary: '删除住户 Delete a household', params: idParams, querystring: versionQuery } },
    async (req: any) => { await deleteHousehold(db, actorOrThrow(req), req.params.id, req.query.version); return { ok: true }; });

  const rtags = ['residents'];
  app.get('/api/residents', {
    schema: {
      tags: rtags, summary: '居民搜索 Search residents (name fragment or last phone digits)',
      querystring: z.object({ name: z.string().trim().max(20).optional(), phone: z.string().trim().max(20).optional(), regionId: z.coerce.number().int().positive().optional(), householdId: z.coerce.number().int().positive().optional(), ...pageQuery }),
    },
  }, async (req: any) => {
    const actor = actorOrThrow(req);
    const regionPath = await regionFilterPath(db, actor, req.query.regionId);
    return listResidents(db, actor, { ...req.query, regionPath });
  });
  app.post('/api/households/:id/residents', { schema: { tags: rtags, summary: '登记居民 Add a resident', params: idParams, body: residentBody } },
    async (req: any, reply: any) => reply.code(201).send(await createResident(db, actorOrThrow(req), req.params.id, req.body)));
  app.patch('/api/residents/:id', { schema: { tags: rtags, summary: '修改居民 Edit a resident', params: idParams, body: residentBody.partial().extend({ version: z.number().int().positive() }) } },
    async (req: any) => updateResident(db, actorOrThrow(req), req.params.id, req.body));
  app.delete('/api/residents/:id', { schema: { tags: rtags, summary: '删除居民 Delete a resident', params: idParams, querystring: versionQuery } },
    async (req: any) => { await deleteResident(db, actorOrThrow(req), req.params.id, req.query.version); return { ok: true }; });
  app.post('/api/residents/:id/reveal', {
    schema: { tags: rtags, summary: '查看完整身份证号和电话（留痕） Reveal ID number and phone (audited)', params: idParams, body: z.object({ reason: z.string().max(200).optional() }).optional() },
  }, async (req: any) => revealResident(db, actorOrThrow(req), req.params.id, req.body?.reason));
};
