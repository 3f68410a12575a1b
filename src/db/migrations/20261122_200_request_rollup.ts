// The request statistics rollup (诉求统计汇总): additive counts of top-level requests per China
// day and per month, kept by a trigger on `requests` in the same transaction as every change, so
// the statistics page reads a few thousand rows instead of millions. Three grains (rows with the
// dimensions a grain leaves out carry 0 / ''):
//   1  region cut to community level                                        (drill-down by community)
//   2  region cut to street level × department                              (overview, by street, by department)
//   3  region cut to street level × department × category × channel × kind  (everything else)
// Each grain exists twice: `monthly` false (one row per day) and true (one row per month, `day`
// is the first of the month), so a period reads whole months from the monthly rows and only its
// ragged ends from the daily ones. Counts that depend on the clock ("overdue now") are not kept
// here: they are counted live over open requests (the partial index `requests_overdue`).
// Plain SQL and plpgsql, the same on PGlite and PostgreSQL.
import { sql, type Kysely } from 'kysely';

/** The counters, in the order of the rollup's columns (each a 0/1 per request). */
const COUNTERS: [string, string][] = [
  ['n', 'true'],
  ['collected', `r.status <> 'merged'`],
  ['resolved', `r.status in ('resolved','closed')`],
  ['in_progress', `r.status in ('received','escalated','dispatched','returned','in_progress','reopened','joint','replied')`],
  ['constrained', `r.status = 'constrained'`],
  ['merged', `r.status = 'merged'`],
  ['answered', `r.status <> 'merged' and r.first_replied_at is not null`],
  ['answered_on_time', `r.status <> 'merged' and r.first_replied_at is not null and r.first_replied_at <= r.reply_due`],
  ['dispatched', `r.dispatched_at is not null`],
  ['accepted_on_time', `r.accepted_at is not null and r.accepted_at <= r.accept_due`],
  ['verdicts', `r.verdict is not null`],
  ['satisfied', `r.verdict in ('satisfied','basically')`],
  ['reopened', `r.reopen_count > 0`],
];
const KEYS = 'grain, monthly, day, region_path, department_id, category_id, channel, kind';
const COLS = COUNTERS.map(([c]) => c).join(', ');
/** Each counter of request `r` as an integer: `count(*) filter (where …)` counts only a true condition. */
const VALUES = COUNTERS.map(([, cond]) => `((${cond}) is true)::int`).join(', ');
/** A region path cut to its first `levels` segments: '/1/3/12/45/' → '/1/3/' at 2. */
const cut = (path: string, levels: number) => `regexp_replace(${path}, '^((/[^/]+){0,${levels}}/).*$', '\\1')`;
const DAY = `(r.received_at at time zone 'Asia/Shanghai')::date`;
/** The columns a request's rollup keys come from. */
const KEY_SOURCES = ['parent_id', 'received_at', 'region_path', 'department_id', 'category_id', 'channel', 'kind'];
/** The columns the counters and keys read: an update touching none of them leaves the rollup alone. */
const WATCHED = ['parent_id', 'received_at', 'region_path', 'department_id', 'category_id', 'channel', 'kind', 'status',
  'first_replied_at', 'reply_due', 'dispatched_at', 'accepted_at', 'accept_due', 'verdict', 'reopen_count'];

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create table request_rollup (
    grain smallint not null,
    monthly boolean not null,
    day date not null,
    region_path text not null,
    department_id integer not null default 0,
    category_id integer not null default 0,
    channel text not null default '',
    kind text not null default '',
    ${COUNTERS.map(([c]) => `${c} integer not null default 0`).join(',\n    ')},
    primary key (${KEYS}))`).execute(db);
  // Narrow regions (a street, a community) over a long period: the region first, then the days.
  await sql`create index request_rollup_region on request_rollup (grain, monthly, region_path text_pattern_ops, day)`.execute(db);
  // "Overdue now" is counted live, over the open requests still owing an answer (a small share of
  // all): by period first, the deadline checked in the index, and the group keys carried along so
  // the count is read from the index alone where the table's pages are all visible.
  await sql`create index requests_overdue on requests (received_at, reply_due) include (region_path, department_id, category_id, channel, kind)
    where parent_id is null and replied_at is null and status in ('received','escalated','dispatched','returned','in_progress','reopened','joint')`.execute(db);

  // One request's counters, in the order of COUNTERS.
  await sql.raw(`create function request_rollup_counts(r requests) returns integer[] language sql immutable as $$
    select array[${VALUES}] $$`).execute(db);
  // Add counters `v` (negative to take away) to the six rollup rows of request `r`'s keys.
  await sql.raw(`create function request_rollup_add(r requests, v integer[]) returns void language plpgsql as $$
    declare
      d date; m date; street text; community text; dep integer;
    begin
      if r.parent_id is not null or not exists (select 1 from unnest(v) x where x <> 0) then return; end if;
      d := ${DAY};
      m := date_trunc('month', d)::date;
      street := ${cut('r.region_path', 2)};
      community := ${cut('r.region_path', 3)};
      dep := coalesce(r.department_id, 0);
      insert into request_rollup as t (${KEYS}, ${COLS})
      select k.grain, k.monthly, k.day, k.region_path, k.department_id, k.category_id, k.channel, k.kind,
             ${COUNTERS.map((_, i) => `v[${i + 1}]`).join(', ')}
        from (values (1::smallint, false, d, community, 0, 0, '', ''), (1::smallint, true, m, community, 0, 0, '', ''),
                     (2::smallint, false, d, street, dep, 0, '', ''), (2::smallint, true, m, street, dep, 0, '', ''),
                     (3::smallint, false, d, street, dep, r.category_id, r.channel, r.kind), (3::smallint, true, m, street, dep, r.category_id, r.channel, r.kind))
             as k (grain, monthly, day, region_path, department_id, category_id, channel, kind)
      on conflict (${KEYS}) do update set ${COUNTERS.map(([c]) => `${c} = t.${c} + excluded.${c}`).join(', ')};
      if v[1] < 0 then
        -- A key no request falls in any more is removed, so it is not listed as an empty group.
        delete from request_rollup t where t.n = 0 and (${KEYS}) in (
          (1::smallint, false, d, community, 0, 0, '', ''), (1::smallint, true, m, community, 0, 0, '', ''),
          (2::smallint, false, d, street, dep, 0, '', ''), (2::smallint, true, m, street, dep, 0, '', ''),
          (3::smallint, false, d, street, dep, r.category_id, r.channel, r.kind), (3::smallint, true, m, street, dep, r.category_id, r.channel, r.kind));
      end if;
    end $$`).execute(db);

  // Insert adds the row's counters, delete takes them away; an update that keeps the keys adds the
  // difference, one that moves the request (another department, region, day …) takes the old
  // counters from the old keys and adds the new ones to the new keys.
  const keys = (row: string) => KEY_SOURCES.map((c) => `${row}.${c}`).join(', ');
  await sql.raw(`create function request_rollup_trigger() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'TRUNCATE' then
        truncate request_rollup;
      elsif TG_OP = 'INSERT' then
        perform request_rollup_add(NEW, request_rollup_counts(NEW));
      elsif TG_OP = 'DELETE' then
        perform request_rollup_add(OLD, array(select -x from unnest(request_rollup_counts(OLD)) with ordinality u(x, i) order by i));
      elsif (${keys('OLD')}) is not distinct from (${keys('NEW')}) then
        perform request_rollup_add(NEW, array(select a - b from unnest(request_rollup_counts(NEW), request_rollup_counts(OLD)) with ordinality u(a, b, i) order by i));
      else
        perform request_rollup_add(OLD, array(select -x from unnest(request_rollup_counts(OLD)) with ordinality u(x, i) order by i));
        perform request_rollup_add(NEW, request_rollup_counts(NEW));
      end if;
      return null;
    end $$`).execute(db);
  await sql`create trigger requests_rollup_insert after insert or delete on requests
    for each row execute function request_rollup_trigger()`.execute(db);
  const watched = (row: string) => WATCHED.map((c) => `${row}.${c}`).join(', ');
  await sql.raw(`create trigger requests_rollup_update after update on requests
    for each row when ((${watched('old')}) is distinct from (${watched('new')})) execute function request_rollup_trigger()`).execute(db);
  await sql`create trigger requests_rollup_truncate after truncate on requests
    for each statement execute function request_rollup_trigger()`.execute(db);

  // Rebuild from the requests in one pass (the backfill below; a bulk load that bypassed the
  // trigger calls it too). Daily rows by grouping sets, then the months from the days, each
  // written in key order so a grain's months (or days) of a period lie on few pages.
  await sql.raw(`create function request_rollup_rebuild() returns bigint language plpgsql as $$
    declare written bigint;
    begin
      truncate request_rollup;
      insert into request_rollup (${KEYS}, ${COLS})
      select case when grouping(x.street) = 1 then 1 when grouping(x.category_id) = 1 then 2 else 3 end,
             false, x.day, coalesce(x.community, x.street), coalesce(x.department_id, 0), coalesce(x.category_id, 0),
             coalesce(x.channel, ''), coalesce(x.kind, ''), ${COUNTERS.map(([c]) => `sum(x.${c})`).join(', ')}
        from (select ${DAY} as day, ${cut('r.region_path', 2)} as street, ${cut('r.region_path', 3)} as community,
                     coalesce(r.department_id, 0) as department_id, r.category_id, r.channel, r.kind,
                     ${COUNTERS.map(([c, cond]) => `((${cond}) is true)::int as ${c}`).join(', ')}
                from requests r where r.parent_id is null) x
       group by grouping sets ((x.day, x.community), (x.day, x.street, x.department_id), (x.day, x.street, x.department_id, x.category_id, x.channel, x.kind))
       order by 1, 3, 4, 5, 6, 7, 8;
      insert into request_rollup (${KEYS}, ${COLS})
      select grain, true, date_trunc('month', day)::date, region_path, department_id, category_id, channel, kind, ${COUNTERS.map(([c]) => `sum(${c})`).join(', ')}
        from request_rollup where not monthly group by grain, date_trunc('month', day)::date, region_path, department_id, category_id, channel, kind
       order by 1, 3, 4, 5, 6, 7, 8;
      select count(*) into written from request_rollup;
      return written;
    end $$`).execute(db);
  await sql`select request_rollup_rebuild()`.execute(db);
  await sql`analyze request_rollup`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists requests_rollup_insert on requests`.execute(db);
  await sql`drop trigger if exists requests_rollup_update on requests`.execute(db);
  await sql`drop trigger if exists requests_rollup_truncate on requests`.execute(db);
  await sql`drop function if exists request_rollup_trigger()`.execute(db);
  await sql`drop function if exists request_rollup_add(requests, integer[])`.execute(db);
  await sql`drop function if exists request_rollup_counts(requests)`.execute(db);
  await sql`drop function if exists request_rollup_rebuild()`.execute(db);
  await sql`drop index if exists requests_overdue`.execute(db);
  await sql`drop table if exists request_rollup`.execute(db);
}
