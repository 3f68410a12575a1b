// The liaison network's groups (联户小组): which cadres form a group, which households each
// group answers for, and each run of the pairing engine (a preview, then confirmed).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table liaison_groups (
    id serial primary key,
    department_id integer not null references departments(id),
    name text not null,
    region_id integer not null references regions(id),
    region_path text not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    dissolved_at timestamptz)`.execute(db);
  await sql`create index liaison_groups_department on liaison_groups(department_id) where active`.execute(db);
  await sql`create table liaison_group_members (
    group_id integer not null references liaison_groups(id),
    cadre_id integer not null references cadres(id),
    joined_at timestamptz not null default now(),
    primary key (group_id, cadre_id))`.execute(db);
  await sql`create index liaison_group_members_cadre on liaison_group_members(cadre_id)`.execute(db);
  // One group per household at a time; region_path for scope checks.
  await sql`create table household_liaisons (
    household_id integer primary key references households(id) on delete cascade,
    group_id integer not null references liaison_groups(id),
    region_path text not null,
    assigned_at timestamptz not null default now())`.execute(db);
  await sql`create index household_liaisons_group on household_liaisons(group_id)`.execute(db);
  await sql`create table pairing_runs (
    id serial primary key,
    department_id integer not null references departments(id),
    region_ids integer[] not null,
    options jsonb not null,
    status text not null default 'preview' check (status in ('preview','confirmed','superseded')),
    result jsonb not null,
    created_by integer references users(id),
    created_at timestamptz not null default now(),
    confirmed_at timestamptz)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['pairing_runs', 'household_liaisons', 'liaison_group_members', 'liaison_groups']) await sql`drop table if exists ${sql.raw(t)} cascade`.execute(db);
}
