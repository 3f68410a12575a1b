// All SQL of households.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Actor } from '../../platform/access.ts';
import { inScope } from '../../platform/access.ts';
import { gramsOf, likeEscape, queryGrams } from '../../domain/text-search.ts';
import { splitTags } from '../../domain/households.ts';
import { paginate } from '../shared.ts';
import type { HouseholdQuery } from './households.schema.ts';

export const textArray = (xs: string[]) => sql<string[]>`cast(${xs} as text[])`;

export function listQuery(db: DB, actor: Actor, f: HouseholdQuery, regionPath?: string) {
  let q = inScope(db.selectFrom('households as h')
    .leftJoin('buildings as b', 'b.id', 'h.building_id')
    .innerJoin('regions as r', 'r.id', 'h.region_id')
    .select(['h.id', 'h.external_code', 'h.address', 'h.building_id', 'b.name as building_name', 'h.region_id', 'r.name as region_name',
      'h.head_name', 'h.member_count', 'h.tags', 'h.version']), actor, 'h.region_path');
  if (regionPath) q = q.where('h.region_path', 'like', `${regionPath}%`);
  if (f.buildingId) q = q.where('h.building_id', '=', f.buildingId);
  const tags = splitTags(f.tags);
  if (tags.length) q = q.where(sql<boolean>`h.tags @> ${textArray(tags)}`);
  for (const [frag, cols] of [[f.q, ['h.address', 'h.head_name', 'h.external_code']], [f.address, ['h.address']]] as const) {
    if (!frag) continue;
    const grams = queryGrams(frag);
    const pattern = `%${likeEscape(frag)}%`;
    q = q.where(sql<boolean>`h.grams @> ${textArray(grams)}`)
      .where((eb) => eb.or(cols.map((c) => eb(c as any, 'ilike', pattern))));
  }
  if (f.name) {
    const grams = queryGrams(f.name);
    q = q.where('h.id', 'in', (eb) => eb.selectFrom('residents').select('household_id')
      .where(sql<boolean>`grams @> ${textArray(grams)}`).where('name', 'like', `%${likeEscape(f.name!)}%`));
  }
  return q;
}

export function listHouseholds(db: DB, actor: Actor, f: HouseholdQuery, regionPath?: string) {
  return paginate(db, listQuery(db, actor, f, regionPath), f.page, f.pageSize, (q) => q.orderBy('h.id'));
}

export function getHousehold(db: DB, id: number) {
  return db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function knownTags(db: DB, names: string[]): Promise<Set<string>> {
  if (!names.length) return new Set();
  const rows = await db.selectFrom('household_tags').select('name').where('name', 'in', names).where('active', '=', true).execute();
  return new Set(rows.map((r) => r.name));
}

/** Keep member_count, head_name and the search grams true to the household's residents. */
export async function refreshHouseholdMembers(trx: DB, householdId: number): Promise<void> {
  const h = await trx.selectFrom('households').select(['address', 'external_code', 'head_name']).where('id', '=', householdId).executeTakeFirst();
  if (!h) return;
  const members = await trx.selectFrom('residents').select(['name', 'relation']).where('household_id', '=', householdId).orderBy('id').execute();
  const head = members.find((m) => m.relation === '户主')?.name ?? h.head_name;
  await trx.updateTable('households')
    .set({ member_count: members.length, head_name: head, grams: gramsOf(h.address, head, h.external_code) })
    .where('id', '=', householdId).execute();
}
