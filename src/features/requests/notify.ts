// Telling people: an inbox row per recipient and one outbox event, both written in the
// transaction of the change itself, so a crash between the change and the delivery loses
// nothing (the webhook worker delivers the outbox afterwards, with retries).
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';

export interface Notice { kind: string; requestId: number | null; title: string; body?: string | null }

/** Users who handle a department's orders. */
export async function departmentHandlers(trx: DB, departmentId: number | null): Promise<number[]> {
  if (!departmentId) return [];
  const rows = await trx.selectFrom('users').select('id').where('role', '=', 'handler').where('department_id', '=', departmentId).where('active', '=', true).execute();
  return rows.map((r) => r.id);
}

/** Users of a role whose region scope covers a place. */
export async function roleUsersCovering(trx: DB, role: string, regionPath: string): Promise<number[]> {
  const rows = await trx.selectFrom('users').select('id').where('role', '=', role).where('active', '=', true)
    .where(sql<boolean>`${regionPath} like region_path || '%'`).execute();
  return rows.map((r) => r.id);
}

export async function notify(trx: DB, userIds: (number | null | undefined)[], n: Notice): Promise<void> {
  const ids = [...new Set(userIds.filter((x): x is number => typeof x === 'number'))];
  if (!ids.length) return;
  await trx.insertInto('notifications').values(ids.map((user_id) => ({ user_id, kind: n.kind, request_id: n.requestId, title: n.title, body: n.body ?? null }))).execute();
}

/** An event for the webhooks: request.dispatched, request.returned, request.supervised, … */
export async function emit(trx: DB, event: string, payload: Record<string, unknown>): Promise<void> {
  await trx.insertInto('outbox').values({ event, payload: JSON.stringify(payload) }).execute();
}
