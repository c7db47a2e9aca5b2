import type { Migration } from '../migrate';

/**
 * bundle_export remembers WHAT each export carried, not only which file it was (issue 8,
 * the printable score sheet).
 *
 * The score sheet an expert signs by hand names a bundle (revision, SHA-256 of the
 * `.prscores` file) and must show exactly what that bundle carries. The file's hash
 * cannot tell whether the sheet changed since: age encryption is randomised, so sealing
 * the same reviews again gives other bytes, and the expert cannot decrypt the bundle
 * (it is sealed to the secretary). So each export now also records `reviews_sha256`:
 * the SHA-256 of the canonical JSON (RFC 8785) of the payload's `applications`, the
 * only part of the payload the expert's edits change (round, package, manifest and
 * expert are fixed per round; revision and exportedAt are the export's own). The score
 * sheet recomputes it from the store and prints only when the two agree.
 *
 * Rows exported before this migration carry no hash and can never get one (an export is
 * history: 005's trigger), so the column is nullable; such a revision counts as "cannot
 * tell", and the sheet asks for a new export. No trigger requires the column: code that
 * forgot it would only make the sheet refuse, which is the safe side.
 */
export const exportReviewsHash: Migration = {
  version: 13,
  name: 'export-reviews-hash',
  up(db) {
    db.exec(`
      ALTER TABLE bundle_export ADD COLUMN reviews_sha256 TEXT
        CHECK (reviews_sha256 IS NULL OR (length(reviews_sha256) = 64 AND reviews_sha256 NOT GLOB '*[^0-9a-f]*'));
    `);
  },
};
