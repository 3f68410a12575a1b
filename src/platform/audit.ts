// The one audit writer, the sealer and the verifier (台账 of who did what).
//
// Writes never wait on each other: a row gets its sequence number and an HMAC of its own
// content inside the writer's transaction. The sealer later chains committed rows in
// sequence order in blocks of at most BLOCK rows. It only seals up to a horizon that no
// in-flight transaction can still fill: the highest committed seq at T1, once every
// transaction that was running at T1 has ended (writers take an xid before their seq).
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../db/connection.ts';
import { auditMac, canonicalJson, chainOf, GENESIS, type AuditContent } from '../domain/audit-chain.ts';
import type { Actor } from './access.ts';

const BLOCK = 5000;
const INSERT_CHUNK = 10_000;
const SEAL_LOCK = 730_001;

export interface AuditEntry {
  action: string;               // create | update | delete | unmask | login | import | …
  entity: string;               // household | resident | user | …
  entityId?: string | number | null;
  regionPath?: string | null;
  before?: unknown;
  after?: unknown;
  meta?: unknown;
}

let key: string | null = null;
/** The HMAC key: LIANXIN_AUDIT_KEY, else a key generated once into the data folder. */
export function initAuditKey(opts: { auditKey: string | null; dataDir: string }): string {
  if (opts.auditKey) return (key = opts.auditKey);
  const file = path.join(opts.dataDir, 'audit.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return (key = fs.readFileSync(file, 'utf8').trim());
}
function auditKey(): string {
  if (!key) throw new Error('audit key not initialised');
  return key;
}
/** A key of its own for another purpose (e.g. signing service cards), derived from the audit key:
 *  HMAC-SHA256(auditKey, 'lianxin/' + purpose). No second secret to keep, and a card signature
 *  tells nothing about the audit key. */
export function derivedKey(purpose: string): Buffer {
  return createHmac('sha256', auditKey()).update(`lianxin/${purpose}`).digest();
}

/** Strip values that must not enter the trail in clear (password hashes, tokens). */
function scrub(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'password_hash' || k === 'token_hash' || k === 'grams') continue;
    o[k] = x instanceof Date ? x.toISOString() : x;
  }
  return o;
}

/** Record entries inside the caller's transaction, so the audit row commits with the change.
 *  Each before/after/meta is made canonical once: that text is both what the MAC covers and
 *  what is stored (jsonb), and the rows go in as one `unnest` statement per chunk. */
export interface PreparedAudit {
  at: Date;
  seqs: number[]; actions: string[]; ents: string[]; ids: (string | null)[]; paths: (string | null)[];
  /** Canonical JSON text, '' for SQL null. */
  befores: string[]; afters: string[]; metas: string[]; macs: string[];
}

/** Take the xid, then the sequence numbers: the sealer's horizon rule needs that order. */
export async function auditSeqs(trx: DB, n: number): Promise<number[]> {
  const { rows } = await sql<{ s: number }>`with x as materialized (select pg_current_xact_id() as xid)
    select nextval('audit_seq') as s from x, generate_series(1, ${n})`.execute(trx);
  return rows.map((r) => Number(r.s));
}

/**
 * The audit rows' columns and MACs for entries whose sequence numbers were already taken (inside
 * the writer's transaction, after its xid). Each before/after/meta is made canonical once: that
 * text is both what the MAC covers and what is stored.
 */
export function prepareAudit(actor: Actor, entries: AuditEntry[], seqs: number[], at = new Date()): PreparedAudit {
  const k = auditKey();
  // The MAC text is canonicalJson of the whole row; its fields in canonical (sorted) key order
  // are built here from the parts, so each part is serialised once. The first row of every
  // call is checked against auditMac itself, so the two can never drift apart unnoticed.
  const head = `{"action":`, fixed = { actor: canonicalJson(actor.username), actor_id: canonicalJson(actor.userId), at: canonicalJson(at.toISOString()) };
  const n = entries.length;
  const out: PreparedAudit = { at, seqs: new Array(n), actions: new Array(n), ents: new Array(n), ids: new Array(n), paths: new Array(n), befores: new Array(n), afters: new Array(n), metas: new Array(n), macs: new Array(n) };
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    const seq = seqs[i];
    const id = e.entityId == null ? null : String(e.entityId);
    const path = e.regionPath ?? null;
    const before = e.before === undefined ? 'null' : canonicalJson(scrub(e.before));
    const after = e.after === undefined ? 'null' : canonicalJson(scrub(e.after));
    const meta = e.meta === undefined ? 'null' : canonicalJson(e.meta);
    const text = head + canonicalJson(e.action) + ',"actor":' + fixed.actor + ',"actor_id":' + fixed.actor_id + ',"after":' + after
      + ',"at":' + fixed.at + ',"before":' + before + ',"entity":' + canonicalJson(e.entity) + ',"entity_id":' + canonicalJson(id)
      + ',"meta":' + meta + ',"region_path":' + canonicalJson(path) + ',"seq":' + canonicalJson(seq) + '}';
    const mac = createHmac('sha256', k).update(text).digest('hex');
    if (i === 0) {
      const c: AuditContent = { seq, at, actor_id: actor.userId, actor: actor.username, action: e.action, entity: e.entity, entity_id: id,
        region_path: path, before: JSON.parse(before), after: JSON.parse(after), meta: JSON.parse(meta) };
      if (auditMac(k, c) !== mac) throw new Error('audit: the row MAC does not match auditMac');
    }
    // JSON text never holds a raw U+001F (JSON escapes control characters), so the JSON
    // columns travel as one text each, split in SQL; '' stands for SQL null (a lone '' splits
    // into an empty array, which unnest pads with null just the same).
    out.seqs[i] = seq; out.actions[i] = e.action; out.ents[i] = e.entity; out.ids[i] = id; out.paths[i] = path; out.macs[i] = mac;
    out.befores[i] = before === 'null' ? '' : before; out.afters[i] = after === 'null' ? '' : after; out.metas[i] = meta === 'null' ? '' : meta;
  }
  return out;
}

/** The insert of prepared audit rows, as a statement of its own or a CTE. */
export function auditInsert(actor: Actor, a: PreparedAudit, from = 0, to = a.seqs.length) {
  const part = <T>(x: T[]) => (from === 0 && to === x.length ? x : x.slice(from, to));
  const joined = (x: string[]) => part(x).join('\x1f');
  return sql`insert into audit_log (seq, at, actor_id, actor, action, entity, entity_id, region_path, before, after, meta, mac)
    select t.seq, ${a.at}::timestamptz, ${actor.userId}::int4, ${actor.username}::text, t.action, t.entity, t.entity_id, t.region_path,
      t.before::jsonb, t.after::jsonb, t.meta::jsonb, t.mac
    from unnest(${part(a.seqs)}::int8[], ${part(a.actions)}::text[], ${part(a.ents)}::text[], ${part(a.ids)}::text[], ${part(a.paths)}::text[],
      string_to_array(${joined(a.befores)}, chr(31), ''), string_to_array(${joined(a.afters)}, chr(31), ''),
      string_to_array(${joined(a.metas)}, chr(31), ''), ${part(a.macs)}::text[])
      as t(seq, action, entity, entity_id, region_path, before, after, meta, mac)`;
}

/** Record entries inside the caller's transaction, so the audit row commits with the change;
 *  the rows go in as one `unnest` statement per chunk. */
export async function writeAudit(trx: DB, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const prepared = prepareAudit(actor, entries, await auditSeqs(trx, entries.length));
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) await auditInsert(actor, prepared, i, Math.min(entries.length, i + INSERT_CHUNK)).execute(trx);
}

async function horizon(db: DB, waitMs: number): Promise<number | null> {
  const t1 = await sql<{ max_seq: number | null; xmax: string }>`
    select (select max(seq) from audit_log) as max_seq, pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db);
  const { max_seq, xmax } = t1.rows[0];
  if (max_seq === null) return null;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const r = await sql<{ done: boolean }>`
      select pg_snapshot_xmin(pg_current_snapshot()) >= ${xmax}::xid8 as done`.execute(db);
    if (r.rows[0].done) return Number(max_seq);
    if (Date.now() > deadline) return null;
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Seal every committed, unsealed row up to the horizon. Returns how many rows were sealed. */
export async function sealAudit(db: DB, opts: { waitMs?: number } = {}): Promise<number> {
  const upTo = await horizon(db, opts.waitMs ?? 5000);
  if (upTo === null) return 0;
  let sealed = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${SEAL_LOCK})`.execute(trx);
      const last = await trx.selectFrom('audit_seal').selectAll().orderBy('block', 'desc').limit(1).executeTakeFirst();
      const from = last ? Number(last.last_seq) : 0;
      if (from >= upTo) return 0;
      const rows = await trx.selectFrom('audit_log').select(['seq', 'mac'])
        .where('seq', '>', from).where('seq', '<=', upTo).orderBy('seq').limit(BLOCK).execute();
      if (rows.length === 0) return 0;
      const lastSeq = rows.length < BLOCK ? upTo : Number(rows[rows.length - 1].seq);
      const present = new Set(rows.map((r) => Number(r.seq)));
      const gaps: number[] = [];
      for (let s = from + 1; s <= lastSeq; s++) if (!present.has(s)) gaps.push(s);
      const prev = last?.chain_hash ?? GENESIS;
      await trx.insertInto('audit_seal').values({
        block: (last?.block ?? 0) + 1, first_seq: from + 1, last_seq: lastSeq, row_count: rows.length,
        gaps, prev_hash: prev, chain_hash: chainOf(prev, rows.map((r) => ({ seq: Number(r.seq), mac: r.mac }))),
      }).execute();
      return rows.length;
    });
    sealed += n;
    if (n < BLOCK) return sealed;
  }
}

export interface AuditProblem { seq: number | null; block: number | null; kind: 'changed' | 'removed' | 'inserted' | 'chain' | 'seal'; message: string }
export interface VerifyResult { rows: number; sealedRows: number; unsealedRows: number; blocks: number; problems: AuditProblem[] }

/** Walk every seal block and every row: name each row changed, removed or slipped in. */
export async function verifyAudit(db: DB, onProgress?: (done: number, total: number) => void): Promise<VerifyResult> {
  const k = auditKey();
  const problems: AuditProblem[] = [];
  const blocks = await db.selectFrom('audit_seal').selectAll().orderBy('block').execute();
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let prevHash = GENESIS, prevLast = 0, sealedRows = 0;
  for (const [i, b] of blocks.entries()) {
    if (b.block !== i + 1) problems.push({ seq: null, block: b.block, kind: 'seal', message: `seal block ${i + 1} is missing` });
    if (b.prev_hash !== prevHash || Number(b.first_seq) !== prevLast + 1) {
      problems.push({ seq: null, block: b.block, kind: 'seal', message: `seal block ${b.block} does not follow the block before it` });
    }
    const rows = await db.selectFrom('audit_log').selectAll()
      .where('seq', '>=', Number(b.first_seq)).where('seq', '<=', Number(b.last_seq)).orderBy('seq').execute();
    const gaps = new Set((b.gaps ?? []).map(Number));
    const present = new Set<number>();
    for (const r of rows) {
      const seq = Number(r.seq);
      present.add(seq);
      if (gaps.has(seq)) {
        problems.push({ seq, block: b.block, kind: 'inserted', message: `row ${seq} (${r.entity} ${r.entity_id ?? ''}) was added after its block was sealed` });
        continue;
      }
      const mac = auditMac(k, {
        seq, at: r.at, actor_id: r.actor_id, actor: r.actor, action: r.action, entity: r.entity,
        entity_id: r.entity_id, region_path: r.region_path, before: r.before, after: r.after, meta: r.meta,
      });
      if (mac !== r.mac) problems.push({ seq, block: b.block, kind: 'changed', message: `row ${seq} (${r.action} ${r.entity} ${r.entity_id ?? ''}) was changed after it was written` });
    }
    for (let s = Number(b.first_seq); s <= Number(b.last_seq); s++) {
      if (!present.has(s) && !gaps.has(s)) problems.push({ seq: s, block: b.block, kind: 'removed', message: `row ${s} was removed` });
    }
    const kept = rows.filter((r) => !gaps.has(Number(r.seq))).map((r) => ({ seq: Number(r.seq), mac: r.mac }));
    if (chainOf(b.prev_hash, kept) !== b.chain_hash) {
      problems.push({ seq: null, block: b.block, kind: 'chain', message: `the hash chain of block ${b.block} (rows ${b.first_seq}–${b.last_seq}) is broken` });
    }
    sealedRows += kept.length;
    prevHash = b.chain_hash;
    prevLast = Number(b.last_seq);
    onProgress?.(sealedRows, total);
  }
  return { rows: total, sealedRows, unsealedRows: total - sealedRows, blocks: blocks.length, problems };
}
