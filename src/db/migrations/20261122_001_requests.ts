// The request lifecycle (诉求办理): categories and the routing table, requests with their
// timeline, extensions, supervision and attachments; the working calendar the deadlines count
// on; each user's inbox and the webhook outbox. Plain SQL for both engines.
import { sql, type Kysely } from 'kysely';
import { DEFAULT_CATEGORIES } from '../../reference/categories.ts';

const stamps = sql.raw(`version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table request_categories (
    id serial primary key,
    code text not null unique,
    name text not null,
    name_en text,
    covers text,
    department_code text not null,
    reply_limit text not null default '7d',
    urgent_limit text not null default '24h',
    active boolean not null default true,
    sort integer not null default 0,
    ${stamps})`.execute(db);
  for (const [i, c] of DEFAULT_CATEGORIES.entries()) {
    await sql`insert into request_categories (code, name, name_en, covers, department_code, reply_limit, urgent_limit, sort)
      values (${c.code}, ${c.zh}, ${c.en}, ${c.covers}, ${c.department}, ${c.replyLimit}, ${c.urgentLimit}, ${i + 1})`.execute(db);
  }

  // Category × region → department. The deepest region on a request's path wins; without a
  // row, the category's department (street-office: the township the request lies in).
  await sql`create table routing_rules (
    id serial primary key,
    category_id integer not null references request_categories(id) on delete cascade,
    region_id integer not null references regions(id),
    region_path text not null,
    department_id integer not null references departments(id),
    ${stamps},
    unique (category_id, region_id))`.execute(db);

  await sql`create table requests (
    id serial primary key,
    code text not null unique,
    parent_id integer references requests(id),
    is_lead boolean not null default false,
    kind text not null,
    channel text not null,
    category_id integer not null references request_categories(id),
    text text not null,
    urgency text not null default 'normal' check (urgency in ('normal','urgent')),
    household_id integer references households(id),
    address text,
    lat double precision, lng double precision,
    region_id integer not null references regions(id),
    region_path text not null,
    requester_resident_id integer references residents(id) on delete set null,
    requester_user_id integer references users(id),
    requester_name text,
    requester_phone text,
    anonymous boolean not null default false,
    confidential boolean not null default false,
    status text not null,
    department_id integer references departments(id),
    coordinator_id integer references users(id),
    received_by integer references users(id),
    received_at timestamptz not null,
    dispatched_at timestamptz,
    accept_due timestamptz,
    accepted_at timestamptz,
    reply_limit text not null,
    deadline_start timestamptz not null,
    reply_due timestamptz not null,
    replied_at timestamptz,
    first_replied_at timestamptz,
    reply_text text,
    resolved_at timestamptz,
    resolution text,
    constrained_at timestamptz,
    constraint_text text,
    followed_up_at timestamptz,
    verdict text,
    follow_up_notes text,
    closed_at timestamptz,
    reopen_count integer not null default 0,
    extension_pending boolean not null default false,
    supervision_level text,
    supervision_comment text,
    supervision_due date,
    merged_into integer references requests(id),
    warned_at timestamptz,
    idempotency_key text,
    idempotency_hash text,
    ${stamps})`.execute(db);
  await sql`create unique index requests_idempotency on requests(idempotency_key) where idempotency_key is not null`.execute(db);
  await sql`create index requests_status on requests(status, reply_due)`.execute(db);
  await sql`create index requests_region on requests(region_path text_pattern_ops)`.execute(db);
  await sql`create index requests_department on requests(department_id, status)`.execute(db);
  await sql`create index requests_received on requests(received_at)`.execute(db);
  await sql`create index requests_household on requests(household_id, category_id, received_at) where household_id is not null`.execute(db);
  await sql`create index requests_category_received on requests(category_id, received_at)`.execute(db);
  // Duplicate hints: the same category within 50 m — a latitude band first, then the rest.
  await sql`create index requests_category_lat on requests(category_id, lat) where lat is not null and parent_id is null`.execute(db);
  await sql`create index requests_parent on requests(parent_id) where parent_id is not null`.execute(db);
  await sql`create index requests_merged on requests(merged_into) where merged_into is not null`.execute(db);
  await sql`create index requests_requester on requests(requester_user_id) where requester_user_id is not null`.execute(db);

  await sql`create table request_events (
    id bigserial primary key,
    request_id integer not null references requests(id),
    at timestamptz not null default now(),
    actor_id integer,
    actor_name text not null,
    actor_role text,
    action text not null,
    from_status text,
    to_status text,
    department_id integer,
    note text,
    data jsonb)`.execute(db);
  await sql`create index request_events_request on request_events(request_id, id)`.execute(db);

  await sql`create table request_extensions (
    id serial primary key,
    request_id integer not null references requests(id),
    department_id integer references departments(id),
    reason text not null,
    days integer not null,
    status text not null default 'pending' check (status in ('pending','approved','refused')),
    requested_by integer references users(id),
    requested_at timestamptz not null default now(),
    decided_by integer references users(id),
    decided_at timestamptz,
    decision_note text,
    old_due timestamptz not null,
    new_due timestamptz)`.execute(db);
  await sql`create index request_extensions_request on request_extensions(request_id)`.execute(db);

  await sql`create table request_supervisions (
    id serial primary key,
    request_id integer not null references requests(id),
    level text not null check (level in ('normal','yellow','red')),
    comment text not null,
    due date,
    by_id integer references users(id),
    by_name text not null,
    at timestamptz not null default now())`.execute(db);
  await sql`create index request_supervisions_request on request_supervisions(request_id)`.execute(db);

  await sql`create table request_attachments (
    id serial primary key,
    request_id integer not null references requests(id),
    filename text not null,
    mime text not null,
    size integer not null,
    sha256 text not null,
    data bytea not null,
    uploaded_by integer references users(id),
    created_at timestamptz not null default now())`.execute(db);
  await sql`create index request_attachments_request on request_attachments(request_id)`.execute(db);

  // The administrator's entries over the base data: a holiday, a make-up working day, or
  // 'normal' to take back a base entry. A year listed in calendar_years is known even when
  // the base data lacks it.
  await sql`create table calendar_days (
    date date primary key,
    kind text not null check (kind in ('holiday','workday','normal')),
    name text,
    updated_by integer references users(id),
    updated_at timestamptz not null default now())`.execute(db);
  await sql`create table calendar_years (
    year integer primary key,
    note text,
    updated_by integer references users(id),
    updated_at timestamptz not null default now())`.execute(db);

  await sql`create table notifications (
    id bigserial primary key,
    user_id integer not null references users(id) on delete cascade,
    kind text not null,
    request_id integer references requests(id),
    title text not null,
    body text,
    created_at timestamptz not null default now(),
    read_at timestamptz)`.execute(db);
  await sql`create index notifications_user on notifications(user_id, id)`.execute(db);
  await sql`create index notifications_unread on notifications(user_id) where read_at is null`.execute(db);

  // Written in the same transaction as the change, delivered afterwards with retries.
  await sql`create table outbox (
    id bigserial primary key,
    event text not null,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    fanned_out_at timestamptz)`.execute(db);
  await sql`create index outbox_pending on outbox(id) where fanned_out_at is null`.execute(db);
  await sql`create table webhooks (
    id serial primary key,
    name text not null,
    url text not null,
    secret text not null,
    events text[] not null default '{}',
    active boolean not null default true,
    ${stamps})`.execute(db);
  await sql`create table webhook_deliveries (
    id bigserial primary key,
    outbox_id bigint not null references outbox(id),
    webhook_id integer not null references webhooks(id) on delete cascade,
    status text not null default 'pending' check (status in ('pending','delivered','failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    delivered_at timestamptz,
    unique (outbox_id, webhook_id))`.execute(db);
  await sql`create index webhook_deliveries_due on webhook_deliveries(next_attempt_at) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['webhook_deliveries', 'webhooks', 'outbox', 'notifications', 'calendar_years', 'calendar_days', 'request_attachments',
    'request_supervisions', 'request_extensions', 'request_events', 'requests', 'routing_rules', 'request_categories']) {
    await sql`drop table if exists ${sql.raw(t)} cascade`.execute(db);
  }
}
