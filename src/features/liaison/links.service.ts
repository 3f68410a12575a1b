// The other shapes of the network on the database: party members linked with nearby households
// (党员联户) and one cadre ↔ one party member ↔ one hardship household (一对一对一). A preview
// computes and reports; confirm computes again and writes only what changed, audited. Re-running
// keeps every link it can (the stored links are the engine's previous result).
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { linkMembers, linkTriads, type LinkMember, type Triad } from '../../domain/links.ts';
import { requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { invalid } from '../../platform/errors.ts';

export type Shape = 'party_member' | 'triad';
export interface LinkInput { shape: Shape; regionIds: number[]; departmentId?: number; tags?: string[] }
export const HARDSHIP_TAGS = ['困难户', '低保户', '特困户', '重病', '残疾'];
const SAMPLE = 50;

async function regionsOf(db: DB, actor: Actor, ids: number[]) {
  const rows = await db.selectFrom('regions').select(['id', 'path', 'name']).where('id', 'in', ids).execute();
  for (const id of ids) if (!rows.some((r) => r.id === id)) throw invalid('regionIds', `区域 ${id} 不存在`, `no region ${id}`, id);
  for (const r of rows) requireInScope(actor, r.path, 'regionIds');
  return rows.filter((r) => !rows.some((o) => o !== r && r.path.startsWith(o.path)));
}

const under = (col: string, paths: string[]) => sql<boolean>`(${sql.join(paths.map((p) => sql`${sql.ref(col)} like ${`${p}%`}`), sql` or `)})`;

/** Everything the engines need, and the stored links as the previous result. */
async function compute(db: DB, actor: Actor, input: LinkInput) {
  requirePermission(actor, Permission.LiaisonManage);
  const regions = await regionsOf(db, actor, input.regionIds);
  const paths = regions.map((r) => r.path);
  const tags = input.tags?.length ? input.tags : HARDSHIP_TAGS;
  let hq = db.selectFrom('households').select(['id', 'region_id', 'region_path', 'building_id', 'address']).where(under('region_path', paths));
  if (input.shape === 'triad') hq = hq.where('tags', '&&', sql<string[]>`${tags}::text[]`);
  const households = await hq.orderBy('id').execute();
  const members = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.name', 'h.region_id', 'h.building_id', 'h.address']).where('r.party_member', '=', true).where(under('h.region_path', paths)).orderBy('r.id').execute();
  const engineMembers: LinkMember[] = members.map((m) => ({ id: m.id, gridId: m.region_id, buildingId: m.building_id, order: m.address }));
  const engineHouseholds = households.map((h) => ({ id: h.id, gridId: h.region_id, buildingId: h.building_id, order: h.address }));
  const stored = await db.selectFrom('liaison_links').select(['household_id', 'resident_id', 'cadre_id']).where('shape', '=', input.shape).where(under('region_path', paths)).execute();
  if (input.shape === 'party_member') {
    const r = linkMembers(engineMembers, engineHouseholds, new Map(stored.filter((s) => s.resident_id !== null).map((s) => [s.household_id, s.resident_id!])));
    return {
      regions, households, stored, department: null,
      rows: [...r.links].map(([h, m]) => ({ household_id: h, resident_id: m, cadre_id: null })),
      report: {
        households: households.length, members: members.length, linked: r.links.size, maxLoad: r.maxLoad, meanLoad: r.meanLoad, moved: r.moved,
        unlinked: r.unlinked, idleMembers: r.idleMembers.length,
      },
    };
  }
  if (!input.departmentId) throw invalid('departmentId', '一对一对一须选择干部所在部门', 'choose the cadres’ department', null);
  const department = await db.selectFrom('departments').select(['id', 'name']).where('id', '=', input.departmentId).executeTakeFirst();
  if (!department) throw invalid('departmentId', '部门不存在', 'no such department', input.departmentId);
  const cadres = await db.selectFrom('cadres').select('id').where('department_id', '=', department.id).orderBy('id').execute();
  const previous: Triad[] = stored.map((s) => ({ householdId: s.household_id, cadreId: s.cadre_id, memberId: s.resident_id }));
  const r = linkTriads(cadres.map((c) => c.id), engineMembers, engineHouseholds, previous);
  const loads = [...r.cadreLoads.values()];
  return {
    regions, households, stored, department,
    rows: r.triads.map((t) => ({ household_id: t.householdId, resident_id: t.memberId, cadre_id: t.cadreId })),
    report: {
      households: households.length, members: members.length, cadres: cadres.length, linked: r.triads.filter((t) => t.cadreId !== null).length,
      maxLoad: loads.length ? Math.max(...loads) : 0, moved: r.moved, unlinked: r.problems.filter((p) => p.id !== 0), notes: r.problems.filter((p) => p.id === 0).map((p) => p.reason),
      tags,
    },
  };
}

/** Names for a sample of links and the unlinked households' addresses, for a person to check. */
async function present(db: DB, c: Awaited<ReturnType<typeof compute>>) {
  const sample = c.rows.slice(0, SAMPLE);
  const addr = new Map(c.households.map((h) => [h.id, h.address]));
  const residentIds = [...new Set(sample.map((s) => s.resident_id).filter((x): x is number => x !== null))];
  const cadreIds = [...new Set(sample.map((s) => s.cadre_id).filter((x): x is number => x !== null))];
  const rn = new Map((residentIds.length ? await db.selectFrom('residents').select(['id', 'name']).where('id', 'in', residentIds).execute() : []).map((r) => [r.id, r.name]));
  const cn = new Map((cadreIds.length ? await db.selectFrom('cadres').select(['id', 'name']).where('id', 'in', cadreIds).execute() : []).map((r) => [r.id, r.name]));
  return {
    regions: c.regions.map((r) => ({ id: r.id, name: r.name })), department: c.department, ...c.report,
    unlinked: c.report.unlinked.slice(0, 500).map((u) => ({ ...u, address: addr.get(u.id) ?? null })),
    sample: sample.map((s) => ({ householdId: s.household_id, address: addr.get(s.household_id), member: s.resident_id ? { id: s.resident_id, name: rn.get(s.resident_id) } : null, cadre: s.cadre_id ? { id: s.cadre_id, name: cn.get(s.cadre_id) } : null })),
  };
}

export async function previewLinks(db: DB, actor: Actor, input: LinkInput) {
  return present(db, await compute(db, actor, input));
}

/** Compute again and write the difference in one transaction, with an audit entry per change. */
export async function confirmLinks(db: DB, actor: Actor, input: LinkInput) {
  const c = await compute(db, actor, input);
  const before = new Map(c.stored.map((s) => [s.household_id, s]));
  const changed = c.rows.filter((r) => { const b = before.get(r.household_id); return !b || b.resident_id !== r.resident_id || b.cadre_id !== r.cadre_id; });
  const keep = new Set(c.rows.map((r) => r.household_id));
  const removed = c.stored.filter((s) => !keep.has(s.household_id)).map((s) => s.household_id);
  const departmentId = c.department?.id ?? null;
  await db.transaction().execute(async (trx) => {
    if (removed.length) await trx.deleteFrom('liaison_links').where('shape', '=', input.shape).where('household_id', 'in', removed).execute();
    for (let i = 0; i < changed.length; i += 2000) {
      const part = changed.slice(i, i + 2000);
      await sql`insert into liaison_links (shape, household_id, resident_id, cadre_id, department_id, region_path)
        select ${input.shape}, u.h, u.r, u.c, ${departmentId}::int4, h.region_path
        from unnest(${part.map((p) => p.household_id)}::int4[], ${part.map((p) => p.resident_id)}::int4[], ${part.map((p) => p.cadre_id)}::int4[]) as u(h, r, c)
        join households h on h.id = u.h
        on conflict (shape, household_id) do update set resident_id = excluded.resident_id, cadre_id = excluded.cadre_id, department_id = excluded.department_id, linked_at = now()`.execute(trx);
    }
    await writeAudit(trx, actor, [
      { action: 'confirm', entity: 'liaison_links', entityId: input.shape, meta: { shape: input.shape, regions: c.regions.map((r) => r.id), department: departmentId, changed: changed.length, removed: removed.length } },
      ...changed.map((r) => ({ action: 'link', entity: `liaison_link.${input.shape}`, entityId: r.household_id,
        before: before.has(r.household_id) ? { resident: before.get(r.household_id)!.resident_id, cadre: before.get(r.household_id)!.cadre_id } : null,
        after: { resident: r.resident_id, cadre: r.cadre_id } })),
    ]);
  });
  return { ...(await present(db, c)), changed: changed.length, removed: removed.length };
}

/** A household's links: its party member and, for hardship households, its cadre and member. */
export async function householdLinks(db: DB, actor: Actor, householdId: number) {
  requirePermission(actor, Permission.RegistryRead);
  const h = await db.selectFrom('households').select('region_path').where('id', '=', householdId).executeTakeFirst();
  if (!h) throw invalid('id', '住户不存在', 'no such household', householdId);
  requireInScope(actor, h.region_path, 'id');
  const rows = await db.selectFrom('liaison_links as l').leftJoin('residents as r', 'r.id', 'l.resident_id').leftJoin('cadres as c', 'c.id', 'l.cadre_id')
    .select(['l.shape', 'r.id as resident_id', 'r.name as resident_name', 'c.id as cadre_id', 'c.name as cadre_name', 'c.phone as cadre_phone'])
    .where('l.household_id', '=', householdId).orderBy('l.shape').execute();
  const group = await db.selectFrom('household_liaisons as hl').innerJoin('liaison_groups as g', 'g.id', 'hl.group_id')
    .select(['g.id', 'g.name', 'hl.assigned_at']).where('hl.household_id', '=', householdId).executeTakeFirst();
  const cadres = group ? await db.selectFrom('liaison_group_members as m').innerJoin('cadres as c', 'c.id', 'm.cadre_id')
    .select(['c.id', 'c.name', 'c.phone', 'c.party_member']).where('m.group_id', '=', group.id).orderBy('c.id').execute() : [];
  return {
    group: group ? { id: group.id, name: group.name, since: group.assigned_at, cadres: cadres.map((c) => ({ id: c.id, name: c.name, phone: c.phone, partyMember: c.party_member })) } : null,
    items: rows.map((r) => ({ shape: r.shape, member: r.resident_id ? { id: r.resident_id, name: r.resident_name } : null, cadre: r.cadre_id ? { id: r.cadre_id, name: r.cadre_name, phone: r.cadre_phone } : null })) };
}
