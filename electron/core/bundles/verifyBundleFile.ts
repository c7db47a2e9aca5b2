import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { BundleVerifyOutputSchema } from '../../../shared/domain/expertRound';
import { AppError, errorCodeOf, messageOf } from '../errors';
import type { IdentityService } from '../identity/identityService';
import { bundleMalformed } from './bundleErrors';
import { MAX_BUNDLE_BYTES } from './bundleFormat';
import { openScoreBundle } from './openScoreBundle';

type BundleVerifyOutput = z.output<typeof BundleVerifyOutputSchema>;

/**
 * `bundle verify`: opens a score bundle with this data directory's age key (the
 * secretary's) and checks its signature and format, without merging or storing
 * anything. Whether the signer is an enrolled expert of the round is the merge's check.
 */
export async function verifyBundleFile(identity: IdentityService, filePath: string): Promise<BundleVerifyOutput> {
  const me = identity.requireUnlocked();
  const file = path.basename(filePath);
  const bytes = readBundle(filePath, file);
  const opened = await openScoreBundle({ bytes, identities: [me.ageIdentity], file });
  const { payload } = opened;
  return {
    fingerprint: opened.signerFingerprint,
    roundId: payload.roundId,
    revision: payload.revision,
    applications: payload.applications.length,
    sha256: opened.sha256,
    expertName: payload.expert.name,
    packageId: payload.packageId,
    manifestSha256: payload.manifestSha256,
    exportedAt: payload.exportedAt,
  };
}

/** Refuses an oversized file by its size, before reading it into memory. */
function readBundle(filePath: string, file: string): Uint8Array {
  try {
    const size = fs.statSync(filePath).size;
    if (size > MAX_BUNDLE_BYTES) throw bundleMalformed(file, 'too-large', `the file is ${size} bytes, above the limit of ${MAX_BUNDLE_BYTES}`);
    return fs.readFileSync(filePath);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: errorCodeOf(error) ?? messageOf(error) });
  }
}
