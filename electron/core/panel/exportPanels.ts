import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { ExportPanelsOutputSchema } from '../../../shared/domain/expert';
import type { AuditLog } from '../audit/auditLog';
import type Database from 'better-sqlite3';
import type { Round } from '../../../shared/domain/round';
import { canonicalJson } from '../crypto/canonicalJson';
import type { RubricRepository } from '../scoring/rubricRepository';
import type { BlobStore } from '../blobs/blobStore';
import type { ApplicationRepository } from '../documents/applicationRepository';
import { AppError, errorCodeOf, messageOf } from '../errors';
import type { IdentityService } from '../identity/identityService';
import { fileExists } from '../identity/safeFiles';
import { newShortId } from '../ids';
import type { CommandContext } from '../router';
import { buildPanelManifest } from './buildPanelManifest';
import { manifestBytes, sha256Hex } from './manifest';
import { isSystemError } from './packageErrors';
import { panelFileName } from './panelFileName';
import type { ExpertRecord, PanelPackageRecord, PanelRepository } from './panelRepository';
import { writePanelPackage } from './writePanelPackage';

type ExportOutput = z.output<typeof ExportPanelsOutputSchema>;

export interface ExportPanelsDeps {
  db: Database.Database;
  applications: ApplicationRepository;
  rubrics: RubricRepository;
  panel: PanelRepository;
  blobs: BlobStore;
  identity: IdentityService;
  audit: AuditLog;
  now: () => Date;
}

interface PlannedPackage {
  expert: ExpertRecord;
  applicationIds: string[];
  outPath: string;
}

/**
 * One panel package per assigned expert, signed by this data directory's identity and
 * encrypted to the expert and to the secretary. All or nothing: the packages are written
 * first (each temp-then-rename by writePanelPackage), then their records committed in
 * one transaction; on any failure or a cancel, the files this call wrote are removed
 * and no record is kept, so a half-exported panel never exists.
 */
export async function exportPanels(deps: ExportPanelsDeps, round: Round, outDir: string, context: CommandContext): Promise<ExportOutput> {
  const assigned = deps.panel.assignmentsByExpert(round.id);
  const experts = deps.panel.expertRecords(round.id).filter((expert) => (assigned.get(expert.fingerprint)?.length ?? 0) > 0);
  if (experts.length === 0) {
    throw new AppError('PANEL_NOTHING_ASSIGNED', `no expert of round ${round.id} has applications assigned`, { roundId: round.id });
  }
  const secretary = deps.identity.requireUnlocked();
  const dir = path.resolve(outDir);
  await assertWritableDirectory(dir);
  const planned = planFiles(round, experts, assigned, dir);
  for (const { outPath } of planned) if (fs.existsSync(outPath)) throw fileExists(outPath);

  const applications = new Map(deps.applications.listApplications(round.id).map((application) => [application.id, application]));
  const rubric = deps.rubrics.current(round.id, round.kind);
  const manifests = planned.map(({ expert, applicationIds }) =>
    buildPanelManifest({
      packageId: newShortId(),
      createdAt: deps.now().toISOString(),
      round,
      rubric: rubric.rubric,
      secretary,
      expert,
      applications: applicationIds.flatMap((id) => applications.get(id) ?? []),
      passwordOf: (sha256) => deps.applications.blobForReader(sha256)?.password ?? null,
    }),
  );
  const bytesOf = manifests.map((manifest) => manifest.applications.flatMap((a) => a.documents).reduce((sum, d) => sum + d.bytes, 0));
  const totalBytes = bytesOf.reduce((sum, bytes) => sum + bytes, 0);

  const written: string[] = [];
  const records: PanelPackageRecord[] = [];
  const files: ExportOutput['files'] = [];
  let doneBytes = 0;
  try {
    for (const [index, { expert, applicationIds, outPath }] of planned.entries()) {
      context.throwIfCancelled();
      const manifest = manifests[index];
      const packageBytes = bytesOf[index] ?? 0;
      if (manifest === undefined) continue;
      const file = await writePanelPackage({
        manifest,
        documentPath: (sha256) => deps.blobs.pathOf(sha256),
        signer: secretary.signing,
        recipients: [expert.ageRecipient, secretary.card.ageRecipient],
        outPath,
        signal: context.signal,
        // The zip's own bytes run slightly over its documents'; the bar never passes the end.
        onProgress: (done) => context.progress('export', doneBytes + Math.min(done, packageBytes), totalBytes),
      });
      written.push(outPath);
      doneBytes += packageBytes;
      const manifestSha256 = sha256Hex(manifestBytes(manifest));
      const exportedAt = deps.now().toISOString();
      records.push({
        id: manifest.packageId,
        roundId: round.id,
        fingerprint: expert.fingerprint,
        manifestSha256,
        fileSha256: file.sha256,
        fileName: path.basename(outPath),
        exportedAt,
        rubricVersion: rubric.version,
        applicationIds,
      });
      files.push({ fingerprint: expert.fingerprint, name: expert.name, file: outPath, sha256: file.sha256, packageId: manifest.packageId, manifestSha256, applicationIds });
    }
    context.throwIfCancelled();
    // The packages carry the rubric from now on: it is frozen with their records, and
    // only if it is still the one they carry (another window may have edited it meanwhile).
    deps.db.transaction(() => {
      const frozen = deps.rubrics.freeze(round.id, round.kind, deps.now().toISOString());
      if (frozen.version !== rubric.version || canonicalJson(frozen.rubric) !== canonicalJson(rubric.rubric)) {
        throw new AppError('RUBRIC_INVALID', `the rubric of round ${round.id} changed during the export; export again`, { file: round.name, detail: 'changed during the export' });
      }
      deps.panel.insertPackages(records);
      deps.audit.append({
        roundId: round.id,
        action: 'panel.export',
        detail: {
          rubricVersion: rubric.version,
          packages: records.map((record) => ({
            packageId: record.id,
            fingerprint: record.fingerprint,
            manifestSha256: record.manifestSha256,
            fileSha256: record.fileSha256,
            applicationIds: [...(record.applicationIds ?? [])],
          })),
        },
      });
    })();
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    throw isSystemError(error) ? unwritable(dir, error) : error;
  }
  context.progress('export', totalBytes, totalBytes);
  return { files };
}

/** File names in outDir; two experts whose names would collide (case-insensitively, for Windows) get whole fingerprints. */
function planFiles(round: Round, experts: readonly ExpertRecord[], assigned: Map<string, string[]>, dir: string): PlannedPackage[] {
  const short = experts.map((expert) => panelFileName(round.name, expert.name, expert.fingerprint));
  const counts = new Map<string, number>();
  for (const name of short) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  return experts.map((expert, index) => {
    const name = short[index] ?? '';
    const unique = counts.get(name.toLowerCase()) === 1 ? name : panelFileName(round.name, expert.name, expert.fingerprint, Infinity);
    return { expert, applicationIds: assigned.get(expert.fingerprint) ?? [], outPath: path.join(dir, unique) };
  });
}

/** Checked by writing a probe file: permission bits do not tell (root, read-only mounts, ACLs). */
async function assertWritableDirectory(dir: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    const probe = path.join(dir, `.panel-review-probe-${randomUUID()}`);
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
  } catch (error) {
    throw unwritable(dir, error);
  }
}

function unwritable(dir: string, error: unknown): AppError {
  return new AppError('OUT_DIR_UNWRITABLE', `cannot write panel packages to ${dir}: ${messageOf(error)}`, {
    dir,
    reason: errorCodeOf(error) ?? messageOf(error),
  });
}
