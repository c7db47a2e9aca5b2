import { z } from 'zod';
import { Sha256Schema } from '../application';
import { LanguageSchema } from '../language';
import { RoundIdSchema } from '../round';

/**
 * `report.export` (CLI.md `report`): one report of a secretary's round written to a file.
 * A final report needs every disagreement flag noted (DESIGN.md "Merge rules"); until
 * then only a draft can be written (FLAGS_WITHOUT_NOTES otherwise).
 */

export const reportFormats = ['xlsx', 'csv', 'json', 'pdf'] as const;
export const ReportFileFormatSchema = z.enum(reportFormats);
export type ReportFileFormat = z.infer<typeof ReportFileFormatSchema>;

/** POSIX `/…`, Windows `C:\…` or `\\server\…`: the shells resolve relative paths before calling. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export const ReportExportInputSchema = z.strictObject({
  roundId: RoundIdSchema,
  format: ReportFileFormatSchema,
  /** The file to write, replaced whole when it exists (the save dialog asked); its folder must exist. */
  out: z
    .string()
    .min(1, { error: 'validation.required' })
    .max(4096, { error: 'validation.tooLong' })
    .refine((file) => ABSOLUTE_PATH.test(file), { error: 'validation.absolutePath' }),
  /** Write it even with flags still open, marked 草稿 / DRAFT. */
  draft: z.boolean().optional(),
  /** Headers and labels; else the app's language setting, else zh-CN. */
  language: LanguageSchema.optional(),
});
export type ReportExportInput = z.infer<typeof ReportExportInputSchema>;

export const ReportExportOutputSchema = z.object({
  file: z.string(),
  format: ReportFileFormatSchema,
  /** Hex SHA-256 of the written file, as the audit log records it. */
  sha256: Sha256Schema,
  bytes: z.int().positive(),
  draft: z.boolean(),
  /** Flags without a note when the report was made (0 for a final report). */
  openFlags: z.int().nonnegative(),
  /** PDF: characters the shipped font has no glyph for (a rare name character), printed as empty boxes; check the names. */
  missingCharacters: z.array(z.string()),
});
export type ReportExportOutput = z.infer<typeof ReportExportOutputSchema>;

/** `report.export` for the web shell, which has no save path: the report comes back as bytes (and is audited the same). */
export const ReportDownloadInputSchema = ReportExportInputSchema.omit({ out: true });
export type ReportDownloadInput = z.infer<typeof ReportDownloadInputSchema>;

export const ReportDownloadOutputSchema = ReportExportOutputSchema.omit({ file: true }).extend({
  /** A suggested name: round and report, e.g. `2026年…评审-专家评审意见汇总-草稿.pdf`. */
  fileName: z.string(),
  contentBase64: z.string(),
});
export type ReportDownloadOutput = z.infer<typeof ReportDownloadOutputSchema>;

/**
 * The PDF opinion summary to look at before exporting: rendered as it would be exported
 * (marked 草稿 while flags are open, or when `draft`), but neither written nor audited —
 * nothing has left the app.
 */
export const ReportPreviewInputSchema = z.strictObject({
  roundId: RoundIdSchema,
  draft: z.boolean().optional(),
  language: LanguageSchema.optional(),
});
export type ReportPreviewInput = z.infer<typeof ReportPreviewInputSchema>;

export const ReportPreviewOutputSchema = z.object({
  contentBase64: z.string(),
  bytes: z.int().positive(),
  draft: z.boolean(),
  openFlags: z.int().nonnegative(),
});
export type ReportPreviewOutput = z.infer<typeof ReportPreviewOutputSchema>;
