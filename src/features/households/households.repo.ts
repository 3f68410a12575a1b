// All SQL of households.
import { householdGrams } from '../../domain/households.ts';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Actor } from '../../platform/access.ts';
import { inScope } from '../../platform/access.ts';
import { likeEscape, queryGrams } from '../../domain/text-search.ts';
import { splitTags } from '../../domain/households.ts';
import { COUNT_CAP } from '../shared.ts';
import { gramFrequencies, selectiveGrams } from './search-stats.ts';
import type { HouseholdQuery } from './households.schema.ts';

export const textArray = (xs: string[]) => sql<string[]>`cast(${xs} as text[])`;

/** ILIKE only when case can matter: on Chinese and digits it gives the same answer three times slower. */
const likeOp = (fragment: string) => (fragment.toLowerCase() === fragment.toUpperCase() ? 'like' : 'ilike');

/** Narrow a query over households (aliased h) to the filters and the actor's scope. */
export function applyFilters<Q extends SelectQueryBuilder<any, any, any>>(base: Q, actor: Actor, f: HouseholdQuery, regionPath?: string, freq: Map<string, number> = new Map()): Q {
  let q = inScope(base, actor, 'h.region_path') as SelectQueryBuilder<any, any, any>;
  if (regionPath) q = q.where('h.region_path', 'like', `${regionPath}%`);
  if (f.buildingId) q = q.where('h.building_id', '=', f.buildingId);
  const tags = splitTags(f.tags);
  if (tags.length) q = q.where(sql<boolean>`h.tags @> ${textArray(tags)}`);
  if (f.address) {
    const grams = selectiveGrams(queryGrams(f.address), freq);
    if (grams.length) q = q.where(sql<boolean>`h.grams @> ${textArray(grams)}`);
    q = q.where('h.address', likeOp(f.address), `%${likeEscape(f.address)}%`);
  }
  if (f.q) {
    // Address or head of household by fragment, or the household code exactly.
    const grams = selectiveGrams(queryGrams(f.q), freq);
    const pattern = `%${likeEscape(f.q)}%`;
    q = q.where((eb) => eb.or([
      eb.and([...(grams.length ? [sql<boolean>`h.grams @> ${textArray(grams)}`] : []),
        eb.or([eb('h.address', likeOp(f.q!), pattern), eb('h.head_name', likeOp(f.q!), pattern)])]),
      eb('h.external_code', '=', f.q!),
    ]));
  }
  if (f.name) {
    // 户主姓名: the head of household's name is in the household's own grams, so this stays one
    // index lookup; any member's name is the residents search (/api/residents?name=).
    const grams = selectiveGrams(queryGrams(f.name), freq);
    if (grams.length) q = q.where(sql<boolean>`h.grams @> ${textArray(grams)}`);
    q = q.where('h.head_name', 'like', `%${likeEscape(f.name)}%`);
  }
  return q as Q;
}

const listColumns = ['h.id', 'h.external_code', 'h.address', 'h.building_id', 'b.name as building_name', 'h.region_id',
  'r.name as region_name', 'h.head_name', 'h.member_count', 'h.tags', 'h.version'] as const;

/**
 * One page of households. The matching ids are collected first — at most COUNT_CAP + 1, in
 * whatever order the best index yields them — and sorted here. Asking the database for "the
 * lowest ids that match" instead lets the planner walk the primary key hoping to meet matches
 * early, which on a large district means reading past a million rows when they sit late in the
 * table (a township's households); its estimates cannot know where matches sit.
 */
export async function listHouseholds(db: DB, actor: Actor, f: HouseholdQuery, regionPath?: string) {
  const text = [f.q, f.address, f.name].filter((t): t is string => !!t);
  const freq = text.length ? await gramFrequencies(db) : new Map<string, number>();
  const indexed = text.some((t) => selectiveGrams(queryGrams(t), freq).length);
  const ids = await db.transaction().execute(async (trx) => {
    // With grams to look up, the GIN index is the way in; a sequential scan "until enough
    // matches" is what the planner would otherwise gamble on.
    if (indexed) await sql`set local enable_seqscan = off`.execute(trx);
    // A scan starts at the table's first page, not where the last scan of it stopped: the same
    // question then finds the same first matches (pages stay put) and finds them where they are.
    else await sql`set local synchronize_seqscans = off`.execute(trx);
    const rows = await applyFilters(trx.selectFrom('households as h').select('h.id'), actor, f, regionPath, freq).limit(COUNT_CAP + 1).execute();
    return rows.map((r) => r.id).sort((a, b) => a - b);
  });
  const pageIds = ids.slice((f.page - 1) * f.pageSize, f.page * f.pageSize);
  const items = pageIds.length ? await db.selectFrom('households as h').leftJoin('buildings as b', 'b.id', 'h.building_id')
    .innerJoin('regions as r', 'r.id', 'h.region_id').select(listColumns).where('h.id', 'in', pageIds).orderBy('h.id').execute() : [];
  return { items, total: Math.min(ids.length, COUNT_CAP), totalCapped: ids.length > COUNT_CAP, page: f.page, pageSize: f.pageSize };
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
    .set({ member_count: members.length, head_name: head, grams: householdGrams(h.address, head) })
    .where('id', '=', householdId).execute();
}
