// The linear model: trained on the seed corpus it reaches a stated accuracy on the held-out part
// (and on the independent set, never trained on); bad input gets an answer or a clear error;
// the stored form round-trips.
import { beforeAll, describe, expect, it } from 'vitest';
import { Classifier, topK } from './classifier.ts';
import { evaluate, isHeldOut, stableHash } from './evaluate.ts';
import { trainModel, type LinearModel } from './model.ts';
import {
  baseTrainingSet, CATEGORY_CODES, deserializeModel, readIndependentCorpus, readSeedCorpus, seedSplit, serializeModel,
} from '../../features/routing/model-store.ts';

let model: LinearModel;
let classifier: Classifier;

beforeAll(async () => {
  const base = baseTrainingSet();
  model = deserializeModel(serializeModel(await trainModel(base.examples, { categories: CATEGORY_CODES, note: base.note })));
  classifier = new Classifier(model);
}, 120_000);

describe('the seed corpus split', () => {
  it('holds out about one text in five by a stable hash of the text, disjoint from training', () => {
    const seed = readSeedCorpus();
    expect(seed.length).toBeGreaterThanOrEqual(28 * 170);
    const { train, heldOut } = seedSplit(seed);
    expect(heldOut.length / seed.length).toBeGreaterThan(0.15);
    expect(heldOut.length / seed.length).toBeLessThan(0.25);
    const trainTexts = new Set(train.map((e) => e.text));
    expect(heldOut.some((e) => trainTexts.has(e.text))).toBe(false);
    expect(stableHash('路灯坏了')).toBe(stableHash('路灯坏了'));
    expect(isHeldOut(' 路灯坏了 ')).toBe(isHeldOut('路灯坏了'));
    // Every category is represented in the held-out part.
    expect(new Set(heldOut.map((e) => e.category)).size).toBe(28);
  });
});

describe('accuracy', () => {
  // Measured (bench/classify.ts, 2026-12-07): held-out seed top-1 91.8%, top-3 99.3% (n=1,126; on the
  // 488 held-out lines among the first 85 of each file, the corpus as first written: 91.2% / 99.6%);
  // independent 96.7% / 100%. The thresholds are the goals (90% / 98%) for the held-out
  // part — about 20 more wrong texts fail — and just under the measured figures for the independent set.
  it('reaches the goal, top-1 ≥ 90% and top-3 ≥ 98%, on the held-out seed part', () => {
    const e = evaluate(classifier, seedSplit().heldOut);
    expect(e.n).toBeGreaterThan(1100);
    expect(e.top1).toBeGreaterThanOrEqual(0.90);
    expect(e.top3).toBeGreaterThanOrEqual(0.98);
  });
  it('reaches top-1 ≥ 95% and top-3 ≥ 99% on the independent set (never trained on)', () => {
    const e = evaluate(classifier, readIndependentCorpus());
    expect(e.n).toBe(336);
    expect(e.top1).toBeGreaterThanOrEqual(0.95);
    expect(e.top3).toBeGreaterThanOrEqual(0.99);
  });
  it('is as accurate on the held-out part written in traditional characters', async () => {
    const OpenCC = await import('opencc-js');
    const trad = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const held = seedSplit().heldOut;
    const simp = evaluate(classifier, held);
    const tr = evaluate(classifier, held.map((e) => ({ ...e, text: trad(e.text) })));
    expect(tr.top1).toBeGreaterThanOrEqual(simp.top1 - 0.01);
  });
});

describe('suggest', () => {
  it('gives the top three with scores 0..1, best first, summing to at most 1', () => {
    const r = classifier.suggest('小区门口的路灯坏了一个多月了，晚上黑乎乎的');
    expect(r.error).toBeUndefined();
    expect(r.suggestions).toHaveLength(3);
    expect(r.suggestions[0].category).toBe('street-lighting');
    for (const s of r.suggestions) { expect(s.score).toBeGreaterThanOrEqual(0); expect(s.score).toBeLessThanOrEqual(1); }
    expect(r.suggestions[0].score).toBeGreaterThanOrEqual(r.suggestions[1].score);
    expect(r.suggestions[1].score).toBeGreaterThanOrEqual(r.suggestions[2].score);
    expect(r.suggestions.reduce((a, s) => a + s.score, 0)).toBeLessThanOrEqual(1.0001);
    expect(new Set(r.suggestions.map((s) => s.category)).size).toBe(3);
  });
  it('answers empty, emoji-only and non-text input with a clear error and no suggestions', () => {
    for (const [text, code] of [['', 'EMPTY_TEXT'], ['   \t ', 'EMPTY_TEXT'], ['😀😀🙏', 'NO_CONTENT'], ['！！？？……', 'NO_CONTENT'], [null, 'NOT_TEXT'], [42, 'NOT_TEXT']] as const) {
      const r = classifier.suggest(text);
      expect(r.suggestions).toEqual([]);
      expect(r.error?.code).toBe(code);
      expect(r.error?.message).toMatch(/[\u4e00-\u9fff]/);
      expect(r.error?.message_en).toBeTruthy();
    }
  });
  it('answers a single character with three unsure suggestions', () => {
    const r = classifier.suggest('啊');
    expect(r.suggestions).toHaveLength(3);
    expect(r.suggestions[0].score).toBeLessThan(0.6);
  });
  it('reads the first 10,000 characters of a longer text and says so (its time: bench/classify.ts)', () => {
    const long = ('楼上邻居天天半夜装修砸墙，吵得全家睡不着觉。' as string).repeat(600);
    const r = classifier.suggest(long);
    expect(r.truncated).toBe(true);
    expect(r.suggestions[0].category).toBe('noise');
    expect(classifier.suggest('路灯坏了').truncated).toBeUndefined();
  });
  it('handles mixed Chinese and English', () => {
    const r = classifier.suggest('我家water pipe爆了，厨房全是水，no water since yesterday');
    expect(r.suggestions.map((s) => s.category)).toContain('water-drainage');
    const en = classifier.suggest('street lights out on our road');
    expect(en.suggestions).toHaveLength(3);
    expect(en.suggestions.map((s) => s.category)).toContain('street-lighting');
  });
  it('keeps answering with a tokenizer that knows extra place names', async () => {
    const { Tokenizer } = await import('./tokenize.ts');
    const local = new Classifier(model, new Tokenizer({ extraWords: ['磨石嘴村', '月牙湾社区'] }));
    expect(local.suggest('磨石嘴村的自来水停了三天了').suggestions[0].category).toBe('water-drainage');
  });
});

describe('training and storage', () => {
  it('streams an async iterable, skips unknown categories and bad rows, and refuses one-category data', async () => {
    async function* rows() {
      yield { text: '路灯不亮了', category: 'street-lighting' };
      yield { text: '垃圾没人清', category: 'sanitation' };
      yield { text: '不知道', category: 'no-such-category' };
      yield { text: 42 as unknown as string, category: 'roads' };
      yield { text: '😀', category: 'roads' };
    }
    const m = await trainModel(rows(), { categories: CATEGORY_CODES, epochs: 5 });
    expect(m.meta.examples).toBe(2);
    expect(m.meta.skipped).toBe(3);
    expect(new Classifier(m).suggest('路灯不亮').suggestions[0].category).toBe('street-lighting');
    await expect(trainModel([{ text: '路灯不亮了', category: 'street-lighting' }], { categories: CATEGORY_CODES })).rejects.toThrow(/至少需要两个类别|at least two/);
  });
  it('round-trips through bytes (int8 weights) with the same suggestions, in a few MB', () => {
    const bytes = serializeModel(model);
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    const again = new Classifier(deserializeModel(bytes));
    for (const e of seedSplit().heldOut.slice(0, 50)) {
      expect(again.suggest(e.text).suggestions.map((s) => s.category)).toEqual(classifier.suggest(e.text).suggestions.map((s) => s.category));
    }
    expect(() => deserializeModel(Buffer.from('not a model'))).toThrow(/模型|model/);
  });
  it('topK returns the indices of the largest values, largest first', () => {
    expect(topK([0.1, 0.5, 0.2, 0.9, 0.3], 3)).toEqual([3, 1, 4]);
    expect(topK([1, 2], 3)).toEqual([1, 0]);
  });
});
