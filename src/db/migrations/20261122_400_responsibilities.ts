// Responsibilities (包联 / 结对 / 包保 / 河长 / 第一书记 / 干部回家): an owner answers for an object
// for a term. Owner and object names are kept with the row, so lists read without joins.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table responsibilities (
    id serial primary key,
    kind text not null check (kind in ('liaison','pairing','project','river','first_secretary','cadre_home')),
    owner_type text not null check (owner_type in ('leader','department','cadre','group')),
    owner_id integer not null,
    owner_name text not null,
    object_type text not null check (object_type in ('region','household','project','river')),
    object_id integer,
    object_name text not null,
    region_id integer not null references regions(id),
    region_path text not null,
    start_date date not null,
    end_date date,
    published boolean not null default false,
    notes text,
    version integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now())`.execute(db);
  await sql`create index responsibilities_owner on responsibilities(owner_type, owner_id)`.execute(db);
  await sql`create index responsibilities_object on responsibilities(object_type, object_id)`.execute(db);
  await sql`create index responsibilities_region on responsibilities(region_path text_pattern_ops)`.execute(db);
  await sql`create index responsibilities_end on responsibilities(end_date) where end_date is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists responsibilities`.execute(db);
}
