// Sliding-window throttles per client address.
//   - MemoryThrottle: in this process only (a restart forgets it) — for frequent, harmless calls
//     (a resident's card page, category suggestions while typing), where a database write per
//     call would cost more than it protects.
//   - SharedThrottle: in the database, so every server process counts the same hits — for what
//     an attacker would spread over processes (`serve --workers N`): failed sign-ins and new
//     requests from service cards.
import type { DB } from '../db/connection.ts';

export class MemoryThrottle {
  private hits = new Map<string, number[]>();
  constructor(readonly limit: number, readonly windowMs: number) {}
  private recent(key: string, now: number) {
    const r = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (r.length) this.hits.set(key, r); else this.hits.delete(key);
    return r;
  }
  /** Seconds until the oldest hit leaves the window, or 0 when there is room. */
  wait(key: string, now = Date.now()): number {
    const r = this.recent(key, now);
    return r.length < this.limit ? 0 : Math.max(1, Math.ceil((r[0] + this.windowMs - now) / 1000));
  }
  /** Count a hit; the returned function takes it back. */
  take(key: string, now = Date.now()): () => void {
    if (this.hits.size > 50_000) this.hits.clear();
    const r = this.recent(key, now);
    r.push(now);
    this.hits.set(key, r);
    return () => { const i = r.indexOf(now); if (i >= 0) r.splice(i, 1); };
  }
}

export class SharedThrottle {
  constructor(readonly bucket: string, readonly limit: number, readonly windowMs: number) {}

  /** Seconds until the oldest counted hit leaves the window, or 0 when there is room. */
  async wait(db: DB, key: string, now = new Date()): Promise<number> {
    const since = new Date(now.getTime() - this.windowMs);
    const r = await db.selectFrom('throttle_hits').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('first')])
      .where('bucket', '=', this.bucket).where('key', '=', key).where('at', '>', since).executeTakeFirstOrThrow();
    if (Number(r.n) < this.limit) return 0;
    return Math.max(1, Math.ceil((new Date(r.first as Date).getTime() + this.windowMs - now.getTime()) / 1000));
  }

  /** Count a hit (and now and then clear the bucket's expired ones); the returned function takes it back. */
  async take(db: DB, key: string, now = new Date()): Promise<() => Promise<void>> {
    const row = await db.insertInto('throttle_hits').values({ bucket: this.bucket, key, at: now }).returning('id').executeTakeFirstOrThrow();
    if (Math.random() < 0.05) {
      await db.deleteFrom('throttle_hits').where('bucket', '=', this.bucket).where('at', '<', new Date(now.getTime() - this.windowMs)).execute()
        .catch(() => undefined);
    }
    return async () => { await db.deleteFrom('throttle_hits').where('id', '=', row.id).execute(); };
  }
}
