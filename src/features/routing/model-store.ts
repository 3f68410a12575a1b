// Where the category-suggestion model comes from and goes to (issue 5).
//
// - The training data of a fresh deployment: the seed corpus's training part (corpus/seed, all
//   but the held-out fifth), the demo's generated requests (1,013 drafts with their categories),
//   the hand-written glossary (src/domain/classify/glossary.ts) and the catalogue's names and
//   `covers` texts. The held-out fifth and corpus/independent are never trained on.
// - A model as bytes: a small header (JSON: spec, categories, meta) and the weights quantised
//   to int8 with one scale per row, gzip-compressed — about 2 MB. saveModel/loadModel take a
//   file path, serializeModel/deserializeModel a Buffer; saveCurrentModel stores one in the
//   database (table classifier_models) and makes it the active model of every server.
// - loadDefaultModel(): the model in use — with a database, its active model (the row's id and
//   checksum looked at about once a minute, the bytes loaded only when they changed, so every
//   process picks up a retrain within a minute); else, or when that model cannot be read, the
//   deployment's current model when `routing retrain` has saved one under the data dir, else the
//   seed model, trained on first use (a few seconds) and cached in memory and under
//   <dataDir>/models, keyed by a hash of its inputs so a changed corpus or glossary retrains it.
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
import { FeatureTable, readExamples, TRAIN_DEFAULTS, trainModel, trainOnTable, type Example, type LinearModel, type ModelMeta, type TrainOptions } from '../../domain/classify/model.ts';
import { defaultTokenizer, type Tokenizer } from '../../domain/classify/tokenize.ts';
import { STREETS } from '../../domain/demo/places.ts';
import { generateRequests } from '../../domain/demo/requests.ts';
import { DEFAULT_CATEGORIES } from '../../reference/categories.ts';
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';

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
  h.update(`v${VERSION}\njieba ${jiebaVersion()}\n${JSON.stringify(DEFAULT_SPEC)}\n${JSON.stringify(TRAIN_DEFAULTS)}\n${JSON.stringify(GLOSSARY)}\n${JSON.stringify(DEFAULT_CATEGORIES)}\n`);
  for (const e of readSeedCorpus()) h.update(`${e.category}\t${e.text}\n`);
  seedKey = h.digest('hex').slice(0, 16);
  return seedKey;
}

/** What loadDefaultModel answers: the model, its classifier and where it came from. */
export interface DefaultModel {
  model: LinearModel;
  classifier: Classifier;
  /** 'database #<id>', a file path, or 'seed (trained now)'. */
  source: string;
  /** The database row when the model is the database's active one. */
  dbModel?: { id: number; sha256: string } | null;
  /** Why the database's active model is not the one in use (unreadable, corrupt), when so. */
  error?: string | null;
}

export interface ModelLoaderOptions {
  /** How often the database's active row (id and checksum only) is looked at; default 60 s. */
  checkEveryMs?: number;
  /** The clock, for tests. */
  now?: () => number;
  /** Where a database model that cannot be used is reported (once per row); default stderr. */
  warn?: (message: string) => void;
  /** How long a row found corrupt is skipped before it is read again; default 60 checks (an hour). */
  retryCorruptMs?: number;
}

type ActiveRow = { id: number; sha256: string };
type Loaded = DefaultModel & { key: string };

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A model loader with its own memory: loadDefaultModel uses one per process; a test makes two to
 * play two servers. With a db, the active row is looked at no more than once every checkEveryMs,
 * and its bytes are read only when its id or checksum changed; a row whose bytes are not a sound
 * model is reported once and skipped (until another row is made active, or for retryCorruptMs),
 * falling back to the file model and then the seed model. A failed query is tried again at the
 * next check.
 */
export function createModelLoader(options: ModelLoaderOptions = {}) {
  const every = options.checkEveryMs ?? 60_000;
  const now = options.now ?? Date.now;
  const warn = options.warn ?? ((m: string) => console.error(m));
  const retryCorrupt = options.retryCorruptMs ?? every * 60;
  let cached: Loaded | null = null;
  let checked: { db: DB; at: number; row: ActiveRow | null; error: string | null } | null = null;
  let loading: { key: string; promise: Promise<Loaded> } | null = null;
  const failed = new Map<string, { message: string; until: number }>();
  let lastError: string | null = null;

  async function activeRow(db: DB): Promise<{ row: ActiveRow | null; error: string | null }> {
    const t = now();
    if (checked && checked.db === db && t - checked.at < every) return checked;
    let row: ActiveRow | null = null, error: string | null = null;
    try {
      row = (await db.selectFrom('classifier_models').select(['id', 'sha256']).where('active', '=', true).executeTakeFirst()) ?? null;
    } catch (e) {
      error = `无法查询数据库中的当前模型|cannot look up the active model in the database: ${errorText(e)}`;
      warn(error);
    }
    checked = { db, at: t, row, error };
    return checked;
  }

  async function fromDb(db: DB, row: ActiveRow): Promise<Loaded | string> {
    const key = `db:${row.id}:${row.sha256}`;
    if (cached?.key === key) return cached;
    const known = failed.get(key);
    if (known && now() < known.until) return known.message;
    if (loading?.key !== key) {
      const promise = readStoredModel(db, row.id, row.sha256).then((model): Loaded =>
        ({ key, model, classifier: new Classifier(model), source: `database #${row.id}`, dbModel: row, error: null }));
      const entry = { key, promise };
      loading = entry;
      promise.then(() => undefined, () => undefined).finally(() => { if (loading === entry) loading = null; });
    }
    try {
      return (cached = await loading!.promise);
    } catch (e) {
      const message = e instanceof StoredModelError ? e.message : `无法读取数据库中的模型 #${row.id}|cannot read model #${row.id} from the database: ${errorText(e)}`;
      const known = failed.get(key);
      if (known?.message !== message || now() >= known.until) warn(`${message}（改用其他模型 falling back to the file or seed model）`);
      // A corrupt row is skipped for a while; a failed query is tried again at the next check.
      failed.set(key, { message, until: e instanceof StoredModelError ? now() + retryCorrupt : (checked?.at ?? now()) + every });
      return message;
    }
  }

  async function fileOrSeed(dataDir: string | null): Promise<Loaded> {
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

  return {
    /**
     * The model in use: with a db, the database's active model; else (or when it cannot be
     * read) the current model under dataDir when there is one, else the seed model (from the
     * cache under dataDir, or trained now and cached). With no dataDir nothing is read or written
     * on disk. Cache write failures (read-only disk) are ignored.
     */
    async load(opts: { dataDir?: string | null; db?: DB | null } = {}): Promise<DefaultModel> {
      let error: string | null = null;
      if (opts.db) {
        const active = await activeRow(opts.db);
        error = active.error;
        if (active.row) {
          const got = await fromDb(opts.db, active.row);
          if (typeof got !== 'string') { lastError = null; return got; }
          error = got;
        }
      }
      const fallback = await fileOrSeed(opts.dataDir ?? null);
      lastError = error;
      return error ? { ...fallback, error } : fallback;
    },
    /** What this loader last answered, without loading anything (null before the first load). */
    status(): { source: string; dbModel: ActiveRow | null; error: string | null; checkedAt: Date | null } | null {
      if (!cached) return null;
      return { source: cached.source, dbModel: cached.dbModel ?? null, error: lastError, checkedAt: checked ? new Date(checked.at) : null };
    },
    /** Forget the model in memory and the last look at the database. */
    forget(): void { cached = null; checked = null; loading = null; failed.clear(); lastError = null; },
  };
}
export type ModelLoader = ReturnType<typeof createModelLoader>;

const defaultLoader = createModelLoader();

/** The model in use in this process (see createModelLoader's load). */
export function loadDefaultModel(opts: { dataDir?: string | null; db?: DB | null } = {}): Promise<DefaultModel> {
  return defaultLoader.load(opts);
}

/** What this process last used, without loading anything. */
export function defaultModelStatus() { return defaultLoader.status(); }

/** Forget the in-memory model (after a retrain replaced the current one). */
export function forgetDefaultModel(): void { defaultLoader.forget(); }

// ---- the model in the database ----

/** Held-out figures of the model in use before (current) and the new one, as the retrain printed them. */
export interface ModelEvaluation { label: string; n: number; current: { top1: number; top3: number }; new: { top1: number; top3: number } }

export interface SaveModelMeta {
  source: 'retrain' | 'import';
  /** Who made it current (a username); by default the actor's, or null for the system. */
  createdBy?: string | null;
  /** The audit trail's actor; the system (nightly retrain, CLI) by default. */
  actor?: Actor;
  evaluations?: ModelEvaluation[];
  /** Anything else worth keeping with the model (small JSON). */
  [key: string]: unknown;
}

export interface StoredModel { id: number; createdAt: Date; source: string; createdBy: string | null; sha256: string; size: number; meta: Record<string, unknown> }

/** Models whose bytes are kept (the active one among them); older inactive rows keep their meta only. */
const KEEP_BYTES = 10;
/** One save at a time, so two retrains finishing together cannot both activate. */
const SAVE_LOCK = 730_010;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Store a model (or a model's bytes, which are checked first) and make it the database's active
 * model in one transaction: the previous one is deactivated, the change audited. Other
 * processes pick it up at their next look at the active row (loadDefaultModel).
 */
export async function saveCurrentModel(db: DB, model: LinearModel | Uint8Array, meta: SaveModelMeta): Promise<StoredModel> {
  const bytes = model instanceof Uint8Array ? Buffer.from(model.buffer, model.byteOffset, model.byteLength) : serializeModel(model);
  const m = model instanceof Uint8Array ? deserializeModel(bytes) : model;
  const sha256 = sha256Hex(bytes);
  const { source, createdBy, actor = SYSTEM_ACTOR, ...rest } = meta;
  const by = createdBy !== undefined ? createdBy : actor.userId !== null ? actor.username : null;
  const stored = {
    ...rest,
    formatVersion: VERSION, seedKey: seedModelKey(),
    categories: m.categories.length, rows: m.buckets.length, training: m.meta,
  };
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SAVE_LOCK})`.execute(trx);
    const before = await trx.selectFrom('classifier_models').select(['id', 'sha256', 'source']).where('active', '=', true).executeTakeFirst();
    if (before) await trx.updateTable('classifier_models').set({ active: false }).where('id', '=', before.id).execute();
    const row = await trx.insertInto('classifier_models')
      .values({ created_by: by, source, bytes, size: bytes.length, sha256, meta: JSON.stringify(stored), active: true })
      .returning(['id', 'created_at']).executeTakeFirstOrThrow();
    await trx.updateTable('classifier_models').set({ bytes: null })
      .where('active', '=', false).where('bytes', 'is not', null)
      .where('id', 'not in', (eb) => eb.selectFrom('classifier_models').select('id').orderBy('id', 'desc').limit(KEEP_BYTES))
      .execute();
    await writeAudit(trx, actor, [{
      action: 'activate', entity: 'classifier_model', entityId: row.id,
      before: before ? { id: before.id, sha256: before.sha256, source: before.source } : undefined,
      after: { id: row.id, source, sha256, size: bytes.length, created_by: by },
      meta: { evaluations: stored.evaluations ?? null, examples: m.meta.examples, note: m.meta.note ?? null },
    }]);
    return { id: row.id, createdAt: row.created_at, source, createdBy: by, sha256, size: bytes.length, meta: stored };
  });
}

/** A stored model that is missing, pruned, corrupt or unreadable (not a failed query). */
export class StoredModelError extends Error {}

/** A stored model's bytes, checked against its checksum and read; errors say which row and why. */
export async function readStoredModel(db: DB, id: number, expectSha?: string): Promise<LinearModel> {
  const row = await db.selectFrom('classifier_models').select(['bytes', 'sha256']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new StoredModelError(`数据库中没有模型 #${id}|model #${id} is not in the database`);
  if (!row.bytes) throw new StoredModelError(`数据库中的模型 #${id} 已清理，只留记录|model #${id} in the database was pruned (no bytes)`);
  const bytes = Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
  if (sha256Hex(bytes) !== row.sha256 || (expectSha && expectSha !== row.sha256)) {
    throw new StoredModelError(`数据库中的模型 #${id} 已损坏（校验和不符）|model #${id} in the database is corrupt (checksum mismatch)`);
  }
  try { return deserializeModel(bytes); } catch (e) {
    const [zh, en] = errorText(e).split('|');
    throw new StoredModelError(`数据库中的模型 #${id} 无法读取：${zh}|model #${id} in the database cannot be read: ${en ?? zh}`);
  }
}
