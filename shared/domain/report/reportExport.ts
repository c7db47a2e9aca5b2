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
});
export type ReportExportOutput = z.infer<typeof ReportExportOutputSchema>;
