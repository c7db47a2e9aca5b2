import type { ReportData } from '../../../../shared/domain/report/reportData';
import { applicationName, recommendationLabel, titleIn } from '../../../../shared/domain/report/reportLabels';
import type { ResultsApplication } from '../../../../shared/domain/results/resultsSchema';
import type { MergedReviewDetail } from '../../../../shared/domain/results/reviewDetail';
import { rubricCriteria, rubricTotal } from '../../../../shared/domain/rubric';
import type { Translate } from '../../../../shared/i18n/describeError';
import type { OpinionSummary, SummaryApplication, SummaryReview } from './opinionSummary';

/**
 * The report data (the same that XLSX, CSV and JSON print) resolved for the opinion
 * summary's layout: titles in the report's language, each expert's review with the
 * total the results counted. Nothing is recomputed: figures are the results' own.
 *
 * Who appears under an application: every expert with a merged review of it, and every
 * expert the secretary recused from it (回避, with the recorded reason) even when their
 * bundle said nothing about it. An assigned expert who has not returned a bundle has
 * nothing to print there; the cover and the receipts show who returned what.
 */
export function summaryFromReport(data: ReportData, t: Translate): OpinionSummary {
  const { language, rubric } = data;
  const qualitative = (id: 'strengths' | 'issues'): string => {
    const field = rubric.qualitative.find((entry) => entry.id === id);
    return field === undefined ? t(`scoreSheet.${id}`) : titleIn(language, field);
  };
  const panelOrder = new Map(data.experts.map((expert, index) => [expert.fingerprint, index]));
  const reviews = new Map(data.reviews.map((entry) => [entry.applicationId, entry.reviews]));
  const recusals = new Map<string, { fingerprint: string; reason: string | null }[]>();
  for (const recusal of data.recusals) recusals.set(recusal.applicationId, [...(recusals.get(recusal.applicationId) ?? []), recusal]);

  return {
    language,
    generatedAt: data.generatedAt,
    producer: `Panel Review ${data.appVersion}`,
    round: { id: data.round.id, name: data.round.name, kind: data.round.kind },
    rubric: {
      name: language === 'en' ? (rubric.nameEn ?? rubric.name) : rubric.name,
      version: t('reportPdf.rubricVersion', { version: data.rubricVersion }),
      maxTotal: rubricTotal(rubric),
      criteria: rubricCriteria(rubric).map(({ section, criterion }) => ({ id: criterion.id, title: titleIn(language, criterion), section: titleIn(language, section), max: criterion.max })),
      recommendations: rubric.recommendations.map((id) => ({ id, label: recommendationLabel(rubric, id, language, t) })),
      strengthsTitle: qualitative('strengths'),
      issuesTitle: qualitative('issues'),
    },
    officialMethod: data.results.officialMethod,
    experts: data.experts.map(({ fingerprint, name, affiliation }) => ({ fingerprint, name, affiliation })),
    // The round records no chair yet: the chair's signature line is left to fill in by hand.
    chair: null,
    applications: data.results.applications.map((application) =>
      summaryApplication(application, reviews.get(application.id) ?? [], recusals.get(application.id) ?? [], panelOrder),
    ),
    agreement: data.results.agreement,
    leniency: data.results.experts.map(({ fingerprint, leniency }) => ({ fingerprint, leniency })),
    receipts: data.bundles.map(({ fingerprint, revision, sha256, receivedAt }) => ({ fingerprint, revision, sha256, receivedAt })),
    openFlags: data.results.openFlags,
    draft: data.draft,
  };
}

function summaryApplication(
  application: ResultsApplication,
  merged: readonly MergedReviewDetail[],
  recused: readonly { fingerprint: string; reason: string | null }[],
  panelOrder: ReadonlyMap<string, number>,
): SummaryApplication {
  const totals = new Map(application.experts.map((expert) => [expert.fingerprint, expert.total]));
  const printed: SummaryReview[] = merged.map((review) => summaryReview(review, totals.get(review.fingerprint) ?? null));
  for (const recusal of recused) {
    if (printed.some((review) => review.fingerprint === recusal.fingerprint)) continue;
    printed.push({ fingerprint: recusal.fingerprint, coi: 'conflict', coiReason: recusal.reason, scores: new Map(), comments: new Map(), total: null, strengths: '', issues: '', recommendation: null });
  }
  // Experts no longer on the panel (removed after returning a bundle) come last, as the layout numbers them.
  const order = (fingerprint: string) => panelOrder.get(fingerprint) ?? Number.MAX_SAFE_INTEGER;
  printed.sort((a, b) => order(a.fingerprint) - order(b.fingerprint));
  return {
    id: application.id,
    name: applicationName(application),
    applicant: application.applicant,
    rank: application.rank,
    tied: application.tied,
    value: application.value,
    total: application.total,
    criteria: new Map(application.criteria.map(({ id, ...statistics }) => [id, statistics])),
    recommendations: application.recommendations,
    flags: application.flags.map(({ criterionId, spread, limit, note, outcome }) => ({ criterionId, spread, limit, note, outcome })),
    reviews: printed,
  };
}

function summaryReview(review: MergedReviewDetail, total: number | null): SummaryReview {
  if (review.coi === 'conflict') {
    return { fingerprint: review.fingerprint, coi: 'conflict', coiReason: review.coiReason, scores: new Map(), comments: new Map(), total: null, strengths: '', issues: '', recommendation: null };
  }
  return {
    fingerprint: review.fingerprint,
    coi: 'none',
    coiReason: null,
    scores: new Map(review.scores.flatMap((score) => (score.value === null ? [] : [[score.criterionId, score.value] as const]))),
    comments: new Map(review.scores.flatMap((score) => (score.comment.trim() === '' ? [] : [[score.criterionId, score.comment] as const]))),
    total,
    strengths: review.strengths,
    issues: review.issues,
    recommendation: review.recommendation,
  };
}
