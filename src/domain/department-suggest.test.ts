import { describe, expect, it } from 'vitest';
import { suggestDepartments } from './department-suggest.ts';

describe('department suggestion', () => {
  it('follows the routing table when there is no history', () => {
    expect(suggestDepartments({ departmentId: 7 }, [])).toEqual([expect.objectContaining({ departmentId: 7, via: 'table' })]);
    expect(suggestDepartments(null, [])).toEqual([]);
  });
  it('lets the community’s recent dispatches override the table when one department took most', () => {
    const r = suggestDepartments({ departmentId: 7 }, [{ place: '王沟村', counts: [{ departmentId: 30, n: 8 }, { departmentId: 7, n: 2 }] }]);
    expect(r.map((x) => [x.departmentId, x.via])).toEqual([[30, 'history'], [7, 'table']]);
    expect(r[0].reason).toMatch(/^近期王沟村同类诉求 8\/10 件派往该部门/);
  });
  it('keeps the table first when history is thin or split', () => {
    expect(suggestDepartments({ departmentId: 7 }, [{ place: 'x', counts: [{ departmentId: 30, n: 3 }] }])[0].departmentId).toBe(7);
    const split = suggestDepartments({ departmentId: 7 }, [{ place: 'x', counts: [{ departmentId: 30, n: 5 }, { departmentId: 31, n: 5 }] }]);
    expect(split[0].departmentId).toBe(7);
    expect(split.map((s) => s.departmentId)).toEqual([7, 30, 31]);
  });
  it('uses the narrowest place with enough dispatches: the community before the street', () => {
    const r = suggestDepartments({ departmentId: 7 }, [
      { place: '社区', counts: [{ departmentId: 30, n: 6 }] },
      { place: '街道', counts: [{ departmentId: 7, n: 100 }] },
    ]);
    expect(r[0].departmentId).toBe(30);
    const thin = suggestDepartments({ departmentId: 7 }, [{ place: '社区', counts: [{ departmentId: 30, n: 2 }] }, { place: '街道', counts: [{ departmentId: 31, n: 9 }] }]);
    expect(thin[0].departmentId).toBe(31);
  });
});
