// Request statistics on 10 million requests (issue 3): the overview for a month and for a year,
// in total, by region and by department, through requestStats() (the rollup), beside the naive
// GROUP BY over the raw `requests` table for the same question, measured in the same run.
//   npx tsx bench/request-stats.ts                      (loads schema bench_stats once: the ×100 district, then history to 10M requests)
//   npx tsx bench/request-stats.ts --requests 2000000 --runs 100 --naive-runs 10
// The ×100 district is loaded with loadDemo (its own ~101,000 requests included); the history is
// generated in SQL (insert … select from generate_series, 500,000 rows a statement) with the
// request indexes dropped and rebuilt once, foreign-key checks and the rollup trigger off
// (session_replication_role = replica), then the rollup is rebuilt in one pass and checked
// against the raw query on every question measured plus a sample of other questions.
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { parseArgs } from '../src/cli/context.ts';
import type { Actor } from '../src/platform/access.ts';
import { loadDemo } from '../src/features/demo/demo.service.ts';
import { CATEGORY_WEIGHTS } from '../src/domain/demo/requests.ts';
import { GROUPS, requestStats, rollupGrain, type GroupBy, type StatsFilter } from '../src/features/requests/request-stats.ts';
import { benchDatabase, fmt, rng, stats } from './lib.ts';

const args = parseArgs(process.argv.slice(2));
const TARGET = Number(args.requests ?? 10_000_000);
const RUNS = Number(args.runs ?? 100);
const NAIVE_RUNS = Number(args['naive-runs'] ?? 10);
const CHUNK = 500_000;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const secs = (t: number) => `${((Date.now() - t) / 1000).toFixed(0)} s`;

const h = await benchDatabase('postgres', 'bench_stats');
const { db } = h;
const count = async (q: string) => Number((await sql.raw<{ n: string }>(q).execute(db)).rows[0].n);
console.error(`load average at start: ${load()}`);

if ((await count('select count(*) as n from households')) === 0) {
  console.error('loading the ×100 demo district into bench_stats …');
  const t = Date.now();
  await loadDemo(db, { scale: 100, onProgress: (n) => { if (n % 500_000 < 5000) console.error(`  ${n.toLocaleString('en')} rows`); } });
  console.error(`  loaded in ${secs(t)}`);
  await sql`analyze`.execute(db);
}

let have = await count('select count(*) as n from requests');
if (have < TARGET) await generateHistory(TARGET - have);

/** Requests received over the two years before today, every stage, the demo's mix of categories, channels and kinds. */
async function generateHistory(wanted: number) {
  console.error(`generating ${wanted.toLocaleString('en')} requests of history …`);
  const t0 = Date.now();
  await db.connection().execute(async (c) => {
    const run = (q: string) => sql.raw(q).execute(c);
    await run(`set session_replication_role = replica`); // no FK checks, no rollup trigger: rebuilt below
    await run(`set maintenance_work_mem = '1GB'`);
    await run(`set work_mem = '256MB'`);
    const { rows: idx } = await sql<{ drop: string; restore: string }>`
      select format('drop index %s', i.indexrelid::regclass) as drop, pg_get_indexdef(i.indexrelid) as restore from pg_index i
       where i.indrelid = 'requests'::regclass and not i.indisprimary and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`.execute(c);
    for (const r of idx) await run(r.drop);
    // What to draw from: categories by the demo's weights (routed like the demo: a street-office
    // category goes to the township of the request's street), channels and kinds, texts.
    await run(`create temp table g_cat as
      with w(code, w) as (values ${Object.entries(CATEGORY_WEIGHTS).map(([k, w]) => `('${k}', ${w})`).join(', ')})
      select c.id, c.department_code, sum(w.w) over (order by c.id) / sum(w.w) over () as upto
        from request_categories c join w on w.code = c.code`);
    await run(`create temp table g_route as
      select c.id as category_id, s.path as street_path,
             coalesce((select d.id from departments d where d.code = c.department_code),
                      (select d.id from departments d where d.kind = 'township' and d.region_path like s.path || '%' order by d.id limit 1)) as department_id
        from request_categories c cross join regions s where s.level = 'street'`);
    await run(`create unique index on g_route (category_id, street_path)`);
    await run(`create temp table g_slots as select array_agg((select c.id from g_cat c where c.upto >= i / 1000.0 order by c.upto limit 1) order by i) as ids from generate_series(1, 1000) i`);
    await run(`create temp table g_text as select category_id, row_number() over (partition by category_id order by text) as i, text
      from (select distinct category_id, text from requests) x`);
    await run(`create temp table g_text_n as select category_id, count(*) as n from g_text group by 1`);
    await run(`create unique index on g_text (category_id, i)`);
    await run(`create temp table g_other as select array_agg(id order by id) as ids from departments where kind <> 'office'`);
    await run(`analyze g_cat; analyze g_route; analyze g_text; analyze g_text_n`);
    const households = await count('select max(id) as n from households');
    let done = 0;
    while (done < wanted) {
      const t = Date.now();
      const n = Math.min(CHUNK, Math.ceil((wanted - done) / 1.02));
      const before = Number((await sql.raw<{ n: string }>('select coalesce(max(id), 0) as n from requests').execute(c)).rows[0].n);
      await run(insertChunk(n, households, before));
      await run(`select setval(pg_get_serial_sequence('requests', 'id'), (select max(id) from requests))`);
      // Joint orders: about one in a hundred dispatched requests, with a lead and a helper child order.
      await run(`insert into requests (code, parent_id, is_lead, kind, channel, category_id, text, urgency, household_id, address, region_id, region_path,
          status, department_id, received_at, dispatched_at, accept_due, accepted_at, reply_limit, deadline_start, reply_due, replied_at, first_replied_at,
          reply_text, resolved_at, resolution)
        select p.code || '-' || k, p.id, k = 1, p.kind, p.channel, p.category_id, p.text, p.urgency, p.household_id, p.address, p.region_id, p.region_path,
          case when p.status in ('closed', 'resolved') then 'resolved' else 'in_progress' end,
          case when k = 1 then p.department_id else (select o.ids[1 + (p.id % array_length(o.ids, 1))] from g_other o) end,
          p.received_at, p.dispatched_at, p.accept_due, p.accepted_at, p.reply_limit, p.deadline_start, p.reply_due,
          case when p.status in ('closed', 'resolved') then p.first_replied_at end, case when p.status in ('closed', 'resolved') then p.first_replied_at end,
          case when p.status in ('closed', 'resolved') then p.reply_text end, p.resolved_at, p.resolution
        from requests p cross join generate_series(1, 2) k
       where p.id > ${before} and p.id % 100 = 7 and p.status in ('closed', 'resolved', 'in_progress') and p.department_id is not null`);
      await run(`update requests set status = 'joint' where id > ${before} and id % 100 = 7 and status = 'in_progress' and department_id is not null`);
      done = (await count('select count(*) as n from requests')) - have;
      console.error(`  ${(have + done).toLocaleString('en')} requests (${secs(t)} for this batch, load ${load()})`);
    }
    const t1 = Date.now();
    for (const r of idx) await run(r.restore);
    console.error(`  ${idx.length} indexes rebuilt in ${secs(t1)}`);
    await run(`set session_replication_role = origin`);
    const t2 = Date.now();
    await run(`vacuum analyze requests`);
    console.error(`  vacuum analyze in ${secs(t2)}`);
    const t3 = Date.now();
    const written = (await sql.raw<{ n: string }>('select request_rollup_rebuild() as n').execute(c)).rows[0].n;
    await run(`vacuum analyze request_rollup`);
    console.error(`  rollup rebuilt in one pass: ${Number(written).toLocaleString('en')} rows in ${secs(t3)}`);
  });
  console.error(`history generated in ${secs(t0)}`);
  have = await count('select count(*) as n from requests');
}

function insertChunk(n: number, households: number, before: number): string {
  // Per row: its age in days (more requests lately), then the stage it reached by today, which
  // depends on the age; timestamps follow the stage the way the demo's requests do.
  return `
  insert into requests (id, code, kind, channel, category_id, text, urgency, household_id, address, region_id, region_path, requester_name, anonymous,
    status, department_id, received_at, dispatched_at, accept_due, accepted_at, reply_limit, deadline_start, reply_due, replied_at, first_replied_at,
    reply_text, resolved_at, resolution, constrained_at, constraint_text, followed_up_at, verdict, closed_at, reopen_count, merged_into)
  select id, 'LXH' || lpad(id::text, 8, '0'), kind, channel, category_id, text, urgency,
    household_id, address, region_id, region_path, requester_name, false,
    status, case when dispatched then department_id end, received_at,
    case when dispatched then dispatched_at end, case when dispatched then dispatched_at + interval '1 day' + interval '8 hours' end,
    case when accepted then accepted_at end, reply_limit, case when status = 'reopened' then followed_up_at else received_at end,
    case when status = 'reopened' then followed_up_at + (reply_due - received_at) else reply_due end,
    case when answered and status <> 'reopened' then first_replied_at end, case when answered then first_replied_at end,
    case when answered then '已答复：' || left(text, 20) end,
    case when status in ('resolved', 'closed') then first_replied_at + r5 * interval '36 hours' end,
    case when status in ('resolved', 'closed') then '已办结' end,
    case when status = 'constrained' then first_replied_at end, case when status = 'constrained' then '需纳入年度计划统筹解决' end,
    case when status in ('closed', 'reopened') then followed_up_at end,
    case when status = 'reopened' then 'unsatisfied' when status = 'closed' then case when r6 < 0.80 then 'satisfied' when r6 < 0.95 then 'basically' else 'unsatisfied' end end,
    case when status = 'closed' then followed_up_at end,
    case when status = 'reopened' or (status = 'closed' and r6 > 0.93) then 1 else 0 end,
    case when status = 'merged' then greatest(1, ${before} - (r5 * 2000)::int) end
  from (
    select x.*, hh.address, hh.region_id, hh.region_path, hh.head_name as requester_name, r.department_id,
           coalesce(t.text, '诉求') as text,
           x.status not in ('received', 'merged') and r.department_id is not null as dispatched,
           x.status not in ('received', 'merged', 'dispatched', 'returned') and r.department_id is not null as accepted,
           x.status in ('replied', 'resolved', 'closed', 'constrained', 'reopened') and r.department_id is not null as answered,
           x.received_at + (1 + x.r5 * 3) * interval '1 hour' as dispatched_at,
           x.received_at + (1 + x.r5 * 3) * interval '1 hour' + case when x.r6 < 0.03 then (30 + x.r4 * 30) * interval '1 hour' else (0.5 + x.r4 * 5) * interval '1 hour' end as accepted_at,
           least(now(), case when x.r7 < 0.06 then x.reply_due + (1 + x.r4 * 71) * interval '1 hour'
                else x.received_at + (6 + x.r5 * 3) * interval '1 hour' + (0.15 + x.r6 * 0.6) * (x.reply_due - x.received_at - interval '9 hours') end) as first_replied_at,
           least(now(), x.reply_due + (12 + x.r4 * 60) * interval '1 hour') as followed_up_at
    from (
      select ${before} + g.id as id, g.r1, g.r2, g.r3, g.r4, g.r5, g.r6, g.r7, g.received_at, c.id as category_id, c.department_code,
             case when g.r8 < 0.08 then 'urgent' else 'normal' end as urgency,
             case when g.r8 < 0.08 then '24h' else '7d' end as reply_limit,
             g.received_at + case when g.r8 < 0.08 then interval '24 hours' else interval '9 days' end as reply_due,
             1 + (g.r3 * ${households - 1})::int as household_id,
             case when g.r2 < 0.46 then 'visit' when g.r2 < 0.68 then 'hotline' when g.r2 < 0.82 then 'grid' when g.r2 < 0.92 then 'web'
                  when g.r2 < 0.95 then 'letter' when g.r2 < 0.98 then 'window' else 'api' end as channel,
             case when g.r9 < 0.44 then 'demand' when g.r9 < 0.62 then 'suggestion' when g.r9 < 0.80 then 'opinion' when g.r9 < 0.91 then 'complaint' else 'inquiry' end as kind,
             -- Older than 40 days: finished, a few answered but not yet closed, a very few stuck (overdue).
             -- Recent: the younger, the more still open; past their deadline only now and then.
             case when g.age > 40 then
                    case when g.r1 < 0.70 then 'closed' when g.r1 < 0.88 then 'constrained' when g.r1 < 0.93 then 'resolved' when g.r1 < 0.96 then 'merged'
                         when g.r1 < 0.999 then 'replied' when g.r1 < 0.9995 then 'in_progress' else 'reopened' end
                  when g.r1 < g.open then
                    case when g.age < 1 then case when g.r10 < 0.40 then 'received' when g.r10 < 0.70 then 'dispatched' when g.r10 < 0.95 then 'in_progress' else 'returned' end
                         when g.age < 3 then case when g.r10 < 0.05 then 'received' when g.r10 < 0.30 then 'dispatched' when g.r10 < 0.92 then 'in_progress' else 'returned' end
                         else case when g.r10 < 0.92 then 'in_progress' else 'returned' end end
                  else
                    case when g.r10 < 0.30 * (1 - g.age / 40) then 'replied' when g.r10 < 0.33 and g.age >= 10 then 'reopened' when g.r10 < 0.40 then 'resolved'
                         when g.r10 < 0.80 then 'closed' when g.r10 < 0.95 then 'constrained' else 'merged' end
             end as status
      from (
        select s.id, s.r1, s.r2, s.r3, s.r4, s.r5, s.r6, s.r7, s.r8, s.r9, s.r10, s.rc, s.age,
               case when s.age < 9 then 0.7 - 0.06 * s.age else 0.015 end as open,
               ((current_date - s.age::int)::timestamp + (7 + s.r5 * 14) * interval '1 hour') at time zone 'Asia/Shanghai' as received_at
          from (select g as id, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7,
                       random() as r8, random() as r9, random() as r10, random() as rc, 730 * power(random(), 1.15) as age
                  from generate_series(1, ${n}) g offset 0) s
      ) g
      cross join g_slots sl
      join g_cat c on c.id = sl.ids[1 + (g.rc * 999)::int]
    ) x
    join households hh on hh.id = x.household_id
    left join g_route r on r.category_id = x.category_id and r.street_path = regexp_replace(hh.region_path, '^((/[^/]+){0,2}/).*$', '\\1')
    left join g_text_n tn on tn.category_id = x.category_id
    left join g_text t on t.category_id = x.category_id and t.i = 1 + (x.r4 * (tn.n - 1))::int
  ) y
  where received_at < now()`;
}

// ---------------------------------------------------------------- the questions
const total = have;
const top = await count('select count(*) as n from requests where parent_id is null');
const { rows: span } = await sql<{ lo: string; hi: string }>`select to_char(min(received_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as lo, to_char(max(received_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as hi from requests`.execute(db);
const rollupSizes = (await sql<{ grain: number; monthly: boolean; n: string }>`select grain, monthly, count(*) as n from request_rollup group by 1, 2 order by 1, 2`.execute(db)).rows;
const district = await db.selectFrom('regions').select(['id', 'path']).where('level', '=', 'district').executeTakeFirstOrThrow();
const streets = await db.selectFrom('regions').select(['id', 'path']).where('level', '=', 'street').execute();
const leader: Actor = { userId: null, username: 'bench-leader', displayName: '区级领导', role: 'leader', scope: { regionPath: district.path, departmentId: null, householdId: null } };

// Whole months and 12-month years inside the data (the current month is still running: left out).
const months: string[] = [];
for (let d = new Date(`${span[0].lo.slice(0, 7)}-01T00:00:00Z`); ; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  if (next.toISOString().slice(0, 10) > span[0].hi) break;
  if (d.toISOString().slice(0, 10) >= span[0].lo) months.push(d.toISOString().slice(0, 10));
}
const lastDay = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
const rand = rng(7);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const aMonth = (): StatsFilter => { const m = pick(months); return { from: m, to: lastDay(m) }; };
const aYear = (): StatsFilter => { const i = Math.floor(rand() * Math.max(1, months.length - 11)); return { from: months[i], to: lastDay(months[Math.min(months.length - 1, i + 11)]) }; };
const ragged = (): StatsFilter => { const back = 20 + Math.floor(rand() * 40); const to = new Date(Date.parse(`${span[0].hi}T00:00:00Z`) - Math.floor(rand() * 60) * 86_400_000); return { from: new Date(to.getTime() - back * 86_400_000).toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) }; };

const questions: [string, () => [StatsFilter, GroupBy], boolean][] = [
  ['month, total', () => [aMonth(), 'none'], true],
  ['month, by region (street)', () => [aMonth(), 'region'], true],
  ['month, by department', () => [aMonth(), 'department'], true],
  ['year, total', () => [aYear(), 'none'], true],
  ['year, by region (street)', () => [aYear(), 'region'], true],
  ['year, by department', () => [aYear(), 'department'], true],
  ['20–60 ragged days, by department', () => [ragged(), 'department'], false],
  ['year, one street by community', () => [{ ...aYear(), regionPath: pick(streets).path }, 'region'], false],
  ['year, by category', () => [aYear(), 'category'], false],
];

async function time(f: () => Promise<unknown>) { const t = process.hrtime.bigint(); await f(); return Number(process.hrtime.bigint() - t) / 1e6; }

// Exactness first: the rollup's answer equals the raw query's on each kind of question, and on a
// sample of other groupings and filters.
let checked = 0;
const check = async (f: StatsFilter, g: GroupBy) => {
  const a = await requestStats(db, leader, f, g), b = await requestStats(db, leader, f, g, { source: 'raw' });
  if (!isDeepStrictEqual(a, b)) throw new Error(`rollup ≠ raw for ${JSON.stringify(f)} by ${g}`);
  checked++;
};
const t0 = Date.now();
for (const [, make] of questions) { const [f, g] = make(); await check(f, g); }
for (let i = 0; i < 12; i++) {
  const f: StatsFilter = { ...pick([aMonth, ragged])(), ...(rand() < 0.4 ? { regionPath: pick(streets).path } : {}), ...(rand() < 0.3 ? { channel: pick(['visit', 'hotline', 'grid']) } : {}) };
  await check(f, pick([...GROUPS]));
}
console.error(`rollup = raw on ${checked} questions (checked in ${secs(t0)})`);

// Warm up the way a running server is warm.
for (let i = 0; i < 5; i++) for (const [, make] of questions) { const [f, g] = make(); await requestStats(db, leader, f, g); }

console.log(`\nRequest statistics — PostgreSQL, bench_stats: ${total.toLocaleString('en')} requests (${top.toLocaleString('en')} top-level), ${span[0].lo} … ${span[0].hi}; district leader's view`);
console.log(`rollup rows: ${rollupSizes.map((r) => `grain ${r.grain} ${r.monthly ? 'monthly' : 'daily'} ${Number(r.n).toLocaleString('en')}`).join(', ')}`);
console.log(`load average before: ${load()}; ${RUNS} runs per rollup question, ${NAIVE_RUNS} per naive one\n`);
console.log(`| question | grain | rollup p50 ms | p95 ms | p99 ms | naive GROUP BY p50 ms | p95 ms | p99 ms | groups |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const [label, make, core] of questions) {
  const fast: number[] = [], naive: number[] = [];
  let groups = 0, grain: number | null = null;
  for (let i = 0; i < RUNS; i++) {
    const [f, g] = make();
    grain = rollupGrain(leader, f, g);
    fast.push(await time(async () => { groups = (await requestStats(db, leader, f, g)).rows.length; }));
  }
  for (let i = 0; i < (core ? NAIVE_RUNS : Math.max(3, Math.ceil(NAIVE_RUNS / 2))); i++) {
    const [f, g] = make();
    naive.push(await time(() => requestStats(db, leader, f, g, { source: 'raw' })));
  }
  const a = stats(fast), b = stats(naive);
  console.log(`| ${label} | ${grain ?? 'raw'} | ${fmt(a.p50)} | **${fmt(a.p95)}** | ${fmt(a.p99)} | ${fmt(b.p50)} | ${fmt(b.p95)} | ${fmt(b.p99)} (n=${b.n}) | ${groups} |`);
}
// What the trigger costs a writer: 5,000 requests inserted, then moved to another status, with the
// rollup trigger and without it (session_replication_role = replica), each rolled back.
const writes = async (trigger: boolean) => {
  let ins = 0, upd = 0;
  await db.connection().execute(async (c) => {
    await sql`begin`.execute(c);
    if (!trigger) await sql`set local session_replication_role = replica`.execute(c);
    const t = process.hrtime.bigint();
    await sql`insert into requests (code, kind, channel, category_id, text, region_id, region_path, status, department_id, received_at, reply_limit, deadline_start, reply_due)
      select 'BENCH-' || id, kind, channel, category_id, text, region_id, region_path, 'received', department_id, received_at, reply_limit, deadline_start, reply_due
        from requests where parent_id is null order by id desc limit 5000`.execute(c);
    ins = Number(process.hrtime.bigint() - t) / 1e6;
    const u = process.hrtime.bigint();
    await sql`update requests set status = 'dispatched', dispatched_at = received_at + interval '1 hour' where code like 'BENCH-%'`.execute(c);
    upd = Number(process.hrtime.bigint() - u) / 1e6;
    await sql`rollback`.execute(c);
  });
  return { ins, upd };
};
const withT = await writes(true), withoutT = await writes(false);
console.log(`\nwrites, 5,000 requests in one statement (rolled back): insert ${fmt(withT.ins)} ms with the rollup trigger, ${fmt(withoutT.ins)} ms without; `
  + `status update ${fmt(withT.upd)} ms with, ${fmt(withoutT.upd)} ms without (≈ ${fmt((withT.ins - withoutT.ins) / 5000)} / ${fmt((withT.upd - withoutT.upd) / 5000)} ms per request)`);
console.log(`\nload average after: ${load()}`);
await h.close();
