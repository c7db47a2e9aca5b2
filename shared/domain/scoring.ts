import { z } from 'zod';
import { ApplicationIdSchema, Sha256Schema } from './application';
import { RoundIdSchema } from './round';
import { RubricSchema } from './rubric';
import { CoiDeclarationSchema, PdfRectSchema, SCORE_BUNDLE_LIMITS } from './scoreBundle';

/**
 * The expert's scoring sheet as commands: the whole sheet of a round in one read, and
 * one small write per change (a conflict declaration, a score, an opinion field, an
 * evidence anchor, a targets table), each durable when its answer arrives. The checks
 * that need the rubric (range, step, known criterion, declared conflict) are the core's,
 * so the CLI and the UI refuse exactly the same things.
 */

/**
 * A number as people type one into a score or a targets table: plain decimal notation
 * ("18", "-2.5", ".5"), never "1e1", "0x12", "Infinity" or an empty string.
 */
export const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const CriterionRefSchema = z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }).max(64, { error: 'validation.tooLong' });

const Comment = z.string().max(SCORE_BUNDLE_LIMITS.comment, { error: 'validation.tooLong' });
const OpinionText = z.string().max(SCORE_BUNDLE_LIMITS.opinionText, { error: 'validation.tooLong' });

export const RubricShowInputSchema = z.object({ roundId: RoundIdSchema }).strict();
export const RubricShowOutputSchema = z.object({
  roundId: RoundIdSchema,
  /** 1, 2, …: a rubric frozen by an exported panel package changes only as a new version. */
  version: z.int().positive(),
  frozen: z.boolean(),
  /** Expert rounds score against the rubric their package carried; only secretaries edit. */
  editable: z.boolean(),
  rubric: RubricSchema,
});
export type RubricShowOutput = z.infer<typeof RubricShowOutputSchema>;

export const RubricSetInputSchema = z.object({ roundId: RoundIdSchema, rubric: RubricSchema }).strict();

/** How a score, opinion or table save is acknowledged: durable (synchronous=FULL) when this arrives. */
export const SavedSchema = z.object({ saved: z.literal(true), savedAt: z.string() });
export type Saved = z.infer<typeof SavedSchema>;

export const CoiDeclareInputSchema = z
  .object({
    roundId: RoundIdSchema,
    applicationId: ApplicationIdSchema,
    coi: CoiDeclarationSchema,
  })
  .strict();
export const CoiDeclareOutputSchema = z.object({
  applicationId: ApplicationIdSchema,
  coi: CoiDeclarationSchema,
  /** Scores, opinion and evidence removed because a conflict was declared. */
  cleared: z.int().nonnegative(),
});

export const ScoreSetInputSchema = z
  .object({
    roundId: RoundIdSchema,
    applicationId: ApplicationIdSchema,
    criterionId: CriterionRefSchema,
    /** Null clears the score (its comment stays). */
    value: z.number({ error: 'validation.number' }).nullable(),
    /** Left out: the comment stays as it is. */
    comment: Comment.optional(),
  })
  .strict();

export const CommentSetInputSchema = z
  .object({
    roundId: RoundIdSchema,
    applicationId: ApplicationIdSchema,
    criterionId: CriterionRefSchema,
    comment: Comment,
  })
  .strict();

export const OpinionSetInputSchema = z
  .object({
    roundId: RoundIdSchema,
    applicationId: ApplicationIdSchema,
    strengths: OpinionText.optional(),
    issues: OpinionText.optional(),
    /** One of the rubric's recommendations; null takes it back. Left out: unchanged. */
    recommendation: z.string().max(64).nullable().optional(),
  })
  .strict();

export const EvidenceInputSchema = z
  .object({
    roundId: RoundIdSchema,
    applicationId: ApplicationIdSchema,
    criterionId: CriterionRefSchema,
    sha256: Sha256Schema,
    page: z.int().min(1).max(100_000),
    rects: z.array(PdfRectSchema).min(1).max(SCORE_BUNDLE_LIMITS.rectsPerEvidence),
    quote: z.string().max(SCORE_BUNDLE_LIMITS.quote, { error: 'validation.tooLong' }),
  })
  .strict();

export const EvidenceSchema = z.object({
  id: z.int().positive(),
  criterionId: z.string(),
  sha256: Sha256Schema,
  page: z.int().positive(),
  rects: z.array(PdfRectSchema),
  quote: z.string(),
  createdAt: z.string(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const EvidenceRemoveInputSchema = z.object({ roundId: RoundIdSchema, evidenceId: z.int().positive() }).strict();

const TargetNumber = z.number({ error: 'validation.number' }).nullable();
export const TargetRowInputSchema = z
  .object({
    indicator: z.string().trim().min(1, { error: 'validation.required' }).max(SCORE_BUNDLE_LIMITS.indicator, { error: 'validation.tooLong' }),
    unit: z.string().trim().max(40, { error: 'validation.tooLong' }),
    better: z.enum(['higher', 'lower']),
    target: TargetNumber,
    actual: TargetNumber,
  })
  .strict();
export type TargetRowInput = z.infer<typeof TargetRowInputSchema>;

export const TargetsSetInputSchema = z
  .object({
    roundId: RoundIdSchema,
    applicationId: ApplicationIdSchema,
    criterionId: CriterionRefSchema,
    rows: z.array(TargetRowInputSchema).max(100, { error: 'validation.tooMany' }),
  })
  .strict();

export const SheetScoreSchema = z.object({
  criterionId: z.string(),
  value: z.number().nullable(),
  comment: z.string(),
  updatedAt: z.string(),
});
export type SheetScore = z.infer<typeof SheetScoreSchema>;

export const SheetApplicationSchema = z.object({
  applicationId: ApplicationIdSchema,
  coi: CoiDeclarationSchema.nullable(),
  declaredAt: z.string().nullable(),
  scores: z.array(SheetScoreSchema),
  opinion: z.object({ strengths: z.string(), issues: z.string(), recommendation: z.string().nullable() }),
  evidence: z.array(EvidenceSchema),
  targets: z.array(z.object({ criterionId: z.string(), rows: z.array(TargetRowInputSchema) })),
});
export type SheetApplication = z.infer<typeof SheetApplicationSchema>;

export const ScoringSheetInputSchema = z.object({ roundId: RoundIdSchema }).strict();
export const ScoringSheetOutputSchema = z.object({
  roundId: RoundIdSchema,
  rubric: RubricSchema,
  rubricVersion: z.int().positive(),
  applications: z.array(SheetApplicationSchema),
});
export type ScoringSheet = z.infer<typeof ScoringSheetOutputSchema>;
