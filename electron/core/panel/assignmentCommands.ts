import type { Commands } from '../../../shared/contract/commands';
import type { Conflict } from '../../../shared/domain/expert';
import { AppError } from '../errors';
import type { Handlers } from '../router';
import { pairKey, planAutoAssignment } from './autoAssign';
import type { PanelDeps, SecretaryRound } from './panelHandlers';
import { readConflicts, readExperts, stalePackagesOf } from './panelView';
import { resolveFingerprint } from './resolveExpert';

type AssignmentCommandName = 'assignment.set' | 'assignment.auto' | 'conflict.decide' | 'conflict.list';

/**
 * Who reviews what: manual and automatic assignment, and the secretary's decisions on
 * flagged conflicts of interest. Every refusal comes before the transaction, so a
 * refused command changes nothing; the database triggers of migration 009 refuse a
 * recused assignment even if a check here were missed.
 */
export function assignmentCommands(deps: PanelDeps, secretaryRound: SecretaryRound): Pick<Handlers<Commands>, AssignmentCommandName> {
  const enrolledFingerprint = (roundId: string, given: string): string =>
    resolveFingerprint(given, deps.panel.expertRecords(roundId).map((expert) => expert.fingerprint), roundId);

  const requireRoundApplication = (roundId: string, applicationId: string): void => {
    const application = deps.applications.getApplication(applicationId);
    if (application === undefined) throw new AppError('NOT_FOUND', `no application ${applicationId}`, { what: applicationId });
    if (application.roundId !== roundId) {
      throw new AppError('APPLICATION_NOT_IN_ROUND', `application ${applicationId} belongs to round ${application.roundId}, not ${roundId}`, {
        applicationId,
        roundId,
      });
    }
  };

  const allAssignments = (roundId: string) =>
    readExperts(deps, roundId).flatMap((expert) => expert.applicationIds.map((applicationId) => ({ fingerprint: expert.fingerprint, applicationId })));

  return {
    'assignment.set': ({ roundId, fingerprint: given, applicationIds }) => {
      secretaryRound(roundId);
      const fingerprint = enrolledFingerprint(roundId, given);
      const unique = [...new Set(applicationIds)];
      for (const applicationId of unique) requireRoundApplication(roundId, applicationId);
      const mine = new Map(
        readConflicts(deps, roundId)
          .filter((conflict) => conflict.fingerprint === fingerprint)
          .map((conflict) => [conflict.applicationId, conflict]),
      );
      for (const applicationId of unique) refuseConflicted(mine.get(applicationId));
      deps.db.transaction(() => {
        deps.panel.setAssignments(roundId, fingerprint, unique);
        deps.audit.append({ roundId, action: 'assignment.set', detail: { fingerprint, applicationIds: unique } });
      })();
      deps.events.emit({ type: 'changed', entity: 'experts' });
      const experts = readExperts(deps, roundId);
      const assigned = experts.find((expert) => expert.fingerprint === fingerprint)?.applicationIds ?? [];
      return {
        assignments: assigned.map((applicationId) => ({ fingerprint, applicationId })),
        conflicts: assigned.flatMap((applicationId) => mine.get(applicationId) ?? []),
        stalePackages: stalePackagesOf(experts),
      };
    },

    'assignment.auto': ({ roundId, perApplication }) => {
      secretaryRound(roundId);
      const conflicts = readConflicts(deps, roundId);
      const plan = planAutoAssignment({
        experts: deps.panel.expertRecords(roundId).map((expert) => expert.fingerprint),
        applications: deps.applications.listApplications(roundId).map((application) => application.id),
        assigned: deps.panel.assignmentsByExpert(roundId),
        flagged: new Set(conflicts.filter((c) => c.bases.length > 0).map((c) => pairKey(c.fingerprint, c.applicationId))),
        decisions: new Map(conflicts.flatMap((c) => (c.decision === null ? [] : [[pairKey(c.fingerprint, c.applicationId), c.decision] as const]))),
        perApplication,
      });
      if (!plan.ok) {
        const { applicationId, wanted, available } = plan;
        throw new AppError('AUTO_ASSIGN_IMPOSSIBLE', `application ${applicationId} cannot get ${wanted} experts: ${available} are available`, {
          applicationId,
          wanted,
          available,
        });
      }
      if (plan.added.length > 0) {
        deps.db.transaction(() => {
          deps.panel.addAssignments(roundId, plan.added);
          deps.audit.append({ roundId, action: 'assignment.auto', detail: { perApplication, added: plan.added.map(({ fingerprint, applicationId }) => ({ fingerprint, applicationId })) } });
        })();
        deps.events.emit({ type: 'changed', entity: 'experts' });
      }
      return { assignments: allAssignments(roundId), added: plan.added, conflicts, stalePackages: stalePackagesOf(readExperts(deps, roundId)) };
    },

    'conflict.decide': ({ roundId, fingerprint: given, applicationId, decision, reason }) => {
      secretaryRound(roundId);
      const fingerprint = enrolledFingerprint(roundId, given);
      requireRoundApplication(roundId, applicationId);
      const bases = readConflicts(deps, roundId).find((c) => c.fingerprint === fingerprint && c.applicationId === applicationId)?.bases ?? [];
      const unassigned = deps.db.transaction(() => {
        // The recusal trigger refuses while the assignment exists: it goes first.
        const removed = decision === 'recuse' && deps.panel.unassign(roundId, fingerprint, applicationId);
        deps.panel.decide(roundId, { fingerprint, applicationId, decision, reason, decidedAt: deps.now().toISOString() });
        deps.audit.append({ roundId, action: 'conflict.decide', detail: { fingerprint, applicationId, decision, reason, bases, unassigned: removed } });
        return removed;
      })();
      deps.events.emit({ type: 'changed', entity: 'experts' });
      const conflict = readConflicts(deps, roundId).find((c) => c.fingerprint === fingerprint && c.applicationId === applicationId);
      if (conflict === undefined) throw new AppError('INTERNAL', `the decision on ${fingerprint} and ${applicationId} was not stored`, { detail: 'decision lost' });
      return { conflict, unassigned, stalePackages: stalePackagesOf(readExperts(deps, roundId)) };
    },

    'conflict.list': ({ roundId }) => {
      secretaryRound(roundId);
      return { conflicts: readConflicts(deps, roundId) };
    },
  };
}

/** A recused pair is never assigned; a flagged one only once it is allowed. */
export function refuseConflicted(conflict: Conflict | undefined): void {
  if (conflict === undefined) return;
  const { fingerprint, applicationId } = conflict;
  if (conflict.decision === 'recuse') {
    throw new AppError('ASSIGNMENT_RECUSED', `${fingerprint} is recused from application ${applicationId}`, { fingerprint, applicationId });
  }
  if (conflict.bases.length > 0 && conflict.decision !== 'allow') {
    throw new AppError('CONFLICT_UNDECIDED', `${fingerprint} has an undecided conflict (${conflict.bases.join(', ')}) with application ${applicationId}`, {
      fingerprint,
      applicationId,
      // What the person reads: the expert's values that matched, the same in any language.
      basis: conflict.matched.join(' / '),
      bases: conflict.bases.join(','),
    });
  }
}
