// Migrations are listed here in order (timestamped names), so the same list runs on both engines
// without reading a folder at run time.
import { sql, Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DB } from './connection.ts';
import * as m001 from './migrations/20261121_001_foundation.ts';
import * as m002 from './migrations/20261122_001_requests.ts';

const migrations: Record<string, Migration> = {
  '20261121_001_foundation': m001,
  '20261122_001_requests': m002,
};

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
}
