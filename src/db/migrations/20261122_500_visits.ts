// Visits (走访) and what makes them due: each visit with the households it reached (and the group
// each household had at the time), every household's last visit, events that open timely-visit
// tasks, visit rounds, service-day attendance and the reminders already sent. Requests raised
// during a visit carry the visit's client id, so the link holds whichever arrives first.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table visits (
    id serial primary key,
    client_id uuid not null unique,
    kind text not null check (kind in ('routine','priority','timely','contact_day')),
    visited_on date not null,
    notes text,
    cadre_ids integer[] not null default '{}',
    service_day text,
    region_path text not null,
    recorded_by integer references users(id),
    created_at timestamptz not null default now())`.execute(db);
  await sql`create index visits_region on visits(region_path text_pattern_ops, visited_on)`.execute(db);
  await sql`create table visit_households (
    visit_id integer not null references visits(id),
    household_id integer not null references households(id) on delete cascade,
    group_id integer references liaison_groups(id),
    region_path text not null,
    visited_on date not null,
    primary key (visit_id, household_id))`.execute(db);
  await sql`create index visit_households_household on visit_households(household_id, visited_on)`.execute(db);
  await sql`create index visit_households_group on visit_households(group_id, visited_on)`.execute(db);
  await sql`create index visit_households_region on visit_households(region_path text_pattern_ops, visited_on)`.execute(db);
  // One row per household ever visited: what "last visit" and "priority due" read.
  await sql`create table household_last_visits (
    household_id integer primary key references households(id) on delete cascade,
    visited_on date not null,
    visit_id integer not null references visits(id))`.execute(db);
  await sql`create table household_events (
    id serial primary key,
    household_id integer not null references households(id) on delete cascade,
    kind text not null check (kind in ('illness','disaster','death','hardship','other')),
    occurred_on date not null,
    note text,
    region_path text not null,
    created_by integer references users(id),
    created_at timestamptz not null default now())`.execute(db);
  await sql`create index household_events_household on household_events(household_id, occurred_on)`.execute(db);
  await sql`create table visit_tasks (
    id serial primary key,
    household_id integer not null references households(id) on delete cascade,
    event_id integer references household_events(id),
    kind text not null default 'timely' check (kind in ('timely')),
    due_on date not null,
    status text not null default 'open' check (status in ('open','done','cancelled')),
    done_visit_id integer references visits(id),
    region_path text not null,
    created_at timestamptz not null default now(),
    closed_at timestamptz)`.execute(db);
  await sql`create index visit_tasks_open on visit_tasks(region_path text_pattern_ops, due_on) where status = 'open'`.execute(db);
  await sql`create index visit_tasks_household on visit_tasks(household_id) where status = 'open'`.execute(db);
  await sql`create table visit_rounds (
    id serial primary key,
    name text not null,
    region_id integer not null references regions(id),
    region_path text not null,
    starts_on date not null,
    ends_on date not null check (ends_on >= starts_on),
    created_by integer references users(id),
    created_at timestamptz not null default now())`.execute(db);
  await sql`create table service_day_attendance (
    code text not null,
    held_on date not null,
    cadre_id integer not null references cadres(id),
    region_path text not null,
    note text,
    recorded_by integer references users(id),
    created_at timestamptz not null default now(),
    primary key (code, held_on, cadre_id))`.execute(db);
  await sql`create table service_day_reminders (
    code text not null,
    held_on date not null,
    sent_at timestamptz not null default now(),
    recipients integer not null,
    primary key (code, held_on))`.execute(db);
  await sql`alter table requests add column visit_client_id uuid`.execute(db);
  await sql`create index requests_visit_client on requests(visit_client_id) where visit_client_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table requests drop column if exists visit_client_id`.execute(db);
  for (const t of ['service_day_reminders', 'service_day_attendance', 'visit_rounds', 'visit_tasks', 'household_events', 'household_last_visits', 'visit_households', 'visits']) {
    await sql`drop table if exists ${sql.raw(t)} cascade`.execute(db);
  }
}
