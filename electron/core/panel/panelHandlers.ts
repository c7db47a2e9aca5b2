import type { Commands } from '../../../shared/contract/commands';
import type { Round } from '../../../shared/domain/round';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Handlers } from '../router';
import { requireRound, type RoundRepository } from '../rounds/roundRepository';
import { planEnrolment } from './enrolExperts';
import { exportPanels, type ExportPanelsDeps } from './exportPanels';
import { resolveFingerprint } from './resolveExpert';

export interface PanelDeps extends ExportPanelsDeps {
  rounds: RoundRepository;
  events: EventBus;
}

type PanelCommandName = 'expert.add' | 'expert.list' | 'assignment.set' | 'panel.export';

/** The secretary's side of a panel: enrol experts, assign applications, export packages. */
export function panelHandlers(deps: PanelDeps): Pick<Handlers<Commands>, PanelCommandName> {
  /** Experts, assignments and packages belong to rounds this data directory runs, never to one it reviews in. */
  const secretaryRound = (roundId: string): Round => {
    const round = requireRound(deps.rounds, roundId);
    if (round.role !== 'secretary') throw new AppError('ROUND_NOT_SECRETARY', `round ${roundId} is an expert round`, { roundId, name: round.name });
    return round;
  };
  return {
    'expert.add': ({ roundId, cards }) => {
      secretaryRound(roundId);
      const plan = planEnrolment(roundId, cards, (fingerprint) => deps.panel.getExpert(roundId, fingerprint), deps.now().toISOString());
      if (plan.added.length > 0) {
        deps.db.transaction(() => {
          deps.panel.insertExperts(plan.added);
          deps.audit.append({
            roundId,
            action: 'expert.add',
            detail: { experts: plan.added.map((expert) => ({ fingerprint: expert.fingerprint, name: expert.name, affiliation: expert.affiliation })) },
          });
        })();
        deps.events.emit({ type: 'changed', entity: 'experts' });
      }
      return { experts: plan.enrolments };
    },
    'expert.list': ({ roundId }) => {
      secretaryRound(roundId);
      return { experts: deps.panel.listExperts(roundId) };
    },
    'assignment.set': ({ roundId, fingerprint: given, applicationIds }) => {
      secretaryRound(roundId);
      const fingerprint = resolveFingerprint(given, deps.panel.expertRecords(roundId).map((expert) => expert.fingerprint), roundId);
      const unique = [...new Set(applicationIds)];
      for (const applicationId of unique) {
        const application = deps.applications.getApplication(applicationId);
        if (application === undefined) throw new AppError('NOT_FOUND', `no application ${applicationId}`, { what: applicationId });
        if (application.roundId !== roundId) {
          throw new AppError('APPLICATION_NOT_IN_ROUND', `application ${applicationId} belongs to round ${application.roundId}, not ${roundId}`, {
            applicationId,
            roundId,
          });
        }
      }
      deps.db.transaction(() => {
        deps.panel.setAssignments(roundId, fingerprint, unique);
        deps.audit.append({ roundId, action: 'assignment.set', detail: { fingerprint, applicationIds: unique } });
      })();
      deps.events.emit({ type: 'changed', entity: 'experts' });
      const assignments = (deps.panel.assignmentsByExpert(roundId).get(fingerprint) ?? []).map((applicationId) => ({ fingerprint, applicationId }));
      // Conflict-of-interest flags (same city, province or affiliation) are issue 7; until
      // then nothing is flagged, and the field is here so scripts can rely on it.
      return { assignments, conflicts: [] };
    },
    'panel.export': ({ roundId, outDir }, context) => exportPanels(deps, secretaryRound(roundId), outDir, context),
  };
}
