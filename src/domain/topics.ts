// Hot topics (小专题), pure: among a period's requests (by default a month), groups of similar
// requests concentrated in a small area or a short time — many people reporting the same matter
// in the same place. Built to run over a million requests in seconds on one core
// (bench/hot-topics.ts):
//
//  0. Requests are laid out and taken area by area (community or village), in time order.
//  1. Every text becomes its bigram shingle set (similarity.ts), pooled in one typed array; each
//     distinct shingle is numbered once, so its frequency in the period, its weight and whether it
//     names a road or building are looked up once.
//  2. Within an area: each request's heaviest shingles (leaving out those a large share of the
//     period uses) get a MinHash signature cut into LSH bands; a band bucket remembers the area's
//     requests that fell into it. A request is compared — wording by weighted cosine, plus a bonus
//     for naming the same road, a malus for naming different ones — with a few distinct clusters
//     its buckets hold, and joins the one whose member is most alike (the cluster's leader must
//     agree too, so a cluster does not drift from its matter), at or above the threshold (lower
//     within a category than across), else starts its own. No all-pairs comparison anywhere —
//     except in an area with few requests (exactBelow, 400), where a request is compared with
//     every earlier one and LSH's misses cannot cost a small cluster its members.
//     Then each cluster gets a centroid, and the area's requests left alone get a second chance
//     against the centroids (their buckets now also hold the requests that came after them).
//  3. Clusters merge when their centroids agree: within an area (a matter that split), and across
//     the areas of a street when they also lie within radiusMetres or happened within burstDays.
//  4. A cluster with at least minSize people (distinct households; each request without one
//     counts alone) is a proposal: its members, a label (its most characteristic phrases), the
//     member most like the rest, the areas, first and last day, a daily trend, and a score that
//     grows with the people and with how much of it fell in its busiest week.
import { fmix32, lshKeys, metres, minhash, shingles, shinglesScratch, type Weight } from './similarity.ts';

export interface TopicItem {
  id: number;
  text: string;
  categoryId?: number | null;
  /** The region path of its grid. */
  regionPath: string;
  /** The area a topic is concentrated in (its community or village path); defaults to regionPath. */
  areaKey?: string;
  /** Its street's path: neighbouring areas' clusters merge only within a street. */
  streetKey?: string;
  lat?: number | null; lng?: number | null;
  /** When it was received (ms since the epoch, a Date or an ISO string). */
  at: number | Date | string;
  householdId?: number | null;
}

export interface TopicOptions {
  /** People (distinct households) a proposal needs; default 5. */
  minSize?: number;
  /** Similarity to join a cluster of the same category; default 0.2. */
  threshold?: number;
  /** … of another category; default 0.45. */
  crossCategoryThreshold?: number;
  /** Clusters of two areas this close (their centres) merge; default 500 m. */
  radiusMetres?: number;
  /** … or of the same street within this many days of each other; default 3. */
  burstDays?: number;
  /** LSH: bands × rows values per signature; default 8 × 1 (a candidate shares one of eight min-hashes). */
  bands?: number; rows?: number;
  /** The heaviest shingles of a text that go into its signature; default 12. */
  signatureShingles?: number;
  /** Distinct clusters looked at per band bucket; default 1. */
  depth?: number;
  /** Distinct clusters a request is compared with at most; default 4. */
  candidates?: number;
  /**
   * An area with at most this many requests in the period is clustered exactly — each request
   * compared with every earlier one of its area (and with the leader of each cluster that
   * passes), no LSH — default 400: at most 79,800 pairs an area. A district's real month is far
   * below it; LSH is for the million.
   */
  exactBelow?: number;
  /** Weight of a shingle (an idf); default 1. */
  weight?: Weight;
  /**
   * Shingles of road and building names (Gazetteer.placeShingles): they do not count in the wording;
   * two texts naming the same one get placeBonus (default 0.1) more, two naming different ones that much less.
   */
  places?: (shingle: number) => boolean;
  placeBonus?: number;
  /** Shingles in more than this share of the period's requests (and at least 50 of them) stay out of signatures; default 0.05. */
  commonShare?: number;
  /** Proposals returned, best first; default 50. */
  limit?: number;
  /**
   * Words of a text (jieba with the district's road names, say): a proposal's label is then made
   * of whole words (滨海路 · 路灯 · 不亮). Without it, character runs of two to four are used.
   */
  segment?: (text: string) => string[];
  /** How many of them (the best) get a label and a trend; default all returned. */
  detail?: number;
  /** The trend's first and last day (YYYY-MM-DD); default the period's first and last request. */
  from?: string; to?: string;
  /** Minutes east of UTC for days (China: 480). */
  tzOffsetMinutes?: number;
}

export interface TopicProposal {
  /** Stable for the same members: sha-like hash of the sorted ids. */
  key: string;
  memberIds: number[];
  size: number;
  households: number;
  label: string;
  terms: string[];
  /** The member most like the others (its text, cut to a sentence or two): what the topic is about, in someone's words. */
  sample: string;
  sampleId: number;
  categories: { id: number; count: number }[];
  mainCategoryId: number | null;
  areas: { key: string; count: number }[];
  mainArea: string;
  streets: { key: string; count: number }[];
  centroid: { lat: number; lng: number } | null;
  /** Distance from the centre within which 90% of the located members lie. */
  radiusMetres: number | null;
  first: string; last: string;
  firstAt: string; lastAt: string;
  trend: { date: string; count: number }[];
  /** Members in the busiest 7 days. */
  peak7: number;
  score: number;
}

export interface TopicResult {
  proposals: TopicProposal[];
  /** Clusters that qualify (before the limit). */
  total: number;
  stats: { items: number; clustered: number; shingles: number; comparisons: number; clusters: number; merged: number; ms: Record<string, number> };
}

const DAY = 86_400_000;
const toMs = (x: number | Date | string) => (typeof x === 'number' ? x : new Date(x).getTime());

/** A shingle's weight, remembered: an open-addressing table (exact keys) in front of the caller's function. */
function cachedWeight(weight: Weight, capacity: number): Weight {
  let size = 1 << 16;
  while (size < capacity * 2) size *= 2;
  const keys = new Uint32Array(size), vals = new Float64Array(size), full = new Uint8Array(size);
  const mask = size - 1;
  let count = 0;
  return (s: number) => {
    let i = fmix32(s) & mask;
    while (full[i]) { if (keys[i] === s) return vals[i]; i = (i + 1) & mask; }
    const w = weight(s);
    if (count * 2 < size) { full[i] = 1; keys[i] = s; vals[i] = w; count++; }
    return w;
  };
}

/** Distinct shingles numbered in order of first sight, with their document frequencies (open addressing). */
class Dictionary {
  keys: Uint32Array; df: Uint32Array; size = 0;
  private table: Int32Array; private mask: number;
  constructor(capacity: number) {
    let t = 1 << 16;
    while (t < capacity * 2) t *= 2;
    this.table = new Int32Array(t).fill(-1); this.mask = t - 1;
    this.keys = new Uint32Array(Math.max(1024, capacity)); this.df = new Uint32Array(this.keys.length);
  }
  /** The shingle's number, its count raised by one. */
  count(key: number): number {
    let slot = fmix32(key) & this.mask;
    for (;;) {
      const d = this.table[slot];
      if (d === -1) break;
      if (this.keys[d] === key) { this.df[d]++; return d; }
      slot = (slot + 1) & this.mask;
    }
    if (this.size * 2 >= this.table.length) { this.grow(); return this.count(key); }
    const d = this.size++;
    if (d >= this.keys.length) {
      const k = new Uint32Array(this.keys.length * 2); k.set(this.keys); this.keys = k;
      const f = new Uint32Array(this.keys.length); f.set(this.df); this.df = f;
    }
    this.keys[d] = key; this.df[d] = 1; this.table[slot] = d;
    return d;
  }
  private grow() {
    const t = new Int32Array(this.table.length * 2).fill(-1), mask = t.length - 1;
    for (let d = 0; d < this.size; d++) { let slot = fmix32(this.keys[d]) & mask; while (t[slot] !== -1) slot = (slot + 1) & mask; t[slot] = d; }
    this.table = t; this.mask = mask;
  }
}

/** Union-find over cluster ids. */
class Sets {
  parent: Int32Array;
  constructor(n: number) { this.parent = new Int32Array(n); for (let i = 0; i < n; i++) this.parent[i] = i; }
  find(x: number): number { const p = this.parent; while (p[x] !== x) { p[x] = p[p[x]]; x = p[x]; } return x; }
  union(a: number, b: number): number { a = this.find(a); b = this.find(b); if (a === b) return a; if (b < a) [a, b] = [b, a]; this.parent[b] = a; return a; }
}

/** A small open-addressing table: 32-bit band key → the last item that fell into it. */
class Buckets {
  keys: Uint32Array; heads: Int32Array; used: Int32Array; nUsed = 0; mask: number;
  constructor(capacity: number) {
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.keys = new Uint32Array(size); this.heads = new Int32Array(size).fill(-1); this.used = new Int32Array(size); this.mask = size - 1;
  }
  ensure(capacity: number) { if (capacity * 2 > this.keys.length) { const b = new Buckets(capacity); Object.assign(this, b); } }
  slot(key: number): number {
    let s = fmix32(key) & this.mask;
    while (this.heads[s] !== -1 && this.keys[s] !== key) s = (s + 1) & this.mask;
    return s;
  }
  clear() { for (let i = 0; i < this.nUsed; i++) this.heads[this.used[i]] = -1; this.nUsed = 0; }
  push(slot: number, key: number, item: number): number {
    const prev = this.heads[slot];
    if (prev === -1) { this.keys[slot] = key; this.used[this.nUsed++] = slot; }
    this.heads[slot] = item;
    return prev;
  }
}

/** Indexes ordered by area, then time: a counting sort by area, then each area's times sorted as packed numbers. */
function areaTimeOrder(areaIds: Int32Array, areas: number, times: Float64Array): Int32Array {
  const n = areaIds.length;
  const startOf = new Int32Array(areas + 1);
  for (let i = 0; i < n; i++) startOf[areaIds[i] + 1]++;
  for (let a = 0; a < areas; a++) startOf[a + 1] += startOf[a];
  const fill = startOf.slice(0, areas);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[areaIds[i]]++] = i;
  let t0 = Infinity;
  for (let i = 0; i < n; i++) if (times[i] < t0) t0 = times[i];
  for (let a = 0; a < areas; a++) {
    const lo = startOf[a], hi = startOf[a + 1], len = hi - lo;
    const part = order.subarray(lo, hi);
    const secs = (i: number) => Math.floor((times[i] - t0) / 1000);
    if (len < 1 << 20 && part.every((i) => secs(i) < 2 ** 32)) {
      const packed = new Float64Array(len);
      for (let x = 0; x < len; x++) packed[x] = secs(part[x]) * 1048576 + x;
      packed.sort();
      const copy = part.slice();
      for (let x = 0; x < len; x++) part[x] = copy[packed[x] % 1048576];
    } else part.sort((p, q) => times[p] - times[q] || p - q);
  }
  return order;
}

function dayOf(ms: number, tz: number) { return Math.floor((ms + tz) / DAY); }
function dateOf(day: number) { return new Date(day * DAY).toISOString().slice(0, 10); }
function dayOfDate(date: string) { return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY); }

export function detectTopics(input: TopicItem[], opts: TopicOptions = {}): TopicResult {
  let items = input;
  const minSize = opts.minSize ?? 5, theta = opts.threshold ?? 0.2, thetaX = opts.crossCategoryThreshold ?? 0.45;
  const radius = opts.radiusMetres ?? 500, burst = (opts.burstDays ?? 3) * DAY;
  const bands = opts.bands ?? 8, rows = opts.rows ?? 1, k = bands * rows, m = opts.signatureShingles ?? 12, depth = opts.depth ?? 1;
  const given = opts.weight;
  const isPlace = opts.places;
  const tz = (opts.tzOffsetMinutes ?? 480) * 60_000;
  const n = items.length;
  const ms: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => { const now = performance.now(); ms[name] = Math.round(now - t); t = now; };

  // 0. Area by area, in time order: the requests are taken (and their data laid out) in that
  //    order, so a request and the ones it is compared with sit close together in memory.
  const times = new Float64Array(n);
  const areaIds = new Int32Array(n), streetIds = new Int32Array(n);
  const areaNames: string[] = [], streetNames: string[] = [];
  const areaIndex = new Map<string, number>(), streetIndex = new Map<string, number>();
  const cat = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const it = items[i];
    times[i] = toMs(it.at);
    const a = it.areaKey ?? it.regionPath;
    let ai = areaIndex.get(a);
    if (ai === undefined) { ai = areaNames.length; areaIndex.set(a, ai); areaNames.push(a); }
    areaIds[i] = ai;
    const s = it.streetKey ?? a;
    let si = streetIndex.get(s);
    if (si === undefined) { si = streetNames.length; streetIndex.set(s, si); streetNames.push(s); }
    streetIds[i] = si;
    cat[i] = it.categoryId ?? -1;
  }
  {
    const perm = areaTimeOrder(areaIds, areaNames.length, times);
    const reordered: TopicItem[] = new Array(n);
    const t2 = new Float64Array(n), a2 = new Int32Array(n), s2 = new Int32Array(n), c2 = new Int32Array(n);
    for (let r = 0; r < n; r++) { const i = perm[r]; reordered[r] = items[i]; t2[r] = times[i]; a2[r] = areaIds[i]; s2[r] = streetIds[i]; c2[r] = cat[i]; }
    items = reordered;
    times.set(t2); areaIds.set(a2); streetIds.set(s2); cat.set(c2);
  }
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  lap('order');

  // 1. Shingles, pooled; every distinct shingle gets a number (one hash table), so its document
  //    frequency over the period, its weight and whether it names a place are looked up once.
  const start = new Int32Array(n + 1);
  let pool = new Uint32Array(Math.max(1024, n * 32));
  // Each pooled shingle's number first (exact in a float up to 2^24), its weight later.
  let wpool = new Float32Array(pool.length);
  let used = 0;
  const dict = new Dictionary(Math.min(Math.max(1 << 16, n * 2), 1 << 20));
  for (let i = 0; i < n; i++) {
    const s = shinglesScratch(items[i].text, 2000);
    if (used + s.length > pool.length) {
      const size = Math.max(pool.length * 2, used + s.length);
      const p = new Uint32Array(size); p.set(pool.subarray(0, used)); pool = p;
      const q = new Float32Array(size); q.set(wpool.subarray(0, used)); wpool = q;
    }
    pool.set(s, used);
    start[i] = used;
    for (let j = 0; j < s.length; j++) wpool[used + j] = dict.count(s[j]);
    used += s.length;
  }
  start[n] = used;
  const set = (i: number) => pool.subarray(start[i], start[i + 1]);
  lap('shingles');
  const distinct = dict.size;
  const common = Math.max(50, (opts.commonShare ?? 0.05) * n);
  const weight: Weight = given ? cachedWeight(given, distinct) : () => 1;
  const wById = new Float32Array(distinct), placeById = new Uint8Array(distinct);
  for (let d = 0; d < distinct; d++) {
    const key = dict.keys[d];
    const w = weight(key);
    wById[d] = dict.df[d] > common ? -w : w;
    if (isPlace && isPlace(key)) placeById[d] = 1;
  }

  // Each pooled shingle's weight, once (negative: shared by so many of the period's requests that
  // it stays out of signatures; only its square is used in similarities), whether it is part of a
  // road's or building's name, and each text's norm over the other shingles (its wording).
  const bonus = opts.placeBonus ?? 0.1;
  const placeFlag = new Uint8Array(isPlace ? used : 0);
  const hasPlace = new Uint8Array(n);
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let j = start[i]; j < start[i + 1]; j++) {
      const d = wpool[j], w = wById[d];
      wpool[j] = w;
      if (placeById[d]) { placeFlag[j] = 1; hasPlace[i] = 1; continue; }
      x += w * w;
    }
    norm[i] = Math.sqrt(x);
  }
  /** Weighted cosine of the wording, plus placeBonus when both name the same road or building, minus it when both name different ones. */
  const sim = (a: number, b: number) => {
    let i = start[a], j = start[b], dot = 0, shared = 0;
    const ie = start[a + 1], je = start[b + 1];
    while (i < ie && j < je) {
      const x = pool[i], y = pool[j];
      if (x === y) {
        if (isPlace && placeFlag[i]) shared = 1;
        else { const w = wpool[i]; dot += w * w; }
        i++; j++;
      } else if (x < y) i++; else j++;
    }
    const words = norm[a] && norm[b] ? dot / (norm[a] * norm[b]) : 0;
    const place = shared ? bonus : hasPlace[a] && hasPlace[b] ? -bonus : 0;
    return Math.max(0, Math.min(1, words + place));
  };
  lap('weights');



  const cluster = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n * bands).fill(-1);
  const bandKeys = new Uint32Array(n * bands);
  const sig = new Uint32Array(k), keys = new Uint32Array(bands);
  const top = new Uint32Array(m), topW = new Float64Array(m);
  const leaders: number[] = [];
  const sizes: number[] = [];
  /** Members of a cluster as a linked list: its last member, and each member's previous one. */
  const lastMember: number[] = [];
  const prevMember = new Int32Array(n).fill(-1);
  /**
   * A cluster's centroid once its area is done: its (first CENTROID_MEMBERS) members' wording
   * summed, the CENTROID_KEEP heaviest shingles kept as sorted keys and values; and the roads or
   * buildings at least half its members name.
   */
  const cKeys: (Uint32Array | null)[] = [], cVals: (Float32Array | null)[] = [], cnorm: number[] = [], cPlaces: number[][] = [];
  const CENTROID_KEEP = 96, CENTROID_MEMBERS = 32;
  let comparisons = 0, clustered = 0;
  const buckets = new Buckets(1024);
  const seenC = new Int32Array(bands * depth), slots = new Int32Array(bands);
  const maxLook = opts.candidates ?? 4;
  const exactBelow = opts.exactBelow ?? 400;
  const bridges: number[] = [];

  let gather = new Uint32Array(4096), scratchKeys = new Uint32Array(4096), scratchVals = new Float32Array(4096), scratchCut = new Float32Array(4096);
  const centroid = (c: number) => {
    // The members' shingles together, sorted: a run of one shingle is its count (its weight is the same in every member).
    let g = 0, count = 0;
    for (let x = lastMember[c]; x !== -1 && count < CENTROID_MEMBERS; x = prevMember[x], count++) {
      const len = start[x + 1] - start[x];
      if (g + len > gather.length) { const bigger = new Uint32Array((g + len) * 2); bigger.set(gather.subarray(0, g)); gather = bigger; }
      gather.set(pool.subarray(start[x], start[x + 1]), g);
      g += len;
    }
    const all = gather.subarray(0, g).sort();
    if (scratchKeys.length < g) { scratchKeys = new Uint32Array(g * 2); scratchVals = new Float32Array(g * 2); scratchCut = new Float32Array(g * 2); }
    const ks = scratchKeys, vals = scratchVals;
    const dominant: number[] = [];
    let u = 0;
    for (let x = 0; x < g;) {
      let y = x + 1;
      while (y < g && all[y] === all[x]) y++;
      const key = all[x];
      if (isPlace && isPlace(key)) { if ((y - x) * 2 >= count) dominant.push(key); }
      else { ks[u] = key; vals[u] = (y - x) * weight(key); u++; }
      x = y;
    }
    if (u > CENTROID_KEEP) {
      scratchCut.set(vals.subarray(0, u));
      const cut = scratchCut.subarray(0, u).sort()[u - CENTROID_KEEP];
      let y = 0;
      for (let z = 0; z < u && y < CENTROID_KEEP; z++) if (vals[z] >= cut) { ks[y] = ks[z]; vals[y] = vals[z]; y++; }
      u = y;
    }
    let sq = 0;
    for (let z = 0; z < u; z++) sq += vals[z] * vals[z];
    cKeys[c] = ks.slice(0, u); cVals[c] = vals.slice(0, u); cnorm[c] = Math.sqrt(sq); cPlaces[c] = dominant;
  };
  const placeAdjust = (mine: number[], theirs: number[]) =>
    mine.length && theirs.length ? (mine.some((x) => theirs.includes(x)) ? bonus : -bonus) : 0;
  const itemPlaceAdjust = (i: number, theirs: number[]) => {
    if (!hasPlace[i] || !theirs.length) return 0;
    for (let j = start[i]; j < start[i + 1]; j++) if (placeFlag[j] && theirs.includes(pool[j])) return bonus;
    return -bonus;
  };
  /** How alike a request is to a cluster: to its leader while it has one member (or no centroid yet), else to its centroid. */
  const toCluster = (i: number, c: number) => {
    if (sizes[c] === 1 || !cKeys[c]) return sim(i, leaders[c]);
    const K = cKeys[c]!, V = cVals[c]!;
    let x = start[i], y = 0, dot = 0;
    const xe = start[i + 1], ye = K.length;
    while (x < xe && y < ye) {
      const p = pool[x], q = K[y];
      if (p === q) { if (!(isPlace && placeFlag[x])) dot += Math.abs(wpool[x]) * V[y]; x++; y++; }
      else if (p < q) x++; else y++;
    }
    const words = norm[i] && cnorm[c] ? dot / (norm[i] * cnorm[c]) : 0;
    return Math.max(0, Math.min(1, words + itemPlaceAdjust(i, cPlaces[c])));
  };
  /** How alike two clusters are: the cosine of their centroids, with the place bonus or malus of their main roads. */
  const betweenClusters = (c: number, d: number) => {
    if (!sizes[c] || !sizes[d]) return 0;   // a request that moved on in its second chance
    if (sizes[c] === 1 || !cKeys[c]) return toCluster(leaders[c], d);
    if (sizes[d] === 1 || !cKeys[d]) return toCluster(leaders[d], c);
    const A = cKeys[c]!, AV = cVals[c]!, B = cKeys[d]!, BV = cVals[d]!;
    let x = 0, y = 0, dot = 0;
    while (x < A.length && y < B.length) {
      if (A[x] === B[y]) { dot += AV[x] * BV[y]; x++; y++; } else if (A[x] < B[y]) x++; else y++;
    }
    const words = cnorm[c] && cnorm[d] ? dot / (cnorm[c] * cnorm[d]) : 0;
    return Math.max(0, Math.min(1, words + placeAdjust(cPlaces[c], cPlaces[d])));
  };

  let from = 0;
  while (from < n) {
    let to = from;
    while (to < n && areaIds[order[to]] === areaIds[order[from]]) to++;
    buckets.ensure((to - from) * bands);
    buckets.clear();
    const firstCluster = leaders.length;
    const exact = to - from <= exactBelow;
    for (let o = from; o < to; o++) {
      const i = order[o];
      // The heaviest shingles not shared by a large part of the period.
      let c = 0;
      for (let j = start[i]; j < start[i + 1]; j++) {
        const w = wpool[j];
        if (w < 0) continue;
        const s = pool[j];
        if (c < m) { top[c] = s; topW[c] = w; c++; continue; }
        let lo = 0;
        for (let q = 1; q < m; q++) if (topW[q] < topW[lo]) lo = q;
        if (w > topW[lo]) { top[lo] = s; topW[lo] = w; }
      }
      if (c < 2) continue;
      for (let a = 1; a < c; a++) { const x = top[a]; let b = a - 1; while (b >= 0 && top[b] > x) { top[b + 1] = top[b]; b--; } top[b + 1] = x; }
      if (!exact) { minhash(top.subarray(0, c), k, 7, sig); lshKeys(sig, bands, rows, keys); }
      clustered++;
      // Stage 1: the nearest earlier request of the area, if its cluster's leader agrees too.
      let best = -1, bestSim = 0, nSeen = 0, second = -1;
      if (exact) {
        // A small area: every earlier request of it, most recent first — no candidate is missed.
        for (let q = o - 1; q >= from; q--) {
          const j = order[q], cj = cluster[j];
          if (cj < 0) continue;
          comparisons++;
          const lc = cat[leaders[cj]];
          const need = cat[i] === lc || cat[i] < 0 || lc < 0 ? theta : thetaX;
          const s = sim(i, j);
          if (s < need || (cj === best && s <= bestSim)) continue;
          const leader = leaders[cj];
          if (leader !== j) { comparisons++; if (sim(i, leader) < need * 0.8) continue; }
          if (cj === best) bestSim = s;
          else if (s > bestSim) { second = best; bestSim = s; best = cj; } else if (second < 0) second = cj;
        }
      }
      for (let b = 0; b < bands && !exact; b++) {
        const slot = buckets.slot(keys[b]);
        slots[b] = slot;
        let j = buckets.heads[slot] === -1 || buckets.keys[slot] !== keys[b] ? -1 : buckets.heads[slot];
        let distinct = 0;
        for (let steps = 0; j !== -1 && steps < 6 && distinct < depth && nSeen < maxLook; steps++, j = prev[j * bands + b]) {
          const cj = cluster[j];
          let dup = false;
          for (let q = 0; q < nSeen; q++) if (seenC[q] === cj) { dup = true; break; }
          if (dup) continue;
          distinct++;
          seenC[nSeen++] = cj;
          comparisons++;
          const lc = cat[leaders[cj]];
          const need = cat[i] === lc || cat[i] < 0 || lc < 0 ? theta : thetaX;
          const s = sim(i, j);
          if (s < need) continue;
          const leader = leaders[cj];
          if (leader !== j) { comparisons++; if (sim(i, leader) < need * 0.8) continue; }
          if (s > bestSim) { second = best; bestSim = s; best = cj; } else second = cj;
        }
      }
      if (best >= 0) {
        cluster[i] = best;
        prevMember[i] = lastMember[best]; lastMember[best] = i; sizes[best]++;
        // A request like two clusters of its area: perhaps one matter that had split (checked below).
        if (second >= 0) bridges.push(best, second);
      } else {
        const cn = leaders.length;
        cluster[i] = cn;
        leaders.push(i); sizes.push(1); lastMember.push(i); prevMember[i] = -1;
        cKeys.push(null); cVals.push(null); cnorm.push(norm[i]); cPlaces.push([]);
      }
      if (!exact) for (let b = 0; b < bands; b++) { prev[i * bands + b] = buckets.push(slots[b], keys[b], i); bandKeys[i * bands + b] = keys[b]; }
    }
    // Stage 2: the area's clusters get their centroids; the requests left alone get a second
    // chance against them (their buckets now hold the requests that came after them too).
    for (let c = firstCluster; c < leaders.length; c++) if (sizes[c] >= 2) centroid(c);
    for (let o = from; o < to; o++) {
      const i = order[o], ci = cluster[i];
      if (ci < 0 || sizes[ci] !== 1) continue;
      let best = -1, bestSim = 0, nSeen = 0;
      if (exact) {
        for (let cj = firstCluster; cj < leaders.length; cj++) {
          if (cj === ci || sizes[cj] < 2) continue;
          comparisons++;
          const lc = cat[leaders[cj]];
          const s = toCluster(i, cj);
          if (s >= (cat[i] === lc || cat[i] < 0 || lc < 0 ? theta : thetaX) && s > bestSim) { bestSim = s; best = cj; }
        }
      }
      for (let b = 0; b < bands && !exact; b++) {
        const key = bandKeys[i * bands + b], slot = buckets.slot(key);
        let j = buckets.heads[slot] === -1 || buckets.keys[slot] !== key ? -1 : buckets.heads[slot];
        let distinct = 0;
        for (let steps = 0; j !== -1 && steps < 12 && distinct < depth && nSeen < maxLook; steps++, j = prev[j * bands + b]) {
          const cj = cluster[j];
          if (cj === ci || sizes[cj] < 2) continue;
          let dup = false;
          for (let q = 0; q < nSeen; q++) if (seenC[q] === cj) { dup = true; break; }
          if (dup) continue;
          distinct++;
          seenC[nSeen++] = cj;
          comparisons++;
          const lc = cat[leaders[cj]];
          const s = toCluster(i, cj);
          if (s >= (cat[i] === lc || cat[i] < 0 || lc < 0 ? theta : thetaX) && s > bestSim) { bestSim = s; best = cj; }
        }
      }
      if (best >= 0) { cluster[i] = best; prevMember[i] = lastMember[best]; lastMember[best] = i; sizes[best]++; sizes[ci] = 0; lastMember[ci] = -1; }
    }
    from = to;
  }
  lap('cluster');

  // 3. Clusters merge: of one area when their centroids agree (a matter that split), of two areas
  //    of one street when they also lie close together or happened at the same time.
  const nc = leaders.length;
  const size = new Int32Array(nc);
  const sumLat = new Float64Array(nc), sumLng = new Float64Array(nc), located = new Int32Array(nc);
  const tMin = new Float64Array(nc).fill(Infinity), tMax = new Float64Array(nc).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const c = cluster[i];
    if (c < 0) continue;
    size[c]++;
    const it = items[i];
    if (it.lat != null && it.lng != null) { sumLat[c] += it.lat; sumLng[c] += it.lng; located[c]++; }
    if (times[i] < tMin[c]) tMin[c] = times[i];
    if (times[i] > tMax[c]) tMax[c] = times[i];
  }
  const sets = new Sets(nc);
  let merged = 0;
  for (let q = 0; q < bridges.length; q += 2) {
    const a = bridges[q], b = bridges[q + 1];
    if (sets.find(a) === sets.find(b)) continue;
    comparisons++;
    const need = cat[leaders[a]] === cat[leaders[b]] ? theta + 0.1 : thetaX;
    if (betweenClusters(a, b) >= need) { sets.union(a, b); merged++; }
  }
  const big: number[] = [];
  for (let c = 0; c < nc; c++) if (size[c] >= 2) big.push(c);
  big.sort((a, b) => streetIds[leaders[a]] - streetIds[leaders[b]] || a - b);
  let bf = 0;
  const cb = new Buckets(1024);
  const cprev = new Int32Array(big.length * bands).fill(-1);
  while (bf < big.length) {
    let bt = bf;
    while (bt < big.length && streetIds[leaders[big[bt]]] === streetIds[leaders[big[bf]]]) bt++;
    cb.ensure((bt - bf) * bands);
    cb.clear();
    for (let o = bf; o < bt; o++) {
      const c = big[o], i = leaders[c];
      minhash(set(i), k, 11, sig);
      lshKeys(sig, bands, rows, keys);
      let looked = 0;
      for (let b = 0; b < bands; b++) {
        const slot = cb.slot(keys[b]);
        let q = cb.heads[slot] === -1 || cb.keys[slot] !== keys[b] ? -1 : cb.heads[slot];
        for (let steps = 0; q !== -1 && steps < 4 && looked < 6; steps++, q = cprev[q * bands + b]) {
          const d = big[q], j = leaders[d];
          if (sets.find(c) === sets.find(d)) continue;
          // Two clusters of one area: one matter that split. Of two areas: close together, or at the same time.
          if (areaIds[i] !== areaIds[j]) {
            const near = located[c] && located[d]
              ? metres(sumLat[c] / located[c], sumLng[c] / located[c], sumLat[d] / located[d], sumLng[d] / located[d]) <= radius : false;
            const together = Math.abs((tMin[c] + tMax[c]) / 2 - (tMin[d] + tMax[d]) / 2) <= burst && tMax[c] - tMin[c] <= 2 * burst && tMax[d] - tMin[d] <= 2 * burst;
            if (!near && !together) continue;
          }
          const need = cat[i] === cat[j] ? theta + 0.05 : thetaX;
          comparisons++;
          looked++;
          if (betweenClusters(c, d) >= need) { sets.union(c, d); merged++; }
        }
        cprev[o * bands + b] = cb.push(slot, keys[b], o);
      }
    }
    bf = bt;
  }
  lap('merge');

  // 4. Proposals.
  const membersOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = cluster[i];
    if (c < 0) continue;
    const r = sets.find(c);
    let list = membersOf.get(r);
    if (!list) membersOf.set(r, (list = []));
    list.push(i);
  }
  const qualifying: { members: number[]; people: number; peak7: number; mainShare: number; score: number }[] = [];
  for (const members of membersOf.values()) {
    if (members.length < minSize) continue;
    const hh = new Set<number>();
    let anonymous = 0;
    for (const i of members) { const h = items[i].householdId; if (h == null) anonymous++; else hh.add(h); }
    const people = hh.size + anonymous;
    if (people < minSize) continue;
    const ts = members.map((i) => times[i]).sort((a, b) => a - b);
    let peak7 = 0;
    for (let a = 0, b = 0; b < ts.length; b++) { while (ts[b] - ts[a] >= 7 * DAY) a++; peak7 = Math.max(peak7, b - a + 1); }
    const byArea = new Map<number, number>();
    for (const i of members) byArea.set(areaIds[i], (byArea.get(areaIds[i]) ?? 0) + 1);
    const mainShare = Math.max(...byArea.values()) / members.length;
    const score = people * (1 + peak7 / members.length) * (mainShare >= 0.8 ? 1 : 0.8);
    qualifying.push({ members, people, peak7, mainShare, score: Math.round(score * 10) / 10 });
  }
  qualifying.sort((a, b) => b.score - a.score || b.members.length - a.members.length || items[a.members[0]].id - items[b.members[0]].id);
  const limit = opts.limit ?? 50;
  const allDays = (() => {
    if (opts.from && opts.to) return { first: dayOfDate(opts.from), last: dayOfDate(opts.to) };
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) { lo = Math.min(lo, times[i]); hi = Math.max(hi, times[i]); }
    return n ? { first: dayOf(lo, tz), last: dayOf(hi, tz) } : { first: 0, last: -1 };
  })();
  const detail = opts.detail ?? limit;
  const proposals = qualifying.slice(0, limit).map((q, rank) => describe(items, q, times, areaNames, streetNames, areaIds, streetIds, weight, tz, allDays, rank < detail, sim, opts.segment));
  lap('propose');
  return { proposals, total: qualifying.length, stats: { items: n, clustered, shingles: used, comparisons, clusters: nc, merged, ms } };
}

function describe(
  items: TopicItem[], q: { members: number[]; people: number; peak7: number; score: number },
  times: Float64Array, areaNames: string[], streetNames: string[], areaIds: Int32Array, streetIds: Int32Array,
  weight: Weight, tz: number, period: { first: number; last: number }, full: boolean, sim: (a: number, b: number) => number,
  segment?: (text: string) => string[],
): TopicProposal {
  const members = [...q.members].sort((a, b) => times[a] - times[b] || items[a].id - items[b].id);
  const ids = members.map((i) => items[i].id);
  const count = <K>(keyOf: (i: number) => K) => {
    const m = new Map<K, number>();
    for (const i of members) { const key = keyOf(i); m.set(key, (m.get(key) ?? 0) + 1); }
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  const categories = count((i) => items[i].categoryId ?? null).filter(([id]) => id !== null).map(([id, c]) => ({ id: id as number, count: c }));
  const areas = count((i) => areaIds[i]).map(([a, c]) => ({ key: areaNames[a], count: c }));
  const streets = count((i) => streetIds[i]).map(([s, c]) => ({ key: streetNames[s], count: c }));
  const pts = members.map((i) => items[i]).filter((it) => it.lat != null && it.lng != null) as { lat: number; lng: number }[];
  const centroid = pts.length ? { lat: pts.reduce((a, p) => a + p.lat, 0) / pts.length, lng: pts.reduce((a, p) => a + p.lng, 0) / pts.length } : null;
  let radiusMetres: number | null = null;
  if (centroid) {
    const d = pts.map((p) => metres(centroid.lat, centroid.lng, p.lat, p.lng)).sort((a, b) => a - b);
    radiusMetres = Math.round(d[Math.min(d.length - 1, Math.floor(d.length * 0.9))]);
  }
  const firstDay = dayOf(times[members[0]], tz), lastDay = dayOf(times[members[members.length - 1]], tz);
  const lo = Math.min(period.first, firstDay), hi = Math.max(period.last, lastDay);
  const trend: { date: string; count: number }[] = [];
  if (full && hi - lo <= 400) {
    const counts = new Map<number, number>();
    for (const i of members) { const d = dayOf(times[i], tz); counts.set(d, (counts.get(d) ?? 0) + 1); }
    for (let d = lo; d <= hi; d++) trend.push({ date: dateOf(d), count: counts.get(d) ?? 0 });
  }
  const terms = full ? labelTerms(members.map((i) => items[i].text), weight, 3, segment) : [];
  // The medoid of (at most) 40 members spread over the cluster.
  const step = Math.max(1, Math.floor(members.length / 40));
  const pickd = members.filter((_, x) => x % step === 0).slice(0, 40);
  let medoid = pickd[0], bestSum = -1;
  if (full) for (const a of pickd) { let sum = 0; for (const b of pickd) if (a !== b) sum += sim(a, b); if (sum > bestSum) { bestSum = sum; medoid = a; } }
  const sample = full ? clip(items[medoid].text) : '';
  return {
    key: keyOf(ids), memberIds: ids, size: ids.length, households: q.people, label: terms.join('·'), terms, sample, sampleId: items[medoid].id,
    categories, mainCategoryId: categories[0]?.id ?? null, areas, mainArea: areas[0].key, streets, centroid, radiusMetres,
    first: dateOf(firstDay), last: dateOf(lastDay),
    firstAt: new Date(times[members[0]]).toISOString(), lastAt: new Date(times[members[members.length - 1]]).toISOString(),
    trend, peak7: q.peak7, score: q.score,
  };
}

/** A text cut after its first sentence or clause past 12 characters, at most 40. */
function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= 40) return t;
  const m = /^.{12,38}?[。！？!?；;，,]/.exec(t);
  return m ? m[0].replace(/[，,；;]$/, '…') : t.slice(0, 38) + '…';
}

/** A short stable key for a set of ids (FNV-1a over the sorted ids, hex). */
export function keyOf(ids: number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (const id of sorted) { h1 = Math.imul(h1 ^ id, 0x01000193) >>> 0; h2 = fmix32((h2 + id) >>> 0); }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

const FUNCTION_EDGE = /^[的了吗呢吧啊呀着过是在有和也都就还又很我你他她们这那个一不没么把被给让从对为以说看想去来里点啦]|[的了吗呢吧啊呀着过是在有和也都就还又很我你他她们这那个一把被给让从对为以说看想去来里点啦]$/;

/**
 * The most characteristic phrases of a cluster's texts: Han substrings of 2–4 characters found in
 * at least a third of the texts (and two), scored by that share times the weight of their
 * bigrams, taken best first without repeating one another.
 */
export function labelTerms(texts: string[], weight: Weight, max = 3, segment?: (text: string) => string[]): string[] {
  const sample = texts.length > 200 ? texts.filter((_, i) => i % Math.ceil(texts.length / 200) === 0) : texts;
  const df = new Map<string, number>();
  for (const raw of sample) {
    const seen = new Set<string>();
    if (segment) {
      for (const w of segment(raw)) if (/^[\u3400-\u9fff]{2,8}$/.test(w)) seen.add(w);
    } else {
      const runs = raw.match(/[\u3400-\u9fff]{2,}/g) ?? [];
      for (const run of runs) for (let a = 0; a < run.length - 1; a++) for (let len = 2; len <= 4 && a + len <= run.length; len++) seen.add(run.slice(a, a + len));
    }
    for (const s of seen) df.set(s, (df.get(s) ?? 0) + 1);
  }
  const need = Math.max(2, Math.ceil(sample.length / 3));
  const scored: { s: string; score: number }[] = [];
  for (const [s, d] of df) {
    if (d < need || FUNCTION_EDGE.test(s)) continue;
    const bigrams = shingles(s);
    if (!bigrams.length) continue;
    let w = 0;
    for (const b of bigrams) w += weight(b);
    scored.push({ s, score: (d / sample.length) * w });
  }
  scored.sort((a, b) => b.score - a.score || b.s.length - a.s.length || a.s.localeCompare(b.s));
  const out: string[] = [];
  for (const { s } of scored) {
    if (out.some((o) => o.includes(s) || s.includes(o))) continue;
    out.push(s);
    if (out.length >= max) break;
  }
  return out;
}
