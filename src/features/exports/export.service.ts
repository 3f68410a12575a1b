// Registry exports (台账) as streaming .xlsx: rows are read in keyset pages inside the actor's
// scope and written as they come. For importable kinds the columns are the import columns,
// so an export re-imports unchanged. ID numbers and phones are masked for roles without
// pii.reveal (and such a file cannot be re-imported: the masked cells are rejected).
import type { Writable } from 'node:stream';
import type { DB } from '../../db/connection.ts';
import { can, inScope, requirePermission, type Actor } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { maskIdNumber, maskPhone } from '../../domain/personal-data.ts';
import { COLUMNS, type ImportKind } from '../../domain/import-rows.ts';
import { xlsxSheet, type CellValue, type SheetColumn } from './xlsx.ts';

export const EXPORT_KINDS = ['households', 'residents', 'cadres', 'buildings', 'shops', 'departments'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_TITLES: Record<ExportKind, string> = {
  households: '住户台账', residents: '居民台账', cadres: '干部台账', buildings: '楼宇台账', shops: '商铺台账', departments: '单位台账',
};
const ENTITY: Record<ExportKind, string> = {
  households: 'household', residents: 'resident', cadres: 'cadre', buildings: 'building', shops: 'shop', departments: 'department',
};

type Row = Record<string, unknown> & { id: number };
interface Spec { columns: (SheetColumn & { key: string })[]; page(db: DB, actor: Actor, after: number, limit: number): Promise<Row[]> }

const TEXT_KEYS = /code|id_number|phone/;
const importColumns = (kind: ImportKind) => COLUMNS[kind].map((c) => ({ key: c.key, header: c.header, width: c.width, required: c.required, text: TEXT_KEYS.test(c.key) }));
const yesNo = (b: unknown) => (b === null || b === undefined ? null : b ? '是' : '否');
const genderZh = (g: unknown) => (g === 'M' ? '男' : g === 'F' ? '女' : null);
const DEPT_KIND: Record<string, string> = { bureau: '局/委', township: '乡镇/街道', office: '办公室', other: '其他' };

const SPECS: Record<ExportKind, Spec> = {
  households: {
    columns: importColumns('households'),
    page: (db, actor, after, limit) => inScope(db.selectFrom('households as h').innerJoin('regions as r', 'r.id', 'h.region_id')
      .leftJoin('buildings as b', 'b.id', 'h.building_id')
      .select(['h.id', 'h.external_code', 'h.address', 'r.code as grid_code', 'b.code as building_code', 'h.tags', 'h.notes', 'h.lat', 'h.lng'])
      .where('h.id', '>', after).orderBy('h.id').limit(limit), actor, 'h.region_path').execute()
      .then((rows) => rows.map((r) => ({ ...r, tags: r.tags.length ? r.tags.join('、') : null }))),
  },
  residents: {
    columns: importColumns('residents'),
    page: (db, actor, after, limit) => inScope(db.selectFrom('residents as p').innerJoin('households as h', 'h.id', 'p.household_id')
      .select(['p.id', 'h.external_code as household_code', 'h.address', 'p.name', 'p.gender', 'p.birth_date', 'p.id_number', 'p.phone', 'p.party_member', 'p.relation'])
      .where('p.id', '>', after).orderBy('p.id').limit(limit), actor, 'p.region_path').execute()
      .then((rows) => rows.map((r) => ({ ...r, gender: genderZh(r.gender), party_member: yesNo(r.party_member) }))),
  },
  cadres: {
    columns: importColumns('cadres'),
    page: (db, actor, after, limit) => inScope(db.selectFrom('cadres as c').innerJoin('departments as d', 'd.id', 'c.department_id')
      .select(['c.id', 'c.code', 'c.name', 'c.gender', 'd.code as department_code', 'c.party_member', 'c.is_local', 'c.years_of_service', 'c.origin_village', 'c.phone', 'c.position'])
      .where('c.id', '>', after).orderBy('c.id').limit(limit), actor, 'c.region_path').execute()
      .then((rows) => rows.map((r) => ({ ...r, gender: genderZh(r.gender), party_member: yesNo(r.party_member), is_local: yesNo(r.is_local) }))),
  },
  buildings: {
    columns: importColumns('buildings'),
    page: (db, actor, after, limit) => inScope(db.selectFrom('buildings as b').innerJoin('regions as r', 'r.id', 'b.region_id')
      .select(['b.id', 'b.code', 'b.name', 'b.address', 'r.code as grid_code', 'b.floors', 'b.units', 'b.lat', 'b.lng'])
      .where('b.id', '>', after).orderBy('b.id').limit(limit), actor, 'b.region_path').execute(),
  },
  shops: {
    columns: [
      { key: 'code', header: '商铺编码', width: 14, text: true }, { key: 'name', header: '名称', width: 24 }, { key: 'address', header: '地址', width: 30 },
      { key: 'building_code', header: '楼宇编码', width: 14, text: true }, { key: 'grid_code', header: '网格编码', width: 16, text: true },
      { key: 'owner_name', header: '负责人', width: 12 }, { key: 'phone', header: '联系电话', width: 16, text: true },
      { key: 'business_type', header: '经营类型', width: 14 }, { key: 'license_no', header: '营业执照号', width: 22, text: true },
    ],
    page: (db, actor, after, limit) => inScope(db.selectFrom('shops as s').innerJoin('regions as r', 'r.id', 's.region_id')
      .leftJoin('buildings as b', 'b.id', 's.building_id')
      .select(['s.id', 's.code', 's.name', 's.address', 'b.code as building_code', 'r.code as grid_code', 's.owner_name', 's.phone', 's.business_type', 's.license_no'])
      .where('s.id', '>', after).orderBy('s.id').limit(limit), actor, 's.region_path').execute(),
  },
  departments: {
    columns: [
      { key: 'code', header: '单位编码', width: 16, text: true }, { key: 'name', header: '名称', width: 24 }, { key: 'kind', header: '类型', width: 12 },
      { key: 'region_code', header: '所属区域编码', width: 16, text: true }, { key: 'region_name', header: '所属区域', width: 16 },
      { key: 'phone', header: '电话', width: 16, text: true },
    ],
    page: (db, actor, after, limit) => inScope(db.selectFrom('departments as d').innerJoin('regions as r', 'r.id', 'd.region_id')
      .select(['d.id', 'd.code', 'd.name', 'd.kind', 'r.code as region_code', 'r.name as region_name', 'd.phone'])
      .where('d.id', '>', after).orderBy('d.id').limit(limit), actor, 'd.region_path').execute()
      .then((rows) => rows.map((r) => ({ ...r, kind: DEPT_KIND[r.kind] ?? r.kind }))),
  },
};

/** Columns whose clear value needs pii.reveal. */
const MASKS: Partial<Record<ExportKind, Record<string, (v: string | null) => string | null>>> = {
  residents: { id_number: maskIdNumber, phone: maskPhone },
  shops: { phone: maskPhone },
};

const PAGE = 5000;

/** Write the kind's registry within the actor's scope to `out` as .xlsx; returns the row count. */
export async function exportRegistry(db: DB, actor: Actor, kind: ExportKind, out: Writable, onRows?: (n: number) => void): Promise<{ rows: number; masked: boolean }> {
  requirePermission(actor, Permission.ExportRun);
  const spec = SPECS[kind];
  const masks = can(actor, Permission.PersonalDataReveal) ? {} : (MASKS[kind] ?? {});
  const sheet = xlsxSheet(out, EXPORT_TITLES[kind], spec.columns);
  let after = 0, rows = 0;
  for (;;) {
    const page = await spec.page(db, actor, after, PAGE);
    for (const r of page) {
      await sheet.add(spec.columns.map((c) => {
        const v = r[c.key] ?? null;
        const mask = masks[c.key];
        return (mask ? mask(v as string | null) : v) as CellValue;
      }));
    }
    rows += page.length;
    onRows?.(rows);
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  await sheet.end();
  const masked = Object.keys(masks).length > 0;
  await db.transaction().execute((trx) => writeAudit(trx, actor, [{
    action: 'export', entity: ENTITY[kind], regionPath: actor.scope.regionPath, meta: { kind, rows, masked },
  }]));
  return { rows, masked };
}
