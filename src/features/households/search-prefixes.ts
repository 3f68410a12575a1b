// The region-name prefixes households are indexed without (see domain/household-search.ts).
// Every write that computes a household's grams records the (region path, prefix) pair it used in
// household_search_prefixes, committed no later than the row; a search reads the pairs whose prefix
// contains the fragment or ends with its head. Pairs are never removed: one left behind by a moved
// or deleted household, or by a renamed region, only adds candidates that the exact LIKE rejects.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { chainPrefixes, fragmentSpans, householdSearch, type HouseholdSearchFields } from '../../domain/household-search.ts';
import { likeEscape, normaliseForSearch } from '../../domain/text-search.ts';

const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/** Region-name prefixes per region path, computed from the regions' current names. */
export class RegionPrefixes {
  private readonly names: Map<number, string>;
  private readonly cache = new Map<string, string[]>();
  constructor(regions: Iterable<{ id: number; name: string }>) {
    this.names = new Map([...regions].map((r) => [r.id, r.name]));
  }
  for(path: string): string[] {
    let p = this.cache.get(path);
    if (!p) this.cache.set(path, (p = chainPrefixes(pathIds(path).map((id) => this.names.get(id) ?? ''))));
    return p;
  }
  /** The grams and prefix of a household in the region at `path`. */
  search(address: string, headName: string | null | undefined, path: string): HouseholdSearchFields {
    return householdSearch(address, headName, this.for(path));
  }
}

/** The prefixes of all regions (imports, migrations), or only of those on the given paths. */
export async function regionPrefixes(db: DB, paths?: readonly string[]): Promise<RegionPrefixes> {
  if (!paths) return new RegionPrefixes(await db.selectFrom('regions').select(['id', 'name']).execute());
  const ids = [...new Set(paths.flatMap(pathIds))];
  return new RegionPrefixes(ids.length ? await db.selectFrom('regions').select(['id', 'name']).where('id', 'in', ids).execute() : []);
}

/**
 * Record the (region path, prefix) pairs rows were indexed with. Call it on the connection or
 * transaction that commits no later than the rows. `known` skips pairs this caller already wrote.
 */
export async function recordPrefixes(db: DB, rows: readonly { region_path: string; prefix: string }[], known?: Set<string>): Promise<void> {
  const fresh = new Map<string, { region_path: string; prefix: string }>();
  for (const r of rows) {
    if (!r.prefix) continue;
    const k = r.region_path + '\u0000' + r.prefix;
    if (!known?.has(k)) fresh.set(k, r);
  }
  if (!fresh.size) return;
  // Sorted, so two writers inserting the same new pairs wait for each other instead of deadlocking.
  const list = [...fresh.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, r]) => r);
  await sql`insert into household_search_prefixes (region_path, prefix)
    select * from unnest(${list.map((r) => r.region_path)}::text[], ${list.map((r) => r.prefix)}::text[])
    on conflict do nothing`.execute(db);
  if (known) for (const k of fresh.keys()) known.add(k);
}

/** A condition on household_search_prefixes: only paths inside every one of `within` (region paths). */
export function prefixesWithin(within: readonly string[]) {
  return sql.join([sql`true`, ...within.map((w) => sql`region_path like ${likeEscape(w) + '%'}`)], sql` and `);
}

/** The recorded pairs, inside `within`, a fragment can reach through a prefix: the prefix contains it, or ends with its head. */
export async function prefixRowsFor(db: DB, fragment: string, within: readonly string[] = []): Promise<{ region_path: string; prefix: string }[]> {
  const f = normaliseForSearch(fragment);
  if (!f) return [];
  const ends = fragmentSpans(fragment).map((s) => '%' + likeEscape(s.head));
  const r = await sql<{ region_path: string; prefix: string }>`select region_path, prefix from household_search_prefixes
    where (strpos(prefix, ${f}) > 0 ${ends.length ? sql`or prefix like any(${ends}::text[])` : sql``}) and ${prefixesWithin(within)}`.execute(db);
  return r.rows;
}
