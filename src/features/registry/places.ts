// Buildings and shops: places inside a grid.
import { z } from 'zod';
import { sql } from 'kysely';
import { Permission } from '../../domain/access.ts';
import { maskPhone, normalisePhone } from '../../domain/personal-data.ts';
import { invalid } from '../../platform/errors.ts';
import { gridInScope, optionalText } from '../shared.ts';
import { crudRoutes, pick } from './crud.ts';
import type { DB } from '../../db/connection.ts';

const coords = { lat: z.number().min(-90).max(90).nullish(), lng: z.number().min(-180).max(180).nullish() };

async function gridColumns(trx: DB, actor: any, input: any, before?: any) {
  if (input.regionId === undefined) return {};
  const g = await gridInScope(trx, actor, input.regionId);
  return before && g.id === before.region_id ? {} : { region_id: g.id, region_path: g.path };
}

export const buildingRoutes = crudRoutes({
  table: 'buildings', entity: 'building', path: '/api/buildings', label: '楼宇 Buildings',
  read: Permission.RegistryRead, write: Permission.RegistryWrite, regionBound: true, paged: true,
  searchColumns: ['name', 'address', 'code'], orderBy: 'code',
  select: (q) => q.innerJoin('regions as r', 'r.id', 't.region_id').select(['r.name as region_name',
    sql<number>`(select count(*) from households h where h.building_id = t.id)`.as('households')]),
  create: z.object({
    code: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(100), address: optionalText(200),
    regionId: z.number().int().positive(), floors: z.number().int().min(1).max(200).nullish(), units: z.number().int().min(1).max(100).nullish(), ...coords,
  }),
  async toRow(trx, actor, input, before) {
    return { ...pick(input, { code: 'code', name: 'name', address: 'address', floors: 'floors', units: 'units', lat: 'lat', lng: 'lng' }), ...(await gridColumns(trx, actor, input, before)) };
  },
  present: (b) => ({
    id: b.id, code: b.code, name: b.name, address: b.address, regionId: b.region_id, regionName: b.region_name,
    floors: b.floors, units: b.units, lat: b.lat, lng: b.lng, households: b.households === undefined ? undefined : Number(b.households), version: b.version,
  }),
});

export const shopRoutes = crudRoutes({
  table: 'shops', entity: 'shop', path: '/api/shops', label: '商铺 Shops',
  read: Permission.RegistryRead, write: Permission.RegistryWrite, regionBound: true, paged: true,
  searchColumns: ['name', 'address', 'code', 'owner_name'], orderBy: 'code',
  select: (q) => q.innerJoin('regions as r', 'r.id', 't.region_id').select('r.name as region_name'),
  create: z.object({
    code: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(100), address: optionalText(200),
    regionId: z.number().int().positive(), buildingId: z.number().int().positive().nullish(), ownerName: optionalText(50),
    phone: optionalText(30), businessType: optionalText(50), licenseNo: optionalText(50),
  }),
  async toRow(trx, actor, input, before) {
    const row: Record<string, unknown> = {
      ...pick(input, { code: 'code', name: 'name', address: 'address', buildingId: 'building_id', ownerName: 'owner_name', businessType: 'business_type', licenseNo: 'license_no' }),
      ...(await gridColumns(trx, actor, input, before)),
    };
    if (input.phone !== undefined && input.phone !== maskPhone(before?.phone ?? null)) {
      const p = input.phone ? normalisePhone(input.phone) : null;
      if (input.phone && !p) throw invalid('phone', '不是有效的电话号码', 'not a valid phone number', input.phone);
      row.phone = p;
    }
    return row;
  },
  present: (s) => ({
    id: s.id, code: s.code, name: s.name, address: s.address, regionId: s.region_id, regionName: s.region_name, buildingId: s.building_id,
    ownerName: s.owner_name, phone: maskPhone(s.phone), businessType: s.business_type, licenseNo: s.license_no, version: s.version,
  }),
});
