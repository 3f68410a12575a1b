// The category-suggestion model in the database (issue 5, learning from the deployment): every
// model a retrain or an import made current, as bytes (the gzip format of model-store.ts, about
// 2 MB) with its checksum and what it was judged on. At most one is active (the partial unique
// index); every server process checks the active row's id and checksum about once a minute and
// loads the bytes only when they changed, so a retrain on one server reaches all of them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table classifier_models (
    id serial primary key,
    created_at timestamptz not null default now(),
    created_by text,
    source text not null check (source in ('retrain','import')),
    bytes bytea,
    size integer not null,
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    meta jsonb not null default '{}'::jsonb,
    active boolean not null default false)`.execute(db);
  await sql`create unique index classifier_models_one_active on classifier_models(active) where active`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists classifier_models`.execute(db);
}
