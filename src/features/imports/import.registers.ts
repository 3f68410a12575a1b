// 干部 cadres (keyed by 工号, region = the department's) and 楼宇 buildings (keyed by 楼宇编码,
// in one grid): both are plain upserts on a unique code.
import type { DB } from '../../db/connection.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { BuildingInput, CadreInput } from '../../domain/import-rows.ts';
import {
  activeCols, departmentsByCode, regionsByCode, rowsByKeys, upsertByKey, type ColSpec, type DepartmentRef, type RegionRef,
} from './import.repo.ts';
import { OUT_OF_SCOPE, auditEntries, rowInScope, pick, type ImportCtx, type Item, type KindHandler } from './import.kind.ts';
import { gridFor } from './import.households.ts';

interface Existing { id: number; code: string; region_path: string; [k: string]: unknown }

/** The shared second half: fetch the current rows by code (scope + audit before), upsert, audit. */
function byCode<T extends { code: string }, R extends { before?: Existing }>(table: 'cadres' | 'buildings', entity: string, codeHeader: string,
  cols: ColSpec[], toRow: (i: Item<T, R>) => Record<string, unknown> & { region_path: string }) {
  const allAudited = ['code', ...cols.map((c) => c.name).filter((n) => n !== 'region_path')];
  return {
    dupKeys: (v: T) => [{ key: v.code, column: codeHeader, value: v.code }],
    async resolve(trx: DB, items: Item<T, R>[], ctx: ImportCtx) {
      const before = await rowsByKeys<Existing>(trx, table, 'code', items.map((i) => i.v.code), allAudited);
      const byKey = new Map(before.map((b) => [b.code, b]));
      for (const i of items) {
        const b = byKey.get(i.v.code);
        if (!b) continue;
        if (rowInScope(ctx.actor, b.region_path)) i.r.before = b;
        else ctx.fail(i, codeHeader, i.v.code, `该编码已登记在您的管辖范围之外`, 'this code is registered outside your scope');
      }
    },
    async write(trx: DB, items: Item<T, R>[], ctx: ImportCtx) {
      const rows = items.map((i) => ({ code: i.v.code, ...toRow(i) }));
      const active = activeCols(cols, ctx.columns);
      const audited = allAudited.filter((k) => k === 'code' || active.some((c) => c.name === k));
      const done = await upsertByKey(trx, table, { name: 'code', type: 'text' }, active, rows);
      const byKey = new Map(items.map((i, n) => [i.v.code, { item: i, row: rows[n] }]));
      await writeAudit(trx, ctx.actor, auditEntries(entity, ctx.jobId, done.map((d) => {
        const { item, row } = byKey.get(d.key)!;
        return { id: d.id, inserted: d.inserted, row: item.row, path: row.region_path, before: item.r.before && pick(item.r.before, audited), after: pick(row, audited) };
      })));
      const inserted = done.filter((d) => d.inserted).length;
      return { inserted, updated: done.length - inserted };
    },
  };
}

const CADRE_COLS: ColSpec[] = [
  { name: 'name', type: 'text' }, { name: 'gender', type: 'text', from: ['gender'] }, { name: 'department_id', type: 'int4' },
  { name: 'party_member', type: 'bool', from: ['party_member'] }, { name: 'is_local', type: 'bool', from: ['is_local'] },
  { name: 'years_of_service', type: 'int4', from: ['years_of_service'] }, { name: 'origin_village', type: 'text', from: ['origin_village'] },
  { name: 'phone', type: 'text', from: ['phone'] }, { name: 'position', type: 'text', from: ['position'] },
  { name: 'region_id', type: 'int4' }, { name: 'region_path', type: 'text' },
];
interface CadreR { dept: DepartmentRef; before?: Existing }

export function cadres(): KindHandler<CadreInput, CadreR> {
  let departments = new Map<string, DepartmentRef>();
  return {
    parallel: 2,
    async load(db: DB) { departments = await departmentsByCode(db); },
    check(item, ctx) {
      const d = departments.get(item.v.department_code);
      if (!d) ctx.fail(item, '单位编码', item.v.department_code, '单位编码不存在', 'unknown department code');
      else if (!rowInScope(ctx.actor, d.region_path)) ctx.fail(item, '单位编码', item.v.department_code, `该单位${OUT_OF_SCOPE[0]}`, `the department is ${OUT_OF_SCOPE[1]}`);
      else item.r = { dept: d };
    },
    ...byCode<CadreInput, CadreR>('cadres', 'cadre', '工号', CADRE_COLS, ({ v, r }) => ({
      name: v.name, gender: v.gender, department_id: r.dept.id, party_member: v.party_member, is_local: v.is_local,
      years_of_service: v.years_of_service, origin_village: v.origin_village, phone: v.phone, position: v.position,
      region_id: r.dept.region_id, region_path: r.dept.region_path,
    })),
  };
}

const BUILDING_COLS: ColSpec[] = [
  { name: 'name', type: 'text' }, { name: 'address', type: 'text', from: ['address'] }, { name: 'region_id', type: 'int4' },
  { name: 'region_path', type: 'text' }, { name: 'floors', type: 'int4', from: ['floors'] }, { name: 'units', type: 'int4', from: ['units'] },
  { name: 'lat', type: 'float8', from: ['lat'] }, { name: 'lng', type: 'float8', from: ['lng'] },
];
interface BuildingR { grid: RegionRef; before?: Existing }

export function buildings(): KindHandler<BuildingInput, BuildingR> {
  let regions = new Map<string, RegionRef>();
  return {
    parallel: 2,
    async load(db: DB) { regions = await regionsByCode(db); },
    check(item, ctx) {
      const g = gridFor(regions, item.v.grid_code, item, ctx);
      if (g) item.r = { grid: g };
    },
    ...byCode<BuildingInput, BuildingR>('buildings', 'building', '楼宇编码', BUILDING_COLS, ({ v, r }) => ({
      name: v.name, address: v.address, region_id: r.grid.id, region_path: r.grid.path, floors: v.floors, units: v.units, lat: v.lat, lng: v.lng,
    })),
  };
}
