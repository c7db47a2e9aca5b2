import type { z } from 'zod';
import type { PanelImportInputSchema, PanelImportOutput } from '../../../shared/domain/expertRound';
import type { PanelApplication, PanelManifest } from '../../../shared/domain/panelPackage';
import { canonicalJson } from '../crypto/canonicalJson';
import type { NewBlob } from '../documents/applicationRepository';
import { AppError } from '../errors';
import { newShortId } from '../ids';
import type { UnlockedIdentity } from '../identity/identityService';
import { packageFileName } from '../panel/packageErrors';
import type { OpenedPanelPackage } from '../panel/readPanelPackage';
import type { PdfInfo } from '../pdf/inspectPdf';
import type { CommandContext } from '../router';
import type { ExpertDeps } from './expertDeps';
import { assertPackageIsMine, openReceivedPackage } from './openReceivedPackage';
import type { ReceivedApplication } from './receivedPackageRepository';
import { checkSecretary } from './secretaryTrust';

type PanelImportInput = z.output<typeof PanelImportInputSchema>;

export interface ImportedPanel extends PanelImportOutput {
  /** The documents whose text the caller should index next. */
  documents: string[];
}

/**
 * Opens a panel package as an expert round, all or nothing: the package is decrypted,
 * verified and its documents extracted to staging; the expert and the secretary's key
 * are checked; new PDFs are inspected; then the documents are renamed into the blob
 * store and every row (round, applications, documents, received package, trusted key)
 * is committed in one transaction. On any failure the blobs this call created and the
 * staging files are removed, so a refused package leaves the data directory as it was.
 */
export async function importPanelPackage(deps: ExpertDeps, input: PanelImportInput, context: CommandContext): Promise<ImportedPanel> {
  const file = packageFileName(input.file);
  context.progress('verify', 0, null);
  const { opened, me } = await openReceivedPackage(deps, input.file);
  const created: string[] = [];
  try {
    const { manifest } = opened;
    assertPackageIsMine(opened, me, input.file);
    const trusted = deps.received.trustedSecretary(manifest.round.id);
    checkSecretary(file, opened.secretaryFingerprint, input.expectSecretary, trusted);
    const secretaryKnown = trusted === undefined ? 'new' : 'trusted';
    const existing = deps.received.bySourceRound(manifest.round.id);
    if (existing !== undefined) {
      if (existing.manifestSha256 !== opened.manifestSha256) throw alreadyImported(file, existing.roundId, manifest);
      const applications = deps.received.applications(existing.roundId).length;
      return { roundId: existing.roundId, applications, secretaryFingerprint: opened.secretaryFingerprint, secretaryKnown, status: 'unchanged', documents: [] };
    }
    context.throwIfCancelled();
    const infos = await inspectNewDocuments(deps, opened, context);
    context.throwIfCancelled();
    context.progress('store', 0, opened.documents.length);
    for (const [index, document] of opened.documents.entries()) {
      const blob = await deps.blobs.adopt(document.path, document.sha256);
      if (blob.created) created.push(blob.sha256);
      context.progress('store', index + 1, opened.documents.length);
    }
    context.throwIfCancelled();
    const roundId = commitRound(deps, opened, me, infos);
    created.length = 0;
    return {
      roundId,
      applications: manifest.applications.length,
      secretaryFingerprint: opened.secretaryFingerprint,
      secretaryKnown,
      status: 'imported',
      documents: opened.documents.map((document) => document.sha256),
    };
  } finally {
    for (const sha256 of created) deps.blobs.remove(sha256);
    await opened.dispose();
  }
}

function alreadyImported(file: string, roundId: string, manifest: PanelManifest): AppError {
  return new AppError(
    'PACKAGE_ALREADY_IMPORTED',
    `${file}: round ${manifest.round.id} was already imported from another package (as round ${roundId}); importing an updated package is not supported yet`,
    { file, roundId, roundName: manifest.round.name, packageId: manifest.packageId },
  );
}

/** The open password the manifest gives for a document, if any listing of it has one. */
function passwordOf(manifest: PanelManifest, sha256: string): string | null {
  for (const application of manifest.applications) {
    for (const document of application.documents) if (document.sha256 === sha256 && document.password !== null) return document.password;
  }
  return null;
}

function nameOf(manifest: PanelManifest, sha256: string): string {
  for (const application of manifest.applications) {
    const found = application.documents.find((document) => document.sha256 === sha256);
    if (found !== undefined) return found.name;
  }
  return sha256;
}

/**
 * A blob row records what pdf.js found (pages, metadata, encryption), as for imported
 * PDFs; a PDF whose row exists already was checked when it was first stored.
 */
async function inspectNewDocuments(deps: ExpertDeps, opened: OpenedPanelPackage, context: CommandContext): Promise<Map<string, PdfInfo>> {
  const infos = new Map<string, PdfInfo>();
  const fresh = opened.documents.filter((document) => !deps.applications.hasBlob(document.sha256));
  for (const [index, document] of fresh.entries()) {
    context.throwIfCancelled();
    context.progress('check', index, fresh.length);
    const password = passwordOf(opened.manifest, document.sha256);
    const displayName = nameOf(opened.manifest, document.sha256);
    infos.set(document.sha256, await deps.pdf().inspect(document.path, password === null ? { displayName } : { displayName, password }));
  }
  context.progress('check', fresh.length, fresh.length);
  return infos;
}

/** Names are unique per role; two secretaries may well name their rounds alike. */
function uniqueRoundName(deps: ExpertDeps, manifest: PanelManifest): string {
  const name = manifest.round.name;
  return deps.rounds.findByName(name, 'expert') === undefined ? name : `${name}（${manifest.round.id}）`;
}

function commitRound(deps: ExpertDeps, opened: OpenedPanelPackage, me: UnlockedIdentity, infos: ReadonlyMap<string, PdfInfo>): string {
  const { manifest } = opened;
  const now = deps.now().toISOString();
  const roundId = newShortId();
  const blobsOf = (application: PanelApplication): NewBlob[] =>
    application.documents.flatMap((document) => {
      const info = infos.get(document.sha256);
      if (info === undefined) return []; // its row exists already
      const password = info.encryption === 'user' ? document.password : null;
      return [{ sha256: document.sha256, bytes: document.bytes, info, password, storedAt: now }];
    });
  deps.db.transaction(() => {
    deps.rounds.insert({ id: roundId, name: uniqueRoundName(deps, manifest), kind: manifest.round.kind, role: 'expert', createdAt: now });
    deps.rubrics.insertFrozen(roundId, manifest.rubric, now);
    const mapping: ReceivedApplication[] = manifest.applications.map((application, position) => {
      const applicationId = newShortId();
      deps.applications.insertApplication(blobsOf(application), {
        id: applicationId,
        roundId,
        city: application.city,
        province: application.province,
        applicant: application.applicant,
        createdAt: now,
        documents: application.documents.map(({ sha256, name, kind }) => ({ sha256, name, kind })),
      });
      return { applicationId, sourceApplicationId: application.id, position };
    });
    deps.received.recordPackage(
      {
        roundId,
        sourceRoundId: manifest.round.id,
        packageId: manifest.packageId,
        manifestSha256: opened.manifestSha256,
        manifest: canonicalJson(manifest),
        secretaryFingerprint: opened.secretaryFingerprint,
        secretarySshPublicKey: manifest.secretary.sshPublicKey,
        secretaryAgeRecipient: manifest.secretary.ageRecipient,
        expertFingerprint: me.fingerprint,
        importedAt: now,
      },
      mapping,
    );
  })();
  return roundId;
}
