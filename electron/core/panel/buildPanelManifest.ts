import type { Application } from '../../../shared/domain/application';
import type { KeyCard } from '../../../shared/domain/keyCard';
import { PANEL_FORMAT, type PanelManifest, type PanelMember } from '../../../shared/domain/panelPackage';
import type { Round } from '../../../shared/domain/round';
import type { Rubric } from '../../../shared/domain/rubric';
import type { ExpertRecord } from './panelRepository';

export interface PanelManifestInput {
  packageId: string;
  createdAt: string;
  round: Round;
  /** The round's current rubric, which the export freezes. */
  rubric: Rubric;
  /** The secretary's own key card, as the unlocked identity holds it. */
  secretary: { card: KeyCard; fingerprint: string };
  expert: ExpertRecord;
  /** This expert's applications only, in the round's order. */
  applications: readonly Application[];
  /** The open password kept for a protected PDF, or null. */
  passwordOf: (sha256: string) => string | null;
}

/**
 * The manifest of one expert's package: pure data, from what the store holds. The
 * members are copied from key cards, so the fingerprints an expert compares by phone
 * are the ones their own card and the secretary's card show.
 */
export function buildPanelManifest(input: PanelManifestInput): PanelManifest {
  const { card } = input.secretary;
  const secretary: PanelMember = {
    name: card.name,
    affiliation: card.affiliation,
    fingerprint: input.secretary.fingerprint,
    sshPublicKey: card.sshPublicKey,
    ageRecipient: card.ageRecipient,
  };
  const expert: PanelMember = {
    name: input.expert.name,
    affiliation: input.expert.affiliation,
    fingerprint: input.expert.fingerprint,
    sshPublicKey: input.expert.sshPublicKey,
    ageRecipient: input.expert.ageRecipient,
  };
  return {
    format: PANEL_FORMAT,
    packageId: input.packageId,
    createdAt: input.createdAt,
    round: { id: input.round.id, name: input.round.name, kind: input.round.kind },
    rubric: input.rubric,
    secretary,
    expert,
    applications: input.applications.map((application) => ({
      id: application.id,
      city: application.city,
      province: application.province,
      applicant: application.applicant,
      documents: application.documents.map((document) => ({
        sha256: document.sha256,
        name: document.name,
        kind: document.kind,
        pages: document.pages,
        bytes: document.bytes,
        password: input.passwordOf(document.sha256),
      })),
    })),
  };
}
