import { z } from 'zod';
import { RoundIdSchema, RoundKindSchema } from './round';
import { Sha256Schema } from './application';
import { FingerprintSchema } from './keyCard';

/**
 * The expert's side of a round: receiving a panel package, exporting score bundles, and
 * the secretary's check of a bundle before merging it. Command inputs and outputs only;
 * the package and bundle formats themselves are panelPackage.ts and scoreBundle.ts.
 */

/** A file on this machine: the shells resolve and check it, the core reads it. */
const FilePathSchema = z.string().min(1, { error: 'validation.required' }).max(4096, { error: 'validation.tooLong' });

/**
 * Trust on first use, per source round: 'new' the first package of that round (show
 * the fingerprint, have it checked out of band), 'trusted' the key seen before,
 * 'changed' another key than before (import refuses it).
 */
export const SecretaryKnownSchema = z.enum(['trusted', 'new', 'changed']);
export type SecretaryKnown = z.infer<typeof SecretaryKnownSchema>;

export const PanelInspectInputSchema = z.object({ file: FilePathSchema }).strict();

export const PanelInspectOutputSchema = z.object({
  packageId: z.string(),
  manifestSha256: Sha256Schema,
  round: z.object({ id: RoundIdSchema, name: z.string(), kind: RoundKindSchema }),
  secretary: z.object({ name: z.string(), affiliation: z.string().nullable(), fingerprint: FingerprintSchema }),
  expert: z.object({ name: z.string(), affiliation: z.string().nullable(), fingerprint: FingerprintSchema }),
  /** Whether the package names this data directory's identity as its expert (else import refuses it). */
  forThisIdentity: z.boolean(),
  applications: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  secretaryKnown: SecretaryKnownSchema,
  /** The fingerprint trusted for this round before, when there is one. */
  trustedFingerprint: FingerprintSchema.nullable(),
  /** The local expert round this package (or an earlier one of its round) was imported as. */
  importedRoundId: RoundIdSchema.nullable(),
});
export type PanelInspectOutput = z.infer<typeof PanelInspectOutputSchema>;

export const PanelImportInputSchema = z
  .object({
    file: FilePathSchema,
    /** The fingerprint the person confirmed (or a script was told): any other signer is refused. */
    expectSecretary: FingerprintSchema.optional(),
  })
  .strict();

export const PanelImportOutputSchema = z.object({
  /** The local id of the expert round. */
  roundId: RoundIdSchema,
  /** How many applications the round holds. */
  applications: z.number().int().nonnegative(),
  secretaryFingerprint: FingerprintSchema,
  /** 'new': the secretary's key was trusted on first use by this import; show it to be checked. */
  secretaryKnown: SecretaryKnownSchema.exclude(['changed']),
  status: z.enum(['imported', 'unchanged']),
});
export type PanelImportOutput = z.infer<typeof PanelImportOutputSchema>;

export const ScoresExportInputSchema = z.object({ roundId: RoundIdSchema, outFile: FilePathSchema }).strict();

export const ScoresExportOutputSchema = z.object({
  file: z.string(),
  revision: z.number().int().positive(),
  /** Hex SHA-256 of the written `.prscores` file: what the score sheet prints. */
  sha256: Sha256Schema,
});

export const ScoresExportForDownloadInputSchema = z.object({ roundId: RoundIdSchema }).strict();

/** The same bundle as `scores.export`, as bytes for a browser download (the web shell has no save path). */
export const ScoresExportForDownloadOutputSchema = z.object({
  /** A suggested name: round, expert and revision, e.g. `…评审-张三-r2.prscores`. */
  fileName: z.string(),
  contentBase64: z.string(),
  revision: z.number().int().positive(),
  sha256: Sha256Schema,
  /** How many applications the bundle reviews (conflict declaration, scores, opinion). */
  applications: z.number().int().nonnegative(),
});

export const BundleVerifyInputSchema = z.object({ file: FilePathSchema }).strict();

export const BundleVerifyOutputSchema = z.object({
  /** The expert's key that signed the bundle. */
  fingerprint: FingerprintSchema,
  /** The secretary's round the bundle scores. */
  roundId: RoundIdSchema,
  revision: z.number().int().positive(),
  /** How many applications the bundle reviews. */
  applications: z.number().int().nonnegative(),
  sha256: Sha256Schema,
  expertName: z.string(),
  packageId: z.string(),
  manifestSha256: Sha256Schema,
  exportedAt: z.string(),
});
