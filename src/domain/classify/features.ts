// Feature extraction for category suggestion: from a normalised text and its jieba words, the
// hashed ids of
//   - words (w:) and adjacent word pairs (b:), from jieba;
//   - character n-grams of each run of ideographs (c1:…c3:), which catch what segmentation
//     misses (漏水 in 楼上漏水漏到我家, a place name cut into pieces, a typo);
//   - latin words and digits are words too (wifi, 0 for any number).
// Each feature is hashed (FNV-1a, then a murmur finaliser) into 2^bits buckets, so training can
// stream any number of texts without a vocabulary pass; the model keeps only the buckets it
// saw. Result: the distinct buckets, sorted, with how often each occurred.
import { isHan } from './normalize.ts';

export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Shortest and longest character n-gram over runs of ideographs (0 = no character grams). */
  charMin: number;
  charMax: number;
  /** Word unigrams from jieba. */
  words: boolean;
  /** Adjacent word pairs. */
  wordPairs: boolean;
  /** Glossary features: one per category whose glossary terms occur in the text. */
  lexicon?: boolean;
  /** Segment with jieba's HMM for unknown words (absent: yes — models stored before this field). */
  hmm?: boolean;
}

/** Glossary terms → the categories they belong to (for the lexicon features), as a character trie. */
export interface Lexicon { terms: Map<string, string[]>; root: TrieNode }
interface TrieNode { next: Map<number, TrieNode>; hashes: number[] | null }

export function buildLexicon(glossary: Readonly<Record<string, string>>): Lexicon {
  const terms = new Map<string, string[]>();
  const root: TrieNode = { next: new Map(), hashes: null };
  for (const [cat, list] of Object.entries(glossary)) {
    const h = fmix(hashInto(SEED_LEXICON, cat));
    for (const t of list.split(/\s+/)) {
      const term = t.trim().toLowerCase();
      if (term.length < 2) continue;
      const cats = terms.get(term) ?? [];
      if (cats.includes(cat)) continue;
      cats.push(cat);
      terms.set(term, cats);
      let node = root;
      for (let i = 0; i < term.length; i++) {
        const c = term.charCodeAt(i);
        let nx = node.next.get(c);
        if (!nx) { nx = { next: new Map(), hashes: null }; node.next.set(c, nx); }
        node = nx;
      }
      (node.hashes ??= []).push(h);
    }
  }
  return { terms, root };
}

/** Every glossary term occurring in a text: calls `hit` with its start, end and trie node. */
function eachTerm(text: string, lexicon: Lexicon, hit: (i: number, j: number, hashes: number[]) => void): void {
  for (let i = 0; i < text.length; i++) {
    let node = lexicon.root;
    for (let j = i; j < text.length; j++) {
      const nx = node.next.get(text.charCodeAt(j));
      if (!nx) break;
      node = nx;
      if (node.hashes) hit(i, j, node.hashes);
    }
  }
}

/** The categories whose glossary terms occur in a normalised text, once per occurrence. */
export function lexiconHits(text: string, lexicon: Lexicon): string[] {
  const out: string[] = [];
  eachTerm(text, lexicon, (i, j) => { out.push(...lexicon.terms.get(text.slice(i, j + 1))!); });
  return out;
}

/**
 * The features models are trained with, chosen by 5-fold validation inside the seed corpus's
 * training part: character 1–3-grams, jieba words and glossary hits (word pairs added nothing),
 * words cut without jieba's HMM (+0.35 points top-1 on two different fold splits: the HMM glues
 * unknown characters into one-off "words" the character grams already cover).
 */
export const DEFAULT_SPEC: FeatureSpec = { bits: 20, charMin: 1, charMax: 3, words: true, wordPairs: false, lexicon: true, hmm: false };

/** Whether a spec segments with jieba's HMM (models stored before the field existed did). */
export const usesHmm = (spec: FeatureSpec): boolean => spec.hmm !== false;

export interface SparseCounts {
  /** Distinct bucket ids, ascending. */
  idx: Uint32Array;
  /** How often each bucket occurred. */
  count: Uint16Array;
}

const FNV_PRIME = 16777619;
const SEED_WORD = 0x811c9dc5;
const SEED_PAIR = 0x2f9be6a1;
const SEED_LEXICON = 0x4cf5ad43;
const SEED_CHAR = [0, 0x6b43a9b5, 0x1b873593, 0x3c6ef372, 0x5bd1e995, 0x7feb352d, 0x27d4eb2f];

function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashInto(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The bucket of a named feature (used by tests and to explain a suggestion). */
export function wordBucket(word: string, bits: number): number { return fmix(hashInto(SEED_WORD, word)) & ((1 << bits) - 1); }
export function pairBucket(a: string, b: string, bits: number): number {
  return fmix(hashInto(Math.imul(hashInto(SEED_PAIR, a) ^ 1, FNV_PRIME), b)) & ((1 << bits) - 1);
}
export function charBucket(gram: string, bits: number): number {
  return fmix(hashInto(SEED_CHAR[gram.length], gram)) & ((1 << bits) - 1);
}

let scratch = new Uint32Array(1024);

/**
 * The hashed features of one text. `text` is the output of normaliseText, `words` the
 * tokenizer's words of that text.
 */
export function extractFeatures(text: string, words: readonly string[], spec: FeatureSpec = DEFAULT_SPEC, lexicon?: Lexicon): SparseCounts {
  const mask = (1 << spec.bits) - 1;
  const upper = (spec.charMax - spec.charMin + 1) * text.length + 2 * words.length + 2;
  if (scratch.length < upper) scratch = new Uint32Array(upper * 2);
  const buf = scratch;
  let n = 0;
  if (spec.words) for (const w of words) buf[n++] = fmix(hashInto(SEED_WORD, w)) & mask;
  if (spec.wordPairs) {
    for (let k = 1; k < words.length; k++) {
      buf[n++] = fmix(hashInto(Math.imul(hashInto(SEED_PAIR, words[k - 1]) ^ 1, FNV_PRIME), words[k])) & mask;
    }
  }
  if (spec.charMax > 0) {
    let start = 0;
    while (start < text.length) {
      while (start < text.length && !isHan(text.charCodeAt(start))) start++;
      let end = start;
      while (end < text.length && isHan(text.charCodeAt(end))) end++;
      for (let i = start; i < end; i++) {
        for (let len = spec.charMin; len <= spec.charMax && i + len <= end; len++) {
          let h = SEED_CHAR[len];
          for (let k = i; k < i + len; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
          buf[n++] = fmix(h) & mask;
        }
      }
      start = end;
    }
  }
  if (spec.lexicon && lexicon) {
    eachTerm(text, lexicon, (_i, _j, hashes) => {
      if (n + hashes.length > scratch.length) { const bigger = new Uint32Array(scratch.length * 2); bigger.set(scratch.subarray(0, n)); scratch = bigger; }
      for (const h of hashes) scratch[n++] = h & mask;
    });
  }
  const view = scratch.subarray(0, n);
  view.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || view[i] !== view[i - 1]) distinct++;
  const idx = new Uint32Array(distinct);
  const count = new Uint16Array(distinct);
  let j = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || view[i] !== view[i - 1]) { idx[++j] = view[i]; count[j] = 1; }
    else if (count[j] < 65535) count[j]++;
  }
  return { idx, count };
}
