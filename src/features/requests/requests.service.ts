// Request use cases. Every change is one transaction: the row (with its version checked), the
// timeline event, the audit entry, the inbox notices and the outbox event go together.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Request } from '../../db/schema.ts';
import { Permission, requestsByDepartment, requestsOwnOnly } from '../../domain/access.ts';
import { ACCEPT_WITHIN_WORKDAYS, ACTION_ZH, RULES, STATUS_ZH, childrenSettled, step, type Action, type ActionInput, type RequestState, type Side, type Status } from '../../domain/requests.ts';
import { chinaDate, chinaInstant, deadlineOf, parseTimeLimit, type TimeLimit, type WorkCalendar } from '../../domain/calendar.ts';
import { normalisePhone } from '../../domain/personal-data.ts';
import { canonicalJson } from '../../domain/audit-chain.ts';
import { can, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { BatchLoader, perHandle } from '../../db/batch-loader.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { locateGrid } from '../regions/locate.ts';
import { routeDepartment } from './categories.ts';
import { reference, routeFrom, usersCovering } from './reference.ts';
import { submitIntake, type IntakeRow } from './intake-batch.ts';
import { departmentHandlers, emit, notify, roleUsersCovering } from './notify.ts';
import { canSee, loadVisible, namesFor, presentRequest } from './requests.repo.ts';
import type { IntakeInput } from './requests.schema.ts';

const DAY = 86_400_000;

function limitOf(cat: { reply_limit: string; urgent_limit: string }, urgency: string): TimeLimit {
  return parseTimeLimit(urgency === 'urgent' ? cat.urgent_limit : cat.reply_limit) ?? { amount: 7, unit: 'workdays' };
}
const limitText = (t: TimeLimit) => `${t.amount}${t.unit === 'workdays' ? 'd' : 'h'}`;

async function present(db: DB, actor: Actor, r: Request, cal?: WorkCalendar) {
  return presentRequest(r, actor, await namesFor(db, [r]), cal ?? (await loadCalendar(db)));
}

/** A timeline event; every step writes one, with who, when, from which state to which. */
async function event(trx: DB, actor: Actor, r: Pick<Request, 'id' | 'department_id'>, action: string, from: string | null, to: string | null, note: string | null = null, data: unknown = null) {
  await trx.insertInto('request_events').values({
    request_id: r.id, actor_id: actor.userId, actor_name: actor.displayName || actor.username, actor_role: actor.role,
    action, from_status: from, to_status: to, department_id: r.department_id, note, data: data === null ? null : JSON.stringify(data),
  }).execute();
}

/** What the audit trail keeps of a request: the workflow fields, not the requester's details. */
const auditView = (r: Request) => ({
  code: r.code, status: r.status, category_id: r.category_id, department_id: r.department_id, reply_due: r.reply_due,
  supervision_level: r.supervision_level, reopen_count: r.reopen_count, merged_into: r.merged_into, version: r.version,
});

// ---------------------------------------------------------------- intake

export interface DuplicateQuery { householdId?: number | null; categoryId: number; lat?: number | null; lng?: number | null; at?: Date; excludeId?: number }

/** Metres between two points (haversine). */
export function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000, rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad, dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

interface CandidateQuery { householdId: number | null; categoryId: number; lat: number | null; lng: number | null; at: Date }

/**
 * The candidates of several duplicate checks in one statement: for each check, the household's
 * requests of the category in the 30 days before, and the category's requests within a 50 m box in
 * the 7 days before — each half on its own index, as a lateral subquery per check.
 */
async function duplicateCandidates(db: DB, qs: CandidateQuery[]): Promise<Request[][]> {
  const dLng = (lat: number | null) => (lat == null ? null : 50 / (111_320 * Math.cos((lat * Math.PI) / 180)));
  const { rows } = await sql<Request & { q_index: number }>`
    select q.i as q_index, r.* from unnest(${qs.map((q) => q.householdId)}::int4[], ${qs.map((q) => q.categoryId)}::int4[],
      ${qs.map((q) => q.lat)}::float8[], ${qs.map((q) => q.lng)}::float8[], ${qs.map((q) => dLng(q.lat))}::float8[], ${qs.map((q) => q.at)}::timestamptz[])
      with ordinality as q(h, c, lat, lng, dlng, at, i)
    cross join lateral (
      (select * from requests x where q.h is not null and x.household_id = q.h and x.category_id = q.c and x.status <> 'merged' and x.parent_id is null
         and x.received_at <= q.at + interval '60 seconds' and x.received_at >= q.at - interval '30 days' order by x.received_at desc limit 30)
      union all
      (select * from requests x where q.lat is not null and x.category_id = q.c and x.status <> 'merged' and x.parent_id is null
         and x.lat between q.lat - ${50 / 111_320}::float8 and q.lat + ${50 / 111_320}::float8 and x.lng between q.lng - q.dlng and q.lng + q.dlng
         and x.received_at <= q.at + interval '60 seconds' and x.received_at >= q.at - interval '7 days' order by x.received_at desc limit 30)
    ) r`.execute(db);
  const out: Request[][] = qs.map(() => []);
  for (const { q_index, ...r } of rows) out[Number(q_index) - 1].push(r as Request);
  return out;
}
const duplicateLoader = perHandle((db: DB) => new BatchLoader<CandidateQuery, Request[]>((qs) => duplicateCandidates(db, qs)));

/**
 * Likely duplicates: the same household and category in the last 30 days, or the same category
 * within 50 m in the last 7 days; open or recently finished, never merged ones.
 */
export async function findDuplicates(db: DB, actor: Actor, d: DuplicateQuery) {
  const at = d.at ?? new Date();
  const out = new Map<number, { request: Request; reason: string; distance?: number }>();
  const near = d.lat != null && d.lng != null;
  if (!d.householdId && !near) return [];
  const monthAgo = new Date(at.getTime() - 30 * DAY), weekAgo = new Date(at.getTime() - 7 * DAY);
  // Concurrent checks (intake under load) share one round trip; see duplicateCandidates.
  const candidates = await duplicateLoader(db).load({ householdId: d.householdId ?? null, categoryId: d.categoryId, lat: near ? d.lat! : null, lng: near ? d.lng! : null, at });
  for (const r of candidates) {
    if (d.householdId && r.household_id === d.householdId && new Date(r.received_at) >= monthAgo) {
      out.set(r.id, { request: r, reason: '同一户同类诉求（30天内）|same household and category in the last 30 days' });
      continue;
    }
    if (near && r.lat != null && r.lng != null && new Date(r.received_at) >= weekAgo) {
      const m = metresBetween({ lat: d.lat!, lng: d.lng! }, { lat: r.lat, lng: r.lng });
      if (m <= 50) out.set(r.id, { request: r, reason: `同类诉求，相距约${Math.round(m)}米（7天内）|same category ${Math.round(m)} m away in the last 7 days`, distance: Math.round(m) });
    }
  }
  // Only what the actor may see anyway: a resident is shown their own earlier requests, never a neighbour's.
  const rows = [...out.values()].filter((x) => x.request.id !== d.excludeId && canSee(actor, x.request));
  if (!rows.length) return [];
  const cal = await loadCalendar(db);
  const names = await namesFor(db, rows.map((x) => x.request));
  return rows.map((x) => {
    const p = presentRequest(x.request, actor, names, cal);
    return { id: p.id, code: p.code, text: p.text, status: p.status, statusLabel: p.statusLabel, receivedAt: p.receivedAt, address: p.address, reason: x.reason, distance: x.distance ?? null };
  });
}

const householdLoader = perHandle((db: DB) => new BatchLoader<number, { id: number; address: string; lat: number | null; lng: number | null; region_id: number; region_path: string } | undefined>(async (ids) => {
  const rows = await db.selectFrom('households').select(['id', 'address', 'lat', 'lng', 'region_id', 'region_path']).where('id', 'in', [...new Set(ids)]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}));

interface Place { household_id: number | null; address: string | null; lat: number | null; lng: number | null; region_id: number; region_path: string }

async function placeOf(db: DB, actor: Actor, input: IntakeInput): Promise<Place> {
  if (input.householdId) {
    const h = await householdLoader(db).load(input.householdId);
    if (!h) throw invalid('householdId', '住户不存在', 'no such household', input.householdId);
    if (!requestsOwnOnly(actor.role)) requireInScope(actor, h.region_path, 'householdId');
    return { household_id: h.id, address: input.address ?? h.address, lat: input.lat ?? h.lat, lng: input.lng ?? h.lng, region_id: h.region_id, region_path: h.region_path };
  }
  if (input.regionId) {
    const r = await db.selectFrom('regions').select(['id', 'path', 'level']).where('id', '=', input.regionId).executeTakeFirst();
    if (!r) throw invalid('regionId', '区域不存在', 'no such region', input.regionId);
    requireInScope(actor, r.path, 'regionId');
    return { household_id: null, address: input.address ?? null, lat: input.lat ?? null, lng: input.lng ?? null, region_id: r.id, region_path: r.path };
  }
  if (input.lat != null && input.lng != null) {
    const g = await locateGrid(db, input.lat, input.lng);
    if (!g) throw invalid('lat', '该位置不在本区任何网格内', 'the point lies in no grid of the district', [input.lat, input.lng]);
    requireInScope(actor, g.path, 'lat');
    return { household_id: null, address: input.address ?? null, lat: input.lat, lng: input.lng, region_id: g.id, region_path: g.path };
  }
  throw new AppError('VALIDATION', [{ field: 'householdId', reason: '请选择住户、网格，或给出位置坐标', reason_en: 'give a household, a region or a point (lat/lng)' }]);
}

async function requesterOf(db: DB, actor: Actor, input: IntakeInput, place: Place) {
  const r = input.requester ?? {};
  if (input.anonymous) return { requester_resident_id: null, requester_name: null, requester_phone: null };
  if (r.residentId) {
    const res = await db.selectFrom('residents').select(['id', 'name', 'phone', 'region_path', 'household_id']).where('id', '=', r.residentId).executeTakeFirst();
    if (!res) throw invalid('requester.residentId', '居民不存在', 'no such resident', r.residentId);
    if (requestsOwnOnly(actor.role)) { if (res.household_id !== actor.scope.householdId) throw invalid('requester.residentId', '只能以本户成员身份提交', 'only a member of your own household', r.residentId); }
    else requireInScope(actor, res.region_path, 'requester.residentId');
    return { requester_resident_id: res.id, requester_name: r.name ?? res.name, requester_phone: r.phone ? normalisePhone(r.phone) : res.phone };
  }
  let phone: string | null = null;
  if (r.phone) {
    phone = normalisePhone(r.phone);
    if (!phone) throw invalid('requester.phone', '不是有效的电话号码', 'not a valid phone number', r.phone);
  }
  void place;
  return { requester_resident_id: null, requester_name: r.name ?? (requestsOwnOnly(actor.role) && actor.userId !== null ? actor.displayName : null), requester_phone: phone };
}

export interface IntakeResult { request: ReturnType<typeof presentRequest>; duplicates: Awaited<ReturnType<typeof findDuplicates>>; suggestedDepartment: { id: number; name: string; via: string } | null; replayed: boolean }

/**
 * Record a request once. With an Idempotency-Key, a retry (same user, same key) returns the
 * request the first attempt made; the same key with a different body is a 409.
 */
export async function intake(db: DB, actor: Actor, input: IntakeInput, idempotencyKey: string | null, now = new Date()): Promise<IntakeResult> {
  requirePermission(actor, Permission.RequestCreate);
  const key = idempotencyKey ? `${actor.userId ?? actor.username}:${idempotencyKey}` : null;
  const hash = createHash('sha256').update(canonicalJson(input)).digest('hex');
  if (requestsOwnOnly(actor.role)) {
    if (!actor.scope.householdId) throw new AppError('FORBIDDEN', [{ field: 'householdId', reason: '账号未关联住户', reason_en: 'this account has no household' }]);
    input = { ...input, householdId: actor.scope.householdId, regionId: undefined, channel: 'web' };
  }
  const ref = await reference(db);
  const cat = ref.categories.get(input.categoryId);
  if (!cat || !cat.active) throw invalid('categoryId', '分类不存在或已停用', 'no such category, or it is no longer in use', input.categoryId);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('receivedAt', '受理时间不能晚于现在', 'received time cannot be in the future', input.receivedAt);
  const place = await placeOf(db, actor, input);
  const who = await requesterOf(db, actor, input, place);
  const cal = await loadCalendar(db);
  const limit = limitOf(cat, input.urgency);
  const dispatchers = usersCovering(ref, 'dispatcher', place.region_path);
  // Written with whatever other requests arrive meanwhile (group commit, see intake-batch.ts):
  // the request, its timeline event, audit row, outbox event and inbox notices together. A
  // retried key inserts nothing (on conflict) and is answered with the first request.
  const r: IntakeRow = {
    kind: input.kind, channel: input.channel, category_id: cat.id, text: input.text, urgency: input.urgency,
    ...place, ...who, requester_user_id: requestsOwnOnly(actor.role) ? actor.userId : null,
    anonymous: input.anonymous, confidential: input.confidential, status: 'received',
    received_by: actor.userId, received_at: receivedAt, reply_limit: limitText(limit), deadline_start: receivedAt, reply_due: deadlineOf(cal, receivedAt, limit),
    idempotency_key: key, idempotency_hash: key ? hash : null, visit_client_id: input.visitClientId ?? null,
  };
  const row = await submitIntake(db, {
    actor, row: r, notify: dispatchers,
    audit: (id, code) => ({ action: 'create', entity: 'request', entityId: id, regionPath: r.region_path,
      after: auditView({ ...r, id, code, department_id: null, supervision_level: null, reopen_count: 0, merged_into: null, version: 1 } as unknown as Request) }),
    outbox: (id, code) => ({ id, code, category: cat.code, regionPath: r.region_path, urgency: r.urgency }),
  });
  if (!row) {
    // Another attempt with the same key got in first: answer with its request.
    const prior = key ? await replay(db, actor, key, hash) : null;
    if (prior) return prior;
    throw new AppError('CONFLICT');
  }
  return {
    request: presentRequest(row, actor, await namesFor(db, [row]), cal),
    duplicates: await findDuplicates(db, actor, { householdId: row.household_id, categoryId: row.category_id, lat: row.lat, lng: row.lng, at: receivedAt, excludeId: row.id }),
    suggestedDepartment: routeFrom(ref, row.category_id, row.region_path),
    replayed: false,
  };
}

async function replay(db: DB, actor: Actor, key: string, hash: string): Promise<IntakeResult | null> {
  const prior = await db.selectFrom('requests').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (!prior) return null;
  if (prior.idempotency_hash !== hash) throw new AppError('DUPLICATE', [{ field: 'Idempotency-Key', reason: '该幂等键已用于另一份不同内容的提交', reason_en: 'this Idempotency-Key was already used for a different submission' }]);
  return { request: await present(db, actor, prior), duplicates: [], suggestedDepartment: await routeDepartment(db, prior.category_id, prior.region_path), replayed: true };
}

// ---------------------------------------------------------------- the steps

/** The side the actor takes for this action on this request; 403 when none (or another department's order). */
export function sideFor(actor: Actor, r: Request, action: Action): Side {
  const by = RULES[action].by;
  if (by.includes('department') && can(actor, Permission.RequestHandle)) {
    if (requestsByDepartment(actor.role) && r.department_id !== actor.scope.departmentId)
      throw new AppError('FORBIDDEN', [{ field: 'department', reason: '这不是派给本部门的工单', reason_en: 'this order was not sent to your department' }]);
    return 'department';
  }
  if (by.includes('office') && can(actor, Permission.RequestDispatch)) return 'office';
  if (by.includes('leader') && can(actor, Permission.RequestDecide)) return 'leader';
  throw new AppError('FORBIDDEN', [{ field: 'action', reason: `您的角色不能执行“${ACTION_ZH[action]}”`, reason_en: `your role may not ${action}` }]);
}

export const stateOf = (r: Request, hasChildren: boolean): RequestState => ({
  status: r.status as Status, isChild: r.parent_id !== null, hasChildren, replied: r.replied_at !== null || r.constrained_at !== null && r.status === 'constrained',
  reopenCount: r.reopen_count, extensionPending: r.extension_pending, dispatchedAt: r.dispatched_at ? new Date(r.dispatched_at) : null,
});

export interface ActInput extends ActionInput { version: number; categoryId?: number; note?: string; comment?: string }

const need = (v: string | undefined, field: string, zh: string, en: string) => {
  if (!v || !v.trim()) throw invalid(field, zh, en);
  return v.trim();
};

async function departmentOrThrow(trx: DB, id: number | undefined, field = 'departmentId') {
  if (!id) throw invalid(field, '请选择承办部门', 'choose a department', id);
  const d = await trx.selectFrom('departments').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!d) throw invalid(field, '部门不存在', 'no such department', id);
  return d;
}

/** The end of the n-th working day after an instant's day: the accept deadline, an approved extension. */
const endOfWorkday = (cal: WorkCalendar, from: Date, days: number) => deadlineOf(cal, from, { amount: days, unit: 'workdays' });

/** Take one step on a request (POST /api/requests/:id/actions/:action). */
export async function act(db: DB, actor: Actor, id: number, action: Action, input: ActInput, now = new Date()) {
  requirePermission(actor, Permission.RequestRead);
  const cal = await loadCalendar(db);
  const row = await db.transaction().execute(async (trx) => {
    const r = await loadVisible(trx, actor, id);
    const side = sideFor(actor, r, action);
    const children = r.parent_id === null ? await trx.selectFrom('requests').selectAll().where('parent_id', '=', r.id).orderBy('id').execute() : [];
    const res = step(stateOf(r, children.length > 0), action, side, input, { now, workingDaysSince: (a, b) => cal.workingDaysBetween(chinaDate(a), chinaDate(b)) });
    if (!res.ok) {
      const [zh, en] = res.reason.split('|');
      const allowed = res.allowed.map((a) => ({ action: a, label: ACTION_ZH[a] }));
      throw new AppError(res.code === 'side' ? 'FORBIDDEN' : 'ILLEGAL_STEP', [{ field: 'action', reason: zh, reason_en: en, value: { status: r.status, statusLabel: STATUS_ZH[r.status as Status], allowed } }], zh, en);
    }
    const patch: Record<string, unknown> = { status: res.to };
    let note: string | null = input.note?.trim() || null;
    const recipients: { users: number[]; kind: string; title: string }[] = [];
    const handlersOf = (dep: number | null) => departmentHandlers(trx, dep);
    const coordinator = r.coordinator_id ?? (side === 'office' ? actor.userId : null);
    if (side === 'office' && !r.coordinator_id) patch.coordinator_id = actor.userId;

    switch (action) {
      case 'dispatch': {
        const d = await departmentOrThrow(trx, input.departmentId);
        if (input.categoryId && input.categoryId !== r.category_id) Object.assign(patch, await recategorise(trx, cal, r, input.categoryId));
        Object.assign(patch, { department_id: d.id, dispatched_at: now, accept_due: endOfWorkday(cal, now, ACCEPT_WITHIN_WORKDAYS), accepted_at: null });
        recipients.push({ users: await handlersOf(d.id), kind: 'dispatch', title: `新派单 ${r.code}` });
        note = note ?? `派至${d.name}`;
        break;
      }
      case 'dispatch_joint': {
        const deps = [...new Set(input.departments ?? [])];
        if (deps.length < 2) throw invalid('departments', '联合派单至少选择两个部门', 'a joint order needs at least two departments', deps);
        if (!input.leadDepartmentId || !deps.includes(input.leadDepartmentId)) throw invalid('leadDepartmentId', '请在所选部门中指定牵头部门', 'name the lead among the chosen departments', input.leadDepartmentId);
        for (const dep of deps) await departmentOrThrow(trx, dep, 'departments');
        if (input.categoryId && input.categoryId !== r.category_id) Object.assign(patch, await recategorise(trx, cal, r, input.categoryId));
        patch.department_id = input.leadDepartmentId;
        patch.dispatched_at = now;
        const { rows: names } = await sql<{ id: number; name: string }>`select id, name from departments where id in (${sql.join(deps)})`.execute(trx);
        for (const [i, dep] of deps.entries()) {
          const child = await trx.insertInto('requests').values({
            code: `${r.code}-${i + 1}`, parent_id: r.id, is_lead: dep === input.leadDepartmentId, kind: r.kind, channel: r.channel,
            category_id: (patch.category_id as number) ?? r.category_id, text: r.text, urgency: r.urgency, household_id: r.household_id, address: r.address, lat: r.lat, lng: r.lng,
            region_id: r.region_id, region_path: r.region_path, requester_resident_id: r.requester_resident_id, requester_user_id: r.requester_user_id,
            requester_name: r.requester_name, requester_phone: r.requester_phone, anonymous: r.anonymous, confidential: r.confidential,
            status: 'dispatched', department_id: dep, coordinator_id: coordinator, received_by: r.received_by, received_at: r.received_at,
            dispatched_at: now, accept_due: endOfWorkday(cal, now, ACCEPT_WITHIN_WORKDAYS), reply_limit: (patch.reply_limit as string) ?? r.reply_limit,
            deadline_start: r.deadline_start, reply_due: (patch.reply_due as Date) ?? r.reply_due,
          } as never).returningAll().executeTakeFirstOrThrow();
          await event(trx, actor, child, 'dispatch', null, 'dispatched', `联合办理${dep === input.leadDepartmentId ? '（牵头）' : '（配合）'}`, { parent: r.id });
          recipients.push({ users: await handlersOf(dep), kind: 'dispatch', title: `新派单（联合办理${dep === input.leadDepartmentId ? '，牵头' : ''}）${child.code}` });
        }
        note = note ?? `联合派单：${deps.map((d) => names.find((n) => n.id === d)?.name + (d === input.leadDepartmentId ? '（牵头）' : '')).join('、')}`;
        break;
      }
      case 'escalate':
        note = need(input.reason ?? input.note, 'reason', '请说明上报原因', 'give a reason for escalating');
        recipients.push({ users: await roleUsersCovering(trx, 'leader', r.region_path), kind: 'escalated', title: `待区级决策 ${r.code}` });
        break;
      case 'merge': {
        if (!input.into || input.into === r.id) throw invalid('into', '请选择要合并到的诉求', 'choose the request to merge into', input.into);
        const target = await loadVisible(trx, actor, input.into);
        if (target.parent_id !== null || ['closed', 'merged'].includes(target.status)) throw invalid('into', '目标诉求已结案、已合并或是子工单', 'the target is closed, merged or a child order', input.into);
        patch.merged_into = target.id;
        note = note ?? `合并至 ${target.code}`;
        await event(trx, actor, target, 'merged_in', null, null, `合并 ${r.code}，其诉求人将一并收到答复`, { from: r.id });
        break;
      }
      case 'accept': patch.accepted_at = now; break;
      case 'return':
        note = need(input.reason, 'reason', '请说明退单理由', 'give a reason for returning');
        recipients.push({ users: coordinator ? [coordinator] : await roleUsersCovering(trx, 'dispatcher', r.region_path), kind: 'returned', title: `退单 ${r.code}` });
        break;
      case 'note': note = need(input.text ?? input.note, 'text', '请填写办理进展', 'write the progress note'); break;
      case 'request_extension': {
        const days = input.days;
        if (!days || days < 1 || days > 30) throw invalid('days', '延期天数为 1–30 个工作日', 'extension days must be 1–30 working days', days);
        const reason = need(input.reason, 'reason', '请说明延期理由', 'give a reason for the extension');
        await trx.insertInto('request_extensions').values({ request_id: r.id, department_id: r.department_id, reason, days, requested_by: actor.userId, old_due: r.reply_due }).execute();
        note = `申请延期 ${days} 个工作日：${reason}`;
        recipients.push({ users: coordinator ? [coordinator] : await roleUsersCovering(trx, 'dispatcher', r.region_path), kind: 'extension', title: `延期申请 ${r.code}` });
        break;
      }
      case 'decide_extension': {
        const ext = await trx.selectFrom('request_extensions').selectAll().where('request_id', '=', r.id).where('status', '=', 'pending').orderBy('id', 'desc').executeTakeFirstOrThrow();
        const approve = input.approve === true;
        const newDue = approve ? endOfWorkday(cal, new Date(r.reply_due), ext.days) : null;
        await trx.updateTable('request_extensions').set({ status: approve ? 'approved' : 'refused', decided_by: actor.userId, decided_at: now, decision_note: input.note ?? null, new_due: newDue }).where('id', '=', ext.id).execute();
        if (newDue) Object.assign(patch, { reply_due: newDue, warned_at: null });
        note = approve ? `同意延期 ${ext.days} 个工作日，答复期限改为 ${chinaDate(newDue!)}` : `不同意延期${input.note ? '：' + input.note : ''}，期限不变`;
        recipients.push({ users: await handlersOf(r.department_id), kind: 'extension_decided', title: `延期${approve ? '已批准' : '未批准'} ${r.code}` });
        break;
      }
      case 'constrain': {
        const text = need(input.text, 'text', '请说明受限原因（将告知诉求人）', 'explain the constraint (the requester receives it)');
        Object.assign(patch, { constraint_text: text, constrained_at: now, replied_at: r.replied_at ?? now, first_replied_at: r.first_replied_at ?? now });
        note = text;
        recipients.push({ users: [r.requester_user_id!, ...(await mergedRequesters(trx, r.id))], kind: 'constrained', title: `您的诉求 ${r.code} 暂无法办理，已说明原因` });
        break;
      }
      case 'resume': note = note ?? '条件具备，恢复办理'; break;
      case 'reply': {
        const text = need(input.text, 'text', '请填写答复内容', 'write the reply');
        Object.assign(patch, { reply_text: text, replied_at: now, first_replied_at: r.first_replied_at ?? now });
        note = text;
        recipients.push({ users: [r.requester_user_id!, ...(await mergedRequesters(trx, r.id))], kind: 'replied', title: `您的诉求 ${r.code} 已答复` });
        break;
      }
      case 'resolve': {
        const text = need(input.text, 'text', '请填写办理结果', 'write the result');
        Object.assign(patch, { resolution: text, resolved_at: now });
        note = text;
        if (r.parent_id === null) recipients.push({ users: coordinator ? [coordinator] : await roleUsersCovering(trx, 'dispatcher', r.region_path), kind: 'followup_due', title: `待回访 ${r.code}` });
        break;
      }
      case 'follow_up': {
        if (!input.verdict) throw invalid('verdict', '请选择回访结果', 'choose the verdict');
        Object.assign(patch, { followed_up_at: now, verdict: input.verdict, follow_up_notes: input.note ?? null });
        note = `回访（${input.method === 'site' ? '实地' : '电话'}）：${input.verdict === 'satisfied' ? '满意' : input.verdict === 'basically' ? '基本满意' : '不满意'}${input.note ? '。' + input.note : ''}`;
        if (res.to === 'closed') patch.closed_at = now;
        else {
          const limit = parseTimeLimit(r.reply_limit) ?? { amount: 7, unit: 'workdays' as const };
          Object.assign(patch, { reopen_count: r.reopen_count + 1, deadline_start: now, reply_due: deadlineOf(cal, now, limit), replied_at: null, resolved_at: null, extension_pending: false, warned_at: null });
          recipients.push({ users: await handlersOf(r.department_id), kind: 'reopened', title: `群众不满意，重新办理 ${r.code}` });
        }
        break;
      }
      default:
        throw new AppError('ILLEGAL_STEP', [{ field: 'action', reason: '此步骤由系统执行', reason_en: 'this step is taken by the system' }]);
    }
    if (res.patch.extensionPending !== undefined) patch.extension_pending = res.patch.extensionPending;

    const after: Request = await updateVersioned(trx, 'requests', r.id, input.version, patch);
    await event(trx, actor, after, action, r.status, after.status, note, action === 'follow_up' ? { verdict: input.verdict, method: input.method ?? 'phone' } : null);
    await writeAudit(trx, actor, [{ action, entity: 'request', entityId: r.id, regionPath: r.region_path, before: auditView(r), after: auditView(after), meta: note ? { note: note.slice(0, 500) } : null }]);
    for (const n of recipients) await notify(trx, n.users, { kind: n.kind, requestId: r.id, title: n.title, body: note });
    await emit(trx, `request.${action}`, { id: r.id, code: r.code, from: r.status, to: after.status, departmentId: after.department_id, at: now.toISOString() });

    if (action === 'reply' || action === 'constrain') await answerMerged(trx, actor, after);
    if (action === 'follow_up' && after.status === 'joint') await reopenLeadChild(trx, actor, cal, after, children, now);
    if (after.parent_id !== null && (after.status === 'resolved' || action === 'return')) await settleParent(trx, actor, after.parent_id, now);
    return after;
  });
  return present(db, actor, row, cal);
}

async function recategorise(trx: DB, cal: WorkCalendar, r: Request, categoryId: number) {
  const cat = await trx.selectFrom('request_categories').selectAll().where('id', '=', categoryId).executeTakeFirst();
  if (!cat || !cat.active) throw invalid('categoryId', '分类不存在或已停用', 'no such category, or it is no longer in use', categoryId);
  const limit = limitOf(cat, r.urgency);
  return { category_id: cat.id, reply_limit: limitText(limit), reply_due: deadlineOf(cal, new Date(r.deadline_start), limit), warned_at: null };
}

async function mergedRequesters(trx: DB, id: number): Promise<number[]> {
  const rows = await trx.selectFrom('requests').select('requester_user_id').where('merged_into', '=', id).where('requester_user_id', 'is not', null).execute();
  return rows.map((r) => r.requester_user_id!);
}

/** Requests merged into this one receive its answer too. */
async function answerMerged(trx: DB, actor: Actor, r: Request) {
  const merged = await trx.updateTable('requests').set({ reply_text: r.reply_text ?? r.constraint_text, replied_at: r.replied_at, first_replied_at: sql`coalesce(first_replied_at, ${r.replied_at})`, updated_at: new Date(), version: sql`version + 1` })
    .where('merged_into', '=', r.id).returning(['id', 'department_id']).execute();
  for (const m of merged) await event(trx, actor, m, 'answer_shared', 'merged', 'merged', `随 ${r.code} 一并答复`);
}

/** A joint parent resolves when every child order is resolved; the lead's answer is its answer. */
async function settleParent(trx: DB, actor: Actor, parentId: number, now: Date) {
  const parent = await trx.selectFrom('requests').selectAll().where('id', '=', parentId).forUpdate().executeTakeFirstOrThrow();
  if (parent.status !== 'joint') return;
  const children = await trx.selectFrom('requests').selectAll().where('parent_id', '=', parentId).orderBy('id').execute();
  if (!childrenSettled(children.map((c) => ({ status: c.status as Status })))) return;
  const res = step(stateOf(parent, true), 'children_resolved', 'system', {}, { now });
  if (!res.ok) return;
  const lead = children.find((c) => c.is_lead) ?? children[0];
  const replies = children.map((c) => c.reply_text).filter(Boolean);
  const after: Request = await updateVersioned(trx, 'requests', parent.id, parent.version, {
    status: res.to, reply_text: lead.reply_text ?? replies.join('\n'), replied_at: lead.replied_at ?? now, first_replied_at: parent.first_replied_at ?? lead.first_replied_at ?? now,
    resolution: children.map((c) => c.resolution).filter(Boolean).join('\n'), resolved_at: now,
  });
  const system: Actor = { ...actor };
  await event(trx, system, after, 'children_resolved', parent.status, after.status, '各承办部门均已办结');
  await writeAudit(trx, actor, [{ action: 'children_resolved', entity: 'request', entityId: parent.id, regionPath: parent.region_path, before: auditView(parent), after: auditView(after) }]);
  await notify(trx, [parent.coordinator_id, parent.requester_user_id], { kind: 'followup_due', requestId: parent.id, title: `联合办理已全部办结，待回访 ${parent.code}` });
  await emit(trx, 'request.children_resolved', { id: parent.id, code: parent.code, at: now.toISOString() });
}

async function reopenLeadChild(trx: DB, actor: Actor, cal: WorkCalendar, parent: Request, children: Request[], now: Date) {
  const lead = children.find((c) => c.is_lead) ?? children[0];
  if (!lead) return;
  const res = step(stateOf(lead, false), 'reopen_child', 'system', {}, { now });
  if (!res.ok) return;
  const limit = parseTimeLimit(lead.reply_limit) ?? { amount: 7, unit: 'workdays' as const };
  const after: Request = await updateVersioned(trx, 'requests', lead.id, lead.version, {
    status: res.to, reopen_count: lead.reopen_count + 1, deadline_start: now, reply_due: parent.reply_due ?? deadlineOf(cal, now, limit), replied_at: null, resolved_at: null, warned_at: null,
  });
  await event(trx, actor, after, 'reopen_child', lead.status, after.status, '群众不满意，牵头部门重新办理');
  await writeAudit(trx, actor, [{ action: 'reopen_child', entity: 'request', entityId: lead.id, regionPath: lead.region_path, before: auditView(lead), after: auditView(after) }]);
  await notify(trx, await departmentHandlers(trx, lead.department_id), { kind: 'reopened', requestId: lead.id, title: `群众不满意，重新办理 ${lead.code}` });
}

// ---------------------------------------------------------------- supervision, reveal, timeline

export async function supervise(db: DB, actor: Actor, id: number, input: { version: number; level: 'normal' | 'yellow' | 'red'; comment: string; due?: string | null }) {
  requirePermission(actor, Permission.RequestSupervise);
  const cal = await loadCalendar(db);
  const row = await db.transaction().execute(async (trx) => {
    const r = await loadVisible(trx, actor, id);
    if (['closed', 'merged'].includes(r.status)) throw new AppError('ILLEGAL_STEP', [{ field: 'action', reason: `当前状态“${STATUS_ZH[r.status as Status]}”不能督办`, reason_en: `cannot supervise a request that is ${r.status}`, value: { status: r.status, allowed: [] } }]);
    const after: Request = await updateVersioned(trx, 'requests', r.id, input.version, { supervision_level: input.level, supervision_comment: input.comment, supervision_due: input.due ?? null });
    await trx.insertInto('request_supervisions').values({ request_id: r.id, level: input.level, comment: input.comment, due: input.due ?? null, by_id: actor.userId, by_name: actor.displayName || actor.username }).execute();
    const label = { normal: '督办', yellow: '黄牌督办', red: '红牌督办（挂牌）' }[input.level];
    await event(trx, actor, after, 'supervise', r.status, r.status, `${label}：${input.comment}${input.due ? `（${input.due}前）` : ''}`, { level: input.level, due: input.due ?? null });
    await writeAudit(trx, actor, [{ action: 'supervise', entity: 'request', entityId: r.id, regionPath: r.region_path, before: auditView(r), after: auditView(after), meta: { comment: input.comment } }]);
    const kids = await trx.selectFrom('requests').select('department_id').where('parent_id', '=', r.id).execute();
    const deps = [r.department_id, ...kids.map((k) => k.department_id)];
    const users = (await Promise.all(deps.map((d) => departmentHandlers(trx, d)))).flat();
    await notify(trx, users, { kind: 'supervised', requestId: r.id, title: `${label} ${r.code}`, body: input.comment });
    await emit(trx, 'request.supervised', { id: r.id, code: r.code, level: input.level, departmentId: r.department_id });
    return after;
  });
  return present(db, actor, row, cal);
}

export async function revealRequester(db: DB, actor: Actor, id: number) {
  requirePermission(actor, Permission.PersonalDataReveal);
  const r = await loadVisible(db, actor, id);
  if (r.anonymous || (r.confidential && requestsByDepartment(actor.role))) throw new AppError('FORBIDDEN', [{ field: 'requester', reason: '匿名或保密诉求不显示诉求人', reason_en: 'the requester of an anonymous or confidential request is not shown' }]);
  await db.transaction().execute((trx) => writeAudit(trx, actor, [{ action: 'unmask', entity: 'request', entityId: r.id, regionPath: r.region_path, meta: { fields: ['requester_phone'] } }]));
  return { phone: r.requester_phone };
}

export async function timeline(db: DB, actor: Actor, id: number) {
  const r = await loadVisible(db, actor, id);
  const ids = [r.id, ...(await db.selectFrom('requests').select('id').where('parent_id', '=', r.id).execute()).map((x) => x.id)];
  const rows = await db.selectFrom('request_events as e').leftJoin('departments as d', 'd.id', 'e.department_id').leftJoin('requests as r', 'r.id', 'e.request_id')
    .select(['e.id', 'e.request_id', 'r.code', 'r.received_at', 'e.at', 'e.actor_name', 'e.actor_role', 'e.action', 'e.from_status', 'e.to_status', 'd.name as department', 'e.note', 'e.data'])
    .where('e.request_id', 'in', ids).orderBy('e.at').orderBy('e.id').execute();
  return rows.map((e) => ({
    id: e.id, requestId: e.request_id, code: e.code, at: e.at, actor: e.actor_name, actorRole: e.actor_role, action: e.action,
    actionLabel: (ACTION_ZH as Record<string, string>)[e.action] ?? ({ intake: '登记受理', merged_in: '合并', answer_shared: '一并答复', supervise: '督办', topic: '纳入专题' } as Record<string, string>)[e.action] ?? e.action,
    from: e.from_status, to: e.to_status, toLabel: e.to_status ? STATUS_ZH[e.to_status as Status] : null, department: e.department, note: e.note, data: e.data,
    // A request entered later (a letter, a visit written up that evening): when it was really received.
    receivedAt: e.action === 'intake' && e.received_at && Math.abs(new Date(e.received_at).getTime() - new Date(e.at).getTime()) > 10 * 60_000 ? e.received_at : null,
  }));
}

