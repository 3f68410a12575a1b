import { z } from 'zod';
import { sql } from 'kysely';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { inScope, requireInScope, requirePermission } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { buildTree, childLevel, LEVELS } from '../../domain/regions.ts';
import { bboxOf, centreOf, isGeometry, type Geometry } from '../../domain/geo.ts';
import { writeAudit } from '../../platform/audit.ts';
import { updateVersioned, deleteVersioned } from '../../db/versioned.ts';
import { invalid } from '../../platform/errors.ts';
import type { Region } from '../../db/schema.ts';
import { assertFound, idParams, versionQuery } from '../shared.ts';
import { locateGrid } from './locate.ts';

const present = (r: Region) => ({
  id: r.id, parentId: r.parent_id, level: r.level, code: r.code, name: r.name, kind: r.kind, path: r.path,
  boundary: r.boundary ?? null, center: r.center_lat == null ? null : { lat: r.center_lat, lng: r.center_lng },
  version: r.version,
});

const geometry = z.unknown().refine((g) => g == null || isGeometry(g), '不是有效的 GeoJSON 多边形|not a valid GeoJSON Polygon or MultiPolygon');
const regionBody = z.object({
  parentId: z.number().int().positive(),
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(100),
  kind: z.string().trim().max(40).nullish(),
  boundary: geometry.nullish(),
});

function geoColumns(boundary: unknown) {
  if (!boundary) return { boundary: null, min_lat: null, min_lng: null, max_lat: null, max_lng: null, center_lat: null, center_lng: null };
  const b = bboxOf(boundary as Geometry), c = centreOf(b);
  return { boundary: JSON.stringify(boundary), min_lat: b.minLat, min_lng: b.minLng, max_lat: b.maxLat, max_lng: b.maxLng, center_lat: c.lat, center_lng: c.lng };
}

export const regionRoutes: Routes = (app, { db }) => {
  app.get('/api/regions/tree', { schema: { tags: ['regions'], summary: '区域树 Region tree (within scope)' } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegionRead);
    const rows = await inScope(db.selectFrom('regions').select(['id', 'parent_id', 'level', 'code', 'name', 'kind']), actor, 'path').orderBy('code').execute();
    return buildTree(rows.map((r) => ({ id: r.id, parentId: r.parent_id, level: r.level, code: r.code, name: r.name, kind: r.kind })));
  });

  app.get('/api/regions/geojson', {
    schema: { tags: ['regions'], summary: '网格地图 GeoJSON of regions', querystring: z.object({ parentId: z.coerce.number().int().optional(), level: z.enum(LEVELS as [string, ...string[]]).default('grid') }) },
  }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegionRead);
    let q = inScope(db.selectFrom('regions').select(['id', 'name', 'code', 'level', 'path', 'boundary']), actor, 'path')
      .where('level', '=', req.query.level).where('boundary', 'is not', null);
    if (req.query.parentId) {
      const parent = assertFound(await db.selectFrom('regions').select('path').where('id', '=', req.query.parentId).executeTakeFirst(), '区域');
      q = q.where('path', 'like', `${parent.path}%`);
    }
    const rows = await q.orderBy('code').limit(5000).execute();
    const counts = new Map<string, number>();
    if (req.query.level === 'grid' && rows.length) {
      const c = await db.selectFrom('households').select(['region_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('region_id', 'in', rows.map((r) => r.id)).groupBy('region_id').execute();
      for (const r of c) counts.set(String(r.region_id), Number(r.n));
    }
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature', geometry: r.boundary,
        properties: { id: r.id, name: r.name, code: r.code, level: r.level, households: counts.get(String(r.id)) ?? 0 },
      })),
    };
  });

  app.get('/api/regions/locate', {
    schema: { tags: ['regions'], summary: '定位网格 Locate the grid of a point', querystring: z.object({ lat: z.coerce.number().min(-90).max(90), lng: z.coerce.number().min(-180).max(180) }) },
  }, async (req: any) => {
    actorOrThrow(req);
    const { lat, lng } = req.query;
    const hit = await locateGrid(db, lat, lng);
    return { region: hit ? { id: hit.id, name: hit.name, code: hit.code, level: hit.level, path: hit.path } : null };
  });

  app.get('/api/regions/:id', { schema: { tags: ['regions'], summary: '区域详情 Region', params: idParams } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegionRead);
    const r = assertFound(await db.selectFrom('regions').selectAll().where('id', '=', req.params.id).executeTakeFirst(), '区域');
    requireInScope(actor, r.path);
    const ids = r.path.split('/').filter(Boolean).map(Number);
    const ancestors = await db.selectFrom('regions').select(['id', 'name', 'level']).where('id', 'in', ids).orderBy(sql`length(path)`).execute();
    return { ...present(r), ancestors };
  });

  app.post('/api/regions', { schema: { tags: ['regions'], summary: '新建区域 Create a region', body: regionBody } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegionWrite);
    const b = req.body;
    return db.transaction().execute(async (trx) => {
      const parent = await trx.selectFrom('regions').selectAll().where('id', '=', b.parentId).executeTakeFirst();
      if (!parent) throw invalid('parentId', '上级区域不存在', 'no such parent region', b.parentId);
      requireInScope(actor, parent.path, 'parentId');
      const level = childLevel(parent.level);
      if (!level) throw invalid('parentId', '网格下不能再建区域', 'a grid cannot have children', b.parentId);
      const row = await trx.insertInto('regions').values({ parent_id: parent.id, level, code: b.code, name: b.name, kind: b.kind ?? null, path: '', ...geoColumns(b.boundary) })
        .returningAll().executeTakeFirstOrThrow();
      const done = await trx.updateTable('regions').set({ path: `${parent.path}${row.id}/` }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
      await writeAudit(trx, actor, [{ action: 'create', entity: 'region', entityId: done.id, regionPath: done.path, after: present(done) }]);
      return present(done);
    });
  });

  app.patch('/api/regions/:id', {
    schema: { tags: ['regions'], summary: '修改区域 Edit a region', params: idParams, body: regionBody.omit({ parentId: true }).partial().extend({ version: z.number().int().positive() }) },
  }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegionWrite);
    const { version, boundary, ...rest } = req.body;
    return db.transaction().execute(async (trx) => {
      const before = assertFound(await trx.selectFrom('regions').selectAll().where('id', '=', req.params.id).executeTakeFirst(), '区域');
      requireInScope(actor, before.path);
      const patch: Record<string, unknown> = { ...rest };
      if (boundary !== undefined) Object.assign(patch, geoColumns(boundary));
      const after = await updateVersioned(trx, 'regions', before.id, version, patch);
      await writeAudit(trx, actor, [{ action: 'update', entity: 'region', entityId: before.id, regionPath: before.path, before: present(before), after: present(after) }]);
      return present(after);
    });
  });

  app.delete('/api/regions/:id', { schema: { tags: ['regions'], summary: '删除区域 Delete a region', params: idParams, querystring: versionQuery } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegionWrite);
    await db.transaction().execute(async (trx) => {
      const before = assertFound(await trx.selectFrom('regions').selectAll().where('id', '=', req.params.id).executeTakeFirst(), '区域');
      requireInScope(actor, before.path);
      await deleteVersioned(trx, 'regions', before.id, req.query.version);
      await writeAudit(trx, actor, [{ action: 'delete', entity: 'region', entityId: before.id, regionPath: before.path, before: present(before) }]);
    });
    return { ok: true };
  });
};
