import { z } from 'zod';
import { ErrorCodeSchema } from '../contract/errors';
import { Sha256Schema } from './application';
import { FingerprintSchema } from './keyCard';
import { RoundIdSchema } from './round';

/**
 * The secretary's merge of returned score bundles (DESIGN.md "Merge rules"): the inputs
 * and outputs of `bundle.import` and `returns.status`. The bundle format itself is
 * scoreBundle.ts.
 */

/** A file on this machine: the shells resolve and check it, the core reads it. */
const FilePathSchema = z.string().min(1, { error: 'validation.required' }).max(4096, { error: 'validation.tooLong' });

/** Far above a real panel (one bundle per expert); keeps one call's work bounded. */
export const BUNDLE_IMPORT_MAX_FILES = 1_000;

export const BundleImportInputSchema = z
  .object({
    roundId: RoundIdSchema,
    files: z.array(FilePathSchema).min(1, { error: 'validation.required' }).max(BUNDLE_IMPORT_MAX_FILES, { error: 'validation.tooMany' }),
  })
  .strict();

export const BundleImportStatusSchema = z.enum(['accepted', 'unchanged', 'rejected']);
export type BundleImportStatus = z.infer<typeof BundleImportStatusSchema>;

/**
 * Why a sound bundle changed nothing: the very same file was merged before, or its
 * revision is not newer than the one merged from that expert.
 */
export const UnchangedReasonSchema = z.enum(['same-bundle', 'not-newer']);
export type UnchangedReason = z.infer<typeof UnchangedReasonSchema>;

/** One file's outcome. Fields a script keys on (CLI.md): file, status, reason, code. */
export const BundleImportResultSchema = z.object({
  file: z.string(),
  status: BundleImportStatusSchema,
  /** Why it was rejected or changed nothing, in English for logs; people see the translation of `code` or `unchanged`. */
  reason: z.string().optional(),
  /** Rejected: the stable error code (BUNDLE_CONFLICT, SIGNATURE_INVALID…). */
  code: ErrorCodeSchema.optional(),
  /** Rejected: the parameters of the code's message (file, fingerprint, applicationId…). */
  details: z.record(z.string(), z.unknown()).optional(),
  unchanged: UnchangedReasonSchema.optional(),
  /** The signer, once the signature is verified. */
  fingerprint: FingerprintSchema.optional(),
  expertName: z.string().optional(),
  revision: z.int().positive().optional(),
  /** Unchanged because not newer: the revision merged before, which stays. */
  mergedRevision: z.int().positive().optional(),
  /** Hex SHA-256 of the file, once it was read. */
  sha256: Sha256Schema.optional(),
  /** Accepted: how many applications the bundle reviewed (their merged rows were replaced). */
  applications: z.int().nonnegative().optional(),
});
export type BundleImportResult = z.infer<typeof BundleImportResultSchema>;

export const BundleImportOutputSchema = z.object({ results: z.array(BundleImportResultSchema) });
export type BundleImportOutput = z.infer<typeof BundleImportOutputSchema>;

/**
 * How far an expert's returns are: nothing merged yet; merged but some assigned
 * application still lacks a declaration or a score; or every assigned application has
 * a declared conflict, or no conflict and every rubric criterion scored.
 */
export const ReturnStatusSchema = z.enum(['not-returned', 'partial', 'complete']);
export type ReturnStatus = z.infer<typeof ReturnStatusSchema>;

export const ReturnsStatusInputSchema = z.object({ roundId: RoundIdSchema }).strict();

export const ExpertReturnSchema = z.object({
  fingerprint: FingerprintSchema,
  name: z.string(),
  status: ReturnStatusSchema,
  /** The newest revision merged, or null when none was. */
  revision: z.int().positive().nullable(),
  /** When that revision was received (ISO 8601). */
  receivedAt: z.string().nullable(),
  /** Applications currently assigned to the expert. */
  assigned: z.int().nonnegative(),
  /** Of those: fully scored or declared a conflict. */
  done: z.int().nonnegative(),
  /** Of those: declared a conflict of interest. */
  conflicts: z.int().nonnegative(),
});
export type ExpertReturn = z.infer<typeof ExpertReturnSchema>;

export const ReturnsStatusOutputSchema = z.object({ roundId: RoundIdSchema, experts: z.array(ExpertReturnSchema) });
export type ReturnsStatusOutput = z.infer<typeof ReturnsStatusOutputSchema>;
