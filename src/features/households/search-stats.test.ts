import { describe, expect, it } from 'vitest';
import { selectiveGrams } from './search-stats.ts';

describe('choosing grams for the index', () => {
  const freq = new Map([['长屿', 1], ['屿区', 1], ['区黑', 0.05], ['黑石', 0.05], ['单元', 0.6], ['15', 0.1]]);
  it('keeps the two rarest, unknown grams first', () => {
    expect(selectiveGrams(['长屿', '屿区', '区黑', '黑石', '石乡'], freq)).toEqual(['石乡', '区黑']);
  });
  it('asks the index nothing when every gram is in most rows', () => {
    expect(selectiveGrams(['长屿', '屿区', '单元'], freq)).toEqual([]);
  });
  it('uses every gram when there are no statistics', () => {
    expect(selectiveGrams(['a', 'b'], new Map())).toEqual(['a', 'b']);
  });
});
