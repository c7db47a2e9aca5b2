import { z } from 'zod';
import { ApplicationIdSchema } from './application';
import { ConflictDecisionKindSchema } from './conflicts';
import { AssignmentSchema, ConflictSchema, FingerprintPrefixSchema, StalePackageSchema } from './expert';
import { RoundIdSchema } from './round';
import { hasControlChars } from './text';

/** The contract of conflict decisions and automatic assignment (the secretary's side). */

export const CONFLICT_REASON_MAX = 500;

export const DecideConflictInputSchema = z
  .object({
    roundId: RoundIdSchema,
    fingerprint: FingerprintPrefixSchema,
    applicationId: ApplicationIdSchema,
    decision: ConflictDecisionKindSchema,
    /** Required to allow (why the conflict does not matter); optional to recuse. */
    reason: z
      .string()
      .trim()
      .max(CONFLICT_REASON_MAX, { error: 'validation.tooLong' })
      .refine((text) => !hasControlChars(text), { error: 'validation.controlChars' })
      .transform((text) => (text === '' ? null : text))
      .nullable()
      .optional()
      .transform((text) => text ?? null),
  })
  .strict()
  .refine((input) => input.decision === 'recuse' || input.reason !== null, { error: 'validation.allowNeedsReason', path: ['reason'] });

export const DecideConflictOutputSchema = z.object({
  conflict: ConflictSchema,
  /** A recusal removed the expert's assignment to the application. */
  unassigned: z.boolean(),
  stalePackages: z.array(StalePackageSchema),
});

export const ListConflictsInputSchema = z.object({ roundId: RoundIdSchema }).strict();
export const ListConflictsOutputSchema = z.object({ conflicts: z.array(ConflictSchema) });

export const AutoAssignInputSchema = z
  .object({
    roundId: RoundIdSchema,
    /** How many experts every application should have. */
    perApplication: z.int({ error: 'validation.number' }).min(1, { error: 'validation.positive' }).max(100, { error: 'validation.atMost' }),
  })
  .strict();

export const AutoAssignOutputSchema = z.object({
  /** Every assignment of the round afterwards, as CLI.md's `assign` prints them. */
  assignments: z.array(AssignmentSchema),
  /** Those this call added. */
  added: z.array(AssignmentSchema),
  /** Every flagged or decided conflict of the round. */
  conflicts: z.array(ConflictSchema),
  stalePackages: z.array(StalePackageSchema),
});
