// The one access module. Routes ask `can`/`require`; repositories narrow every query with
// `inScope`, so a user never reads or writes outside their region subtree or department.
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import { regionInScope, roleHas, type Permission, type Role, type Scope } from '../domain/access.ts';
import { AppError } from './errors.ts';

export interface Actor {
  userId: number | null;
  username: string;
  displayName: string;
  role: Role;
  scope: Scope;
}

/** The actor for operational commands run on the server itself (`lianxin demo`, imports from the CLI). */
export const SYSTEM_ACTOR: Actor = {
  userId: null, username: 'system', displayName: '系统', role: 'admin',
  scope: { regionPath: '/', departmentId: null, householdId: null },
};

export function can(actor: Actor, p: Permission): boolean { return roleHas(actor.role, p); }

export function requirePermission(actor: Actor, p: Permission): void {
  if (!can(actor, p)) throw new AppError('FORBIDDEN', [{ field: 'permission', reason: `缺少权限 ${p}`, reason_en: `missing permission ${p}` }]);
}

/** Throws unless a single row's region lies inside the actor's scope. */
export function requireInScope(actor: Actor, rowPath: string | null | undefined, field = 'region'): void {
  if (!regionInScope(actor.scope, rowPath)) {
    throw new AppError('OUT_OF_SCOPE', [{ field, reason: '不在您的管辖范围内', reason_en: 'outside your scope' }]);
  }
}

/** Narrow a query on a region-bound table to the actor's subtree (and household, for residents). */
export function inScope<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>, actor: Actor, pathColumn: string,
): SelectQueryBuilder<DB, TB, O> {
  const path = actor.scope.regionPath;
  if (!path) return q.where((eb: ExpressionBuilder<any, any>) => eb.val(false)) as any;
  if (path === '/') return q;
  return q.where(pathColumn as any, 'like', `${path}%`) as any;
}
