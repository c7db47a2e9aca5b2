import { z } from 'zod';
import { ApplicationIdSchema, Sha256Schema } from './application';
import { ROUND_ID_PATTERN, RoundIdSchema } from './round';
import { hasControlChars } from './text';

/**
 * The score bundle (`*.prscores`, DESIGN.md "Formats"): what an expert sends back to the
 * secretary. The envelope is plain JSON that stock jq reads; the payload is the signed
 * canonical JSON inside it. Every object is strict — an unknown field is refused, not
 * ignored — because a field this version does not understand could carry a score the
 * merge would silently drop. Nothing here transforms or defaults a value, so a parsed
 * payload is exactly what was signed.
 *
 * Criterion ids and recommendations stay plain strings: whether they belong to the
 * round's rubric is the merge's check (DESIGN.md "Merge rules"), not the format's.
 */

export const SCORE_BUNDLE_FORMAT = 'panel-review/scores@1';
export const SCORE_PAYLOAD_FORMAT = 'panel-review/scores-payload@1';

/** Caps that keep a hostile bundle from exhausting memory; far above any real panel. */
export const SCORE_BUNDLE_LIMITS = {
  applications: 5_000,
  scoresPerApplication: 500,
  evidencePerApplication: 2_000,
  rectsPerEvidence: 500,
  coiReason: 2_000,
  comment: 10_000,
  opinionText: 20_000,
  quote: 4_000,
  targetRowsPerApplication: 1_000,
  indicator: 200,
  signature: 4_096,
} as const;


/** A short one-line label (ids, names, recommendation values), spelled one way only. */
const lineText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !hasControlChars(text), { error: 'contains control characters' })
    .refine((text) => text === text.trim(), { error: 'has leading or trailing whitespace' });

/** Rubric criterion ids come from the rubric file, so only their shape is checked here. */
export const CriterionIdSchema = lineText(64);

/**
 * The id of the panel package the expert scored: a short id as electron/core/ids.ts makes
 * them, the same shape as the package manifest's `packageId`. The merge compares it with
 * the id of the package the secretary issued.
 */
export const PackageIdSchema = z.string().regex(ROUND_ID_PATTERN, { error: 'is not a panel package id' });

/**
 * 'SHA256:' and the unpadded base64 of a 32-byte digest, exactly as `ssh-keygen -l` prints
 * it. The last of the 43 characters carries two zero bits, hence its smaller alphabet.
 */
export const SshFingerprintSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]$/, { error: 'is not an SSH key fingerprint (SHA256:…)' });

/**
 * Canonical base64 only: the alphabet, padding to a multiple of 4, and zero bits in the
 * last character before padding. Lenient decoders accept other spellings of the same
 * bytes; refusing them keeps one file, one meaning.
 */
export const StrictBase64Schema = z.string().refine(isCanonicalBase64, { error: 'is not canonical base64' });

const BASE64_BODY = /^[A-Za-z0-9+/]*$/;

/** atob and btoa are in browsers and in Node ≥ 16, but not in shared/'s (ES-only) types. */
const web = globalThis as { atob?: (text: string) => string; btoa?: (binary: string) => string };

/**
 * Canonical base64 (the rule above). Where atob/btoa exist, as a round trip: btoa only
 * ever writes canonical base64, and atob decodes any canonical text exactly, so
 * `btoa(atob(text)) === text` holds for canonical text and for nothing else (atob's
 * leniencies - whitespace, missing padding, stray bits - all change the re-encoding,
 * and what it cannot decode throws). Both are native: ~0.03 ms for a ~110 KB payload,
 * where scanning it with a regular expression took ~0.15 ms of each bundle's opening.
 */
export function isCanonicalBase64(text: string): boolean {
  if (web.atob !== undefined && web.btoa !== undefined) {
    try {
      return web.btoa(web.atob(text)) === text;
    } catch {
      return false;
    }
  }
  return isCanonicalBase64ByRule(text);
}

/**
 * The same rule in plain JavaScript, in linear time (the grouped regular expression the
 * tests compare with took up to 1.5 ms for a ~150 KB payload).
 */
export function isCanonicalBase64ByRule(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - padding);
  if (!BASE64_BODY.test(body)) return false;
  const last = body.at(-1);
  if (padding === 2) return last !== undefined && 'AQgw'.includes(last);
  if (padding === 1) return last !== undefined && 'AEIMQUYcgkosw048'.includes(last);
  return true;
}

/** zod 4 numbers are finite already (NaN and ±Infinity refused); JSON has no others. */
const FiniteNumber = z.number();

export const CoiDeclarationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('conflict'), reason: z.string().min(1).max(SCORE_BUNDLE_LIMITS.coiReason) }),
]);
export type CoiDeclaration = z.infer<typeof CoiDeclarationSchema>;

export const CriterionScoreSchema = z.strictObject({
  criterionId: CriterionIdSchema,
  /** Null: the expert commented on the criterion but has not scored it (yet). */
  value: FiniteNumber.nullable(),
  comment: z.string().max(SCORE_BUNDLE_LIMITS.comment),
});
export type CriterionScore = z.infer<typeof CriterionScoreSchema>;

export const OpinionSchema = z.strictObject({
  strengths: z.string().max(SCORE_BUNDLE_LIMITS.opinionText),
  issues: z.string().max(SCORE_BUNDLE_LIMITS.opinionText),
  /** A value of the rubric's `recommendations`, or null when none was given yet. */
  recommendation: lineText(64).nullable(),
});
export type Opinion = z.infer<typeof OpinionSchema>;

/** [x1, y1, x2, y2] in PDF user space (points, origin bottom-left), as pdf.js reports. */
export const PdfRectSchema = z.tuple([FiniteNumber, FiniteNumber, FiniteNumber, FiniteNumber]);

/** A passage of an application document that backs a score. */
export const EvidenceAnchorSchema = z.strictObject({
  criterionId: CriterionIdSchema,
  sha256: Sha256Schema,
  page: z.int().min(1),
  rects: z.array(PdfRectSchema).max(SCORE_BUNDLE_LIMITS.rectsPerEvidence),
  quote: z.string().max(SCORE_BUNDLE_LIMITS.quote),
});
export type EvidenceAnchor = z.infer<typeof EvidenceAnchorSchema>;

/**
 * One row of a targets-vs-actuals table (kind 'targets' criteria): the city's own
 * quantified target for an indicator and what it reached. The achieved ratio is
 * computed from these, never carried, so it cannot disagree with them.
 */
export const TargetRowSchema = z.strictObject({
  criterionId: CriterionIdSchema,
  indicator: z.string().min(1).max(SCORE_BUNDLE_LIMITS.indicator),
  unit: z.string().max(40),
  better: z.enum(['higher', 'lower']),
  target: FiniteNumber.nullable(),
  actual: FiniteNumber.nullable(),
});
export type TargetRow = z.infer<typeof TargetRowSchema>;

export const ApplicationReviewSchema = z
  .strictObject({
    applicationId: ApplicationIdSchema,
    coi: CoiDeclarationSchema,
    scores: z.array(CriterionScoreSchema).max(SCORE_BUNDLE_LIMITS.scoresPerApplication),
    opinion: OpinionSchema,
    evidence: z.array(EvidenceAnchorSchema).max(SCORE_BUNDLE_LIMITS.evidencePerApplication),
    targets: z.array(TargetRowSchema).max(SCORE_BUNDLE_LIMITS.targetRowsPerApplication),
  })
  .superRefine((review, ctx) => {
    // Two scores for one criterion would leave the merge to guess which one counts.
    const seen = new Set<string>();
    review.scores.forEach((score, index) => {
      if (seen.has(score.criterionId)) {
        ctx.addIssue({ code: 'custom', path: ['scores', index, 'criterionId'], message: `criterion "${score.criterionId}" is scored twice` });
      }
      seen.add(score.criterionId);
    });
  });
export type ApplicationReview = z.infer<typeof ApplicationReviewSchema>;

export const ScoreBundlePayloadSchema = z
  .strictObject({
    format: z.literal(SCORE_PAYLOAD_FORMAT),
    roundId: RoundIdSchema,
    packageId: PackageIdSchema,
    /** SHA-256 (hex) of the signed manifest of the panel package the expert scored. */
    manifestSha256: Sha256Schema,
    expert: z.strictObject({ fingerprint: SshFingerprintSchema, name: lineText(200) }),
    /** Grows with every export; the merge ignores a revision it has already seen or passed. */
    revision: z.int().min(1),
    exportedAt: z.iso.datetime(),
    applications: z.array(ApplicationReviewSchema).max(SCORE_BUNDLE_LIMITS.applications),
  })
  .superRefine((payload, ctx) => {
    const seen = new Set<string>();
    payload.applications.forEach((review, index) => {
      if (seen.has(review.applicationId)) {
        ctx.addIssue({ code: 'custom', path: ['applications', index, 'applicationId'], message: `application "${review.applicationId}" appears twice` });
      }
      seen.add(review.applicationId);
    });
  });
export type ScoreBundlePayload = z.infer<typeof ScoreBundlePayloadSchema>;

/** The outer JSON inside the age encryption; `jq -r .payload | base64 -d` yields the payload. */
export const ScoreBundleEnvelopeSchema = z.strictObject({
  format: z.literal(SCORE_BUNDLE_FORMAT),
  payload: StrictBase64Schema.min(1),
  /** Armored SSHSIG (namespace panel-review-scores) over the decoded payload bytes. */
  signature: z.string().min(1).max(SCORE_BUNDLE_LIMITS.signature),
});
export type ScoreBundleEnvelope = z.infer<typeof ScoreBundleEnvelopeSchema>;
