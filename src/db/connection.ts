// One database layer, two engines. PGlite (embedded, the default) and PostgreSQL answer
// the same SQL; the type parsers here make both return the same JavaScript values:
// int8/numeric as number, date as 'YYYY-MM-DD', timestamptz as Date.
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

const INT8 = 20, NUMERIC = 1700, DATE = 1082;
const toNumber = (v: string) => (v === null ? null : Number(v));
const asText = (v: string) => v;

export type DB = Kysely<Database>;
export interface DbHandle {
  db: DB;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** The connection string of a PostgreSQL handle's database (for a LISTEN connection of its own); null on PGlite. */
const postgresUrls = new WeakMap<DB, string>();
export const postgresUrlOf = (db: DB): string | null => postgresUrls.get(db) ?? null;

export async function openDatabase(opts: { databaseUrl: string | null; dataDir?: string; memory?: boolean }): Promise<DbHandle> {
  if (opts.databaseUrl) {
    pg.types.setTypeParser(INT8, toNumber);
    pg.types.setTypeParser(NUMERIC, toNumber);
    pg.types.setTypeParser(DATE, asText);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: Number(process.env.LIANXIN_PG_POOL ?? 10) });
    // JIT compiles any plan whose estimated cost is high — a broad search or count — and spends
    // hundreds of milliseconds doing it; for short interactive queries it only adds latency.
    pool.on('connect', (client) => { client.query('set jit = off').catch(() => {}); });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    postgresUrls.set(db, opts.databaseUrl);
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  let dir: string | undefined;
  if (!opts.memory) {
    dir = path.join(opts.dataDir ?? './data', 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create(dir, {
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, engine: 'pglite', close: () => db.destroy() };
}
