// Running the pairing engine on the database: a preview (nothing changes but a stored run), then
// a confirm that writes the groups, their members and every household's group in one
// transaction with the audit trail. Re-running keeps what it can (定组定户): the current groups
// are the engine's previous result.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { pair, RULE_ZH, type PairingOptions, type PairingResult } from '../../domain/pairing.ts';
import { requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError, invalid } from '../../platform/errors.ts';

export interface PairingInput { departmentId: number; regionIds: number[]; groupSize?: number; experiencedYears?: number }

async function regionsOf(db: DB, actor: Actor, ids: number[]) {
  if (!ids.length) throw invalid('regionIds', '请选择要包联的区域', 'choose the regions to cover', ids);
  const rows = await db.selectFrom('regions').select(['id', 'path', 'name']).where('id', 'in', ids).execute();
  for (const id of ids) if (!rows.some((r) => r.id === id)) throw invalid('regionIds', `区域 ${id} 不存在`, `no region ${id}`, id);
  for (const r of rows) requireInScope(actor, r.path, 'regionIds');
  // A region inside another chosen one adds nothing.
  return rows.filter((r) => !rows.some((o) => o !== r && r.path.startsWith(o.path)));
}

/** The engine's inputs from the database, and the department's current groups as its previous result. */
async function inputs(db: DB, input: PairingInput, regions: { path: string }[]) {
  const cadres = await db.selectFrom('cadres').select(['id', 'name', 'party_member', 'years_of_service', 'is_local']).where('department_id', '=', input.departmentId).orderBy('id').execute();
  const priorityTags = (await db.selectFrom('household_tags').select('name').where('priority', '=', true).execute()).map((t) => t.name);
  const households = await db.selectFrom('households').select(['id', 'region_id', 'region_path', 'building_id', 'address', 'tags'])
    .where((eb) => eb.or(regions.map((r) => eb('region_path', 'like', `${r.path}%`)))).execute();
  const groups = await db.selectFrom('liaison_groups').select(['id']).where('department_id', '=', input.departmentId).where('active', '=', true).execute();
  const members = groups.length ? await db.selectFrom('liaison_group_members').select(['group_id', 'cadre_id']).where('group_id', 'in', groups.map((g) => g.id)).execute() : [];
  const assigned = groups.length ? await db.selectFrom('household_liaisons').select(['household_id', 'group_id']).where('group_id', 'in', groups.map((g) => g.id)).execute() : [];
  return {
    cadres,
    engine: {
      cadres: cadres.map((c) => ({ id: c.id, partyMember: c.party_member, yearsOfService: c.years_of_service, isLocal: c.is_local })),
      households: households.map((h) => ({ id: h.id, gridId: h.region_id, buildingId: h.building_id, order: h.address, priority: (h.tags ?? []).some((t) => priorityTags.includes(t)) })),
      previous: groups.length ? {
        groups: groups.map((g) => ({ id: String(g.id), cadreIds: members.filter((m) => m.group_id === g.id).map((m) => m.cadre_id) })),
        assignments: new Map(assigned.map((a) => [a.household_id, String(a.group_id)])),
      } : undefined,
    },
    households,
  };
}

/** What a person reads of a run: groups with names, loads, relaxed rules, and the coverage report. */
function summary(r: PairingResult, names: Map<number, string>) {
  return {
    groups: r.groups.map((g) => ({
      id: g.id, isNew: !/^\d+$/.test(g.id), cadres: g.cadreIds.map((id) => ({ id, name: names.get(id) ?? String(id) })),
      households: g.households, priority: g.priority, grids: g.grids,
      relaxed: g.relaxed.map((x) => ({ rule: x.rule, label: RULE_ZH[x.rule], reason: x.reason })),
    })),
    coverage: r.coverage, problems: r.problems, moved: r.moved,
  };
}

export async function previewPairing(db: DB, actor: Actor, input: PairingInput) {
  requirePermission(actor, Permission.LiaisonManage);
  const dept = await db.selectFrom('departments').select(['id', 'name']).where('id', '=', input.departmentId).executeTakeFirst();
  if (!dept) throw invalid('departmentId', '部门不存在', 'no such department', input.departmentId);
  const regions = await regionsOf(db, actor, input.regionIds);
  const { cadres, engine } = await inputs(db, input, regions);
  const options: PairingOptions = { groupSize: input.groupSize ?? 2, experiencedYears: input.experiencedYears ?? 5 };
  const result = pair(engine.cadres, engine.households, options, engine.previous);
  const stored = { groups: result.groups.map((g) => ({ id: g.id, cadreIds: g.cadreIds })), assignments: [...result.assignments] };
  const run = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('pairing_runs').values({
      department_id: dept.id, region_ids: regions.map((r) => r.id) as never, options: JSON.stringify(options), result: JSON.stringify(stored), created_by: actor.userId,
    }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [{ action: 'preview', entity: 'pairing_run', entityId: row.id, meta: { department: dept.id, regions: regions.map((r) => r.id), groups: result.groups.length, moved: result.moved } }]);
    return row;
  });
  return { runId: run.id, department: dept, regions: regions.map((r) => ({ id: (r as { id: number }).id, name: (r as { name: string }).name })), options, ...summary(result, new Map(cadres.map((c) => [c.id, c.name]))) };
}

/** Write a previewed run: groups, members, households — all or nothing, audited. */
export async function confirmPairing(db: DB, actor: Actor, runId: number) {
  requirePermission(actor, Permission.LiaisonManage);
  return db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom('pairing_runs').selectAll().where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run) throw new AppError('NOT_FOUND', [], '分组方案不存在');
    if (run.status !== 'preview') throw new AppError('ILLEGAL_STEP', [{ field: 'runId', reason: `方案已${run.status === 'confirmed' ? '确认' : '被新方案取代'}`, reason_en: `the run is ${run.status}`, value: { status: run.status, allowed: [] } }]);
    const later = await trx.selectFrom('pairing_runs').select('id').where('department_id', '=', run.department_id).where('id', '>', run.id).where('status', 'in', ['preview', 'confirmed']).executeTakeFirst();
    if (later) throw new AppError('CONFLICT', [{ field: 'runId', reason: '该部门已有更新的分组方案，请重新预览', reason_en: 'a newer run exists for this department; preview again' }]);
    const dept = await trx.selectFrom('departments').select(['id', 'name', 'region_id', 'region_path']).where('id', '=', run.department_id).executeTakeFirstOrThrow();
    const stored = run.result as { groups: { id: string; cadreIds: number[] }[]; assignments: [number, string][] };
    // The department's groups may have changed since the preview (another confirm): refuse rather than overwrite.
    const current = await trx.selectFrom('liaison_groups').select('id').where('department_id', '=', dept.id).where('active', '=', true).execute();
    for (const g of stored.groups) if (/^\d+$/.test(g.id) && !current.some((c) => String(c.id) === g.id)) throw new AppError('CONFLICT', [{ field: 'runId', reason: '分组已被他人调整，请重新预览', reason_en: 'the groups changed since the preview; preview again' }]);
    const idMap = new Map<string, number>();
    let n = current.length;
    for (const g of stored.groups) {
      if (/^\d+$/.test(g.id)) { idMap.set(g.id, Number(g.id)); continue; }
      const row = await trx.insertInto('liaison_groups').values({ department_id: dept.id, name: `${dept.name}第${++n}组`, region_id: dept.region_id, region_path: dept.region_path }).returning('id').executeTakeFirstOrThrow();
      idMap.set(g.id, row.id);
    }
    const kept = new Set(idMap.values());
    const dissolved = current.filter((c) => !kept.has(c.id)).map((c) => c.id);
    if (dissolved.length) {
      await trx.updateTable('liaison_groups').set({ active: false, dissolved_at: new Date() }).where('id', 'in', dissolved).execute();
      await trx.deleteFrom('household_liaisons').where('group_id', 'in', dissolved).execute();
      await trx.deleteFrom('liaison_group_members').where('group_id', 'in', dissolved).execute();
    }
    // Members: exactly the run's.
    const groupIds = [...kept];
    await trx.deleteFrom('liaison_group_members').where('group_id', 'in', groupIds.length ? groupIds : [-1]).execute();
    const memberRows = stored.groups.flatMap((g) => g.cadreIds.map((cadre_id) => ({ group_id: idMap.get(g.id)!, cadre_id })));
    if (memberRows.length) await trx.insertInto('liaison_group_members').values(memberRows).execute();
    // Households: the run's group for each; only changed rows are written and audited.
    const before = new Map((await trx.selectFrom('household_liaisons').select(['household_id', 'group_id']).where('household_id', 'in', stored.assignments.length ? stored.assignments.map(([h]) => h) : [-1]).execute()).map((r) => [r.household_id, r.group_id]));
    const changes = stored.assignments.map(([h, g]) => ({ household_id: h, group_id: idMap.get(g)! })).filter((a) => before.get(a.household_id) !== a.group_id);
    for (let i = 0; i < changes.length; i += 2000) {
      const part = changes.slice(i, i + 2000);
      await sql`insert into household_liaisons (household_id, group_id, region_path)
        select u.h, u.g, h.region_path from unnest(${part.map((c) => c.household_id)}::int4[], ${part.map((c) => c.group_id)}::int4[]) as u(h, g)
        join households h on h.id = u.h
        on conflict (household_id) do update set group_id = excluded.group_id, assigned_at = now()`.execute(trx);
    }
    await trx.updateTable('pairing_runs').set({ status: 'confirmed', confirmed_at: new Date() }).where('id', '=', run.id).execute();
    await trx.updateTable('pairing_runs').set({ status: 'superseded' }).where('department_id', '=', dept.id).where('status', '=', 'preview').where('id', '<>', run.id).execute();
    await writeAudit(trx, actor, [
      { action: 'confirm', entity: 'pairing_run', entityId: run.id, meta: { department: dept.id, groups: stored.groups.length, created: stored.groups.filter((g) => !/^\d+$/.test(g.id)).length, dissolved, householdsChanged: changes.length } },
      ...changes.map((c) => ({ action: 'assign', entity: 'household_liaison', entityId: c.household_id, before: before.has(c.household_id) ? { group: before.get(c.household_id) } : null, after: { group: c.group_id } })),
    ]);
    return { runId: run.id, groups: stored.groups.length, householdsChanged: changes.length, dissolved: dissolved.length };
  });
}

/** 无漏户: households of the regions without a group, cadres of the department without one, loads. */
export async function coverage(db: DB, actor: Actor, departmentId: number, regionIds: number[]) {
  requirePermission(actor, Permission.OrgRead);
  const regions = await regionsOf(db, actor, regionIds);
  const missing = await db.selectFrom('households as h').leftJoin('household_liaisons as l', 'l.household_id', 'h.id')
    .select(['h.id', 'h.address']).where('l.household_id', 'is', null)
    .where((eb) => eb.or(regions.map((r) => eb('h.region_path', 'like', `${r.path}%`)))).orderBy('h.id').limit(500).execute();
  const idle = await db.selectFrom('cadres as c').leftJoin('liaison_group_members as m', 'm.cadre_id', 'c.id')
    .select(['c.id', 'c.name']).where('c.department_id', '=', departmentId).where('m.cadre_id', 'is', null).orderBy('c.id').execute();
  const loads = await db.selectFrom('liaison_groups as g').leftJoin('household_liaisons as l', 'l.group_id', 'g.id')
    .select(['g.id', 'g.name', (eb) => eb.fn.count<number>('l.household_id').as('households')])
    .where('g.department_id', '=', departmentId).where('g.active', '=', true).groupBy(['g.id', 'g.name']).orderBy('g.id').execute();
  return { householdsWithoutGroup: missing, cadresWithoutGroup: idle, groups: loads.map((l) => ({ ...l, households: Number(l.households) })) };
}

/** A department's active groups with their members and loads (for choosing a group, e.g. as a responsibility's owner). */
export async function listGroups(db: DB, actor: Actor, departmentId: number) {
  requirePermission(actor, Permission.OrgRead);
  const groups = await db.selectFrom('liaison_groups as g').leftJoin('household_liaisons as l', 'l.group_id', 'g.id')
    .select(['g.id', 'g.name', 'g.region_path', (eb) => eb.fn.count<number>('l.household_id').as('households')])
    .where('g.department_id', '=', departmentId).where('g.active', '=', true).groupBy(['g.id', 'g.name', 'g.region_path']).orderBy('g.id').execute();
  const visible = groups.filter((g) => actor.scope.regionPath && (g.region_path.startsWith(actor.scope.regionPath) || actor.scope.regionPath.startsWith(g.region_path)));
  const members = visible.length ? await db.selectFrom('liaison_group_members as m').innerJoin('cadres as c', 'c.id', 'm.cadre_id')
    .select(['m.group_id', 'c.id', 'c.name']).where('m.group_id', 'in', visible.map((g) => g.id)).orderBy('c.id').execute() : [];
  return { items: visible.map((g) => ({ id: g.id, name: g.name, households: Number(g.households), cadres: members.filter((m) => m.group_id === g.id).map((m) => ({ id: m.id, name: m.name })) })) };
}
