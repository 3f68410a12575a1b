// /api/routing/suggest — where a matter belongs, while it is being entered: the top three
// categories from the text (the classifier trained on the seed corpus and, after a retrain, the
// deployment's history: the database's active model, shared by every server process), and the departments for the best one at the request's place. Shown as
// one-click choices; never applied by itself.
import { z } from 'zod';
import { Permission } from '../../domain/access.ts';
import { can, requireInScope, type Actor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { reference } from '../requests/reference.ts';
import type { DB } from '../../db/connection.ts';
import { suggestDepartment } from './departments.service.ts';
import { loadDefaultModel } from './model-store.ts';

const id = z.number().int().positive();

async function placePath(db: DB, actor: Actor, b: { householdId?: number | null; regionId?: number | null }): Promise<string | null> {
  if (b.householdId) {
    const h = await db.selectFrom('households').select('region_path').where('id', '=', b.householdId).executeTakeFirst();
    if (!h) return null;
    requireInScope(actor, h.region_path, 'householdId');
    return h.region_path;
  }
  if (b.regionId) {
    const r = await db.selectFrom('regions').select('path').where('id', '=', b.regionId).executeTakeFirst();
    return r?.path ?? null;
  }
  return actor.scope.regionPath && actor.scope.regionPath !== '/' ? actor.scope.regionPath : null;
}

export const suggestRoutes: Routes = (app, { db, config }) => {
  app.post('/api/routing/suggest', { schema: { tags: ['routing'], summary: '分类与部门推荐 Suggested categories (top 3) and departments for a request being entered', body: z.object({
    text: z.string().max(20_000, '内容过长|too long'),
    householdId: id.nullish(), regionId: id.nullish(), categoryId: id.nullish(),
  }) } }, async (req: any) => {
    const actor = actorOrThrow(req);
    if (!can(actor, Permission.RequestCreate) && !can(actor, Permission.RequestDispatch)) throw new AppError('FORBIDDEN');
    const { classifier } = await loadDefaultModel({ dataDir: config.dataDir, db });
    const out = classifier.suggest(req.body.text, 3);
    const ref = await reference(db);
    const byCode = new Map([...ref.categories.values()].map((c) => [c.code, c]));
    const categories = out.suggestions.map((s) => ({ ...s, id: byCode.get(s.category)?.id ?? null, name: byCode.get(s.category)?.name ?? s.category }))
      .filter((s) => s.id !== null && byCode.get(s.category)?.active !== false);
    const path = await placePath(db, actor, req.body);
    const forCategory = req.body.categoryId ?? categories[0]?.id ?? null;
    const departments = path && forCategory ? await suggestDepartment(db, forCategory, path) : [];
    return { categories, departments, forCategory, error: out.error ?? null, truncated: out.truncated ?? false };
  });
};
