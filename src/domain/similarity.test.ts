import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { candidatePairs, cosine, estimateJaccard, foldText, Idf, jaccard, lshKeys, minhash, requestSimilarity, shingles, shingleText, textSimilarity } from './similarity.ts';

const texts = (s: Uint32Array) => [...s].map(shingleText);

describe('shingles', () => {
  it('are the bigrams of each Han run, without digits, punctuation or function-word pairs', () => {
    expect(texts(shingles('滨海路3号的路灯不亮了！'))).toEqual(expect.arrayContaining(['滨海', '海路', '的路', '路灯', '灯不', '不亮']));
    expect(texts(shingles('滨海路3号的路灯不亮了！'))).not.toContain('路3');
  });
  it('leave out pairs of function characters (我们, 一下, 这个) and single function characters', () => {
    const s = texts(shingles('我们这个一下'));
    expect(s).toEqual([]);
    expect(texts(shingles('我，灯'))).toEqual(['灯']);
  });
  it('are the same for traditional and simplified, full-width and half-width text', () => {
    expect([...shingles('長山路的路燈壞了好幾盞')]).toEqual([...shingles('长山路的路灯坏了好几盏')]);
    expect([...shingles('ＷＩＦＩ不好用')]).toEqual([...shingles('wifi不好用')]);
  });
  it('keep 么 as 么 (the tw table would turn it into 幺)', () => {
    expect(texts(shingles('什么时候修'))).toContain('时候');
    expect(foldText('什么').text).toBe('什么');
  });
  it('are sorted and unique, and empty for emoji, digits or one character', () => {
    const s = shingles('路灯路灯路灯');
    expect([...s]).toEqual([...new Set(s)].sort((a, b) => a - b));
    expect(shingles('😀😀🙏').length).toBe(0);
    expect(shingles('12345').length).toBe(0);
    expect(shingles('').length).toBe(0);
  });
  it('handle a 10,000-character text', () => {
    const long = '滨海路的路灯坏了好几盏晚上黑乎乎的'.repeat(700);
    const s = shingles(long);
    expect(s.length).toBeGreaterThan(5);
  });
});

describe('foldText', () => {
  it('drops spaces and maps every folded character back to the original', () => {
    const f = foldText('濱海 路３號');
    expect(f.text).toBe('滨海路3号');
    expect([...f.index]).toEqual([0, 1, 3, 4, 5]);
  });
});

describe('similarity', () => {
  const a = '滨海路的路灯坏了好几盏，晚上黑乎乎的';
  const same = '滨海路那边晚上黑灯瞎火的，路灯都不亮';
  const other = '楼上邻居半夜装修，电钻声吵得睡不着';
  it('jaccard and cosine are 1 for the same text, 0 for texts with nothing in common', () => {
    expect(jaccard(shingles(a), shingles(a))).toBe(1);
    expect(cosine(shingles(a), shingles(a))).toBeCloseTo(1, 10);
    expect(jaccard(shingles(a), shingles(other))).toBe(0);
    expect(textSimilarity(a, other)).toBe(0);
  });
  it('the same matter told twice is more alike than two matters', () => {
    expect(textSimilarity(a, same)).toBeGreaterThan(0.2);
    expect(textSimilarity(a, same)).toBeGreaterThan(textSimilarity(a, other) + 0.2);
  });
  it('an idf weighs words every request uses less', () => {
    const idf = new Idf(['麻烦你们尽快处理一下', '麻烦尽快处理', '请尽快处理', '路灯坏了']);
    expect(idf.weight(shingles('处理')[0])).toBeLessThan(idf.weight(shingles('路灯')[0]));
    const w = cosine(shingles('路灯坏了，麻烦尽快处理'), shingles('噪音扰民，麻烦尽快处理'), idf.weight);
    expect(w).toBeLessThan(cosine(shingles('路灯坏了，麻烦尽快处理'), shingles('噪音扰民，麻烦尽快处理')));
  });
  it('is symmetric and within 0..1', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (x, y) => {
      const s = textSimilarity(x, y);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1 + 1e-9);
      expect(textSimilarity(y, x)).toBeCloseTo(s, 10);
    }));
  });
});

describe('MinHash and LSH', () => {
  it('estimates Jaccard similarity', () => {
    const x = shingles('滨海路的路灯坏了好几盏晚上黑乎乎的老人出门不方便');
    const y = shingles('滨海路的路灯坏了好几盏晚上黑乎乎的孩子放学不安全');
    const j = jaccard(x, y);
    const est = estimateJaccard(minhash(x, 256), minhash(y, 256));
    expect(Math.abs(est - j)).toBeLessThan(0.12);
  });
  it('gives the same band keys for the same set and finds near-duplicates as candidate pairs', () => {
    const base = ['小区门口下水道堵了污水冒出来', '滨海路的路灯坏了好几盏', '楼上邻居半夜装修吵得睡不着', '医保报销需要带什么材料'];
    const sets = [...base, '小区门口下水道堵了，污水都冒出来了', '滨海路的路灯坏了好几盏了'].map((t) => shingles(t));
    expect([...lshKeys(minhash(sets[0], 32), 16, 2)]).toEqual([...lshKeys(minhash(shingles('小区门口下水道堵了污水冒出来'), 32), 16, 2)]);
    const pairs = candidatePairs(sets, { bands: 16, rows: 2 }).map(([i, j]) => `${i}-${j}`);
    expect(pairs).toContain('0-4');
    expect(pairs).toContain('1-5');
    expect(pairs).not.toContain('2-3');
  });
});

describe('requestSimilarity', () => {
  const road = new Set([...shingles('滨海路'), ...shingles('和平路')]);
  const opts = { isPlace: (s: number) => road.has(s) };
  const x = shingles('滨海路的路灯坏了好几盏，晚上黑乎乎的');
  it('the same road helps, a different road counts against', () => {
    const same = requestSimilarity(x, shingles('滨海路那边晚上黑灯瞎火的，路灯都不亮'), opts);
    const other = requestSimilarity(x, shingles('和平路那边晚上黑灯瞎火的，路灯都不亮'), opts);
    expect(same.score - other.score).toBeCloseTo(0.2, 5);
    expect(shingleText(same.sharedPlace!)).toMatch(/滨海|海路/);
    expect(other.sharedPlace).toBeNull();
  });
  it('a road alone does not make two matters alike', () => {
    const r = requestSimilarity(x, shingles('滨海路上有人半夜飙车，吵得睡不着'), opts);
    expect(r.words).toBeLessThan(0.1);
    expect(r.score).toBeLessThan(0.2);
  });
});
