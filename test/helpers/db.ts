// A fresh, migrated database for one test file: PGlite in memory, or — when DATABASE_URL is
// set — a schema of its own on the real PostgreSQL, so test files can run in parallel.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DbHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { initAuditKey } from '../../src/platform/audit.ts';

export const TEST_AUDIT_KEY = 'test-audit-key-0123456789abcdef';

export async function freshDatabase(): Promise<DbHandle & { schema: string | null }> {
  initAuditKey({ auditKey: TEST_AUDIT_KEY, dataDir: '.tmp' });
  const url = process.env.DATABASE_URL;
  if (!url) {
    const h = await openDatabase({ databaseUrl: null, memory: true });
    await migrateToLatest(h.db);
    return { ...h, schema: null };
  }
  const schema = 't_' + randomBytes(6).toString('hex');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const h = await openDatabase({ databaseUrl: u.toString() });
  await migrateToLatest(h.db);
  return {
    ...h, schema,
    async close() {
      await sql`drop schema ${sql.raw(schema)} cascade`.execute(h.db).catch(() => {});
      await h.close();
    },
  };
}
