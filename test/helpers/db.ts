// A fresh, migrated database for one test file: PGlite in memory, or — when DATABASE_URL is
// set — a schema of its own on the real PostgreSQL, so test files can run in parallel.
import { randomBytes } from 'node:crypto';
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
  // Migrating introspects every schema (Kysely's migrator lists all tables); another test file
  // dropping its schema at that moment makes the listing fail ("schema … does not exist"). One
  // advisory lock keeps creating+migrating and dropping from overlapping.
  const locked = async <T>(f: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('select pg_advisory_lock(730002)');
      return await f(c);
    } finally {
      await c.query('select pg_advisory_unlock(730002)').catch(() => {});
      await c.end();
    }
  };
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const h = await locked(async (c) => {
    await c.query(`create schema ${schema}`);
    const opened = await openDatabase({ databaseUrl: u.toString() });
    await migrateToLatest(opened.db);
    return opened;
  });
  return {
    ...h, schema,
    async close() {
      await h.close();
      await locked((c) => c.query(`drop schema ${schema} cascade`)).catch(() => {});
    },
  };
}
