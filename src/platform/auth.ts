// Passwords (argon2id), cookie sessions with a CSRF token, login throttling, API tokens.
import { forget, onForget } from './cache-bus.ts';
import { SharedThrottle } from './throttle.ts';
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { DB } from '../db/connection.ts';
import type { User } from '../db/schema.ts';
import { isRole } from '../domain/access.ts';
import type { Actor } from './access.ts';
import { AppError } from './errors.ts';
import { writeAudit } from './audit.ts';

export const SESSION_COOKIE = 'lx_session';
export const CSRF_COOKIE = 'lx_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_HOURS = 12;
const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

export const hashPassword = (pw: string) => hash(pw, { algorithm: 2 /* Argon2id */ });
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function actorOf(u: Pick<User, 'id' | 'username' | 'display_name' | 'role' | 'region_path' | 'department_id' | 'household_id'>): Actor {
  if (!isRole(u.role)) throw new AppError('FORBIDDEN');
  return {
    userId: u.id, username: u.username, displayName: u.display_name, role: u.role,
    scope: { regionPath: u.region_path, departmentId: u.department_id, householdId: u.household_id },
  };
}

// Failed sign-ins per client address, counted in the database so every server process sees
// them: 30 in 5 minutes and the address must wait (the per-account lock is MAX_FAILURES). Only
// failures count, so an office of fifty behind one address can still sign in at 8:30.
export const LOGIN_FAILURES = { count: 30, minutes: 5 };
const addressFailures = new SharedThrottle('login-failure', LOGIN_FAILURES.count, LOGIN_FAILURES.minutes * 60_000);

export async function login(db: DB, username: string, password: string, meta: { ip: string; userAgent: string | null }) {
  if (await addressFailures.wait(db, meta.ip)) throw new AppError('LOCKED');
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const now = new Date();
  if (!user || !user.active) {
    await hashPassword(password); // same time whether or not the user exists
    await addressFailures.take(db, meta.ip);
    throw new AppError('BAD_CREDENTIALS');
  }
  if (user.locked_until && user.locked_until > now) { await addressFailures.take(db, meta.ip); throw new AppError('LOCKED'); }
  if (!(await verify(user.password_hash, password))) {
    await addressFailures.take(db, meta.ip);
    const failures = user.failed_logins + 1;
    const locked = failures >= MAX_FAILURES;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({
        failed_logins: locked ? 0 : failures,
        locked_until: locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null,
      }).where('id', '=', user.id).execute();
      await writeAudit(trx, actorOf(user), [{ action: locked ? 'login.locked' : 'login.failed', entity: 'user', entityId: user.id, meta: { ip: meta.ip, failures } }]);
    });
    throw new AppError(failures >= MAX_FAILURES ? 'LOCKED' : 'BAD_CREDENTIALS');
  }
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', user.id).execute();
    await trx.insertInto('sessions').values({
      id: sha256(token), user_id: user.id, csrf, expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000),
      ip: meta.ip, user_agent: meta.userAgent,
    }).execute();
    await trx.deleteFrom('sessions').where('expires_at', '<', now).execute();
    await writeAudit(trx, actorOf(user), [{ action: 'login', entity: 'user', entityId: user.id, meta: { ip: meta.ip } }]);
  });
  return { token, csrf, user };
}

export async function sessionActor(db: DB, token: string): Promise<{ actor: Actor; csrf: string } | null> {
  const row = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.region_path', 'users.department_id',
      'users.household_id', 'users.active', 'sessions.csrf', 'sessions.expires_at'])
    .where('sessions.id', '=', sha256(token)).executeTakeFirst();
  if (!row || !row.active || row.expires_at < new Date()) return null;
  return { actor: actorOf(row), csrf: row.csrf };
}

export async function logout(db: DB, token: string) {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** API tokens: 'lxt_' + 32 random bytes; only the hash is stored. */
export async function createApiToken(db: DB, userId: number, name: string) {
  const token = 'lxt_' + randomBytes(32).toString('base64url');
  const row = await db.insertInto('api_tokens').values({ user_id: userId, name, token_hash: sha256(token), prefix: token.slice(0, 10) })
    .returning(['id', 'prefix', 'created_at']).executeTakeFirstOrThrow();
  return { ...row, token };
}

const tokenSeen = new Map<number, number>();
// A machine client calls many times a second; its token → actor answer is kept for TOKEN_MS
// (a change of the user drops it at once, here and in the other processes: platform/cache-bus.ts).
const TOKEN_MS = 10_000;
const tokenCache = new WeakMap<DB, Map<string, { at: number; actor: Actor }>>();
onForget('tokens', (db) => tokenCache.delete(db));
/** After a committed change of a user (role, scope, deactivation): here and in the other processes. */
export function forgetTokenActors(db: DB) { forget(db, 'tokens'); }

export async function tokenActor(db: DB, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  let tokenActors = tokenCache.get(db);
  if (!tokenActors) tokenCache.set(db, (tokenActors = new Map()));
  const hit = tokenActors.get(hash);
  if (hit && Date.now() - hit.at < TOKEN_MS) return hit.actor;
  const actor = await lookupTokenActor(db, token);
  if (actor) {
    if (tokenActors.size > 10_000) tokenActors.clear();
    tokenActors.set(hash, { at: Date.now(), actor });
  } else tokenActors.delete(hash);
  return actor;
}

async function lookupTokenActor(db: DB, token: string): Promise<Actor | null> {
  const row = await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.region_path', 'users.department_id',
      'users.household_id', 'users.active', 'api_tokens.id as token_id', 'api_tokens.revoked_at'])
    .where('api_tokens.token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || !row.active || row.revoked_at) return null;
  // "Last used" to the minute is enough; writing it on every call would make every request of a
  // busy machine client queue for the same row lock.
  const now = Date.now();
  if ((tokenSeen.get(row.token_id) ?? 0) < now - 60_000) {
    tokenSeen.set(row.token_id, now);
    await db.updateTable('api_tokens').set({ last_used_at: new Date(now) }).where('id', '=', row.token_id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now - 60_000))])).execute();
  }
  return actorOf(row);
}
