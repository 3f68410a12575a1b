// The columns of each importable registry and the rules for one row. Pure: no I/O. The
// template, the import and the export all read the same definitions, so an export can be
// re-imported unchanged. Lookups that need the database (grid, building, tag, department)
// happen in features/imports.
import { idNumberFacts, idNumberProblem, normaliseIdNumber, normalisePhone } from './personal-data.ts';
import { RELATIONS, householdKey, splitTags } from './households.ts';

export const IMPORT_KINDS = ['households', 'residents', 'cadres', 'buildings'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const isImportKind = (k: string): k is ImportKind => (IMPORT_KINDS as readonly string[]).includes(k);

export interface Reason { reason: string; reason_en: string }
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & Reason);
/** row: spreadsheet row number (header = 1); column: the Chinese header. */
export interface RowProblem extends Reason { row: number; column: string; value: string }

export interface ColumnDef {
  key: string;
  header: string;
  required?: boolean;
  example: string;
  width?: number;
  blank?: unknown;              // the value of an empty cell (default null)
  parse(raw: string): Parsed<unknown>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string, reason_en: string): Parsed<never> => ({ ok: false, reason, reason_en });

const text = (max: number) => (s: string) => s.length > max ? bad(`不能超过 ${max} 个字`, `at most ${max} characters`) : ok(s);
const code = (max = 64) => (s: string) => /\s/.test(s) ? bad('编码不能包含空格', 'a code cannot contain spaces')
  : s.length > max ? bad(`不能超过 ${max} 个字符`, `at most ${max} characters`) : ok(s);

function int(min: number, max: number) {
  return (s: string) => {
    const n = Number(s);
    if (!/^-?\d+(\.0+)?$/.test(s) || !Number.isSafeInteger(n)) return bad('应为整数', 'must be a whole number');
    return n < min || n > max ? bad(`应在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`) : ok(n);
  };
}
function float(min: number, max: number) {
  return (s: string) => {
    const n = Number(s);
    if (!/^-?\d+(\.\d+)?$/.test(s) || !Number.isFinite(n)) return bad('应为数字', 'must be a number');
    return n < min || n > max ? bad(`应在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`) : ok(n);
  };
}
function oneOf<T>(map: Record<string, T>, zh: string, en: string) {
  const lower = Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
  return (s: string) => (s.toLowerCase() in lower ? ok(lower[s.toLowerCase()]) : bad(`应为${zh}`, `must be ${en}`));
}

const gender = oneOf<'M' | 'F'>({ 男: 'M', 女: 'F', 男性: 'M', 女性: 'F', M: 'M', F: 'F' }, '“男”或“女”', '男 (male) or 女 (female)');
const yesNo = oneOf<boolean>({ 是: true, 否: false, Y: true, N: false, yes: true, no: false, true: true, false: false, 1: true, 0: false, '√': true, '×': false },
  '“是”或“否”', '是 (yes) or 否 (no)');
const relation = oneOf(Object.fromEntries(RELATIONS.map((r) => [r, r])), RELATIONS.join('、') + ' 之一', 'one of ' + RELATIONS.join(', '));

/** YYYY-MM-DD; also YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD and Excel day numbers. */
export function parseDate(s: string): Parsed<string> {
  let y: number, m: number, d: number;
  const a = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/) ?? s.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (a) [y, m, d] = [Number(a[1]), Number(a[2]), Number(a[3])];
  else if (/^\d{5}$/.test(s)) {
    const t = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000);
    [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  } else return bad('日期格式应为 YYYY-MM-DD', 'a date must be YYYY-MM-DD');
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 1890 || y > 2100 || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return bad('不是有效的日期', 'not a real date');
  return ok(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

const MASKED = bad('已脱敏（含 *），不能导入；请用有查看权限的账号导出原始数据', 'masked (contains *) and cannot be imported; export with an account that may see the clear value');

export function parseIdNumber(s: string): Parsed<string> {
  if (s.includes('*')) return MASKED;
  if (/e\+?\d+$/i.test(s)) return bad('被 Excel 存成了数字（科学计数法），请把该列设为文本后重新填写', 'stored by Excel as a number (scientific notation); format the column as text and re-enter it');
  const id = normaliseIdNumber(s);
  if (/^\d{15}$/.test(id)) return bad('是 15 位旧号码，请改为 18 位身份证号', 'an old 15-digit number; use the 18-digit ID number');
  switch (idNumberProblem(id)) {
    case 'format': return bad('应为 18 位数字（最后一位可以是 X）', 'must be 18 digits (the last may be X)');
    case 'birth_date': return bad('其中的出生日期无效', 'the birth date inside it is not a real date');
    case 'check_digit': return bad('校验位不正确，请核对号码', 'the check digit is wrong; check the number');
    default: return ok(id);
  }
}

export function parsePhone(s: string): Parsed<string> {
  if (s.includes('*')) return MASKED;
  const p = normalisePhone(s);
  return p ? ok(p) : bad('不是有效的手机号或固定电话（如 13812345678、0535-1234567）', 'not a mobile or landline number (e.g. 13812345678, 0535-1234567)');
}

/** 户标签: separated by ; ； ， 、 or , (the same split as the household API). */
export function parseTags(s: string): Parsed<string[]> {
  const tags = splitTags(s);
  const long = tags.find((t) => t.length > 32);
  return long ? bad(`标签“${long}”太长`, `tag "${long}" is too long`) : ok(tags);
}

/** The key of a household without an external code (the same key the household API uses). */
export const addressKey = (address: string) => householdKey(null, address);

const lat: ColumnDef = { key: 'lat', header: '纬度', example: '37.05', parse: float(-90, 90), width: 12 };
const lng: ColumnDef = { key: 'lng', header: '经度', example: '120.05', parse: float(-180, 180), width: 12 };
const gridCode: ColumnDef = { key: 'grid_code', header: '网格编码', required: true, example: '370699001101', parse: code(), width: 16 };
const phone: ColumnDef = { key: 'phone', header: '手机号', example: '13812345678', parse: parsePhone, width: 16 };
const partyMember: ColumnDef = { key: 'party_member', header: '是否党员', example: '否', blank: false, parse: yesNo, width: 10 };

export const COLUMNS: Record<ImportKind, ColumnDef[]> = {
  households: [
    { key: 'external_code', header: '户编号', example: 'HH000123', parse: code(256), width: 16 },
    { key: 'address', header: '地址', required: true, example: '海港社区滨海路1号101室', parse: text(200), width: 36 },
    gridCode,
    { key: 'building_code', header: '楼宇编码', example: 'B0', parse: code(), width: 14 },
    { key: 'tags', header: '户标签', example: '低保户、独居老人', blank: [], parse: parseTags, width: 22 },
    { key: 'notes', header: '备注', example: '', parse: text(500), width: 24 },
    lat, lng,
  ],
  residents: [
    { key: 'household_code', header: '户编号', example: 'HH000123', parse: code(256), width: 16 },
    { key: 'address', header: '地址', example: '海港社区滨海路1号101室', parse: text(200), width: 36 },
    { key: 'name', header: '姓名', required: true, example: '王建国', parse: text(50), width: 12 },
    { key: 'gender', header: '性别', example: '男', parse: gender, width: 8 },
    { key: 'birth_date', header: '出生日期', example: '1980-01-01', parse: parseDate, width: 14 },
    { key: 'id_number', header: '身份证号', example: '370699198001011014', parse: parseIdNumber, width: 22 },
    phone, partyMember,
    { key: 'relation', header: '与户主关系', example: '户主', parse: relation, width: 12 },
  ],
  cadres: [
    { key: 'code', header: '工号', required: true, example: 'C1001', parse: code(), width: 12 },
    { key: 'name', header: '姓名', required: true, example: '赵卫东', parse: text(50), width: 12 },
    { key: 'gender', header: '性别', example: '男', parse: gender, width: 8 },
    { key: 'department_code', header: '单位编码', required: true, example: 'housing', parse: code(), width: 16 },
    { ...partyMember, example: '是' },
    { key: 'is_local', header: '是否本地', example: '是', blank: true, parse: yesNo, width: 10 },
    { key: 'years_of_service', header: '工作年限', example: '12', blank: 0, parse: int(0, 60), width: 10 },
    { key: 'origin_village', header: '籍贯村', example: '大钦村', parse: text(100), width: 14 },
    phone,
    { key: 'position', header: '职务', example: '科员', parse: text(100), width: 14 },
  ],
  buildings: [
    { key: 'code', header: '楼宇编码', required: true, example: 'B0101', parse: code(), width: 14 },
    { key: 'name', header: '名称', required: true, example: '1号楼', parse: text(100), width: 14 },
    { key: 'address', header: '地址', example: '滨海路1号', parse: text(200), width: 30 },
    gridCode,
    { key: 'floors', header: '层数', example: '6', parse: int(1, 300), width: 8 },
    { key: 'units', header: '单元数', example: '2', parse: int(1, 100), width: 8 },
    lat, lng,
  ],
};

export interface HouseholdInput {
  key: string; address: string; grid_code: string; building_code: string | null;
  tags: string[]; notes: string | null; lat: number | null; lng: number | null;
}
export interface ResidentInput {
  household_code: string | null; address: string | null; name: string; gender: 'M' | 'F' | null;
  birth_date: string | null; id_number: string | null; phone: string | null; party_member: boolean; relation: string | null;
}
export interface CadreInput {
  code: string; name: string; gender: 'M' | 'F' | null; department_code: string; party_member: boolean; is_local: boolean;
  years_of_service: number; origin_village: string | null; phone: string | null; position: string | null;
}
export interface BuildingInput {
  code: string; name: string; address: string | null; grid_code: string;
  floors: number | null; units: number | null; lat: number | null; lng: number | null;
}
export interface InputOf { households: HouseholdInput; residents: ResidentInput; cadres: CadreInput; buildings: BuildingInput }

type Complain = (key: string, reason: string, reason_en: string) => void;
const pairCoordinates = (v: Record<string, any>, complain: Complain) => {
  if ((v.lat === null) !== (v.lng === null)) complain(v.lat === null ? 'lat' : 'lng', '经度和纬度要同时填写', 'latitude and longitude go together');
};

/** Rules across the columns of one row. */
const FINISH: { [K in ImportKind]: (v: Record<string, any>, complain: Complain) => InputOf[K] } = {
  households(v, complain) {
    pairCoordinates(v, complain);
    const { external_code, ...rest } = v;
    return { ...rest, key: external_code ?? addressKey(v.address ?? '') } as HouseholdInput;
  },
  residents(v, complain) {
    if (!v.household_code && !v.address) complain('household_code', '户编号和地址至少填写一项', 'give the household code or the address');
    if (v.id_number) {
      const facts = idNumberFacts(v.id_number);
      if (v.gender && v.gender !== facts.gender) complain('gender', '与身份证号不符', 'does not match the ID number');
      if (v.birth_date && v.birth_date !== facts.birthDate) complain('birth_date', '与身份证号不符', 'does not match the ID number');
      v.gender ??= facts.gender;
      v.birth_date ??= facts.birthDate;
    }
    return v as ResidentInput;
  },
  cadres: (v) => v as CadreInput,
  buildings(v, complain) { pairCoordinates(v, complain); return v as BuildingInput; },
};

const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const squeeze = (h: string) => h.normalize('NFKC').replace(/[\s*＊]/g, '').toLowerCase();

export interface HeaderMap { kind: ImportKind; columns: (ColumnDef | null)[] }

/** Match the header row (Chinese header or English key; a trailing * is allowed) to the kind's columns. */
export function mapHeaders(kind: ImportKind, cells: string[]): { map: HeaderMap; problems: RowProblem[] } {
  const defs = COLUMNS[kind];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  const columns = cells.map((c) => {
    const h = squeeze(c ?? '');
    const def = defs.find((d) => squeeze(d.header) === h || d.key === h) ?? null;
    if (def && seen.has(def.key)) {
      problems.push({ row: 1, column: def.header, value: c, reason: '表头重复', reason_en: 'the header appears twice' });
      return null;
    }
    if (def) seen.add(def.key);
    return def;
  });
  for (const d of defs) if (d.required && !seen.has(d.key)) {
    problems.push({ row: 1, column: d.header, value: '', reason: '缺少必填列', reason_en: 'required column is missing' });
  }
  if (kind === 'residents' && !seen.has('household_code') && !seen.has('address')) {
    problems.push({ row: 1, column: '户编号', value: '', reason: '缺少“户编号”或“地址”列', reason_en: 'needs a household code or an address column' });
  }
  return { map: { kind, columns }, problems };
}

export const isBlankRow = (cells: string[]) => cells.every((c) => c == null || String(c).trim() === '');

/** Parse one data row. Returns the typed value, or null with the problems (naming row, column, value, reason). */
export function validateRow<K extends ImportKind>(kind: K, map: HeaderMap, cells: string[], row: number): { value: InputOf[K] | null; problems: RowProblem[] } {
  const defs = COLUMNS[kind];
  const problems: RowProblem[] = [];
  const raw: Record<string, string> = {};
  const v: Record<string, unknown> = {};
  // Control characters never belong in a registry (and NUL cannot be stored at all).
  map.columns.forEach((def, i) => { if (def) raw[def.key] = String(cells[i] ?? '').replace(CONTROL, '').trim(); });
  for (const def of defs) {
    const s = raw[def.key] ?? '';
    if (s === '') {
      if (def.required) problems.push({ row, column: def.header, value: '', reason: '必填', reason_en: 'required' });
      v[def.key] = def.blank ?? null;
      continue;
    }
    const p = def.parse(s);
    if (p.ok) v[def.key] = p.value;
    else problems.push({ row, column: def.header, value: s, reason: p.reason, reason_en: p.reason_en });
  }
  if (problems.length) return { value: null, problems };
  const value = FINISH[kind](v, (key, reason, reason_en) => {
    problems.push({ row, column: defs.find((d) => d.key === key)!.header, value: raw[key] ?? '', reason, reason_en });
  });
  return problems.length ? { value: null, problems } : { value, problems };
}

export const headerOf = (kind: ImportKind, key: string) => COLUMNS[kind].find((d) => d.key === key)!.header;
