import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConflictDecisionKind } from '../../../shared/domain/conflicts';
import { type AutoAssignInput, pairKey, planAutoAssignment } from './autoAssign';

const experts = ['A', 'B', 'C', 'D'];
const applications = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

function input(fields: Partial<AutoAssignInput>): AutoAssignInput {
  return { experts, applications, assigned: new Map(), flagged: new Set(), decisions: new Map(), perApplication: 2, ...fields };
}

function loads(plan: { fingerprint: string }[], start: ReadonlyMap<string, readonly string[]> = new Map()): Map<string, number> {
  const load = new Map(experts.map((e) => [e, start.get(e)?.length ?? 0]));
  for (const { fingerprint } of plan) load.set(fingerprint, (load.get(fingerprint) ?? 0) + 1);
  return load;
}

describe('planAutoAssignment', () => {
  it('gives every application N experts, spread evenly, the same way every time', () => {
    const plan = planAutoAssignment(input({}));
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.added).toHaveLength(12);
    expect([...loads(plan.added).values()]).toEqual([3, 3, 3, 3]);
    expect(planAutoAssignment(input({}))).toEqual(plan);
    // The first application goes to the first enrolled experts.
    expect(plan.added.filter((a) => a.applicationId === 'p1').map((a) => a.fingerprint)).toEqual(['A', 'B']);
  });

  it('keeps existing assignments, counts them and tops up only the rest', () => {
    const assigned = new Map([['A', ['p1', 'p2', 'p3']]]);
    const plan = planAutoAssignment(input({ assigned }));
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.added.some((a) => a.fingerprint === 'A' && ['p1', 'p2', 'p3'].includes(a.applicationId))).toBe(false);
    expect(plan.added.filter((a) => a.applicationId === 'p1')).toHaveLength(1);
    // A already has three: the others take the new slots first.
    expect(loads(plan.added, assigned).get('A')).toBe(3);
  });

  it('never picks a recused pair or a flagged one without an allow', () => {
    const flagged = new Set([pairKey('A', 'p1'), pairKey('B', 'p1'), pairKey('C', 'p1')]);
    const decisions = new Map<string, ConflictDecisionKind>([
      [pairKey('B', 'p1'), 'allow'],
      [pairKey('C', 'p1'), 'recuse'],
      [pairKey('D', 'p2'), 'recuse'],
    ]);
    const plan = planAutoAssignment(input({ flagged, decisions }));
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.added.filter((a) => a.applicationId === 'p1').map((a) => a.fingerprint).sort()).toEqual(['B', 'D']);
    expect(plan.added.some((a) => a.fingerprint === 'D' && a.applicationId === 'p2')).toBe(false);
  });

  it('serves the application with fewest candidates first, so a scarce expert is not used up', () => {
    // Only D may review p6; with N = 1 and p6 served last, D would already carry a load.
    const flagged = new Set(['A', 'B', 'C'].map((e) => pairKey(e, 'p6')));
    const plan = planAutoAssignment(input({ flagged, perApplication: 1 }));
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.added.find((a) => a.applicationId === 'p6')?.fingerprint).toBe('D');
    expect(Math.max(...loads(plan.added).values()) - Math.min(...loads(plan.added).values())).toBeLessThanOrEqual(1);
  });

  it('refuses when an application has fewer candidates than N, naming it', () => {
    const flagged = new Set([pairKey('A', 'p3'), pairKey('B', 'p3')]);
    const decisions = new Map<string, ConflictDecisionKind>([[pairKey('C', 'p3'), 'recuse']]);
    expect(planAutoAssignment(input({ flagged, decisions }))).toEqual({ ok: false, applicationId: 'p3', wanted: 2, available: 1 });
    expect(planAutoAssignment(input({ perApplication: 5 }))).toEqual({ ok: false, applicationId: 'p1', wanted: 5, available: 4 });
    expect(planAutoAssignment(input({ experts: [] }))).toEqual({ ok: false, applicationId: 'p1', wanted: 2, available: 0 });
  });

  it('holds its promises for any panel (property)', () => {
    const panel = fc
      .record({ expertCount: fc.integer({ min: 0, max: 7 }), applicationCount: fc.integer({ min: 0, max: 9 }), perApplication: fc.integer({ min: 1, max: 4 }) })
      .chain(({ expertCount, applicationCount, perApplication }) => {
        const es = Array.from({ length: expertCount }, (_, i) => `E${i}`);
        const as = Array.from({ length: applicationCount }, (_, i) => `a${i}`);
        const pairs = es.flatMap((e) => as.map((a) => [e, a] as const));
        const state = fc.constantFrom('none', 'assigned', 'flagged', 'allowed', 'recused', 'recusedUnflagged');
        return fc.tuple(fc.constant({ es, as, perApplication }), fc.array(state, { minLength: pairs.length, maxLength: pairs.length }), fc.constant(pairs));
      });
    fc.assert(
      fc.property(panel, ([{ es, as, perApplication }, states, pairs]) => {
        const assigned = new Map<string, string[]>();
        const flagged = new Set<string>();
        const decisions = new Map<string, ConflictDecisionKind>();
        pairs.forEach(([e, a], i) => {
          const s = states[i];
          if (s === 'assigned') assigned.set(e, [...(assigned.get(e) ?? []), a]);
          if (s === 'flagged' || s === 'allowed' || s === 'recused') flagged.add(pairKey(e, a));
          if (s === 'allowed') decisions.set(pairKey(e, a), 'allow');
          if (s === 'recused' || s === 'recusedUnflagged') decisions.set(pairKey(e, a), 'recuse');
        });
        const plan = planAutoAssignment({ experts: es, applications: as, assigned, flagged, decisions, perApplication });
        const holders = (a: string) => es.filter((e) => assigned.get(e)?.includes(a));
        const candidates = (a: string) => es.filter((e) => !holders(a).includes(e) && decisions.get(pairKey(e, a)) !== 'recuse' && (!flagged.has(pairKey(e, a)) || decisions.get(pairKey(e, a)) === 'allow'));
        const feasible = as.every((a) => holders(a).length + candidates(a).length >= perApplication);
        expect(plan.ok).toBe(feasible);
        if (!plan.ok) {
          expect(plan.available).toBeLessThan(perApplication);
          return;
        }
        const seen = new Set<string>();
        for (const { fingerprint, applicationId } of plan.added) {
          const key = pairKey(fingerprint, applicationId);
          expect(seen.has(key)).toBe(false);
          seen.add(key);
          expect(candidates(applicationId)).toContain(fingerprint);
        }
        for (const a of as) {
          const now = holders(a).length + plan.added.filter((x) => x.applicationId === a).length;
          expect(now).toBe(Math.max(perApplication, holders(a).length));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('balances load to within one when nothing is assigned or flagged (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 8 }), (expertCount, applicationCount, n) => {
        fc.pre(n <= expertCount);
        const es = Array.from({ length: expertCount }, (_, i) => `E${i}`);
        const as = Array.from({ length: applicationCount }, (_, i) => `a${i}`);
        const plan = planAutoAssignment({ experts: es, applications: as, assigned: new Map(), flagged: new Set(), decisions: new Map(), perApplication: n });
        if (!plan.ok) throw new Error('expected a plan');
        const load = es.map((e) => plan.added.filter((a) => a.fingerprint === e).length);
        expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
