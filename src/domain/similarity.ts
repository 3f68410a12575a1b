// How alike two request texts are (issue 5, duplicates and hot topics), pure and fast enough for
// a million texts. A text becomes a set of character-bigram shingles: the same matter told by two
// people shares the place name and the words of the matter (滨海 海路 路灯 不亮) even when the rest
// differs. Folding first makes traditional and simplified, full-width and half-width the same.
//
//   shingles(text)        sorted unique Uint32 codes: a Han bigram is (c1 << 16 | c2); a lone Han
//                         character its code; a latin word a hash in [2^24, 2^25). Digits are left
//                         out (3号 and 5号 are the same matter), and so are bigrams made only of
//                         function characters (我们 一下 这个 没有), which every request has.
//   jaccard, cosine       exact, on two shingle sets; cosine takes a weight per shingle (an idf).
//   Idf                   background document frequencies (e.g. from the seed corpus): a shingle
//                         every complaint uses weighs little, a place name or 路灯 a lot.
//   minhash, lshKeys      MinHash signatures and LSH band keys, for finding candidate pairs among
//                         many texts without comparing every pair.
import * as OpenCC from 'opencc-js';

// ---------------------------------------------------------------- folding

let converter: ((s: string) => string) | null = null;
/** Per BMP code unit: 0 = not looked up yet, else the folded code unit + 1. */
const FOLD = new Uint32Array(0x10000);

/** One UTF-16 code unit folded: full-width → ASCII, upper → lower, traditional → simplified (OpenCC t → cn, one character at a time; tw → cn would turn 么 into 幺). */
export function foldUnit(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  const hit = FOLD[c];
  if (hit) return hit - 1;
  let out = c;
  if (c >= 0xff01 && c <= 0xff5e) { out = c - 0xfee0; if (out >= 0x41 && out <= 0x5a) out += 32; }
  else if (c === 0x3000) out = 0x20;
  else if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
    let s = String.fromCharCode(c);
    if (c >= 0xf900) s = s.normalize('NFKC');
    const conv = (converter ??= OpenCC.Converter({ from: 't', to: 'cn' }));
    const t = conv(s);
    out = t.length === 1 ? t.charCodeAt(0) : s.length === 1 ? s.charCodeAt(0) : c;
  }
  FOLD[c] = out + 1;
  return out;
}

export interface Folded {
  /** The folded text with whitespace removed. */
  text: string;
  /** For each code unit of `text`, its index in the original. */
  index: Int32Array;
}

/** Fold a text for matching (see foldUnit), dropping whitespace, keeping a map back to the original. */
export function foldText(text: string): Folded {
  const index = new Int32Array(text.length);
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = foldUnit(text.charCodeAt(i));
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0) continue;
    index[units.length] = i;
    units.push(c);
  }
  let s = '';
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return { text: s, index: index.subarray(0, units.length) };
}

export const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);

// Characters that carry grammar, not matter: a bigram of two of them says nothing about what a
// request is about (我们 你们 一下 这个 没有 可以 就是 不是 什么 怎么 …).
const FUNCTION_CHARS = '的了吗呢吧啊呀哦嘛着过是在有和与及也都就还又很太更最我你他她它们这那个些一不没么上下什怎哪把被给让从向对于为以之其而且但却所如果因此要会能可得地到说看想去来里头儿点啦哈嗯喂哎唉呃嘞咋啥俺咱您吧再才只已经该让使将等各每某另此';
const FUNCTION = new Uint8Array(0x10000);
for (const ch of FUNCTION_CHARS) FUNCTION[ch.charCodeAt(0)] = 1;

// ---------------------------------------------------------------- shingles

const WORD_BASE = 1 << 24;
let scratch = new Uint32Array(1024);

/**
 * The shingle set of a text: sorted, unique. Han runs give their bigrams (a run of one character
 * gives the character); latin words give one shingle each; digits and punctuation separate runs.
 */
export function shingles(text: string, maxChars = 10_000): Uint32Array {
  return shinglesScratch(text, maxChars).slice();
}

/** The same as shingles(), as a view of a buffer the next call overwrites (no allocation, for bulk work). */
export function shinglesScratch(text: string, maxChars = 10_000): Uint32Array {
  const n = Math.min(text.length, maxChars);
  if (scratch.length < n + 8) scratch = new Uint32Array(n * 2 + 8);
  const out = scratch;
  let k = 0;
  let prev = -1;          // previous Han character of the current run
  let runLen = 0;
  let word = 0, wordLen = 0;
  for (let i = 0; i <= n; i++) {
    const u = i < n ? text.charCodeAt(i) : 0x20;
    const f = FOLD[u];
    const c = u < 0x41 ? u : f ? f - 1 : foldUnit(u);
    const han = (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
    if (han) {
      if (wordLen) { if (wordLen >= 2) out[k++] = WORD_BASE + (word & 0xffffff); word = 0; wordLen = 0; }
      if (runLen && !(FUNCTION[prev] && FUNCTION[c])) out[k++] = ((prev << 16) | c) >>> 0;
      prev = c; runLen++;
      continue;
    }
    if (runLen) { if (runLen === 1 && !FUNCTION[prev]) out[k++] = prev; runLen = 0; }
    if (c >= 0x61 && c <= 0x7a) { word = Math.imul(word ^ c, 0x01000193) >>> 0; wordLen++; }
    else if (wordLen) { if (wordLen >= 2) out[k++] = WORD_BASE + (word & 0xffffff); word = 0; wordLen = 0; }
  }
  // Insertion sort (sets are small), then drop repeats.
  if (k > 64) out.subarray(0, k).sort();
  else for (let i = 1; i < k; i++) {
    const x = out[i];
    let j = i - 1;
    while (j >= 0 && out[j] > x) { out[j + 1] = out[j]; j--; }
    out[j + 1] = x;
  }
  let u = 0;
  for (let i = 0; i < k; i++) if (i === 0 || out[i] !== out[u - 1]) out[u++] = out[i];
  return out.subarray(0, u);
}

/** A shingle back as text (for labels): a bigram's two characters, a character, or '' for a word hash. */
export function shingleText(s: number): string {
  if (s >= 0x34000000) return String.fromCharCode(s >>> 16, s & 0xffff);
  if (s < 0x10000) return String.fromCharCode(s);
  return '';
}

// ---------------------------------------------------------------- exact similarity

/** |A ∩ B| of two sorted sets. */
export function overlap(a: Uint32Array, b: Uint32Array): number {
  let i = 0, j = 0, n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i], y = b[j];
    if (x === y) { n++; i++; j++; } else if (x < y) i++; else j++;
  }
  return n;
}

export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (!a.length && !b.length) return 0;
  const n = overlap(a, b);
  return n / (a.length + b.length - n);
}

export type Weight = (shingle: number) => number;

/** Cosine of two binary shingle vectors, each shingle weighted (an idf); unweighted without one. */
export function cosine(a: Uint32Array, b: Uint32Array, weight?: Weight): number {
  if (!a.length || !b.length) return 0;
  if (!weight) return overlap(a, b) / Math.sqrt(a.length * b.length);
  let i = 0, j = 0, dot = 0, na = 0, nb = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i] : 0xffffffff, y = j < b.length ? b[j] : 0xffffffff;
    if (x === y) { const w = weight(x); dot += w * w; na += w * w; nb += w * w; i++; j++; }
    else if (x < y) { const w = weight(x); na += w * w; i++; }
    else { const w = weight(y); nb += w * w; j++; }
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Background document frequencies of shingles, from texts known to be typical requests (the seed
 * corpus): weight(s) = ln((N + 1) / (df + 1)) + 1, so a shingle absent from the background (a
 * place name) weighs most and one in every second request little.
 */
export class Idf {
  readonly df = new Map<number, number>();
  n = 0;
  constructor(texts: Iterable<string> = []) { for (const t of texts) this.add(t); }
  add(text: string): void {
    this.n++;
    for (const s of shingles(text)) this.df.set(s, (this.df.get(s) ?? 0) + 1);
  }
  readonly weight: Weight = (s) => Math.log((this.n + 1) / ((this.df.get(s) ?? 0) + 1)) + 1;
}

/** How alike two texts are, 0..1: cosine of their shingle sets, idf-weighted when an Idf is given. */
export function textSimilarity(a: string, b: string, idf?: Idf): number {
  return cosine(shingles(a), shingles(b), idf?.weight);
}

/**
 * How alike two requests are, 0..1: the weighted cosine of their wording — leaving out the
 * shingles of road and building names — plus `bonus` when both name the same road or building,
 * minus it when both name some and none in common. Two people naming the same road likely mean
 * the same matter; the same complaint about two roads is two matters. (topics.ts computes the
 * same inline.)
 */
export function requestSimilarity(a: Uint32Array, b: Uint32Array, opts: { weight?: Weight; isPlace?: (s: number) => boolean; bonus?: number } = {}): { score: number; words: number; sharedPlace: number | null } {
  const weight = opts.weight ?? (() => 1), isPlace = opts.isPlace, bonus = opts.bonus ?? 0.1;
  let i = 0, j = 0, dot = 0, na = 0, nb = 0, shared: number | null = null, placesA = false, placesB = false;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i] : 0xffffffff, y = j < b.length ? b[j] : 0xffffffff;
    if (x === y) {
      if (isPlace?.(x)) { shared ??= x; placesA = placesB = true; } else { const w = weight(x); dot += w * w; na += w * w; nb += w * w; }
      i++; j++;
    } else if (x < y) {
      if (isPlace?.(x)) placesA = true; else { const w = weight(x); na += w * w; }
      i++;
    } else {
      if (isPlace?.(y)) placesB = true; else { const w = weight(y); nb += w * w; }
      j++;
    }
  }
  const words = na && nb ? dot / Math.sqrt(na * nb) : 0;
  const adjust = shared !== null ? bonus : placesA && placesB ? -bonus : 0;
  return { score: Math.max(0, Math.min(1, words + adjust)), words, sharedPlace: shared };
}

// ---------------------------------------------------------------- MinHash and LSH

/** murmur3's 32-bit finaliser: a fast, well-mixing hash of a 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const seedsCache = new Map<number, Uint32Array>();
let lastSeeds: { k: number; seed: number; s: Uint32Array } | null = null;
function seedsOf(k: number, seed: number): Uint32Array {
  if (lastSeeds && lastSeeds.k === k && lastSeeds.seed === seed) return lastSeeds.s;
  const key = k * 4294967296 + (seed >>> 0);
  let s = seedsCache.get(key);
  if (!s) {
    s = new Uint32Array(k);
    for (let i = 0; i < k; i++) s[i] = fmix32((seed + Math.imul(i + 1, 0x9e3779b9)) >>> 0);
    seedsCache.set(key, s);
  }
  lastSeeds = { k, seed, s };
  return s;
}

/**
 * A MinHash signature of k values: for each of k hash functions, the least hash of any shingle.
 * Two sets agree in a position with probability equal to their Jaccard similarity. An empty set
 * gives all 0xffffffff.
 */
export function minhash(set: Uint32Array, k: number, seed = 1, out = new Uint32Array(k)): Uint32Array {
  const seeds = seedsOf(k, seed);
  out.fill(0xffffffff);
  for (let j = 0; j < set.length; j++) {
    const x = set[j];
    for (let i = 0; i < k; i++) {
      const h = fmix32((x ^ seeds[i]) >>> 0);
      if (h < out[i]) out[i] = h;
    }
  }
  return out;
}

/** The share of positions where two signatures agree: an estimate of the Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) n++;
  return a.length ? n / a.length : 0;
}

/**
 * LSH band keys: the signature cut into `bands` bands of `rows` values, each band hashed (with
 * its index) to one 32-bit key. Two texts sharing any key are a candidate pair; with Jaccard J
 * the chance of that is 1 − (1 − J^rows)^bands.
 */
export function lshKeys(sig: Uint32Array, bands: number, rows: number, out = new Uint32Array(bands)): Uint32Array {
  for (let b = 0; b < bands; b++) {
    let h = Math.imul(b + 1, 0x27d4eb2d) >>> 0;
    for (let r = 0; r < rows; r++) h = fmix32((h ^ sig[b * rows + r]) + 0x9e3779b9);
    out[b] = h;
  }
  return out;
}

/**
 * Candidate pairs among many shingle sets by MinHash + LSH, each pair once (i < j). Buckets
 * larger than maxBucket are cut to their first maxBucket members (a shingle pattern everyone
 * shares says little).
 */
export function candidatePairs(sets: Uint32Array[], opts: { bands?: number; rows?: number; seed?: number; maxBucket?: number } = {}): [number, number][] {
  const bands = opts.bands ?? 16, rows = opts.rows ?? 2, maxBucket = opts.maxBucket ?? 200;
  const sig = new Uint32Array(bands * rows), keys = new Uint32Array(bands);
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < sets.length; i++) {
    if (!sets[i].length) continue;
    minhash(sets[i], bands * rows, opts.seed ?? 1, sig);
    lshKeys(sig, bands, rows, keys);
    for (let b = 0; b < bands; b++) {
      const key = keys[b] * 64 + b;   // band index kept apart even if two bands hash alike
      const list = buckets.get(key);
      if (!list) buckets.set(key, [i]);
      else if (list.length < maxBucket) list.push(i);
    }
  }
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) {
      const key = list[x] * sets.length + list[y];
      if (seen.has(key)) continue;
      seen.add(key);
      out.push([list[x], list[y]]);
    }
  }
  return out;
}

// ---------------------------------------------------------------- distance

/** Metres between two points (haversine). */
export function metres(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const R = 6_371_000, rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad, dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
