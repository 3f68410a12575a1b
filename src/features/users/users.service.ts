// User accounts: created and edited only by user managers, and only inside their own scope.
import { z } from 'zod';
import type { DB } from '../../db/connection.ts';
import type { User } from '../../db/schema.ts';
import { inScope, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { Permission, ROLES, ROLE_LABELS, type Role } from '../../domain/access.ts';
import { forgetTokenActors, hashPassword } from '../../platform/auth.ts';
import { forgetReference } from '../requests/reference.ts';
import { writeAudit } from '../../platform/audit.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { assertFound } from '../shared.ts';

export const passwordRule = z.string().min(8, '密码至少8位|password needs at least 8 characters').max(128)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码需同时包含字母和数字|password needs letters and digits');

export const userCreate = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字和 _ . -|username may contain letters, digits and _ . - only'),
  displayName: z.string().trim().min(1).max(50),
  password: passwordRule,
  role: z.enum(ROLES),
  regionId: z.number().int().positive().nullish(),
  departmentId: z.number().int().positive().nullish(),
  householdId: z.number().int().positive().nullish(),
  cadreId: z.number().int().positive().nullish(),
});
export const userUpdate = userCreate.omit({ username: true }).partial().extend({ version: z.number().int().positive(), active: z.boolean().optional() });
export type UserCreate = z.infer<typeof userCreate>;

export const presentUser = (u: User) => ({
  id: u.id, username: u.username, displayName: u.display_name, role: u.role, roleLabel: ROLE_LABELS[u.role as Role],
  regionId: u.region_id, departmentId: u.department_id, householdId: u.household_id, cadreId: u.cadre_id,
  active: u.active, lastLoginAt: u.last_login_at, version: u.version,
});

async function scopeColumns(trx: DB, actor: Actor, input: Partial<UserCreate>) {
  const out: Record<string, unknown> = {};
  if (input.regionId !== undefined) {
    if (input.regionId === null) { out.region_id = null; out.region_path = null; }
    else {
      const r = await trx.selectFrom('regions').select(['id', 'path']).where('id', '=', input.regionId).executeTakeFirst();
      if (!r) throw invalid('regionId', '区域不存在', 'no such region', input.regionId);
      requireInScope(actor, r.path, 'regionId');
      out.region_id = r.id; out.region_path = r.path;
    }
  }
  if (input.departmentId !== undefined) {
    if (input.departmentId && !(await trx.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst())) {
      throw invalid('departmentId', '单位不存在', 'no such department', input.departmentId);
    }
    out.department_id = input.departmentId ?? null;
  }
  if (input.householdId !== undefined) {
    if (input.householdId) {
      const h = await trx.selectFrom('households').select(['id', 'region_id', 'region_path']).where('id', '=', input.householdId).executeTakeFirst();
      if (!h) throw invalid('householdId', '住户不存在', 'no such household', input.householdId);
      requireInScope(actor, h.region_path, 'householdId');
    }
    out.household_id = input.householdId ?? null;
  }
  if (input.cadreId !== undefined) out.cadre_id = input.cadreId ?? null;
  return out;
}

export async function listUsers(db: DB, actor: Actor) {
  requirePermission(actor, Permission.UserManage);
  const rows = await inScope(db.selectFrom('users').selectAll(), actor, 'region_path').orderBy('id').execute();
  return rows.map(presentUser);
}

export async function createUser(db: DB, actor: Actor, input: UserCreate) {
  requirePermission(actor, Permission.UserManage);
  const out = await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()) {
      throw new AppError('DUPLICATE', [{ field: 'username', reason: '用户名已存在', reason_en: 'username taken' }]);
    }
    const scope = await scopeColumns(trx, actor, input);
    if (!scope.region_path && input.role !== 'admin') throw invalid('regionId', '必须指定管辖区域', 'a region scope is required', null);
    const row = await trx.insertInto('users').values({
      username: input.username, display_name: input.displayName, role: input.role, password_hash: await hashPassword(input.password), ...scope,
    } as never).returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [{ action: 'create', entity: 'user', entityId: row.id, regionPath: row.region_path, after: presentUser(row) }]);
    return presentUser(row);
  });
  forgetReference(db);   // who the dispatchers and handlers are (notices go to them)
  return out;
}

export async function updateUser(db: DB, actor: Actor, id: number, input: z.infer<typeof userUpdate>) {
  requirePermission(actor, Permission.UserManage);
  const out = await db.transaction().execute(async (trx) => {
    const before = assertFound(await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(), '用户');
    if (actor.scope.regionPath !== '/') requireInScope(actor, before.region_path, 'id');
    const patch: Record<string, unknown> = await scopeColumns(trx, actor, input);
    if (input.displayName !== undefined) patch.display_name = input.displayName;
    if (input.role !== undefined) patch.role = input.role;
    if (input.active !== undefined) patch.active = input.active;
    if (input.password !== undefined) { patch.password_hash = await hashPassword(input.password); patch.failed_logins = 0; patch.locked_until = null; }
    const after = await updateVersioned(trx, 'users', id, input.version, patch);
    if (input.password !== undefined || input.active === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await writeAudit(trx, actor, [{ action: 'update', entity: 'user', entityId: id, regionPath: after.region_path, before: presentUser(before), after: presentUser(after), meta: input.password ? { passwordChanged: true } : undefined }]);
    return presentUser(after);
  });
  forgetTokenActors(db);   // committed: API tokens of this user are looked up again, in every process
  forgetReference(db);
  return out;
}
