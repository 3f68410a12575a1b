import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STREETS } from './places.ts';
import { CATEGORY_TEXTS, CATEGORY_WEIGHTS, generateRequests, type DemoOutcome, type DemoRequestDraft } from './requests.ts';

const CODES: string[] = JSON.parse(readFileSync(new URL('../../reference/categories.json', import.meta.url), 'utf8'))
  .categories.map((c: { code: string }) => c.code);

const streets = STREETS.map((s) => s.name);
const communities = STREETS.flatMap((s) => [...s.communities.map((c) => c + '社区'), ...s.villages]);
const HOUSEHOLDS = 15_310;
const opts = (seed: number, scale = 1) => ({ seed, scale, households: HOUSEHOLDS, streets, communities });

const START = Date.parse('2026-05-01T00:00:00+08:00');
const END = Date.parse('2026-11-21T09:00:00+08:00');
const DAY = 86_400_000;

const tally = <K extends string>(rows: DemoRequestDraft[], key: (r: DemoRequestDraft) => K) => {
  const m = {} as Record<K, number>;
  for (const r of rows) m[key(r)] = (m[key(r)] ?? 0) + 1;
  return m;
};

describe('generateRequests', () => {
  const rows = generateRequests(opts(1));

  it('generates 1,013 requests', () => {
    expect(rows).toHaveLength(1013);
  });

  it('is deterministic per seed', () => {
    expect(generateRequests(opts(1))).toEqual(rows);
    const other = generateRequests(opts(2));
    expect(other).toHaveLength(1013);
    expect(other.map((r) => r.text)).not.toEqual(rows.map((r) => r.text));
  });

  it('hits the published outcome totals', () => {
    const o = tally(rows, (r) => r.outcome) as Partial<Record<DemoOutcome, number>>;
    expect((o.resolved ?? 0) + (o.closed ?? 0)).toBe(585);
    expect(o.closed!).toBeGreaterThan(o.resolved! * 3);
    expect(o.constrained).toBe(204);
    const open = (['received', 'dispatched', 'in_progress', 'replied', 'returned', 'reopened'] as const).map((k) => o[k] ?? 0);
    expect(open.reduce((a, b) => a + b, 0)).toBe(224);
    for (const n of open) expect(n).toBeGreaterThan(0);
  });

  it('uses every reference category, each at least 10 times', () => {
    expect(Object.keys(CATEGORY_WEIGHTS).sort()).toEqual([...CODES].sort());
    expect(Object.keys(CATEGORY_TEXTS).sort()).toEqual([...CODES].sort());
    const c = tally(rows, (r) => r.category);
    for (const r of rows) expect(CODES).toContain(r.category);
    for (const code of CODES) expect(c[code] ?? 0).toBeGreaterThanOrEqual(10);
    expect(c.roads).toBeGreaterThan(c['cadre-conduct'] * 3);
  });

  it('has enough phrase material per category', () => {
    for (const [code, t] of Object.entries(CATEGORY_TEXTS)) {
      expect(t.matters.length, code).toBeGreaterThanOrEqual(8);
      expect(new Set(t.matters).size, code).toBe(t.matters.length);
      expect(t.openings.length, code).toBeGreaterThan(0);
      expect(t.closings.length, code).toBeGreaterThan(0);
      expect(t.replies.length, code).toBeGreaterThanOrEqual(3);
      expect(t.resolutions.length, code).toBeGreaterThanOrEqual(2);
      expect(t.constraints.length, code).toBeGreaterThanOrEqual(2);
    }
  });

  it('writes mostly distinct, fully filled texts', () => {
    expect(new Set(rows.map((r) => r.text)).size / rows.length).toBeGreaterThanOrEqual(0.95);
    for (const r of rows) {
      for (const s of [r.text, r.replyText, r.resolutionText, r.constraintText]) {
        if (s === null) continue;
        expect(s).not.toMatch(/[{}|]/);
        expect(s.length).toBeGreaterThan(8);
      }
    }
  });

  it('keeps verdict and answers consistent with the outcome', () => {
    for (const r of rows) {
      const replied = ['replied', 'resolved', 'closed', 'reopened'].includes(r.outcome);
      expect(r.replyText !== null, r.outcome).toBe(replied);
      expect(r.resolutionText !== null).toBe(r.outcome === 'resolved' || r.outcome === 'closed');
      expect(r.constraintText !== null).toBe(r.outcome === 'constrained');
      if (r.outcome === 'closed') expect(['satisfied', 'basically']).toContain(r.verdict);
      else if (r.outcome === 'reopened') expect(r.verdict).toBe('unsatisfied');
      else expect(r.verdict).toBeNull();
    }
    const closed = rows.filter((r) => r.outcome === 'closed');
    const satisfied = closed.filter((r) => r.verdict === 'satisfied').length / closed.length;
    expect(satisfied).toBeGreaterThan(0.8);
    expect(satisfied).toBeLessThan(0.97);
  });

  it('dates requests in range, recent ones unfinished, counters in time order', () => {
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      expect(r.receivedAt).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      const t = Date.parse(r.receivedAt);
      expect(t).toBeGreaterThanOrEqual(START);
      expect(t).toBeLessThanOrEqual(END);
      if (i > 0) expect(t).toBeGreaterThanOrEqual(Date.parse(rows[i - 1].receivedAt));
      if (r.channel === 'window' || r.channel === 'letter') {
        const local = new Date(t + 8 * 3_600_000);
        expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
        const min = local.getUTCHours() * 60 + local.getUTCMinutes();
        expect(min).toBeGreaterThanOrEqual(510);
        expect(min).toBeLessThanOrEqual(1050);
      }
      if (['received', 'dispatched', 'in_progress', 'replied', 'returned'].includes(r.outcome)) expect(END - t).toBeLessThan(22 * DAY);
      if (r.outcome === 'closed' || r.outcome === 'constrained') expect(END - t).toBeGreaterThan(7 * DAY);
    });
    // Denser lately: the last two months hold more than the first three.
    const month = tally(rows, (r) => r.receivedAt.slice(0, 7));
    expect(month['2026-10'] + month['2026-11']).toBeGreaterThan(month['2026-05'] + month['2026-06'] + month['2026-07']);
  });

  it('follows the kind, channel and flag mix', () => {
    const kinds = tally(rows, (r) => r.kind);
    expect(kinds.demand).toBeGreaterThan(Math.max(kinds.opinion, kinds.suggestion, kinds.complaint, kinds.inquiry));
    expect(kinds.opinion + kinds.suggestion).toBeGreaterThan(kinds.complaint + kinds.inquiry);
    const ch = tally(rows, (r) => r.channel);
    expect(ch.visit).toBeGreaterThan(ch.hotline);
    expect(ch.hotline).toBeGreaterThan(ch.grid);
    expect(ch.grid + ch.web).toBeGreaterThan((ch.letter ?? 0) + (ch.window ?? 0) + (ch.api ?? 0));

    const share = (f: (r: DemoRequestDraft) => boolean) => rows.filter(f).length / rows.length;
    expect(share((r) => r.anonymous)).toBeGreaterThan(0.01);
    expect(share((r) => r.anonymous)).toBeLessThan(0.06);
    expect(share((r) => r.confidential)).toBeGreaterThan(0.005);
    expect(share((r) => r.confidential)).toBeLessThan(0.04);
    expect(share((r) => r.urgency === 'urgent')).toBeGreaterThan(0.03);
    expect(share((r) => r.urgency === 'urgent')).toBeLessThan(0.08);
    const urgent = rows.filter((r) => r.urgency === 'urgent');
    const typical = urgent.filter((r) => ['water-drainage', 'heating-gas', 'public-order', 'traffic-safety'].includes(r.category));
    expect(typical.length / urgent.length).toBeGreaterThan(0.6);
  });

  it('links named requests to households, anonymous ones to none', () => {
    for (const r of rows) {
      if (r.anonymous) expect(r.householdIndex).toBeNull();
      else {
        expect(Number.isInteger(r.householdIndex)).toBe(true);
        expect(r.householdIndex!).toBeGreaterThanOrEqual(0);
        expect(r.householdIndex!).toBeLessThan(HOUSEHOLDS);
      }
    }
  });

  it('scales: scale 2 about doubles, small scales still work', () => {
    const big = generateRequests(opts(1, 2));
    expect(big).toHaveLength(2026);
    const o = tally(big, (r) => r.outcome) as Partial<Record<DemoOutcome, number>>;
    expect((o.resolved ?? 0) + (o.closed ?? 0)).toBe(1170);
    expect(o.constrained).toBe(408);
    expect(new Set(big.map((r) => r.text)).size / big.length).toBeGreaterThanOrEqual(0.95);
    const small = generateRequests({ ...opts(1, 0.05), households: 0, communities: [] });
    expect(small).toHaveLength(51);
    for (const r of small) expect(r.householdIndex).toBeNull();
  });
});
