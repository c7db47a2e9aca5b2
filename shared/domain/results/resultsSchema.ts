import { z } from 'zod';
import { RoundIdSchema } from '../round';
import { TieBreakChainSchema } from '../statistics';

/**
 * `results --json` (CLI.md) and what the secretary's dashboard shows. The fields CLI.md
 * lists are a contract; the others (ranking value, ties, spreads, z-scores, leniency,
 * expert totals) are additions for the dashboard and reports.
 */

/** Methods a round can fix as official. The z-score view is a sensitivity check, never official. */
export const officialMethods = ['mean', 'trimmed', 'median'] as const;
export const OfficialMethodSchema = z.enum(officialMethods);
export type OfficialMethod = z.infer<typeof OfficialMethodSchema>;

/** What `results --method` takes: the round's official method, or another one beside it. */
export const resultMethods = ['official', ...officialMethods, 'zscore'] as const;
export const ResultMethodSchema = z.enum(resultMethods);
export type ResultMethod = z.infer<typeof ResultMethodSchema>;

export const SummarySchema = z.object({
  n: z.int().min(0),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  sd: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  trimmedMean: z.number().nullable(),
});

export const FlagSchema = z.object({
  /** The criterion whose scores disagree; null for the application's total. */
  criterionId: z.string().nullable(),
  kind: z.literal('disagreement'),
  /** Highest minus lowest score, and the limit it passed (threshold × maximum). */
  spread: z.number(),
  limit: z.number(),
  /** The secretary's note; a flag without one blocks the final report. */
  note: z.string().nullable(),
  /** 'note', or 'consensus' when the panel discussed it and recorded an outcome. */
  outcome: z.enum(['note', 'consensus']).nullable(),
});
export type Flag = z.infer<typeof FlagSchema>;

export const ExpertTotalSchema = z.object({
  fingerprint: z.string(),
  /** Null when the expert declared a conflict, or has not scored every criterion. */
  total: z.number().nullable(),
  conflict: z.boolean(),
  recommendation: z.string().nullable(),
  /** The expert's z-normalised total (sensitivity view), when they gave enough totals. */
  z: z.number().nullable(),
});

export const ResultsApplicationSchema = z.object({
  id: z.string(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  applicant: z.string().nullable(),
  /** Competition rank ("1, 2, 2, 4") by the method; null when nobody gave a complete total. */
  rank: z.int().min(1).nullable(),
  /** The rank is shared with another application after the whole tie-break chain. */
  tied: z.boolean(),
  /** The figure ranked by the method (a total, or a mean z-score). */
  value: z.number().nullable(),
  /** How many experts gave a complete total. */
  n: z.int().min(0),
  total: SummarySchema,
  criteria: z.array(SummarySchema.extend({ id: z.string() })),
  /** Every recommendation of the rubric, with how many experts gave it. */
  recommendations: z.record(z.string(), z.int().min(0)),
  flags: z.array(FlagSchema),
  zscore: z.object({ mean: z.number().nullable(), n: z.int().min(0) }),
  experts: z.array(ExpertTotalSchema),
});
export type ResultsApplication = z.infer<typeof ResultsApplicationSchema>;

export const ExpertLeniencySchema = z.object({
  fingerprint: z.string(),
  /** How many complete totals the expert gave. */
  n: z.int().min(0),
  /** The mean of their totals, and the panel's mean totals of the same applications. */
  meanGiven: z.number().nullable(),
  panelMean: z.number().nullable(),
  /** meanGiven − panelMean: above 0 the expert scores more leniently than the panel. */
  leniency: z.number().nullable(),
  /** Why the z-score view leaves the expert out, if it does. */
  zscoreExcluded: z.enum(['tooFewTotals', 'noVariation']).nullable(),
});

export const ResultsSchema = z.object({
  roundId: RoundIdSchema,
  /** The method the ranking used: the official one resolved, or the one asked for. */
  method: z.enum([...officialMethods, 'zscore']),
  officialMethod: OfficialMethodSchema,
  tieBreaks: TieBreakChainSchema,
  applications: z.array(ResultsApplicationSchema),
  agreement: z.object({
    kendallW: z.number().nullable(),
    krippendorffAlpha: z.number().nullable(),
    /** How many applications every expert scored: what Kendall's W is computed over. */
    kendallApplications: z.int().min(0),
  }),
  experts: z.array(ExpertLeniencySchema),
  /** Flags still without a note: the final report waits for these. */
  openFlags: z.int().min(0),
});
export type Results = z.infer<typeof ResultsSchema>;
