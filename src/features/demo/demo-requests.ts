// The demo district's requests (about 1,013 at scale 1, at every stage): the drafts from
// domain/demo/requests.ts are given households, departments (the routing rules' defaults),
// deadlines on the working calendar and a timeline of who did what when, then written in
// batches. Times are moved forward by whole days to the day of loading, so a demo loaded later
// still has recent open requests rather than a wall of overdue ones.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { chinaDate, deadlineOf, parseTimeLimit, type WorkCalendar } from '../../domain/calendar.ts';
import { generateRequests, plantHotTopic, type DemoRequestDraft } from '../../domain/demo/requests.ts';
import { REFERENCE_DATE } from '../../domain/demo/places.ts';
import { rngFor } from '../../domain/demo/random.ts';
import { LOCAL_DEPARTMENT } from '../../reference/categories.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';

const HOUR = 3_600_000;

interface Ctx {
  householdCount: number;
  cal: WorkCalendar; now: Date; shiftMs: number;
  households: Map<number, { id: number; address: string; lat: number | null; lng: number | null; region_id: number; region_path: string; head_name: string | null }>;
  categories: Map<string, { id: number; department_code: string; reply_limit: string; urgent_limit: string }>;
  departmentByCode: Map<string, { id: number; name: string }>;
  townships: { id: number; name: string; region_path: string }[];
  actors: { cadre: Actor; grid: Actor; office: Actor };
}
interface Actor { id: number | null; name: string; role: string }

/** The household a draft belongs to (anonymous ones still happen somewhere). */
export const householdOf = (d: DemoRequestDraft, count: number) => (d.householdIndex ?? (d.seq * 7919) % count) + 1;

export interface DemoRequestRows { requests: Record<string, unknown>[]; events: Record<string, unknown>[] }

/** Turn drafts into request rows and timeline events (pure apart from the context handed in). */
export function buildRequestRows(drafts: DemoRequestDraft[], ctx: Ctx, seed: number, firstId = 1): DemoRequestRows {
  const requests: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const cap = (d: Date) => (d.getTime() > ctx.now.getTime() - 10 * 60_000 ? new Date(ctx.now.getTime() - 10 * 60_000) : d);
  drafts.forEach((d, i) => {
    const id = firstId + i;
    const rng = rngFor(seed, 'request-life', d.seq);
    const cat = ctx.categories.get(d.category);
    if (!cat) return;
    const hh = ctx.households.get(householdOf(d, ctx.householdCount));
    if (!hh) return;
    const dept = cat.department_code === LOCAL_DEPARTMENT
      ? ctx.townships.filter((t) => hh.region_path.startsWith(t.region_path)).sort((a, b) => b.region_path.length - a.region_path.length)[0]
      : ctx.departmentByCode.get(cat.department_code);
    let received = cap(new Date(new Date(d.receivedAt).getTime() + ctx.shiftMs));
    const limit = parseTimeLimit(d.urgency === 'urgent' ? cat.urgent_limit : cat.reply_limit) ?? { amount: 7, unit: 'workdays' as const };
    let replyDue = deadlineOf(ctx.cal, received, limit);
    // Most unanswered matters are still within their time; a few run late (the board shows red).
    if (['received', 'dispatched', 'returned', 'in_progress'].includes(d.outcome) && replyDue < ctx.now && rng() < 0.9) {
      const span = replyDue.getTime() - received.getTime();
      received = new Date(ctx.now.getTime() - (0.1 + rng() * 0.6) * span);
      replyDue = deadlineOf(ctx.cal, received, limit);
    }
    let deadlineStart = received;
    const fast = limit.unit === 'hours'; // urgent and utility matters move in minutes, not hours
    const intakeBy = d.channel === 'visit' ? ctx.actors.cadre : d.channel === 'grid' ? ctx.actors.grid : ctx.actors.office;
    const ev = (at: Date, actor: Actor | { id: null; name: string; role: string }, action: string, from: string | null, to: string | null, note: string | null = null, data: unknown = null) =>
      events.push({ request_id: id, at, actor_id: actor.id, actor_name: actor.name, actor_role: actor.role, action, from_status: from, to_status: to, department_id: action === 'intake' ? null : dept?.id ?? null, note, data: data === null ? null : JSON.stringify(data) });
    const deptActor = { id: null, name: `${dept?.name ?? '承办部门'}经办人`, role: 'handler' };
    const row: Record<string, unknown> = {
      id, code: `LX${chinaDate(received).replaceAll('-', '')}-${String(id).padStart(6, '0')}`, kind: d.kind, channel: d.channel, category_id: cat.id, text: d.text, urgency: d.urgency,
      household_id: d.anonymous ? null : hh.id, address: hh.address, lat: hh.lat, lng: hh.lng, region_id: hh.region_id, region_path: hh.region_path,
      requester_name: d.anonymous ? null : hh.head_name, requester_phone: null, anonymous: d.anonymous, confidential: d.confidential,
      status: 'received', department_id: null, coordinator_id: null, received_by: intakeBy.id, received_at: received,
      reply_limit: `${limit.amount}${limit.unit === 'workdays' ? 'd' : 'h'}`, deadline_start: received, reply_due: replyDue, reopen_count: 0,
    };
    ev(received, intakeBy, 'intake', null, 'received', null, { channel: d.channel, kind: d.kind });
    const o = d.outcome;
    if (o !== 'received' && dept) {
      const dispatched = cap(new Date(received.getTime() + (fast ? 0.1 + rng() * 0.4 : 1 + rng() * 3) * HOUR));
      Object.assign(row, { status: 'dispatched', department_id: dept.id, coordinator_id: ctx.actors.office.id, dispatched_at: dispatched, accept_due: deadlineOf(ctx.cal, dispatched, { amount: 1, unit: 'workdays' }) });
      ev(dispatched, ctx.actors.office, 'dispatch', 'received', 'dispatched', `派至${dept.name}`);
      if (o === 'returned') {
        const at = cap(new Date(dispatched.getTime() + (2 + rng() * 4) * HOUR));
        row.status = 'returned';
        ev(at, deptActor, 'return', 'dispatched', 'returned', '经核实不属于本部门职责，请重新派单');
      } else if (o !== 'dispatched') {
        const accepted = cap(new Date(dispatched.getTime() + (fast ? 0.1 + rng() * 0.4 : 0.5 + rng() * 5) * HOUR));
        Object.assign(row, { status: 'in_progress', accepted_at: accepted });
        ev(accepted, deptActor, 'accept', 'dispatched', 'in_progress');
        // Answers come in time (Changdao reports 100% on time): somewhere before the deadline.
        const answerAt = (from: Date, due: Date) => cap(new Date(from.getTime() + (0.15 + rng() * 0.6) * Math.max(HOUR, due.getTime() - from.getTime())));
        if (o === 'constrained') {
          const at = answerAt(accepted, replyDue);
          Object.assign(row, { status: 'constrained', constrained_at: at, constraint_text: d.constraintText, replied_at: at, first_replied_at: at });
          ev(at, deptActor, 'constrain', 'in_progress', 'constrained', d.constraintText);
        } else if (o !== 'in_progress') {
          const replied = answerAt(accepted, replyDue);
          Object.assign(row, { status: 'replied', replied_at: replied, first_replied_at: replied, reply_text: d.replyText });
          ev(replied, deptActor, 'reply', 'in_progress', 'replied', d.replyText);
          if (o !== 'replied') {
            const resolved = cap(new Date(replied.getTime() + rng() * 36 * HOUR));
            Object.assign(row, { status: 'resolved', resolved_at: resolved, resolution: d.resolutionText ?? d.replyText });
            ev(resolved, deptActor, 'resolve', 'replied', 'resolved', d.resolutionText ?? d.replyText);
            if (o === 'closed' || o === 'reopened') {
              const called = cap(new Date(resolved.getTime() + (12 + rng() * 60) * HOUR));
              const verdict = d.verdict ?? (o === 'reopened' ? 'unsatisfied' : 'satisfied');
              const label = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' }[verdict];
              Object.assign(row, { followed_up_at: called, verdict });
              if (o === 'closed') {
                Object.assign(row, { status: 'closed', closed_at: called });
                ev(called, ctx.actors.office, 'follow_up', 'resolved', 'closed', `回访（电话）：${label}`, { verdict, method: 'phone' });
              } else {
                deadlineStart = called;
                replyDue = deadlineOf(ctx.cal, called, limit);
                // Mostly still within the new time (the call was recent), now and then late.
                if (replyDue < ctx.now && rng() < 0.85) {
                  const span = replyDue.getTime() - called.getTime();
                  deadlineStart = new Date(ctx.now.getTime() - (0.1 + rng() * 0.5) * span);
                  replyDue = deadlineOf(ctx.cal, deadlineStart, limit);
                }
                Object.assign(row, { status: 'reopened', reopen_count: 1, deadline_start: deadlineStart, reply_due: replyDue, replied_at: null, resolved_at: null, follow_up_notes: '群众反映问题仍未解决' });
                ev(called, ctx.actors.office, 'follow_up', 'resolved', 'reopened', `回访（电话）：${label}。群众反映问题仍未解决`, { verdict, method: 'phone' });
              }
            }
          }
        }
      }
    }
    requests.push(row);
  });
  return { requests, events };
}

/**
 * Eight households on one road of one community (not the demo resident's), spread along it: the
 * neighbours of the demo's hot topic. Their 0-based indexes (household id − 1), and the road.
 */
async function hotTopicHouseholds(trx: DB): Promise<{ road: string; indexes: number[] } | null> {
  const { rows } = await sql<{ community: string; road: string; n: number }>`
    select split_part(region_path, '/', 4) as community, substring(address from ' ([^ 0-9]+?(?:路|街|大道))[0-9]+号') as road, count(*)::int as n
    from households where address ~ ' [^ 0-9]+?(路|街|大道)[0-9]+号' and id <> 1
    group by 1, 2 having count(*) >= 40 order by 3 desc, 1, 2 limit 1`.execute(trx);
  const g = rows[0];
  if (!g?.road) return null;
  const hs = await trx.selectFrom('households').select('id')
    .where(sql<boolean>`split_part(region_path, '/', 4) = ${g.community}`).where('address', 'like', `% ${g.road}%`).where('id', '<>', 1).orderBy('id').execute();
  const step = Math.max(1, Math.floor(hs.length / 8));
  return { road: g.road, indexes: hs.filter((_, k) => k % step === 0).slice(0, 8).map((h) => h.id - 1) };
}

/** Generate and write the demo requests; returns how many. Runs inside the demo's transaction. */
export async function loadDemoRequests(trx: DB, opts: { seed: number; scale: number; now?: Date }): Promise<number> {
  const now = opts.now ?? new Date();
  const reference = `${REFERENCE_DATE.year}-${String(REFERENCE_DATE.month).padStart(2, '0')}-${String(REFERENCE_DATE.day).padStart(2, '0')}`;
  const days = Math.max(0, Math.round((Date.parse(chinaDate(now)) - Date.parse(reference)) / 86_400_000));
  const streets = await trx.selectFrom('regions').select('name').where('level', '=', 'street').orderBy('id').execute();
  const communities = await trx.selectFrom('regions').select('name').where('level', '=', 'community').orderBy('id').execute();
  const householdCount = Number((await trx.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const drafts = generateRequests({ seed: opts.seed, scale: opts.scale, households: householdCount, streets: streets.map((s) => s.name), communities: communities.map((c) => c.name) });
  await hotTopicHouseholds(trx).then((t) => { if (t) plantHotTopic(drafts, t.road, t.indexes); });
  const ids = [...new Set(drafts.map((d) => householdOf(d, householdCount)))];
  const households = new Map<number, any>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const h of await trx.selectFrom('households').select(['id', 'address', 'lat', 'lng', 'region_id', 'region_path', 'head_name']).where('id', 'in', ids.slice(i, i + 5000)).execute()) households.set(h.id, h);
  }
  const cats = await trx.selectFrom('request_categories').select(['id', 'code', 'department_code', 'reply_limit', 'urgent_limit']).execute();
  const deps = await trx.selectFrom('departments').select(['id', 'code', 'name', 'kind', 'region_path']).execute();
  const user = async (role: string): Promise<Actor> => {
    const u = await trx.selectFrom('users').select(['id', 'display_name']).where('role', '=', role).orderBy('id').executeTakeFirst();
    return { id: u?.id ?? null, name: u?.display_name ?? role, role };
  };
  const ctx: Ctx = {
    householdCount, cal: await loadCalendar(trx), now, shiftMs: days * 86_400_000, households,
    categories: new Map(cats.map((c) => [c.code, c])),
    departmentByCode: new Map(deps.map((d) => [d.code, d])),
    townships: deps.filter((d) => d.kind === 'township'),
    actors: { cadre: await user('cadre'), grid: await user('grid_worker'), office: await user('dispatcher') },
  };
  const { requests, events } = buildRequestRows(drafts, ctx, opts.seed);
  for (let i = 0; i < requests.length; i += 500) await trx.insertInto('requests').values(requests.slice(i, i + 500) as never).execute();
  for (let i = 0; i < events.length; i += 1000) await trx.insertInto('request_events').values(events.slice(i, i + 1000) as never).execute();
  await sql`select setval(pg_get_serial_sequence('requests', 'id'), ${Math.max(1, requests.length)})`.execute(trx);
  // The demo department handler finds its open orders in the inbox.
  const handler = await trx.selectFrom('users').select(['id', 'department_id']).where('role', '=', 'handler').orderBy('id').executeTakeFirst();
  if (handler?.department_id) {
    const open = requests.filter((r) => r.department_id === handler.department_id && r.status === 'dispatched');
    if (open.length) await trx.insertInto('notifications').values(open.slice(0, 200).map((r) => ({ user_id: handler.id, kind: 'dispatch', request_id: r.id as number, title: `新派单 ${r.code}`, body: String(r.text).slice(0, 80), created_at: r.dispatched_at as Date }))).execute();
  }
  return requests.length;
}
