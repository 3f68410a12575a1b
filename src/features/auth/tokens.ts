// API tokens of machine clients (a gateway, a reporting system): who has which, and revoking one.
// A user sees and revokes their own; a user manager those of users inside their scope. Revoking
// is audited and takes effect in every server process at once (the token lookup cache is dropped
// through platform/cache-bus.ts).
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { can, requireInScope, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { forgetTokenActors } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';

/** The user whose tokens are asked for, if the actor may manage them. */
async function tokenOwner(db: DB, actor: Actor, userId: number) {
  const u = await db.selectFrom('users').select(['id', 'username', 'region_path']).where('id', '=', userId).executeTakeFirst();
  if (!u) throw new AppError('NOT_FOUND', [], '用户不存在', 'No such user');
  if (u.id === actor.userId) return u;
  if (!can(actor, Permission.UserManage)) throw new AppError('FORBIDDEN', [{ field: 'userId', reason: '只能查看和吊销自己的令牌', reason_en: 'you may see and revoke only your own tokens' }]);
  if (actor.scope.regionPath !== '/') requireInScope(actor, u.region_path, 'userId');
  return u;
}

const present = (t: { id: number; name: string; prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }) => ({
  id: t.id, name: t.name, prefix: t.prefix, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at, active: !t.revoked_at,
});

/** A user's tokens, newest first: name, the first characters, when made, last used and revoked. Never the token itself. */
export async function listApiTokens(db: DB, actor: Actor, userId = actor.userId) {
  if (userId === null) throw new AppError('FORBIDDEN');
  const u = await tokenOwner(db, actor, userId);
  const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', u.id).orderBy('id', 'desc').execute();
  return { user: { id: u.id, username: u.username }, items: rows.map(present) };
}

/** Revoke one token: from now on it is refused everywhere (401). A token revoked already is a 409. */
export async function revokeApiToken(db: DB, actor: Actor, id: number) {
  const out = await db.transaction().execute(async (trx) => {
    const t = await trx.selectFrom('api_tokens').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!t) throw new AppError('NOT_FOUND', [], 'API 令牌不存在', 'No such API token');
    const owner = await tokenOwner(trx, actor, t.user_id);
    if (t.revoked_at) {
      throw new AppError('CONFLICT', [{ field: 'id', reason: `该令牌已于 ${t.revoked_at.toISOString()} 吊销`, reason_en: `revoked already at ${t.revoked_at.toISOString()}` }], '该令牌已吊销', 'This token was revoked already');
    }
    const after = await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [{ action: 'revoke', entity: 'api_token', entityId: id, regionPath: owner.region_path,
      before: { name: t.name, prefix: t.prefix, revokedAt: null }, after: { revokedAt: after.revoked_at }, meta: { user: owner.username } }]);
    return present(after);
  });
  forgetTokenActors(db);
  return out;
}
