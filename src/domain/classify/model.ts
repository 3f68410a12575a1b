// The linear model behind category suggestion: multinomial logistic regression (softmax over the
// categories) on hashed word, character and glossary features, trained with AdaGrad SGD and
// feature dropout. Softmax makes the scores read as probabilities 0..1 that sum to 1 over the
// catalogue.
//
// A text's vector: each feature's count c becomes 1 + ln c, times the feature's inverse
// document frequency in the training texts, then the vector is scaled to unit length — so a
// long letter and a one-line complaint weigh the same.
//
// Training takes any iterable (or async iterable) of {text, category[, weight]}: the seed
// corpus, the deployment's history, a generated million. Each text is turned into features once
// and kept packed in memory (4 bytes a feature, ~0.4 kB a text); the number of passes shrinks
// as the data grows (the seed training set gets 12, a million texts one, with the seed set
// repeated inside it — see repeatFirst). Chosen by 5-fold validation inside the seed corpus's
// training part: learning rate 0.2, L2 1e-4, 50% feature dropout, row-wise AdaGrad. (With the
// larger seed corpus of issue 5, 45–60% dropout was a little better than 30% — 91.6% against
// 91.4% top-1, mean of three shuffles; learning rate, L2, passes and averaging the weights of the
// last passes made no difference, word pairs and 4-grams were worse, and averaging three models
// trained with different shuffles gained 0.2 points for three times the training time.)
import { buildLexicon, DEFAULT_SPEC, extractFeatures, usesHmm, type FeatureSpec, type Lexicon, type SparseCounts } from './features.ts';
import { GLOSSARY } from './glossary.ts';
import { normaliseText } from './normalize.ts';
import { defaultTokenizer, type Tokenizer } from './tokenize.ts';

export interface Example { text: string; category: string; weight?: number }

export interface LinearModel {
  format: 'lianxin-classify/1';
  spec: FeatureSpec;
  /** Category codes, in the order of the weight columns. */
  categories: string[];
  /** Kept buckets, ascending. */
  buckets: Uint32Array;
  /** Inverse document frequency of each kept bucket. */
  idf: Float32Array;
  /** buckets.length × categories.length, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  /** What it was trained on and when. */
  meta: ModelMeta;
}

export interface ModelMeta {
  examples: number;
  skipped: number;
  epochs: number;
  trainedAt: string;
  seconds: number;
  /** Free text: the sources, e.g. "seed 1892 + glossary 3601 + history 1000000". */
  note?: string;
}

export interface TrainOptions {
  spec?: FeatureSpec;
  /** Fix the category order (and include categories without examples); examples of other codes are skipped. */
  categories?: readonly string[];
  tokenizer?: Tokenizer;
  /** Passes over the data; default: ~100,000 updates' worth, between 1 and 20. */
  epochs?: number;
  /** AdaGrad base learning rate. */
  learningRate?: number;
  /** L2 penalty on the touched weights, per update. */
  l2?: number;
  /** Share of a text's features left out at random in each pass (feature dropout), 0..0.9. */
  dropout?: number;
  /** Use inverse document frequency (else plain 1 + ln c). */
  idf?: boolean;
  /** Keep only buckets seen in at least this many texts; default 1, or 2 from 100,000 texts on. */
  minDf?: number;
  /** See the first `count` texts read about `times` times in all (spread over the passes): the base set among a large history. */
  repeatFirst?: { count: number; times: number };
  /** Shuffle and dropout seed. */
  seed?: number;
  /** Called every 50,000 texts read, before the first pass (done 0) and after each pass. */
  onProgress?: (p: { phase: 'read' | 'train'; done: number; total: number | null }) => void;
  note?: string;
}

/** Training defaults (part of the seed model's cache key). */
export const TRAIN_DEFAULTS: Readonly<{ learningRate: number; l2: number; dropout: number; idf: boolean; seed: number }> = { learningRate: 0.2, l2: 1e-4, dropout: 0.5, idf: true, seed: 1 };
const DEFAULTS = TRAIN_DEFAULTS;

let lexicon: Lexicon | null = null;
/** The lexicon of the built-in glossary (built once). */
export function defaultLexicon(): Lexicon { return (lexicon ??= buildLexicon(GLOSSARY)); }

/** Segment and hash a normalised text as `spec` says (its words cut with or without jieba's HMM, glossary hits or not): the one way training, the workers and suggestion read a text. */
export function normalisedFeatures(norm: string, spec: FeatureSpec, tokenizer: Tokenizer = defaultTokenizer()): SparseCounts {
  return extractFeatures(norm, tokenizer.words(norm, usesHmm(spec)), spec, spec.lexicon ? defaultLexicon() : undefined);
}

/** Normalise, segment and hash one text. */
export function featuresOf(text: string, spec: FeatureSpec, tokenizer: Tokenizer = defaultTokenizer()): SparseCounts {
  return normalisedFeatures(normaliseText(text).text, spec, tokenizer);
}

class GrowU32 {
  a = new Uint32Array(1024);
  n = 0;
  push(v: number) { if (this.n === this.a.length) { const b = new Uint32Array(this.a.length * 2); b.set(this.a); this.a = b; } this.a[this.n++] = v; }
}

/**
 * Texts as hashed features: each feature packed in one 32-bit word (count in the top 8 bits,
 * bucket in the low 24), in chunks of 4 M words so a million texts never copy one big array.
 */
export class FeatureTable {
  private chunks: Uint32Array[] = [new Uint32Array(1 << 22)];
  private used = 0;
  /** Per text: chunk, start, length, label; weights only when some differ from 1. */
  private where = new GrowU32();
  private lengths = new GrowU32();
  private labels = new GrowU32();
  private weights: number[] | null = null;

  get size() { return this.labels.n; }

  add(f: SparseCounts, label: number, weight = 1) {
    const n = f.idx.length;
    const chunk = this.room(n);
    for (let k = 0; k < n; k++) chunk[this.used + k] = (Math.min(255, f.count[k]) << 24 | f.idx[k]) >>> 0;
    this.finish(n, label, weight);
  }

  /** Add a text whose features are already packed (count << 24 | bucket). */
  addPacked(packed: Uint32Array, label: number, weight = 1) {
    const n = packed.length;
    this.room(n).set(packed, this.used);
    this.finish(n, label, weight);
  }

  private room(n: number): Uint32Array {
    let chunk = this.chunks[this.chunks.length - 1];
    if (this.used + n > chunk.length) { chunk = new Uint32Array(Math.max(1 << 22, n)); this.chunks.push(chunk); this.used = 0; }
    return chunk;
  }

  private finish(n: number, label: number, weight: number) {
    this.where.push((this.chunks.length - 1) * (1 << 22) + this.used);   // chunk × 4 M + offset (< 2^32 up to 1,023 chunks)
    this.lengths.push(n);
    this.labels.push(label);
    if (weight !== 1 && !this.weights) this.weights = new Array(this.size - 1).fill(1);
    this.weights?.push(weight);
    this.used += n;
  }

  label(t: number) { return this.labels.a[t]; }
  weight(t: number) { return this.weights ? this.weights[t] : 1; }
  /** The packed features of text t (count << 24 | bucket). */
  row(t: number): Uint32Array {
    const w = this.where.a[t];
    const c = Math.floor(w / (1 << 22)), s = w % (1 << 22);
    return this.chunks[c].subarray(s, s + this.lengths.a[t]);
  }
  /** Rewrite every feature's bucket through `map` (a bucket → a new id below 2^24, or -1 → 0xffffff). */
  remap(map: Int32Array) {
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      const end = c === this.chunks.length - 1 ? this.used : chunk.length;
      for (let i = 0; i < end; i++) {
        const r = map[chunk[i] & 0xffffff];
        chunk[i] = ((chunk[i] & 0xff000000) | (r < 0 ? 0xffffff : r)) >>> 0;
      }
    }
  }
  /** Bytes held (for progress reports). */
  get bytes() { return this.chunks.length * (1 << 24) + this.size * 12; }
}

/** Read examples into a feature table (one pass over the iterable). */
export async function readExamples(
  examples: Iterable<Example> | AsyncIterable<Example>,
  opts: { spec: FeatureSpec; tokenizer: Tokenizer; categories: string[]; fixed: boolean; table?: FeatureTable; onProgress?: TrainOptions['onProgress'] },
): Promise<{ table: FeatureTable; skipped: number }> {
  if (opts.spec.bits > 24) throw new Error('特征空间过大|feature space too large: bits must be at most 24');
  const table = opts.table ?? new FeatureTable();
  const index = new Map(opts.categories.map((c, i) => [c, i]));
  let skipped = 0;
  for await (const ex of examples as AsyncIterable<Example>) {
    if (!ex || typeof ex.text !== 'string' || typeof ex.category !== 'string') { skipped++; continue; }
    let label = index.get(ex.category);
    if (label === undefined) {
      if (opts.fixed) { skipped++; continue; }
      label = opts.categories.length;
      opts.categories.push(ex.category);
      index.set(ex.category, label);
    }
    const norm = normaliseText(ex.text).text;
    const f = normalisedFeatures(norm, opts.spec, opts.tokenizer);
    const weight = ex.weight ?? 1;
    if (!f.idx.length || !(weight > 0)) { skipped++; continue; }
    table.add(f, label, weight);
    if (opts.onProgress && table.size % 50_000 === 0) opts.onProgress({ phase: 'read', done: table.size, total: null });
  }
  return { table, skipped };
}

function mulberry(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/** Train a model from examples (read once, streamed). */
export async function trainModel(examples: Iterable<Example> | AsyncIterable<Example>, options: TrainOptions = {}): Promise<LinearModel> {
  const t0 = performance.now();
  const spec = options.spec ?? DEFAULT_SPEC;
  const tokenizer = options.tokenizer ?? defaultTokenizer();
  const categories = options.categories ? [...options.categories] : [];
  const { table, skipped } = await readExamples(examples, { spec, tokenizer, categories, fixed: !!options.categories, onProgress: options.onProgress });
  const model = trainOnTable(table, categories, { ...options, spec });
  model.meta.skipped = skipped;
  model.meta.seconds = (performance.now() - t0) / 1000;
  return model;
}

/** Train on texts already read into a feature table. */
export function trainOnTable(table: FeatureTable, categories: string[], options: TrainOptions & { spec: FeatureSpec }): LinearModel {
  const t0 = performance.now();
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & TrainOptions & { spec: FeatureSpec };
  const spec = o.spec;
  const C = categories.length;
  const N = table.size;
  const labelled = new Set<number>();
  for (let t = 0; t < N && labelled.size < 2; t++) labelled.add(table.label(t));
  if (labelled.size < 2) throw new Error('训练数据不足：至少需要两个类别的文本|not enough training data: texts of at least two categories are needed');
  const D = 1 << spec.bits;
  const MASK = 0xffffff;

  // Document frequencies → the buckets the model keeps, numbered by falling frequency (so the
  // rows most texts touch sit together in memory), and their idf.
  const df = new Uint32Array(D);
  for (let t = 0; t < N; t++) { const row = table.row(t); for (let k = 0; k < row.length; k++) df[row[k] & MASK]++; }
  const minDf = o.minDf ?? (N >= 100_000 ? 2 : 1);
  const kept: number[] = [];
  for (let b = 0; b < D; b++) if (df[b] >= minDf) kept.push(b);
  kept.sort((a, b) => df[b] - df[a] || a - b);
  const rows = kept.length;
  const rowOf = new Int32Array(D).fill(-1);
  kept.forEach((b, r) => { rowOf[b] = r; });
  table.remap(rowOf);   // the table now holds row numbers (0xffffff: dropped)

  // One block per row: the C weights, then the row's AdaGrad sum and its idf.
  const S = C + 2;
  const M = new Float32Array(rows * S);
  for (let r = 0; r < rows; r++) M[r * S + C + 1] = o.idf ? Math.log((1 + N) / (1 + df[kept[r]])) + 1 : 1;
  const bias = new Float32Array(C);
  const Gb = new Float64Array(C);
  const epochs = o.epochs ?? Math.max(1, Math.min(20, Math.round(100_000 / N)));
  // The first `repeatFirst.count` texts (the seed and glossary, read first) are seen about
  // `repeatFirst.times` times in all, so a million history rows do not drown them.
  const perPass = o.repeatFirst ? Math.max(1, Math.round(o.repeatFirst.times / epochs)) : 1;
  const rep = o.repeatFirst && perPass > 1 ? { count: Math.min(N, o.repeatFirst.count), times: perPass } : { count: 0, times: 1 };
  const total = N + rep.count * (rep.times - 1);
  const order = new Uint32Array(total);
  for (let t = 0, q = 0; t < N; t++) for (let k = t < rep.count ? rep.times : 1; k > 0; k--) order[q++] = t;
  const rand = mulberry(o.seed);
  const z = new Float64Array(C);
  const active = new Int32Array(C);
  const grad = new Float64Array(C);
  let vals = new Float64Array(4096);
  let rowIdx = new Int32Array(4096);
  const lr = o.learningRate;
  const l2 = o.l2;
  const dropout = Math.min(0.9, Math.max(0, o.dropout));
  options.onProgress?.({ phase: 'train', done: 0, total: epochs });
  for (let e = 0; e < epochs; e++) {
    for (let t = total - 1; t > 0; t--) { const j = Math.floor(rand() * (t + 1)); const x = order[t]; order[t] = order[j]; order[j] = x; }
    for (let q = 0; q < total; q++) {
      const t = order[q];
      const row = table.row(t);
      if (row.length > vals.length) { vals = new Float64Array(row.length * 2); rowIdx = new Int32Array(row.length * 2); }
      let norm = 0, n = 0;
      for (let k = 0; k < row.length; k++) {
        const r = row[k] & MASK;
        if (r === MASK || (dropout > 0 && rand() < dropout)) continue;
        const v = (1 + Math.log(row[k] >>> 24)) * M[r * S + C + 1];
        rowIdx[n] = r * S; vals[n++] = v; norm += v * v;
      }
      if (!n) continue;
      norm = 1 / Math.sqrt(norm);
      for (let c = 0; c < C; c++) z[c] = bias[c];
      for (let k = 0; k < n; k++) {
        const v = (vals[k] *= norm);
        const base = rowIdx[k];
        for (let c = 0; c < C; c++) z[c] += v * M[base + c];
      }
      let max = -Infinity;
      for (let c = 0; c < C; c++) if (z[c] > max) max = z[c];
      let sum = 0;
      for (let c = 0; c < C; c++) { z[c] = Math.exp(z[c] - max); sum += z[c]; }
      const y = table.label(t);
      const w = table.weight(t);
      // The gradient of the loss with respect to each class score; classes whose gradient is
      // negligible (the model is already sure they are wrong) are skipped.
      let na = 0, g2 = 0;
      for (let c = 0; c < C; c++) {
        const g = w * (z[c] / sum - (c === y ? 1 : 0));
        if (g > 1e-3 || g < -1e-3) { active[na] = c; grad[na++] = g; g2 += g * g; }
      }
      for (let a = 0; a < na; a++) { const c = active[a], g = grad[a]; Gb[c] += g * g; bias[c] -= (lr * g) / Math.sqrt(Gb[c]); }
      // Row-wise AdaGrad: one squared-gradient sum per feature row (28× fewer square roots than
      // one per weight, and as accurate here), with the L2 penalty as weight decay.
      g2 /= C;
      for (let k = 0; k < n; k++) {
        const v = vals[k];
        const base = rowIdx[k];
        const G = (M[base + C] += g2 * v * v);
        const inv = lr / Math.sqrt(G);
        const step = inv * v, decay = inv * l2;
        for (let a = 0; a < na; a++) {
          const i = base + active[a];
          M[i] -= step * grad[a] + decay * M[i];
        }
      }
    }
    options.onProgress?.({ phase: 'train', done: e + 1, total: epochs });
  }
  // Back to bucket order for the stored model.
  const buckets = Uint32Array.from(kept).sort();
  const idf = new Float32Array(rows);
  const W = new Float32Array(rows * C);
  for (let i = 0; i < rows; i++) {
    const base = rowOf[buckets[i]] * S;
    idf[i] = M[base + C + 1];
    for (let c = 0; c < C; c++) W[i * C + c] = M[base + c];
  }
  return {
    format: 'lianxin-classify/1', spec, categories: [...categories], buckets, idf, weights: W, bias,
    meta: { examples: N, skipped: 0, epochs, trainedAt: new Date().toISOString(), seconds: (performance.now() - t0) / 1000, note: options.note },
  };
}
