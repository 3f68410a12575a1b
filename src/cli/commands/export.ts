// lianxin export <kind> <out.xlsx> — a registry as .xlsx, streamed to the file.
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { EXPORT_KINDS, exportRegistry, type ExportKind } from '../../features/exports/export.service.ts';
import { openContext, parseArgs, progressBar } from '../context.ts';
import { cliActor } from './import.ts';

export const command = {
  summary: '导出台账 Export a registry to .xlsx',
  usage: `lianxin export <${EXPORT_KINDS.join('|')}> <out.xlsx> [--user name]`,
  async run(args: ReturnType<typeof parseArgs>) {
    const [kind, file] = args._;
    if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind) || !file) { console.error(`用法 Usage: ${command.usage}`); return 2; }
    const h = await openContext();
    try {
      const actor = await cliActor(h.db, args.user);
      const out = fs.createWriteStream(file);
      const bar = progressBar(`导出 Exporting ${kind}`, null);
      const r = await exportRegistry(h.db, actor, kind as ExportKind, out, (n) => bar.update(n));
      await finished(out);
      bar.done(r.rows);
      console.log(`${r.rows} 行 rows → ${file}${r.masked ? ' (身份证号、电话已脱敏 ID numbers and phones masked)' : ''}`);
      return 0;
    } finally {
      await h.close();
    }
  },
};
