// The audit trail on a real database: sealing, and tampering that verify must name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../helpers/db.ts';
import { sealAudit, verifyAudit, writeAudit } from '../../src/platform/audit.ts';
import { SYSTEM_ACTOR } from '../../src/platform/access.ts';

let h: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  h = await freshDatabase();
  for (let i = 0; i < 12; i++) {
    await h.db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, [
      { action: 'update', entity: 'household', entityId: i, regionPath: '/1/', before: { notes: `旧${i}` }, after: { notes: `新${i}`, n: i * 1.5 } },
    ]));
  }
  // A rolled-back write leaves a gap in the sequence that is not a removal.
  await h.db.transaction().execute(async (trx) => {
    await writeAudit(trx, SYSTEM_ACTOR, [{ action: 'create', entity: 'x', entityId: 'rolled-back' }]);
    throw new Error('rollback');
  }).catch(() => {});
  await h.db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, [{ action: 'create', entity: 'household', entityId: 99 }]));
});
afterAll(async () => { await h?.close(); });

// What an attacker with database access could do: switch the append-only triggers off.
async function asSuperuser(f: () => Promise<unknown>) {
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(h.db);
  try { await f(); } finally { await sql`alter table audit_log enable trigger audit_log_append_only`.execute(h.db); }
}

describe('audit trail', () => {
  it('is append-only', async () => {
    await expect(sql`update audit_log set actor = 'x' where seq = 1`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(h.db)).rejects.toThrow(/append-only/);
  });

  it('seals every committed row and verifies clean', async () => {
    const n = await sealAudit(h.db, { waitMs: 2000 });
    expect(n).toBe(13);
    const r = await verifyAudit(h.db);
    expect(r.problems).toEqual([]);
    expect(r.sealedRows).toBe(13);
    expect(await sealAudit(h.db)).toBe(0);
  });

  it('names a row changed after the fact', async () => {
    await asSuperuser(() => sql`update audit_log set after = '{"notes":"篡改"}' where entity_id = '3'`.execute(h.db));
    const r = await verifyAudit(h.db);
    const seq = (await h.db.selectFrom('audit_log').select('seq').where('entity_id', '=', '3').executeTakeFirstOrThrow()).seq;
    expect(r.problems).toContainEqual(expect.objectContaining({ kind: 'changed', seq }));
    expect(r.problems.filter((p) => p.kind === 'changed')).toHaveLength(1);
  });

  it('names a row removed after the fact, and a forged MAC breaks the chain', async () => {
    const victim = (await h.db.selectFrom('audit_log').select('seq').where('entity_id', '=', '7').executeTakeFirstOrThrow()).seq;
    await asSuperuser(() => sql`delete from audit_log where seq = ${victim}`.execute(h.db));
    await asSuperuser(() => sql`update audit_log set mac = repeat('a', 64) where entity_id = '9'`.execute(h.db));
    const r = await verifyAudit(h.db);
    expect(r.problems).toContainEqual(expect.objectContaining({ kind: 'removed', seq: victim }));
    expect(r.problems.some((p) => p.kind === 'chain')).toBe(true);
    expect(r.problems.some((p) => p.kind === 'changed' && p.message.includes('household 9'))).toBe(true);
  });
});
