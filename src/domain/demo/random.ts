// Seeded randomness for the demo district. Every stream is derived from (seed, key…), so a
// grid's households do not depend on how many rows were generated before it, and the same
// seed always gives the same district.

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data (not for secrets). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts with a murmur finaliser, so nearby keys give unrelated seeds. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = String(p) + '\u0000';
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export const rngFor = (seed: number, ...keys: (string | number)[]): Rng => mulberry32(hashSeed(seed, ...keys));

/** Integer in [min, max]. */
export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const chance = (rng: Rng, p: number): boolean => rng() < p;
export const between = (rng: Rng, min: number, max: number): number => min + rng() * (max - min);

/** A picker over weighted items; binary search keeps it cheap for long lists. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const items = entries.map((e) => e[0]);
  const cum: number[] = [];
  let sum = 0;
  for (const [, w] of entries) cum.push((sum += w));
  return (rng) => {
    const x = rng() * sum;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid; else lo = mid + 1;
    }
    return items[lo];
  };
}

/**
 * Split `total` into integers proportional to `weights` (largest remainder), each at least
 * `min` when the total allows it. The parts always sum to `total` exactly: this is what makes
 * the district hit the report's figures (15,310 households, 23,301 residents …).
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const floor = Math.min(min, Math.floor(total / n));
  const rest = total - floor * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (rest * w) / sum : rest / n));
  const out = exact.map(Math.floor);
  let left = rest - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % n][1]]++;
  return out.map((x) => x + floor);
}

function gcd(a: number, b: number): number { while (b) [a, b] = [b, a % b]; return a; }

/** A permutation of 0..n-1 as i ↦ (i·stride + offset) mod n, with stride coprime to n. */
export function permutation(rng: Rng, n: number): (i: number) => number {
  if (n <= 1) return () => 0;
  let stride = int(rng, 1, n - 1);
  while (gcd(stride, n) !== 1) stride = (stride % (n - 1)) + 1;
  const offset = int(rng, 0, n - 1);
  return (i) => (i * stride + offset) % n;
}

/** Random digits as a string (leading zeros allowed). */
export function digits(rng: Rng, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += Math.floor(rng() * 10);
  return s;
}
