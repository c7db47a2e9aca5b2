import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SCORE_PAYLOAD_FORMAT, type ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { PanelManifestSchema } from '../../../shared/domain/panelPackage';
import { sealScoreBundle } from '../bundles/sealScoreBundle';
import { AppError } from '../errors';
import { cannotWrite } from '../identity/safeFiles';
import { isSystemError } from '../panel/packageErrors';
import { scoresFileName } from '../panel/panelFileName';
import { collectApplicationReviews } from './collectReviews';
import { reviewsDigest } from './reviewsDigest';
import type { ExpertDeps } from './expertDeps';
import type { ReceivedPackage } from './receivedPackageRepository';
import { requireRound } from '../rounds/roundRepository';

export interface ExportedScores {
  file: string;
  revision: number;
  sha256: string;
}

export interface DownloadedScores {
  fileName: string;
  contentBase64: string;
  revision: number;
  sha256: string;
  applications: number;
}

/** A sealed bundle with its revision, not yet recorded: record it only once its bytes are out. */
interface SealedScores {
  bytes: Uint8Array;
  sha256: string;
  revision: number;
  exportedAt: string;
  /** How many applications the payload reviews. */
  applications: number;
  /** reviewsDigest of the payload's applications: lets the score sheet tell whether it still matches. */
  reviewsSha256: string;
  roundName: string;
  expertName: string;
}

/**
 * Writes the expert's signed, encrypted score bundle for an expert round. The payload
 * names the secretary's round, package and manifest hash as the received package has
 * them, and the next revision; it is sealed to the secretary's age key from the signed
 * manifest. The file is written beside its target and fsynced; the bundle_export row
 * and the rename happen in one transaction, so a revision is used only by a file that
 * was written, and a file is never left without its revision recorded.
 */
export async function exportScores(deps: ExpertDeps, roundId: string, outFile: string): Promise<ExportedScores> {
  const sealed = await sealScores(deps, roundId);
  const target = path.resolve(outFile);
  const temp = writeTemp(target, sealed.bytes);
  try {
    deps.db.transaction(() => {
      recordExport(deps, roundId, sealed);
      fs.renameSync(temp, target);
    })();
  } catch (error) {
    throw isSystemError(error) ? cannotWrite(target, error) : error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  syncDirectory(path.dirname(target));
  return { file: target, revision: sealed.revision, sha256: sealed.sha256 };
}

/**
 * The same bundle as exportScores, handed back as bytes for a browser download (the web
 * shell has no save path). The revision is recorded as the bytes leave, as for a file:
 * a download the person then discards leaves a gap in the revisions, which only grow.
 */
export async function exportScoresForDownload(deps: ExpertDeps, roundId: string): Promise<DownloadedScores> {
  const sealed = await sealScores(deps, roundId);
  deps.db.transaction(() => recordExport(deps, roundId, sealed))();
  return {
    fileName: scoresFileName(sealed.roundName, sealed.expertName, sealed.revision),
    contentBase64: Buffer.from(sealed.bytes).toString('base64'),
    revision: sealed.revision,
    sha256: sealed.sha256,
    applications: sealed.applications,
  };
}

async function sealScores(deps: ExpertDeps, roundId: string): Promise<SealedScores> {
  const received = requireReceived(deps, roundId);
  const me = deps.identity.requireUnlocked();
  if (me.fingerprint !== received.expertFingerprint) {
    // An identity is never replaced in a data directory; this is a copied or damaged one.
    const detail = `round ${roundId} was received by ${received.expertFingerprint}, not by this identity ${me.fingerprint}`;
    throw new AppError('INVALID_INPUT', `cannot export the scores: ${detail}`, { roundId, detail });
  }
  const manifest = PanelManifestSchema.parse(JSON.parse(received.manifest));
  const revision = deps.received.lastRevision(roundId) + 1;
  const exportedAt = deps.now().toISOString();
  const payload: ScoreBundlePayload = {
    format: SCORE_PAYLOAD_FORMAT,
    roundId: received.sourceRoundId,
    packageId: received.packageId,
    manifestSha256: received.manifestSha256,
    expert: { fingerprint: me.fingerprint, name: manifest.expert.name },
    revision,
    exportedAt,
    applications: collectApplicationReviews(deps.db, roundId, deps.received.applications(roundId)),
  };
  const sealed = await sealScoreBundle({ payload, signer: me.signing, secretaryRecipients: [received.secretaryAgeRecipient] });
  return {
    bytes: sealed.bytes,
    sha256: sealed.sha256,
    revision,
    exportedAt,
    applications: payload.applications.length,
    reviewsSha256: reviewsDigest(payload.applications),
    roundName: manifest.round.name,
    expertName: manifest.expert.name,
  };
}

/** Call inside a transaction; throws when another export took this revision meanwhile (the trigger and primary key). */
function recordExport(deps: ExpertDeps, roundId: string, sealed: SealedScores): void {
  deps.received.recordExport({ roundId, revision: sealed.revision, sha256: sealed.sha256, exportedAt: sealed.exportedAt, reviewsSha256: sealed.reviewsSha256 });
}

function requireReceived(deps: ExpertDeps, roundId: string): ReceivedPackage {
  const received = deps.received.byRound(roundId);
  if (received !== undefined) return received;
  requireRound(deps.rounds, roundId);
  throw new AppError('ROUND_NOT_EXPERT', `round ${roundId} was not received from a panel package, so it has no scores to export`, { roundId });
}

/** The bundle beside its target (same file system, so the rename is atomic), fsynced. */
function writeTemp(target: string, bytes: Uint8Array): string {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
  } catch (error) {
    throw cannotWrite(target, error);
  }
  try {
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw cannotWrite(target, error);
  } finally {
    fs.closeSync(fd);
  }
  return temp;
}

/** Makes the rename durable; directories cannot be opened for fsync on Windows. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
