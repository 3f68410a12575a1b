// The downloadable template of each kind: the import columns' Chinese headers and one example
// row, from the same definitions the import reads. CSV is UTF-8 with a BOM so Excel opens it
// with the Chinese intact.
import type { Writable } from 'node:stream';
import { COLUMNS, type ImportKind } from '../../domain/import-rows.ts';
import { csvLine, xlsxSheet } from '../exports/xlsx.ts';

export const TEMPLATE_TITLES: Record<ImportKind, string> = {
  households: '住户导入模板', residents: '居民导入模板', cadres: '干部导入模板', buildings: '楼宇导入模板',
};
const TEXT_KEYS = /code|id_number|phone/;

export function templateCsv(kind: ImportKind): string {
  const cols = COLUMNS[kind];
  return '\ufeff' + csvLine(cols.map((c) => c.header)) + csvLine(cols.map((c) => c.example));
}

export async function writeTemplateXlsx(kind: ImportKind, out: Writable): Promise<void> {
  const cols = COLUMNS[kind];
  const sheet = xlsxSheet(out, TEMPLATE_TITLES[kind], cols.map((c) => ({ header: c.header, width: c.width, required: c.required, text: TEXT_KEYS.test(c.key) })));
  await sheet.add(cols.map((c) => (!TEXT_KEYS.test(c.key) && /^-?\d+(\.\d+)?$/.test(c.example) ? Number(c.example) : c.example || null)));
  await sheet.end();
}
