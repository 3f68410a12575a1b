// /api/routing/model — which category-suggestion model the deployment uses: the database's active
// model (where it came from, when, its checksum, what it was trained on and how it compared on the
// held-out parts with the model before it), the last ten models, and what this server process has
// loaded (it looks at the active row about once a minute). For the liaison office and admins.
import { sql } from 'kysely';
import { Permission } from '../../domain/access.ts';
import { can } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { defaultModelStatus } from './model-store.ts';

const HISTORY = 10;

export const modelRoutes: Routes = (app, { db }) => {
  app.get('/api/routing/model', { schema: { tags: ['routing'], summary: '分类模型 The category-suggestion model in use, its evaluation and the last ten models (category.manage or request.dispatch)' } }, async (req: any) => {
    const actor = actorOrThrow(req);
    if (!can(actor, Permission.CategoryManage) && !can(actor, Permission.RequestDispatch)) throw new AppError('FORBIDDEN');
    const rows = await db.selectFrom('classifier_models')
      .select(['id', 'created_at', 'created_by', 'source', 'sha256', 'size', 'meta', 'active', sql<boolean>`bytes is not null`.as('has_bytes')])
      .orderBy('id', 'desc').limit(HISTORY).execute();
    const activeRow = rows.find((r) => r.active)
      ?? await db.selectFrom('classifier_models')
        .select(['id', 'created_at', 'created_by', 'source', 'sha256', 'size', 'meta', 'active', sql<boolean>`bytes is not null`.as('has_bytes')])
        .where('active', '=', true).executeTakeFirst();
    const present = (r: (typeof rows)[number]) => ({
      id: r.id, source: r.source, createdAt: r.created_at, createdBy: r.created_by, sha256: r.sha256, size: r.size,
      active: r.active, pruned: !r.has_bytes, meta: r.meta,
    });
    const status = defaultModelStatus();
    return {
      active: activeRow ? present(activeRow) : null,
      history: rows.map(present),
      process: status ? { source: status.source, id: status.dbModel?.id ?? null, sha256: status.dbModel?.sha256 ?? null, error: status.error, checkedAt: status.checkedAt } : null,
    };
  });
};
