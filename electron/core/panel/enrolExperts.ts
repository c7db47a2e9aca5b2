import { canonicalJson } from '../crypto/canonicalJson';
import { AppError } from '../errors';
import { readKeyCard } from '../identity/keyCard';
import type { ExpertRecord } from './panelRepository';

export interface KeyCardUpload {
  fileName: string;
  content: string;
}

export interface Enrolment {
  /** The first file the card came in (for expert.checkCards; expert.add leaves it out). */
  fileName: string;
  fingerprint: string;
  name: string;
  affiliation: string | null;
  status: 'added' | 'unchanged' | 'updated';
}

/** City and province given with the cards; undefined: not given, null: clear it. */
export interface PlaceGiven {
  city?: string | null | undefined;
  province?: string | null | undefined;
}

/** An enrolled expert whose place the call records anew. */
export interface PlaceUpdate {
  expert: ExpertRecord;
  city: string | null;
  province: string | null;
}

/**
 * Decides what enrolling `cards` in a round does, before anything is written: every card
 * is fully checked (readKeyCard: format, schema, self-signature), and a card is
 * - new: added;
 * - the very card already enrolled (or given twice): unchanged, so enrolling is idempotent;
 * - another card for an enrolled key (other name, affiliation or age recipient): refused,
 *   because the secretary checked the fingerprint against the first card, and a second
 *   one under the same key could swap the expert's encryption key unnoticed.
 * Any refusal refuses the whole call; the caller inserts `added` in one transaction.
 * A city or province given with the cards is recorded for every one of them: the new
 * ones get it, and an enrolled one whose place differs is `updated`.
 */
export function planEnrolment(
  roundId: string,
  cards: readonly KeyCardUpload[],
  enrolled: (fingerprint: string) => ExpertRecord | undefined,
  enrolledAt: string,
  place: PlaceGiven = {},
): { added: ExpertRecord[]; updated: PlaceUpdate[]; enrolments: Enrolment[] } {
  const updated: PlaceUpdate[] = [];
  const added = new Map<string, { record: ExpertRecord; canonical: string; file: string }>();
  const enrolments: Enrolment[] = [];
  for (const { fileName, content } of cards) {
    const { card, fingerprint } = readKeyCard(content, fileName);
    // The card's canonical form: the same card re-saved with a BOM or other spacing is still the same card.
    const canonical = canonicalJson(card);
    const known = enrolled(fingerprint);
    const earlier = known === undefined ? added.get(fingerprint) : { canonical: canonicalOf(known), file: fileName };
    const describe = { fileName, fingerprint, name: card.name, affiliation: card.affiliation };
    if (earlier !== undefined) {
      if (earlier.canonical !== canonical) throw cardConflict(fileName, fingerprint, known === undefined ? `${earlier.file} in the same call` : 'enrolled before');
      if (enrolments.some((e) => e.fingerprint === fingerprint)) continue;
      const update = known === undefined ? null : placeUpdate(known, place);
      if (update !== null) updated.push(update);
      enrolments.push({ ...describe, status: update === null ? 'unchanged' : 'updated' });
      continue;
    }
    added.set(fingerprint, {
      canonical,
      file: fileName,
      record: {
        roundId,
        fingerprint,
        name: card.name,
        affiliation: card.affiliation,
        city: place.city ?? null,
        province: place.province ?? null,
        sshPublicKey: card.sshPublicKey,
        ageRecipient: card.ageRecipient,
        keyCard: content,
        enrolledAt,
      },
    });
    enrolments.push({ ...describe, status: 'added' });
  }
  return { added: [...added.values()].map((entry) => entry.record), updated, enrolments };
}

/** The enrolled expert's new place, or null when the call gives none or the same. */
function placeUpdate(expert: ExpertRecord, place: PlaceGiven): PlaceUpdate | null {
  const city = place.city === undefined ? expert.city : place.city;
  const province = place.province === undefined ? expert.province : place.province;
  return city === expert.city && province === expert.province ? null : { expert, city, province };
}

/** The stored card was checked when it was enrolled; re-reading it gives its canonical form. */
function canonicalOf(expert: ExpertRecord): string {
  return canonicalJson(readKeyCard(expert.keyCard, `expert ${expert.fingerprint}`).card);
}

function cardConflict(file: string, fingerprint: string, detail: string): AppError {
  return new AppError('EXPERT_CARD_CONFLICT', `key card ${file}: ${fingerprint} has a different card (${detail})`, {
    file,
    fingerprint,
    detail: `${detail}`,
  });
}
