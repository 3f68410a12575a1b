// One definition per simple registry (buildings, shops, departments, party organisations,
// cadres, household tags) gives list/read/create/edit/delete routes with the same scope
// checks, version checks and audit entries — so the rules live in one place.
import { z } from 'zod';
import type { SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { inScope, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { departmentBound, type Permission } from '../../domain/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { updateVersioned, deleteVersioned } from '../../db/versioned.ts';
import { likeEscape } from '../../domain/text-search.ts';
import { assertFound, idParams, pageQuery, paginate, regionFilterPath, versionQuery } from '../shared.ts';

type Table = 'buildings' | 'shops' | 'departments' | 'party_orgs' | 'cadres' | 'household_tags' | 'request_categories' | 'routing_rules' | 'responsibilities';

/** Column values for the input fields that were sent (camelCase field → snake_case column). */
export const pick = (input: Record<string, any>, map: Record<string, string>) =>
  Object.fromEntries(Object.entries(map).filter(([k]) => input[k] !== undefined).map(([k, col]) => [col, input[k] ?? null]));

export interface CrudSpec<T extends Table> {
  table: T;
  entity: string;                      // audit entity name
  path: string;                        // '/api/buildings'
  label: string;                       // '楼宇 Buildings'
  read: Permission;
  write: Permission;
  regionBound: boolean;                // rows carry region_path and are scoped by it
  departmentColumn?: string;           // department-bound roles see only their department's rows
  searchColumns: string[];             // matched by ?q=
  filters?: z.ZodRawShape;             // extra list filters
  applyFilters?(q: SelectQueryBuilder<any, any, any>, f: Record<string, any>): SelectQueryBuilder<any, any, any>;
  select?(q: SelectQueryBuilder<any, any, any>): SelectQueryBuilder<any, any, any>; // extra joined columns for the list
  orderBy: string;
  paged: boolean;
  create: z.ZodObject<any>;
  update?: z.ZodObject<any>;
  /** Turn validated input into column values; resolves and checks referenced rows. */
  toRow(trx: DB, actor: Actor, input: Record<string, any>, before?: any): Promise<Record<string, unknown>>;
  present(row: any): Record<string, unknown>;
  afterDelete?(trx: DB, before: any): Promise<void>;
  /** Called after any committed write, e.g. to drop a cached copy. */
  onChange?(db: DB): void;
}

export function crudRoutes<T extends Table>(spec: CrudSpec<T>): Routes {
  const tags = [spec.entity];
  const listQuery = z.object({ q: z.string().trim().max(100).optional(), regionId: z.coerce.number().int().positive().optional(), ...pageQuery, ...(spec.filters ?? {}) });
  const update = spec.update ?? spec.create.partial().extend({ version: z.number().int().positive() });

  const base = (db: DB, actor: Actor) => {
    let q = (db as any).selectFrom(`${spec.table} as t`).selectAll('t') as SelectQueryBuilder<any, any, any>;
    if (spec.regionBound) q = inScope(q, actor, 't.region_path');
    if (spec.departmentColumn && departmentBound(actor.role)) q = q.where(`t.${spec.departmentColumn}`, '=', actor.scope.departmentId ?? -1);
    return q;
  };
  const load = async (db: DB, actor: Actor, id: number) => {
    const row = assertFound(await base(db, actor).where('t.id', '=', id).executeTakeFirst(), spec.label.split(' ')[0]);
    if (spec.regionBound) requireInScope(actor, row.region_path, 'id');
    return row;
  };
  const loadForWrite = async (trx: DB, actor: Actor, id: number) => {
    const row = assertFound(await (trx as any).selectFrom(spec.table).selectAll().where('id', '=', id).executeTakeFirst(), spec.label.split(' ')[0]);
    if (spec.regionBound) requireInScope(actor, row.region_path, 'id');
    if (spec.departmentColumn && departmentBound(actor.role) && row[spec.departmentColumn] !== actor.scope.departmentId) requireInScope(actor, null, 'id');
    return row;
  };

  return (app, { db }) => {
    app.get(spec.path, { schema: { tags, summary: `${spec.label} list`, querystring: listQuery } }, async (req: any) => {
      const actor = actorOrThrow(req);
      requirePermission(actor, spec.read);
      const f = req.query;
      let q = base(db, actor);
      if (spec.select) q = spec.select(q);
      const path = spec.regionBound ? await regionFilterPath(db, actor, f.regionId) : undefined;
      if (path) q = q.where('t.region_path', 'like', `${path}%`);
      if (f.q) {
        const pattern = `%${likeEscape(f.q)}%`;
        q = q.where((eb: any) => eb.or(spec.searchColumns.map((c) => eb(`t.${c}`, 'ilike', pattern))));
      }
      if (spec.applyFilters) q = spec.applyFilters(q, f);
      const order = (x: SelectQueryBuilder<any, any, any>) => x.orderBy(`t.${spec.orderBy}`).orderBy('t.id');
      if (!spec.paged) return (await order(q).execute()).map(spec.present);
      const r = await paginate(db, q, f.page, f.pageSize, order);
      return { ...r, items: r.items.map(spec.present) };
    });

    app.get(`${spec.path}/:id`, { schema: { tags, summary: `${spec.label} detail`, params: idParams } }, async (req: any) => {
      const actor = actorOrThrow(req);
      requirePermission(actor, spec.read);
      return spec.present(await load(db, actor, req.params.id));
    });

    app.post(spec.path, { schema: { tags, summary: `${spec.label} create`, body: spec.create } }, async (req: any, reply: any) => {
      const actor = actorOrThrow(req);
      requirePermission(actor, spec.write);
      const out = await db.transaction().execute(async (trx) => {
        const values = await spec.toRow(trx, actor, req.body);
        const row = await (trx as any).insertInto(spec.table).values(values).returningAll().executeTakeFirstOrThrow();
        await writeAudit(trx, actor, [{ action: 'create', entity: spec.entity, entityId: row.id, regionPath: row.region_path ?? null, after: spec.present(row) }]);
        return spec.present(row);
      });
      spec.onChange?.(db);
      return reply.code(201).send(out);
    });

    app.patch(`${spec.path}/:id`, { schema: { tags, summary: `${spec.label} edit`, params: idParams, body: update } }, async (req: any) => {
      const actor = actorOrThrow(req);
      requirePermission(actor, spec.write);
      const { version, ...input } = req.body;
      const out = await db.transaction().execute(async (trx) => {
        const before = await loadForWrite(trx, actor, req.params.id);
        const values = await spec.toRow(trx, actor, input, before);
        const after = await updateVersioned(trx, spec.table as any, before.id, version, values);
        await writeAudit(trx, actor, [{ action: 'update', entity: spec.entity, entityId: before.id, regionPath: after.region_path ?? null, before: spec.present(before), after: spec.present(after) }]);
        return spec.present(after);
      });
      spec.onChange?.(db);
      return out;
    });

    app.delete(`${spec.path}/:id`, { schema: { tags, summary: `${spec.label} delete`, params: idParams, querystring: versionQuery } }, async (req: any) => {
      const actor = actorOrThrow(req);
      requirePermission(actor, spec.write);
      await db.transaction().execute(async (trx) => {
        const before = await loadForWrite(trx, actor, req.params.id);
        await deleteVersioned(trx, spec.table as any, before.id, req.query.version);
        await spec.afterDelete?.(trx, before);
        await writeAudit(trx, actor, [{ action: 'delete', entity: spec.entity, entityId: before.id, regionPath: before.region_path ?? null, before: spec.present(before) }]);
      });
      spec.onChange?.(db);
      return { ok: true };
    });
  };
}
