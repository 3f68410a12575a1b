// Recording visits (走访) and reading them back; household events and the timely-visit tasks they
// open; what a cadre's field app lists (my households, my tasks). A visit is written once per
// client id, so the field app may resend it as often as the network makes it.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { chinaDate } from '../../domain/calendar.ts';
import {
  EVENT_KIND_ZH, VISIT_KIND_ZH, priorityDue, timelyDueOn, upcomingServiceDays, visitProblem, type EventKind, type VisitKind,
} from '../../domain/visits.ts';
import { inScope, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { liaisonSettings } from './settings.ts';

export interface VisitInput {
  clientId: string; householdIds: number[]; visitedOn: string; kind: VisitKind;
  notes?: string | null; cadreIds?: number[]; serviceDay?: string | null;
}

/** The longest region path every household lies under (a visit's own scope). */
export function commonPath(paths: string[]): string {
  let p = paths[0] ?? '/';
  for (const q of paths) while (!q.startsWith(p)) p = p.slice(0, p.lastIndexOf('/', p.length - 2) + 1) || '/';
  return p;
}

async function cadreOf(db: DB, actor: Actor): Promise<number | null> {
  if (!actor.userId) return null;
  const u = await db.selectFrom('users').select('cadre_id').where('id', '=', actor.userId).executeTakeFirst();
  return u?.cadre_id ?? null;
}

/** The active groups a cadre belongs to. */
async function groupsOfCadre(db: DB, cadreId: number | null): Promise<number[]> {
  if (!cadreId) return [];
  const rows = await db.selectFrom('liaison_group_members as m').innerJoin('liaison_groups as g', 'g.id', 'm.group_id')
    .select('g.id').where('m.cadre_id', '=', cadreId).where('g.active', '=', true).orderBy('g.id').execute();
  return rows.map((r) => r.id);
}

/** How a visit reads in the API: kinds in Chinese, who went, each household with the group it was recorded for. */
export async function presentVisits(db: DB, ids: number[]) {
  if (!ids.length) return [];
  const visits = await db.selectFrom('visits').selectAll().where('id', 'in', ids).execute();
  const hh = await db.selectFrom('visit_households as vh').innerJoin('households as h', 'h.id', 'vh.household_id')
    .leftJoin('liaison_groups as g', 'g.id', 'vh.group_id')
    .select(['vh.visit_id', 'h.id', 'h.address', 'h.head_name', 'vh.group_id', 'g.name as group_name']).where('vh.visit_id', 'in', ids).orderBy('h.id').execute();
  const cadreIds = [...new Set(visits.flatMap((v) => v.cadre_ids))];
  const names = new Map((cadreIds.length ? await db.selectFrom('cadres').select(['id', 'name']).where('id', 'in', cadreIds).execute() : []).map((c) => [c.id, c.name]));
  const userIds = [...new Set(visits.map((v) => v.recorded_by).filter((x): x is number => x != null))];
  const users = new Map((userIds.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : []).map((u) => [u.id, u.display_name]));
  const byId = new Map(visits.map((v) => [v.id, {
    id: v.id, clientId: v.client_id, visitedOn: v.visited_on, kind: v.kind, kindLabel: VISIT_KIND_ZH[v.kind as VisitKind] ?? v.kind,
    notes: v.notes, serviceDay: v.service_day, cadres: v.cadre_ids.map((id) => ({ id, name: names.get(id) ?? String(id) })),
    households: hh.filter((x) => x.visit_id === v.id).map((x) => ({ id: x.id, address: x.address, headName: x.head_name, groupId: x.group_id, groupName: x.group_name })),
    recordedBy: v.recorded_by ? { id: v.recorded_by, name: users.get(v.recorded_by) ?? '' } : null, createdAt: v.created_at,
  }]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

/**
 * Record a visit once. The same client id again answers with the visit already recorded. Each
 * household is recorded for the group that went: the visiting cadres' group when the household
 * was reassigned since (an offline visit replayed later), otherwise the household's group.
 */
export async function recordVisit(db: DB, actor: Actor, input: VisitInput, now = new Date()) {
  requirePermission(actor, Permission.VisitRecord);
  const prior = await db.selectFrom('visits').select('id').where('client_id', '=', input.clientId).executeTakeFirst();
  if (prior) return { visit: (await presentVisits(db, [prior.id]))[0], replayed: true };
  const problem = visitProblem(input, chinaDate(now));
  if (problem) throw new AppError('VALIDATION', [problem]);
  const households = await db.selectFrom('households').select(['id', 'region_path']).where('id', 'in', input.householdIds).execute();
  for (const id of input.householdIds) if (!households.some((h) => h.id === id)) throw invalid('householdIds', `住户 ${id} 不存在`, `no household ${id}`, id);
  for (const h of households) requireInScope(actor, h.region_path, 'householdIds');
  const own = await cadreOf(db, actor);
  const cadreIds = input.cadreIds?.length ? [...new Set(input.cadreIds)] : own ? [own] : [];
  if (cadreIds.length) {
    const found = await db.selectFrom('cadres').select('id').where('id', 'in', cadreIds).execute();
    for (const id of cadreIds) if (!found.some((c) => c.id === id)) throw invalid('cadreIds', `干部 ${id} 不存在`, `no cadre ${id}`, id);
  }
  const current = new Map((await db.selectFrom('household_liaisons').select(['household_id', 'group_id']).where('household_id', 'in', input.householdIds).execute())
    .map((r) => [r.household_id, r.group_id]));
  const visiting = cadreIds.length ? (await db.selectFrom('liaison_group_members as m').innerJoin('liaison_groups as g', 'g.id', 'm.group_id')
    .select('g.id').where('m.cadre_id', 'in', cadreIds).where('g.active', '=', true).orderBy('g.id').execute()).map((g) => g.id) : [];
  const groupFor = (h: number) => {
    const now = current.get(h) ?? null;
    if (now != null && (visiting.includes(now) || !visiting.length)) return now;
    return visiting[0] ?? now;
  };
  const path = commonPath(households.map((h) => h.region_path));
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('visits').values({
      client_id: input.clientId, kind: input.kind, visited_on: input.visitedOn, notes: input.notes?.trim() || null, cadre_ids: cadreIds,
      service_day: input.kind === 'contact_day' ? input.serviceDay ?? null : null, region_path: path, recorded_by: actor.userId,
    }).onConflict((oc) => oc.column('client_id').doNothing()).returning('id').executeTakeFirst();
    if (!row) return null; // the same visit arrived twice at once: the other copy wrote it
    await trx.insertInto('visit_households').values(households.map((h) => ({
      visit_id: row.id, household_id: h.id, group_id: groupFor(h.id), region_path: h.region_path, visited_on: input.visitedOn,
    }))).execute();
    // Last visit: only ever moves forward, so an older visit replayed late changes nothing.
    await sql`insert into household_last_visits (household_id, visited_on, visit_id)
      select u.h, ${input.visitedOn}::date, ${row.id}::int from unnest(${households.map((h) => h.id)}::int4[]) as u(h)
      on conflict (household_id) do update set visited_on = excluded.visited_on, visit_id = excluded.visit_id
      where household_last_visits.visited_on <= excluded.visited_on`.execute(trx);
    // A visit on or after an event answers its timely-visit task.
    const closed = await trx.updateTable('visit_tasks').set({ status: 'done', done_visit_id: row.id, closed_at: new Date() })
      .where('status', '=', 'open').where('household_id', 'in', households.map((h) => h.id))
      .where((eb) => eb.or([eb('event_id', 'is', null), eb.exists(eb.selectFrom('household_events as e').select('e.id')
        .whereRef('e.id', '=', 'visit_tasks.event_id').where('e.occurred_on', '<=', input.visitedOn))]))
      .returning('id').execute();
    await writeAudit(trx, actor, [{
      action: 'create', entity: 'visit', entityId: row.id, regionPath: path,
      after: { clientId: input.clientId, kind: input.kind, visitedOn: input.visitedOn, households: households.map((h) => h.id), cadres: cadreIds, tasksClosed: closed.map((t) => t.id) },
    }]);
    return row.id;
  });
  if (id === null) {
    const again = await db.selectFrom('visits').select('id').where('client_id', '=', input.clientId).executeTakeFirstOrThrow();
    return { visit: (await presentVisits(db, [again.id]))[0], replayed: true };
  }
  return { visit: (await presentVisits(db, [id]))[0], replayed: false };
}

export interface VisitFilters { householdId?: number; groupId?: number; from?: string; to?: string; kind?: string; page: number; pageSize: number }

export async function listVisits(db: DB, actor: Actor, f: VisitFilters) {
  requirePermission(actor, Permission.RegistryRead);
  let q = inScope(db.selectFrom('visit_households').select('visit_id'), actor, 'region_path');
  if (f.householdId) q = q.where('household_id', '=', f.householdId);
  if (f.groupId) q = q.where('group_id', '=', f.groupId);
  if (f.from) q = q.where('visited_on', '>=', f.from);
  if (f.to) q = q.where('visited_on', '<=', f.to);
  let v = db.selectFrom('visits').select(['id', 'visited_on']).where('id', 'in', q);
  if (f.kind) v = v.where('kind', '=', f.kind);
  const total = Number((await db.selectFrom(v.as('x')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await v.orderBy('visited_on', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { items: await presentVisits(db, rows.map((r) => r.id)), total, page: f.page, pageSize: f.pageSize };
}

async function householdInScope(db: DB, actor: Actor, id: number) {
  const h = await db.selectFrom('households').select(['id', 'region_path', 'address']).where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('住户');
  requireInScope(actor, h.region_path, 'householdId');
  return h;
}

// ---------------------------------------------------------------- events and timely visits

export async function recordEvent(db: DB, actor: Actor, householdId: number, input: { kind: EventKind; occurredOn: string; note?: string | null }, now = new Date()) {
  requirePermission(actor, Permission.VisitRecord);
  const h = await householdInScope(db, actor, householdId);
  if (input.occurredOn > chinaDate(now)) throw invalid('occurredOn', '日期不能晚于今天', 'the date cannot be in the future', input.occurredOn);
  const settings = await liaisonSettings(db);
  const dueOn = timelyDueOn(input.occurredOn, input.kind, settings);
  return db.transaction().execute(async (trx) => {
    const ev = await trx.insertInto('household_events').values({
      household_id: h.id, kind: input.kind, occurred_on: input.occurredOn, note: input.note?.trim() || null, region_path: h.region_path, created_by: actor.userId,
    }).returning(['id', 'kind', 'occurred_on', 'note', 'created_at']).executeTakeFirstOrThrow();
    const task = await trx.insertInto('visit_tasks').values({ household_id: h.id, event_id: ev.id, due_on: dueOn, region_path: h.region_path })
      .returning(['id', 'due_on']).executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [
      { action: 'create', entity: 'household_event', entityId: ev.id, regionPath: h.region_path, after: { household: h.id, kind: input.kind, occurredOn: input.occurredOn } },
      { action: 'create', entity: 'visit_task', entityId: task.id, regionPath: h.region_path, after: { household: h.id, dueOn } },
    ]);
    return {
      event: { id: ev.id, householdId: h.id, kind: ev.kind, kindLabel: EVENT_KIND_ZH[ev.kind as EventKind], occurredOn: ev.occurred_on, note: ev.note, createdAt: ev.created_at },
      task: { id: task.id, dueOn: task.due_on },
    };
  });
}

export async function householdEvents(db: DB, actor: Actor, householdId: number) {
  requirePermission(actor, Permission.RegistryRead);
  await householdInScope(db, actor, householdId);
  const rows = await db.selectFrom('household_events as e').leftJoin('visit_tasks as t', 't.event_id', 'e.id')
    .select(['e.id', 'e.kind', 'e.occurred_on', 'e.note', 'e.created_at', 't.id as task_id', 't.due_on', 't.status'])
    .where('e.household_id', '=', householdId).orderBy('e.occurred_on', 'desc').orderBy('e.id', 'desc').execute();
  return { items: rows.map((r) => ({ id: r.id, kind: r.kind, kindLabel: EVENT_KIND_ZH[r.kind as EventKind], occurredOn: r.occurred_on, note: r.note, createdAt: r.created_at,
    task: r.task_id ? { id: r.task_id, dueOn: r.due_on, status: r.status } : null })) };
}

// ---------------------------------------------------------------- the field app's lists

async function priorityTags(db: DB): Promise<string[]> {
  return (await db.selectFrom('household_tags').select('name').where('priority', '=', true).execute()).map((t) => t.name);
}

export async function fieldMe(db: DB, actor: Actor, now = new Date()) {
  const cadreId = await cadreOf(db, actor);
  const cadre = cadreId ? await db.selectFrom('cadres').select(['id', 'name']).where('id', '=', cadreId).executeTakeFirst() : null;
  const groupIds = await groupsOfCadre(db, cadreId);
  const groups = groupIds.length ? await db.selectFrom('liaison_groups as g').innerJoin('departments as d', 'd.id', 'g.department_id')
    .select(['g.id', 'g.name', 'd.name as department_name']).where('g.id', 'in', groupIds).orderBy('g.id').execute() : [];
  const members = groupIds.length ? await db.selectFrom('liaison_group_members as m').innerJoin('cadres as c', 'c.id', 'm.cadre_id')
    .select(['m.group_id', 'c.id', 'c.name', 'c.phone']).where('m.group_id', 'in', groupIds).orderBy('c.id').execute() : [];
  const settings = await liaisonSettings(db);
  return {
    user: { id: actor.userId, displayName: actor.displayName, role: actor.role },
    cadre: cadre ?? null,
    groups: groups.map((g) => ({ id: g.id, name: g.name, departmentName: g.department_name, members: members.filter((m) => m.group_id === g.id).map((m) => ({ id: m.id, name: m.name, phone: m.phone })) })),
    settings,
    nextServiceDays: upcomingServiceDays(chinaDate(now), settings.serviceDays, 3),
  };
}

interface HouseholdRow {
  id: number; external_code: string; address: string; head_name: string | null; tags: string[] | null; region_path: string;
  group_id: number | null; group_name: string | null; last_visit: string | null; assigned_at: Date | null;
}

function presentFieldHousehold(h: HouseholdRow, prio: string[], interval: number, today: string) {
  const priority = (h.tags ?? []).some((t) => prio.includes(t));
  const due = priority ? priorityDue(h.last_visit, h.assigned_at ? chinaDate(h.assigned_at) : today, interval, today) : null;
  return {
    id: h.id, code: h.external_code, address: h.address, headName: h.head_name, tags: h.tags ?? [], priority,
    groupId: h.group_id, groupName: h.group_name, lastVisitOn: h.last_visit, nextDueOn: due?.dueOn ?? null, overdue: due?.overdue ?? false,
  };
}

function householdsQuery(db: DB) {
  return db.selectFrom('households as h')
    .innerJoin('household_liaisons as l', 'l.household_id', 'h.id')
    .innerJoin('liaison_groups as g', 'g.id', 'l.group_id')
    .leftJoin('household_last_visits as lv', 'lv.household_id', 'h.id')
    .select(['h.id', 'h.external_code', 'h.address', 'h.head_name', 'h.tags', 'h.region_path', 'l.group_id', 'g.name as group_name', 'lv.visited_on as last_visit', 'l.assigned_at']);
}

/** My households: a cadre's groups' households; for others, grouped households in their scope. */
export async function fieldHouseholds(db: DB, actor: Actor, opts: { q?: string; limit: number }, now = new Date()) {
  requirePermission(actor, Permission.RegistryRead);
  const groupIds = await groupsOfCadre(db, await cadreOf(db, actor));
  let q = householdsQuery(db);
  q = groupIds.length ? q.where('l.group_id', 'in', groupIds) : inScope(q, actor, 'h.region_path');
  if (opts.q) q = q.where((eb) => eb.or([eb('h.address', 'like', `%${opts.q}%`), eb('h.head_name', 'like', `%${opts.q}%`)]));
  const rows = await q.orderBy('h.address').limit(opts.limit).execute() as HouseholdRow[];
  const [prio, settings] = [await priorityTags(db), await liaisonSettings(db)];
  const today = chinaDate(now);
  const items = rows.map((h) => presentFieldHousehold(h, prio, settings.priorityIntervalDays, today));
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || Number(b.priority) - Number(a.priority) || a.address.localeCompare(b.address, 'zh'));
  return { items };
}

export interface TaskQuery { mine?: boolean; status: 'open' | 'overdue'; regionId?: number; limit: number }

/**
 * Visits owed: priority households past (or, for "open", within a week of) their interval, and
 * open timely-visit tasks from events. A cadre's own list with `mine`; the office's by scope.
 */
export async function visitTasks(db: DB, actor: Actor, t: TaskQuery, now = new Date()) {
  requirePermission(actor, Permission.RegistryRead);
  const today = chinaDate(now);
  const settings = await liaisonSettings(db);
  const prio = await priorityTags(db);
  let path = actor.scope.regionPath;
  if (t.regionId) {
    const r = await db.selectFrom('regions').select('path').where('id', '=', t.regionId).executeTakeFirst();
    if (!r) throw invalid('regionId', '区域不存在', 'no such region', t.regionId);
    requireInScope(actor, r.path, 'regionId');
    path = r.path;
  }
  const groupIds = t.mine ? await groupsOfCadre(db, await cadreOf(db, actor)) : [];
  const mineOnly = t.mine && groupIds.length > 0;
  const horizon = t.status === 'overdue' ? today : chinaDate(new Date(now.getTime() + 7 * 86_400_000));
  const within = <Q extends { where: any }>(q: Q, col: string): Q => (mineOnly ? q : (path === '/' ? q : (q as any).where(col, 'like', `${path ?? '\u0000'}%`)));
  // Priority households whose last visit (or assignment) plus the interval falls before the horizon.
  const cutoff = chinaDate(new Date(Date.parse(`${horizon}T00:00:00Z`) - settings.priorityIntervalDays * 86_400_000));
  let pq = householdsQuery(db).where('h.tags', '&&', sql<string[]>`${prio}::text[]`)
    .where((eb) => eb.or([eb('lv.visited_on', '<', cutoff), eb.and([eb('lv.visited_on', 'is', null), eb('l.assigned_at', '<', new Date(`${cutoff}T00:00:00+08:00`))])]));
  if (mineOnly) pq = pq.where('l.group_id', 'in', groupIds);
  pq = within(pq, 'h.region_path');
  const priority = prio.length ? (await pq.orderBy('lv.visited_on').limit(t.limit).execute() as HouseholdRow[]) : [];
  let tq = db.selectFrom('visit_tasks as t').innerJoin('households as h', 'h.id', 't.household_id')
    .leftJoin('household_events as e', 'e.id', 't.event_id')
    .leftJoin('household_liaisons as l', 'l.household_id', 'h.id').leftJoin('liaison_groups as g', 'g.id', 'l.group_id')
    .select(['t.id', 't.due_on', 'e.kind as event_kind', 'e.note as event_note', 'e.occurred_on', 'h.id as household_id', 'h.address', 'h.head_name', 'l.group_id', 'g.name as group_name'])
    .where('t.status', '=', 'open');
  if (t.status === 'overdue') tq = tq.where('t.due_on', '<', today);
  if (mineOnly) tq = tq.where('l.group_id', 'in', groupIds);
  tq = within(tq, 't.region_path');
  const timely = await tq.orderBy('t.due_on').limit(t.limit).execute();
  const items = [
    ...timely.map((x) => ({
      key: `timely-${x.id}`, kind: 'timely' as const, taskId: x.id, householdId: x.household_id, address: x.address, headName: x.head_name,
      reason: `${EVENT_KIND_ZH[x.event_kind as EventKind] ?? '变故'}（${x.occurred_on}）${x.event_note ? `：${x.event_note}` : ''}`,
      dueOn: x.due_on, overdue: x.due_on < today, groupId: x.group_id, groupName: x.group_name,
    })),
    ...priority.map((h) => {
      const p = presentFieldHousehold(h, prio, settings.priorityIntervalDays, today);
      return {
        key: `priority-${h.id}`, kind: 'priority' as const, taskId: null, householdId: h.id, address: h.address, headName: h.head_name,
        reason: `重点户（${p.tags.filter((x) => prio.includes(x)).join('、')}）${h.last_visit ? `上次走访 ${h.last_visit}` : '尚未走访'}`,
        dueOn: p.nextDueOn!, overdue: p.overdue, groupId: h.group_id, groupName: h.group_name,
      };
    }).filter((x) => t.status === 'open' || x.overdue),
  ].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return { items: items.slice(0, t.limit) };
}
