import { z } from 'zod';
import { ApplicationIdSchema, Sha256Schema } from './application';
import { ConflictBasisSchema, ConflictDecisionKindSchema } from './conflicts';
import { AFFILIATION_MAX, FingerprintSchema, PersonNameSchema } from './keyCard';
import { RoundIdSchema } from './round';
import { hasControlChars } from './text';

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

/**
 * Where an expert works, typed by the secretary (the key card carries no place): trimmed,
 * one line; an empty text clears it (null). Left out, it stays as it is.
 */
export const ExpertPlaceInputSchema = z
  .string()
  .trim()
  .max(100, { error: 'validation.tooLong' })
  .refine((text) => !hasControlChars(text), { error: 'validation.controlChars' })
  .transform((text) => (text === '' ? null : text))
  .nullable()
  .optional();

export const AddExpertsInputSchema = z
  .object({
    roundId: RoundIdSchema,
    cards: z.array(KeyCardUploadSchema).min(1, { error: 'validation.noCards' }).max(500, { error: 'validation.tooMany' }),
    /** Recorded for every expert of these cards (newly enrolled or already there). */
    city: ExpertPlaceInputSchema,
    province: ExpertPlaceInputSchema,
  })
  .strict();

/**
 * 'unchanged': the same card was enrolled before; enrolling it again is harmless.
 * 'updated': the same card, enrolled before, and the city or province given now was recorded.
 */
export const EnrolmentStatusSchema = z.enum(['added', 'unchanged', 'updated']);

export const EnrolledExpertSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  affiliation: z.string().nullable(),
  status: EnrolmentStatusSchema,
});

/**
 * The expert's latest exported panel package. `stale`: their assignments changed since,
 * so they need a new package (export again and send it).
 */
export const ExpertPackageSchema = z.object({
  packageId: z.string(),
  exportedAt: z.string(),
  fileName: z.string(),
  /** What it carried; null for packages from before this was recorded. */
  applicationIds: z.array(ApplicationIdSchema).nullable(),
  stale: z.boolean(),
});
export type ExpertPackage = z.infer<typeof ExpertPackageSchema>;

export const ExpertSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  affiliation: z.string().nullable(),
  /** Where the expert works, recorded by the secretary: what conflicts are flagged on. */
  city: z.string().nullable(),
  province: z.string().nullable(),
  sshPublicKey: z.string(),
  ageRecipient: z.string(),
  enrolledAt: z.string(),
  /** The applications assigned to this expert, in the round's order. */
  applicationIds: z.array(ApplicationIdSchema),
  /** The latest panel package exported for them; null when none was. */
  package: ExpertPackageSchema.nullable(),
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

/**
 * A conflict of interest: flagged (same city, province or affiliation; `bases` says
 * which, `matched` the expert's values that matched), or decided without a flag, and
 * the secretary's decision on it, if any.
 */
export const ConflictSchema = z.object({
  fingerprint: FingerprintSchema,
  applicationId: ApplicationIdSchema,
  /** Empty when the pair is not flagged (any more) but has a decision. */
  bases: z.array(ConflictBasisSchema),
  matched: z.array(z.string()),
  decision: ConflictDecisionKindSchema.nullable(),
  /** Why the secretary allowed it (always given), or recused (optional). */
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

/** An expert whose assignments no longer match the package they were sent. */
export const StalePackageSchema = z.object({ fingerprint: FingerprintSchema, name: z.string(), exportedAt: z.string() });

export const SetAssignmentsOutputSchema = z.object({
  assignments: z.array(AssignmentSchema),
  conflicts: z.array(ConflictSchema),
  /** Every expert of the round who now needs a new panel package. */
  stalePackages: z.array(StalePackageSchema),
});

/** Fields left out stay as they are; an empty affiliation, city or province clears it. */
export const UpdateExpertInputSchema = z
  .object({
    roundId: RoundIdSchema,
    fingerprint: FingerprintPrefixSchema,
    name: PersonNameSchema.optional(),
    affiliation: z
      .string()
      .trim()
      .max(AFFILIATION_MAX, { error: 'validation.tooLong' })
      .refine((text) => !hasControlChars(text), { error: 'validation.controlChars' })
      .transform((text) => (text === '' ? null : text))
      .nullable()
      .optional(),
    city: ExpertPlaceInputSchema,
    province: ExpertPlaceInputSchema,
  })
  .strict();

export const RemoveExpertInputSchema = z.object({ roundId: RoundIdSchema, fingerprint: FingerprintPrefixSchema }).strict();

/** What went with the expert: their assignments, conflict decisions and package records. */
export const RemoveExpertOutputSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  assignments: z.array(ApplicationIdSchema),
  decisions: z.int().min(0),
  packages: z.int().min(0),
  /** Score bundles received from them, and the scores merged from those. */
  bundles: z.int().min(0),
});

/** Key cards checked as `expert.add` would, without enrolling: the fingerprints to confirm first. */
export const CheckCardsInputSchema = z
  .object({
    roundId: RoundIdSchema,
    cards: z.array(KeyCardUploadSchema).min(1, { error: 'validation.noCards' }).max(500, { error: 'validation.tooMany' }),
  })
  .strict();

export const CheckedCardSchema = z.object({
  fileName: z.string(),
  fingerprint: FingerprintSchema,
  name: z.string(),
  affiliation: z.string().nullable(),
  /** 'new': would be enrolled; 'enrolled': this very card is already enrolled. */
  status: z.enum(['new', 'enrolled']),
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
