import { describe, expect, it } from 'vitest';
import { gramsOf, likeEscape, queryGrams } from './text-search.ts';

describe('fragment search grams', () => {
  it('a fragment\'s grams are contained in the grams of any text that contains it', () => {
    const text = '长屿区南城街道海港社区滨海路12号3单元502室';
    const stored = new Set(gramsOf(text, '王建国'));
    for (const frag of ['滨海路', '12号3', '海', '建国', '502室', '南城街道海港']) {
      expect(queryGrams(frag).every((g) => stored.has(g))).toBe(true);
    }
    expect(queryGrams('滨江路').every((g) => stored.has(g))).toBe(false);
  });
  it('normalises width and case', () => {
    expect(queryGrams('ＡＢ')).toEqual(['ab']);
    expect(gramsOf('A B')).toEqual(['a', 'ab', 'b']);
  });
  it('escapes LIKE wildcards', () => {
    expect(likeEscape('50%_a')).toBe('50\\%\\_a');
  });
});
