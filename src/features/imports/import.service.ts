// Import use case: stream the file, validate row by row, write in set-based batches, report
// every problem by row and column. Two modes:
//   all   — one transaction; the whole file is still checked for a complete report, but if
//           any row failed nothing is committed (status 'failed').
//   valid — each batch is its own transaction; good rows are written, bad rows reported.
// While one batch is written the next one is read and checked, so parsing and the database
// work side by side.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { requirePermission, type Actor } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError, fromDbError } from '../../platform/errors.ts';
import { isBlankRow, mapHeaders, validateRow, type HeaderMap, type ImportKind, type RowProblem } from '../../domain/import-rows.ts';
import { detectFormat, readRows, type FileFormat } from './import.reader.ts';
import { createJob, finishJob } from './import.repo.ts';
import type { ImportCtx, Item, KindHandler } from './import.kind.ts';
import { households } from './import.households.ts';
import { residents } from './import.residents.ts';
import { buildings, cadres } from './import.registers.ts';

export type ImportMode = 'all' | 'valid';
export const MAX_STORED_PROBLEMS = 1000;
const HANDLERS: Record<ImportKind, () => KindHandler<any>> = { households, residents, cadres, buildings };

export interface ImportOptions {
  kind: ImportKind;
  file: string;             // a path on disk
  filename: string;         // the name the user gave it
  format?: FileFormat;      // detected from the content when absent
  mode: ImportMode;
  actor: Actor;
  batchSize?: number;
  parallel?: number;        // batches in flight at once (default: the kind's own)
  onRows?: (rowsRead: number) => void;
  onProblem?: (p: RowProblem) => void;   // every problem, also past the first 1,000
}

export interface ImportResult {
  jobId: number; kind: ImportKind; status: 'done' | 'failed'; mode: ImportMode; format: FileFormat;
  total: number; inserted: number; updated: number; unchanged: number; failed: number;
  problemCount: number; problems: RowProblem[];
}

class Rollback extends Error {}

/** A 'valid' mode batch commits without waiting for its WAL flush (synchronous_commit off,
 *  for that transaction only). Safe here: a batch is one transaction, rows and their audit
 *  rows together, so a server crash can only lose whole batches — the last few hundred
 *  milliseconds of commits — and then the job never reaches 'done' (finishJob commits
 *  synchronously, and flushing its WAL flushes every batch before it; so does any later
 *  synchronous commit, the audit sealer's included, so no seal can cover a lost row).
 *  Re-importing the file is the remedy, and it only writes what is missing. */
async function batchTransaction(trx: DB) {
  await sql`set local synchronous_commit = off`.execute(trx);
}
/** When the server last started: a restart during a 'valid' import may have lost batches. */
async function serverStart(db: DB): Promise<string> {
  return (await sql<{ t: string }>`select pg_postmaster_start_time()::text as t`.execute(db)).rows[0].t;
}

export async function runImport(db: DB, opts: ImportOptions): Promise<ImportResult> {
  requirePermission(opts.actor, Permission.ImportRun);
  const format = opts.format ?? detectFormat(opts.file, opts.filename);
  const jobId = await createJob(db, { kind: opts.kind, filename: opts.filename, format, mode: opts.mode, status: 'running', created_by: opts.actor.userId });
  const started = opts.mode === 'valid' ? await serverStart(db) : null;
  const s = { total: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0, problemCount: 0, fileFailed: false };
  const problems: RowProblem[] = [];
  const report = (p: RowProblem) => {
    s.problemCount++;
    if (problems.length < MAX_STORED_PROBLEMS) problems.push(p);
    opts.onProblem?.(p);
  };
  const ctx: ImportCtx = {
    actor: opts.actor, jobId, columns: new Set<string>(),
    fail(item, column, value, reason, reason_en) {
      if (!item.failed) s.failed++;
      item.failed = true;
      report({ row: item.row, column, value: value == null ? '' : String(value), reason, reason_en });
    },
  };
  const handler = HANDLERS[opts.kind]();
  const batchSize = opts.batchSize ?? 4000;

  /** Returns what was written, or null when nothing was (to be) written. */
  async function writeBatch(trx: DB, items: Item<unknown>[]) {
    await handler.resolve(trx, items, ctx);
    const ok = items.filter((i) => !i.failed);
    if (!ok.length || (opts.mode === 'all' && s.failed > 0)) return null; // 'all': nothing will be committed; keep checking
    const w = await handler.write(trx, ok, ctx);
    return { ...w, unchanged: ok.length - w.inserted - w.updated };
  }
  const add = (w: { inserted: number; updated: number; unchanged: number } | null) => {
    if (!w) return;
    s.inserted += w.inserted;
    s.updated += w.updated;
    s.unchanged += w.unchanged;
  };

  async function batch(conn: DB, items: Item<unknown>[]) {
    if (opts.mode === 'all') {
      await handler.prepare?.(conn, items);
      return add(await writeBatch(conn, items));
    }
    try {
      await handler.prepare?.(db, items);
      add(await db.transaction().execute(async (trx) => { await batchTransaction(trx); return writeBatch(trx, items); })); // counted once committed
    } catch (e) {
      const err = fromDbError(e);
      if (!err) throw e;
      // e.g. another user registered the same ID number a moment ago: this batch rolled back as a whole.
      const d = err.details[0];
      for (const i of items) if (!i.failed) ctx.fail(i, '', '', `写入数据库失败（${d?.field ?? ''}：${d?.reason ?? ''}），本批次未写入，请重新导入`, `database write failed (${d?.field ?? ''}: ${d?.reason_en ?? ''}); this batch was not written, import again`);
    }
  }

  async function pump(conn: DB) {
    await handler.load(conn);
    const seen = new Map<string, number>();
    let map: HeaderMap | null = null;
    let items: Item<unknown>[] = [];
    // Batches in flight, for kinds whose batches cannot touch the same rows: in 'valid' mode
    // up to `parallel` batch transactions on their own connections; in 'all' mode they share
    // the one transaction, whose connection runs their statements one after another, but one
    // batch's work in Node (grams, audit MACs) then overlaps another's in the database.
    const parallel = Math.max(1, opts.parallel ?? handler.parallel ?? 1);
    const inflight = new Set<Promise<void>>();
    let failure: unknown = null;
    const flush = async (limit: number) => {
      while (inflight.size > limit) await Promise.race(inflight);
      if (failure) throw failure;
    };
    const launch = async () => {
      await flush(parallel - 1);
      const p: Promise<void> = batch(conn, items).catch((e) => { failure ??= e; }).finally(() => inflight.delete(p));
      inflight.add(p);
      items = [];
    };
    const read = async () => {
      for await (const { row, cells } of readRows(opts.file, format)) {
        if (isBlankRow(cells)) continue;
        if (!map) {
          const m = mapHeaders(opts.kind, cells);
          if (m.problems.length) { s.fileFailed = true; m.problems.forEach(report); return; }
          map = m.map;
          ctx.columns = new Set(map.columns.flatMap((d) => (d ? [d.key] : [])));
          continue;
        }
        s.total++;
        opts.onRows?.(s.total);
        const { value, problems: rowProblems } = validateRow(opts.kind, map, cells, row);
        if (!value) { s.failed++; rowProblems.forEach(report); continue; }
        const item: Item<unknown> = { row, v: value, failed: false, r: {} };
        for (const k of handler.dupKeys(value)) {
          const first = seen.get(k.key);
          if (first === undefined) seen.set(k.key, row);
          else ctx.fail(item, k.column, k.value, `与第 ${first} 行重复`, `duplicates row ${first}`);
        }
        if (!item.failed) handler.check(item, ctx);
        if (item.failed) continue;
        items.push(item);
        if (items.length >= batchSize) await launch();
      }
      if (!map) { s.fileFailed = true; report({ row: 1, column: '', value: '', reason: '文件中没有表头或数据', reason_en: 'the file has no header row or data' }); }
      if (items.length) await launch();
    };
    try {
      await read();
    } finally {
      await Promise.allSettled(inflight); // never leave a batch running behind an error
    }
    if (failure) throw failure;
  }

  let crash: unknown = null;
  try {
    if (opts.mode === 'all') {
      await db.transaction().execute(async (trx) => {
        await pump(trx);
        if (s.failed > 0 || s.fileFailed) throw new Rollback();
      });
    } else await pump(db);
  } catch (e) {
    if (e instanceof AppError && e.code === 'IMPORT_FAILED') {
      s.fileFailed = true; // unreadable file: report it like a row problem
      for (const d of e.details) report({ row: d.row ?? 0, column: d.field === 'file' ? '' : d.field, value: '', reason: d.reason, reason_en: d.reason_en ?? d.reason });
    } else if (!(e instanceof Rollback)) crash = e;
  }
  const failedAll = opts.mode === 'all' && (s.failed > 0 || s.fileFailed || crash !== null);
  if (failedAll) s.inserted = s.updated = s.unchanged = 0;
  if (crash) {
    const err = fromDbError(crash);
    report({ row: 0, column: err?.details[0]?.field ?? '', value: '', reason: `写入数据库失败：${err?.details[0]?.reason ?? (crash as Error).message}`, reason_en: `database write failed: ${err?.details[0]?.reason_en ?? (crash as Error).message}` });
  }
  let status: 'done' | 'failed' = s.fileFailed || failedAll || crash ? 'failed' : 'done';
  await db.transaction().execute(async (trx) => {
    // Checked in the transaction that marks the job done (see batchTransaction).
    if (status === 'done' && started !== null && (await serverStart(trx)) !== started) {
      status = 'failed';
      report({ row: 0, column: '', value: '', reason: '导入期间数据库服务器重启过，最后写入的批次可能丢失，请重新导入', reason_en: 'the database server restarted during the import; the last batches written may be lost, import the file again' });
    }
    problems.sort((a, b) => a.row - b.row);
    await finishJob(trx, jobId, { status, total: s.total, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, failed: s.failed, problems });
    await writeAudit(trx, opts.actor, [{
      action: 'import', entity: 'import_job', entityId: jobId,
      after: { kind: opts.kind, filename: opts.filename, format, mode: opts.mode, status, total: s.total, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, failed: s.failed, problems: s.problemCount },
    }]);
  });
  if (crash && !fromDbError(crash)) throw crash;
  return {
    jobId, kind: opts.kind, status, mode: opts.mode, format, total: s.total, inserted: s.inserted, updated: s.updated,
    unchanged: s.unchanged, failed: s.failed, problemCount: s.problemCount, problems,
  };
}
