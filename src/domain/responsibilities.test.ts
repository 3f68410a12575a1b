import { describe, expect, it } from 'vitest';
import { checkResponsibility, defaultEnd, KIND_RULES, RESPONSIBILITY_KINDS, termStatus } from './responsibilities.ts';

describe('responsibilities (包联)', () => {
  it('allows each kind only its owners and objects', () => {
    expect(checkResponsibility({ kind: 'pairing', ownerType: 'department', objectType: 'region', startDate: '2026-01-01' })).toEqual([]);
    const bad = checkResponsibility({ kind: 'pairing', ownerType: 'cadre', objectType: 'household', startDate: '2026-01-01' });
    expect(bad.map((p) => p.field)).toEqual(['ownerType', 'objectType']);
    expect(bad[0].reason).toMatch(/结对/);
    for (const k of RESPONSIBILITY_KINDS) expect(KIND_RULES[k].owners.length).toBeGreaterThan(0);
  });
  it('needs a deadline for a project and a name for a project or river; dates in order', () => {
    expect(checkResponsibility({ kind: 'project', ownerType: 'leader', objectType: 'project', objectName: '渔港改造', startDate: '2026-01-01' }).map((p) => p.field)).toEqual(['endDate']);
    expect(checkResponsibility({ kind: 'river', ownerType: 'leader', objectType: 'river', objectName: ' ', startDate: '2026-01-01' }).map((p) => p.field)).toEqual(['objectName']);
    expect(checkResponsibility({ kind: 'liaison', ownerType: 'cadre', objectType: 'household', startDate: '2026-05-01', endDate: '2026-04-01' }).map((p) => p.field)).toEqual(['endDate']);
    expect(checkResponsibility({ kind: 'liaison', ownerType: 'cadre', objectType: 'household', startDate: '2026-02-30' }).map((p) => p.field)).toEqual(['startDate']);
  });
  it('gives a first secretary a one-year term', () => {
    expect(defaultEnd('first_secretary', '2026-03-01')).toBe('2027-02-28');
    expect(defaultEnd('liaison', '2026-03-01')).toBeNull();
  });
  it('flags terms that are about to end, and ended ones', () => {
    expect(termStatus('2026-01-01', '2026-12-31', '2026-06-01')).toBe('active');
    expect(termStatus('2026-01-01', '2026-12-31', '2026-12-15')).toBe('expiring');
    expect(termStatus('2026-01-01', '2026-12-31', '2027-01-01')).toBe('ended');
    expect(termStatus('2026-01-01', null, '2030-01-01')).toBe('active');
    expect(termStatus('2027-01-01', null, '2026-12-01')).toBe('future');
  });
});
