import { z } from 'zod';
import { ApplicationIdSchema, Sha256Schema } from '../application';
import { FingerprintSchema } from '../keyCard';
import { LanguageSchema } from '../language';
import { ResultsSchema } from '../results/resultsSchema';
import { MergedReviewDetailSchema } from '../results/reviewDetail';
import { RoundIdSchema, RoundKindSchema } from '../round';
import { RubricSchema } from '../rubric';

/**
 * Everything a report of a secretary's round prints (issue 8), gathered once, so that
 * every format — XLSX, CSV, JSON and the PDF opinion summary — says the same thing:
 * the results by the official method exactly as `results --json` gives them (never
 * recomputed here), the rubric version they were computed against, the panel, each
 * expert's own words per application, and the receipts of the bundles they came from.
 *
 * Labels are not resolved here (titles are in the rubric, the report's language is
 * named): each format picks its words from `language`.
 */

export const REPORT_FORMAT = 'panel-review/report@1';

export const ReportExpertSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  affiliation: z.string().nullable(),
  city: z.string().nullable(),
  province: z.string().nullable(),
});
export type ReportExpert = z.infer<typeof ReportExpertSchema>;

/** A received score bundle: what the secretary can hold a signed score sheet against. */
export const ReportBundleSchema = z.object({
  fingerprint: FingerprintSchema,
  /** The expert's name as enrolled. */
  expert: z.string(),
  revision: z.int().positive(),
  /** SHA-256 of the `.prscores` file as received (the score sheet's QR code carries it). */
  sha256: Sha256Schema,
  exportedAt: z.string(),
  receivedAt: z.string(),
  /** Applications the bundle carried. */
  applications: z.int().nonnegative(),
  /** Applications whose merged review still comes from this bundle (0: a newer revision replaced it all). */
  merged: z.int().nonnegative(),
});
export type ReportBundle = z.infer<typeof ReportBundleSchema>;

/** Expert and application: an assignment, or a recusal the secretary decided. */
export const ReportPairingSchema = z.object({ applicationId: ApplicationIdSchema, fingerprint: FingerprintSchema });

export const ReportApplicationReviewsSchema = z.object({
  applicationId: ApplicationIdSchema,
  /** As `results.detail` gives them: one per expert with a merged review, in enrolment order. */
  reviews: z.array(MergedReviewDetailSchema),
});
export type ReportApplicationReviews = z.infer<typeof ReportApplicationReviewsSchema>;

export const ReportDataSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  /** The report's language: headers, labels, which rubric titles (title or titleEn). */
  language: LanguageSchema,
  /** ISO 8601. */
  generatedAt: z.string(),
  appVersion: z.string(),
  /** Marked 草稿/DRAFT: exported while disagreement flags still lack the secretary's note. */
  draft: z.boolean(),
  round: z.object({ id: RoundIdSchema, name: z.string(), kind: RoundKindSchema, createdAt: z.string() }),
  rubricVersion: z.int().positive(),
  rubric: RubricSchema,
  /** By the round's official method, applications in rank order (unranked last). */
  results: ResultsSchema,
  /** Every enrolled expert, in enrolment order (the panel order of every table). */
  experts: z.array(ReportExpertSchema),
  assignments: z.array(ReportPairingSchema),
  recusals: z.array(ReportPairingSchema.extend({ reason: z.string().nullable() })),
  /** One per application, in the order of `results.applications`. */
  reviews: z.array(ReportApplicationReviewsSchema),
  /** Every bundle received, by expert (enrolment order) then revision. */
  bundles: z.array(ReportBundleSchema),
  /** The audit log's head hash when the report was made (`audit verify` prints it), so a cut-off tail shows. */
  auditHead: Sha256Schema.nullable(),
});
export type ReportData = z.infer<typeof ReportDataSchema>;
