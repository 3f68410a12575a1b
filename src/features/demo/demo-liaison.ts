// The demo district's liaison network, written inside the demo load: each community paired with a
// department (结对, recorded as responsibilities), the department's cadres formed into groups by
// the pairing engine with every household assigned, six weeks of visits, a visit round, a few
// household events with their timely-visit tasks, and last month's service-day attendance.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { addDays, chinaDate } from '../../domain/calendar.ts';
import { assignCommunities, demoVisits } from '../../domain/demo/liaison.ts';
import { rngFor, int, pick } from '../../domain/demo/random.ts';
import { pair } from '../../domain/pairing.ts';
import { DEFAULT_LIAISON_SETTINGS, EVENT_KINDS, serviceDayDates, timelyDueOn } from '../../domain/visits.ts';

const CHUNK = 5000;
const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export async function loadDemoLiaison(trx: DB, opts: { seed: number; now?: Date }): Promise<{ liaison_groups: number; visits: number }> {
  const today = chinaDate(opts.now ?? new Date());
  const start = addDays(today, -60);
  const departments = await trx.selectFrom('departments').select(['id', 'name', 'region_id', 'region_path']).orderBy('id').execute();
  const cadres = await trx.selectFrom('cadres').select(['id', 'department_id', 'party_member', 'years_of_service', 'is_local']).orderBy('id').execute();
  const priorityTags = (await trx.selectFrom('household_tags').select('name').where('priority', '=', true).execute()).map((t) => t.name);
  const households = await trx.selectFrom('households as h').innerJoin('regions as g', 'g.id', 'h.region_id')
    .select(['h.id', 'h.region_id', 'h.building_id', 'h.address', 'h.tags', 'g.parent_id as community_id']).orderBy('h.id').execute();
  const communities = await trx.selectFrom('regions').select(['id', 'name', 'path']).where('level', '=', 'community').orderBy('id').execute();
  const perCommunity = new Map<number, number>();
  for (const h of households) perCommunity.set(h.community_id!, (perCommunity.get(h.community_id!) ?? 0) + 1);
  // The demo cadre answers for households of their own community.
  const fixed = new Map<number, number>();
  const me = await trx.selectFrom('users as u').innerJoin('cadres as c', 'c.id', 'u.cadre_id').select(['u.region_id', 'c.department_id']).where('u.username', '=', 'cadre').executeTakeFirst();
  if (me?.region_id) fixed.set(me.region_id, me.department_id);
  const cadreCount = new Map<number, number>();
  for (const c of cadres) cadreCount.set(c.department_id, (cadreCount.get(c.department_id) ?? 0) + 1);
  const assignment = assignCommunities(communities.map((c) => ({ id: c.id, households: perCommunity.get(c.id) ?? 0 })),
    departments.filter((d) => d.id !== departments.find((x) => x.name.includes('连心'))?.id).map((d) => ({ id: d.id, cadres: cadreCount.get(d.id) ?? 0 })), fixed);

  // 结对: one responsibility per department ↔ community.
  const deptById = new Map(departments.map((d) => [d.id, d]));
  const pairs = communities.filter((c) => assignment.has(c.id)).map((c) => {
    const d = deptById.get(assignment.get(c.id)!)!;
    return { kind: 'pairing', owner_type: 'department', owner_id: d.id, owner_name: d.name, object_type: 'region', object_id: c.id, object_name: c.name,
      region_id: c.id, region_path: c.path, start_date: `${today.slice(0, 4)}-01-01`, end_date: null, published: true, notes: null };
  });
  for (const part of chunks(pairs)) await trx.insertInto('responsibilities').values(part).execute();

  // Groups per department over its communities' households.
  const prio = new Set(priorityTags);
  const groupRows: { department_id: number; name: string; region_id: number; region_path: string; cadreIds: number[]; households: number[] }[] = [];
  for (const d of departments) {
    const mine = households.filter((h) => assignment.get(h.community_id!) === d.id);
    const staff = cadres.filter((c) => c.department_id === d.id);
    if (!mine.length || !staff.length) continue;
    const result = pair(
      staff.map((c) => ({ id: c.id, partyMember: c.party_member, yearsOfService: c.years_of_service, isLocal: c.is_local })),
      mine.map((h) => ({ id: h.id, gridId: h.region_id, buildingId: h.building_id, order: h.address, priority: (h.tags ?? []).some((t) => prio.has(t)) })),
      { groupSize: 2, experiencedYears: 5 },
    );
    const members = new Map<string, number[]>();
    for (const [h, g] of result.assignments) members.set(g, [...(members.get(g) ?? []), h]);
    result.groups.forEach((g, i) => groupRows.push({ department_id: d.id, name: `${d.name}第${i + 1}组`, region_id: d.region_id, region_path: d.region_path, cadreIds: g.cadreIds, households: members.get(g.id) ?? [] }));
  }
  const groupIds: number[] = [];
  for (const part of chunks(groupRows)) {
    const ids = await trx.insertInto('liaison_groups').values(part.map(({ cadreIds: _c, households: _h, ...g }) => g)).returning('id').execute();
    groupIds.push(...ids.map((r) => r.id));
  }
  const memberRows = groupRows.flatMap((g, i) => g.cadreIds.map((cadre_id) => ({ group_id: groupIds[i], cadre_id })));
  for (const part of chunks(memberRows)) await trx.insertInto('liaison_group_members').values(part).execute();
  const assigned = groupRows.flatMap((g, i) => g.households.map((h) => [h, groupIds[i]] as const));
  const assignedAt = new Date(`${start}T09:00:00+08:00`);
  for (const part of chunks(assigned)) {
    await sql`insert into household_liaisons (household_id, group_id, region_path, assigned_at)
      select u.h, u.g, h.region_path, ${assignedAt} from unnest(${part.map(([h]) => h)}::int4[], ${part.map(([, g]) => g)}::int4[]) as u(h, g)
      join households h on h.id = u.h`.execute(trx);
  }

  // Six weeks of visits by the groups.
  const cadresOf = new Map(groupRows.map((g, i) => [groupIds[i], g.cadreIds]));
  const hhById = new Map(households.map((h) => [h.id, h]));
  const visits = demoVisits(assigned.map(([h, g]) => ({ id: h, groupId: g, priority: (hhById.get(h)!.tags ?? []).some((t) => prio.has(t)) })), today, opts.seed);
  const recorder = await trx.selectFrom('users').select('id').where('username', '=', 'cadre').executeTakeFirst();
  for (const part of chunks(visits)) {
    const ids = part.map(() => randomUUID());
    const householdOf = new Map<string, number>(ids.map((id, i) => [id, part[i].householdIds[0]]));
    const { rows } = await sql<{ id: number; client_id: string; visited_on: string }>`
      insert into visits (client_id, kind, visited_on, notes, cadre_ids, region_path, recorded_by, created_at)
      select u.client_id, u.kind, u.visited_on, u.notes, string_to_array(u.cadres, ',')::int4[], h.region_path, ${recorder?.id ?? null}::int4,
             (u.visited_on + time '17:00') at time zone 'Asia/Shanghai'
      from unnest(${ids}::uuid[], ${part.map((v) => v.kind)}::text[], ${part.map((v) => v.visitedOn)}::date[], ${part.map((v) => v.notes)}::text[],
                  ${part.map((v) => (cadresOf.get(v.groupId) ?? []).join(','))}::text[], ${part.map((v) => v.householdIds[0])}::int4[]) as u(client_id, kind, visited_on, notes, cadres, household_id)
      join households h on h.id = u.household_id
      returning id, client_id, visited_on`.execute(trx);
    await sql`insert into visit_households (visit_id, household_id, group_id, region_path, visited_on)
      select u.v, h.id, l.group_id, h.region_path, u.d
      from unnest(${rows.map((r) => r.id)}::int4[], ${rows.map((r) => householdOf.get(r.client_id)!)}::int4[], ${rows.map((r) => r.visited_on)}::date[]) as u(v, h, d)
      join households h on h.id = u.h join household_liaisons l on l.household_id = h.id`.execute(trx);
  }
  await sql`insert into household_last_visits (household_id, visited_on, visit_id)
    select distinct on (household_id) household_id, visited_on, visit_id from visit_households order by household_id, visited_on desc, visit_id desc`.execute(trx);

  // A round over the district, a few events on priority households, last month's service days.
  const district = await trx.selectFrom('regions').select(['id', 'path']).where('level', '=', 'district').orderBy('id').executeTakeFirstOrThrow();
  await trx.insertInto('visit_rounds').values({ name: `${today.slice(0, 4)}年第三轮“大走访”`, region_id: district.id, region_path: district.path, starts_on: addDays(today, -30), ends_on: addDays(today, 30) }).execute();
  const rng = rngFor(opts.seed, 'events');
  const prioHouseholds = assigned.filter(([h]) => (hhById.get(h)!.tags ?? []).some((t) => prio.has(t)));
  const notes: Record<string, string> = { illness: '户主突发脑梗住院', disaster: '台风吹坏屋顶', death: '老伴去世', hardship: '渔船受损，家庭收入中断', other: '子女外出，老人独居' };
  for (let i = 0; i < Math.min(12, prioHouseholds.length); i++) {
    const [h] = prioHouseholds[int(rng, 0, prioHouseholds.length - 1)];
    const kind = pick(rng, EVENT_KINDS);
    const occurred = addDays(today, -int(rng, 0, 8));
    const hh = await trx.selectFrom('households').select('region_path').where('id', '=', h).executeTakeFirstOrThrow();
    const ev = await trx.insertInto('household_events').values({ household_id: h, kind, occurred_on: occurred, note: notes[kind], region_path: hh.region_path }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('visit_tasks').values({ household_id: h, event_id: ev.id, due_on: timelyDueOn(occurred, kind, DEFAULT_LIAISON_SETTINGS), region_path: hh.region_path }).execute();
  }
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const staffByDept = groupRows.flatMap((g) => g.cadreIds);
  const cadreRegion = new Map((await trx.selectFrom('cadres').select(['id', 'region_path']).execute()).map((c) => [c.id, c.region_path]));
  for (const day of serviceDayDates(lastMonth, DEFAULT_LIAISON_SETTINGS.serviceDays)) {
    const went = [...new Set(staffByDept.filter(() => rng() < 0.3))];
    for (const part of chunks(went)) {
      await trx.insertInto('service_day_attendance').values(part.map((c) => ({ code: day.code, held_on: day.date, cadre_id: c, region_path: cadreRegion.get(c)!, note: null, recorded_by: recorder?.id ?? null }))).execute();
    }
  }
  return { liaison_groups: groupRows.length, visits: visits.length };
}
