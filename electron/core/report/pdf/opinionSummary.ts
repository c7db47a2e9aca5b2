import type { Language } from '../../../../shared/domain/language';
import type { OfficialMethod } from '../../../../shared/domain/results';
import type { RoundKind } from '../../../../shared/domain/round';

/**
 * What the opinion summary (专家评审意见汇总) prints, resolved for layout: names and
 * rubric titles in the report's language, no store or schema left to consult. The
 * layout (report*.ts) reads only this; reportPdf.ts builds it from the report data,
 * so a change in that schema touches one mapping, not the layout.
 *
 * Numbers stay unrounded here (rounding is the layout's, as in results); null means
 * "no figure" and prints as a dash, never as 0.
 */

export interface SummaryStatistics {
  n: number;
  mean: number | null;
  median: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  trimmedMean: number | null;
}

export interface SummaryExpert {
  fingerprint: string;
  name: string;
  affiliation: string | null;
}

export interface SummaryRecommendation {
  id: string;
  label: string;
}

export interface SummaryCriterion {
  id: string;
  title: string;
  /** The section's title, for criteria grouped under 一、基础条件… */
  section: string;
  max: number;
}

export interface SummaryFlag {
  /** Null: the application's total. */
  criterionId: string | null;
  spread: number;
  limit: number;
  note: string | null;
  outcome: 'note' | 'consensus' | null;
}

export interface SummaryReview {
  fingerprint: string;
  /** 'conflict': recused (回避), with the expert's reason; nothing else is shown. */
  coi: 'none' | 'conflict';
  coiReason: string | null;
  /** Criterion id → score; a criterion left unscored is absent. */
  scores: ReadonlyMap<string, number>;
  /** Criterion id → the expert's comment on that score, when written. */
  comments: ReadonlyMap<string, string>;
  /** Null when not every criterion was scored. */
  total: number | null;
  strengths: string;
  issues: string;
  recommendation: string | null;
}

export interface SummaryApplication {
  id: string;
  /** As lists in the app name it: city (province), else the applicant, else the id. */
  name: string;
  applicant: string | null;
  rank: number | null;
  tied: boolean;
  /** The figure ranked by the official method. */
  value: number | null;
  total: SummaryStatistics;
  criteria: ReadonlyMap<string, SummaryStatistics>;
  /** Recommendation id → how many experts gave it. */
  recommendations: Readonly<Record<string, number>>;
  flags: SummaryFlag[];
  /** In panel order (the `experts` order of the summary); only experts assigned to the application. */
  reviews: SummaryReview[];
}

export interface SummaryReceipt {
  fingerprint: string;
  revision: number;
  sha256: string;
  receivedAt: string;
}

export interface OpinionSummary {
  language: Language;
  /** ISO 8601: the cover's date and the PDF's CreationDate. */
  generatedAt: string;
  /** "Panel Review 0.1.0". */
  producer: string;
  round: { id: string; name: string; kind: RoundKind };
  rubric: { name: string; version: string; maxTotal: number; criteria: SummaryCriterion[]; recommendations: SummaryRecommendation[]; strengthsTitle: string; issuesTitle: string };
  officialMethod: OfficialMethod;
  /** Every enrolled expert, in panel order. */
  experts: SummaryExpert[];
  /** The panel chair (评审组长), when the round names one; else the chair's line is left to fill in by hand. */
  chair: string | null;
  /** In rank order (unranked last). */
  applications: SummaryApplication[];
  agreement: { kendallW: number | null; krippendorffAlpha: number | null; kendallApplications: number };
  leniency: { fingerprint: string; leniency: number | null }[];
  receipts: SummaryReceipt[];
  /** Flags without a note: while any is open, the report is a draft. */
  openFlags: number;
  /** Marked 草稿 on every page. */
  draft: boolean;
}
