import { describe, expect, it } from 'vitest';
import { auditMac, canonicalJson, chainOf, GENESIS } from './audit-chain.ts';

const row = { seq: 1, at: new Date('2026-11-21T08:00:00Z'), actor_id: 1, actor: 'admin', action: 'update', entity: 'household', entity_id: '5', region_path: '/1/', before: { a: 1, b: [1, 2] }, after: { b: [1, 2], a: 2 }, meta: null };

describe('audit chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
  it('a MAC changes with any field and with the key', () => {
    const m = auditMac('k', row);
    expect(auditMac('k', { ...row })).toBe(m);
    expect(auditMac('k', { ...row, after: { a: 3, b: [1, 2] } })).not.toBe(m);
    expect(auditMac('k', { ...row, seq: 2 })).not.toBe(m);
    expect(auditMac('other', row)).not.toBe(m);
  });
  it('the chain depends on order and on every member', () => {
    const a = { seq: 1, mac: 'x' }, b = { seq: 2, mac: 'y' };
    expect(chainOf(GENESIS, [a, b])).not.toBe(chainOf(GENESIS, [b, a]));
    expect(chainOf(GENESIS, [a])).not.toBe(chainOf(GENESIS, [a, b]));
  });
});
