import { describe, expect, it } from 'vitest';
import { selectiveGrams } from './search-stats.ts';

describe('choosing grams for the index', () => {
  const freq = new Map([['长屿', 1], ['屿区', 1], ['区黑', 0.05], ['黑石', 0.05], ['单元', 0.6], ['15', 0.1]]);
  it('keeps the rarest grams, disjoint ones first, unknown grams rarest', () => {
    // 长屿 屿区 区黑 黑石 石乡: 石乡 (unknown, rarest) at 4, then 区黑 at 2; 黑石 overlaps both, so last.
    expect(selectiveGrams(['长屿', '屿区', '区黑', '黑石', '石乡'], freq)).toEqual(['石乡', '区黑', '黑石']);
    expect(selectiveGrams(['海韵', '韵路', '路1', '1号', '号1'], new Map([['韵路', 0.001], ['海韵', 0.001], ['路1', 0.2], ['1号', 0.1], ['号1', 0.1]])))
      .toEqual(['海韵', '1号', '韵路']);
  });
  it('asks the index nothing when every gram is in most rows', () => {
    expect(selectiveGrams(['长屿', '屿区', '单元'], freq)).toEqual([]);
  });
  it('without statistics, takes disjoint pairs from the left, then the others', () => {
    expect(selectiveGrams(['ab', 'bc', 'cd', 'de'], new Map())).toEqual(['ab', 'cd', 'bc']);
    expect(selectiveGrams(['海'], new Map())).toEqual(['海']);
  });
});
