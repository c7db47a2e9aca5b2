import type Database from 'better-sqlite3';
import type { Language } from '../../../../shared/domain/language';
import { PanelManifestSchema, type PanelApplication } from '../../../../shared/domain/panelPackage';
import type { ScoreSheetApplication, ScoreSheetData } from '../../../../shared/domain/report/scoreSheet';
import type { Rubric } from '../../../../shared/domain/rubric';
import type { SheetApplication } from '../../../../shared/domain/scoring';
import { AppError } from '../../errors';
import { collectApplicationReviews } from '../../expert/collectReviews';
import type { ReceivedApplication, ReceivedPackageRepository } from '../../expert/receivedPackageRepository';
import { createTranslator } from '../../i18n';
import { requireRound, type RoundRepository } from '../../rounds/roundRepository';
import type { RubricRepository } from '../../scoring/rubricRepository';
import { createScoringRepository } from '../../scoring/scoringRepository';
import { refuseUnmatchedSheet, scoreSheetState } from './scoreSheetState';

export interface ScoreSheetDeps {
  db: Database.Database;
  rounds: RoundRepository;
  rubrics: RubricRepository;
  received: ReceivedPackageRepository;
  /** The app's language setting, if one was chosen. */
  language: () => Language | null;
  now: () => Date;
}

export interface GatherOptions {
  draft: boolean;
  language?: Language | undefined;
}

/**
 * Everything the expert's score sheet shows, from the expert's own store: the signed
 * manifest (round, expert, secretary, the applications as the secretary named them),
 * the rubric the package carried, the scoring sheet, and the newest bundle export.
 * Read in one transaction, so the sheet and the staleness check see the same state even
 * while the app saves a score from another process. Refuses, unless drafting, a sheet
 * that matches no exported bundle (scoreSheetState.ts).
 */
export function gatherScoreSheet(deps: ScoreSheetDeps, roundId: string, options: GatherOptions): ScoreSheetData {
  const round = requireRound(deps.rounds, roundId);
  const received = deps.received.byRound(roundId);
  if (round.role !== 'expert' || received === undefined) {
    throw new AppError('ROUND_NOT_EXPERT', `round ${roundId} is run by this data directory; score sheets are printed in the rounds panel packages open`, {
      roundId,
      name: round.name,
    });
  }
  const language = options.language ?? deps.language() ?? 'zh-CN';
  const read = deps.db.transaction(() => {
    const receivedApplications = deps.received.applications(roundId);
    const sheet = createScoringRepository(deps.db).sheet(roundId);
    const reviews = collectApplicationReviews(deps.db, roundId, receivedApplications);
    const last = deps.received.lastExport(roundId);
    const { rubric } = deps.rubrics.current(round.id, round.kind);
    return { receivedApplications, sheet, state: scoreSheetState(reviews, last), last, rubric };
  });
  const { receivedApplications, sheet, state, last, rubric } = read();
  if (!options.draft && state !== 'current') refuseUnmatchedSheet(roundId, state, last);

  const manifest = PanelManifestSchema.parse(JSON.parse(received.manifest));
  const text = localise(language, rubric);
  const sheets = new Map(sheet.map((entry) => [entry.applicationId, entry]));
  const listed = new Map(manifest.applications.map((application) => [application.id, application]));
  return {
    language,
    round: { id: round.id, sourceRoundId: received.sourceRoundId, name: manifest.round.name, kind: manifest.round.kind },
    rubric: { name: text.pick(rubric.name, rubric.nameEn), strengthsTitle: text.qualitative('strengths'), issuesTitle: text.qualitative('issues') },
    expert: { name: manifest.expert.name, affiliation: manifest.expert.affiliation, fingerprint: manifest.expert.fingerprint },
    secretary: { name: manifest.secretary.name, fingerprint: received.secretaryFingerprint },
    packageId: received.packageId,
    manifestSha256: received.manifestSha256,
    bundle: options.draft || last === undefined ? null : { revision: last.revision, sha256: last.sha256, exportedAt: last.exportedAt },
    draft: options.draft ? { state, lastRevision: last?.revision ?? null } : null,
    generatedAt: deps.now().toISOString(),
    applications: receivedApplications.map((entry, index) => sheetApplication(entry, index, listed.get(entry.sourceApplicationId), sheets.get(entry.applicationId), rubric, text)),
  };
}

type Localised = ReturnType<typeof localise>;

/** Rubric texts in the sheet's language: English titles where the rubric has them, else the Chinese ones. */
function localise(language: Language, rubric: Rubric) {
  const t = createTranslator(language);
  const pick = (zh: string, en: string | undefined): string => (language === 'en' && en !== undefined ? en : zh);
  return {
    pick,
    qualitative(id: 'strengths' | 'issues'): string {
      const field = rubric.qualitative.find((entry) => entry.id === id);
      return field === undefined ? t(`scoreSheet.${id}`) : pick(field.title, field.titleEn);
    },
    recommendation(value: string | null): string | null {
      if (value === null) return null;
      const custom = rubric.recommendationLabels?.[value];
      if (custom !== undefined) return pick(custom.title, custom.titleEn);
      return t(`recommendation.${value}`, { defaultValue: value });
    },
  };
}

function sheetApplication(
  received: ReceivedApplication,
  index: number,
  listed: PanelApplication | undefined,
  entry: SheetApplication | undefined,
  rubric: Rubric,
  text: Localised,
): ScoreSheetApplication {
  const coi = entry?.coi ?? null;
  const scores = new Map((entry?.scores ?? []).map((score) => [score.criterionId, score]));
  const targets = new Map((entry?.targets ?? []).map((table) => [table.criterionId, table.rows]));
  const all = rubric.sections.flatMap((section) => section.criteria.map((criterion) => ({ section, criterion })));
  // Nothing is scored under a declared conflict (or before any declaration): no criteria rows.
  const criteria =
    coi?.kind !== 'none'
      ? []
      : all.map(({ section, criterion }) => ({
          id: criterion.id,
          section: text.pick(section.title, section.titleEn),
          title: text.pick(criterion.title, criterion.titleEn),
          max: criterion.max,
          value: scores.get(criterion.id)?.value ?? null,
          comment: scores.get(criterion.id)?.comment ?? '',
          targets: targets.get(criterion.id) ?? [],
        }));
  const values = criteria.map((criterion) => criterion.value).filter((value) => value !== null);
  const complete = criteria.length > 0 && values.length === criteria.length;
  const opinion = entry?.opinion ?? { strengths: '', issues: '', recommendation: null };
  return {
    position: index + 1,
    applicationId: received.applicationId,
    sourceApplicationId: received.sourceApplicationId,
    city: listed?.city ?? null,
    province: listed?.province ?? null,
    applicant: listed?.applicant ?? null,
    coi,
    criteria,
    total: complete ? values.reduce((sum, value) => sum + value, 0) : null,
    scored: values.length,
    maxTotal: all.reduce((sum, { criterion }) => sum + criterion.max, 0),
    strengths: coi?.kind === 'none' ? opinion.strengths : '',
    issues: coi?.kind === 'none' ? opinion.issues : '',
    recommendation: coi?.kind === 'none' ? text.recommendation(opinion.recommendation) : null,
  };
}
