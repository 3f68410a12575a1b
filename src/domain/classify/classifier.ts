// Suggest categories for a request text with a trained linear model: the top three of the
// catalogue with softmax scores 0..1, best first. Never throws on text: an empty text, or one
// with nothing to read (emoji, punctuation only), gets no suggestions and an error saying why; a
// single character gets its (unsure, flat) scores; a text over 10,000 characters is judged on
// its first 10,000 and says so.
import { normalisedFeatures, type LinearModel } from './model.ts';
import { normaliseText } from './normalize.ts';
import { defaultTokenizer, type Tokenizer } from './tokenize.ts';

export interface Suggestion { category: string; score: number }
export interface ClassifyError { code: 'EMPTY_TEXT' | 'NO_CONTENT' | 'NOT_TEXT'; message: string; message_en: string }
export interface ClassifyResult {
  suggestions: Suggestion[];
  /** Only the first MAX_TEXT_CHARS characters were read. */
  truncated?: true;
  error?: ClassifyError;
}

const ERRORS: Record<ClassifyError['code'], ClassifyError> = {
  NOT_TEXT: { code: 'NOT_TEXT', message: '诉求内容必须是文字', message_en: 'the request text must be a string' },
  EMPTY_TEXT: { code: 'EMPTY_TEXT', message: '诉求内容为空，无法推荐类别', message_en: 'the text is empty; no category can be suggested' },
  NO_CONTENT: { code: 'NO_CONTENT', message: '诉求内容没有可识别的文字（只有表情或符号），无法推荐类别', message_en: 'the text has no words (only emoji or symbols); no category can be suggested' },
};

export class Classifier {
  readonly model: LinearModel;
  readonly tokenizer: Tokenizer;
  /** bucket → row of the model, -1 when the model never saw it. */
  private readonly rowOf: Int32Array;
  /** The idf a bucket the model never saw would have had: it still counts in a text's length. */
  private readonly unseenIdf: number;
  private readonly z: Float64Array;

  constructor(model: LinearModel, tokenizer: Tokenizer = defaultTokenizer()) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.rowOf = new Int32Array(1 << model.spec.bits).fill(-1);
    let maxIdf = 1;
    model.buckets.forEach((b, r) => { this.rowOf[b] = r; if (model.idf[r] > maxIdf) maxIdf = model.idf[r]; });
    this.unseenIdf = maxIdf;
    this.z = new Float64Array(model.categories.length);
  }

  /** Softmax scores over all categories (in model.categories order), or null when the text has no features. */
  scores(normalised: string): Float64Array | null {
    const m = this.model;
    const f = normalisedFeatures(normalised, m.spec, this.tokenizer);
    if (!f.idx.length) return null;
    const C = m.categories.length;
    const z = this.z;
    for (let c = 0; c < C; c++) z[c] = 0;
    let norm = 0;
    for (let k = 0; k < f.idx.length; k++) {
      const r = this.rowOf[f.idx[k]];
      const tf = 1 + Math.log(f.count[k]);
      if (r < 0) { const v = tf * this.unseenIdf; norm += v * v; continue; }
      const v = tf * m.idf[r];
      norm += v * v;
      const base = r * C;
      for (let c = 0; c < C; c++) z[c] += v * m.weights[base + c];
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    let max = -Infinity;
    for (let c = 0; c < C; c++) { z[c] = z[c] * inv + m.bias[c]; if (z[c] > max) max = z[c]; }
    let sum = 0;
    for (let c = 0; c < C; c++) { z[c] = Math.exp(z[c] - max); sum += z[c]; }
    const out = new Float64Array(C);
    for (let c = 0; c < C; c++) out[c] = z[c] / sum;
    return out;
  }

  /** The top `k` categories with scores 0..1, best first. */
  suggest(text: unknown, k = 3): ClassifyResult {
    if (typeof text !== 'string') return { suggestions: [], error: ERRORS.NOT_TEXT };
    if (!text.trim()) return { suggestions: [], error: ERRORS.EMPTY_TEXT };
    const norm = normaliseText(text);
    const p = norm.text ? this.scores(norm.text) : null;
    if (!p) return { suggestions: [], error: ERRORS.NO_CONTENT, ...(norm.truncated ? { truncated: true as const } : {}) };
    const suggestions = topK(p, k).map((c) => ({ category: this.model.categories[c], score: Math.round(p[c] * 1e4) / 1e4 }));
    return norm.truncated ? { suggestions, truncated: true } : { suggestions };
  }
}

/** Indices of the k largest values, largest first. */
export function topK(p: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let c = 0; c < p.length; c++) {
    if (best.length < k || p[c] > p[best[best.length - 1]]) {
      let i = Math.min(best.length, k - 1);
      best[i] = c;
      while (i > 0 && p[best[i]] > p[best[i - 1]]) { const x = best[i]; best[i] = best[i - 1]; best[i - 1] = x; i--; }
    }
  }
  return best;
}
