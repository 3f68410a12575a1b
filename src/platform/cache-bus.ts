// Cached reference data across server processes (`serve --workers N`, or several machines on one
// PostgreSQL). A write drops this process's copy at once and tells the others through
// PostgreSQL's LISTEN/NOTIFY, so they drop theirs within milliseconds instead of at the cache's
// expiry (30 s for reference data, 10 s for API tokens, 60 s for the calendar). The expiry stays
// as the safety net: a lost notice, or a listener reconnecting, only costs that much staleness.
// PGlite serves one process, so there it is only the local drop.
//
// Call forget() after the write committed: a notice sent before the commit lets another process
// reload the old rows and keep them until the expiry.
import { sql } from 'kysely';
import pg from 'pg';
import { postgresUrlOf, type DB } from '../db/connection.ts';

export type CacheTopic = 'reference' | 'calendar' | 'tokens';
const TOPICS: readonly CacheTopic[] = ['reference', 'calendar', 'tokens'];
const CHANNEL = 'lianxin_cache';
const droppers = new Map<CacheTopic, Set<(db: DB) => void>>();

/** How a cache drops its copy for one database (registered once by the cache's module). */
export function onForget(topic: CacheTopic, drop: (db: DB) => void): void {
  let set = droppers.get(topic);
  if (!set) droppers.set(topic, (set = new Set()));
  set.add(drop);
}

function dropLocal(db: DB, topic: CacheTopic): void {
  for (const drop of droppers.get(topic) ?? []) drop(db);
}

/** Drop a cache here and in every other process on the same database and schema. */
export function forget(db: DB, topic: CacheTopic): void {
  dropLocal(db, topic);
  if (!postgresUrlOf(db)) return;
  // Every listener on the schema drops its copy, this process's too (harmless: it is gone already).
  sql`select pg_notify(${CHANNEL}, current_schema() || ${`:${topic}`})`.execute(db)
    .catch((e) => console.error('cache notice', e));
}

/**
 * Listen for the other processes' notices (PostgreSQL only; null on PGlite). One connection of
 * its own, reconnecting after 5 s when it drops — and then dropping every cache, since notices
 * sent meanwhile were missed. Returns the function that stops it.
 */
export async function listenForForget(db: DB, log: (msg: string, e: unknown) => void = (m, e) => console.error(m, e)): Promise<(() => Promise<void>) | null> {
  const url = postgresUrlOf(db);
  if (!url) return null;
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  const schema = rows[0].s;
  let client: pg.Client | null = null, stopped = false, retry: NodeJS.Timeout | undefined;
  const reconnect = () => {
    if (stopped || retry) return;
    client = null;
    retry = setTimeout(() => { retry = undefined; connect().catch((e) => { log('cache listener', e); reconnect(); }); }, 5_000);
    retry.unref();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (m) => {
      const [s, topic] = (m.payload ?? '').split(':');
      if (s === schema && (TOPICS as string[]).includes(topic)) dropLocal(db, topic as CacheTopic);
    });
    c.on('error', (e) => { log('cache listener', e); reconnect(); });
    c.on('end', reconnect);
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    if (stopped) { await c.end(); return; }
    client = c;
    for (const t of TOPICS) dropLocal(db, t);
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
