// Where the category-suggestion model comes from and goes to (issue 5).
//
// - The training data of a fresh deployment: the seed corpus's training part (corpus/seed, all
//   but the held-out fifth), the demo's generated requests (1,013 drafts with their categories),
//   the hand-written glossary (src/domain/classify/glossary.ts) and the catalogue's names and
//   `covers` texts. The held-out fifth and corpus/independent are never trained on.
// - A model as bytes: a small header (JSON: spec, categories, meta) and the weights quantised
//   to int8 with one scale per row, gzip-compressed — about 2 MB. saveModel/loadModel take a
//   file path, serializeModel/deserializeModel a Buffer (for the database later).
// - loadDefaultModel(): the model in use — the deployment's current model when `routing
//   retrain` has saved one under the data dir, else the seed model, trained on first use (a few
//   seconds) and cached in memory and under <dataDir>/models, keyed by a hash of its inputs so a
//   changed corpus or glossary retrains it.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Classifier } from '../../domain/classify/classifier.ts';
import { isHeldOut } from '../../domain/classify/evaluate.ts';
import { DEFAULT_SPEC, type FeatureSpec } from '../../domain/classify/features.ts';
import { GLOSSARY, glossaryExamples } from '../../domain/classify/glossary.ts';
import { FeatureTable, readExamples, trainModel, trainOnTable, type Example, type LinearModel, type ModelMeta, type TrainOptions } from '../../domain/classify/model.ts';
import { defaultTokenizer, type Tokenizer } from '../../domain/classify/tokenize.ts';
import { STREETS } from '../../domain/demo/places.ts';
import { generateRequests } from '../../domain/demo/requests.ts';
import { DEFAULT_CATEGORIES } from '../../reference/categories.ts';

/** The repository's corpus folder (seed/ and independent/). */
export const CORPUS_DIR = fileURLToPath(new URL('../../../corpus/', import.meta.url));

/** The catalogue's category codes, in catalogue order: the columns of every model. */
export const CATEGORY_CODES: readonly string[] = DEFAULT_CATEGORIES.map((c) => c.code);

/** Every labelled line of corpus/seed/<code>.txt. */
export function readSeedCorpus(dir = path.join(CORPUS_DIR, 'seed')): Example[] {
  const out: Example[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const category = file.slice(0, -4);
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const text = line.trim();
      if (text) out.push({ text, category });
    }
  }
  return out;
}

/** The seed corpus split by the stable hash: about four in five for training, one held out. */
export function seedSplit(seed = readSeedCorpus()): { train: Example[]; heldOut: Example[] } {
  const train: Example[] = [], heldOut: Example[] = [];
  for (const e of seed) (isHeldOut(e.text) ? heldOut : train).push(e);
  return { train, heldOut };
}

/** corpus/independent/requests.jsonl: for evaluation only. */
export function readIndependentCorpus(file = path.join(CORPUS_DIR, 'independent', 'requests.jsonl')): Example[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const r = JSON.parse(l) as { text: string; category: string };
    return { text: r.text, category: r.category };
  });
}

/** The demo district's generated requests (scale 1: 1,013 drafts, every category). */
export function demoExamples(): Example[] {
  const communities = STREETS.flatMap((s) => [...s.communities.map((c) => `${c}社区`), ...s.villages]);
  return generateRequests({ seed: 7, scale: 1, households: 100, streets: STREETS.map((s) => s.name), communities })
    .map((d) => ({ text: d.text, category: d.category }));
}

/** The catalogue's own words: each category's Chinese name and its English `covers`. */
export function catalogueExamples(): Example[] {
  return DEFAULT_CATEGORIES.flatMap((c) => [{ text: c.zh, category: c.code }, { text: c.covers, category: c.code }]);
}

/** What a fresh deployment trains on: seed training part + demo requests + glossary + catalogue. */
export function baseTrainingSet(seed = readSeedCorpus()): { examples: Example[]; note: string } {
  const { train } = seedSplit(seed);
  const demo = demoExamples(), gloss = glossaryExamples(), cat = catalogueExamples();
  return {
    examples: [...train, ...demo, ...gloss, ...cat],
    note: `seed ${train.length} + demo ${demo.length} + glossary ${gloss.length} + catalogue ${cat.length}`,
  };
}

/** Examples from a JSON-lines file of {text, category} (unparseable lines are skipped and counted). */
export async function* readHistoryFile(file: string, counts = { lines: 0, bad: 0 }): AsyncGenerator<Example> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    counts.lines++;
    try {
      const r = JSON.parse(line) as { text?: unknown; category?: unknown };
      if (typeof r.text === 'string' && typeof r.category === 'string') yield { text: r.text, category: r.category };
      else counts.bad++;
    } catch { counts.bad++; }
  }
}

/**
 * Read examples into a feature table with worker threads doing the normalising, segmentation
 * and hashing (batches of 2,000 texts, at most two batches a worker in flight); this thread
 * only iterates, keeps labels and appends. Texts of unknown categories, non-text rows and
 * texts without features are skipped. The order of texts in the table follows the batches'
 * completion, not the input (training shuffles anyway).
 */
export async function readExamplesParallel(
  examples: Iterable<Example> | AsyncIterable<Example>,
  opts: { table: FeatureTable; categories: readonly string[]; spec: FeatureSpec; tokenizer?: Tokenizer; workers: number; onProgress?: TrainOptions['onProgress'] },
): Promise<{ skipped: number }> {
  const index = new Map(opts.categories.map((c, i) => [c, i]));
  const extraWords = [...(opts.tokenizer?.extraWords ?? [])];
  const pool = Array.from({ length: Math.max(1, opts.workers) }, () => new Worker(new URL('./featurize-worker.mjs', import.meta.url), { workerData: { spec: opts.spec, extraWords } }));
  const pending = new Map<number, { labels: number[]; weights: number[]; resolve: () => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  let skipped = 0, nextId = 0, inFlight = 0, lastReport = 0;
  const waiters: (() => void)[] = [];
  for (const w of pool) {
    w.on('message', (m: { id: number; packed: Uint32Array; lengths: Uint32Array }) => {
      const job = pending.get(m.id)!;
      pending.delete(m.id);
      let off = 0;
      for (let i = 0; i < m.lengths.length; i++) {
        const n = m.lengths[i];
        if (n) opts.table.addPacked(m.packed.subarray(off, off + n), job.labels[i], job.weights[i]); else skipped++;
        off += n;
      }
      inFlight--;
      if (opts.onProgress && opts.table.size - lastReport >= 50_000) { lastReport = opts.table.size - (opts.table.size % 50_000); opts.onProgress({ phase: 'read', done: lastReport, total: null }); }
      job.resolve();
      waiters.shift()?.();
    });
    w.on('error', (e) => { failure = e; for (const j of pending.values()) j.reject(e); pending.clear(); waiters.splice(0).forEach((f) => f()); });
  }
  const done: Promise<void>[] = [];
  let texts: string[] = [], labels: number[] = [], weights: number[] = [];
  const send = async () => {
    if (!texts.length) return;
    while (inFlight >= pool.length * 2 && !failure) await new Promise<void>((r) => waiters.push(r));
    if (failure) throw failure;
    const id = nextId++;
    inFlight++;
    done.push(new Promise<void>((resolve, reject) => { pending.set(id, { labels, weights, resolve, reject }); }));
    pool[id % pool.length].postMessage({ id, texts });
    texts = []; labels = []; weights = [];
  };
  try {
    for await (const ex of examples as AsyncIterable<Example>) {
      const label = ex && typeof ex.text === 'string' && typeof ex.category === 'string' ? index.get(ex.category) : undefined;
      const weight = ex?.weight ?? 1;
      if (label === undefined || !(weight > 0)) { skipped++; continue; }
      texts.push(ex.text); labels.push(label); weights.push(weight);
      if (texts.length === 2000) await send();
    }
    await send();
    await Promise.all(done);
    if (failure) throw failure;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { skipped };
}

/**
 * Train on the base training set plus the deployment's history (any iterable, streamed; the
 * history's texts are featurised on worker threads, one per core up to `workers`, default 2).
 */
export async function trainWithHistory(
  history: Iterable<Example> | AsyncIterable<Example> | null,
  options: TrainOptions & { workers?: number } = {},
): Promise<LinearModel> {
  const t0 = performance.now();
  const base = baseTrainingSet();
  const spec = options.spec ?? DEFAULT_SPEC;
  const tokenizer = options.tokenizer ?? defaultTokenizer();
  const categories = [...CATEGORY_CODES];
  const { table, skipped: baseSkipped } = await readExamples(base.examples, { spec, tokenizer, categories, fixed: true });
  const baseCount = table.size;
  let skipped = baseSkipped;
  if (history) {
    const workers = options.workers ?? Math.min(2, Math.max(1, availableParallelism()));
    if (workers > 0) skipped += (await readExamplesParallel(history, { table, categories, spec, tokenizer, workers, onProgress: options.onProgress })).skipped;
    else skipped += (await readExamples(history, { spec, tokenizer, categories, fixed: true, table, onProgress: options.onProgress })).skipped;
  }
  // The base set was read first; among a large history it is seen as often in all as it would
  // be trained alone (about 15 passes), so a million history rows do not drown the glossary.
  const alone = Math.max(1, Math.min(20, Math.round(100_000 / baseCount)));
  const model = trainOnTable(table, categories, { repeatFirst: { count: baseCount, times: alone }, ...options, spec });
  model.meta.skipped = skipped;
  model.meta.seconds = (performance.now() - t0) / 1000;
  model.meta.note = options.note ?? `${base.note}${history ? ` + history ${table.size - baseCount}` : ''}`;
  return model;
}

// ---- bytes ----

const MAGIC = 'LXCM';
const VERSION = 1;

interface Header { format: LinearModel['format']; spec: FeatureSpec; categories: string[]; rows: number; meta: ModelMeta }

/** The model as gzip-compressed bytes: header, buckets, idf, bias, per-row scales, int8 weights. */
export function serializeModel(m: LinearModel): Buffer {
  const C = m.categories.length, R = m.buckets.length;
  const header: Header = { format: m.format, spec: m.spec, categories: m.categories, rows: R, meta: m.meta };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const scales = new Float32Array(R);
  const q = new Int8Array(R * C);
  for (let r = 0; r < R; r++) {
    let max = 0;
    for (let c = 0; c < C; c++) max = Math.max(max, Math.abs(m.weights[r * C + c]));
    const s = max / 127;
    scales[r] = s;
    if (s > 0) for (let c = 0; c < C; c++) q[r * C + c] = Math.round(m.weights[r * C + c] / s);
  }
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'ascii'); head.writeUInt32LE(VERSION, 4); head.writeUInt32LE(json.length, 8);
  const pad = Buffer.alloc((4 - ((12 + json.length) % 4)) % 4);
  const raw = Buffer.concat([head, json, pad,
    Buffer.from(m.buckets.buffer, m.buckets.byteOffset, m.buckets.byteLength),
    Buffer.from(m.idf.buffer, m.idf.byteOffset, m.idf.byteLength),
    Buffer.from(m.bias.buffer, m.bias.byteOffset, m.bias.byteLength),
    Buffer.from(scales.buffer), Buffer.from(q.buffer)]);
  return gzipSync(raw, { level: 6 });
}

export function deserializeModel(bytes: Uint8Array): LinearModel {
  let raw: Buffer;
  try { raw = gunzipSync(bytes); } catch { throw new Error('模型文件已损坏或格式不对|model file is corrupt or not a model'); }
  if (raw.length < 12 || raw.toString('ascii', 0, 4) !== MAGIC) throw new Error('不是连心分类模型文件|not a Lianxin classification model');
  const version = raw.readUInt32LE(4);
  if (version !== VERSION) throw new Error(`模型格式版本 ${version} 不受支持|model format version ${version} is not supported`);
  const jsonLen = raw.readUInt32LE(8);
  const header = JSON.parse(raw.toString('utf8', 12, 12 + jsonLen)) as Header;
  const C = header.categories.length, R = header.rows;
  let off = 12 + jsonLen + ((4 - ((12 + jsonLen) % 4)) % 4);
  const need = off + R * 4 * 3 + C * 4 + R * C;
  if (raw.length !== need) throw new Error('模型文件长度不符|model file has the wrong length');
  // Copy into fresh, aligned arrays.
  const take = (bytes: number) => { const b = new Uint8Array(bytes); b.set(raw.subarray(off, off + bytes)); off += bytes; return b.buffer; };
  const buckets = new Uint32Array(take(R * 4));
  const idf = new Float32Array(take(R * 4));
  const bias = new Float32Array(take(C * 4));
  const scales = new Float32Array(take(R * 4));
  const q = new Int8Array(take(R * C));
  const weights = new Float32Array(R * C);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) weights[r * C + c] = q[r * C + c] * scales[r];
  return { format: header.format, spec: header.spec, categories: header.categories, buckets, idf, weights, bias, meta: header.meta };
}

export function saveModel(m: LinearModel, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, serializeModel(m));
  fs.renameSync(tmp, file);
}

export function loadModel(file: string): LinearModel { return deserializeModel(fs.readFileSync(file)); }

// ---- the model in use ----

/** The deployment's current model, saved by `routing retrain` when the new model was better. */
export const currentModelPath = (dataDir: string) => path.join(dataDir, 'models', 'classify-current.lxm');

/** A key for the seed model: changes when the corpus, glossary, catalogue or features change (computed once a process). */
let seedKey: string | null = null;
/** The segmenter's version: another jieba may cut words differently, so the cached seed model is retrained. */
function jiebaVersion(): string {
  try {
    const main = createRequire(import.meta.url).resolve('@node-rs/jieba');
    return JSON.parse(fs.readFileSync(path.join(path.dirname(main), 'package.json'), 'utf8')).version as string;
  } catch { return 'unknown'; }
}
export function seedModelKey(): string {
  if (seedKey) return seedKey;
  const h = createHash('sha256');
  h.update(`v${VERSION}\njieba ${jiebaVersion()}\n${JSON.stringify(DEFAULT_SPEC)}\n${JSON.stringify(GLOSSARY)}\n${JSON.stringify(DEFAULT_CATEGORIES)}\n`);
  for (const e of readSeedCorpus()) h.update(`${e.category}\t${e.text}\n`);
  seedKey = h.digest('hex').slice(0, 16);
  return seedKey;
}

let cached: { key: string; model: LinearModel; classifier: Classifier; source: string } | null = null;

/**
 * The model in use: the current model under dataDir when there is one, else the seed model
 * (from the cache under dataDir, or trained now and cached). With no dataDir nothing is read or
 * written on disk. Cache write failures (read-only disk) are ignored.
 */
export async function loadDefaultModel(opts: { dataDir?: string | null } = {}): Promise<{ model: LinearModel; classifier: Classifier; source: string }> {
  const dataDir = opts.dataDir ?? null;
  const current = dataDir ? currentModelPath(dataDir) : null;
  if (current && fs.existsSync(current)) {
    const stat = fs.statSync(current);
    const key = `current:${current}:${stat.mtimeMs}:${stat.size}`;
    if (cached?.key === key) return cached;
    const model = loadModel(current);
    cached = { key, model, classifier: new Classifier(model), source: current };
    return cached;
  }
  const key = `seed:${seedModelKey()}`;
  if (cached?.key === key) return cached;
  const file = dataDir ? path.join(dataDir, 'models', `classify-seed-${key.slice(5)}.lxm`) : null;
  let model: LinearModel | null = null;
  let source = 'seed (trained now)';
  if (file && fs.existsSync(file)) {
    try { model = loadModel(file); source = file; } catch { model = null; }
  }
  if (!model) {
    const base = baseTrainingSet();
    const bytes = serializeModel(await trainModel(base.examples, { categories: CATEGORY_CODES, note: base.note }));
    model = deserializeModel(bytes);   // exactly what a later start loads (int8 weights)
    if (file) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.${process.pid}.tmp`, bytes);
        fs.renameSync(`${file}.${process.pid}.tmp`, file);
        source = `${file} (trained now)`;
      } catch { /* read-only data dir: keep the model in memory */ }
    }
  }
  cached = { key, model, classifier: new Classifier(model), source };
  return cached;
}

/** Forget the in-memory model (after a retrain replaced the current one). */
export function forgetDefaultModel(): void { cached = null; }
