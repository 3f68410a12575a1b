import { z } from 'zod';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow, requestMeta } from '../../platform/http.ts';
import { CSRF_COOKIE, SESSION_COOKIE, createApiToken, login, logout } from '../../platform/auth.ts';
import { writeAudit } from '../../platform/audit.ts';
import { ROLE_LABELS, ROLE_PERMISSIONS } from '../../domain/access.ts';
import { AppError } from '../../platform/errors.ts';
import { idParams } from '../shared.ts';
import { listApiTokens, revokeApiToken } from './tokens.ts';

export const authRoutes: Routes = (app, { db, config }) => {
  const cookieOpts = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };

  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: '登录 Sign in', body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }) },
  }, async (req: any, reply: any) => {
    const { token, csrf } = await login(db, req.body.username, req.body.password, requestMeta(req));
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOpts, httpOnly: true, maxAge: 12 * 3600 });
    reply.setCookie(CSRF_COOKIE, csrf, { ...cookieOpts, httpOnly: false, maxAge: 12 * 3600 });
    return { ok: true, csrfToken: csrf };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 Sign out' } }, async (req: any, reply: any) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 Who am I' } }, async (req: any) => {
    const actor = actorOrThrow(req);
    const region = actor.scope.regionPath && actor.scope.regionPath !== '/'
      ? await db.selectFrom('regions').select(['id', 'name', 'level', 'code']).where('path', '=', actor.scope.regionPath).executeTakeFirst()
      : await db.selectFrom('regions').select(['id', 'name', 'level', 'code']).where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    const department = actor.scope.departmentId
      ? await db.selectFrom('departments').select(['id', 'name', 'code']).where('id', '=', actor.scope.departmentId).executeTakeFirst()
      : null;
    return {
      id: actor.userId, username: actor.username, displayName: actor.displayName, role: actor.role,
      roleLabel: ROLE_LABELS[actor.role], permissions: ROLE_PERMISSIONS[actor.role],
      scope: { region: region ?? null, department: department ?? null, householdId: actor.scope.householdId },
      csrfToken: req.csrf,
    };
  });

  app.post('/api/auth/tokens', {
    schema: { tags: ['auth'], summary: '创建 API 令牌 Create an API token', body: z.object({ name: z.string().min(1).max(100) }) },
  }, async (req: any) => {
    const actor = actorOrThrow(req);
    if (actor.userId === null) throw new AppError('FORBIDDEN');
    const userId = actor.userId;
    return db.transaction().execute(async (trx) => {
      const t = await createApiToken(trx, userId, req.body.name);
      await writeAudit(trx, actor, [{ action: 'create', entity: 'api_token', entityId: t.id, after: { name: req.body.name, prefix: t.prefix } }]);
      return t;
    });
  });

  app.get('/api/auth/tokens', {
    schema: { tags: ['auth'], summary: 'API 令牌列表 A user’s API tokens (own; user.manage: ?userId= in scope) — never the token itself',
      querystring: z.object({ userId: z.coerce.number().int().positive().optional() }) },
  }, async (req: any) => listApiTokens(db, actorOrThrow(req), req.query.userId));

  app.delete('/api/auth/tokens/:id', {
    schema: { tags: ['auth'], summary: '吊销 API 令牌 Revoke an API token (own; user.manage in scope); 409 when revoked already', params: idParams },
  }, async (req: any) => revokeApiToken(db, actorOrThrow(req), req.params.id));
};
