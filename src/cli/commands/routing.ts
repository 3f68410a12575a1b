// lianxin routing retrain — retrain category suggestion (issue 5) from the seed corpus plus the
// deployment's history, evaluate the new model against the current one on the held-out part of
// the seed corpus, and make it the current model only when it is not worse (top-1 not lower,
// top-3 at most 0.5 point lower) — or always with --force, never with --dry-run.
// History: the database's dispatched requests (the office's confirmed categories; one in ten held
// out to compare the two models on the deployment's own requests), or a JSON-lines file of
// {"text", "category"} with --history, or none with --no-db.
// The current model: the database's active model (every server uses it), else the file under the
// data folder, else the seed model; --current compares with a model file instead. A winner is
// written to the file and, when the database is open, stored there as the active model. The
// database is opened for its labels, and with --history only on PostgreSQL (the embedded one may
// be held by the running server); --no-db never opens it (the nightly retrain's child: the server
// stores the winner from the --report it writes).
// lianxin routing import model.lxm — make a model file the database's active model (and the file's).
import fs from 'node:fs';
import path from 'node:path';
import { openContext, parseArgs, progressBar } from '../context.ts';
import { cliActor } from './import.ts';
import { historyFromDb, type RetrainReport } from '../../features/routing/history.ts';
import { loadConfig } from '../../platform/config.ts';
import { Classifier } from '../../domain/classify/classifier.ts';
import { evaluate, formatEvaluation, type Evaluation } from '../../domain/classify/evaluate.ts';
import {
  currentModelPath, deserializeModel, forgetDefaultModel, loadDefaultModel, loadModel, readHistoryFile, readIndependentCorpus,
  saveCurrentModel, saveModel, seedSplit, serializeModel, sha256Hex, trainWithHistory, type ModelEvaluation,
} from '../../features/routing/model-store.ts';

const USAGE = 'lianxin routing retrain [--history history.jsonl [--heldout own-heldout.jsonl] | --no-db] [--current model.lxm] [--dry-run] [--force] [--out model.lxm] [--report report.json]'
  + ' | lianxin routing import model.lxm [--user name]';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const delta = (a: number, b: number) => `${b - a >= 0 ? '+' : ''}${((b - a) * 100).toFixed(1)}`;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const command = {
  summary: '类别推荐模型 Category model: retrain from the seed corpus + history, compare, replace when better; import a model',
  usage: USAGE,
  async run(args: ReturnType<typeof parseArgs>) {
    const [sub] = args._;
    if (sub === 'import') return importModel(args);
    if (sub !== 'retrain') { console.error(`用法 usage: ${USAGE}`); return 2; }
    const history = typeof args.history === 'string' ? args.history : null;
    if (args.history === true || (history && !fs.existsSync(history))) { console.error(`找不到历史文件 history file not found: ${history ?? ''}`); return 2; }
    if (args.current !== undefined && (typeof args.current !== 'string' || !fs.existsSync(args.current))) { console.error(`找不到模型文件 model file not found: ${String(args.current)}`); return 2; }
    const config = loadConfig();
    const { dataDir } = config;

    // Without a file, the database's own labels (unless --no-db); with one, PostgreSQL's active model.
    let ctx: Awaited<ReturnType<typeof openContext>> | null = null;
    if (!args['no-db'] && !history) ctx = await openContext(config);
    else if (!args['no-db'] && config.databaseUrl) {
      try { ctx = await openContext(config); }
      catch (e) { console.error(`数据库不可用，只用文件 database unavailable, files only: ${message(e)}`); }
    }
    try {
      let current: { classifier: Classifier; source: string };
      if (typeof args.current === 'string') {
        try { current = { classifier: new Classifier(loadModel(args.current)), source: args.current }; }
        catch (e) { console.error(`无法读取模型 cannot read model ${args.current}: ${message(e)}`); return 2; }
      } else current = await loadDefaultModel({ dataDir, db: ctx?.db });
      console.error(`当前模型 current model: ${current.source}`);

      const counts = { lines: 0, bad: 0 };
      const dbCounts = { rows: 0 };
      const fromDb = !history && ctx ? ctx : null;
      const bar = progressBar('读取 reading', null);
      const t0 = performance.now();
      let read = 0;
      const trained = await trainWithHistory(history ? readHistoryFile(history, counts) : fromDb ? historyFromDb(fromDb.db, 'train', dbCounts) : null, {
        onProgress: (p) => {
          if (p.phase === 'read') { read = p.done; bar.update(p.done); }
          else if (p.done === 0 && read) bar.done(read);
          if (p.phase === 'train' && p.total && p.total > 1) process.stderr.write(p.done === p.total ? '\n' : p.done ? '.' : '训练 training ');
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      const fresh = deserializeModel(serializeModel(trained));   // evaluate exactly what is stored
      const next = new Classifier(fresh);

      const { heldOut } = seedSplit();
      const independent = readIndependentCorpus();
      const rows: [string, Evaluation, Evaluation][] = [
        ['种子语料留出集 held-out seed', evaluate(current.classifier, heldOut), evaluate(next, heldOut)],
        ['独立测试集 independent (不参与训练 never trained on)', evaluate(current.classifier, independent), evaluate(next, independent)],
      ];
      if (fromDb || typeof args.heldout === 'string') {
        const own: { text: string; category: string }[] = [];
        for await (const e of fromDb ? historyFromDb(fromDb.db, 'heldOut') : readHistoryFile(args.heldout as string)) own.push(e);
        if (own.length) rows.push(['本地历史留出集 own history held out (每十件一件 one in ten)', evaluate(current.classifier, own), evaluate(next, own)]);
      }
      console.log(`新模型 new model: ${fresh.meta.examples.toLocaleString('en')} 条训练文本 training texts (${fresh.meta.note}), ` +
        `${fresh.meta.epochs} 轮 passes, ${seconds.toFixed(1)} s${history ? `; 历史 history ${counts.lines.toLocaleString('en')} 行 lines, ${counts.bad + trained.meta.skipped} 条跳过 skipped` : ''}` +
        `${fromDb ? `; 本地已派单诉求 dispatched requests ${dbCounts.rows.toLocaleString('en')}` : ''}`);
      for (const [label, a, b] of rows) {
        console.log(`${label} (n=${a.n})`);
        console.log(`  当前 current  top-1 ${pct(a.top1)}  top-3 ${pct(a.top3)}`);
        console.log(`  新   new      top-1 ${pct(b.top1)}  top-3 ${pct(b.top3)}   (${delta(a.top1, b.top1)} / ${delta(a.top3, b.top3)})`);
      }
      // Not worse on the seed's held-out part, nor on the deployment's own held-out requests when there are enough.
      const judged = rows.filter(([label, a]) => !label.startsWith('独立') && a.n >= (label.startsWith('本地') ? 50 : 1));
      const notWorse = judged.every(([, a, b]) => b.top1 >= a.top1 && b.top3 >= a.top3 - 0.005);
      const evaluations: ModelEvaluation[] = rows.map(([label, a, b]) => ({
        label, n: a.n, current: { top1: a.top1, top3: a.top3 }, new: { top1: b.top1, top3: b.top3 },
      }));
      const report: RetrainReport = {
        replaced: false, baseline: current.source, evaluations,
        history: { from: history ? 'file' : fromDb ? 'database' : 'none', rows: history ? counts.lines : dbCounts.rows },
      };
      const writeReport = () => { if (typeof args.report === 'string') fs.writeFileSync(args.report, JSON.stringify(report, null, 2)); };
      if (typeof args.out === 'string') { saveModel(fresh, args.out); console.log(`已保存 saved: ${args.out}`); }
      if (args['dry-run']) {
        console.log(`${notWorse ? '新模型不差于当前模型' : '新模型不如当前模型'}（试运行，未替换）| ${notWorse ? 'new model is not worse' : 'new model is worse'} (dry run, nothing replaced) — ${formatEvaluation(rows[0][2])}`);
        report.dryRun = true;
        writeReport();
        return 0;
      }
      if (notWorse || args.force) {
        const file = currentModelPath(dataDir);
        saveModel(fresh, file);
        forgetDefaultModel();
        console.log(`已替换当前模型 current model replaced${notWorse ? '' : ' (--force)'}: ${file}`);
        const bytes = fs.readFileSync(file);
        Object.assign(report, { replaced: true, forced: !notWorse, model: file, sha256: sha256Hex(bytes) });
        if (ctx) {
          const saved = await saveCurrentModel(ctx.db, bytes, { source: 'retrain', evaluations, forced: !notWorse, baseline: current.source, history: report.history });
          console.log(`已存入数据库，各服务进程一分钟内启用 stored in the database as model #${saved.id}; every server uses it within a minute`);
        } else if (!args['no-db']) {
          console.error(`数据库未更新；要让各服务进程使用，请运行 lianxin routing import ${file} | the database was not updated: run \`lianxin routing import ${file}\` to make it every server's model`);
        }
        writeReport();
        return 0;
      }
      console.log('新模型不如当前模型，保留当前模型 | new model is worse on a held-out part; current model kept (use --force to replace)');
      writeReport();
      return 0;
    } finally {
      await ctx?.close();
    }
  },
};

/** `routing import model.lxm`: check the file, store it as the database's active model and as the current-model file. */
async function importModel(args: ReturnType<typeof parseArgs>): Promise<number> {
  const file = args._[1];
  if (!file) { console.error(`用法 usage: ${USAGE}`); return 2; }
  let bytes: Buffer;
  try { bytes = fs.readFileSync(file); deserializeModel(bytes); }
  catch (e) { console.error(`无法读取模型 cannot read model ${file}: ${message(e)}`); return 2; }
  const ctx = await openContext();
  try {
    const actor = await cliActor(ctx.db, args.user);
    const saved = await saveCurrentModel(ctx.db, bytes, { source: 'import', actor, file });
    const current = currentModelPath(ctx.config.dataDir);
    fs.mkdirSync(path.dirname(current), { recursive: true });
    fs.writeFileSync(`${current}.${process.pid}.tmp`, bytes);
    fs.renameSync(`${current}.${process.pid}.tmp`, current);
    forgetDefaultModel();
    console.log(`已导入为当前模型 imported as the active model #${saved.id} (sha256 ${saved.sha256.slice(0, 12)}…); 各服务进程一分钟内启用 every server uses it within a minute; ${current}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
