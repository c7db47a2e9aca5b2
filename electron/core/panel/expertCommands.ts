import type { Commands } from '../../../shared/contract/commands';
import type { AuditJson } from '../../../shared/domain/audit';
import type { Expert } from '../../../shared/domain/expert';
import { AppError } from '../errors';
import type { Handlers } from '../router';
import { planEnrolment } from './enrolExperts';
import type { PanelDeps, SecretaryRound } from './panelHandlers';
import type { ExpertRecord } from './panelRepository';
import { readExperts } from './panelView';
import { resolveFingerprint } from './resolveExpert';

type ExpertCommandName = 'expert.add' | 'expert.checkCards' | 'expert.list' | 'expert.update' | 'expert.remove';

type EditableField = 'name' | 'affiliation' | 'city' | 'province';
const EDITABLE: readonly EditableField[] = ['name', 'affiliation', 'city', 'province'];

/** Enrolling experts from key cards, recording where they work, removing them. */
export function expertCommands(deps: PanelDeps, secretaryRound: SecretaryRound): Pick<Handlers<Commands>, ExpertCommandName> {
  const requireExpert = (roundId: string, given: string): ExpertRecord => {
    const fingerprint = resolveFingerprint(given, deps.panel.expertRecords(roundId).map((expert) => expert.fingerprint), roundId);
    const expert = deps.panel.getExpert(roundId, fingerprint);
    if (expert === undefined) throw new AppError('EXPERT_NOT_FOUND', `round ${roundId} has no expert ${fingerprint}`, { fingerprint, roundId });
    return expert;
  };
  const expertView = (roundId: string, fingerprint: string): Expert => {
    const found = readExperts(deps, roundId).find((expert) => expert.fingerprint === fingerprint);
    if (found === undefined) throw new AppError('EXPERT_NOT_FOUND', `round ${roundId} has no expert ${fingerprint}`, { fingerprint, roundId });
    return found;
  };

  return {
    'expert.add': ({ roundId, cards, city, province }) => {
      secretaryRound(roundId);
      const plan = planEnrolment(roundId, cards, (fingerprint) => deps.panel.getExpert(roundId, fingerprint), deps.now().toISOString(), { city, province });
      if (plan.added.length > 0 || plan.updated.length > 0) {
        deps.db.transaction(() => {
          if (plan.added.length > 0) {
            deps.panel.insertExperts(plan.added);
            deps.audit.append({
              roundId,
              action: 'expert.add',
              detail: {
                experts: plan.added.map((expert) => ({
                  fingerprint: expert.fingerprint,
                  name: expert.name,
                  affiliation: expert.affiliation,
                  city: expert.city,
                  province: expert.province,
                })),
              },
            });
          }
          for (const { expert, city: newCity, province: newProvince } of plan.updated) {
            const next = { name: expert.name, affiliation: expert.affiliation, city: newCity, province: newProvince };
            deps.panel.updateExpert(roundId, expert.fingerprint, next);
            deps.audit.append({ roundId, action: 'expert.update', detail: { fingerprint: expert.fingerprint, changes: changesOf(expert, next) } });
          }
        })();
        deps.events.emit({ type: 'changed', entity: 'experts' });
      }
      return { experts: plan.enrolments.map(({ fingerprint, name, affiliation, status }) => ({ fingerprint, name, affiliation, status })) };
    },

    'expert.checkCards': ({ roundId, cards }) => {
      secretaryRound(roundId);
      const plan = planEnrolment(roundId, cards, (fingerprint) => deps.panel.getExpert(roundId, fingerprint), deps.now().toISOString());
      return {
        cards: plan.enrolments.map(({ fileName, fingerprint, name, affiliation, status }) => ({
          fileName,
          fingerprint,
          name,
          affiliation,
          status: status === 'added' ? ('new' as const) : ('enrolled' as const),
        })),
      };
    },

    'expert.list': ({ roundId }) => {
      secretaryRound(roundId);
      return { experts: readExperts(deps, roundId) };
    },

    'expert.update': (input) => {
      const { roundId } = input;
      secretaryRound(roundId);
      const expert = requireExpert(roundId, input.fingerprint);
      const next = {
        name: input.name ?? expert.name,
        affiliation: input.affiliation === undefined ? expert.affiliation : input.affiliation,
        city: input.city === undefined ? expert.city : input.city,
        province: input.province === undefined ? expert.province : input.province,
      };
      const changes = changesOf(expert, next);
      // Nothing to record when nothing differs: the audit log holds changes, not requests.
      if (Object.keys(changes).length > 0) {
        deps.db.transaction(() => {
          deps.panel.updateExpert(roundId, expert.fingerprint, next);
          deps.audit.append({ roundId, action: 'expert.update', detail: { fingerprint: expert.fingerprint, changes } });
        })();
        deps.events.emit({ type: 'changed', entity: 'experts' });
      }
      return expertView(roundId, expert.fingerprint);
    },

    'expert.remove': ({ roundId, fingerprint: given }) => {
      secretaryRound(roundId);
      const expert = requireExpert(roundId, given);
      const assignments = deps.panel.assignmentsByExpert(roundId).get(expert.fingerprint) ?? [];
      const { decisions, packages, bundles } = deps.panel.dependents(roundId, expert.fingerprint);
      deps.db.transaction(() => {
        deps.panel.deleteExpert(roundId, expert.fingerprint);
        deps.audit.append({
          roundId,
          action: 'expert.remove',
          detail: {
            fingerprint: expert.fingerprint,
            name: expert.name,
            affiliation: expert.affiliation,
            city: expert.city,
            province: expert.province,
            applicationIds: assignments,
            decisions,
            packages,
            bundles,
          },
        });
      })();
      deps.events.emit({ type: 'changed', entity: 'experts' });
      return { fingerprint: expert.fingerprint, name: expert.name, assignments, decisions, packages, bundles };
    },
  };
}

/** `{ field: { from, to } }` for each editable field that differs. */
function changesOf(before: Pick<ExpertRecord, EditableField>, after: Pick<ExpertRecord, EditableField>): { [field: string]: AuditJson } {
  const changes: { [field: string]: AuditJson } = {};
  for (const field of EDITABLE) {
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  }
  return changes;
}
