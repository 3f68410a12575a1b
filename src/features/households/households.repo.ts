// All SQL of households.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Actor } from '../../platform/access.ts';
import { inScope } from '../../platform/access.ts';
import { likeEscape, normaliseForSearch } from '../../domain/text-search.ts';
import { fragmentPairs, nameGrams, prefixCandidates, spanGrams } from '../../domain/household-search.ts';
import { prefixesWithin, prefixRowsFor, recordPrefixes, regionPrefixes } from './search-prefixes.ts';
import { splitTags } from '../../domain/households.ts';
import { COUNT_CAP } from '../shared.ts';
import { gramFrequencies, selectiveGrams } from './search-stats.ts';
import type { HouseholdQuery } from './households.schema.ts';

export const textArray = (xs: string[]) => sql<string[]>`cast(${xs} as text[])`;

/** ILIKE only when case can matter: on Chinese and digits it gives the same answer three times slower. */
const likeOp = (fragment: string) => (fragment.toLowerCase() === fragment.toUpperCase() ? 'like' : 'ilike');

type Q = SelectQueryBuilder<any, any, any>;

/**
 * Narrow a query over households (aliased h) to the filters and the actor's scope. Text filters are
 * applied as their exact condition (LIKE on address / head_name, the household code exactly); which
 * rows are looked at for them is the job of the candidate branches (textBranches).
 */
export function applyFilters<T extends Q>(base: T, actor: Actor, f: HouseholdQuery, regionPath?: string): T {
  let q = inScope(base, actor, 'h.region_path') as Q;
  if (regionPath) q = q.where('h.region_path', 'like', `${regionPath}%`);
  if (f.buildingId) q = q.where('h.building_id', '=', f.buildingId);
  const tags = splitTags(f.tags);
  if (tags.length) q = q.where(sql<boolean>`h.tags @> ${textArray(tags)}`);
  if (f.address) q = q.where('h.address', likeOp(f.address), `%${likeEscape(f.address)}%`);
  if (f.q) {
    // Address or head of household by fragment, or the household code exactly.
    const pattern = `%${likeEscape(f.q)}%`;
    q = q.where((eb) => eb.or([eb('h.address', likeOp(f.q!), pattern), eb('h.head_name', likeOp(f.q!), pattern), eb('h.external_code', '=', f.q!)]));
  }
  // 户主姓名: any member's name is the residents search (/api/residents?name=).
  if (f.name) q = q.where('h.head_name', 'like', `%${likeEscape(f.name)}%`);
  return q as T;
}

/** A boundary gram in at least this share of rows is read through the region index, not the GIN index. */
const DENSE_BOUNDARY = 0.05;

/** One way in to the rows a text filter may match: an index question, or a plain scan. */
interface Branch { how: 'index' | 'span' | 'region' | 'scan'; where?: (q: Q) => Q }

/**
 * The candidate branches for one text filter (the first with index questions: address, q, name);
 * together they reach every row its exact condition can match (see domain/household-search.ts):
 *  - the region paths whose cut-off prefix contains the fragment (first: those rows nearly all match);
 *  - the GIN lookup of the fragment's rarest pairs (address rest and head's name), or of a name's
 *    one character;
 *  - per split of the fragment, the paths whose prefix ends with its head, with the boundary gram
 *    and pairs of its tail;
 *  - for q, the household code.
 * A single character of an address, or a fragment whose pairs are all in most rows, is a plain
 * scan after the prefix branch. Many paths are matched through a subquery on
 * household_search_prefixes rather than a literal list: a fragment of the district's name names
 * every grid. Only paths inside `within` (scope, region asked for) are looked at.
 */
async function textBranches(db: DB, f: HouseholdQuery, freq: Map<string, number>, within: string[]): Promise<Branch[]> {
  const kinds = (['address', 'q', 'name'] as const).filter((k) => f[k]);
  const ask = (k: (typeof kinds)[number]) => selectiveGrams(k === 'name' ? nameGrams(f[k]!) : fragmentPairs(f[k]!), freq);
  const kind = kinds.find((k) => ask(k).length) ?? kinds[0];
  if (!kind) return [{ how: 'scan' }];
  const text = f[kind]!;
  const grams = ask(kind);
  const branches: Branch[] = [];
  const c = kind === 'name' ? { inside: [], spans: [] } : prefixCandidates(text, await prefixRowsFor(db, text, within));
  if (c.inside.length) {
    const frag = normaliseForSearch(text);
    branches.push({ how: 'region', where: (q) => q.where(sql<boolean>`h.region_path in (select region_path from household_search_prefixes where strpos(prefix, ${frag}) > 0 and ${prefixesWithin(within)})`) });
  }
  if (!grams.length) return [...branches, { how: 'scan' }];
  branches.push({ how: 'index', where: (q) => q.where(sql<boolean>`h.grams @> ${textArray(grams)}`) });
  for (const s of c.spans) {
    const [boundary, ...pairs] = spanGrams(s.tail);
    const rare = selectiveGrams(pairs, freq);
    const g = [boundary, ...rare];
    const paths = s.paths.length <= 20 ? sql<boolean>`h.region_path = any(${textArray(s.paths)})`
      : sql<boolean>`h.region_path in (select region_path from household_search_prefixes where prefix like ${'%' + likeEscape(s.head)} and ${prefixesWithin(within)})`;
    // A tail with no rare pair whose first character starts many streets ('村 1'): most rows on those
    // paths match, so read them path by path rather than build a bitmap of every such row first.
    const dense = !rare.length && (freq.get(boundary) ?? 0) >= DENSE_BOUNDARY;
    branches.push({ how: dense ? 'region' : 'span', where: (q) => q.where(paths).where(sql<boolean>`h.grams @> ${textArray(g)}`) });
  }
  if (kind === 'q') branches.push({ how: 'index', where: (q) => q.where('h.external_code', '=', f.q!) });
  return branches;
}

const listColumns = ['h.id', 'h.external_code', 'h.address', 'h.building_id', 'b.name as building_name', 'h.region_id',
  'r.name as region_name', 'h.head_name', 'h.member_count', 'h.tags', 'h.version'] as const;

/**
 * One page of households. The matching ids are collected first — at most COUNT_CAP + 1, in
 * whatever order the best index yields them, branch by branch until enough are found — and
 * sorted here. Asking the database for "the lowest ids that match" instead lets the planner walk
 * the primary key hoping to meet matches early, which on a large district means reading past a
 * million rows when they sit late in the table (a township's households); its estimates cannot
 * know where matches sit.
 */
export async function listHouseholds(db: DB, actor: Actor, f: HouseholdQuery, regionPath?: string) {
  const text = [f.q, f.address, f.name].filter((t): t is string => !!t);
  const freq = text.length ? await gramFrequencies(db) : new Map<string, number>();
  // The prefix paths worth looking at: those inside the actor's scope and the region asked for.
  const within = [actor.scope.regionPath, regionPath].filter((p): p is string => !!p && p !== '/');
  const branches = await textBranches(db, f, freq, within);
  const ids = await db.transaction().execute(async (trx) => {
    const found = new Set<number>();
    for (const b of branches) {
      if (b.how === 'index' || b.how === 'span') {
        // With grams to look up, the GIN index is the way in; a sequential scan "until enough
        // matches" is what the planner would otherwise gamble on.
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = on`.execute(trx);
        // A span's paths are joined by hash to one GIN lookup, not looped over with a lookup per path.
        await sql`set local enable_nestloop = ${sql.lit(b.how === 'span' ? 'off' : 'on')}`.execute(trx);
      } else if (b.how === 'region') {
        // Rows under prefix-matched regions nearly all match: read them path by path through the
        // region index and stop at enough, rather than collect all of them in a bitmap first or
        // scan the table hoping to meet those regions early.
        await sql`set local enable_nestloop = on`.execute(trx);
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
      } else {
        await sql`set local enable_nestloop = on`.execute(trx);
        await sql`set local enable_bitmapscan = on`.execute(trx);
        // A scan starts at the table's first page, not where the last scan of it stopped: the same
        // question then finds the same first matches (pages stay put) and finds them where they are.
        await sql`set local enable_seqscan = on`.execute(trx);
        await sql`set local synchronize_seqscans = off`.execute(trx);
      }
      let q = applyFilters(trx.selectFrom('households as h').select('h.id'), actor, f, regionPath) as Q;
      if (b.where) q = b.where(q);
      for (const r of await q.limit(COUNT_CAP + 1).execute()) found.add(r.id);
      if (found.size > COUNT_CAP) break;
    }
    return [...found].sort((a, b) => a - b);
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
  const h = await trx.selectFrom('households').select(['address', 'external_code', 'head_name', 'region_path']).where('id', '=', householdId).executeTakeFirst();
  if (!h) return;
  const members = await trx.selectFrom('residents').select(['name', 'relation']).where('household_id', '=', householdId).orderBy('id').execute();
  const head = members.find((m) => m.relation === '户主')?.name ?? h.head_name;
  const search = (await regionPrefixes(trx, [h.region_path])).search(h.address, head, h.region_path);
  await recordPrefixes(trx, [{ region_path: h.region_path, prefix: search.prefix }]);
  await trx.updateTable('households')
    .set({ member_count: members.length, head_name: head, grams: search.grams })
    .where('id', '=', householdId).execute();
}
