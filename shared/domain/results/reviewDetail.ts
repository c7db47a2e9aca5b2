import { z } from 'zod';
import { ApplicationIdSchema, Sha256Schema } from '../application';
import { RoundIdSchema } from '../round';
import { EvidenceAnchorSchema, TargetRowSchema } from '../scoreBundle';

/**
 * `results.detail`: what each expert said about one application, as merged from their
 * newest bundle carrying it — the words behind the numbers of `results.show`, for the
 * secretary's per-application view (scores with comments, the written opinion, the
 * evidence and targets tables side by side).
 */

export const ResultsDetailInputSchema = z.strictObject({ roundId: RoundIdSchema, applicationId: ApplicationIdSchema });

export const MergedScoreDetailSchema = z.object({
  criterionId: z.string(),
  /** Null: the expert commented on the criterion without scoring it. */
  value: z.number().nullable(),
  comment: z.string(),
});

export const MergedReviewDetailSchema = z.object({
  fingerprint: z.string(),
  expertName: z.string(),
  /** The bundle revision this review came from, and that bundle's file hash (what reports quote). */
  revision: z.int().positive(),
  bundleSha256: Sha256Schema,
  receivedAt: z.string(),
  coi: z.enum(['none', 'conflict']),
  /** The expert's own words when they declared a conflict; null otherwise. */
  coiReason: z.string().nullable(),
  /** In the rubric's criterion order where known. */
  scores: z.array(MergedScoreDetailSchema),
  /** 主要优势 and 主要问题与修改建议; empty when not written (or under a conflict). */
  strengths: z.string(),
  issues: z.string(),
  recommendation: z.string().nullable(),
  evidence: z.array(EvidenceAnchorSchema),
  targets: z.array(TargetRowSchema),
});
export type MergedReviewDetail = z.infer<typeof MergedReviewDetailSchema>;

export const ResultsDetailOutputSchema = z.object({
  roundId: RoundIdSchema,
  applicationId: ApplicationIdSchema,
  /** One per expert with a merged review of the application, in enrolment order. */
  reviews: z.array(MergedReviewDetailSchema),
});
export type ResultsDetail = z.infer<typeof ResultsDetailOutputSchema>;
