// Evaluating category suggestion: the stable held-out split of the seed corpus and top-1 / top-3
// accuracy with the categories most often confused.
import type { Classifier } from './classifier.ts';
import { topK } from './classifier.ts';
import type { Example } from './model.ts';
import { normaliseText } from './normalize.ts';

/** FNV-1a over the UTF-8 bytes of a string (32 bits, unsigned). */
export function stableHash(text: string, salt = ''): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(salt + text, 'utf8')) h = Math.imul(h ^ b, 16777619);
  return h >>> 0;
}

/**
 * The held-out part of the seed corpus: about one text in five, chosen by a stable hash of the
 * text itself, so adding lines elsewhere never moves a text between training and evaluation.
 */
export function isHeldOut(text: string): boolean { return stableHash(text.trim()) % 5 === 0; }

/** A validation split inside the training part (for tuning without touching the held-out part). */
export function isValidation(text: string): boolean { return stableHash(text.trim(), 'validation:') % 5 === 0; }

export interface Evaluation {
  n: number;
  top1: number;
  top3: number;
  /** Per category: texts, top-1 hits. */
  perCategory: Record<string, { n: number; top1: number; top3: number }>;
  /** Most frequent (truth → predicted) top-1 mistakes. */
  confusions: { truth: string; predicted: string; n: number }[];
  /** Mean top-1 score when right and when wrong (calibration at a glance). */
  meanScore: { right: number; wrong: number };
}

export function evaluate(classifier: Classifier, examples: Iterable<Example>): Evaluation {
  const cats = classifier.model.categories;
  let n = 0, top1 = 0, top3 = 0, sRight = 0, sWrong = 0;
  const per: Evaluation['perCategory'] = {};
  const conf = new Map<string, number>();
  for (const ex of examples) {
    n++;
    const pc = (per[ex.category] ??= { n: 0, top1: 0, top3: 0 });
    pc.n++;
    const p = classifier.scores(normaliseText(ex.text).text);
    if (!p) { conf.set(`${ex.category}\t(none)`, (conf.get(`${ex.category}\t(none)`) ?? 0) + 1); continue; }
    const best = topK(p, 3).map((c) => cats[c]);
    if (best[0] === ex.category) { top1++; pc.top1++; sRight += p[cats.indexOf(best[0])]; }
    else {
      sWrong += p[cats.indexOf(best[0])];
      const key = `${ex.category}\t${best[0]}`;
      conf.set(key, (conf.get(key) ?? 0) + 1);
    }
    if (best.includes(ex.category)) { top3++; pc.top3++; }
  }
  const confusions = [...conf.entries()].map(([k, v]) => { const [truth, predicted] = k.split('\t'); return { truth, predicted, n: v }; })
    .sort((a, b) => b.n - a.n);
  return {
    n, top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, perCategory: per, confusions,
    meanScore: { right: top1 ? sRight / top1 : 0, wrong: n - top1 ? sWrong / (n - top1) : 0 },
  };
}

/** "top-1 93.1% · top-3 98.7% (n=476)" */
export function formatEvaluation(e: Pick<Evaluation, 'n' | 'top1' | 'top3'>): string {
  return `top-1 ${(e.top1 * 100).toFixed(1)}% · top-3 ${(e.top3 * 100).toFixed(1)}% (n=${e.n})`;
}
