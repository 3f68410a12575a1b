// The four registries, people and access, the audit trail. Plain SQL that both PGlite and
// PostgreSQL 15+ run unchanged. Every table holding people's data carries region_id and
// region_path ('/1/4/17/'), so scope checks are one prefix match and a province-scale
// deployment can partition by region later.
import { sql, type Kysely } from 'kysely';

const stamps = sql.raw(`version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table regions (
    id serial primary key,
    parent_id integer references regions(id),
    level text not null check (level in ('district','street','community','grid')),
    code text not null unique,
    name text not null,
    path text not null,
    kind text,
    boundary jsonb,
    min_lat double precision, min_lng double precision, max_lat double precision, max_lng double precision,
    center_lat double precision, center_lng double precision,
    ${stamps})`.execute(db);
  await sql`create index regions_parent on regions(parent_id)`.execute(db);
  await sql`create index regions_path on regions(path text_pattern_ops)`.execute(db);

  await sql`create table household_tags (
    id serial primary key,
    name text not null unique,
    priority boolean not null default false,
    description text,
    sort integer not null default 0,
    active boolean not null default true,
    ${stamps})`.execute(db);

  await sql`create table buildings (
    id serial primary key,
    code text not null unique,
    name text not null,
    address text,
    region_id integer not null references regions(id),
    region_path text not null,
    floors integer, units integer,
    lat double precision, lng double precision,
    ${stamps})`.execute(db);
  await sql`create index buildings_region on buildings(region_path text_pattern_ops)`.execute(db);

  await sql`create table households (
    id serial primary key,
    external_code text not null unique,
    address text not null,
    building_id integer references buildings(id),
    region_id integer not null references regions(id),
    region_path text not null,
    head_name text,
    member_count integer not null default 0,
    tags text[] not null default '{}',
    lat double precision, lng double precision,
    notes text,
    grams text[] not null default '{}',
    ${stamps})`.execute(db);
  await sql`create index households_region on households(region_path text_pattern_ops, id)`.execute(db);
  await sql`create index households_tags on households using gin(tags)`.execute(db);
  await sql`create index households_grams on households using gin(grams)`.execute(db);
  await sql`create index households_building on households(building_id)`.execute(db);

  await sql`create table residents (
    id serial primary key,
    household_id integer not null references households(id) on delete cascade,
    region_id integer not null references regions(id),
    region_path text not null,
    name text not null,
    gender text check (gender in ('M','F')),
    birth_date date,
    id_number text,
    phone text,
    phone_tail text,
    party_member boolean not null default false,
    relation text,
    grams text[] not null default '{}',
    ${stamps})`.execute(db);
  await sql`create unique index residents_id_number on residents(id_number) where id_number is not null`.execute(db);
  await sql`create index residents_household on residents(household_id)`.execute(db);
  await sql`create index residents_region on residents(region_path text_pattern_ops, id)`.execute(db);
  await sql`create index residents_phone_tail on residents(phone_tail)`.execute(db);
  await sql`create index residents_grams on residents using gin(grams)`.execute(db);

  await sql`create table shops (
    id serial primary key,
    code text not null unique,
    name text not null,
    address text,
    building_id integer references buildings(id),
    region_id integer not null references regions(id),
    region_path text not null,
    owner_name text, phone text,
    business_type text, license_no text,
    ${stamps})`.execute(db);
  await sql`create index shops_region on shops(region_path text_pattern_ops)`.execute(db);

  await sql`create table departments (
    id serial primary key,
    code text not null unique,
    name text not null,
    kind text not null check (kind in ('bureau','township','office','other')),
    region_id integer not null references regions(id),
    region_path text not null,
    phone text,
    sort integer not null default 0,
    ${stamps})`.execute(db);

  await sql`create table party_orgs (
    id serial primary key,
    code text not null unique,
    name text not null,
    kind text not null check (kind in ('committee','general_branch','branch')),
    parent_id integer references party_orgs(id),
    department_id integer references departments(id),
    region_id integer not null references regions(id),
    region_path text not null,
    secretary text,
    ${stamps})`.execute(db);

  await sql`create table cadres (
    id serial primary key,
    code text not null unique,
    name text not null,
    gender text check (gender in ('M','F')),
    department_id integer not null references departments(id),
    party_org_id integer references party_orgs(id),
    party_member boolean not null default false,
    is_local boolean not null default true,
    years_of_service integer not null default 0,
    origin_village text,
    phone text,
    position text,
    region_id integer not null references regions(id),
    region_path text not null,
    ${stamps})`.execute(db);
  await sql`create index cadres_department on cadres(department_id)`.execute(db);
  await sql`create index cadres_region on cadres(region_path text_pattern_ops)`.execute(db);

  await sql`create table users (
    id serial primary key,
    username text not null unique,
    display_name text not null,
    password_hash text not null,
    role text not null,
    region_id integer references regions(id),
    region_path text,
    department_id integer references departments(id),
    household_id integer references households(id),
    cadre_id integer references cadres(id),
    active boolean not null default true,
    failed_logins integer not null default 0,
    locked_until timestamptz,
    last_login_at timestamptz,
    ${stamps})`.execute(db);

  await sql`create table sessions (
    id text primary key,
    user_id integer not null references users(id) on delete cascade,
    csrf text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    ip text, user_agent text)`.execute(db);
  await sql`create index sessions_user on sessions(user_id)`.execute(db);

  await sql`create table api_tokens (
    id serial primary key,
    user_id integer not null references users(id) on delete cascade,
    name text not null,
    token_hash text not null unique,
    prefix text not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz)`.execute(db);

  // The audit trail. Rows are append-only (triggers below) and each carries an HMAC of its
  // content; seals chain committed rows in sequence order in blocks, so there is no global
  // lock on writes (see platform/audit.ts).
  await sql`create sequence audit_seq`.execute(db);
  await sql`create table audit_log (
    seq bigint primary key,
    at timestamptz not null,
    actor_id integer,
    actor text not null,
    action text not null,
    entity text not null,
    entity_id text,
    region_path text,
    before jsonb,
    after jsonb,
    meta jsonb,
    mac text not null)`.execute(db);
  await sql`create index audit_entity on audit_log(entity, entity_id)`.execute(db);
  await sql`create index audit_at on audit_log(at)`.execute(db);
  await sql`create table audit_seal (
    block integer primary key,
    first_seq bigint not null,
    last_seq bigint not null,
    row_count integer not null,
    gaps bigint[] not null default '{}',
    prev_hash text not null,
    chain_hash text not null,
    sealed_at timestamptz not null default now())`.execute(db);
  await sql`create function audit_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit trail is append-only (%)', TG_OP; end $$`.execute(db);
  for (const t of ['audit_log', 'audit_seal']) {
    await sql`create trigger ${sql.raw(t + '_append_only')} before update or delete on ${sql.raw(t)}
      for each row execute function audit_append_only()`.execute(db);
  }

  await sql`create table import_jobs (
    id serial primary key,
    kind text not null,
    filename text not null,
    format text not null,
    mode text not null,
    status text not null,
    total integer not null default 0,
    inserted integer not null default 0,
    updated integer not null default 0,
    unchanged integer not null default 0,
    failed integer not null default 0,
    problems jsonb not null default '[]',
    created_by integer references users(id),
    created_at timestamptz not null default now(),
    finished_at timestamptz)`.execute(db);

  await sql`create table settings (key text primary key, value jsonb not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'import_jobs', 'audit_seal', 'audit_log', 'api_tokens', 'sessions', 'users', 'cadres',
    'party_orgs', 'departments', 'shops', 'residents', 'households', 'buildings', 'household_tags', 'regions']) {
    await sql`drop table if exists ${sql.raw(t)} cascade`.execute(db);
  }
  await sql`drop sequence if exists audit_seq`.execute(db);
  await sql`drop function if exists audit_append_only`.execute(db);
}
