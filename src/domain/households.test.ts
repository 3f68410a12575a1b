import { describe, expect, it } from 'vitest';
import { checkResident, householdKey, splitTags } from './households.ts';

describe('household rules', () => {
  it('keys a household by code, else by normalised address', () => {
    expect(householdKey('HH001', 'x')).toBe('HH001');
    expect(householdKey('', '滨海路 12 号')).toBe(householdKey(null, '滨海路12号'));
  });
  it('splits tag cells written the way offices write them', () => {
    expect(splitTags('低保户；五老、党员户,低保户')).toEqual(['低保户', '五老', '党员户']);
  });
  it('derives birth date and gender from the ID number and catches contradictions', () => {
    const ok = checkResident({ name: ' 李四 ', idNumber: '11010519491231002x' });
    expect(ok.problems).toEqual([]);
    expect(ok.value).toMatchObject({ name: '李四', idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'F' });
    const clash = checkResident({ name: '李四', idNumber: '11010519491231002X', gender: 'M', birthDate: '1950-01-01' });
    expect(clash.problems.map((p) => p.field).sort()).toEqual(['birthDate', 'gender']);
    const bad = checkResident({ name: '', phone: '110', relation: '邻居' });
    expect(bad.problems.map((p) => p.field).sort()).toEqual(['name', 'phone', 'relation']);
  });
});
