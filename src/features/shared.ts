// Pieces every registry feature uses: paging with a capped count, id params, region lookups.
import { z } from 'zod';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../db/connection.ts';
import type { Region } from '../db/schema.ts';
import { requireInScope, type Actor } from '../platform/access.ts';
import { AppError, invalid } from '../platform/errors.ts';

// Counting stops here: beyond a few thousand matches a person refines the search rather than
// pages, and an exact count of a broad match would cost more than the page itself.
export const COUNT_CAP = 2_000;

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const versionQuery = z.object({ version: z.coerce.number().int().positive() });
export const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

/** Fetch one page and a count that stops at COUNT_CAP, so large districts stay fast. */
export async function paginate<O>(
  db: DB, q: SelectQueryBuilder<any, any, O>, page: number, pageSize: number, order: (q: SelectQueryBuilder<any, any, O>) => SelectQueryBuilder<any, any, O>,
): Promise<{ items: O[]; total: number; totalCapped: boolean; page: number; pageSize: number }> {
  const items = await order(q).limit(pageSize).offset((page - 1) * pageSize).execute();
  let total: number;
  if (page === 1 && items.length < pageSize) total = items.length;
  else {
    const capped = q.clearSelect().select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1);
    const r = await sql<{ n: number }>`select count(*) as n from (${capped}) as c`.execute(db);
    total = Number(r.rows[0].n);
  }
  const totalCapped = total > COUNT_CAP;
  return { items, total: totalCapped ? COUNT_CAP : total, totalCapped, page, pageSize };
}

/** A grid (level 'grid') the actor may write into; a clear field error otherwise. */
export async function gridInScope(trx: DB, actor: Actor, regionId: number, field = 'regionId'): Promise<Region> {
  const r = await trx.selectFrom('regions').selectAll().where('id', '=', regionId).executeTakeFirst();
  if (!r) throw invalid(field, '网格不存在', 'no such grid', regionId);
  if (r.level !== 'grid') throw invalid(field, '必须是网格（最末一级区域）', 'must be a grid (the lowest region level)', regionId);
  requireInScope(actor, r.path, field);
  return r;
}

/** The region a list filter names, checked against the actor's scope; returns its path. */
export async function regionFilterPath(db: DB, actor: Actor, regionId: number | undefined): Promise<string | undefined> {
  if (!regionId) return undefined;
  const r = await db.selectFrom('regions').select('path').where('id', '=', regionId).executeTakeFirst();
  if (!r) throw invalid('regionId', '区域不存在', 'no such region', regionId);
  requireInScope(actor, r.path, 'regionId');
  return r.path;
}

export function assertFound<T>(row: T | undefined, what: string): T {
  if (!row) throw new AppError('NOT_FOUND', [], `${what}不存在`);
  return row;
}
