// Counting what matters (诉求统计): for a region, department, category, channel and period, the
// counts of seed 001's table and the Beijing rates, grouped by one dimension. Definitions
// (top-level requests only; merged duplicates are counted apart):
//   collected 受理        requests received in the period
//   resolved 已办结       now resolved or closed
//   in progress 正在办理  neither resolved, closed nor constrained
//   constrained 疑难受限
//   on-time answer rate 按期答复率  answered by the deadline ÷ answers due (answered, or unanswered past the deadline)
//   response rate 响应率  orders accepted within 1 working day ÷ orders dispatched
//   resolution rate 解决率  resolved ÷ collected
//   satisfaction rate 满意率  satisfied + basically satisfied ÷ verdicts given
//   overdue now 超期      open and without an answer in this round past the deadline (a reopened request owes a new one)
//   reopened 重办         reopened at least once
import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays, chinaInstant } from '../../domain/calendar.ts';
import type { PassThrough } from 'node:stream';
import type { DB } from '../../db/connection.ts';
import { CHANNEL_ZH, KIND_ZH, STATUS_ZH, VERDICT_ZH, type Channel, type Kind, type Status, type Verdict } from '../../domain/requests.ts';
import { Permission, requestsByDepartment, requestsOwnOnly } from '../../domain/access.ts';
import { requirePermission, type Actor } from '../../platform/access.ts';
import { xlsxSheet, type SheetColumn } from '../exports/xlsx.ts';
import { maskPhone } from '../../domain/personal-data.ts';
import { visibleRequests } from './requests.repo.ts';

export const GROUPS = ['none', 'region', 'department', 'category', 'channel', 'month', 'kind'] as const;
export type GroupBy = (typeof GROUPS)[number];

export interface StatsFilter { from?: string; to?: string; regionPath?: string; departmentId?: number; categoryId?: number; channel?: string; kind?: string }

export interface StatsRow {
  key: string | number | null; label: string | null;
  collected: number; resolved: number; inProgress: number; constrained: number; merged: number;
  answered: number; answeredOnTime: number; answersDue: number; onTimeRate: number | null;
  dispatched: number; acceptedOnTime: number; responseRate: number | null;
  resolutionRate: number | null; verdicts: number; satisfied: number; satisfactionRate: number | null;
  overdue: number; reopened: number;
}

const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);


/** The requests a question covers: top-level, visible to the actor, within the filters. */
function filteredRequests(db: DB, actor: Actor, f: StatsFilter) {
  return withFilters(visibleRequests(db.selectFrom('requests'), actor).where('requests.parent_id', 'is', null), f);
}

/** The period, place, department, category, channel and kind filters on a query over requests. */
function withFilters<Q extends SelectQueryBuilder<Database, 'requests', any>>(query: Q, f: StatsFilter): Q {
  let q = query as SelectQueryBuilder<Database, 'requests', any>;
  if (f.from) q = q.where('requests.received_at', '>=', chinaInstant(f.from));
  if (f.to) q = q.where('requests.received_at', '<', chinaInstant(addDays(f.to, 1)));
  if (f.regionPath) q = q.where('requests.region_path', 'like', `${f.regionPath}%`);
  if (f.departmentId) q = q.where('requests.department_id', '=', f.departmentId);
  if (f.categoryId) q = q.where('requests.category_id', '=', f.categoryId);
  if (f.channel) q = q.where('requests.channel', '=', f.channel);
  if (f.kind) q = q.where('requests.kind', '=', f.kind);
  return q as Q;
}

const depthOf = (path: string) => path.split('/').filter(Boolean).length;
/** Group one level below the chosen region, or below the actor's own region. */
const groupDepth = (actor: Actor, f: StatsFilter) => {
  const basePath = f.regionPath ?? (actor.scope.regionPath && actor.scope.regionPath !== '/' ? actor.scope.regionPath : null);
  return basePath ? depthOf(basePath) : 0;
};

/** The group key over the raw table. */
function rawKey(actor: Actor, f: StatsFilter, group: GroupBy): RawBuilder<unknown> {
  const depth = groupDepth(actor, f);
  return {
    none: sql<string | null>`null`,
    // The next level below the chosen region: '/1/3/12/' split on '/' gives '', '1', '3', '12'.
    region: sql<string>`split_part(requests.region_path, '/', ${sql.lit(depth + 2)})`,
    department: sql<number | null>`requests.department_id`,
    category: sql<number>`requests.category_id`,
    channel: sql<string>`requests.channel`,
    kind: sql<string>`requests.kind`,
    month: sql<string>`to_char(requests.received_at at time zone 'Asia/Shanghai', 'YYYY-MM')`,
  }[group];
}

const OPEN = sql<SqlBool>`requests.status in ('received','escalated','dispatched','returned','in_progress','reopened','joint')`;
/** Open and past the deadline without an answer in this round: depends on the clock, so never rolled up. */
const OVERDUE = sql<SqlBool>`${OPEN} and requests.replied_at is null and requests.reply_due < now()`;

/** The naive query: every count by one GROUP BY over the raw `requests` table. */
export function statsQuery(db: DB, actor: Actor, f: StatsFilter, group: GroupBy) {
  const key = rawKey(actor, f, group);
  const notMerged: Expression<SqlBool> = sql<SqlBool>`requests.status <> 'merged'`;
  const c = (cond: Expression<SqlBool>) => sql<number>`count(*) filter (where ${cond})`;
  return filteredRequests(db, actor, f).select([
    key.as('key'),
    c(notMerged).as('collected'),
    c(sql`requests.status in ('resolved','closed')`).as('resolved'),
    c(sql`requests.status in ('received','escalated','dispatched','returned','in_progress','reopened','joint','replied')`).as('in_progress'),
    c(sql`requests.status = 'constrained'`).as('constrained'),
    c(sql`requests.status = 'merged'`).as('merged'),
    c(sql`${notMerged} and requests.first_replied_at is not null`).as('answered'),
    c(sql`${notMerged} and requests.first_replied_at is not null and requests.first_replied_at <= requests.reply_due`).as('answered_on_time'),
    c(OVERDUE).as('overdue'),
    c(sql`requests.dispatched_at is not null`).as('dispatched'),
    c(sql`requests.accepted_at is not null and requests.accepted_at <= requests.accept_due`).as('accepted_on_time'),
    c(sql`requests.verdict is not null`).as('verdicts'),
    c(sql`requests.verdict in ('satisfied','basically')`).as('satisfied'),
    c(sql`requests.reopen_count > 0`).as('reopened'),
  ]).groupBy(sql`1`).orderBy(sql`1`);
}

// ---------------------------------------------------------------- the rollup (诉求统计汇总)
// `request_rollup` (migration 20261122_200) holds the time-independent counts per China day and
// per month at three grains. A question is answered from it when one grain holds every dimension
// the question needs, and from the raw table otherwise:
//   grain 2  region to street level × department      none / region (street) / department / month
//   grain 1  region to community level                none / region (street or community) / month
//   grain 3  street × department × category × channel × kind   any filter or grouping at street level
// Raw: a resident's own requests; a region filter, actor scope or region grouping below community
// level (a grid); category, channel or kind (as filter or grouping) together with a community-level
// region or community grouping; dates that are not YYYY-MM-DD. "Overdue now" is always counted live.
// The counters' definitions are repeated in that migration's SQL: changing one here needs a new
// migration that redefines request_rollup_counts() and calls request_rollup_rebuild();
// test/api/request-rollup.test.ts compares both sources on every grouping.

const GRAINS = [
  { grain: 2, level: 2, dims: ['department'] },
  { grain: 1, level: 3, dims: [] },
  { grain: 3, level: 2, dims: ['department', 'category', 'channel', 'kind'] },
] as const;

/** The rollup grain that answers this question exactly, or null when only the raw table can. */
export function rollupGrain(actor: Actor, f: StatsFilter, group: GroupBy): 1 | 2 | 3 | null {
  if (requestsOwnOnly(actor.role)) return null;
  const isDay = (d?: string) => d === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(chinaInstant(d).getTime()));
  if (!isDay(f.from) || !isDay(f.to)) return null;
  const dims = new Set<string>();
  let level = 0;
  if (requestsByDepartment(actor.role)) dims.add('department');
  else {
    const scope = actor.scope.regionPath;
    if (!scope) return null; // sees nothing: the raw query says so at once
    if (scope !== '/') level = depthOf(scope);
  }
  if (f.regionPath) level = Math.max(level, depthOf(f.regionPath));
  if (f.departmentId) dims.add('department');
  if (f.categoryId) dims.add('category');
  if (f.channel) dims.add('channel');
  if (f.kind) dims.add('kind');
  if (group === 'region') level = Math.max(level, groupDepth(actor, f) + 1);
  else if (group !== 'none' && group !== 'month') dims.add(group);
  const g = GRAINS.find((x) => level <= x.level && [...dims].every((d) => (x.dims as readonly string[]).includes(d)));
  return g ? g.grain : null;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const nextMonth = (d: string) => { const [y, m] = d.split('-').map(Number); return isoDay(Date.UTC(y, m, 1)); };

/** A period as whole months (monthly rows, [from, to)) and the ragged ends (daily rows, inclusive ranges). */
export function splitPeriod(from?: string, to?: string): { months: { from?: string; to?: string } | null; days: [string | undefined, string | undefined][] } {
  const a = from === undefined ? undefined : from.endsWith('-01') ? from : nextMonth(from);
  const b = to === undefined ? undefined : addDays(to, 1).endsWith('-01') ? addDays(to, 1) : monthStart(to);
  if (a !== undefined && b !== undefined && a >= b) return { months: null, days: [[from, to]] };
  const days: [string | undefined, string | undefined][] = [];
  if (from !== undefined && from < a!) days.push([from, addDays(a!, -1)]);
  if (to !== undefined && b! <= to) days.push([b, to]);
  return { months: { from: a, to: b }, days };
}

const COUNTER_COLUMNS = ['collected', 'resolved', 'in_progress', 'constrained', 'merged', 'answered', 'answered_on_time', 'dispatched', 'accepted_on_time', 'verdicts', 'satisfied', 'reopened'] as const;

/** The same answer as statsQuery, from the rollup plus a live count of the overdue. */
export function rollupQuery(db: DB, actor: Actor, f: StatsFilter, group: GroupBy, grain: 1 | 2 | 3) {
  const depth = groupDepth(actor, f);
  const key: RawBuilder<unknown> = {
    none: sql`null`,
    region: sql`split_part(r.region_path, '/', ${sql.lit(depth + 2)})`,
    department: sql`nullif(r.department_id, 0)`,
    category: sql`r.category_id`,
    channel: sql`r.channel`,
    kind: sql`r.kind`,
    month: sql`to_char(r.day, 'YYYY-MM')`,
  }[group];
  const where: RawBuilder<unknown>[] = [sql`r.grain = ${grain}`];
  if (requestsByDepartment(actor.role)) where.push(sql`r.department_id = ${actor.scope.departmentId ?? -1}`);
  else if (actor.scope.regionPath && actor.scope.regionPath !== '/') where.push(sql`r.region_path like ${`${actor.scope.regionPath}%`}`);
  if (f.regionPath) where.push(sql`r.region_path like ${`${f.regionPath}%`}`);
  if (f.departmentId) where.push(sql`r.department_id = ${f.departmentId}`);
  if (f.categoryId) where.push(sql`r.category_id = ${f.categoryId}`);
  if (f.channel) where.push(sql`r.channel = ${f.channel}`);
  if (f.kind) where.push(sql`r.kind = ${f.kind}`);
  const { months, days } = splitPeriod(f.from, f.to);
  const range = (lo: string | undefined, hi: string | undefined, hiOp: string) =>
    sql.join([...(lo ? [sql`r.day >= ${lo}::date`] : []), ...(hi ? [sql`r.day ${sql.raw(hiOp)} ${hi}::date`] : []), sql`true`], sql` and `);
  const periods = [
    ...(months ? [sql`(r.monthly and ${range(months.from, months.to, '<')})`] : []),
    ...days.map(([lo, hi]) => sql`(not r.monthly and ${range(lo, hi, '<=')})`),
  ];
  where.push(sql`(${sql.join(periods, sql` or `)})`);
  const overdue = filteredRequests(db, actor, f).where(OVERDUE).select([rawKey(actor, f, group).as('key'), sql<number>`count(*)`.as('overdue')]).groupBy(sql`1`);
  const cols = sql.join(COUNTER_COLUMNS.map((c) => sql`sum(p.${sql.ref(c)}) as ${sql.ref(c)}`));
  return sql<Record<string, unknown>>`select p.key, ${cols}, sum(p.overdue) as overdue from (
      select ${key} as key, r.n, ${sql.join(COUNTER_COLUMNS.map((c) => sql`r.${sql.ref(c)}`))}, 0 as overdue
        from request_rollup r where ${sql.join(where, sql` and `)}
      union all
      select o.key, 0, ${sql.join(COUNTER_COLUMNS.map(() => sql`0`))}, o.overdue from ${overdue} o
    ) p group by p.key having sum(p.n) > 0 order by p.key`;
}

export async function requestStats(db: DB, actor: Actor, f: StatsFilter, group: GroupBy, opts: { source?: 'auto' | 'raw' } = {}): Promise<{ total: StatsRow; rows: StatsRow[] }> {
  requirePermission(actor, Permission.RequestStats);
  const grain = opts.source === 'raw' ? null : rollupGrain(actor, f, group);
  const raw: any[] = grain === null ? await statsQuery(db, actor, f, group).execute() : (await rollupQuery(db, actor, f, group, grain).execute(db)).rows;
  const labels = await labelsFor(db, group, raw.map((r) => r.key));
  const rows = raw.map((r) => toRow(r, labels));
  const total = rows.reduce<StatsRow>((t, r) => sumRows(t, r), emptyRow());
  return { total: finish(total), rows };
}

function toRow(r: any, labels: Map<string, string>): StatsRow {
  const n = (k: string) => Number(r[k] ?? 0);
  return finish({
    key: r.key, label: r.key == null ? null : labels.get(String(r.key)) ?? String(r.key),
    collected: n('collected'), resolved: n('resolved'), inProgress: n('in_progress'), constrained: n('constrained'), merged: n('merged'),
    answered: n('answered'), answeredOnTime: n('answered_on_time'), answersDue: 0, onTimeRate: null, overdue: n('overdue'),
    dispatched: n('dispatched'), acceptedOnTime: n('accepted_on_time'), responseRate: null, resolutionRate: null,
    verdicts: n('verdicts'), satisfied: n('satisfied'), satisfactionRate: null, reopened: n('reopened'),
  });
}

const COUNTS = ['collected', 'resolved', 'inProgress', 'constrained', 'merged', 'answered', 'answeredOnTime', 'overdue', 'dispatched', 'acceptedOnTime', 'verdicts', 'satisfied', 'reopened'] as const;
const emptyRow = (): StatsRow => finish({ key: null, label: '合计', ...Object.fromEntries(COUNTS.map((k) => [k, 0])) } as unknown as StatsRow);
function sumRows(a: StatsRow, b: StatsRow): StatsRow {
  const out = { ...a };
  for (const k of COUNTS) out[k] = a[k] + b[k];
  return out;
}
function finish(r: StatsRow): StatsRow {
  r.answersDue = r.answered + r.overdue;
  r.onTimeRate = rate(r.answeredOnTime, r.answersDue);
  r.responseRate = rate(r.acceptedOnTime, r.dispatched);
  r.resolutionRate = rate(r.resolved, r.collected);
  r.satisfactionRate = rate(r.satisfied, r.verdicts);
  return r;
}

async function labelsFor(db: DB, group: GroupBy, keys: unknown[]): Promise<Map<string, string>> {
  const ids = keys.filter((k) => k != null).map(Number).filter(Number.isFinite);
  if (group === 'region' && ids.length) return new Map((await db.selectFrom('regions').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [String(r.id), r.name]));
  if (group === 'department' && ids.length) return new Map((await db.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [String(r.id), r.name]));
  if (group === 'category' && ids.length) return new Map((await db.selectFrom('request_categories').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [String(r.id), r.name]));
  if (group === 'channel') return new Map(Object.entries(CHANNEL_ZH));
  if (group === 'kind') return new Map(Object.entries(KIND_ZH));
  return new Map();
}

// ---------------------------------------------------------------- the ledger (台账)

export const LEDGER_COLUMNS: SheetColumn[] = [
  { header: '编号', width: 22, text: true }, { header: '上级编号', width: 18, text: true }, { header: '类型', width: 9 }, { header: '渠道', width: 10 },
  { header: '分类', width: 14 }, { header: '内容', width: 50 }, { header: '紧急', width: 6 }, { header: '区域', width: 16 }, { header: '地址', width: 26 },
  { header: '诉求人', width: 10 }, { header: '联系电话', width: 14, text: true }, { header: '状态', width: 10 }, { header: '承办部门', width: 18 },
  { header: '受理时间', width: 17 }, { header: '受理人', width: 10 }, { header: '派单时间', width: 17 }, { header: '派单人', width: 10 },
  { header: '接单时间', width: 17 }, { header: '接单人', width: 10 }, { header: '答复期限', width: 17 }, { header: '答复时间', width: 17 }, { header: '答复人', width: 10 },
  { header: '按期答复', width: 8 }, { header: '答复内容', width: 40 }, { header: '办结时间', width: 17 }, { header: '办结人', width: 10 }, { header: '办理结果', width: 30 },
  { header: '疑难受限说明', width: 30 }, { header: '回访时间', width: 17 }, { header: '回访人', width: 10 }, { header: '回访结果', width: 9 }, { header: '结案时间', width: 17 },
  { header: '重办次数', width: 8 }, { header: '督办', width: 10 },
];

const at = (d: Date | string | null) => (d ? new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : null);

/** One row per request with every timestamp and the person at each step, streamed to .xlsx. */
export async function exportLedger(db: DB, actor: Actor, f: StatsFilter, out: PassThrough): Promise<number> {
  requirePermission(actor, Permission.ExportRun);
  const sheet = xlsxSheet(out, '诉求台账', LEDGER_COLUMNS);
  const cats = new Map((await db.selectFrom('request_categories').select(['id', 'name']).execute()).map((c) => [c.id, c.name]));
  const deps = new Map((await db.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.id, d.name]));
  const regions = new Map((await db.selectFrom('regions').select(['id', 'name']).execute()).map((r) => [r.id, r.name]));
  const hide = requestsByDepartment(actor.role);
  let lastId = 0, n = 0;
  for (;;) {
    const q = withFilters(visibleRequests(db.selectFrom('requests').selectAll('requests'), actor).where('requests.id', '>', lastId), f);
    const batch = await q.orderBy('requests.id').limit(1000).execute();
    if (!batch.length) break;
    lastId = batch[batch.length - 1].id;
    // The person at each step, from the timeline: the last actor of each kind of step.
    const events = await db.selectFrom('request_events').select(['request_id', 'action', 'actor_name']).where('request_id', 'in', batch.map((r) => r.id)).orderBy('id').execute();
    const who = new Map<number, Record<string, string>>();
    for (const e of events) { const m = who.get(e.request_id) ?? {}; m[e.action] = e.actor_name; who.set(e.request_id, m); }
    const parents = new Map<number, string>();
    const parentIds = [...new Set(batch.map((r) => r.parent_id).filter((x): x is number => x !== null))];
    if (parentIds.length) for (const p of await db.selectFrom('requests').select(['id', 'code']).where('id', 'in', parentIds).execute()) parents.set(p.id, p.code);
    for (const r of batch) {
      const w = who.get(r.id) ?? {};
      const hidden = r.anonymous || (r.confidential && hide);
      // The ledger masks phones like every list; a reveal is one request at a time, audited.
      const phone = hidden ? null : maskPhone(r.requester_phone);
      await sheet.add([
        r.code, r.parent_id ? parents.get(r.parent_id) ?? null : null, KIND_ZH[r.kind as Kind] ?? r.kind, CHANNEL_ZH[r.channel as Channel] ?? r.channel,
        cats.get(r.category_id) ?? null, r.text, r.urgency === 'urgent' ? '是' : '', regions.get(r.region_id) ?? null, r.address,
        hidden ? (r.anonymous ? '匿名' : '保密') : r.requester_name, phone, STATUS_ZH[r.status as Status] ?? r.status, r.department_id ? deps.get(r.department_id) ?? null : null,
        at(r.received_at), w.intake ?? null, at(r.dispatched_at), w.dispatch ?? w.dispatch_joint ?? null,
        at(r.accepted_at), w.accept ?? null, at(r.reply_due), at(r.first_replied_at), w.reply ?? w.constrain ?? null,
        r.first_replied_at ? (new Date(r.first_replied_at) <= new Date(r.reply_due) ? '是' : '否') : null, r.reply_text, at(r.resolved_at), w.resolve ?? null, r.resolution,
        r.constraint_text, at(r.followed_up_at), w.follow_up ?? null, r.verdict ? VERDICT_ZH[r.verdict as Verdict] : null, at(r.closed_at),
        r.reopen_count, r.supervision_level ? { normal: '一般', yellow: '黄牌', red: '红牌' }[r.supervision_level] ?? null : null,
      ]);
      n++;
    }
  }
  await sheet.end();
  return n;
}
