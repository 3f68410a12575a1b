// Imports and exports over real HTTP: templates, CSV and XLSX uploads, idempotent re-import,
// all-or-nothing versus valid-rows mode, row-level problems, scope, and export → re-import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';
import { idNumber } from '../helpers/fixture.ts';
import { regionPrefixes } from '../../src/features/households/search-prefixes.ts';

let s: TestServer;
let admin: Client;
beforeAll(async () => { s = await startTestServer(); admin = await s.login('admin'); });
afterAll(async () => { await s?.close(); });

const grid = (i: number) => s.fixture.grids[i].code;
const csv = (rows: (string | number)[][]) => '\ufeff' + rows.map((r) => r.map((v) => `"${String(v).replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
const HH = ['户编号', '地址', '网格编码', '楼宇编码', '户标签', '备注', '纬度', '经度'];
const RS = ['户编号', '地址', '姓名', '性别', '出生日期', '身份证号', '手机号', '是否党员', '与户主关系'];

function upload(c: Client, kind: string, body: string | Buffer, filename: string, mode = 'all') {
  const fd = new FormData();
  fd.append('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), filename);
  return c.post(`/api/imports/${kind}?mode=${mode}`, fd);
}
async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function sheetRows(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}
const count = async (table: 'households' | 'residents' | 'audit_log' | 'buildings' | 'cadres', where = sql`true`) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(s.db)).rows[0].n);
const importAudits = () => count('audit_log', sql`action like 'import.%'`);

describe('templates', () => {
  it('CSV template: BOM, Chinese headers, an example row, a Chinese file name', async () => {
    const r = await admin.get('/api/imports/households/template?format=csv');
    expect(r.status).toBe(200);
    const text = r.body.toString('utf8');
    expect(text.startsWith('\ufeff户编号,地址,网格编码,楼宇编码,户标签')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('住户导入模板.csv')}`);
  });
  it('XLSX template: bold Chinese header row and an example', async () => {
    const r = await admin.get('/api/imports/residents/template?format=xlsx');
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(RS);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
    expect(ws.getRow(2).getCell(3).value).toBe('王建国');
  });
});

describe('households import', () => {
  const file = () => csv([HH,
    ['N001', '新村路1号', grid(0), 'B0', '低保户、独居老人', '新登记', 37.05, 120.05],
    ['N002', '新村路2号', grid(0), '', '', '', '', ''],
    ['', '新村路 3号', grid(1), 'B1', '五老', '', '', ''],
    ['HH0000', '海港社区滨海路1号101室（更正）', grid(0), 'B0', '低保户', '', 37.05, 120.05],
  ]);

  it('a valid CSV inserts new and updates changed households, with audit entries', async () => {
    const audits = await importAudits();
    const r = await upload(admin, 'households', file(), '住户.csv');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'done', mode: 'all', total: 4, inserted: 3, updated: 1, unchanged: 0, failed: 0, problems: [] });
    const n1 = await s.db.selectFrom('households').selectAll().where('external_code', '=', 'N001').executeTakeFirstOrThrow();
    expect(n1).toMatchObject({ address: '新村路1号', tags: ['低保户', '独居老人'], region_id: s.fixture.grids[0].id, notes: '新登记', lat: 37.05 });
    expect(n1.grams).toEqual((await regionPrefixes(s.db)).search('新村路1号', null, n1.region_path).grams);
    const byAddress = await s.db.selectFrom('households').select(['external_code', 'region_id']).where('address', '=', '新村路 3号').executeTakeFirstOrThrow();
    expect(byAddress.external_code).toMatch(/^ADDR:/);
    expect(await importAudits()).toBe(audits + 4);
    const upd = await s.db.selectFrom('audit_log').select(['before', 'after', 'meta']).where('action', '=', 'import.update').where('entity', '=', 'household').executeTakeFirstOrThrow();
    expect(upd.before).toMatchObject({ address: '海港社区滨海路1号101室' });
    expect(upd.after).toMatchObject({ address: '海港社区滨海路1号101室（更正）' });
    const job = await s.db.selectFrom('import_jobs').selectAll().where('id', '=', r.body.jobId).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: 'households', filename: '住户.csv', format: 'csv', mode: 'all', status: 'done', inserted: 3, updated: 1 });
  });

  it('re-importing the same file changes nothing and writes no row audit', async () => {
    const audits = await importAudits();
    const before = await s.db.selectFrom('households').select(['id', 'version']).orderBy('id').execute();
    const r = await upload(admin, 'households', file(), '住户.csv');
    expect(r.body).toMatchObject({ status: 'done', total: 4, inserted: 0, updated: 0, unchanged: 4, failed: 0 });
    expect(await importAudits()).toBe(audits);
    expect(await s.db.selectFrom('households').select(['id', 'version']).orderBy('id').execute()).toEqual(before);
  });

  it('a column missing from the sheet leaves that field alone; a blank cell clears it', async () => {
    const n1 = () => s.db.selectFrom('households').select(['tags', 'notes', 'building_id', 'lat']).where('external_code', '=', 'N001').executeTakeFirstOrThrow();
    const full = await n1();
    const partial = await upload(admin, 'households', csv([['户编号', '地址', '网格编码'], ['N001', '新村路1号', grid(0)]]), 'partial.csv');
    expect(partial.body).toMatchObject({ status: 'done', unchanged: 1 });
    expect(await n1()).toEqual(full);
    const blank = await upload(admin, 'households', csv([['户编号', '地址', '网格编码', '备注'], ['N001', '新村路1号', grid(0), '']]), 'blank.csv');
    expect(blank.body).toMatchObject({ status: 'done', updated: 1 });
    expect(await n1()).toEqual({ ...full, notes: null });
    expect((await upload(admin, 'households', file(), '住户.csv')).body).toMatchObject({ updated: 1, unchanged: 3 });
  });

  it('mode all: one bad row → 422 IMPORT_FAILED with the problems, nothing written', async () => {
    const n = await count('households');
    const r = await upload(admin, 'households', csv([HH,
      ['A001', '甲路1号', grid(0), '', '', '', '', ''],
      ['A002', '甲路2号', '999999', '', '', '', '', ''],
      ['A003', '甲路3号', grid(1), '', '', '', '', ''],
    ]), 'bad.csv');
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('IMPORT_FAILED');
    expect(r.body).toMatchObject({ status: 'failed', total: 3, inserted: 0, failed: 1 });
    expect(r.body.problems).toEqual([{ row: 3, column: '网格编码', value: '999999', reason: '网格编码不存在', reason_en: 'unknown grid code' }]);
    expect(r.body.details[0]).toMatchObject({ row: 3, field: '网格编码', value: '999999' });
    expect(await count('households')).toBe(n);
    const job = await s.db.selectFrom('import_jobs').selectAll().where('id', '=', r.body.jobId).executeTakeFirstOrThrow();
    expect(job.status).toBe('failed');
    expect(job.problems).toEqual(r.body.problems);
  });

  it('mode valid: good rows written, bad rows reported by row, column and reason', async () => {
    const r = await upload(admin, 'households', csv([HH,
      ['V001', '乙路1号', grid(2), '', '', '', '', ''],
      ['V002', '', grid(2), '', '', '', '', ''],
      ['V003', '乙路3号', grid(2), 'B0', '', '', '', ''],
      ['V004', '乙路4号', grid(2), '', '不存在的标签', '', '', ''],
      ['V001', '乙路1号', grid(2), '', '', '', '', ''],
      ['V006', '乙路6号', s.fixture.communities[0].code, '', '', '', 'x', ''],
      ['V007', '乙路7号', grid(3), 'B3', '残疾', '', '', ''],
    ]), 'valid.csv', 'valid');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'done', mode: 'valid', total: 7, inserted: 2, failed: 5 });
    const p = (row: number) => r.body.problems.filter((x: any) => x.row === row);
    expect(p(3)).toEqual([expect.objectContaining({ column: '地址', reason: '必填' })]);
    expect(p(4)).toEqual([expect.objectContaining({ column: '楼宇编码', value: 'B0', reason: '该楼宇不在所填网格内' })]);
    expect(p(5)).toEqual([expect.objectContaining({ column: '户标签', value: '不存在的标签' })]);
    expect(p(6)).toEqual([expect.objectContaining({ column: '户编号', value: 'V001', reason: '与第 2 行重复', reason_en: 'duplicates row 2' })]);
    expect(p(7).map((x: any) => x.column)).toEqual(['纬度']);
    expect(await count('households', sql`external_code in ('V001', 'V007')`)).toBe(2);
  });

  it("a community director: grids and households outside the director's scope are row problems", async () => {
    const director = await s.login('director'); // community 0 = grids 0 and 1
    const r = await upload(director, 'households', csv([HH,
      ['D001', '丙路1号', grid(0), '', '', '', '', ''],
      ['D002', '丙路2号', grid(5), '', '', '', '', ''],
      ['HH0010', '北岛某地址', grid(1), '', '', '', '', ''],
    ]), 'director.csv', 'valid');
    expect(r.body).toMatchObject({ inserted: 1, failed: 2 });
    expect(r.body.problems).toEqual([
      expect.objectContaining({ row: 3, column: '网格编码', value: grid(5), reason: '该网格不在您的管辖范围内' }),
      expect.objectContaining({ row: 4, column: '户编号', value: 'HH0010', reason: '该户已登记在您的管辖范围之外' }),
    ]);
    const hh10 = await s.db.selectFrom('households').select('address').where('external_code', '=', 'HH0010').executeTakeFirstOrThrow();
    expect(hh10.address).not.toBe('北岛某地址');
  });

  it('a cadre (no import.run) gets 403; other file types get 415', async () => {
    const cadre = await s.login('cadre');
    const r = await upload(cadre, 'households', csv([HH]), 'x.csv');
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN');
    const pdf = await upload(admin, 'households', Buffer.from('%PDF-1.4 binary\u0000'), 'x.pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.body.code).toBe('UNSUPPORTED_FILE');
    const xls = await upload(admin, 'households', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls');
    expect(xls.status).toBe(415);
    expect(xls.body.details[0].reason).toContain('.xlsx');
  });

  it('a missing required column fails the file on row 1', async () => {
    const r = await upload(admin, 'households', csv([['户编号', '地址'], ['X1', '丁路1号']]), 'x.csv', 'valid');
    expect(r.status).toBe(422);
    expect(r.body.problems).toEqual([expect.objectContaining({ row: 1, column: '网格编码', reason: '缺少必填列' })]);
  });

  it('a malformed CSV (unclosed quote) is a problem report, not a crash', async () => {
    const r = await upload(admin, 'households', `户编号,地址,网格编码\r\nM001,"戊路1号,${grid(0)}\r\n`, 'broken.csv', 'valid');
    expect(r.status).toBe(422);
    expect(r.body.problems[0]).toMatchObject({ reason: expect.stringContaining('CSV 格式错误'), reason_en: expect.stringContaining('malformed CSV') });
  });

  it('reads GB18030 CSV (Excel "CSV" on Chinese Windows)', async () => {
    // 'external_code,地址,grid_code\r\nG001,新1,<grid>' with 地址 and 新 in GB18030 (Node cannot encode GB18030, so bytes)
    const text = Buffer.concat([Buffer.from('external_code,'), Buffer.from([0xb5, 0xd8, 0xd6, 0xb7]), Buffer.from(',grid_code\r\nG001,'),
      Buffer.from([0xd0, 0xc2]), Buffer.from(`1,${grid(1)}\r\n`)]);
    const r = await upload(admin, 'households', text, 'gb.csv');
    expect(r.body).toMatchObject({ status: 'done', inserted: 1 });
    const h = await s.db.selectFrom('households').select('address').where('external_code', '=', 'G001').executeTakeFirstOrThrow();
    expect(h.address).toBe('新1');
  });

  it('lists recent jobs for people who may import', async () => {
    const r = await admin.get('/api/imports');
    expect(r.status).toBe(200);
    expect(r.body.items[0]).toMatchObject({ kind: 'households', status: expect.any(String), total: expect.any(Number) });
    const job = await admin.get(`/api/imports/${r.body.items[0].id}`);
    expect(job.body.problems).toEqual(expect.any(Array));
    expect((await (await s.login('leader')).get('/api/imports')).status).toBe(403);
  });
});

describe('residents import (xlsx)', () => {
  it('adds residents by household code or address, and recounts members and head', async () => {
    const buf = await xlsx([RS,
      ['N001', '', '孙大海', '', '', idNumber(901), '13912345678', '是', '户主'],
      ['', '新村路2号', '孙小海', '男', '2010-05-06', '', '0535 1234567', '', '子女'],
      ['N001', '', '钱芳', '', '', idNumber(902, '19850203', false), '', '否', '配偶'],
    ]);
    const r = await upload(admin, 'residents', buf, '居民.xlsx');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'done', format: 'xlsx', total: 3, inserted: 3, failed: 0 });
    const n1 = await s.db.selectFrom('households').select(['id', 'member_count', 'head_name', 'grams']).where('external_code', '=', 'N001').executeTakeFirstOrThrow();
    expect(n1).toMatchObject({ member_count: 2, head_name: '孙大海' });
    expect(n1.grams).toContain('大海');
    const wife = await s.db.selectFrom('residents').selectAll().where('name', '=', '钱芳').executeTakeFirstOrThrow();
    expect(wife).toMatchObject({ household_id: n1.id, gender: 'F', birth_date: '1985-02-03', party_member: false, relation: '配偶' });
    const son = await s.db.selectFrom('residents').selectAll().where('name', '=', '孙小海').executeTakeFirstOrThrow();
    expect(son).toMatchObject({ phone: '0535-1234567', phone_tail: '4567', birth_date: '2010-05-06' });
    const audits = await importAudits();
    const again = await upload(admin, 'residents', buf, '居民.xlsx');
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await importAudits()).toBe(audits);
  });

  it('duplicate ID numbers (in the file and against the database), unknown household, bad phone', async () => {
    const taken = await s.db.selectFrom('residents').select(['id_number', 'name']).where('id_number', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const r = await upload(admin, 'residents', csv([RS,
      ['N002', '', '周一', '', '', idNumber(903), '', '', ''],
      ['N002', '', '周二', '', '', idNumber(903), '', '', ''],
      ['N002', '', '冒名', '', '', taken.id_number!, '', '', ''],
      ['NOPE', '', '吴三', '', '', '', '', '', ''],
      ['N002', '', '郑四', '', '', '', '12345', '', ''],
      ['N002', '', '王五', '', '', '370699198001011013', '', '', ''],
    ]), 'r.csv', 'valid');
    expect(r.body).toMatchObject({ inserted: 1, failed: 5 });
    const p = (row: number) => r.body.problems.find((x: any) => x.row === row);
    expect(p(3)).toMatchObject({ column: '身份证号', reason: '与第 2 行重复' });
    expect(p(4)).toMatchObject({ column: '身份证号', reason: '该身份证号已登记为另一位居民（姓名不同）' });
    expect(p(5)).toMatchObject({ column: '户编号', value: 'NOPE', reason: '户编号不存在' });
    expect(p(6)).toMatchObject({ column: '手机号', value: '12345', reason_en: expect.stringContaining('not a mobile') });
    expect(p(7)).toMatchObject({ column: '身份证号', reason_en: expect.stringContaining('check digit') });
    const all = await upload(admin, 'residents', csv([RS, ['N002', '', '周二', '', '', idNumber(903), '', '', '']]), 'r.csv', 'all');
    expect(all.status).toBe(422); // 周二's ID number belongs to 周一 now
    expect(all.body).toMatchObject({ status: 'failed', inserted: 0, updated: 0, failed: 1 });
  });
});

describe('export', () => {
  it('exports each registry as .xlsx with a Chinese file name', async () => {
    for (const [kind, name] of [['households', '住户台账'], ['residents', '居民台账'], ['cadres', '干部台账'], ['buildings', '楼宇台账'], ['shops', '商铺台账'], ['departments', '单位台账']]) {
      const r = await admin.get(`/api/exports/${kind}.xlsx`);
      expect(r.status, kind).toBe(200);
      expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name + '.xlsx')}`);
      const rows = await sheetRows(r.body);
      expect(rows[0][0]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('export → re-import changes nothing, for every importable registry', async () => {
    for (const kind of ['buildings', 'households', 'residents', 'cadres']) {
      const file = await admin.get(`/api/exports/${kind}.xlsx`);
      const rows = await sheetRows(file.body);
      const audits = await importAudits();
      const r = await upload(admin, kind, file.body, `${kind}.xlsx`);
      expect(r.body, kind).toMatchObject({ status: 'done', total: rows.length - 1, inserted: 0, updated: 0, unchanged: rows.length - 1, failed: 0 });
      expect(await importAudits()).toBe(audits);
    }
  });

  it("exports only the caller's scope, masked without pii.reveal; a masked file is refused on import", async () => {
    const director = await s.login('director');
    const mine = await sheetRows((await director.get('/api/exports/households.xlsx')).body);
    const inScope = await count('households', sql`region_path like ${s.fixture.communities[0].path + '%'}`);
    expect(mine.length - 1).toBe(inScope);
    const leader = await s.login('leader'); // export.run without pii.reveal
    const res = await leader.get('/api/exports/residents.xlsx');
    const rows = await sheetRows(res.body);
    const id = rows[0].indexOf('身份证号'), phone = rows[0].indexOf('手机号');
    expect(rows[1][id]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(rows[1][phone]).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const back = await upload(admin, 'residents', res.body, 'masked.xlsx', 'all');
    expect(back.status).toBe(422);
    expect(back.body.problems[0].reason).toContain('脱敏');
    expect((await (await s.login('cadre')).get('/api/exports/households.xlsx')).status).toBe(403);
  });
});
