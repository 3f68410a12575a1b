// Residents: personal data is masked on the way out; revealing it is a permission and an audited act.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Resident } from '../../db/schema.ts';
import { inScope, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { updateVersioned, deleteVersioned } from '../../db/versioned.ts';
import { AppError } from '../../platform/errors.ts';
import { checkResident, type ResidentInput } from '../../domain/households.ts';
import { maskIdNumber, maskPhone, phoneTail } from '../../domain/personal-data.ts';
import { gramsOf, likeEscape, queryGrams } from '../../domain/text-search.ts';
import { assertFound, paginate } from '../shared.ts';
import { refreshHouseholdMembers, textArray } from '../households/households.repo.ts';

export const presentResident = (r: Resident) => ({
  id: r.id, householdId: r.household_id, name: r.name, gender: r.gender, birthDate: r.birth_date,
  idNumber: maskIdNumber(r.id_number), phone: maskPhone(r.phone), partyMember: r.party_member, relation: r.relation,
  version: r.version,
});
/** What the audit trail keeps of a resident: the clear values, since the trail is the record of truth. */
const auditView = (r: Resident) => ({ ...presentResident(r), idNumber: r.id_number, phone: r.phone });

function checked(input: ResidentInput) {
  const { value, problems } = checkResident(input);
  if (problems.length) throw new AppError('VALIDATION', problems);
  return value;
}

async function assertIdNumberFree(trx: DB, idNumber: string | null | undefined, exceptId?: number) {
  if (!idNumber) return;
  let q = trx.selectFrom('residents').select('id').where('id_number', '=', idNumber);
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) {
    throw new AppError('DUPLICATE', [{ field: 'idNumber', reason: '该身份证号已登记在其他居民名下', reason_en: 'this ID number is already registered to another resident' }]);
  }
}

export interface ResidentQuery { name?: string; phone?: string; regionPath?: string; householdId?: number; page: number; pageSize: number }

export function listResidents(db: DB, actor: Actor, f: ResidentQuery) {
  requirePermission(actor, Permission.RegistryRead);
  let q = inScope(db.selectFrom('residents as p').innerJoin('households as h', 'h.id', 'p.household_id')
    .selectAll('p').select('h.address'), actor, 'p.region_path');
  if (f.regionPath) q = q.where('p.region_path', 'like', `${f.regionPath}%`);
  if (f.householdId) q = q.where('p.household_id', '=', f.householdId);
  if (f.name) q = q.where(sql<boolean>`p.grams @> ${textArray(queryGrams(f.name))}`).where('p.name', 'like', `%${likeEscape(f.name)}%`);
  if (f.phone) {
    const digits = f.phone.replace(/\D/g, '');
    if (digits.length < 4) throw new AppError('VALIDATION', [{ field: 'phone', reason: '请输入手机号后4位或更多', reason_en: 'enter at least the last 4 digits' }]);
    q = q.where('p.phone_tail', '=', digits.slice(-4)).where('p.phone', 'like', `%${digits}`);
  }
  return paginate(db, q, f.page, f.pageSize, (x) => x.orderBy('p.id'))
    .then((r) => ({ ...r, items: r.items.map((x: any) => ({ ...presentResident(x), address: x.address })) }));
}

export async function listOfHousehold(db: DB, householdId: number) {
  const rows = await db.selectFrom('residents').selectAll().where('household_id', '=', householdId).orderBy('id').execute();
  return rows.map(presentResident);
}

export function createResident(db: DB, actor: Actor, householdId: number, input: ResidentInput) {
  requirePermission(actor, Permission.RegistryWrite);
  const v = checked(input);
  return db.transaction().execute(async (trx) => {
    const h = assertFound(await trx.selectFrom('households').select(['id', 'region_id', 'region_path']).where('id', '=', householdId).executeTakeFirst(), '住户');
    requireInScope(actor, h.region_path, 'householdId');
    await assertIdNumberFree(trx, v.idNumber);
    const row = await trx.insertInto('residents').values({
      household_id: h.id, region_id: h.region_id, region_path: h.region_path, name: v.name, gender: v.gender ?? null,
      birth_date: v.birthDate ?? null, id_number: v.idNumber ?? null, phone: v.phone ?? null, phone_tail: phoneTail(v.phone ?? null),
      party_member: v.partyMember ?? false, relation: v.relation ?? null, grams: gramsOf(v.name),
    }).returningAll().executeTakeFirstOrThrow();
    await refreshHouseholdMembers(trx, h.id);
    await writeAudit(trx, actor, [{ action: 'create', entity: 'resident', entityId: row.id, regionPath: row.region_path, after: auditView(row) }]);
    return presentResident(row);
  });
}

export function updateResident(db: DB, actor: Actor, id: number, input: Partial<ResidentInput> & { version: number }) {
  requirePermission(actor, Permission.RegistryWrite);
  return db.transaction().execute(async (trx) => {
    const before = assertFound(await trx.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirst(), '居民');
    requireInScope(actor, before.region_path, 'id');
    // Masked values sent back unchanged by a form mean "keep what is there".
    const keep = (x: string | null | undefined, masked: string | null) => (x === undefined || x === masked ? undefined : x);
    const merged: ResidentInput = {
      name: input.name ?? before.name,
      gender: input.gender === undefined ? before.gender : input.gender,
      birthDate: input.birthDate === undefined ? before.birth_date : input.birthDate,
      idNumber: keep(input.idNumber, maskIdNumber(before.id_number)) === undefined ? before.id_number : input.idNumber,
      phone: keep(input.phone, maskPhone(before.phone)) === undefined ? before.phone : input.phone,
      partyMember: input.partyMember ?? before.party_member,
      relation: input.relation === undefined ? before.relation : input.relation,
    };
    const v = checked(merged);
    await assertIdNumberFree(trx, v.idNumber, id);
    const after = await updateVersioned(trx, 'residents', id, input.version, {
      name: v.name, gender: v.gender ?? null, birth_date: v.birthDate ?? null, id_number: v.idNumber ?? null, phone: v.phone ?? null,
      phone_tail: phoneTail(v.phone ?? null), party_member: v.partyMember ?? false, relation: v.relation ?? null, grams: gramsOf(v.name),
    });
    await refreshHouseholdMembers(trx, before.household_id);
    await writeAudit(trx, actor, [{ action: 'update', entity: 'resident', entityId: id, regionPath: before.region_path, before: auditView(before), after: auditView(after) }]);
    return presentResident(after);
  });
}

export function deleteResident(db: DB, actor: Actor, id: number, version: number) {
  requirePermission(actor, Permission.RegistryWrite);
  return db.transaction().execute(async (trx) => {
    const before = assertFound(await trx.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirst(), '居民');
    requireInScope(actor, before.region_path, 'id');
    await deleteVersioned(trx, 'residents', id, version);
    await refreshHouseholdMembers(trx, before.household_id);
    await writeAudit(trx, actor, [{ action: 'delete', entity: 'resident', entityId: id, regionPath: before.region_path, before: auditView(before) }]);
  });
}

/** The clear ID number and phone, for a role that may see them; the viewing itself is recorded. */
export function revealResident(db: DB, actor: Actor, id: number, reason?: string) {
  requirePermission(actor, Permission.PersonalDataReveal);
  return db.transaction().execute(async (trx) => {
    const r = assertFound(await trx.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirst(), '居民');
    requireInScope(actor, r.region_path, 'id');
    await writeAudit(trx, actor, [{ action: 'unmask', entity: 'resident', entityId: id, regionPath: r.region_path, meta: { fields: ['idNumber', 'phone'], reason: reason ?? null } }]);
    return { id: r.id, idNumber: r.id_number, phone: r.phone };
  });
}
