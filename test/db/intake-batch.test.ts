// Group commit for intake on a real database: many requests at once are written in few
// transactions, each with its event, audit row, outbox event and notices; a request that cannot
// be written fails alone; repeated keys make one request; the audit trail verifies afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../helpers/db.ts';
import { loadFixture, type Fixture } from '../helpers/fixture.ts';
import { submitIntake, type IntakeRow } from '../../src/features/requests/intake-batch.ts';
import { SYSTEM_ACTOR } from '../../src/platform/access.ts';
import { sealAudit, verifyAudit } from '../../src/platform/audit.ts';

let h: Awaited<ReturnType<typeof freshDatabase>>;
let f: Fixture;
let categoryId: number;
beforeAll(async () => {
  h = await freshDatabase();
  f = await loadFixture(h.db);
  categoryId = (await h.db.selectFrom('request_categories').select('id').where('code', '=', 'roads').executeTakeFirstOrThrow()).id;
});
afterAll(async () => { await h?.close(); });

const row = (i: number, over: Partial<IntakeRow> = {}): IntakeRow => {
  const g = f.grids[i % f.grids.length];
  const now = new Date();
  return {
    kind: 'demand', channel: 'api', category_id: categoryId, text: `第${i}件：路面坑洼`, urgency: 'normal', household_id: null, address: null, lat: null, lng: null,
    region_id: g.id, region_path: g.path, requester_resident_id: null, requester_user_id: null, requester_name: null, requester_phone: null,
    anonymous: false, confidential: false, status: 'received', received_by: null, received_at: now, reply_limit: '7d', deadline_start: now,
    reply_due: new Date(now.getTime() + 9 * 86_400_000), idempotency_key: `batch-${i}`, idempotency_hash: 'h', ...over,
  };
};
const job = (r: IntakeRow) => ({
  actor: SYSTEM_ACTOR, row: r, notify: [f.users.dispatcher.id],
  audit: (id: number) => ({ action: 'create', entity: 'request', entityId: id, regionPath: r.region_path, after: { text: r.text } }),
  outbox: (id: number, code: string) => ({ id, code }),
});

describe('intake group commit', () => {
  it('writes 60 simultaneous requests with their events, audit rows, outbox events and notices', async () => {
    const out = await Promise.all(Array.from({ length: 60 }, (_, i) => submitIntake(h.db, job(row(i)))));
    expect(out.every((r) => r !== null)).toBe(true);
    const ids = out.map((r) => r!.id);
    expect(new Set(ids).size).toBe(60);
    const count = async (t: 'request_events' | 'notifications') => Number((await h.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', 'in', ids).executeTakeFirstOrThrow()).n);
    expect(await count('request_events')).toBe(60);
    expect(await count('notifications')).toBe(60);
    const audit = await h.db.selectFrom('audit_log').select('entity_id').where('entity', '=', 'request').execute();
    expect(new Set(audit.map((a) => Number(a.entity_id)))).toEqual(new Set(ids));
    const outbox = await h.db.selectFrom('outbox').select('payload').where('event', '=', 'request.received').execute();
    expect(outbox).toHaveLength(60);
    // Fewer transactions than requests: the 60 were grouped (xmin names the writing transaction).
    const { rows } = await sql<{ n: number }>`select count(distinct xmin::text) as n from requests where id = any(${ids}::int4[])`.execute(h.db);
    expect(Number(rows[0].n)).toBeLessThan(60);
  });

  it('answers a repeated key with null (the caller replays the first) and writes it once', async () => {
    const out = await Promise.all([submitIntake(h.db, job(row(500))), submitIntake(h.db, job(row(500))), submitIntake(h.db, job(row(501)))]);
    expect(out.filter((r) => r === null)).toHaveLength(1);
    const n = await h.db.selectFrom('requests').select('id').where('idempotency_key', '=', 'batch-500').execute();
    expect(n).toHaveLength(1);
  });

  it('fails only the request that cannot be written when it shares a batch', async () => {
    const bad = row(900, { category_id: 999_999 }); // no such category: a foreign-key violation
    const results = await Promise.allSettled([submitIntake(h.db, job(row(901))), submitIntake(h.db, job(bad)), submitIntake(h.db, job(row(902)))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await h.db.selectFrom('requests').select('id').where('idempotency_key', 'in', ['batch-901', 'batch-902']).execute()).toHaveLength(2);
  });

  it('leaves an audit trail that verifies', async () => {
    await sealAudit(h.db, { waitMs: 5000 });
    const r = await verifyAudit(h.db);
    expect(r.problems).toEqual([]);
  });
});
