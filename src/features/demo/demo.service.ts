// Loads the generated demo district into an empty database, fast on both engines: rows go in
// as one `insert … select from unnest($1::int4[], $2::text[], …)` per batch (one round trip
// and a handful of parameters for 5,000 rows), with explicit ids so no row is read back, and
// the next batch is generated while the database is still writing the previous one.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { createDemo, DEMO_TABLES, type DemoBatch, type DemoTable } from '../../domain/demo/generate.ts';
import { DEFAULT_SEED, planDistrict } from '../../domain/demo/plan.ts';
import { DEMO_USERNAMES, demoPassword } from '../../domain/demo/users.ts';
import type { HouseholdRow } from '../../domain/demo/registry.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordPrefixes } from '../households/search-prefixes.ts';
import { writeAudit } from '../../platform/audit.ts';
import { loadDemoRequests } from './demo-requests.ts';
import { loadDemoLiaison } from './demo-liaison.ts';
import { hashPassword } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';

export interface LoadDemoOptions {
  scale?: number;
  seed?: number;
  batchSize?: number;
  /** Build the big tables' indexes and foreign keys after loading rather than row by row (default true). */
  bulk?: boolean;
  onStart?: (totalRows: number) => void;
  onProgress?: (rowsDone: number) => void;
  /** Called when loading moves on to a step that writes no rows (rebuilding indexes). */
  onStage?: (stage: 'indexes' | 'finishing') => void;
}
export interface DemoLogin { role: string; username: string; password: string; displayName: string }
export interface DemoLoaded { rows: number; users: DemoLogin[] }

type PgType = 'int4' | 'text' | 'float8' | 'bool' | 'date' | 'jsonb' | 'text[]';
type Column = readonly [name: string, type: PgType];
const cols = (spec: string): Column[] => spec.trim().split(/\s+/).map((c) => {
  const [name, type = 'text'] = c.split(':');
  return [name, type as PgType];
});
const REGION = 'region_id:int4 region_path';
const COLUMNS: Record<Exclude<DemoTable, 'household_tags'>, Column[]> = {
  regions: cols('id:int4 parent_id:int4 level code name path kind boundary:jsonb min_lat:float8 min_lng:float8 max_lat:float8 max_lng:float8 center_lat:float8 center_lng:float8'),
  departments: cols(`id:int4 code name kind ${REGION} phone sort:int4`),
  party_orgs: cols(`id:int4 code name kind parent_id:int4 department_id:int4 ${REGION} secretary`),
  cadres: cols(`id:int4 code name gender department_id:int4 party_org_id:int4 party_member:bool is_local:bool years_of_service:int4 origin_village phone position ${REGION}`),
  buildings: cols(`id:int4 code name address ${REGION} floors:int4 units:int4 lat:float8 lng:float8`),
  households: cols(`id:int4 external_code address building_id:int4 ${REGION} head_name member_count:int4 tags:text[] lat:float8 lng:float8 grams:text[]`),
  residents: cols(`id:int4 household_id:int4 ${REGION} name gender birth_date:date id_number phone phone_tail party_member:bool relation grams:text[]`),
  shops: cols(`id:int4 code name address building_id:int4 ${REGION} owner_name phone business_type license_no`),
};
const WITH_IDS = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];
// Arrays of arrays cannot go through unnest (it flattens them), so text[] columns travel as
// one string per row joined by the unit separator and are split again in SQL.
const SEP = '\u001f';

function bulkInsert(trx: DB, table: keyof typeof COLUMNS, rows: readonly object[]) {
  const spec = COLUMNS[table];
  const params = spec.map(([name, type]) => {
    const values = rows.map((row) => {
      const v = (row as Record<string, unknown>)[name];
      if (v === null || v === undefined) return null;
      return type === 'text[]' ? (v as string[]).join(SEP) : type === 'jsonb' ? JSON.stringify(v) : v;
    });
    return sql`${values}::${sql.raw(type === 'text[]' || type === 'jsonb' ? 'text' : type)}[]`;
  });
  const select = spec.map(([, type], i) => sql.raw(type === 'text[]' ? `string_to_array(c${i}, chr(31))` : type === 'jsonb' ? `c${i}::jsonb` : `c${i}`));
  return sql`insert into ${sql.table(table)} (${sql.join(spec.map(([name]) => sql.ref(name)))})
    select ${sql.join(select)} from unnest(${sql.join(params)}) as u(${sql.raw(spec.map((_, i) => `c${i}`).join(', '))})`.execute(trx);
}

async function insertBatch(trx: DB, batch: DemoBatch, prefixes: Map<string, { region_path: string; prefix: string }>): Promise<number> {
  if (batch.table === 'households') {
    for (const h of batch.rows as HouseholdRow[]) if (h.search_prefix) prefixes.set(h.region_path + '\u0000' + h.search_prefix, { region_path: h.region_path, prefix: h.search_prefix });
  }
  if (batch.table !== 'household_tags') {
    await bulkInsert(trx, batch.table, batch.rows);
    return batch.rows.length;
  }
  // Tags may already exist (created by hand before the demo): keep those, add the rest.
  const res = await trx.insertInto('household_tags').values(batch.rows as { name: string; priority: boolean; description: string; sort: number }[])
    .onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

const count = async (db: DB, table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);

/** Row counts of every table the demo fills. */
export async function demoCounts(db: DB): Promise<Record<DemoTable | 'users', number>> {
  const out = {} as Record<DemoTable | 'users', number>;
  for (const t of [...DEMO_TABLES, 'users'] as const) out[t] = await count(db, t);
  return out;
}

// The two big tables are loaded without their secondary indexes (GIN grams and tags, region
// paths, phone tails, the partial unique index on ID numbers) and outgoing foreign keys, which
// are recreated at the end: one index build and one validating join instead of millions of
// per-row index insertions and per-row foreign-key lookups (2–3× faster overall).
const BULK_TABLES = ['households', 'residents'];

/** Drop what BULK_TABLES can do without during the load; returns the statements that restore it. */
async function dropForBulkLoad(trx: DB): Promise<string[]> {
  const { rows } = await sql<{ drop: string; restore: string }>`
    select format('alter table %s drop constraint %I', c.conrelid::regclass, c.conname) as drop,
           format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) as restore
      from pg_constraint c where c.contype = 'f' and c.conrelid = any(${BULK_TABLES}::regclass[])
    union all
    select format('drop index %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid) from pg_index i
     where i.indrelid = any(${BULK_TABLES}::regclass[]) and not i.indisprimary
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(trx);
  for (const r of rows) await sql.raw(r.drop).execute(trx);
  return rows.map((r) => r.restore);
}

export async function loadDemo(db: DB, opts: LoadDemoOptions = {}): Promise<DemoLoaded> {
  const scale = opts.scale ?? 1, seed = opts.seed ?? DEFAULT_SEED, batchSize = opts.batchSize ?? 5000;
  if ((await count(db, 'regions')) > 0) {
    throw new AppError('CONFLICT', [{ field: 'regions', reason: '数据库中已有区域数据', reason_en: 'the database already holds regions' }],
      '数据库不为空，只能向空数据库载入示范区', 'The database is not empty; the demo district loads into an empty database only');
  }
  const demo = createDemo(planDistrict({ scale, seed }));
  opts.onStart?.(demo.totalRows + DEMO_USERNAMES.length);
  // argon2 is slow on purpose: hash before the transaction opens, not while it holds the connection.
  const hashes = new Map(await Promise.all(DEMO_USERNAMES.map(async (u) => [u, await hashPassword(demoPassword(seed, u))] as const)));
  const loaded = Object.fromEntries(DEMO_TABLES.map((t) => [t, 0])) as Record<DemoTable, number>;
  let rows = 0;

  // One transaction: a failed load leaves nothing behind, dropped indexes included (DDL is
  // transactional in PostgreSQL), and the loaded district appears all at once.
  const list = await db.transaction().execute(async (trx) => {
    const restore = (opts.bulk ?? true) ? await dropForBulkLoad(trx) : [];
    const prefixes = new Map<string, { region_path: string; prefix: string }>();
    const it = demo.batches(batchSize);
    for (let next = it.next(); !next.done;) {
      const batch = next.value;
      const writing = insertBatch(trx, batch, prefixes);
      writing.catch(() => {}); // a failure is rethrown by the await below, not reported as unhandled meanwhile
      await new Promise((r) => setImmediate(r)); // let the query leave, then generate the next batch meanwhile
      next = it.next();
      loaded[batch.table] += await writing;
      rows += batch.rows.length;
      opts.onProgress?.(rows);
    }
    await recordPrefixes(trx, [...prefixes.values()]);
    if (restore.length) {
      opts.onStage?.('indexes');
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      for (const statement of restore) await sql.raw(statement).execute(trx);
    }
    opts.onStage?.('finishing');
    // Ids were set explicitly; move each sequence past them so later inserts do not collide.
    for (const t of WITH_IDS) {
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), greatest(1, (select coalesce(max(id), 0) from ${sql.table(t)})))`.execute(trx);
    }
    const logins = demo.users();
    // A username someone already created by hand keeps its own password; the demo skips it.
    const created = new Set((await trx.insertInto('users').values(logins.map((u) => ({
      username: u.username, display_name: u.displayName, password_hash: hashes.get(u.username as (typeof DEMO_USERNAMES)[number])!, role: u.role,
      region_id: u.region_id, region_path: u.region_path, department_id: u.department_id, household_id: u.household_id, cadre_id: u.cadre_id,
    }))).onConflict((oc) => oc.column('username').doNothing()).returning('username').execute()).map((r) => r.username));
    const users: DemoLogin[] = logins.filter((u) => created.has(u.username))
      .map(({ role, username, password, displayName }) => ({ role, username, password, displayName }));
    const admin = users.find((u) => u.role === 'admin');
    const requests = await loadDemoRequests(trx, { seed, scale });
    const liaison = await loadDemoLiaison(trx, { seed });
    const counts = { ...loaded, users: users.length, requests, ...liaison };
    const settings: Record<string, unknown> = {
      demo: { seed, scale, loadedAt: new Date().toISOString(), counts },
      ...(admin ? { 'demo.admin': { username: admin.username, password: admin.password } } : {}),
      'demo.users': users,
    };
    for (const [key, value] of Object.entries(settings)) {
      await trx.insertInto('settings').values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })).execute();
    }
    await writeAudit(trx, SYSTEM_ACTOR, Object.entries(counts).map(([entity, n]) => ({ action: 'seed', entity, meta: { count: n } })));
    return users;
  });
  rows += list.length;
  // Planner statistics now, not whenever autovacuum gets round to it (PGlite has none): the
  // household search reads gram frequencies from them.
  await sql`analyze`.execute(db);
  opts.onProgress?.(rows);
  return { rows, users: list };
}

/** Load the demo district (scale 1) into a database that has never held one; otherwise do nothing. */
export async function ensureDemo(db: DB, opts: Pick<LoadDemoOptions, 'onProgress' | 'onStart'> = {}): Promise<DemoLoaded | null> {
  const setting = await db.selectFrom('settings').select('key').where('key', '=', 'demo').executeTakeFirst();
  if (setting || (await count(db, 'regions')) > 0) return null;
  return loadDemo(db, opts);
}
