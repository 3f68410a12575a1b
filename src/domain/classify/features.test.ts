// Text normalisation, jieba segmentation with a user dictionary, and hashed feature extraction.
import { describe, expect, it } from 'vitest';
import { buildLexicon, charBucket, DEFAULT_SPEC, extractFeatures, lexiconHits, usesHmm, wordBucket } from './features.ts';
import { MAX_TEXT_CHARS, normaliseText, toSimplified } from './normalize.ts';
import { Tokenizer, userDictionary } from './tokenize.ts';

describe('normaliseText', () => {
  it('converts traditional to simplified, full-width to ASCII, lower-cases and collapses digits', () => {
    expect(normaliseText('樓下燒烤攤的油煙太大').text).toBe('楼下烧烤摊的油烟太大');
    expect(normaliseText('ＷｉＦｉ信号差，１２号楼').text).toBe('wifi信号差 0号楼');
    expect(normaliseText('3单元 和 12号楼').text).toBe(normaliseText('5单元 和 7号楼').text);
  });
  it('turns punctuation, emoji and whitespace into single spaces, and emoji-only text into nothing', () => {
    expect(normaliseText('  路灯😀坏了！！\n\t谢谢  ').text).toBe('路灯 坏了 谢谢');
    expect(normaliseText('😀😀🙏').text).toBe('');
    expect(normaliseText('').text).toBe('');
  });
  it('leaves simplified text untouched by OpenCC, and truncates past the limit', () => {
    expect(toSimplified('海港社区的路灯坏了')).toBe('海港社区的路灯坏了');
    const long = '路'.repeat(MAX_TEXT_CHARS + 5);
    const n = normaliseText(long);
    expect(n.truncated).toBe(true);
    expect(n.text.length).toBe(MAX_TEXT_CHARS);
    expect(normaliseText('路灯').truncated).toBe(false);
  });
  it('refuses a non-string clearly', () => {
    expect(() => normaliseText(42 as unknown as string)).toThrow(/字符串|string/);
  });
});

describe('Tokenizer', () => {
  it('keeps user-dictionary place names whole that jieba alone cuts into pieces', () => {
    const plain = new Tokenizer();
    const text = normaliseText('磨石嘴村的码头和月牙湾社区的路灯都坏了').text;
    expect(plain.words(text)).not.toContain('磨石嘴村');
    const local = new Tokenizer({ extraWords: ['磨石嘴村', '月牙湾社区', 'x', '  ', 'abc'] });
    const words = local.words(text);
    expect(words).toContain('磨石嘴村');
    expect(words).toContain('月牙湾社区');
    expect(words).toContain('路灯');
    expect(local.extraWords.has('磨石嘴村')).toBe(true);
    expect(local.extraWords.has('abc')).toBe(false);   // no ideograph: not a user word
  });
  it('without the HMM leaves unknown characters single and still keeps user words whole', () => {
    const t = new Tokenizer({ extraWords: ['磨石嘴村'] });
    const text = normaliseText('磨石嘴村的码头灯坏了').text;
    expect(t.words(text)).toContain('灯坏');            // the HMM invents a word
    expect(t.words(text, false)).toEqual(['磨石嘴村', '的', '码头', '灯', '坏', '了']);
    expect(usesHmm(DEFAULT_SPEC)).toBe(false);
    const { hmm: _, ...older } = DEFAULT_SPEC;           // a model stored before the field existed
    expect(usesHmm(older)).toBe(true);
  });
  it('drops separators and handles empty text', () => {
    const t = new Tokenizer();
    expect(t.words('')).toEqual([]);
    expect(t.words('路灯 坏了')).toEqual(['路灯', '坏', '了']);
  });
  it('writes a jieba user dictionary line per usable word, once', () => {
    expect(userDictionary(['海港社区', '海港社区', '路', 'has space 村']).split('\n')).toEqual(['海港社区 100000 ns']);
  });
});

describe('extractFeatures', () => {
  const spec = { ...DEFAULT_SPEC, lexicon: false };
  it('hashes words and character 1–3-grams into sorted distinct buckets with counts', () => {
    const f = extractFeatures('路灯灯', ['路灯', '灯'], spec);
    const expected = new Map<number, number>();
    const add = (b: number) => expected.set(b, (expected.get(b) ?? 0) + 1);
    add(wordBucket('路灯', spec.bits)); add(wordBucket('灯', spec.bits));
    for (const g of ['路', '灯', '灯', '路灯', '灯灯', '路灯灯']) add(charBucket(g, spec.bits));
    expect([...f.idx]).toEqual([...expected.keys()].sort((a, b) => a - b));
    expect([...f.idx].map((b, k) => [b, f.count[k]])).toEqual([...expected.entries()].sort((a, b) => a[0] - b[0]));
    for (let k = 1; k < f.idx.length; k++) expect(f.idx[k]).toBeGreaterThan(f.idx[k - 1]);
    for (const b of f.idx) expect(b).toBeLessThan(1 << spec.bits);
  });
  it('does not make character grams across a separator or over latin letters', () => {
    const a = extractFeatures('路灯 坏了', [], spec);
    expect([...a.idx]).not.toContain(charBucket('灯坏', spec.bits));
    expect([...a.idx]).toContain(charBucket('坏了', spec.bits));
    expect(extractFeatures('wifi', [], spec).idx.length).toBe(0);
    expect(extractFeatures('', [], spec).idx.length).toBe(0);
  });
  it('adds one lexicon feature per glossary hit', () => {
    const lex = buildLexicon({ 'street-lighting': '路灯 灯杆', roads: '井盖' });
    expect(lexiconHits('路灯坏了 井盖也丢了 路灯', lex).sort()).toEqual(['roads', 'street-lighting', 'street-lighting']);
    const withLex = extractFeatures('路灯坏了', ['路灯', '坏', '了'], { ...spec, lexicon: true }, lex);
    const without = extractFeatures('路灯坏了', ['路灯', '坏', '了'], spec);
    expect(withLex.idx.length).toBe(without.idx.length + 1);
  });
  it('is the same for a traditional text and its simplified form', () => {
    const t = new Tokenizer();
    const a = normaliseText('樓道裡的燈壞了好幾天').text, b = normaliseText('楼道里的灯坏了好几天').text;
    expect(extractFeatures(a, t.words(a))).toEqual(extractFeatures(b, t.words(b)));
  });
});
