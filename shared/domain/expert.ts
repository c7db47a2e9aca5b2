import { z } from 'zod';
import { ApplicationIdSchema, Sha256Schema } from './application';
import { FingerprintSchema } from './keyCard';
import { RoundIdSchema } from './round';

/**
 * The secretary's side of a panel: experts enrolled from their key cards, the
 * applications each is assigned, and the panel packages exported for them.
 */

/** A key card as handed over: its text, and the name it came under (for messages only). */
export const KeyCardUploadSchema = z
  .object({
    fileName: z.string().min(1, { error: 'validation.required' }).max(4096, { error: 'validation.tooLong' }),
    // Cards are a few hundred bytes; readKeyCard refuses anything over 64 KiB with its own reason.
    content: z.string().max(1024 * 1024, { error: 'validation.tooLong' }),
  })
  .strict();

export const AddExpertsInputSchema = z
  .object({
    roundId: RoundIdSchema,
    cards: z.array(KeyCardUploadSchema).min(1, { error: 'validation.noCards' }).max(500, { error: 'validation.tooMany' }),
  })
  .strict();

/** 'unchanged': the same card was enrolled before; enrolling it again is harmless. */
export const EnrolmentStatusSchema = z.enum(['added', 'unchanged']);

export const EnrolledExpertSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  affiliation: z.string().nullable(),
  status: EnrolmentStatusSchema,
});

export const ExpertSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  affiliation: z.string().nullable(),
  sshPublicKey: z.string(),
  ageRecipient: z.string(),
  enrolledAt: z.string(),
  /** The applications assigned to this expert, in the round's order. */
  applicationIds: z.array(ApplicationIdSchema),
});
export type Expert = z.infer<typeof ExpertSchema>;

/**
 * A full `SHA256:…` fingerprint or a unique prefix of it, with or without `SHA256:`
 * (CLI.md: "an expert is named by their key fingerprint or a unique prefix of it").
 */
export const FingerprintPrefixSchema = z
  .string()
  .trim()
  .min(1, { error: 'validation.required' })
  .max(50, { error: 'validation.tooLong' })
  .regex(/^[A-Za-z0-9+/:]+$/, { error: 'validation.fingerprintPrefix' });

export const SetAssignmentsInputSchema = z
  .object({
    roundId: RoundIdSchema,
    fingerprint: FingerprintPrefixSchema,
    /** The expert's assignments become exactly these; an empty list clears them. */
    applicationIds: z.array(ApplicationIdSchema).max(10_000, { error: 'validation.tooMany' }),
  })
  .strict();

export const AssignmentSchema = z.object({ fingerprint: FingerprintSchema, applicationId: ApplicationIdSchema });

/** A flagged conflict of interest (issue 7 fills these in; the shape is a placeholder). */
export const ConflictSchema = z.object({
  fingerprint: FingerprintSchema,
  applicationId: ApplicationIdSchema,
  reason: z.string(),
});

export const SetAssignmentsOutputSchema = z.object({
  assignments: z.array(AssignmentSchema),
  conflicts: z.array(ConflictSchema),
});

export const ExportPanelsInputSchema = z
  .object({
    roundId: RoundIdSchema,
    /** An existing, writable directory; absolute paths are safest, relative ones resolve against the core's working directory. */
    outDir: z.string().min(1, { error: 'validation.required' }).max(4096, { error: 'validation.tooLong' }),
  })
  .strict();

export const ExportedPanelSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  /** Absolute path of the written `.prpanel`. */
  file: z.string(),
  /** Hex SHA-256 of the file as written. */
  sha256: Sha256Schema,
  packageId: z.string(),
  /** Hex SHA-256 of the signed manifest: what score bundles name the package by. */
  manifestSha256: Sha256Schema,
  applicationIds: z.array(ApplicationIdSchema),
});

export const ExportPanelsOutputSchema = z.object({ files: z.array(ExportedPanelSchema) });
