// Hot topics (小专题, issue 5): a cluster of similar requests the office promotes to a topic with a
// lead department; its requests are then handled together. A request belongs to at most one
// open topic (the partial unique index); closing a topic releases its requests.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table topics (
    id serial primary key,
    title text not null,
    label text,
    lead_department_id integer not null references departments(id),
    region_id integer not null references regions(id),
    region_path text not null,
    month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
    status text not null default 'open' check (status in ('open','closed')),
    note text,
    created_by integer references users(id),
    closed_by integer references users(id),
    closed_at timestamptz,
    version integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now())`.execute(db);
  await sql`create index topics_region on topics(region_path text_pattern_ops, month)`.execute(db);
  await sql`create index topics_month on topics(month, status)`.execute(db);
  await sql`create index topics_department on topics(lead_department_id, status)`.execute(db);
  await sql`create table topic_requests (
    topic_id integer not null references topics(id) on delete cascade,
    request_id integer not null references requests(id),
    open boolean not null default true,
    added_at timestamptz not null default now(),
    primary key (topic_id, request_id))`.execute(db);
  await sql`create unique index topic_requests_request on topic_requests(request_id) where open`.execute(db);
  await sql`create index topic_requests_any on topic_requests(request_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists topic_requests`.execute(db);
  await sql`drop table if exists topics`.execute(db);
}
