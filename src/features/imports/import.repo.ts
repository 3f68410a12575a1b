// All SQL of the import feature. Writes are set-based: one statement per batch per table,
// fed by `unnest` over one array per column, so a batch of thousands of rows is a handful of
// round trips. Upserts only touch rows whose values differ (IS DISTINCT FROM), which is
// what makes a re-import of the same file change nothing.
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../../db/connection.ts';

export type ColType = 'text' | 'int4' | 'float8' | 'bool' | 'date' | 'text[]';
/** compare: false for derived columns (grams) that follow the compared ones.
 *  from: the import columns it comes from; when none of them is in the file the column is
 *  left alone (not written, not compared), so a partial sheet never blanks other fields. */
export interface ColSpec { name: string; type: ColType; compare?: boolean; from?: readonly string[] }

export const activeCols = (cols: ColSpec[], present: ReadonlySet<string>) => cols.filter((c) => !c.from || c.from.some((k) => present.has(k)));

/** A PostgreSQL array literal, so a per-row array can travel inside a text[] parameter. */
export function pgArray(a: readonly string[]): string {
  return '{' + a.map((s) => '"' + s.replace(/[\\"]/g, '\\$&') + '"').join(',') + '}';
}

/** Per-row arrays travel as one text joined by U+001F and are split in SQL: about twice as fast
 *  as array literals (no quoting on either side). Cells never hold control characters: the
 *  row validation strips them. */
const SEP = '\x1f';
const joinArray = (a: readonly string[]) => a.join(SEP);

const paramType = (t: ColType) => (t === 'text[]' || t === 'date' ? 'text' : t);
const ident = (s: string) => sql.raw(`"${s.replace(/"/g, '""')}"`);

function unnestFrom(cols: ColSpec[], rows: Record<string, unknown>[]): RawBuilder<unknown> {
  const arrays = cols.map((c) => {
    const values = rows.map((r) => {
      const v = r[c.name];
      return c.type === 'text[]' && Array.isArray(v) ? joinArray(v as string[]) : (v ?? null);
    });
    return sql`${values}::${sql.raw(paramType(c.type))}[]`;
  });
  return sql`unnest(${sql.join(arrays)}) as t(${sql.join(cols.map((c) => ident(c.name)))})`;
}
const typed = (c: ColSpec) => (c.type === 'text[]' ? sql`string_to_array(t.${ident(c.name)}, chr(31))`
  : c.type === 'date' ? sql`t.${ident(c.name)}::date` : sql`t.${ident(c.name)}`);
const compared = (cols: ColSpec[]) => cols.filter((c) => c.compare !== false);

export interface UpsertResult { id: number; key: string; inserted: boolean }

/** insert … on conflict (key) do update … where changed; returns only inserted and updated rows. */
export async function upsertByKey(trx: DB, table: string, key: ColSpec, cols: ColSpec[], rows: Record<string, unknown>[]): Promise<UpsertResult[]> {
  if (!rows.length) return [];
  const all = [key, ...cols];
  const cmp = compared(cols);
  const r = await sql<UpsertResult>`
    insert into ${ident(table)} as x (${sql.join(all.map((c) => ident(c.name)))})
    select ${sql.join(all.map(typed))} from ${unnestFrom(all, rows)}
    on conflict (${ident(key.name)}) do update set
      ${sql.join(cols.map((c) => sql`${ident(c.name)} = excluded.${ident(c.name)}`))},
      version = x.version + 1, updated_at = now()
    where (${sql.join(cmp.map((c) => sql`x.${ident(c.name)}`))}) is distinct from (${sql.join(cmp.map((c) => sql`excluded.${ident(c.name)}`))})
    returning x.id, x.${ident(key.name)} as key, (x.xmax = 0) as inserted`.execute(trx);
  return r.rows;
}

/** Plain multi-row insert (residents have no unique key when they have no ID number). */
export async function insertRows(trx: DB, table: string, cols: ColSpec[], rows: Record<string, unknown>[]): Promise<number[]> {
  if (!rows.length) return [];
  const r = await sql<{ id: number }>`
    insert into ${ident(table)} (${sql.join(cols.map((c) => ident(c.name)))})
    select ${sql.join(cols.map(typed))} from ${unnestFrom(cols, rows)} returning id`.execute(trx);
  return r.rows.map((x) => x.id);
}

/** update … from unnest … where changed; returns the ids actually updated. */
export async function updateRows(trx: DB, table: string, cols: ColSpec[], rows: Record<string, unknown>[]): Promise<number[]> {
  if (!rows.length) return [];
  const all: ColSpec[] = [{ name: 'id', type: 'int4' }, ...cols];
  const cmp = compared(cols);
  const r = await sql<{ id: number }>`
    update ${ident(table)} as x set ${sql.join(cols.map((c) => sql`${ident(c.name)} = ${typed(c)}`))},
      version = x.version + 1, updated_at = now()
    from ${unnestFrom(all, rows)}
    where x.id = t.id and (${sql.join(cmp.map((c) => sql`x.${ident(c.name)}`))}) is distinct from (${sql.join(cmp.map(typed))})
    returning x.id`.execute(trx);
  return r.rows.map((x) => x.id);
}

/** Current rows for a batch of keys: the "before" of the audit trail and the scope check. */
export async function rowsByKeys<T>(trx: DB, table: string, keyColumn: string, keys: string[], columns: string[]): Promise<T[]> {
  if (!keys.length) return [];
  const r = await sql<T>`select id, ${sql.join([...new Set([keyColumn, 'region_path', ...columns])].map(ident))}
    from ${ident(table)} where ${ident(keyColumn)} = any(${keys}::text[])`.execute(trx);
  return r.rows;
}

export interface RegionRef { id: number; code: string; level: string; path: string }
export async function regionsByCode(db: DB): Promise<Map<string, RegionRef>> {
  const rows = await db.selectFrom('regions').select(['id', 'code', 'level', 'path']).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export async function tagsByName(db: DB): Promise<Map<string, boolean>> {
  const rows = await db.selectFrom('household_tags').select(['name', 'active']).execute();
  return new Map(rows.map((r) => [r.name, r.active]));
}

export interface DepartmentRef { id: number; code: string; region_id: number; region_path: string }
export async function departmentsByCode(db: DB): Promise<Map<string, DepartmentRef>> {
  const rows = await db.selectFrom('departments').select(['id', 'code', 'region_id', 'region_path']).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export interface BuildingRef { id: number; code: string; region_id: number; region_path: string }
export async function buildingsByCode(trx: DB, codes: string[]): Promise<Map<string, BuildingRef>> {
  if (!codes.length) return new Map();
  const rows = await trx.selectFrom('buildings').select(['id', 'code', 'region_id', 'region_path'])
    .where('code', '=', sql<string>`any(${[...new Set(codes)]}::text[])`).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export interface HouseholdRef { id: number; external_code: string; address: string; region_id: number; region_path: string }
export async function householdsByCode(trx: DB, codes: string[]): Promise<HouseholdRef[]> {
  if (!codes.length) return [];
  return trx.selectFrom('households').select(['id', 'external_code', 'address', 'region_id', 'region_path'])
    .where('external_code', '=', sql<string>`any(${[...new Set(codes)]}::text[])`).execute();
}
export async function householdsByAddress(trx: DB, addresses: string[]): Promise<HouseholdRef[]> {
  if (!addresses.length) return [];
  return trx.selectFrom('households').select(['id', 'external_code', 'address', 'region_id', 'region_path'])
    .where('address', '=', sql<string>`any(${[...new Set(addresses)]}::text[])`).orderBy('id').execute();
}

export interface ImportJobFields {
  kind: string; filename: string; format: string; mode: string; status: string;
  total?: number; inserted?: number; updated?: number; unchanged?: number; failed?: number; problems?: unknown[];
  created_by?: number | null;
}
export async function createJob(db: DB, f: ImportJobFields): Promise<number> {
  const r = await db.insertInto('import_jobs').values({
    kind: f.kind, filename: f.filename, format: f.format, mode: f.mode, status: f.status, created_by: f.created_by ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
export async function finishJob(trx: DB, id: number, f: Required<Pick<ImportJobFields, 'status' | 'total' | 'inserted' | 'updated' | 'unchanged' | 'failed' | 'problems'>>) {
  await trx.updateTable('import_jobs').set({
    status: f.status, total: f.total, inserted: f.inserted, updated: f.updated, unchanged: f.unchanged, failed: f.failed,
    problems: JSON.stringify(f.problems), finished_at: new Date(),
  }).where('id', '=', id).execute();
}

export async function listJobs(db: DB, createdBy: number | null | 'all', limit: number) {
  let q = db.selectFrom('import_jobs').select(['id', 'kind', 'filename', 'format', 'mode', 'status', 'total', 'inserted', 'updated',
    'unchanged', 'failed', 'created_by', 'created_at', 'finished_at', sql<number>`jsonb_array_length(problems)`.as('problem_count')]);
  if (createdBy !== 'all') q = createdBy === null ? q.where('created_by', 'is', null) : q.where('created_by', '=', createdBy);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
export async function getJob(db: DB, id: number) {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}
