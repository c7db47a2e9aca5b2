import { createHash } from 'node:crypto';
import type { ApplicationReview } from '../../../shared/domain/scoreBundle';
import { canonicalJson } from '../crypto/canonicalJson';

/**
 * What a score bundle carries of the expert's work, as one hash: the SHA-256 (hex) of
 * the canonical JSON (RFC 8785) of the payload's `applications`. Recorded with every
 * export (bundle_export.reviews_sha256, migration 013) and recomputed by the score sheet
 * to tell whether the sheet changed since. Canonical JSON makes it independent of key
 * order; collectApplicationReviews gives arrays in a fixed order (package order, then
 * criterion ids, evidence ids, table positions), so equal reviews hash equally.
 */
export function reviewsDigest(applications: readonly ApplicationReview[]): string {
  return createHash('sha256').update(canonicalJson(applications), 'utf8').digest('hex');
}
