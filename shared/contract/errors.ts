import { z } from 'zod';

/**
 * Stable error codes. Scripts and the UI key on these, so a code is never renamed
 * or reused for another meaning; add new ones at the end.
 */
export const errorCodes = [
  'USAGE',
  'INVALID_INPUT',
  'UNKNOWN_COMMAND',
  'NOT_FOUND',
  'ROUND_NAME_TAKEN',
  'DATA_DIR_UNAVAILABLE',
  'STORE_READ_ONLY',
  'STORE_NOT_SQLITE',
  'STORE_CORRUPT',
  'STORE_NEWER_VERSION',
  'STORE_FOREIGN',
  'STORE_LOCKED',
  'CANCELLED',
  'UNAUTHORIZED',
  'TRANSPORT',
  'INTERNAL',
  'FILE_UNREADABLE',
  'IMPORT_NO_PDF',
  'PDF_EMPTY',
  'PDF_NOT_PDF',
  'PDF_DAMAGED',
  'PDF_PASSWORD_REQUIRED',
  'PDF_PASSWORD_WRONG',
  'ZIP_INVALID',
  'ZIP_UNSAFE_ENTRY',
  'ZIP_LIMIT',
  'ZIP_NESTED',
  'KEY_INVALID',
  'KEY_UNSUPPORTED',
  'KEY_ENCRYPTED',
  'SIGNATURE_MALFORMED',
  'SIGNATURE_WRONG_PURPOSE',
  'SIGNATURE_UNTRUSTED_KEY',
  'SIGNATURE_INVALID',
  'JSON_NOT_CANONICAL',
  'AGE_NO_MATCHING_KEY',
  'AGE_DAMAGED',
  'AGE_MALFORMED',
  'IDENTITY_MISSING',
  'IDENTITY_EXISTS',
  'IDENTITY_LOCKED',
  'PASSPHRASE_REQUIRED',
  'PASSPHRASE_WRONG',
  'PASSPHRASE_TOO_SHORT',
  'KEY_CARD_INVALID',
  'FORMAT_UNSUPPORTED',
  'PACKAGE_MALFORMED',
  'PACKAGE_UNEXPECTED_ENTRY',
  'PACKAGE_LIMIT',
  'PACKAGE_HASH_MISMATCH',
  'PACKAGE_SECRETARY_CHANGED',
  'BUNDLE_MALFORMED',
  'ROUND_NOT_SECRETARY',
  'EXPERT_CARD_CONFLICT',
  'EXPERT_NOT_FOUND',
  'EXPERT_AMBIGUOUS',
  'APPLICATION_NOT_IN_ROUND',
  'PANEL_NOTHING_ASSIGNED',
  'OUT_DIR_UNWRITABLE',
  'PACKAGE_WRONG_EXPERT',
  'PACKAGE_SECRETARY_UNEXPECTED',
  'PACKAGE_ALREADY_IMPORTED',
  'ROUND_NOT_EXPERT',
  'RUBRIC_INVALID',
  'RUBRIC_NOT_EDITABLE',
  'COI_REQUIRED',
  'COI_CONFLICT',
  'CRITERION_UNKNOWN',
  'CRITERION_NOT_TARGETS',
  'SCORE_OUT_OF_RANGE',
  'SCORE_OFF_STEP',
  'SCORE_NOT_NUMBER',
  'RECOMMENDATION_UNKNOWN',
  'DOCUMENT_NOT_IN_APPLICATION',
  'PAGE_OUT_OF_RANGE',
  'AUDIT_CHAIN_BROKEN',
  'BUNDLE_WRONG_ROUND',
  'BUNDLE_UNKNOWN_EXPERT',
  'BUNDLE_PACKAGE_MISMATCH',
  'BUNDLE_NOT_ASSIGNED',
  'BUNDLE_CONFLICT',
  'CONFLICT_UNDECIDED',
  'ASSIGNMENT_RECUSED',
  'AUTO_ASSIGN_IMPOSSIBLE',
  'FLAG_NOT_FOUND',
  'METHOD_REASON_REQUIRED',
  'REPORT_FONT_MISSING',
  'SCORESHEET_NOT_EXPORTED',
  'SCORESHEET_STALE',
  'FLAGS_WITHOUT_NOTES',
  'DISK_FULL',
  'BACKUP_DAMAGED',
  'BACKUP_FORMAT_UNKNOWN',
  'BACKUP_NEWER_VERSION',
  'BACKUP_TARGET_NOT_EMPTY',
] as const;

export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** One failed check of an input, with a message key the UI and CLI translate. */
export const ValidationIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const CommandErrorSchema = z.object({
  code: ErrorCodeSchema,
  /** English text for logs and scripts; people see the translation of `code`. */
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type CommandError = z.infer<typeof CommandErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };

export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: CommandErrorSchema }),
]);
