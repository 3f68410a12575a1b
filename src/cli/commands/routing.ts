// lianxin routing retrain — retrain category suggestion (issue 5) from the seed corpus plus the
// deployment's history, evaluate the new model against the current one on the held-out part of
// the seed corpus, and make it the current model only when it is not worse (top-1 not lower,
// top-3 at most 0.5 point lower) — or always with --force, never with --dry-run.
// History: the database's dispatched requests (the office's confirmed categories; one in ten held
// out to compare the two models on the deployment's own requests), or a JSON-lines file of
// {"text", "category"} with --history, or none with --no-db.
import fs from 'node:fs';
import { openContext, parseArgs, progressBar } from '../context.ts';
import { historyFromDb } from '../../features/routing/history.ts';
import { loadConfig } from '../../platform/config.ts';
import { Classifier } from '../../domain/classify/classifier.ts';
import { evaluate, formatEvaluation, type Evaluation } from '../../domain/classify/evaluate.ts';
import {
  currentModelPath, deserializeModel, forgetDefaultModel, loadDefaultModel, readHistoryFile, readIndependentCorpus,
  saveModel, seedSplit, serializeModel, trainWithHistory,
} from '../../features/routing/model-store.ts';

const USAGE = 'lianxin routing retrain [--history history.jsonl [--heldout own-heldout.jsonl] | --no-db] [--dry-run] [--force] [--out model.lxm]';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const delta = (a: number, b: number) => `${b - a >= 0 ? '+' : ''}${((b - a) * 100).toFixed(1)}`;

export const command = {
  summary: '类别推荐模型 Category model: retrain from the seed corpus + history, compare, replace when better',
  usage: USAGE,
  async run(args: ReturnType<typeof parseArgs>) {
    const [sub] = args._;
    if (sub !== 'retrain') { console.error(`用法 usage: ${USAGE}`); return 2; }
    const history = typeof args.history === 'string' ? args.history : null;
    if (args.history === true || (history && !fs.existsSync(history))) { console.error(`找不到历史文件 history file not found: ${history ?? ''}`); return 2; }
    const { dataDir } = loadConfig();

    const current = await loadDefaultModel({ dataDir });
    console.error(`当前模型 current model: ${current.source}`);

    const counts = { lines: 0, bad: 0 };
    // Without a file, the database's own labels (unless --no-db).
    const ctx = !history && !args['no-db'] ? await openContext() : null;
    const dbCounts = { rows: 0 };
    const bar = progressBar('读取 reading', null);
    const t0 = performance.now();
    let read = 0;
    const trained = await trainWithHistory(history ? readHistoryFile(history, counts) : ctx ? historyFromDb(ctx.db, 'train', dbCounts) : null, {
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
    if (ctx || typeof args.heldout === 'string') {
      const own: { text: string; category: string }[] = [];
      for await (const e of ctx ? historyFromDb(ctx.db, 'heldOut') : readHistoryFile(args.heldout as string)) own.push(e);
      await ctx?.close();
      if (own.length) rows.push(['本地历史留出集 own history held out (每十件一件 one in ten)', evaluate(current.classifier, own), evaluate(next, own)]);
    }
    console.log(`新模型 new model: ${fresh.meta.examples.toLocaleString('en')} 条训练文本 training texts (${fresh.meta.note}), ` +
      `${fresh.meta.epochs} 轮 passes, ${seconds.toFixed(1)} s${history ? `; 历史 history ${counts.lines.toLocaleString('en')} 行 lines, ${counts.bad + trained.meta.skipped} 条跳过 skipped` : ''}` +
      `${ctx ? `; 本地已派单诉求 dispatched requests ${dbCounts.rows.toLocaleString('en')}` : ''}`);
    for (const [label, a, b] of rows) {
      console.log(`${label} (n=${a.n})`);
      console.log(`  当前 current  top-1 ${pct(a.top1)}  top-3 ${pct(a.top3)}`);
      console.log(`  新   new      top-1 ${pct(b.top1)}  top-3 ${pct(b.top3)}   (${delta(a.top1, b.top1)} / ${delta(a.top3, b.top3)})`);
    }
    // Not worse on the seed's held-out part, nor on the deployment's own held-out requests when there are enough.
    const judged = rows.filter(([label, a]) => !label.startsWith('独立') && a.n >= (label.startsWith('本地') ? 50 : 1));
    const notWorse = judged.every(([, a, b]) => b.top1 >= a.top1 && b.top3 >= a.top3 - 0.005);
    if (typeof args.out === 'string') { saveModel(fresh, args.out); console.log(`已保存 saved: ${args.out}`); }
    if (args['dry-run']) {
      console.log(`${notWorse ? '新模型不差于当前模型' : '新模型不如当前模型'}（试运行，未替换）| ${notWorse ? 'new model is not worse' : 'new model is worse'} (dry run, nothing replaced) — ${formatEvaluation(rows[0][2])}`);
      return 0;
    }
    if (notWorse || args.force) {
      saveModel(fresh, currentModelPath(dataDir));
      forgetDefaultModel();
      console.log(`已替换当前模型 current model replaced${notWorse ? '' : ' (--force)'}: ${currentModelPath(dataDir)}`);
      return 0;
    }
    console.log('新模型不如当前模型，保留当前模型 | new model is worse on a held-out part; current model kept (use --force to replace)');
    return 0;
  },
};
