import { sql } from 'kysely';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { inScope, requirePermission } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';

export const statsRoutes: Routes = (app, { db }) => {
  app.get('/api/stats/overview', { schema: { tags: ['stats'], summary: '概览 Counts within my scope' } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RegistryRead);
    const count = (t: 'households' | 'residents' | 'buildings' | 'shops' | 'cadres') =>
      inScope(db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')), actor, 'region_path').executeTakeFirstOrThrow().then((r) => Number(r.n));
    const [households, residents, buildings, shops, cadres, grids, departments, tagRows] = await Promise.all([
      count('households'), count('residents'), count('buildings'), count('shops'), count('cadres'),
      inScope(db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).where('level', '=', 'grid'), actor, 'path').executeTakeFirstOrThrow().then((r) => Number(r.n)),
      db.selectFrom('departments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)),
      inScope(db.selectFrom('households').select([sql<string>`unnest(tags)`.as('tag'), (eb) => eb.fn.countAll<number>().as('n')]), actor, 'region_path')
        .groupBy(sql`1`).execute(),
    ]);
    return { households, residents, buildings, shops, cadres, grids, departments, taggedHouseholds: Object.fromEntries(tagRows.map((r) => [r.tag, Number(r.n)])) };
  });
};
