// 住户 households: keyed by 户编号 (external_code), else by 'ADDR:' + the normalised address.
import type { DB } from '../../db/connection.ts';
import { writeAudit } from '../../platform/audit.ts';
import { recordPrefixes, regionPrefixes, RegionPrefixes } from '../households/search-prefixes.ts';
import type { HouseholdSearchFields } from '../../domain/household-search.ts';
import type { HouseholdInput } from '../../domain/import-rows.ts';
import { activeCols, buildingsByCode, regionsByCode, rowsByKeys, tagsByName, upsertByKey, type ColSpec, type RegionRef } from './import.repo.ts';
import { OUT_OF_SCOPE, auditEntries, rowInScope, pick, type ImportCtx, type Item, type KindHandler } from './import.kind.ts';

const LEVEL_ZH: Record<string, string> = { district: '区县', street: '街道/乡镇', community: '社区/村', grid: '网格' };

/** Look up a grid code for any kind: exists, is a grid, lies inside the actor's scope. */
export function gridFor(regions: Map<string, RegionRef>, code: string, item: Item<unknown, unknown>, ctx: ImportCtx): RegionRef | null {
  const g = regions.get(code);
  if (!g) ctx.fail(item, '网格编码', code, '网格编码不存在', 'unknown grid code');
  else if (g.level !== 'grid') ctx.fail(item, '网格编码', code, `该编码是${LEVEL_ZH[g.level] ?? g.level}，不是网格`, `this code is a ${g.level}, not a grid`);
  else if (!rowInScope(ctx.actor, g.path)) ctx.fail(item, '网格编码', code, `该网格${OUT_OF_SCOPE[0]}`, `the grid is ${OUT_OF_SCOPE[1]}`);
  else return g;
  return null;
}

const COLS: ColSpec[] = [
  { name: 'address', type: 'text' }, { name: 'building_id', type: 'int4', from: ['building_code'] }, { name: 'region_id', type: 'int4' },
  { name: 'region_path', type: 'text' }, { name: 'tags', type: 'text[]', from: ['tags'] }, { name: 'notes', type: 'text', from: ['notes'] },
  { name: 'lat', type: 'float8', from: ['lat'] }, { name: 'lng', type: 'float8', from: ['lng'] }, { name: 'grams', type: 'text[]', compare: false },
];
const AUDITED = ['external_code', 'address', 'building_id', 'region_id', 'tags', 'notes', 'lat', 'lng'] as const;

interface Existing { id: number; external_code: string; region_path: string; head_name: string | null; [k: string]: unknown }
interface R { grid: RegionRef; buildingId: number | null; before?: Existing; search?: HouseholdSearchFields }

const keyColumn = (v: HouseholdInput) => (v.key.startsWith('ADDR:') ? { column: '地址', value: v.address } : { column: '户编号', value: v.key });

export function households(): KindHandler<HouseholdInput, R> {
  let regions = new Map<string, RegionRef>();
  let tags = new Map<string, boolean>();
  let prefixes = new RegionPrefixes([]);
  const recorded = new Set<string>();
  return {
    parallel: 2, // keys are unique within the file, so two batches never touch the same household
    async load(db: DB) {
      regions = await regionsByCode(db);
      tags = await tagsByName(db);
      prefixes = await regionPrefixes(db);
    },
    check(item, ctx) {
      const g = gridFor(regions, item.v.grid_code, item, ctx);
      if (g) item.r = { grid: g, buildingId: null };
      for (const t of item.v.tags) {
        const active = tags.get(t);
        if (active === undefined) ctx.fail(item, '户标签', t, `标签“${t}”不存在`, `tag "${t}" does not exist`);
        else if (!active) ctx.fail(item, '户标签', t, `标签“${t}”已停用`, `tag "${t}" is no longer in use`);
      }
    },
    dupKeys: (v) => [{ key: v.key, ...keyColumn(v) }],
    // The search prefixes the batch's rows will be indexed without, recorded before the batch's
    // transaction opens: in 'valid' mode committed before any row using them, and never waited
    // on by the other batch in flight; in 'all' mode inside the one transaction.
    async prepare(db, items) {
      for (const i of items) i.r.search = prefixes.search(i.v.address, null, i.r.grid.path);
      await recordPrefixes(db, items.map((i) => ({ region_path: i.r.grid.path, prefix: i.r.search!.prefix })), recorded);
    },
    async resolve(trx, items, ctx) {
      const buildings = await buildingsByCode(trx, items.flatMap((i) => (i.v.building_code ? [i.v.building_code] : [])));
      for (const i of items) {
        if (!i.v.building_code) continue;
        const b = buildings.get(i.v.building_code);
        if (!b) ctx.fail(i, '楼宇编码', i.v.building_code, '楼宇编码不存在', 'unknown building code');
        else if (b.region_id !== i.r.grid.id) ctx.fail(i, '楼宇编码', i.v.building_code, '该楼宇不在所填网格内', 'the building is not in that grid');
        else i.r.buildingId = b.id;
      }
      const before = await rowsByKeys<Existing>(trx, 'households', 'external_code', items.map((i) => i.v.key), [...AUDITED, 'head_name']);
      const byKey = new Map(before.map((b) => [b.external_code, b]));
      for (const i of items) {
        const b = byKey.get(i.v.key);
        if (!b) continue;
        if (rowInScope(ctx.actor, b.region_path)) i.r.before = b;
        else ctx.fail(i, keyColumn(i.v).column, keyColumn(i.v).value, '该户已登记在您的管辖范围之外', 'this household is registered outside your scope');
      }
    },
    async write(trx, items, ctx) {
      // The prefix is the address's; the grams also hold the head of household's name when there is one.
      const search = items.map((i) => (i.r.before?.head_name ? prefixes.search(i.v.address, i.r.before.head_name, i.r.grid.path) : i.r.search!));
      const rows = items.map((i, n) => ({
        external_code: i.v.key, address: i.v.address, building_id: i.r.buildingId, region_id: i.r.grid.id, region_path: i.r.grid.path,
        tags: i.v.tags, notes: i.v.notes, lat: i.v.lat, lng: i.v.lng, grams: search[n].grams,
      }));
      const cols = activeCols(COLS, ctx.columns);
      const audited = AUDITED.filter((k) => k === 'external_code' || cols.some((c) => c.name === k));
      const done = await upsertByKey(trx, 'households', { name: 'external_code', type: 'text' }, cols, rows);
      const byKey = new Map(items.map((i, n) => [i.v.key, { item: i, row: rows[n] }]));
      await writeAudit(trx, ctx.actor, auditEntries('household', ctx.jobId, done.map((d) => {
        const { item, row } = byKey.get(d.key)!;
        return { id: d.id, inserted: d.inserted, row: item.row, path: row.region_path, before: item.r.before && pick(item.r.before, audited), after: pick(row, audited) };
      })));
      const inserted = done.filter((d) => d.inserted).length;
      return { inserted, updated: done.length - inserted };
    },
  };
}
