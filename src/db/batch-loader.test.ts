import { describe, expect, it } from 'vitest';
import { BatchLoader } from './batch-loader.ts';

describe('BatchLoader', () => {
  it('answers calls of the same turn with one run, in order', async () => {
    const runs: number[][] = [];
    const l = new BatchLoader<number, number>(async (qs) => { runs.push(qs); return qs.map((q) => q * 2); });
    expect(await Promise.all([1, 2, 3].map((q) => l.load(q)))).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
  });
  it('collects calls made while a run is in flight into the next one', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const l = new BatchLoader<number, number>(async (qs) => { runs.push(qs); if (runs.length === 1) await gate; return qs; });
    const first = l.load(1);
    await new Promise((r) => setImmediate(r));
    const later = [l.load(2), l.load(3)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(runs).toEqual([[1], [2, 3]]);
  });
  it('fails every call of a failed run, and the next run still happens', async () => {
    let n = 0;
    const l = new BatchLoader<number, number>(async (qs) => { if (n++ === 0) throw new Error('down'); return qs; });
    await expect(Promise.all([l.load(1), l.load(2)])).rejects.toThrow('down');
    expect(await l.load(5)).toBe(5);
  });
  it('splits large waits into runs of at most max', async () => {
    const sizes: number[] = [];
    const l = new BatchLoader<number, number>(async (qs) => { sizes.push(qs.length); return qs; }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((q) => l.load(q)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
