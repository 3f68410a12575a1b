import { describe, it, expect } from 'vitest';
import {
  COLUMNS, IMPORT_KINDS, addressKey, isBlankRow, mapHeaders, parseDate, parseIdNumber, parsePhone, parseTags, validateRow,
} from './import-rows.ts';

const headers = (kind: (typeof IMPORT_KINDS)[number]) => COLUMNS[kind].map((c) => c.header);
const row = (kind: (typeof IMPORT_KINDS)[number], values: Record<string, string>) => COLUMNS[kind].map((c) => values[c.header] ?? '');

describe('column definitions', () => {
  it('every kind has Chinese headers and an example row that validates', () => {
    for (const kind of IMPORT_KINDS) {
      for (const c of COLUMNS[kind]) expect(c.header).toMatch(/[\u4e00-\u9fff]/);
      const { map, problems } = mapHeaders(kind, headers(kind));
      expect(problems).toEqual([]);
      const r = validateRow(kind, map, COLUMNS[kind].map((c) => c.example), 2);
      expect(r.problems).toEqual([]);
    }
  });
});

describe('mapHeaders', () => {
  it('accepts a trailing *, spaces, English keys and any column order', () => {
    const { map, problems } = mapHeaders('households', ['网格编码*', ' 地 址 ', 'external_code', '无关列']);
    expect(problems).toEqual([]);
    expect(map.columns.map((c) => c?.key ?? null)).toEqual(['grid_code', 'address', 'external_code', null]);
  });
  it('names missing required columns and duplicate headers on row 1', () => {
    const { problems } = mapHeaders('households', ['地址', '地址']);
    expect(problems).toContainEqual(expect.objectContaining({ row: 1, column: '地址', reason: '表头重复' }));
    expect(problems).toContainEqual(expect.objectContaining({ row: 1, column: '网格编码', reason: '缺少必填列' }));
  });
  it('residents need a household code or an address column', () => {
    expect(mapHeaders('residents', ['姓名']).problems[0]).toMatchObject({ column: '户编号' });
    expect(mapHeaders('residents', ['姓名', '地址']).problems).toEqual([]);
  });
});

describe('validateRow', () => {
  const hh = mapHeaders('households', headers('households')).map;
  it('keys a household by its code, else by its normalised address', () => {
    const a = validateRow('households', hh, row('households', { 户编号: 'H1', 地址: '滨海路 1号', 网格编码: 'G1' }), 2);
    expect(a.value).toMatchObject({ key: 'H1', address: '滨海路 1号', tags: [], lat: null, building_code: null });
    const b = validateRow('households', hh, row('households', { 地址: ' 滨海路 1号 ', 网格编码: 'G1' }), 3);
    expect(b.value?.key).toBe(addressKey('滨海路1号'));
  });
  it('reports every bad cell with row, Chinese column, value and reason in both languages', () => {
    const r = validateRow('households', hh, row('households', { 地址: '', 网格编码: 'G 1', 纬度: 'north' }), 7);
    expect(r.value).toBeNull();
    expect(r.problems).toEqual([
      { row: 7, column: '地址', value: '', reason: '必填', reason_en: 'required' },
      { row: 7, column: '网格编码', value: 'G 1', reason: '编码不能包含空格', reason_en: 'a code cannot contain spaces' },
      { row: 7, column: '纬度', value: 'north', reason: '应为数字', reason_en: 'must be a number' },
    ]);
  });
  it('needs latitude and longitude together', () => {
    const r = validateRow('households', hh, row('households', { 地址: 'x', 网格编码: 'G', 纬度: '37.1' }), 2);
    expect(r.problems[0]).toMatchObject({ column: '经度', reason: '经度和纬度要同时填写' });
  });
  it('splits tags on ; ； ， 、 and , and drops repeats', () => {
    expect(parseTags('低保户；五老、 独居老人,低保户')).toEqual({ ok: true, value: ['低保户', '五老', '独居老人'] });
  });

  const rs = mapHeaders('residents', headers('residents')).map;
  it('derives gender and birth date from the ID number', () => {
    const r = validateRow('residents', rs, row('residents', { 户编号: 'H1', 姓名: '王建国', 身份证号: '370699198001011014', 是否党员: '是' }), 2);
    expect(r.value).toMatchObject({ gender: 'M', birth_date: '1980-01-01', party_member: true, id_number: '370699198001011014' });
  });
  it('flags a gender or birth date that contradicts the ID number', () => {
    const r = validateRow('residents', rs, row('residents', { 户编号: 'H1', 姓名: '王', 性别: '女', 出生日期: '1980-01-02', 身份证号: '370699198001011014' }), 4);
    expect(r.problems.map((p) => p.column)).toEqual(['性别', '出生日期']);
  });
  it('needs a household code or an address in the row', () => {
    const r = validateRow('residents', rs, row('residents', { 姓名: '王' }), 2);
    expect(r.problems).toEqual([expect.objectContaining({ column: '户编号', reason: '户编号和地址至少填写一项' })]);
  });
  it('rejects a relation outside the list', () => {
    const r = validateRow('residents', rs, row('residents', { 户编号: 'H', 姓名: '王', 与户主关系: '邻居' }), 2);
    expect(r.problems[0]).toMatchObject({ column: '与户主关系', value: '邻居' });
  });

  const cd = mapHeaders('cadres', headers('cadres')).map;
  it('gives cadres their defaults for empty cells', () => {
    const r = validateRow('cadres', cd, row('cadres', { 工号: 'C9', 姓名: '赵', 单位编码: 'housing' }), 2);
    expect(r.value).toMatchObject({ party_member: false, is_local: true, years_of_service: 0, phone: null });
  });
  it('checks integer ranges', () => {
    const r = validateRow('cadres', cd, row('cadres', { 工号: 'C9', 姓名: '赵', 单位编码: 'x', 工作年限: '3.5' }), 2);
    expect(r.problems[0]).toMatchObject({ column: '工作年限', reason: '应为整数' });
  });
  it('skips blank rows', () => {
    expect(isBlankRow(['', ' ', ''])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});

describe('cell parsers', () => {
  it('ID numbers: check digit, birth date, 15 digits, masked, scientific notation', () => {
    expect(parseIdNumber('370699198001011014')).toEqual({ ok: true, value: '370699198001011014' });
    expect(parseIdNumber('110101199003071233'.slice(0, 17) + 'x')).toMatchObject({ ok: false, reason_en: expect.stringContaining('check digit') });
    expect(parseIdNumber('370699198002301014')).toMatchObject({ ok: false, reason_en: expect.stringContaining('birth date') });
    expect(parseIdNumber('370699800101101')).toMatchObject({ ok: false, reason_en: expect.stringContaining('15-digit') });
    expect(parseIdNumber('370699********1014')).toMatchObject({ ok: false, reason_en: expect.stringContaining('masked') });
    expect(parseIdNumber('3.70699198001011e+17')).toMatchObject({ ok: false, reason_en: expect.stringContaining('scientific') });
  });
  it('phones: mobile and landline, normalised; anything else is named', () => {
    expect(parsePhone('+86 138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parsePhone('0535 1234567')).toEqual({ ok: true, value: '0535-1234567' });
    expect(parsePhone('12345')).toMatchObject({ ok: false, reason: expect.stringContaining('手机号') });
  });
  it('dates in the usual office spellings and Excel day numbers', () => {
    for (const s of ['1980-01-02', '1980/1/2', '1980.01.02', '1980年1月2日', '19800102', '29222']) {
      expect(parseDate(s)).toEqual({ ok: true, value: '1980-01-02' });
    }
    expect(parseDate('1980-02-30')).toMatchObject({ ok: false });
    expect(parseDate('yesterday')).toMatchObject({ ok: false });
  });
});
