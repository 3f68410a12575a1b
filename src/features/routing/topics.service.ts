// Hot topics (小专题, issue 5 part 6) on the database: the month's proposals (clusters of similar
// requests concentrated in a small area or a short time, found by domain/topics.ts among the
// requests the actor may see), promoting one to a topic with a lead department, the monthly
// ranking by volume (the raw material of 每月一题), and a topic's detail with its map and trend.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Request, Topic } from '../../db/schema.ts';
import { Permission, requestsByDepartment, requestsOwnOnly } from '../../domain/access.ts';
import { addDays, chinaDate, chinaInstant } from '../../domain/calendar.ts';
import { STATUS_ZH, type Status } from '../../domain/requests.ts';
import { detectTopics, type TopicItem } from '../../domain/topics.ts';
import { can, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { regionFilterPath } from '../shared.ts';
import { departmentHandlers, notify } from '../requests/notify.ts';
import { canSee, visibleRequests } from '../requests/requests.repo.ts';
import { reference, routeFrom } from '../requests/reference.ts';
import { gazetteer, placeWords, textWeights } from './places.service.ts';

const DAY = 86_400_000;
export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month's first instant and the next month's, China time. */
export function monthBounds(month: string) {
  const first = `${month}-01`;
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { first, last: addDays(next, -1), from: chinaInstant(first), to: chinaInstant(next) };
}
const thisMonth = () => chinaDate(new Date()).slice(0, 7);
const checkMonth = (month: string | undefined) => {
  const m = month ?? thisMonth();
  if (!MONTH_RE.test(m)) throw invalid('month', '月份格式应为 YYYY-MM', 'month must be YYYY-MM', month);
  return m;
};

/** The longest common path of several region paths ('/1/3/12/' and '/1/3/15/' → '/1/3/'). */
export function commonPath(paths: string[]): string {
  if (!paths.length) return '/';
  let parts = paths[0].split('/').filter(Boolean);
  for (const p of paths.slice(1)) {
    const q = p.split('/').filter(Boolean);
    let k = 0;
    while (k < parts.length && k < q.length && parts[k] === q[k]) k++;
    parts = parts.slice(0, k);
  }
  return parts.length ? `/${parts.join('/')}/` : '/';
}
const lastId = (path: string) => Number(path.split('/').filter(Boolean).pop());

// ---------------------------------------------------------------- proposals

export interface ProposeInput { month?: string; regionId?: number; limit?: number; minSize?: number }

export async function proposeTopics(db: DB, actor: Actor, input: ProposeInput = {}) {
  requirePermission(actor, Permission.RequestStats);
  const month = checkMonth(input.month);
  const { first, last, from, to } = monthBounds(month);
  const regionPath = await regionFilterPath(db, actor, input.regionId);
  let q = visibleRequests(db.selectFrom('requests').select(['requests.id', 'requests.code', 'requests.text', 'requests.category_id', 'requests.region_id', 'requests.region_path',
    'requests.lat', 'requests.lng', 'requests.received_at', 'requests.household_id', 'requests.status']), actor)
    .where('requests.received_at', '>=', from).where('requests.received_at', '<', to)
    .where('requests.parent_id', 'is', null).where('requests.status', '<>', 'merged')
    // Requests already in an open topic are being handled together; they are not proposed again.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('topic_requests').select('topic_requests.request_id')
      .whereRef('topic_requests.request_id', '=', 'requests.id').where('topic_requests.open', '=', true))));
  if (regionPath) q = q.where('requests.region_path', 'like', `${regionPath}%`);
  const rows = await q.orderBy('requests.id').execute();

  const g = await gazetteer(db);
  const { weight, isPlace } = textWeights(g);
  const items: TopicItem[] = rows.map((r) => {
    const grid = g.region(r.region_id);
    return {
      id: r.id, text: r.text, categoryId: r.category_id, regionPath: r.region_path,
      areaKey: g.communityOfPath(r.region_path)?.path ?? r.region_path, streetKey: g.streetOfPath(r.region_path)?.path ?? undefined,
      lat: r.lat ?? grid?.lat ?? null, lng: r.lng ?? grid?.lng ?? null, at: new Date(r.received_at).getTime(), householdId: r.household_id,
    };
  });
  // The trend runs to today in the current month: days still to come are not quiet days.
  const today = chinaDate(new Date());
  const trendTo = last < today ? last : today < first ? first : today;
  const result = detectTopics(items, { weight, places: isPlace, segment: placeWords(g), from: first, to: trendTo, limit: input.limit ?? 30, minSize: input.minSize ?? 5 });
  const ref = await reference(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const proposals = result.proposals.map((p) => {
    const area = regionAt(g, p.mainArea);
    const members = p.memberIds.map((id) => byId.get(id)!);
    const place = mainPlace(g, members.map((m) => m.text));
    const cat = p.mainCategoryId !== null ? ref.categories.get(p.mainCategoryId) : undefined;
    const areaPath = commonPath(members.map((m) => m.region_path));
    const dept = p.mainCategoryId !== null ? routeFrom(ref, p.mainCategoryId, area?.path ?? areaPath) : null;
    return {
      key: p.key,
      title: [area?.name, place, cat ? `${cat.name}问题` : p.label].filter(Boolean).join(' '),
      label: p.label, terms: withoutPieces(p.terms, place), sample: p.sample, place,
      size: p.size, households: p.households, score: p.score,
      category: cat ? { id: cat.id, code: cat.code, name: cat.name } : null,
      categories: p.categories.map((c) => ({ id: c.id, name: ref.categories.get(c.id)?.name ?? null, count: c.count })),
      area: area ? { regionId: area.id, name: area.name, fullName: g.fullName(area.id), level: area.level } : null,
      areas: p.areas.map((a) => { const r = regionAt(g, a.key); return { regionId: r?.id ?? null, name: r?.name ?? a.key, count: a.count }; }),
      regionId: lastId(areaPath),
      first: p.first, last: p.last, peak7: p.peak7, trend: p.trend,
      centroid: p.centroid, radiusMetres: p.radiusMetres,
      suggestedDepartment: dept ? { id: dept.id, name: dept.name } : null,
      requestIds: p.memberIds,
      members: members.slice(0, 50).map((r) => ({
        id: r.id, code: r.code, text: r.text, receivedAt: r.received_at, status: r.status, statusLabel: STATUS_ZH[r.status as Status],
        region: ref.regions.get(r.region_id) ?? null, lat: r.lat ?? g.region(r.region_id)?.lat ?? null, lng: r.lng ?? g.region(r.region_id)?.lng ?? null,
      })),
    };
  });
  return { month, requests: rows.length, total: result.total, proposals, stats: { ms: result.stats.ms, clusters: result.stats.clusters } };
}

/** Key words without the broken pieces of the place name (海路路灯 when the place is 滨海路). */
function withoutPieces(terms: string[], place: string | null): string[] {
  if (!place || place.length < 3) return terms;
  const pieces = new Set<string>();
  for (let a = 1; a < place.length - 1; a++) pieces.add(place.slice(a));
  for (let b = 2; b < place.length; b++) pieces.add(place.slice(0, b));
  return terms.filter((t) => t === place || t.includes(place) || ![...pieces].some((x) => x.length >= 2 && (t.startsWith(x) || t.endsWith(x))));
}

function regionAt(g: Awaited<ReturnType<typeof gazetteer>>, path: string) {
  return g.region(lastId(path)) ?? null;
}

/** The road, building or house number most of the texts name (at least a third of them), if any. */
function mainPlace(g: Awaited<ReturnType<typeof gazetteer>>, texts: string[]): string | null {
  const counts = new Map<string, number>();
  const sample = texts.slice(0, 60);
  for (const t of sample) {
    const names = new Set(g.recognise(t).filter((m) => m.kind === 'road' || m.kind === 'address' || m.kind === 'building').map((m) => m.road ?? m.text));
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] * 3 >= sample.length ? best[0] : null;
}

// ---------------------------------------------------------------- promote, close

export interface PromoteInput { title: string; leadDepartmentId: number; requestIds: number[]; month?: string; label?: string | null; note?: string | null }

/**
 * Promote a proposal (or any set of requests) to a topic: the office names it and its lead
 * department; its requests are linked, each timeline notes it, the department is told. A request
 * already in an open topic makes it a 409.
 */
export async function promoteTopic(db: DB, actor: Actor, input: PromoteInput) {
  requirePermission(actor, Permission.RequestDispatch);
  const ids = [...new Set(input.requestIds)];
  if (ids.length < 2) throw invalid('requestIds', '专题至少包含两件诉求', 'a topic needs at least two requests', input.requestIds.length);
  if (input.month !== undefined) checkMonth(input.month);
  const id = await db.transaction().execute(async (trx) => {
    const dept = await trx.selectFrom('departments').select(['id', 'name']).where('id', '=', input.leadDepartmentId).executeTakeFirst();
    if (!dept) throw invalid('leadDepartmentId', '牵头部门不存在', 'no such department', input.leadDepartmentId);
    const rows = await trx.selectFrom('requests').selectAll().where('id', 'in', ids).execute();
    const missing = ids.filter((x) => !rows.some((r) => r.id === x));
    if (missing.length) throw invalid('requestIds', `诉求不存在：${missing.join('、')}`, `no such requests: ${missing.join(', ')}`, missing);
    for (const r of rows) {
      if (!canSee(actor, r)) throw new AppError('OUT_OF_SCOPE', [{ field: 'requestIds', reason: `诉求 ${r.code} 不在您的管辖范围内`, reason_en: `request ${r.code} is outside your scope`, value: r.id }]);
      if (r.parent_id !== null || r.status === 'merged') throw invalid('requestIds', `诉求 ${r.code} 是子工单或已合并`, `request ${r.code} is a child order or merged`, r.id);
    }
    const taken = await trx.selectFrom('topic_requests as tr').innerJoin('topics as t', 't.id', 'tr.topic_id').innerJoin('requests as r', 'r.id', 'tr.request_id')
      .select(['tr.request_id', 't.id as topic_id', 't.title', 'r.code']).where('tr.open', '=', true).where('tr.request_id', 'in', ids).execute();
    if (taken.length) {
      throw new AppError('DUPLICATE', taken.map((x) => ({
        field: 'requestIds', reason: `诉求 ${x.code} 已在未结束的专题“${x.title}”中`, reason_en: `request ${x.code} already belongs to the open topic "${x.title}"`, value: { requestId: x.request_id, topicId: x.topic_id },
      })), '部分诉求已属于未结束的专题', 'Some requests already belong to an open topic');
    }
    const path = commonPath(rows.map((r) => r.region_path));
    requireInScope(actor, path, 'requestIds');
    const earliest = rows.reduce((a, r) => (new Date(r.received_at) < a ? new Date(r.received_at) : a), new Date(rows[0].received_at));
    const month = input.month ?? chinaDate(earliest).slice(0, 7);
    const topic = await trx.insertInto('topics').values({
      title: input.title, label: input.label ?? null, lead_department_id: dept.id, region_id: lastId(path), region_path: path, month,
      note: input.note ?? null, created_by: actor.userId,
    }).returningAll().executeTakeFirstOrThrow();
    await trx.insertInto('topic_requests').values(rows.map((r) => ({ topic_id: topic.id, request_id: r.id }))).execute();
    await trx.insertInto('request_events').values(rows.map((r) => ({
      request_id: r.id, actor_id: actor.userId, actor_name: actor.displayName || actor.username, actor_role: actor.role,
      action: 'topic', from_status: r.status, to_status: r.status, department_id: r.department_id,
      note: `纳入专题“${input.title}”（牵头：${dept.name}），并案优先办理`, data: JSON.stringify({ topicId: topic.id }),
    }))).execute();
    await writeAudit(trx, actor, [{ action: 'create', entity: 'topic', entityId: topic.id, regionPath: path, after: { title: topic.title, lead_department_id: dept.id, region_path: path, month, request_ids: rows.map((r) => r.id).sort((a, b) => a - b) } }]);
    await notify(trx, await departmentHandlers(trx, dept.id), { kind: 'topic', requestId: null, title: `新专题：${input.title}（${rows.length}件诉求，由贵部门牵头）` });
    return topic.id;
  });
  return topicDetail(db, actor, id);
}

export async function closeTopic(db: DB, actor: Actor, id: number, input: { version: number; note?: string | null }) {
  requirePermission(actor, Permission.RequestDispatch);
  await db.transaction().execute(async (trx) => {
    const before = await visibleTopic(trx, actor, id);
    if (before.status === 'closed') throw new AppError('ILLEGAL_STEP', [{ field: 'status', reason: '专题已结束', reason_en: 'the topic is already closed' }]);
    const after = await updateVersioned(trx, 'topics', id, input.version, { status: 'closed', closed_at: new Date(), closed_by: actor.userId, note: input.note ?? before.note });
    await trx.updateTable('topic_requests').set({ open: false }).where('topic_id', '=', id).execute();
    await writeAudit(trx, actor, [{ action: 'close', entity: 'topic', entityId: id, regionPath: before.region_path, before: { status: before.status, version: before.version }, after: { status: after.status, version: after.version, note: after.note } }]);
  });
  return topicDetail(db, actor, id);
}

// ---------------------------------------------------------------- reading

/** Who sees a topic: its lead department's handlers, and everyone whose area holds it. */
function topicVisible(actor: Actor, t: Pick<Topic, 'region_path' | 'lead_department_id'>): boolean {
  if (requestsOwnOnly(actor.role)) return false;
  if (requestsByDepartment(actor.role)) return actor.scope.departmentId !== null && t.lead_department_id === actor.scope.departmentId;
  return !!actor.scope.regionPath && t.region_path.startsWith(actor.scope.regionPath);
}

async function visibleTopic(db: DB, actor: Actor, id: number): Promise<Topic> {
  requirePermission(actor, Permission.RequestRead);
  const t = await db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw new AppError('NOT_FOUND', [], '专题不存在', 'No such topic');
  if (!topicVisible(actor, t)) throw new AppError('OUT_OF_SCOPE', [{ field: 'id', reason: '不在您的管辖范围内', reason_en: 'outside your scope' }]);
  return t;
}

/**
 * The month's topics ranked by volume — how many of their requests were received that month —
 * with their totals, how many are done, the lead department and the area: 每月一题's raw material.
 */
export async function listTopics(db: DB, actor: Actor, input: { month?: string; status?: 'open' | 'closed' } = {}) {
  requirePermission(actor, Permission.RequestRead);
  if (requestsOwnOnly(actor.role)) throw new AppError('FORBIDDEN', [{ field: 'permission', reason: '群众账号不能查看专题', reason_en: 'residents do not see topics' }]);
  const month = checkMonth(input.month);
  const { from, to } = monthBounds(month);
  const scope = requestsByDepartment(actor.role)
    ? sql`t.lead_department_id = ${actor.scope.departmentId ?? -1}`
    : actor.scope.regionPath ? sql`t.region_path like ${actor.scope.regionPath + '%'}` : sql`false`;
  const status = input.status ? sql`and t.status = ${input.status}` : sql``;
  const { rows } = await sql<Topic & { department_name: string; total: number; volume: number; done: number; first_at: Date | null; last_at: Date | null }>`
    select t.*, d.name as department_name, count(r.id)::int as total,
      count(r.id) filter (where r.received_at >= ${from} and r.received_at < ${to})::int as volume,
      count(r.id) filter (where r.status in ('resolved','closed'))::int as done,
      min(r.received_at) as first_at, max(r.received_at) as last_at
    from topics t join departments d on d.id = t.lead_department_id
    left join topic_requests tr on tr.topic_id = t.id
    left join requests r on r.id = tr.request_id
    where ${scope} ${status}
    group by t.id, d.name
    having t.month = ${month} or count(r.id) filter (where r.received_at >= ${from} and r.received_at < ${to}) > 0`.execute(db);
  const ref = await reference(db);
  const items = rows
    .sort((a, b) => b.volume - a.volume || b.total - a.total || a.id - b.id)
    .map((t, i) => ({
      rank: i + 1, id: t.id, title: t.title, label: t.label, status: t.status, statusLabel: t.status === 'open' ? '办理中' : '已结束', month: t.month,
      leadDepartment: { id: t.lead_department_id, name: t.department_name }, region: { id: t.region_id, name: ref.regions.get(t.region_id) ?? null },
      volume: t.volume, total: t.total, done: t.done, firstAt: t.first_at, lastAt: t.last_at, createdAt: t.created_at, version: t.version,
    }));
  return { month, items };
}

/** A topic with its requests, their points on the map and the daily trend. */
export async function topicDetail(db: DB, actor: Actor, id: number) {
  const t = await visibleTopic(db, actor, id);
  const rows = await db.selectFrom('topic_requests as tr').innerJoin('requests as r', 'r.id', 'tr.request_id')
    .selectAll('r').where('tr.topic_id', '=', id).orderBy('r.received_at').orderBy('r.id').execute() as Request[];
  const ref = await reference(db);
  const g = await gazetteer(db);
  const lead = requestsByDepartment(actor.role) && t.lead_department_id === actor.scope.departmentId;
  // A handler leading the topic sees its requests' texts, never their requesters.
  const members = rows.filter((r) => lead || canSee(actor, r)).map((r) => {
    const grid = g.region(r.region_id);
    return {
      id: r.id, code: r.code, text: r.text, status: r.status, statusLabel: STATUS_ZH[r.status as Status],
      category: { id: r.category_id, name: ref.categories.get(r.category_id)?.name ?? null },
      region: { id: r.region_id, name: ref.regions.get(r.region_id) ?? null },
      department: r.department_id ? { id: r.department_id, name: ref.departmentNames.get(r.department_id) ?? null } : null,
      receivedAt: r.received_at, replyDue: r.reply_due, address: r.address,
      lat: r.lat ?? grid?.lat ?? null, lng: r.lng ?? grid?.lng ?? null, located: r.lat != null ? 'request' : grid?.lat != null ? 'grid' : null,
    };
  });
  const days = rows.map((r) => chinaDate(new Date(r.received_at)));
  const trend: { date: string; count: number }[] = [];
  if (days.length) {
    const { first } = monthBounds(days[0].slice(0, 7));
    // An open topic's line runs to today (quiet since is news too); a closed one's to its last request.
    const lastDay = days[days.length - 1], today = chinaDate(new Date());
    const end = t.status === 'open' && today > lastDay ? today : lastDay;
    const counts = new Map<string, number>();
    for (const d of days) counts.set(d, (counts.get(d) ?? 0) + 1);
    for (let d = first < days[0] ? first : days[0]; d <= end && trend.length < 400; d = addDays(d, 1)) trend.push({ date: d, count: counts.get(d) ?? 0 });
  }
  const byStatus = new Map<string, number>();
  for (const r of rows) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  return {
    id: t.id, title: t.title, label: t.label, status: t.status, statusLabel: t.status === 'open' ? '办理中' : '已结束', month: t.month, note: t.note,
    leadDepartment: { id: t.lead_department_id, name: ref.departmentNames.get(t.lead_department_id) ?? null },
    region: { id: t.region_id, name: ref.regions.get(t.region_id) ?? null, fullName: g.fullName(t.region_id) },
    createdAt: t.created_at, closedAt: t.closed_at, version: t.version,
    total: rows.length, shown: members.length,
    statuses: [...byStatus].map(([status, count]) => ({ status, label: STATUS_ZH[status as Status] ?? status, count })),
    requests: members,
    points: members.filter((m) => m.lat != null && m.lng != null).map((m) => ({ id: m.id, code: m.code, lat: m.lat!, lng: m.lng!, status: m.status, text: m.text.slice(0, 40) })),
    trend,
    canClose: t.status === 'open' && can(actor, Permission.RequestDispatch),
  };
}
