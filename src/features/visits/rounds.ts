// Visit rounds (第三轮大走访): a period over a region, and how far it has got — households visited
// in the period over households of the region, by grid, by liaison group and by department.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { isDate } from '../../domain/calendar.ts';
import { coverageRate } from '../../domain/visits.ts';
import { requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { invalid, notFound } from '../../platform/errors.ts';

export interface RoundInput { name: string; regionId: number; startsOn: string; endsOn: string }

export async function createRound(db: DB, actor: Actor, input: RoundInput) {
  requirePermission(actor, Permission.LiaisonManage);
  if (!isDate(input.startsOn)) throw invalid('startsOn', '日期格式应为 YYYY-MM-DD', 'use YYYY-MM-DD', input.startsOn);
  if (!isDate(input.endsOn)) throw invalid('endsOn', '日期格式应为 YYYY-MM-DD', 'use YYYY-MM-DD', input.endsOn);
  if (input.endsOn < input.startsOn) throw invalid('endsOn', '结束日期不能早于开始日期', 'the round cannot end before it starts', input.endsOn);
  const region = await db.selectFrom('regions').select(['id', 'path', 'name']).where('id', '=', input.regionId).executeTakeFirst();
  if (!region) throw invalid('regionId', '区域不存在', 'no such region', input.regionId);
  requireInScope(actor, region.path, 'regionId');
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('visit_rounds').values({
      name: input.name, region_id: region.id, region_path: region.path, starts_on: input.startsOn, ends_on: input.endsOn, created_by: actor.userId,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [{ action: 'create', entity: 'visit_round', entityId: row.id, regionPath: region.path, after: input }]);
    return row.id;
  });
  return (await listRounds(db, actor, id)).items[0];
}

interface Round { id: number; name: string; region_id: number; region_path: string; starts_on: string; ends_on: string }

/** Households of the round's region, and those visited in its period, grouped by a key. */
async function coverageRows(db: DB, r: Round, key: 'none' | 'grid' | 'group' | 'department') {
  const like = `${r.region_path}%`;
  const KEYS = {
    none: { cols: sql``, join: sql``, group: sql`` },
    grid: { cols: sql`, k.id, k.name, k.path, k.center_lat, k.center_lng`, join: sql`join regions k on k.id = h.region_id`, group: sql`group by k.id, k.name, k.path, k.center_lat, k.center_lng` },
    group: { cols: sql`, g.id, g.name`, join: sql`left join household_liaisons l on l.household_id = h.id left join liaison_groups g on g.id = l.group_id`, group: sql`group by g.id, g.name` },
    department: { cols: sql`, k.id, k.name`, join: sql`left join household_liaisons l on l.household_id = h.id left join liaison_groups g on g.id = l.group_id left join departments k on k.id = g.department_id`, group: sql`group by k.id, k.name` },
  } as const;
  const k = KEYS[key];
  const { rows } = await sql<{ households: number; visited: number; id?: number | null; name?: string | null; path?: string; center_lat?: number | null; center_lng?: number | null }>`
    select count(*) as households, count(v.household_id) as visited ${k.cols}
    from households h
    left join (select distinct household_id from visit_households
               where region_path like ${like} and visited_on >= ${r.starts_on} and visited_on <= ${r.ends_on}) v on v.household_id = h.id
    ${k.join}
    where h.region_path like ${like}
    ${k.group}`.execute(db);
  return rows;
}

/** The part of a round an actor sees: all of it, or — scoped below its region — their own part. */
function roundPathFor(actor: Actor, roundPath: string): string {
  const mine = actor.scope.regionPath;
  if (mine && roundPath.startsWith(mine)) return roundPath;
  if (mine && mine.startsWith(roundPath)) return mine;
  requireInScope(actor, roundPath, 'id');
  return roundPath;
}

export async function listRounds(db: DB, actor: Actor, onlyId?: number) {
  requirePermission(actor, Permission.RegistryRead);
  const mine = actor.scope.regionPath;
  let q = db.selectFrom('visit_rounds as r').innerJoin('regions as g', 'g.id', 'r.region_id')
    .select(['r.id', 'r.name', 'r.region_id', 'r.region_path', 'r.starts_on', 'r.ends_on', 'g.name as region_name'])
    // Rounds inside the actor's region, and rounds over a larger region that includes it.
    .where((eb) => (mine ? eb.or([eb('r.region_path', 'like', `${mine}%`), eb(sql.val(mine), 'like', sql<string>`r.region_path || '%'`)]) : eb.val(false)));
  if (onlyId) q = q.where('r.id', '=', onlyId);
  const rounds = await q.orderBy('r.starts_on', 'desc').orderBy('r.id', 'desc').limit(100).execute();
  const items = [];
  for (const r of rounds) {
    const [c] = await coverageRows(db, { ...r, region_path: roundPathFor(actor, r.region_path) }, 'none');
    items.push({ id: r.id, name: r.name, regionId: r.region_id, regionName: r.region_name, startsOn: r.starts_on, endsOn: r.ends_on,
      households: Number(c.households), visited: Number(c.visited), rate: coverageRate(Number(c.households), Number(c.visited)) });
  }
  return { items };
}

export async function roundCoverage(db: DB, actor: Actor, id: number, by: 'grid' | 'group' | 'department') {
  requirePermission(actor, Permission.RegistryRead);
  const r = await db.selectFrom('visit_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('走访轮次');
  const path = roundPathFor(actor, r.region_path);
  const rows = await coverageRows(db, { ...r, region_path: path }, by);
  const round = (await listRounds(db, actor, id)).items[0];
  return {
    round,
    rows: rows.map((x) => {
      const households = Number(x.households), visited = Number(x.visited);
      return {
        id: x.id ?? null, name: x.name ?? (by === 'grid' ? '' : '未分组'), households, visited, rate: coverageRate(households, visited),
        ...(by === 'grid' ? { path: x.path, lat: x.center_lat, lng: x.center_lng } : {}),
      };
    }).sort((a, b) => a.rate - b.rate || String(a.name).localeCompare(String(b.name), 'zh')),
  };
}
