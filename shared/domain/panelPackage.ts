import { z } from 'zod';
import { ApplicationIdSchema, DocKindSchema, Sha256Schema } from './application';
import { ROUND_ID_PATTERN, RoundKindSchema } from './round';
import { RubricSchema } from './rubric';

/**
 * The signed manifest of a panel package (`*.prpanel`, DESIGN.md "Formats"): what the
 * secretary sends one expert. The manifest is signed in canonical JSON, so nothing here
 * may transform a value (no trim, no defaults): what parses is exactly what was signed.
 * Every object is strict: a field this version does not know is refused, never ignored,
 * because an ignored field would be signed data the expert never sees.
 */

export const PANEL_FORMAT = 'panel-review/panel@1';

/** The package id: a short id as ids.ts makes them (Crockford base32, 10 characters). */
export const PanelPackageIdSchema = z.string().regex(/^[0-9a-hjkmnp-tv-z]{10}$/, { error: 'a 10-character short id' });

/**
 * Control characters, and the bidirectional controls that make text display in another
 * order than it is stored ("Trojan Source"): an expert must read what was signed.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** One line of text as people typed it: no control characters, no outer whitespace. */
function label(min: number, max: number) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((text) => !CONTROL_CHARS.test(text), { error: 'contains a control character' })
    .refine((text) => text === text.trim(), { error: 'has leading or trailing whitespace' });
}

/** `SHA256:…` as `ssh-keygen -l` prints it (unpadded base64 of 32 bytes). */
export const SshFingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, { error: 'an SSH SHA256 fingerprint' });
/** One spelling only, without a comment: the key is data to compare, not a file to keep. */
export const SshEd25519PublicKeySchema = z.string().regex(/^ssh-ed25519 [A-Za-z0-9+/]+={0,2}$/, { error: 'an "ssh-ed25519 AAAA…" key without comment' });
/** X25519 only (see ageKeys.ts: stock age 1.1.1 knows no other recipient type). */
export const AgeRecipientSchema = z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, { error: 'an X25519 age1… recipient' });

/**
 * The secretary who signs the package, or the expert it is for: the fields of their key
 * cards (same shapes as a stored key card: name up to 100, affiliation or null).
 */
export const PanelMemberSchema = z
  .object({
    name: label(1, 100),
    affiliation: label(1, 200).nullable(),
    fingerprint: SshFingerprintSchema,
    sshPublicKey: SshEd25519PublicKeySchema,
    ageRecipient: AgeRecipientSchema,
  })
  .strict();
export type PanelMember = z.infer<typeof PanelMemberSchema>;

export const PanelDocumentSchema = z
  .object({
    sha256: Sha256Schema,
    name: label(1, 255),
    kind: DocKindSchema,
    pages: z.number().int().positive(),
    bytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    /**
     * The open password of a protected PDF, or null. Carrying it is safe: the package is
     * age-encrypted to the expert, and without it the expert could not read the PDF.
     */
    password: z.string().min(1).max(1024).nullable(),
  })
  .strict();
export type PanelDocument = z.infer<typeof PanelDocumentSchema>;

export const PanelApplicationSchema = z
  .object({
    id: ApplicationIdSchema,
    city: label(1, 200).nullable(),
    province: label(1, 200).nullable(),
    applicant: label(1, 200).nullable(),
    documents: z.array(PanelDocumentSchema).min(1),
  })
  .strict();
export type PanelApplication = z.infer<typeof PanelApplicationSchema>;

export const PanelRoundSchema = z
  .object({
    id: z.string().regex(ROUND_ID_PATTERN, { error: 'a round id' }),
    name: label(1, 120),
    kind: RoundKindSchema,
  })
  .strict();

export const PanelManifestSchema = z
  .object({
    format: z.literal(PANEL_FORMAT),
    packageId: PanelPackageIdSchema,
    /** UTC, as Date.prototype.toISOString writes it. */
    createdAt: z.iso.datetime(),
    round: PanelRoundSchema,
    /** The round's rubric, frozen by this export: the expert scores against exactly this. */
    rubric: RubricSchema,
    secretary: PanelMemberSchema,
    expert: PanelMemberSchema,
    applications: z.array(PanelApplicationSchema).min(1),
  })
  .strict()
  .superRefine((manifest, context) => {
    const applicationIds = new Set<string>();
    const bytesBySha = new Map<string, number>();
    manifest.applications.forEach((application, a) => {
      if (applicationIds.has(application.id)) {
        context.addIssue({ code: 'custom', path: ['applications', a, 'id'], message: `application ${application.id} is listed twice` });
      }
      applicationIds.add(application.id);
      const shas = new Set<string>();
      application.documents.forEach((document, d) => {
        const path = ['applications', a, 'documents', d];
        if (shas.has(document.sha256)) context.addIssue({ code: 'custom', path: [...path, 'sha256'], message: 'the same document is listed twice in one application' });
        shas.add(document.sha256);
        // One sha256 is one file in the package; two sizes for it cannot both be true.
        const known = bytesBySha.get(document.sha256);
        if (known !== undefined && known !== document.bytes) context.addIssue({ code: 'custom', path: [...path, 'bytes'], message: `differs from another listing of ${document.sha256}` });
        bytesBySha.set(document.sha256, document.bytes);
      });
    });
  });
export type PanelManifest = z.infer<typeof PanelManifestSchema>;

/** The distinct documents a manifest lists (a PDF shared by two applications is one file). */
export function panelDocumentFiles(manifest: PanelManifest): { sha256: string; bytes: number }[] {
  const files = new Map<string, number>();
  for (const application of manifest.applications) {
    for (const document of application.documents) files.set(document.sha256, document.bytes);
  }
  return [...files].map(([sha256, bytes]) => ({ sha256, bytes }));
}
