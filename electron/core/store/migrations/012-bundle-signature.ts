import type { Migration } from '../migrate';

/**
 * received_bundle keeps the signature beside the signed payload (issue 7, follow-up).
 *
 * 010 kept only the payload bytes, so a stored bundle could not be proved to come from
 * its expert once the `.prscores` file was gone. `signature` is the envelope's armored
 * SSHSIG text exactly as received (the bundle carries text, not bytes): with `payload`
 * and the enrolled expert's `ssh_public_key` it is everything `ssh-keygen -Y verify`
 * needs, and what verifyStoredBundle.ts checks.
 *
 * Rows received before this migration have no signature and can never get one: the
 * signature was not kept, and 010's trigger keeps a received bundle as it came, which
 * also stops anyone from attaching a signature later. So the column is nullable, and a
 * trigger, not NOT NULL, requires it of every bundle received from now on.
 */
export const bundleSignature: Migration = {
  version: 12,
  name: 'bundle-signature',
  up(db) {
    db.exec(`
      ALTER TABLE received_bundle ADD COLUMN signature TEXT CHECK (signature IS NULL OR length(signature) > 0);

      CREATE TRIGGER received_bundle_signed BEFORE INSERT ON received_bundle
      WHEN NEW.signature IS NULL
      BEGIN
        SELECT RAISE(ABORT, 'received_bundle: a bundle is kept with its signature');
      END;
    `);
  },
};
