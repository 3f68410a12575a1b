// Streaming readers: rows come out one at a time, so a million-row file never sits in
// memory. CSV is UTF-8 (with or without BOM) or GB18030 (what Excel's "CSV" saves on a
// Chinese Windows), told apart by whether the first 64 KB is valid UTF-8. XLSX goes through
// exceljs's streaming WorkbookReader; only the first worksheet is read.
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.ts';

export type FileFormat = 'csv' | 'xlsx';
export interface SheetRow { row: number; cells: string[] }

const SNIFF = 64 * 1024;

function head(file: string, n: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, fs.readSync(fd, buf, 0, n, 0));
  } finally { fs.closeSync(fd); }
}

const unsupported = (reason: string, reason_en: string) => new AppError('UNSUPPORTED_FILE', [{ field: 'file', reason, reason_en }],
  '不支持的文件类型：请上传 .xlsx 或 .csv 文件', 'Unsupported file type: upload an .xlsx or .csv file');

/** Decide the format from the file's first bytes, with the name's extension as a hint. */
export function detectFormat(file: string, filename: string): FileFormat {
  const b = head(file, 8);
  const ext = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    if (ext && ext !== 'xlsx' && ext !== 'xlsm') throw unsupported(`.${ext} 文件不是表格`, `a .${ext} file is not a spreadsheet`);
    return 'xlsx';
  }
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw unsupported('不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx', 'the old .xls format is not supported; save it as .xlsx in Excel');
  }
  if (ext === 'csv' || ext === 'txt' || (!ext && !b.includes(0))) {
    if (b.includes(0)) throw unsupported('文件内容不是文本（CSV）', 'the file is not text (CSV)');
    return 'csv';
  }
  throw unsupported(`不支持 .${ext || '（无扩展名）'} 文件`, `.${ext || '(no extension)'} files are not supported`);
}

/** 'utf-8' or 'gb18030', from the first 64 KB. */
export function detectEncoding(file: string): 'utf-8' | 'gb18030' {
  const b = head(file, SNIFF);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true }); // a cut-off last character is not an error
    return 'utf-8';
  } catch { return 'gb18030'; }
}

/** Quick upper bound for the progress bar: newlines in the file, less the header. */
export async function estimateCsvRows(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return Math.max(0, n - 1);
}

function decoder(encoding: string) {
  const d = new TextDecoder(encoding); // strips a UTF-8 BOM
  return new Transform({
    transform(chunk: Buffer, _e, cb) { cb(null, d.decode(chunk, { stream: true })); },
    flush(cb) { cb(null, d.decode()); },
  });
}

export async function* readCsv(file: string): AsyncGenerator<SheetRow> {
  const parser = fs.createReadStream(file, { highWaterMark: 1 << 20 })
    .pipe(decoder(detectEncoding(file)))
    .pipe(parse({ relax_column_count: true, skip_empty_lines: false, relax_quotes: true }));
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++row, cells };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (!err.code?.startsWith('CSV_')) throw e;
    throw new AppError('IMPORT_FAILED', [{ field: 'file', row: row + 1, reason: `CSV 格式错误：${err.message}`, reason_en: `malformed CSV: ${err.message}` }],
      'CSV 文件格式错误', 'The CSV file is malformed');
  }
}

function pad(n: number) { return String(n).padStart(2, '0'); }

/** A cell of any exceljs type as the text a person sees. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const t = v.getUTCHours() || v.getUTCMinutes() ? ` ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` : '';
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}${t}`;
  }
  const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if ('result' in o) return cellText(o.result);
  if (o.text !== undefined) return cellText(o.text);
  if (o.error) return o.error;
  return String(v);
}

export async function* readXlsx(file: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    entries: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit',
  });
  try {
    for await (const sheet of reader as AsyncIterable<AsyncIterable<ExcelJS.Row>>) {
      for await (const r of sheet) {
        const values = (r.values ?? []) as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        yield { row: r.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('IMPORT_FAILED', [{ field: 'file', reason: `无法读取 xlsx 文件：${(e as Error).message}`, reason_en: `cannot read the xlsx file: ${(e as Error).message}` }],
      '无法读取 xlsx 文件', 'Cannot read the xlsx file');
  }
}

export const readRows = (file: string, format: FileFormat) => (format === 'csv' ? readCsv(file) : readXlsx(file));
