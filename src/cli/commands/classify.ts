// lianxin classify — category suggestion on the command line (issue 5): one request text per
// line on standard input, one JSON object per line on standard output, in the same order:
//   {"text": "...", "suggestions": [{"category": "<code>", "score": 0..1}, …]}
// with the top three, best first. A line with nothing to classify (empty, emoji only) gets
// "suggestions": [] and an "error" {code, message, message_en}; a text over 10,000 characters is
// judged on its first 10,000 and marked "truncated": true. Needs no database: the model is the
// deployment's current one under the data dir, else the seed model (trained on first use and
// cached under <dataDir>/models).
import readline from 'node:readline';
import { parseArgs } from '../context.ts';
import { loadConfig } from '../../platform/config.ts';
import { Classifier } from '../../domain/classify/classifier.ts';
import { loadDefaultModel, loadModel } from '../../features/routing/model-store.ts';

const USAGE = 'lianxin classify [--model file.lxm] [--top 3] < texts.txt   (一行一条诉求 one request per line)';

export const command = {
  summary: '类别推荐 Suggest categories: one request text per line on stdin → one JSON line each',
  usage: USAGE,
  async run(args: ReturnType<typeof parseArgs>) {
    const top = args.top === undefined ? 3 : Number(args.top);
    if (!Number.isInteger(top) || top < 1 || top > 28) { console.error(`用法 usage: ${USAGE}`); return 2; }
    let classifier: Classifier;
    if (typeof args.model === 'string') {
      try { classifier = new Classifier(loadModel(args.model)); }
      catch (e) { console.error(`无法读取模型 cannot read model ${args.model}: ${(e as Error).message}`); return 2; }
    } else {
      classifier = (await loadDefaultModel({ dataDir: loadConfig().dataDir })).classifier;
    }
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    const out: string[] = [];
    const flush = () => new Promise<void>((resolve) => {
      if (!out.length) return resolve();
      const chunk = out.join('');
      out.length = 0;
      if (process.stdout.write(chunk)) resolve(); else process.stdout.once('drain', () => resolve());
    });
    for await (const raw of rl) {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const r = classifier.suggest(text, top);
      out.push(JSON.stringify({ text, ...r }) + '\n');
      if (out.length >= 256) await flush();
    }
    await flush();
    return 0;
  },
};
