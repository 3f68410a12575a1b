// Optimistic concurrency: every editable row has a version; an update names the version it
// read, and a stale one gets 409 instead of silently overwriting someone else's change.
import { sql } from 'kysely';
import type { DB } from './connection.ts';
import type { Database } from './schema.ts';
import { conflict, notFound } from '../platform/errors.ts';

type VersionedTable = { [K in keyof Database]: Database[K] extends { version: unknown; id: unknown } ? K : never }[keyof Database];

export async function updateVersioned<T extends VersionedTable>(
  trx: DB, table: T, id: number, version: number, patch: Record<string, unknown>,
): Promise<any> {
  const row = await (trx as any).updateTable(table)
    .set({ ...patch, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id).where('version', '=', version)
    .returningAll().executeTakeFirst();
  if (row) return row;
  const exists = await (trx as any).selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  throw exists ? conflict() : notFound();
}

export async function deleteVersioned<T extends VersionedTable>(trx: DB, table: T, id: number, version: number): Promise<void> {
  const r = await (trx as any).deleteFrom(table).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(r.numDeletedRows) === 1) return;
  const exists = await (trx as any).selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  throw exists ? conflict() : notFound();
}
