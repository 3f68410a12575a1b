// Throttles every server process shares (`serve --workers N`, or several machines): one row per
// counted hit — a failed sign-in, a submission from a service card — by bucket and client
// address. Rows older than their window are deleted as hits come in; nothing here is kept.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table throttle_hits (
    id bigserial primary key,
    bucket text not null,
    key text not null,
    at timestamptz not null default now())`.execute(db);
  await sql`create index throttle_hits_window on throttle_hits(bucket, key, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists throttle_hits`.execute(db);
}
