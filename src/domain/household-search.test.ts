import { describe, expect, it } from 'vitest';
import { BOUNDARY, chainPrefixes, fragmentPairs, householdSearch, nameGrams, prefixCandidates, spanGrams } from './household-search.ts';
import { normaliseForSearch } from './text-search.ts';

const CHAIN = ['长屿区', '南城街道', '海港社区', '海港社区第1网格'];

describe('household search grams', () => {
  it('lists every run of consecutive region names, longest first', () => {
    const p = chainPrefixes(['长屿区', '南城街道', '海港社区']);
    expect(p[0]).toBe('长屿区南城街道海港社区');
    expect(p).toEqual(expect.arrayContaining(['长屿区', '南城街道', '海港社区', '长屿区南城街道', '南城街道海港社区']));
    expect(p).not.toContain('长屿区海港社区'); // not consecutive
  });

  it('indexes only pairs of the address after its region prefix and of the name, plus the boundary', () => {
    const s = householdSearch('长屿区南城街道海港社区 滨海路12号', '王建国', chainPrefixes(CHAIN));
    expect(s.prefix).toBe('长屿区南城街道海港社区');
    expect(s.grams.sort()).toEqual([BOUNDARY + '滨', '滨海', '海路', '路1', '12', '2号', '王建', '建国', '王', '建', '国'].sort());
    // An address that does not start with the chain keeps all its pairs.
    const t = householdSearch('滨海路12号长屿区', null, chainPrefixes(CHAIN));
    expect(t.prefix).toBe('');
    expect(t.grams).toContain('屿区');
    expect(t.grams.some((g) => g.startsWith(BOUNDARY))).toBe(false);
  });

  it('every fragment of an address is reachable through the pairs, the prefix, or a span', () => {
    const prefixes = chainPrefixes(CHAIN);
    const addresses = ['长屿区南城街道海港社区 滨海路12号3单元502室', '南城街道海港社区区海路1号', '海港社区海港社区路2号', '长屿区南城街道',
      '滨海路长屿区南城街道1号', '海港社区A座 12号', '长屿区南城街道海港社区第1网格海'];
    for (const address of addresses) {
      const s = householdSearch(address, '王建国', prefixes);
      const grams = new Set(s.grams);
      const rows = [{ region_path: '/1/', prefix: s.prefix }];
      const text = Array.from(normaliseForSearch(address));
      for (let i = 0; i < text.length; i++) {
        for (let j = i + 2; j <= text.length; j++) {
          const f = text.slice(i, j).join('');
          const byPairs = fragmentPairs(f).every((g) => grams.has(g));
          const c = prefixCandidates(f, s.prefix ? rows : []);
          const bySpan = c.spans.some((sp) => spanGrams(sp.tail).every((g) => grams.has(g)));
          expect({ address, f, found: byPairs || c.inside.length > 0 || bySpan }).toEqual({ address, f, found: true });
        }
      }
      for (const f of ['王', '建', '国', '王建', '建国', '王建国']) expect(nameGrams(f).every((g) => grams.has(g))).toBe(true);
    }
  });

  it('sends a fragment only to the regions whose prefix can hold it', () => {
    const rows = [{ region_path: '/1/2/', prefix: '长屿区南城街道海港社区' }, { region_path: '/1/3/', prefix: '长屿区北岛镇大钦村' }];
    expect(prefixCandidates('城街道', rows)).toEqual({ inside: ['/1/2/'], spans: [] });
    expect(prefixCandidates('社区 滨海', rows)).toEqual({ inside: [], spans: [{ head: '社区', tail: '滨海', paths: ['/1/2/'] }] });
    expect(prefixCandidates('村1号', rows).spans).toEqual([{ head: '村', tail: '1号', paths: ['/1/3/'] }]);
    expect(prefixCandidates('滨海路', rows)).toEqual({ inside: [], spans: [] });
  });
});
