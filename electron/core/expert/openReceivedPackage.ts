import { AppError } from '../errors';
import type { UnlockedIdentity } from '../identity/identityService';
import { packageFileName } from '../panel/packageErrors';
import { type OpenedPanelPackage, readPanelPackage } from '../panel/readPanelPackage';
import type { ExpertDeps } from './expertDeps';

/**
 * Decrypts and verifies a panel package with this data directory's identity (see
 * readPanelPackage: a refused package leaves nothing behind). The caller must dispose().
 */
export async function openReceivedPackage(deps: ExpertDeps, file: string): Promise<{ opened: OpenedPanelPackage; me: UnlockedIdentity }> {
  const me = deps.identity.requireUnlocked();
  const opened = await readPanelPackage({ file, identities: [me.ageIdentity], stagingDir: deps.stagingRoot });
  return { opened, me };
}

/**
 * A package is encrypted to its expert and to the secretary: the secretary can open
 * their own copy, but it is not theirs to score, nor anyone's but the expert it names.
 */
export function assertPackageIsMine(opened: OpenedPanelPackage, me: UnlockedIdentity, filePath: string): void {
  const expert = opened.manifest.expert;
  if (expert.fingerprint === me.fingerprint) return;
  const file = packageFileName(filePath);
  throw new AppError('PACKAGE_WRONG_EXPERT', `${file} is for expert ${expert.name} (${expert.fingerprint}), not for this identity ${me.fingerprint}`, {
    file,
    expertName: expert.name,
    expected: expert.fingerprint,
    found: me.fingerprint,
  });
}
