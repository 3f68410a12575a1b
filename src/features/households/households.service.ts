// Household use cases: each write is one transaction with its audit entry.
import { recordPrefixes, regionPrefixes } from './search-prefixes.ts';
import type { DB } from '../../db/connection.ts';
import type { Household } from '../../db/schema.ts';
import { requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { updateVersioned, deleteVersioned } from '../../db/versioned.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { householdKey, splitTags } from '../../domain/households.ts';
import { assertFound, gridInScope } from '../shared.ts';
import { getHousehold, knownTags } from './households.repo.ts';
import type { HouseholdCreate, HouseholdUpdate } from './households.schema.ts';

export const presentHousehold = (h: Household) => ({
  id: h.id, externalCode: h.external_code, address: h.address, buildingId: h.building_id, regionId: h.region_id,
  headName: h.head_name, memberCount: h.member_count, tags: h.tags, lat: h.lat, lng: h.lng, notes: h.notes, version: h.version,
  createdAt: h.created_at, updatedAt: h.updated_at,
});

async function checkTags(trx: DB, tags: string[]): Promise<string[]> {
  const names = splitTags(tags);
  const known = await knownTags(trx, names);
  const unknown = names.filter((t) => !known.has(t));
  if (unknown.length) throw invalid('tags', `未知的户标签：${unknown.join('、')}`, `unknown household tags: ${unknown.join(', ')}`, unknown);
  return names;
}

async function checkBuilding(trx: DB, buildingId: number | null | undefined, regionId: number) {
  if (!buildingId) return;
  const b = await trx.selectFrom('buildings').select(['id', 'region_id']).where('id', '=', buildingId).executeTakeFirst();
  if (!b) throw invalid('buildingId', '楼宇不存在', 'no such building', buildingId);
  if (b.region_id !== regionId) throw invalid('buildingId', '楼宇不在所选网格内', 'the building is not in the chosen grid', buildingId);
}

export async function readHousehold(db: DB, actor: Actor, id: number): Promise<Household> {
  requirePermission(actor, Permission.RegistryRead);
  const h = assertFound(await getHousehold(db, id), '住户');
  requireInScope(actor, h.region_path, 'id');
  return h;
}

export function createHousehold(db: DB, actor: Actor, input: HouseholdCreate) {
  requirePermission(actor, Permission.RegistryWrite);
  return db.transaction().execute(async (trx) => {
    const grid = await gridInScope(trx, actor, input.regionId);
    await checkBuilding(trx, input.buildingId, grid.id);
    const tags = await checkTags(trx, input.tags);
    const key = householdKey(input.externalCode, input.address);
    const clash = await trx.selectFrom('households').select('id').where('external_code', '=', key).executeTakeFirst();
    if (clash) throw new AppError('DUPLICATE', [{ field: input.externalCode ? 'externalCode' : 'address', reason: '已有相同编号或地址的住户', reason_en: 'a household with this code or address exists', value: key }]);
    const search = (await regionPrefixes(trx, [grid.path])).search(input.address, null, grid.path);
    await recordPrefixes(trx, [{ region_path: grid.path, prefix: search.prefix }]);
    const row = await trx.insertInto('households').values({
      external_code: key, address: input.address, building_id: input.buildingId ?? null, region_id: grid.id, region_path: grid.path,
      tags, notes: input.notes ?? null, lat: input.lat ?? null, lng: input.lng ?? null, grams: search.grams,
    }).returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [{ action: 'create', entity: 'household', entityId: row.id, regionPath: row.region_path, after: presentHousehold(row) }]);
    return presentHousehold(row);
  });
}

export function updateHousehold(db: DB, actor: Actor, id: number, input: HouseholdUpdate) {
  requirePermission(actor, Permission.RegistryWrite);
  return db.transaction().execute(async (trx) => {
    const before = assertFound(await getHousehold(trx, id), '住户');
    requireInScope(actor, before.region_path, 'id');
    const patch: Record<string, unknown> = {};
    let grid = { id: before.region_id, path: before.region_path };
    if (input.regionId !== undefined && input.regionId !== before.region_id) grid = await gridInScope(trx, actor, input.regionId);
    patch.region_id = grid.id; patch.region_path = grid.path;
    if (input.buildingId !== undefined) patch.building_id = input.buildingId ?? null;
    await checkBuilding(trx, ('building_id' in patch ? patch.building_id : before.building_id) as number | null, grid.id);
    if (input.tags !== undefined) patch.tags = await checkTags(trx, input.tags);
    if (input.address !== undefined) patch.address = input.address;
    if (input.externalCode) patch.external_code = input.externalCode;
    for (const k of ['notes', 'lat', 'lng'] as const) if (input[k] !== undefined) patch[k] = input[k] ?? null;
    const search = (await regionPrefixes(trx, [grid.path])).search((patch.address as string) ?? before.address, before.head_name, grid.path);
    await recordPrefixes(trx, [{ region_path: grid.path, prefix: search.prefix }]);
    patch.grams = search.grams;
    const after = await updateVersioned(trx, 'households', id, input.version, patch);
    if (grid.id !== before.region_id) {
      await trx.updateTable('residents').set({ region_id: grid.id, region_path: grid.path }).where('household_id', '=', id).execute();
    }
    await writeAudit(trx, actor, [{ action: 'update', entity: 'household', entityId: id, regionPath: after.region_path, before: presentHousehold(before), after: presentHousehold(after) }]);
    return presentHousehold(after);
  });
}

export function deleteHousehold(db: DB, actor: Actor, id: number, version: number) {
  requirePermission(actor, Permission.RegistryWrite);
  return db.transaction().execute(async (trx) => {
    const before = assertFound(await getHousehold(trx, id), '住户');
    requireInScope(actor, before.region_path, 'id');
    const residents = await trx.selectFrom('residents').select(['id', 'name']).where('household_id', '=', id).execute();
    await deleteVersioned(trx, 'households', id, version);
    await writeAudit(trx, actor, [{ action: 'delete', entity: 'household', entityId: id, regionPath: before.region_path, before: { ...presentHousehold(before), residents } }]);
  });
}
