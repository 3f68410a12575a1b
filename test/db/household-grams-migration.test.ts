// Migration 20261122_100_household_grams on a database whose households still carry the old grams
// (every character and pair of address and head of household, no recorded prefixes): afterwards
// every row carries the grams the code now writes, the prefixes are recorded, and searches give
// the exact answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../helpers/db.ts';
import { loadFixture } from '../helpers/fixture.ts';
import * as migration from '../../src/db/migrations/20261122_100_household_grams.ts';
import { gramsOf, likeEscape } from '../../src/domain/text-search.ts';
import { regionPrefixes } from '../../src/features/households/search-prefixes.ts';
import { listHouseholds } from '../../src/features/households/households.repo.ts';
import { SYSTEM_ACTOR } from '../../src/platform/access.ts';

let h: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  h = await freshDatabase();
  const f = await loadFixture(h.db);
  await h.db.insertInto('households').values([
    { external_code: 'M1', address: '长屿区南城街道海港社区 海韵路12号', region_id: f.grids[0].id, region_path: f.grids[0].path, head_name: '赵一' },
    { external_code: 'M2', address: '南城街道海港社区区海路3号', region_id: f.grids[1].id, region_path: f.grids[1].path, head_name: null },
  ]).execute();
  // Back to the state before the migration: old grams, no prefix table.
  const rows = await h.db.selectFrom('households').select(['id', 'address', 'head_name']).execute();
  for (const r of rows) await h.db.updateTable('households').set({ grams: gramsOf(r.address, r.head_name) }).where('id', '=', r.id).execute();
  await sql`drop table household_search_prefixes`.execute(h.db);
  await h.db.transaction().execute((trx) => migration.up(trx));
});
afterAll(async () => { await h?.close(); });

describe('migration 20261122_100_household_grams', () => {
  it('recomputes every household\'s grams and records the prefixes', async () => {
    const prefixes = await regionPrefixes(h.db);
    const rows = await h.db.selectFrom('households').select(['address', 'head_name', 'region_path', 'grams']).execute();
    for (const r of rows) expect(r.grams).toEqual(prefixes.search(r.address, r.head_name, r.region_path).grams);
    const recorded = await sql<{ n: number }>`select count(*)::int as n from household_search_prefixes`.execute(h.db);
    expect(recorded.rows[0].n).toBeGreaterThan(0);
  });

  it('finds exactly what LIKE finds afterwards', async () => {
    for (const f of ['长屿区', '城街道海', '社区 海韵', '社区区海', '海港社区滨海', '海', '滨海路1号', '赵一']) {
      const got = (await listHouseholds(h.db, SYSTEM_ACTOR, { page: 1, pageSize: 500, q: f } as never)).items.map((x) => x.id);
      const want = (await sql<{ id: number }>`select id from households where address like ${'%' + likeEscape(f) + '%'} or head_name like ${'%' + likeEscape(f) + '%'} order by id`.execute(h.db)).rows.map((x) => x.id);
      expect({ f, got }).toEqual({ f, got: want });
    }
  });
});
