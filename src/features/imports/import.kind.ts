// What the import service asks of each registry: lookups loaded once, per-row checks against
// them, the keys that must be unique within the file, per-batch lookups, and the batch write.
import type { DB } from '../../db/connection.ts';
import type { Actor } from '../../platform/access.ts';
import { regionInScope } from '../../domain/access.ts';
import type { AuditEntry } from '../../platform/audit.ts';

export interface Item<T, R = Record<string, unknown>> { row: number; v: T; failed: boolean; r: R }

export interface ImportCtx {
  actor: Actor;
  jobId: number;
  /** The import columns (keys) the file has. */
  columns: ReadonlySet<string>;
  /** Record a row problem (column = the Chinese header); the row is then left out. */
  fail(item: Item<unknown, unknown>, column: string, value: unknown, reason: string, reason_en: string): void;
}

export interface DupKey { key: string; column: string; value: string }
export interface Written { inserted: number; updated: number }

export interface KindHandler<T, R = any> {
  /** Batches that may run in parallel transactions (their rows never overlap); default 1. */
  parallel?: number;
  load(db: DB): Promise<void>;
  check(item: Item<T, R>, ctx: ImportCtx): void;
  dupKeys(v: T): DupKey[];
  /** Work for a checked batch before its transaction opens ('valid' mode: on the database, committed
   *  on its own; 'all' mode: inside the one transaction). */
  prepare?(db: DB, items: Item<T, R>[]): Promise<void>;
  resolve(trx: DB, items: Item<T, R>[], ctx: ImportCtx): Promise<void>;
  write(trx: DB, items: Item<T, R>[], ctx: ImportCtx): Promise<Written>;
}

export const rowInScope = (actor: Actor, path: string | null | undefined) => regionInScope(actor.scope, path);

export const OUT_OF_SCOPE = ['不在您的管辖范围内', 'outside your scope'] as const;

/** The audit entries for one written batch: import.create with after, import.update with before/after. */
export function auditEntries(entity: string, jobId: number, changed: { id: number; inserted: boolean; row: number; path: string; before?: unknown; after: unknown }[]): AuditEntry[] {
  return changed.map((c) => ({
    action: c.inserted ? 'import.create' : 'import.update', entity, entityId: c.id, regionPath: c.path,
    before: c.inserted ? undefined : c.before, after: c.after, meta: { job: jobId, row: c.row },
  }));
}

/** Pick some fields of a row (the audit trail's before/after). */
export function pick<T extends object>(o: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (o as Record<string, unknown>)[k] ?? null;
  return out;
}
