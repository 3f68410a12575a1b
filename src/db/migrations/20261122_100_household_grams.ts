// Household search grams without the region-name prefix and without single characters (see
// src/domain/household-search.ts): the table of the prefixes each region path's households were
// indexed without, and every existing household's grams recomputed. The GIN index is rebuilt once
// after the update rather than maintained row by row. Plain SQL that PGlite and PostgreSQL both run.
import { sql, type Kysely } from 'kysely';
import { chainPrefixes, householdSearch } from '../../domain/household-search.ts';

const BATCH = 10_000;
const SEP = '\u001f';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table household_search_prefixes (
    region_path text not null,
    prefix text not null,
    primary key (region_path, prefix))`.execute(db);

  const regions = (await sql<{ id: number; name: string }>`select id, name from regions`.execute(db)).rows;
  const names = new Map(regions.map((r) => [r.id, r.name]));
  const byPath = new Map<string, string[]>();
  const prefixesOf = (path: string) => {
    let p = byPath.get(path);
    if (!p) byPath.set(path, (p = chainPrefixes(path.split('/').filter(Boolean).map((id) => names.get(Number(id)) ?? ''))));
    return p;
  };

  await sql`drop index households_grams`.execute(db);
  const used = new Map<string, [string, string]>();
  for (let after = 0; ;) {
    const { rows } = await sql<{ id: number; address: string; head_name: string | null; region_path: string }>`
      select id, address, head_name, region_path from households where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    const grams = rows.map((h) => {
      const s = householdSearch(h.address, h.head_name, prefixesOf(h.region_path));
      if (s.prefix) used.set(h.region_path + '\u0000' + s.prefix, [h.region_path, s.prefix]);
      return s.grams.join(SEP);
    });
    await sql`update households h set grams = string_to_array(t.g, chr(31))
      from unnest(${rows.map((h) => h.id)}::int4[], ${grams}::text[]) as t(id, g) where h.id = t.id`.execute(db);
  }
  const pairs = [...used.values()];
  for (let i = 0; i < pairs.length; i += BATCH) {
    const part = pairs.slice(i, i + BATCH);
    await sql`insert into household_search_prefixes (region_path, prefix)
      select * from unnest(${part.map((p) => p[0])}::text[], ${part.map((p) => p[1])}::text[])`.execute(db);
  }
  await sql`set local maintenance_work_mem = '256MB'`.execute(db);
  await sql`create index households_grams on households using gin(grams)`.execute(db);
  await sql`analyze households`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists household_search_prefixes`.execute(db);
  // The grams keep the new shape; the foundation's definition would need the old code to recompute.
}
