import type { ConflictDecisionKind } from '../../../shared/domain/conflicts';

/**
 * Automatic assignment (`assign --auto N`), as data in and data out: which experts to
 * add so that every application has N, keeping what is assigned.
 *
 * An expert may be added to an application unless they are recused from it, or a
 * conflict is flagged without an 'allow' decision. Experts already assigned count
 * towards N whatever their flags (a flag that appeared after assigning is the
 * secretary's to decide, not this function's to undo).
 *
 * Load is balanced greedily: the applications with the fewest candidates are served
 * first (so a scarce expert is not used up elsewhere), and each slot goes to the
 * candidate with the fewest assignments so far, ties to the earlier enrolled. Each
 * application's need is independent of the others (experts have no capacity), so
 * when every application has at least N candidates the plan always succeeds.
 */

export interface AutoAssignInput {
  /** Fingerprints in enrolment order: the deterministic tie-break. */
  experts: readonly string[];
  /** Application ids in the round's order. */
  applications: readonly string[];
  /** Current assignments, fingerprint → application ids. */
  assigned: ReadonlyMap<string, readonly string[]>;
  /** `${fingerprint} ${applicationId}` of every flagged pair. */
  flagged: ReadonlySet<string>;
  /** `${fingerprint} ${applicationId}` → decision. */
  decisions: ReadonlyMap<string, ConflictDecisionKind>;
  perApplication: number;
}

export type AutoAssignPlan =
  | { ok: true; added: { fingerprint: string; applicationId: string }[] }
  | { ok: false; applicationId: string; wanted: number; available: number };

export const pairKey = (fingerprint: string, applicationId: string): string => `${fingerprint} ${applicationId}`;

export function planAutoAssignment(input: AutoAssignInput): AutoAssignPlan {
  const { experts, applications, assigned, flagged, decisions, perApplication } = input;
  const holders = new Map<string, Set<string>>(applications.map((id) => [id, new Set<string>()]));
  const load = new Map<string, number>(experts.map((fingerprint) => [fingerprint, 0]));
  for (const [fingerprint, ids] of assigned) {
    for (const id of ids) holders.get(id)?.add(fingerprint);
    load.set(fingerprint, ids.length);
  }
  const mayAdd = (fingerprint: string, applicationId: string): boolean => {
    const key = pairKey(fingerprint, applicationId);
    const decision = decisions.get(key);
    return decision !== 'recuse' && (!flagged.has(key) || decision === 'allow');
  };

  const candidates = new Map<string, string[]>();
  for (const applicationId of applications) {
    const have = holders.get(applicationId) ?? new Set<string>();
    const open = experts.filter((fingerprint) => !have.has(fingerprint) && mayAdd(fingerprint, applicationId));
    const available = have.size + open.length;
    if (available < perApplication) return { ok: false, applicationId, wanted: perApplication, available };
    candidates.set(applicationId, open);
  }

  const enrolled = new Map(experts.map((fingerprint, index) => [fingerprint, index]));
  const order = applications
    .map((applicationId, index) => ({ applicationId, index, choice: candidates.get(applicationId)?.length ?? 0 }))
    .sort((a, b) => a.choice - b.choice || a.index - b.index);
  const added: { fingerprint: string; applicationId: string }[] = [];
  for (const { applicationId } of order) {
    const have = holders.get(applicationId) ?? new Set<string>();
    const open = [...(candidates.get(applicationId) ?? [])];
    while (have.size < perApplication) {
      open.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || (enrolled.get(a) ?? 0) - (enrolled.get(b) ?? 0));
      const next = open.shift();
      // Cannot happen: the check above guaranteed enough candidates.
      if (next === undefined) return { ok: false, applicationId, wanted: perApplication, available: have.size };
      have.add(next);
      load.set(next, (load.get(next) ?? 0) + 1);
      added.push({ fingerprint: next, applicationId });
    }
  }
  // In the round's order of applications, then of experts, for a stable answer.
  const applicationIndex = new Map(applications.map((id, index) => [id, index]));
  added.sort((a, b) => (applicationIndex.get(a.applicationId) ?? 0) - (applicationIndex.get(b.applicationId) ?? 0) || (enrolled.get(a.fingerprint) ?? 0) - (enrolled.get(b.fingerprint) ?? 0));
  return { ok: true, added };
}
