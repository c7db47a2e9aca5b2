import { z } from 'zod';
import { ApplicationIdSchema } from '../application';
import { RoundIdSchema } from '../round';
import { RubricSchema } from '../rubric';
import { TieBreakChainSchema } from '../statistics';
import { hasControlChars } from '../text';
import { OfficialMethodSchema, ResultMethodSchema } from './resultsSchema';

/** Inputs of the results commands: results.show, method.set, flag.note, tie.decide. */

const noteText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'validation.required' })
    .max(max, { error: 'validation.tooLong' })
    .refine((text) => !hasControlChars(text.replace(/[\r\n\t]/g, '')), { error: 'validation.controlChars' });

export const ResultsShowInputSchema = z.strictObject({ roundId: RoundIdSchema, method: ResultMethodSchema.default('official') });

export const ResultsConfigSchema = z.object({
  officialMethod: OfficialMethodSchema,
  tieBreaks: TieBreakChainSchema,
  /** Bundles were merged: the method was meant to be fixed, a change needs a reason. */
  merged: z.boolean(),
  /** The rubric the results are computed against (the newest frozen version, else the current one), to name criteria by. */
  rubricVersion: z.number().int().positive(),
  rubric: RubricSchema,
});
export type ResultsConfig = z.infer<typeof ResultsConfigSchema>;

export const MethodSetInputSchema = z.strictObject({
  roundId: RoundIdSchema,
  officialMethod: OfficialMethodSchema.optional(),
  tieBreaks: TieBreakChainSchema.optional(),
  /** Required once bundles were merged; recorded in the audit log. */
  reason: noteText(2000).optional(),
});

export const FlagNoteInputSchema = z.strictObject({
  roundId: RoundIdSchema,
  applicationId: ApplicationIdSchema,
  /** null: the flag on the application's total. */
  criterionId: z.string().min(1).max(64).nullable(),
  outcome: z.enum(['note', 'consensus']).default('note'),
  note: noteText(4000),
});

export const TieDecideInputSchema = z.strictObject({
  roundId: RoundIdSchema,
  /** Applications in the order the secretary decided, first = best. */
  applicationIds: z.array(ApplicationIdSchema).min(2).max(1000),
  reason: noteText(2000),
});
