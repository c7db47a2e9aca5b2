import type Database from 'better-sqlite3';
import type { ExpertReturn, ReturnStatus, ReturnsStatusOutput } from '../../../shared/domain/merge';
import type { Round } from '../../../shared/domain/round';
import type { RubricRepository } from '../scoring/rubricRepository';

/**
 * `returns.status`: per enrolled expert, how far their merged returns cover what is
 * assigned to them now. Whole-round queries (five, whatever the panel's size), then
 * the judgement in plain code.
 */

/** What is merged for one application of one expert. */
export interface MergedApplication {
  coi: 'none' | 'conflict';
  /** Criteria with a value (not only a comment). */
  scored: ReadonlySet<string>;
}

/**
 * Complete: every assigned application has a declared conflict, or no conflict and every
 * criterion of the rubric scored. Nothing merged at all is 'not-returned', even when
 * nothing is assigned (there is nothing to show for the expert yet).
 */
export function returnStatusOf(
  returned: boolean,
  assigned: readonly string[],
  merged: ReadonlyMap<string, MergedApplication>,
  criteria: readonly string[],
): { status: ReturnStatus; done: number; conflicts: number } {
  let done = 0;
  let conflicts = 0;
  for (const applicationId of assigned) {
    const review = merged.get(applicationId);
    if (review === undefined) continue;
    if (review.coi === 'conflict') {
      conflicts++;
      done++;
    } else if (criteria.every((criterionId) => review.scored.has(criterionId))) {
      done++;
    }
  }
  const status: ReturnStatus = !returned ? 'not-returned' : done === assigned.length ? 'complete' : 'partial';
  return { status, done, conflicts };
}

export function createReturnsQueries(db: Database.Database) {
  const experts = db.prepare<[string], { fingerprint: string; name: string }>(`SELECT fingerprint, name FROM expert WHERE round_id = ? ORDER BY enrolled_at, rowid`);
  const assignments = db.prepare<[string], { fingerprint: string; applicationId: string }>(
    `SELECT fingerprint, application_id AS applicationId FROM assignment WHERE round_id = ?`,
  );
  const latest = db.prepare<[string], { fingerprint: string; revision: number; receivedAt: string; rubricVersion: number | null }>(
    `SELECT b.fingerprint, b.revision, b.received_at AS receivedAt, p.rubric_version AS rubricVersion
     FROM received_bundle b JOIN panel_package p ON p.id = b.package_id
     WHERE b.round_id = ? AND b.revision = (SELECT max(revision) FROM received_bundle WHERE round_id = b.round_id AND fingerprint = b.fingerprint)`,
  );
  const reviews = db.prepare<[string], { fingerprint: string; applicationId: string; coi: 'none' | 'conflict' }>(
    `SELECT fingerprint, application_id AS applicationId, coi FROM merged_review WHERE round_id = ?`,
  );
  const scored = db.prepare<[string], { fingerprint: string; applicationId: string; criterionId: string }>(
    `SELECT fingerprint, application_id AS applicationId, criterion_id AS criterionId FROM merged_score WHERE round_id = ? AND value IS NOT NULL`,
  );
  return { experts, assignments, latest, reviews, scored };
}

export type ReturnsQueries = ReturnType<typeof createReturnsQueries>;

export function returnsStatus(queries: ReturnsQueries, rubrics: RubricRepository, round: Round): ReturnsStatusOutput {
  const assigned = groupBy(queries.assignments.all(round.id), (row) => row.fingerprint, (row) => row.applicationId);
  const latest = new Map(queries.latest.all(round.id).map((row) => [row.fingerprint, row]));
  // By expert, then by application: what is merged, and which criteria carry a value.
  const merged = new Map<string, Map<string, { coi: 'none' | 'conflict'; scored: Set<string> }>>();
  for (const row of queries.reviews.all(round.id)) {
    const ofExpert = merged.get(row.fingerprint) ?? new Map<string, { coi: 'none' | 'conflict'; scored: Set<string> }>();
    ofExpert.set(row.applicationId, { coi: row.coi, scored: new Set() });
    merged.set(row.fingerprint, ofExpert);
  }
  for (const row of queries.scored.all(round.id)) merged.get(row.fingerprint)?.get(row.applicationId)?.scored.add(row.criterionId);

  const criteriaOf = new Map<number | null, string[]>();
  const criteria = (version: number | null): string[] => {
    let ids = criteriaOf.get(version);
    if (ids === undefined) {
      const stored = version === null ? undefined : rubrics.version(round.id, version);
      ids = (stored ?? rubrics.current(round.id, round.kind)).rubric.sections.flatMap((section) => section.criteria.map((criterion) => criterion.id));
      criteriaOf.set(version, ids);
    }
    return ids;
  };

  const experts: ExpertReturn[] = queries.experts.all(round.id).map(({ fingerprint, name }) => {
    const last = latest.get(fingerprint);
    const applications = assigned.get(fingerprint) ?? [];
    // Judged on the rubric of the package the expert's newest bundle came from.
    const { status, done, conflicts } = returnStatusOf(last !== undefined, applications, merged.get(fingerprint) ?? new Map(), last === undefined ? [] : criteria(last.rubricVersion));
    return { fingerprint, name, status, revision: last?.revision ?? null, receivedAt: last?.receivedAt ?? null, assigned: applications.length, done, conflicts };
  });
  return { roundId: round.id, experts };
}

function groupBy<T, V>(rows: readonly T[], keyOf: (row: T) => string, valueOf: (row: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row)) ?? [];
    group.push(valueOf(row));
    groups.set(keyOf(row), group);
  }
  return groups;
}
