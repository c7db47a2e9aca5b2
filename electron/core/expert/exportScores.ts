import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SCORE_PAYLOAD_FORMAT, type ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { PanelManifestSchema } from '../../../shared/domain/panelPackage';
import { sealScoreBundle } from '../bundles/sealScoreBundle';
import { AppError } from '../errors';
import { cannotWrite } from '../identity/safeFiles';
import { isSystemError } from '../panel/packageErrors';
import { collectApplicationReviews } from './collectReviews';
import type { ExpertDeps } from './expertDeps';
import type { ReceivedPackage } from './receivedPackageRepository';

export interface ExportedScores {
  file: string;
  revision: number;
  sha256: string;
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
  const target = path.resolve(outFile);
  const temp = writeTemp(target, sealed.bytes);
  try {
    deps.db.transaction(() => {
      // Throws when another export took this revision meanwhile (the trigger and primary key).
      deps.received.recordExport({ roundId, revision, sha256: sealed.sha256, exportedAt });
      fs.renameSync(temp, target);
    })();
  } catch (error) {
    throw isSystemError(error) ? cannotWrite(target, error) : error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  syncDirectory(path.dirname(target));
  return { file: target, revision, sha256: sealed.sha256 };
}

function requireReceived(deps: ExpertDeps, roundId: string): ReceivedPackage {
  const received = deps.received.byRound(roundId);
  if (received !== undefined) return received;
  if (deps.rounds.get(roundId) === undefined) throw new AppError('NOT_FOUND', `no round ${roundId}`, { what: roundId });
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
