// One streaming sheet writer for exports and import templates: a bold header row, column
// widths, text format on code/ID/phone columns (so Excel keeps 18-digit ID numbers as typed),
// inline strings (no shared-string table held in memory) and backpressure from the output.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface SheetColumn { header: string; width?: number; text?: boolean; required?: boolean }
export type CellValue = string | number | null;

export interface SheetWriter { add(values: CellValue[]): Promise<void>; end(): Promise<void> }

export function xlsxSheet(out: Writable, sheetName: string, columns: SheetColumn[]): SheetWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ width: c.width ?? 14, style: c.text ? { numFmt: '@' } : {} }));
  const header = ws.addRow(columns.map((c) => c.header));
  header.eachCell((cell, i) => {
    cell.font = { bold: true, color: columns[i - 1]?.required ? { argb: 'FFC00000' } : undefined };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  });
  header.commit();
  let n = 0;
  return {
    async add(values) {
      ws.addRow(values).commit();
      if (++n % 2000 === 0 && out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      ws.commit();
      await wb.commit();
    },
  };
}

/** CSV text for one record (RFC 4180 quoting). */
export function csvLine(values: CellValue[]): string {
  return values.map((v) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }).join(',') + '\r\n';
}

/** attachment; filename="ascii"; filename*=UTF-8''%E4%BD%8F… (RFC 6266 / RFC 5987) */
export function contentDisposition(asciiName: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${asciiName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encoded}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
