// A household's service card reported lost or misused (挂失补办): the card generation now valid.
// Cards carry their generation in the signed token (generation 0 — every card printed before a
// first revocation — is the original token format), so raising it withdraws every card printed
// before at once and the reprinted card is a new QR code. One row per household that ever had a
// card withdrawn; no personal data beyond the reason the office wrote. It is only ever read
// through its household (whose region_path scopes it), so it keeps no region of its own to go stale
// when the household moves.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table service_card_revocations (
    household_id integer primary key references households(id) on delete cascade,
    generation integer not null check (generation between 1 and 65535),
    reason text not null,
    revoked_at timestamptz not null default now(),
    revoked_by text)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists service_card_revocations`.execute(db);
}
