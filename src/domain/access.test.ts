import { describe, expect, it } from 'vitest';
import { Permission, ROLES, regionInScope, roleHas, scopeWithin } from './access.ts';

describe('access rules', () => {
  it('only some roles may unmask personal data; residents may read no registry', () => {
    const revealers = ROLES.filter((r) => roleHas(r, Permission.PersonalDataReveal));
    expect(revealers.sort()).toEqual(['admin', 'community_director', 'dispatcher']);
    expect(roleHas('resident', Permission.RegistryRead)).toBe(false);
    expect(roleHas('cadre', Permission.RegistryWrite)).toBe(false);
  });
  it('a region subtree contains its descendants and nothing beside it', () => {
    const s = { regionPath: '/1/3/', departmentId: null, householdId: null };
    expect(regionInScope(s, '/1/3/12/40/')).toBe(true);
    expect(regionInScope(s, '/1/3/')).toBe(true);
    expect(regionInScope(s, '/1/30/')).toBe(false); // a prefix of digits is not a parent
    expect(regionInScope(s, '/1/')).toBe(false);
    expect(regionInScope({ ...s, regionPath: null }, '/1/3/')).toBe(false);
  });
  it('a granted scope must lie inside the granter\'s', () => {
    const outer = { regionPath: '/1/3/', departmentId: null, householdId: null };
    expect(scopeWithin(outer, { regionPath: '/1/3/9/', departmentId: 4, householdId: null })).toBe(true);
    expect(scopeWithin(outer, { regionPath: '/1/', departmentId: null, householdId: null })).toBe(false);
  });
});
