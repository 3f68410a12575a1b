// Reading requests: who may see which (region, department's orders, the resident's own), the
// list with the board's order, and how a request is shown (requester masked or hidden).
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Database, Request } from '../../db/schema.ts';
import { Permission, requestsByDepartment, requestsOwnOnly } from '../../domain/access.ts';
import { addDays, chinaInstant, warningColour, parseTimeLimit, type WarningPolicy, type WorkCalendar } from '../../domain/calendar.ts';
import { maskPhone } from '../../domain/personal-data.ts';
import { AWAITING_REPLY, CHANNEL_ZH, KIND_ZH, STATUS_ZH, SUPERVISION_ZH, VERDICT_ZH, type Channel, type Kind, type Status, type SupervisionLevel, type Verdict } from '../../domain/requests.ts';
import { likeEscape } from '../../domain/text-search.ts';
import { can, type Actor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { reference } from './reference.ts';

type Q = SelectQueryBuilder<Database, 'requests', any>;

/** Narrow a query on requests to what the actor may see. */
export function visibleRequests<T extends Q>(q: T, actor: Actor): T {
  if (requestsOwnOnly(actor.role)) return q.where('requests.requester_user_id', '=', actor.userId ?? -1) as T;
  if (requestsByDepartment(actor.role)) return q.where('requests.department_id', '=', actor.scope.departmentId ?? -1) as T;
  const path = actor.scope.regionPath;
  if (!path) return q.where(sql<boolean>`false`) as T;
  if (path === '/') return q;
  return q.where('requests.region_path', 'like', `${path}%`) as T;
}

export function canSee(actor: Actor, r: Pick<Request, 'requester_user_id' | 'department_id' | 'region_path'>, childDepartments: number[] = []): boolean {
  if (requestsOwnOnly(actor.role)) return r.requester_user_id !== null && r.requester_user_id === actor.userId;
  if (requestsByDepartment(actor.role)) return actor.scope.departmentId !== null && (r.department_id === actor.scope.departmentId || childDepartments.includes(actor.scope.departmentId));
  const path = actor.scope.regionPath;
  return !!path && r.region_path.startsWith(path);
}

export async function loadVisible(db: DB, actor: Actor, id: number): Promise<Request> {
  const r = await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', [], '诉求不存在');
  if (!canSee(actor, r)) {
    const kids = requestsByDepartment(actor.role) ? (await db.selectFrom('requests').select('department_id').where('parent_id', '=', id).execute()).map((k) => k.department_id!) : [];
    if (!canSee(actor, r, kids)) throw new AppError('OUT_OF_SCOPE', [{ field: 'id', reason: '不在您的管辖范围内', reason_en: 'outside your scope' }]);
  }
  return r;
}

export interface Names { categories: Map<number, { code: string; name: string }>; departments: Map<number, string>; regions: Map<number, string>; warning?: WarningPolicy }

export async function namesFor(db: DB, _rows: Request[]): Promise<Names> {
  const ref = await reference(db);
  return {
    categories: ref.categories as unknown as Names['categories'],
    departments: ref.departmentNames,
    regions: ref.regions,
    warning: ref.warning,
  };
}

/** The warning colour of an open request; null once it is answered or finished. */
export function colourOf(cal: WorkCalendar, r: Request, now = new Date(), policy?: WarningPolicy) {
  if (!AWAITING_REPLY.includes(r.status as Status)) return null;
  const unit = parseTimeLimit(r.reply_limit)?.unit ?? 'workdays';
  return warningColour(cal, now, new Date(r.deadline_start), new Date(r.reply_due), policy, unit);
}

/** How a request is shown to this actor: the requester's phone masked, hidden from departments when confidential. */
export function presentRequest(r: Request, actor: Actor, names: Names, cal: WorkCalendar, now = new Date()) {
  const hideRequester = r.anonymous || (r.confidential && requestsByDepartment(actor.role));
  const cat = names.categories.get(r.category_id);
  return {
    id: r.id, code: r.code, parentId: r.parent_id, isLead: r.is_lead,
    kind: r.kind, kindLabel: KIND_ZH[r.kind as Kind], channel: r.channel, channelLabel: CHANNEL_ZH[r.channel as Channel],
    category: { id: r.category_id, code: cat?.code ?? null, name: cat?.name ?? null },
    text: r.text, urgency: r.urgency,
    householdId: hideRequester && requestsByDepartment(actor.role) ? null : r.household_id,
    address: r.address, lat: r.lat, lng: r.lng, region: { id: r.region_id, name: names.regions.get(r.region_id) ?? null },
    requester: hideRequester
      ? { hidden: true, reason: r.anonymous ? 'anonymous' : 'confidential', label: r.anonymous ? '匿名' : '保密（对承办部门隐藏）' }
      : { hidden: false, residentId: r.requester_resident_id, name: r.requester_name, phone: maskPhone(r.requester_phone) },
    anonymous: r.anonymous, confidential: r.confidential,
    status: r.status, statusLabel: STATUS_ZH[r.status as Status],
    department: r.department_id ? { id: r.department_id, name: names.departments.get(r.department_id) ?? null } : null,
    coordinatorId: r.coordinator_id,
    receivedAt: r.received_at, dispatchedAt: r.dispatched_at, acceptDue: r.accept_due, acceptedAt: r.accepted_at,
    replyLimit: r.reply_limit, replyDue: r.reply_due, repliedAt: r.replied_at, firstRepliedAt: r.first_replied_at, replyText: r.reply_text,
    resolvedAt: r.resolved_at, resolution: r.resolution, constrainedAt: r.constrained_at, constraintText: r.constraint_text,
    followedUpAt: r.followed_up_at, verdict: r.verdict, verdictLabel: r.verdict ? VERDICT_ZH[r.verdict as Verdict] : null, followUpNotes: r.follow_up_notes,
    closedAt: r.closed_at, reopenCount: r.reopen_count, extensionPending: r.extension_pending,
    supervision: r.supervision_level ? { level: r.supervision_level, label: SUPERVISION_ZH[r.supervision_level as SupervisionLevel], comment: r.supervision_comment, due: r.supervision_due } : null,
    mergedInto: r.merged_into,
    colour: colourOf(cal, r, now, names.warning),
    canRevealPhone: !hideRequester && !!r.requester_phone && can(actor, Permission.PersonalDataReveal),
    version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
export type PresentedRequest = ReturnType<typeof presentRequest>;

export interface ListFilters {
  status?: string[]; q?: string; categoryId?: number; departmentId?: number; channel?: string; kind?: string;
  regionPath?: string; colour?: 'red' | 'yellow' | 'green'; supervised?: boolean; parentId?: number; topLevel?: boolean;
  from?: string; to?: string; householdId?: number; queue?: 'board' | 'department' | 'followup' | 'supervision';
}

/** The list: filters, then the board order (overdue first, then supervision level, then nearest deadline). */
export function listQuery(db: DB, actor: Actor, f: ListFilters) {
  let q = visibleRequests(db.selectFrom('requests').selectAll('requests'), actor);
  if (f.status?.length) q = q.where('requests.status', 'in', f.status);
  if (f.categoryId) q = q.where('requests.category_id', '=', f.categoryId);
  if (f.departmentId) q = q.where('requests.department_id', '=', f.departmentId);
  if (f.channel) q = q.where('requests.channel', '=', f.channel);
  if (f.kind) q = q.where('requests.kind', '=', f.kind);
  if (f.regionPath) q = q.where('requests.region_path', 'like', `${f.regionPath}%`);
  if (f.householdId) q = q.where('requests.household_id', '=', f.householdId);
  if (f.supervised) q = q.where('requests.supervision_level', 'is not', null);
  if (f.parentId) q = q.where('requests.parent_id', '=', f.parentId);
  else if (f.topLevel) q = q.where('requests.parent_id', 'is', null);
  if (f.from) q = q.where('requests.received_at', '>=', chinaInstant(f.from));
  if (f.to) q = q.where('requests.received_at', '<', chinaInstant(addDays(f.to, 1)));
  if (f.q) {
    const s = f.q.trim();
    q = /^LX[\d-]+$/i.test(s) ? q.where('requests.code', 'like', `${likeEscape(s.toUpperCase())}%`) : q.where('requests.text', 'like', `%${likeEscape(s)}%`);
  }
  if (f.colour === 'red') q = q.where('requests.status', 'in', [...AWAITING_REPLY]).where('requests.reply_due', '<', new Date());
  return q;
}

export const boardOrder = <T extends Q>(q: T) => q
  .orderBy(sql`case when requests.status in ('closed','merged') then 2 when requests.reply_due < now() and requests.status in ('received','escalated','dispatched','returned','in_progress','reopened','joint') then 0 else 1 end`)
  .orderBy(sql`case when exists (select 1 from topic_requests tr where tr.request_id = requests.id and tr.open) then 0 else 1 end`) // in an open topic (小专题): handled together and first
  .orderBy(sql`case requests.supervision_level when 'red' then 0 when 'yellow' then 1 when 'normal' then 2 else 3 end`)
  .orderBy('requests.reply_due').orderBy('requests.id') as T;
