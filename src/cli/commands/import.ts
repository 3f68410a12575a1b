// lianxin import <kind> <file> — the same import as the web upload, with a progress bar, a
// summary and every problem written to <file>.problems.csv.
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../../db/connection.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/access.ts';
import { actorOf } from '../../platform/auth.ts';
import { IMPORT_KINDS, isImportKind, type RowProblem } from '../../domain/import-rows.ts';
import { detectFormat, estimateCsvRows } from '../../features/imports/import.reader.ts';
import { runImport } from '../../features/imports/import.service.ts';
import { csvLine } from '../../features/exports/xlsx.ts';
import { openContext, parseArgs, progressBar } from '../context.ts';

/** SYSTEM_ACTOR, or the named user's role and scope (`--user name`). */
export async function cliActor(db: DB, user: unknown): Promise<Actor> {
  if (typeof user !== 'string') return SYSTEM_ACTOR;
  const u = await db.selectFrom('users').selectAll().where('username', '=', user).executeTakeFirst();
  if (!u || !u.active) throw new Error(`用户不存在或已停用 No such active user: ${user}`);
  return actorOf(u);
}

/** Problems go to disk as they come (there may be a million), in chunks. */
function problemWriter(file: string) {
  let fd: number | null = null;
  let buf = '';
  const flush = () => { if (fd !== null && buf) { fs.writeSync(fd, buf); buf = ''; } };
  return {
    add(p: RowProblem) {
      if (fd === null) { fd = fs.openSync(file, 'w'); buf = '\ufeff' + csvLine(['行 row', '列 column', '值 value', '原因', 'reason']); }
      buf += csvLine([p.row, p.column, p.value, p.reason, p.reason_en]);
      if (buf.length > 1 << 16) flush();
    },
    /** Returns whether anything was written. */
    close() {
      if (fd === null) return false;
      flush();
      fs.closeSync(fd);
      fd = null;
      return true;
    },
  };
}

export const command = {
  summary: '导入台账 Import households, residents, cadres or buildings from .xlsx or .csv',
  usage: `lianxin import <${IMPORT_KINDS.join('|')}> <file.xlsx|file.csv> [--mode all|valid] [--user name] [--batch 4000]`,
  async run(args: ReturnType<typeof parseArgs>) {
    const [kind, file] = args._;
    const mode = args.mode ?? 'all';
    if (!kind || !isImportKind(kind) || !file || (mode !== 'all' && mode !== 'valid')) {
      console.error(`用法 Usage: ${command.usage}\n  --mode all   全部正确才写入 all or nothing (default)\n  --mode valid 写入正确的行，报告错误的行 import the valid rows`);
      return 2;
    }
    if (!fs.existsSync(file)) { console.error(`文件不存在 No such file: ${file}`); return 2; }
    const h = await openContext();
    const problemsFile = `${file}.problems.csv`;
    const problems = problemWriter(problemsFile);
    try {
      const actor = await cliActor(h.db, args.user);
      const format = detectFormat(file, file);
      const bar = progressBar(`导入 Importing ${kind}`, format === 'csv' ? await estimateCsvRows(file) : null);
      const r = await runImport(h.db, {
        kind, file, filename: path.basename(file), format, mode, actor, batchSize: args.batch ? Number(args.batch) : undefined,
        onRows: (n) => bar.update(n), onProblem: (p) => problems.add(p),
      });
      bar.done(r.total);
      const wrote = problems.close();
      if (!wrote) fs.rmSync(problemsFile, { force: true }); // a stale report from an earlier run would mislead
      const line = (zh: string, en: string, v: unknown) => console.log(`  ${(zh + ' ' + en).padEnd(22)} ${v}`);
      console.log(`\n导入结果 Import #${r.jobId} (${kind}, ${r.format}, mode ${r.mode})`);
      line('状态', 'status', r.status === 'done' ? '完成 done'
        : r.mode === 'all' ? '失败 failed — 未写入任何数据 nothing was written' : '失败 failed — 文件无法读取 the file could not be read');
      line('行数', 'rows', r.total);
      line('新增', 'inserted', r.inserted);
      line('更新', 'updated', r.updated);
      line('未变', 'unchanged', r.unchanged);
      line('失败', 'failed', r.failed);
      if (r.problemCount) {
        console.log(`\n问题 ${r.problemCount} problem(s) → ${problemsFile}`);
        for (const p of r.problems.slice(0, 10)) console.log(`  第 ${p.row} 行 row ${p.row} · ${p.column || '-'} · ${p.value ? `“${p.value}” ` : ''}${p.reason} (${p.reason_en})`);
        if (r.problemCount > 10) console.log(`  … ${r.problemCount - 10} more in ${problemsFile}`);
      }
      return r.status === 'failed' ? 1 : 0;
    } finally {
      problems.close();
      await h.close();
    }
  },
};
