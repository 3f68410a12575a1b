import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, RULES, STATUSES, allowedActions, childrenSettled, step, type Action, type ActionInput, type RequestState, type Side, type Status } from './requests.ts';

const now = new Date('2026-10-12T02:00:00Z');
const base = (status: Status, over: Partial<RequestState> = {}): RequestState =>
  ({ status, isChild: false, hasChildren: false, replied: status === 'replied' || status === 'resolved', reopenCount: 0, extensionPending: false, dispatchedAt: null, ...over });
const input: ActionInput = { verdict: 'satisfied', text: '已处理', reason: '原因', days: 3, approve: true, departmentId: 1 };

// The specification, written out independently of RULES: for a top-level request with no
// pending extension, what the side that owns each step may do in each state, and where it leads.
const SPEC: Record<Status, Partial<Record<Action, Status>>> = {
  received: { dispatch: 'dispatched', dispatch_joint: 'joint', escalate: 'escalated', merge: 'merged' },
  escalated: { dispatch: 'dispatched', dispatch_joint: 'joint' },
  dispatched: { accept: 'in_progress', return: 'returned' },
  returned: { dispatch: 'dispatched', dispatch_joint: 'joint', escalate: 'escalated' },
  in_progress: { note: 'in_progress', request_extension: 'in_progress', constrain: 'constrained', reply: 'replied' },
  reopened: { note: 'reopened', request_extension: 'reopened', constrain: 'constrained', reply: 'replied' },
  constrained: { note: 'constrained', resume: 'in_progress' },
  replied: { note: 'replied', constrain: 'constrained', resolve: 'resolved' },
  resolved: { follow_up: 'closed' },
  joint: { children_resolved: 'resolved' },
  closed: {},
  merged: {},
};
const SIDES: Side[] = ['office', 'leader', 'department', 'system'];

describe('request state machine, every state against every action', () => {
  for (const status of STATUSES) {
    it(`${status}`, () => {
      for (const action of ACTIONS) {
        const owner = RULES[action].by;
        for (const side of SIDES) {
          const r = step(base(status), action, side, input, { now });
          const expected = SPEC[status][action];
          if (!owner.includes(side)) {
            expect(r.ok, `${side} ${action} on ${status}`).toBe(false);
            if (!r.ok) expect(r.code).toBe('side');
          } else if (expected) {
            expect(r.ok, `${side} ${action} on ${status}`).toBe(true);
            if (r.ok) expect(r.to).toBe(expected);
          } else if (action !== 'reopen_child' && action !== 'decide_extension') {
            expect(r.ok, `${side} ${action} on ${status}`).toBe(false);
            if (!r.ok) {
              expect(r.code).toBe('state');
              expect(r.status).toBe(status);
              expect(r.allowed).toEqual(allowedActions(base(status), side));
              expect(r.reason).toMatch(/\|/); // Chinese and English
            }
          }
        }
      }
      // allowedActions agrees with step for each owning side.
      for (const side of SIDES) {
        const allowed = allowedActions(base(status), side);
        for (const a of ACTIONS) expect(allowed.includes(a), `${side} ${a} on ${status}`).toBe(step(base(status), a, side, input, { now }).ok);
      }
    });
  }

  it('decides an extension only when one is pending, and never two at once', () => {
    const pending = base('in_progress', { extensionPending: true });
    expect(step(pending, 'request_extension', 'department', input, { now }).ok).toBe(false);
    const d = step(pending, 'decide_extension', 'office', input, { now });
    expect(d.ok && d.patch.extensionPending).toBe(false);
    expect(step(base('in_progress'), 'decide_extension', 'office', input, { now }).ok).toBe(false);
    expect(step(base('constrained', { extensionPending: true }), 'decide_extension', 'office', input, { now }).ok).toBe(true);
  });

  it('reopens an unsatisfied request with a raised count, and a joint parent goes back to its children', () => {
    const r = step(base('resolved', { reopenCount: 2 }), 'follow_up', 'office', { verdict: 'unsatisfied' }, { now });
    expect(r).toMatchObject({ ok: true, to: 'reopened', patch: { reopenCount: 3, replied: false } });
    const p = step(base('resolved', { hasChildren: true }), 'follow_up', 'office', { verdict: 'unsatisfied' }, { now });
    expect(p).toMatchObject({ ok: true, to: 'joint' });
    expect(step(base('resolved'), 'follow_up', 'office', { verdict: 'basically' }, { now })).toMatchObject({ ok: true, to: 'closed' });
    expect(step(base('resolved'), 'follow_up', 'office', {}, { now }).ok).toBe(false);
  });

  it('keeps child orders away from office-only steps', () => {
    const child = (s: Status) => base(s, { isChild: true });
    expect(step(child('received'), 'escalate', 'office', input, { now })).toMatchObject({ ok: false, code: 'child' });
    expect(step(child('resolved'), 'follow_up', 'office', input, { now })).toMatchObject({ ok: false, code: 'child' });
    expect(step(child('returned'), 'dispatch', 'office', input, { now })).toMatchObject({ ok: true, to: 'dispatched' });
    expect(step(child('resolved'), 'reopen_child', 'system', input, { now })).toMatchObject({ ok: true, to: 'reopened' });
    expect(step(base('resolved'), 'reopen_child', 'system', input, { now })).toMatchObject({ ok: false, code: 'child' });
  });

  it('refuses a return after two working days', () => {
    const at = new Date('2026-10-08T01:00:00Z');
    const days = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 86_400_000);
    const s = base('dispatched', { dispatchedAt: at });
    expect(step(s, 'return', 'department', input, { now: new Date('2026-10-10T01:00:00Z'), workingDaysSince: days }).ok).toBe(true);
    expect(step(s, 'return', 'department', input, { now: new Date('2026-10-11T01:00:00Z'), workingDaysSince: days })).toMatchObject({ ok: false, code: 'guard' });
  });
});

// ---- properties over random lives: a parent, maybe with child orders, driven by random steps ----

interface Case { parent: RequestState; children: RequestState[]; lead: number; closedWithoutReply: boolean; reopenDrops: boolean }
const SYSTEM_NOW = { now };

function apply(c: Case, target: number, action: Action, side: Side, inp: ActionInput): void {
  const node = target < 0 ? c.parent : c.children[target];
  if (!node) return;
  const before = node.reopenCount;
  const r = step(node, action, side, inp, SYSTEM_NOW);
  if (!r.ok) return;
  if (action === 'follow_up' && r.to === 'closed' && !node.replied) c.closedWithoutReply = true;
  Object.assign(node, r.patch, { status: r.to });
  if (node.reopenCount < before) c.reopenDrops = true;
  if (target < 0 && action === 'dispatch_joint') {
    node.hasChildren = true;
    c.children = [0, 1].map(() => ({ status: 'dispatched', isChild: true, hasChildren: false, replied: false, reopenCount: 0, extensionPending: false, dispatchedAt: now }) as RequestState);
  }
  if (target < 0 && action === 'follow_up' && r.to === 'joint') apply(c, c.lead, 'reopen_child', 'system', {});
  // The service's rule: a joint parent resolves when its children are settled.
  if (c.parent.status === 'joint' && childrenSettled(c.children)) apply(c, -1, 'children_resolved', 'system', {});
}

// Each step picks a target (the parent or a child) and one of the steps its owners may take
// there, so lives run deep (dispatch, accept, reply, resolve, follow-up, reopen …); every
// tenth step instead tries an arbitrary action by an arbitrary side, which must either be
// refused without any change or be a legal step.
const stepArb = fc.record({
  target: fc.integer({ min: -1, max: 1 }),
  pick: fc.nat(),
  wild: fc.integer({ min: 0, max: 9 }),
  action: fc.constantFrom(...ACTIONS),
  side: fc.constantFrom<Side>('office', 'leader', 'department', 'system'),
  verdict: fc.constantFrom('satisfied', 'basically', 'unsatisfied', 'unsatisfied'),
});

describe('request lives (property-based)', () => {
  it('never closes without a reply, never lowers the reopen count, keeps parent and children consistent', () => {
    const reached = new Set<string>();
    fc.assert(fc.property(fc.array(stepArb, { minLength: 10, maxLength: 200 }), (steps) => {
      const c: Case = { parent: base('received'), children: [], lead: 0, closedWithoutReply: false, reopenDrops: false };
      let reopens = 0;
      for (const s of steps) {
        const node = s.target < 0 ? c.parent : c.children[s.target];
        if (!node) continue;
        let action = s.action, side = s.side;
        if (s.wild !== 0) {
          const options = (['office', 'leader', 'department'] as Side[]).flatMap((sd) => allowedActions(node, sd).map((a) => [a, sd] as const));
          if (!options.length) continue;
          [action, side] = options[s.pick % options.length];
        } else {
          const snapshot = JSON.stringify(node);
          const r = step(node, action, side, { ...input, verdict: s.verdict as ActionInput['verdict'] }, SYSTEM_NOW);
          if (!r.ok) { expect(JSON.stringify(node)).toBe(snapshot); continue; }
          if (side === 'system') continue; // the system's steps are the service's own, below
        }
        const parentWasResolved = s.target < 0 && c.parent.status === 'resolved';
        const before = c.parent.reopenCount;
        apply(c, s.target, action, side, { ...input, verdict: s.verdict as ActionInput['verdict'] });
        if (parentWasResolved && action === 'follow_up' && s.verdict === 'unsatisfied') {
          reopens++;
          expect(c.parent.reopenCount).toBe(before + 1);
          reached.add(c.parent.hasChildren ? 'joint reopened' : 'reopened');
        }
        reached.add(c.parent.status);
        // Consistency after every step.
        if (c.parent.status === 'resolved' && c.parent.hasChildren) expect(childrenSettled(c.children)).toBe(true);
        if (c.parent.status === 'joint') expect(childrenSettled(c.children)).toBe(false);
        if (c.parent.status === 'closed') expect(c.parent.replied).toBe(true);
        if (c.parent.hasChildren) expect(['joint', 'resolved', 'closed']).toContain(c.parent.status);
        for (const ch of c.children) expect(['closed', 'merged', 'joint', 'escalated', 'received']).not.toContain(ch.status);
      }
      expect(c.closedWithoutReply).toBe(false);
      expect(c.reopenDrops).toBe(false);
      expect(c.parent.reopenCount).toBe(reopens);
    }), { numRuns: 3000 });
    // The lives explored the whole machine, joint orders and reopening included.
    for (const s of ['closed', 'reopened', 'joint reopened', 'constrained', 'merged', 'escalated', 'returned']) expect(reached, s).toContain(s);
  });

  it('can always reach closed from any reachable state (no dead ends)', () => {
    // From every state some owning side has a step, except the finished ones.
    for (const s of STATUSES) {
      const any = (['office', 'leader', 'department', 'system'] as Side[]).some((side) => allowedActions(base(s), side).length > 0);
      expect(any, s).toBe(!['closed', 'merged'].includes(s));
    }
  });
});
