import { z } from 'zod';
import { ApplicationIdSchema, Sha256Schema } from '../application';
import { FingerprintSchema } from '../keyCard';
import { LanguageSchema } from '../language';
import { RoundIdSchema, RoundKindSchema } from '../round';
import { CoiDeclarationSchema, TargetRowSchema } from '../scoreBundle';

/**
 * The expert's printable score sheet (评分表, issue 8 point 5; DESIGN.md "Expert" step 5):
 * everything the expert's score bundle carries, on paper, for a handwritten signature.
 * It names the bundle it matches — revision and SHA-256 of the `.prscores` file, also as
 * a QR code — so the secretary can hold the signed paper against the file received.
 *
 * A sheet that matches no bundle would be a signature under something the secretary
 * never gets, so `scoresheet.export` refuses when nothing was exported yet
 * (SCORESHEET_NOT_EXPORTED) or the sheet changed since the newest export
 * (SCORESHEET_STALE). `draft: true` prints the current sheet anyway, marked 草稿 on
 * every page, without QR code or signature line, and naming no bundle: for checking
 * before exporting, never for signing.
 */

/** A file on this machine: the shells resolve and check it, the core writes it. */
const FilePathSchema = z.string().min(1, { error: 'validation.required' }).max(4096, { error: 'validation.tooLong' });

export const ScoreSheetExportInputSchema = z
  .object({
    roundId: RoundIdSchema,
    /** The PDF to write; replaced atomically when it exists (the save dialog asked). */
    out: FilePathSchema,
    /** Print the current sheet even when it matches no exported bundle, marked 草稿. */
    draft: z.boolean().optional(),
    /** The sheet's language; else the app's language setting, else zh-CN. */
    language: LanguageSchema.optional(),
  })
  .strict();
export type ScoreSheetExportInput = z.infer<typeof ScoreSheetExportInputSchema>;

export const ScoreSheetExportOutputSchema = z.object({
  file: z.string(),
  /** Hex SHA-256 of the written PDF. */
  sha256: Sha256Schema,
  bytes: z.int().positive(),
  pages: z.int().positive(),
  /** The bundle the sheet names; null for a draft, which names none. */
  revision: z.int().positive().nullable(),
  bundleSha256: Sha256Schema.nullable(),
  draft: z.boolean(),
});
export type ScoreSheetExportOutput = z.infer<typeof ScoreSheetExportOutputSchema>;

/** `scoresheet.export` for the web shell, which has no save path: the PDF comes back as bytes. */
export const ScoreSheetDownloadInputSchema = ScoreSheetExportInputSchema.omit({ out: true });
export type ScoreSheetDownloadInput = z.infer<typeof ScoreSheetDownloadInputSchema>;

export const ScoreSheetDownloadOutputSchema = ScoreSheetExportOutputSchema.omit({ file: true }).extend({
  /** A suggested name: round, expert and revision (or draft), e.g. `…评审-张三-评分表-r2.pdf`. */
  fileName: z.string(),
  contentBase64: z.string(),
});
export type ScoreSheetDownloadOutput = z.infer<typeof ScoreSheetDownloadOutputSchema>;

/**
 * Where the sheet stands against the exported bundles: `current` the newest export
 * carries exactly this sheet; `changed` it was edited since (or the newest export
 * predates the check, migration 013); `not-exported` nothing was exported yet.
 */
export const ScoreSheetStateSchema = z.enum(['current', 'changed', 'not-exported']);
export type ScoreSheetState = z.infer<typeof ScoreSheetStateSchema>;

export const ScoreSheetCriterionSchema = z.object({
  id: z.string(),
  /** The section's title (一、基础条件…), in the sheet's language. */
  section: z.string(),
  title: z.string(),
  max: z.number().positive(),
  /** Null: not scored (yet); the sheet shows a dash, never a zero. */
  value: z.number().nullable(),
  comment: z.string(),
  /** A targets-vs-actuals table (kind 'targets' criteria), rows in the expert's order. */
  targets: z.array(TargetRowSchema.omit({ criterionId: true })),
});
export type ScoreSheetCriterion = z.infer<typeof ScoreSheetCriterionSchema>;

export const ScoreSheetApplicationSchema = z.object({
  /** 1, 2, … in the panel package's order. */
  position: z.int().positive(),
  applicationId: ApplicationIdSchema,
  /** The secretary's id of the application: what the bundle names and the merge checks. */
  sourceApplicationId: ApplicationIdSchema,
  city: z.string().nullable(),
  province: z.string().nullable(),
  applicant: z.string().nullable(),
  /** Null: not declared yet (only a draft can show that; the bundle leaves such an application out). */
  coi: CoiDeclarationSchema.nullable(),
  /** Every criterion of the rubric, in rubric order; empty when a conflict was declared or nothing declared. */
  criteria: z.array(ScoreSheetCriterionSchema),
  /** The sum of the scores when every criterion is scored (CLI.md "results"), else null. */
  total: z.number().nullable(),
  scored: z.int().nonnegative(),
  maxTotal: z.number().nonnegative(),
  strengths: z.string(),
  issues: z.string(),
  /** The recommendation's label in the sheet's language, null when none was given. */
  recommendation: z.string().nullable(),
});
export type ScoreSheetApplication = z.infer<typeof ScoreSheetApplicationSchema>;

/** Everything the layout needs, resolved: labels in the sheet's language, no store access left. */
export const ScoreSheetDataSchema = z.object({
  language: LanguageSchema,
  round: z.object({ id: RoundIdSchema, sourceRoundId: RoundIdSchema, name: z.string(), kind: RoundKindSchema }),
  rubric: z.object({ name: z.string(), strengthsTitle: z.string(), issuesTitle: z.string() }),
  expert: z.object({ name: z.string(), affiliation: z.string().nullable(), fingerprint: FingerprintSchema }),
  secretary: z.object({ name: z.string(), fingerprint: FingerprintSchema }),
  packageId: z.string(),
  manifestSha256: Sha256Schema,
  /** The bundle the sheet matches; null only on a draft. */
  bundle: z.object({ revision: z.int().positive(), sha256: Sha256Schema, exportedAt: z.string() }).nullable(),
  /** Null on the sheet to sign; on a draft, where the sheet stands and the newest revision, if any. */
  draft: z.object({ state: ScoreSheetStateSchema, lastRevision: z.int().positive().nullable() }).nullable(),
  /** When the PDF was made (ISO 8601). */
  generatedAt: z.string(),
  applications: z.array(ScoreSheetApplicationSchema),
});
export type ScoreSheetData = z.infer<typeof ScoreSheetDataSchema>;
