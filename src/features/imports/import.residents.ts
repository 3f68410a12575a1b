// 居民 residents: keyed by ID number when there is one, else by (household, name). An ID
// number already registered for someone with another name is a problem, not an update.
// After each batch the households touched get their member_count and head_name (户主) again.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { writeAudit, type AuditEntry } from '../../platform/audit.ts';
import { gramsOf } from '../../domain/text-search.ts';
import { maskIdNumber, maskPhone, phoneTail } from '../../domain/personal-data.ts';
import { addressKey, type ResidentInput } from '../../domain/import-rows.ts';
import { recordPrefixes, regionPrefixes } from '../households/search-prefixes.ts';
import { activeCols, householdsByAddress, householdsByCode, insertRows, rowsByKeys, updateRows, type ColSpec, type HouseholdRef } from './import.repo.ts';
import { OUT_OF_SCOPE, rowInScope, type ImportCtx, type Item, type KindHandler } from './import.kind.ts';

interface Existing {
  id: number; household_id: number; name: string; gender: string | null; birth_date: string | null; id_number: string | null;
  phone: string | null; party_member: boolean; relation: string | null; region_id: number; region_path: string;
}
interface R { household: HouseholdRef; match?: Existing }

const COLS: ColSpec[] = [
  { name: 'household_id', type: 'int4' }, { name: 'region_id', type: 'int4' }, { name: 'region_path', type: 'text' },
  { name: 'name', type: 'text' }, { name: 'gender', type: 'text', from: ['gender', 'id_number'] },
  { name: 'birth_date', type: 'date', from: ['birth_date', 'id_number'] }, { name: 'id_number', type: 'text', from: ['id_number'] },
  { name: 'phone', type: 'text', from: ['phone'] }, { name: 'party_member', type: 'bool', from: ['party_member'] },
  { name: 'relation', type: 'text', from: ['relation'] }, { name: 'phone_tail', type: 'text', compare: false, from: ['phone'] },
  { name: 'grams', type: 'text[]', compare: false },
];
const AUDITED = ['household_id', 'name', 'gender', 'birth_date', 'id_number', 'phone', 'party_member', 'relation'] as const;
const ALL = [...AUDITED, 'region_id'];

/** The trail keeps who changed what, but never an ID number or phone in clear. */
function auditView(r: Record<string, unknown>) {
  const o: Record<string, unknown> = {};
  for (const k of AUDITED) o[k] = r[k] ?? null;
  o.id_number = maskIdNumber(o.id_number as string | null);
  o.phone = maskPhone(o.phone as string | null);
  return o;
}
const householdRef = (v: ResidentInput) => v.household_code ?? addressKey(v.address ?? '');

export function residents(): KindHandler<ResidentInput, R> {
  const claimed = new Map<number, number>(); // existing resident id → the file row that updates it
  return {
    async load() { /* every lookup is per batch */ },
    check() { /* nothing to check without the database */ },
    dupKeys: (v) => (v.id_number
      ? [{ key: 'ID:' + v.id_number, column: '身份证号', value: v.id_number }]
      : [{ key: `HN:${householdRef(v)}|${v.name}`, column: '姓名', value: v.name }]),

    async resolve(trx, items, ctx) {
      const byCode = new Map((await householdsByCode(trx, items.map((i) => householdRef(i.v)))).map((h) => [h.external_code, h]));
      const byAddress = new Map<string, HouseholdRef[]>();
      const lost = items.filter((i) => !i.v.household_code && !byCode.has(householdRef(i.v)));
      for (const h of await householdsByAddress(trx, lost.map((i) => i.v.address!))) {
        if (rowInScope(ctx.actor, h.region_path)) byAddress.set(h.address, [...(byAddress.get(h.address) ?? []), h]);
      }
      for (const i of items) {
        const h = byCode.get(householdRef(i.v)) ?? (i.v.household_code ? undefined : byAddress.get(i.v.address!)?.[0]);
        const [column, value] = i.v.household_code ? ['户编号', i.v.household_code] : ['地址', i.v.address];
        if (!h) ctx.fail(i, column, value, i.v.household_code ? '户编号不存在' : '找不到该地址的住户', i.v.household_code ? 'unknown household code' : 'no household at this address');
        else if (!i.v.household_code && (byAddress.get(i.v.address!)?.length ?? 0) > 1) ctx.fail(i, '地址', value, '该地址对应多户，请填写户编号', 'several households have this address; give the household code');
        else if (!rowInScope(ctx.actor, h.region_path)) ctx.fail(i, column, value, `该户${OUT_OF_SCOPE[0]}`, `the household is ${OUT_OF_SCOPE[1]}`);
        else i.r = { household: h };
      }
      const live = items.filter((i) => !i.failed);
      const byId = new Map((await rowsByKeys<Existing>(trx, 'residents', 'id_number', live.flatMap((i) => (i.v.id_number ? [i.v.id_number] : [])), ALL))
        .map((e) => [e.id_number!, e]));
      const pairs = await sql<Existing>`select r.id, ${sql.join(ALL.map((c) => sql.ref(`r.${c}`)))}, r.region_path from residents r
        join unnest(${live.map((i) => i.r.household.id)}::int[], ${live.map((i) => i.v.name)}::text[]) as t(hid, name)
          on r.household_id = t.hid and r.name = t.name order by r.id`.execute(trx);
      const byPair = new Map<string, Existing>();
      for (const e of pairs.rows) if (!byPair.has(`${e.household_id}|${e.name}`)) byPair.set(`${e.household_id}|${e.name}`, e);
      for (const i of live) {
        const pair = byPair.get(`${i.r.household.id}|${i.v.name}`);
        let match: Existing | undefined;
        if (i.v.id_number) {
          match = byId.get(i.v.id_number);
          if (match && match.name !== i.v.name) {
            ctx.fail(i, '身份证号', i.v.id_number, '该身份证号已登记为另一位居民（姓名不同）', 'this ID number is registered to another resident (different name)');
            continue;
          }
          if (!match && pair && !pair.id_number) match = pair; // the same person, now with an ID number
        } else match = pair;
        if (match && !rowInScope(ctx.actor, match.region_path)) {
          ctx.fail(i, '身份证号', i.v.id_number ?? '', `该居民${OUT_OF_SCOPE[0]}`, `this resident is ${OUT_OF_SCOPE[1]}`);
          continue;
        }
        if (match) {
          const earlier = claimed.get(match.id);
          if (earlier !== undefined && earlier !== i.row) {
            ctx.fail(i, '姓名', i.v.name, `与第 ${earlier} 行是同一位居民`, `the same resident as row ${earlier}`);
            continue;
          }
          claimed.set(match.id, i.row);
          i.r.match = match;
        }
      }
    },

    async write(trx, items, ctx) {
      const rows = items.map((i) => ({
        household_id: i.r.household.id, region_id: i.r.household.region_id, region_path: i.r.household.region_path,
        name: i.v.name, gender: i.v.gender, birth_date: i.v.birth_date, id_number: i.v.id_number ?? i.r.match?.id_number ?? null,
        phone: i.v.phone, party_member: i.v.party_member, relation: i.v.relation, phone_tail: phoneTail(i.v.phone), grams: gramsOf(i.v.name),
      }));
      const fresh = items.flatMap((i, n) => (i.r.match ? [] : [n]));
      const ids = (await sql<{ id: number }>`select nextval(pg_get_serial_sequence('residents', 'id'))::int as id
        from generate_series(1, ${fresh.length}::int)`.execute(trx)).rows.map((r) => r.id);
      const cols = activeCols(COLS, ctx.columns);
      await insertRows(trx, 'residents', [{ name: 'id', type: 'int4' }, ...cols], fresh.map((n, k) => ({ id: ids[k], ...rows[n] })));
      const old = items.flatMap((i, n) => (i.r.match ? [n] : []));
      const updated = new Set(await updateRows(trx, 'residents', cols, old.map((n) => ({ id: items[n].r.match!.id, ...rows[n] }))));

      const entries: AuditEntry[] = fresh.map((n, k) => ({
        action: 'import.create', entity: 'resident', entityId: ids[k], regionPath: rows[n].region_path,
        after: auditView(rows[n]), meta: { job: ctx.jobId, row: items[n].row },
      }));
      const touched = new Set(fresh.map((n) => rows[n].household_id));
      for (const n of old) {
        const m = items[n].r.match!;
        if (!updated.has(m.id)) continue;
        touched.add(rows[n].household_id).add(m.household_id);
        entries.push({
          action: 'import.update', entity: 'resident', entityId: m.id, regionPath: rows[n].region_path,
          before: auditView({ ...m }), after: auditView({ ...m, ...Object.fromEntries(cols.map((c) => [c.name, rows[n][c.name as keyof typeof rows[number]]])) }),
          meta: { job: ctx.jobId, row: items[n].row, changed: AUDITED.filter((k) => cols.some((c) => c.name === k) && String(m[k] ?? '') !== String(rows[n][k] ?? '')) },
        });
      }
      entries.push(...await recountHouseholds(trx, [...touched], ctx));
      await writeAudit(trx, ctx.actor, entries);
      return { inserted: fresh.length, updated: updated.size };
    },
  };
}

/** member_count and head_name (the 户主's name; kept when nobody is 户主) of the households touched. */
async function recountHouseholds(trx: DB, ids: number[], ctx: ImportCtx): Promise<AuditEntry[]> {
  if (!ids.length) return [];
  const { rows } = await sql<{ id: number; address: string; head_name: string | null; member_count: number; region_path: string; n: number; head: string | null }>`
    select h.id, h.address, h.head_name, h.member_count, h.region_path,
      (select count(*)::int from residents r where r.household_id = h.id) as n,
      (select r.name from residents r where r.household_id = h.id and r.relation = '户主' order by r.id limit 1) as head
    from households h where h.id = any(${ids}::int[])`.execute(trx);
  const changed = rows.filter((h) => h.n !== h.member_count || (h.head ?? h.head_name) !== h.head_name);
  const prefixes = await regionPrefixes(trx, changed.map((h) => h.region_path));
  const search = changed.map((h) => prefixes.search(h.address, h.head ?? h.head_name, h.region_path));
  await recordPrefixes(trx, changed.map((h, n) => ({ region_path: h.region_path, prefix: search[n].prefix })));
  const done = new Set(await updateRows(trx, 'households', [
    { name: 'member_count', type: 'int4' }, { name: 'head_name', type: 'text' }, { name: 'grams', type: 'text[]', compare: false },
  ], changed.map((h, n) => ({ id: h.id, member_count: h.n, head_name: h.head ?? h.head_name, grams: search[n].grams }))));
  return changed.filter((h) => done.has(h.id)).map((h) => ({
    action: 'import.update', entity: 'household', entityId: h.id, regionPath: h.region_path,
    before: { member_count: h.member_count, head_name: h.head_name }, after: { member_count: h.n, head_name: h.head ?? h.head_name },
    meta: { job: ctx.jobId, derived: 'residents' },
  }));
}
