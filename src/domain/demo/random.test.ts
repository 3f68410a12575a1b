import { describe, expect, it } from 'vitest';
import { tile, type Rect } from './geometry.ts';
import { apportion, hashSeed, mulberry32, permutation, rngFor } from './random.ts';

describe('seeded randomness', () => {
  it('repeats a stream for the same seed and key', () => {
    const a = rngFor(1, 'x'), b = rngFor(1, 'x'), c = rngFor(1, 'y');
    const take = (r: () => number) => Array.from({ length: 5 }, r);
    expect(take(a)).toEqual(take(b));
    expect(take(rngFor(1, 'x'))).not.toEqual(take(c));
    expect(hashSeed(1, 'ab')).not.toBe(hashSeed(1, 'a', 'b'));
    const r = mulberry32(42);
    for (let i = 0; i < 1000; i++) { const x = r(); expect(x >= 0 && x < 1).toBe(true); }
  });

  it('apportions a total exactly, respecting the minimum', () => {
    expect(apportion(28, Array(10).fill(1), 1).reduce((a, b) => a + b, 0)).toBe(28);
    expect(apportion(10, [0.2, 0.3, 0.5])).toEqual([2, 3, 5]);
    expect(apportion(5, [100, 0, 0], 1)).toEqual([3, 1, 1]);
    expect(apportion(2, [1, 1, 1], 1).reduce((a, b) => a + b, 0)).toBe(2);
    const rng = rngFor(3);
    const parts = apportion(6659, Array.from({ length: 40 }, () => 0.5 + rng()), 1);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(6659);
    expect(Math.min(...parts)).toBeGreaterThanOrEqual(1);
  });

  it('permutes 0..n-1 without repeats', () => {
    for (const n of [1, 2, 12, 500, 15310]) {
      const p = permutation(rngFor(n), n);
      expect(new Set(Array.from({ length: n }, (_, i) => p(i))).size).toBe(n);
    }
  });
});

describe('tiling', () => {
  it('covers the parent with cells that share edges exactly', () => {
    const parent: Rect = { minLng: 120.7, minLat: 37.88, maxLng: 120.76, maxLat: 37.92 };
    for (const n of [1, 2, 3, 5, 7, 12]) {
      const cells = tile(parent, n);
      expect(cells).toHaveLength(n);
      const area = (r: Rect) => (r.maxLng - r.minLng) * (r.maxLat - r.minLat);
      expect(cells.reduce((a, c) => a + area(c), 0)).toBeCloseTo(area(parent), 10);
      for (const c of cells) {
        expect(c.minLng).toBeGreaterThanOrEqual(parent.minLng);
        expect(c.maxLat).toBeLessThanOrEqual(parent.maxLat);
        expect(c.minLng).toBeLessThan(c.maxLng);
        expect(c.minLat).toBeLessThan(c.maxLat);
      }
    }
  });
});
