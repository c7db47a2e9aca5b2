import { z } from 'zod';
import { RoundIdSchema } from './round';

/** What a document is within a city's application package. */
export const docKinds = ['plan', 'form', 'opinion', 'other'] as const;
export const DocKindSchema = z.enum(docKinds, { error: 'validation.docKind' });
export type DocKind = z.infer<typeof DocKindSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'validation.sha256' });

/**
 * Where both shells serve a stored document's bytes (with HTTP Range): relative, so it
 * resolves against app:// in the desktop app and against 127.0.0.1 in the web shell.
 */
export function documentUrl(sha256: string): string {
  return `/blob/${sha256}`;
}

/** Where both shells serve the picture of a stored document's first page (204 when there is none). */
export function snapshotUrl(sha256: string): string {
  return `/snapshot/${sha256}`;
}
export const ApplicationIdSchema = z.string().regex(/^[0-9a-hjkmnp-tv-z]{10}$/, { error: 'validation.applicationId' });

/** Optional free-text metadata (city, province, applicant): trimmed, empty means not given. */
const MetadataText = z
  .string()
  .trim()
  .max(200, { error: 'validation.tooLong' })
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

export const UpdateApplicationInputSchema = z
  .object({
    applicationId: ApplicationIdSchema,
    city: MetadataText,
    province: MetadataText,
    applicant: MetadataText,
  })
  .strict();

export const UpdateDocumentInputSchema = z
  .object({
    applicationId: ApplicationIdSchema,
    sha256: Sha256Schema,
    kind: DocKindSchema,
  })
  .strict();

export const TextStatusSchema = z.enum(['pending', 'done', 'failed']);

export const DocumentSchema = z.object({
  sha256: Sha256Schema,
  name: z.string(),
  kind: DocKindSchema,
  pages: z.number().int().positive(),
  bytes: z.number().int().positive(),
  encryption: z.enum(['none', 'owner', 'user']),
  title: z.string().nullable(),
  textStatus: TextStatusSchema,
  textPages: z.number().int().nonnegative(),
});
export type DocumentSummary = z.infer<typeof DocumentSchema>;

export const ApplicationSchema = z.object({
  id: ApplicationIdSchema,
  roundId: RoundIdSchema,
  city: z.string().nullable(),
  province: z.string().nullable(),
  applicant: z.string().nullable(),
  createdAt: z.string(),
  documents: z.array(DocumentSchema),
});
export type Application = z.infer<typeof ApplicationSchema>;

export const ImportInputSchema = z
  .object({
    roundId: RoundIdSchema,
    city: MetadataText,
    province: MetadataText,
    applicant: MetadataText,
    docKind: DocKindSchema.default('plan'),
    /** Files, folders of PDFs, or zips of them, on the machine running the back end. */
    paths: z.array(z.string().min(1)).min(1, { error: 'validation.noPaths' }).max(10_000),
    /** Open password for password-protected PDFs among them. */
    password: z.string().max(1024).optional(),
  })
  .strict();

export const ImportedDocumentSchema = z.object({
  sha256: Sha256Schema,
  pages: z.number().int().positive(),
  name: z.string(),
  kind: DocKindSchema,
  /** imported: new to this data directory; existing: the same bytes were already stored. */
  status: z.enum(['imported', 'existing']),
});

export const ImportOutputSchema = z.object({
  id: ApplicationIdSchema,
  documents: z.array(ImportedDocumentSchema),
  skipped: z.array(z.object({ name: z.string(), reason: z.enum(['not-pdf', 'system-file', 'duplicate']) })),
});

export const SearchInputSchema = z
  .object({
    roundId: RoundIdSchema,
    query: z
      .string()
      .trim()
      .min(1, { error: 'validation.required' })
      .max(200, { error: 'validation.tooLong' })
      // Tabs and line breaks (pasted text) separate terms; other control characters (NUL…) are no text and are refused.
      // eslint-disable-next-line no-control-regex
      .refine((query) => !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(query), { error: 'validation.controlChars' }),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const SearchHitSchema = z.object({
  applicationId: ApplicationIdSchema,
  sha256: Sha256Schema,
  page: z.number().int().positive(),
  /** Page text around the match, plain. */
  snippet: z.string(),
  /** [start, end) offsets of the matched text inside `snippet`, for highlighting. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  documentName: z.string(),
  city: z.string().nullable(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;
