import { panelDocumentFiles } from '../../../shared/domain/panelPackage';
import type { PanelInspectOutput } from '../../../shared/domain/expertRound';
import type { ExpertDeps } from './expertDeps';
import { openReceivedPackage } from './openReceivedPackage';
import { secretaryKnown } from './secretaryTrust';

/**
 * What a panel package holds and who signed it, fully verified (decrypted, signature,
 * every document hashed) but stored nowhere: the staged files are removed before it
 * returns. The UI shows this, the secretary's fingerprint above all, before importing.
 */
export async function inspectPanelPackage(deps: ExpertDeps, filePath: string): Promise<PanelInspectOutput> {
  const { opened, me } = await openReceivedPackage(deps, filePath);
  try {
    const { manifest } = opened;
    const files = panelDocumentFiles(manifest);
    const trusted = deps.received.trustedSecretary(manifest.round.id);
    const member = ({ name, affiliation, fingerprint }: { name: string; affiliation: string | null; fingerprint: string }) => ({ name, affiliation, fingerprint });
    return {
      packageId: manifest.packageId,
      manifestSha256: opened.manifestSha256,
      round: { ...manifest.round },
      secretary: member({ ...manifest.secretary, fingerprint: opened.secretaryFingerprint }),
      expert: member(manifest.expert),
      forThisIdentity: manifest.expert.fingerprint === me.fingerprint,
      applications: manifest.applications.length,
      documents: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      secretaryKnown: secretaryKnown(trusted, opened.secretaryFingerprint),
      trustedFingerprint: trusted ?? null,
      importedRoundId: deps.received.bySourceRound(manifest.round.id)?.roundId ?? null,
    };
  } finally {
    await opened.dispose();
  }
}
