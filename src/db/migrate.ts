// Migrations are listed here in order (timestamped names), so the same list runs on both engines
// without reading a folder at run time.
import { sql, Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DB } from './connection.ts';
import * as m001 from './migrations/20261121_001_foundation.ts';
import * as m002 from './migrations/20261122_001_requests.ts';
import * as mHouseholdGrams from './migrations/20261122_100_household_grams.ts';
import * as mRequestRollup from './migrations/20261122_200_request_rollup.ts';
import * as mLiaison from './migrations/20261122_300_liaison.ts';
import * as mResponsibilities from './migrations/20261122_400_responsibilities.ts';
import * as mVisits from './migrations/20261122_500_visits.ts';
import * as mLinks from './migrations/20261122_600_liaison_links.ts';
import * as mTopics from './migrations/20261122_700_topics.ts';
import * as mModels from './migrations/20261122_800_models.ts';
import * as mCardRevocations from './migrations/20261207_100_card_revocations.ts';
import * as mThrottle from './migrations/20261207_200_throttle.ts';

const migrations: Record<string, Migration> = {
  '20261121_001_foundation': m001,
  '20261122_001_requests': m002,
  '20261122_100_household_grams': mHouseholdGrams,
  '20261122_200_request_rollup': mRequestRollup,
  '20261122_300_liaison': mLiaison,
  '20261122_400_responsibilities': mResponsibilities,
  '20261122_500_visits': mVisits,
  '20261122_600_liaison_links': mLinks,
  '20261122_700_topics': mTopics,
  '20261122_800_models': mModels,
  '20261207_100_card_revocations': mCardRevocations,
  '20261207_200_throttle': mThrottle,
};

/** Tables a migration rewrote row by row (see migrateToLatest). */
const VACUUM_AFTER: Record<string, string[]> = { '20261122_100_household_grams': ['households'] };

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: DB): Promise<void> {
  // Name the schema: Kysely looks for its tables across all schemas, and a database may hold
  // several Lianxin schemas (tests, benchmarks) side by side.
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  const migrator = new Migrator({
    db, provider, migrationTableSchema: rows[0].s,
    migrationTableName: 'lianxin_migrations', migrationLockTableName: 'lianxin_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  // A migration that rewrote every row of a big table leaves the old row versions behind: the table
  // doubles, and an index rebuilt in the same transaction still points at them (searches recheck
  // them all). Migrations run in a transaction, where VACUUM cannot; so it runs here, once. FULL
  // rewrites the table and its indexes compactly; it locks the table while it does (≈ 20 s for
  // the 1.5M households of the ×100 district), like the migration before it.
  const rewrote = new Set(results?.filter((r) => r.status === 'Success').flatMap((r) => VACUUM_AFTER[r.migrationName] ?? []));
  for (const table of rewrote) await sql`vacuum (full, analyze) ${sql.table(table)}`.execute(db);
}
