// Group commit for intake: requests that arrive while a write is in flight are written together
// in the next transaction — one round of ids (xid first, for the audit sealer), one statement
// for the requests with their timeline events, audit rows, outbox events and inbox notices, one
// commit. At low load a batch is one request and nothing waits; under load the database does a
// fraction of the work per request. A batch that fails is retried one request at a time, so one
// bad request never takes others down with it.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Request } from '../../db/schema.ts';
import { chinaDate } from '../../domain/calendar.ts';
import type { Actor } from '../../platform/access.ts';
import { prepareAudit, type AuditEntry } from '../../platform/audit.ts';
import { BatchLoader, perHandle } from '../../db/batch-loader.ts';

/** A request ready to be written: everything but its id and code. */
export interface IntakeRow {
  kind: string; channel: string; category_id: number; text: string; urgency: string;
  household_id: number | null; address: string | null; lat: number | null; lng: number | null; region_id: number; region_path: string;
  requester_resident_id: number | null; requester_user_id: number | null; requester_name: string | null; requester_phone: string | null;
  anonymous: boolean; confidential: boolean; status: string; received_by: number | null; received_at: Date;
  reply_limit: string; deadline_start: Date; reply_due: Date; idempotency_key: string | null; idempotency_hash: string | null;
  visit_client_id?: string | null;
}
export interface IntakeJob {
  actor: Actor;
  row: IntakeRow;
  /** The audit entry, given the id the request received. */
  audit: (id: number, code: string) => AuditEntry;
  outbox: (id: number, code: string) => Record<string, unknown>;
  notify: number[];
}

const COLUMNS: [keyof IntakeRow | 'id' | 'code', string][] = [
  ['id', 'int4'], ['code', 'text'], ['kind', 'text'], ['channel', 'text'], ['category_id', 'int4'], ['text', 'text'], ['urgency', 'text'],
  ['household_id', 'int4'], ['address', 'text'], ['lat', 'float8'], ['lng', 'float8'], ['region_id', 'int4'], ['region_path', 'text'],
  ['requester_resident_id', 'int4'], ['requester_user_id', 'int4'], ['requester_name', 'text'], ['requester_phone', 'text'],
  ['anonymous', 'bool'], ['confidential', 'bool'], ['status', 'text'], ['received_by', 'int4'], ['received_at', 'timestamptz'],
  ['reply_limit', 'text'], ['deadline_start', 'timestamptz'], ['reply_due', 'timestamptz'], ['idempotency_key', 'text'], ['idempotency_hash', 'text'],
  ['visit_client_id', 'uuid'],
];
export const MAX_BATCH = 200;

/** A whole batch in one transaction; if it fails, each request alone, so one bad request fails only itself. */
async function writeAll(db: DB, jobs: IntakeJob[]): Promise<(Request | null | Error)[]> {
  try {
    return await writeBatch(db, jobs);
  } catch (e) {
    if (jobs.length === 1) throw e;
    const out: (Request | null | Error)[] = [];
    for (const j of jobs) {
      try { out.push((await writeBatch(db, [j]))[0]); } catch (err) { out.push(err instanceof Error ? err : new Error(String(err))); }
    }
    return out;
  }
}

const batcher = perHandle((db: DB) => new BatchLoader<IntakeJob, Request | null>((jobs) => writeAll(db, jobs), MAX_BATCH));
/** Write one request through the database's batcher; null when its idempotency key was already used. */
export function submitIntake(db: DB, job: IntakeJob): Promise<Request | null> {
  return batcher(db).load(job);
}

/** One transaction for the batch; returns each job's request (null where the key had been used). */
async function writeBatch(db: DB, jobs: IntakeJob[]): Promise<(Request | null)[]> {
  return db.transaction().execute(async (trx) => {
    const n = jobs.length;
    const { rows: ids } = await sql<{ id: number; seq: number }>`with x as materialized (select pg_current_xact_id() as xid)
      select nextval('requests_id_seq') as id, nextval('audit_seq') as seq from x, generate_series(1, ${n})`.execute(trx);
    const rows = jobs.map((j, i) => {
      const id = Number(ids[i].id);
      return { id, code: `LX${chinaDate(j.row.received_at).replaceAll('-', '')}-${String(id).padStart(6, '0')}`, ...j.row };
    });
    // Audit rows: each job may have its own actor; the MAC is computed per row.
    const audits = jobs.map((j, i) => prepareAudit(j.actor, [j.audit(rows[i].id, rows[i].code)], [Number(ids[i].seq)]));
    const col = <T>(f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
    const arrays = COLUMNS.map(([name, type]) => sql`${col((i) => (rows[i] as Record<string, unknown>)[name] ?? null)}::${sql.raw(type)}[]`);
    const noteUsers = jobs.flatMap((j, i) => j.notify.map(() => rows[i].id));
    const noteIds = jobs.flatMap((j) => j.notify);
    const { rows: inserted } = await sql<Request>`
      with ins as (
        insert into requests (${sql.join(COLUMNS.map(([c]) => sql.ref(c)))})
        select * from unnest(${sql.join(arrays)})
        on conflict (idempotency_key) where idempotency_key is not null do nothing returning *),
      j as (select * from unnest(${col((i) => rows[i].id)}::int4[], ${col((i) => jobs[i].actor.userId)}::int4[], ${col((i) => jobs[i].actor.displayName || jobs[i].actor.username)}::text[],
              ${col((i) => jobs[i].actor.username)}::text[], ${col((i) => jobs[i].actor.role)}::text[], ${col((i) => JSON.stringify({ channel: rows[i].channel, kind: rows[i].kind }))}::text[],
              ${col((i) => Number(ids[i].seq))}::int8[], ${col((i) => audits[i].at)}::timestamptz[], ${col((i) => audits[i].afters[0] || null)}::text[], ${col((i) => audits[i].macs[0])}::text[],
              ${col((i) => JSON.stringify(jobs[i].outbox(rows[i].id, rows[i].code)))}::text[], ${col((i) => audits[i].actions[0])}::text[], ${col((i) => audits[i].ents[0])}::text[],
              ${col((i) => audits[i].ids[0])}::text[], ${col((i) => audits[i].paths[0])}::text[])
            as t(id, actor_id, actor_name, username, role, data, seq, at, after, mac, outbox, action, entity, entity_id, region_path)),
      ev as (insert into request_events (request_id, actor_id, actor_name, actor_role, action, to_status, data)
        select ins.id, j.actor_id, j.actor_name, j.role, 'intake', 'received', j.data::jsonb from ins join j on j.id = ins.id),
      au as (insert into audit_log (seq, at, actor_id, actor, action, entity, entity_id, region_path, before, after, meta, mac)
        select j.seq, j.at, j.actor_id, j.username, j.action, j.entity, j.entity_id, j.region_path, null, j.after::jsonb, null, j.mac from ins join j on j.id = ins.id),
      ob as (insert into outbox (event, payload) select 'request.received', j.outbox::jsonb from ins join j on j.id = ins.id),
      nt as (insert into notifications (user_id, kind, request_id, title, body)
        select u.user_id, 'new', ins.id, '新诉求 ' || ins.code, left(ins.text, 80)
        from unnest(${noteIds}::int4[], ${noteUsers}::int4[]) as u(user_id, request_id) join ins on ins.id = u.request_id)
      select * from ins`.execute(trx);
    const byId = new Map(inserted.map((r) => [r.id, r]));
    return rows.map((r) => byId.get(r.id) ?? null);
  });
}
