import type { z } from 'zod';
import { conflictFlags } from '../../../shared/domain/conflicts';
import type { Conflict, Expert, StalePackageSchema } from '../../../shared/domain/expert';
import type { ApplicationRepository } from '../documents/applicationRepository';
import { pairKey } from './autoAssign';
import { latestPackages, packageStatus } from './packageStatus';
import type { PanelRepository } from './panelRepository';

/**
 * The secretary's panel as the UI and the CLI see it, computed from what is stored:
 * experts with their assignments and package status, and the round's conflicts (flags
 * computed now, with the decisions recorded on them).
 */

export interface PanelViewDeps {
  panel: PanelRepository;
  applications: ApplicationRepository;
}

type StalePackage = z.infer<typeof StalePackageSchema>;

export function readExperts(deps: PanelViewDeps, roundId: string): Expert[] {
  const assigned = deps.panel.assignmentsByExpert(roundId);
  const latest = latestPackages(deps.panel.listPackages(roundId));
  return deps.panel.expertRecords(roundId).map(({ fingerprint, name, affiliation, city, province, sshPublicKey, ageRecipient, enrolledAt }) => {
    const applicationIds = assigned.get(fingerprint) ?? [];
    return {
      fingerprint,
      name,
      affiliation,
      city,
      province,
      sshPublicKey,
      ageRecipient,
      enrolledAt,
      applicationIds,
      package: packageStatus(applicationIds, latest.get(fingerprint), (at) => deps.panel.assignmentsChangedSince(roundId, fingerprint, at)),
    };
  });
}

/** Experts whose exported package no longer matches their assignments. */
export function stalePackagesOf(experts: readonly Expert[]): StalePackage[] {
  return experts.flatMap((expert) =>
    expert.package?.stale === true ? [{ fingerprint: expert.fingerprint, name: expert.name, exportedAt: expert.package.exportedAt }] : [],
  );
}

/**
 * Every flagged pair with its decision, and decisions on pairs no longer (or never)
 * flagged: a recusal stays in force when a corrected city removes the flag. In
 * enrolment order, then the round's order of applications.
 */
export function readConflicts(deps: PanelViewDeps, roundId: string): Conflict[] {
  const experts = deps.panel.expertRecords(roundId);
  const applications = deps.applications.listApplications(roundId);
  const flags = new Map(conflictFlags(experts, applications).map((flag) => [pairKey(flag.fingerprint, flag.applicationId), flag]));
  const decisions = new Map(deps.panel.decisions(roundId).map((decision) => [pairKey(decision.fingerprint, decision.applicationId), decision]));
  const conflicts: Conflict[] = [];
  for (const expert of experts) {
    for (const application of applications) {
      const key = pairKey(expert.fingerprint, application.id);
      const flag = flags.get(key);
      const decision = decisions.get(key);
      if (flag === undefined && decision === undefined) continue;
      conflicts.push({
        fingerprint: expert.fingerprint,
        applicationId: application.id,
        bases: flag?.bases ?? [],
        matched: flag?.matched ?? [],
        decision: decision?.decision ?? null,
        reason: decision?.reason ?? null,
        decidedAt: decision?.decidedAt ?? null,
      });
    }
  }
  return conflicts;
}
