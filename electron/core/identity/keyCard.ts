import type { KeyObject } from 'node:crypto';
import { toValidationIssues } from '../../../shared/contract/issues';
import {
  KEY_CARD_EXTENSION,
  KEY_CARD_FORMAT,
  KEY_CARD_FORMAT_FAMILY,
  type KeyCard,
  type KeyCardBody,
  KeyCardSchema,
} from '../../../shared/domain/keyCard';
import { canonicalJson } from '../crypto/canonicalJson';
import { fingerprint, parseOpenSshPublicKey, type SigningKeyPair, toOpenSshPublicKey } from '../crypto/sshKeys';
import { signSshsig, SSHSIG_NAMESPACES, verifySshsig } from '../crypto/sshsig';
import { AppError, isAppError, messageOf } from '../errors';

/**
 * Key cards (`*.prkey`): canonical JSON of the card with a self-signature (SSHSIG,
 * namespace panel-review-key-card) over the canonical bytes of the card without its
 * `signature`. Checkable with stock tools: `jq -cjS 'del(.signature)'` gives those
 * bytes for every card this app writes, and `ssh-keygen -Y verify` checks them.
 */

/** Cards are a few hundred bytes; anything much larger is not one. */
export const KEY_CARD_MAX_BYTES = 64 * 1024;

export interface MadeKeyCard {
  card: KeyCard;
  /** The file's text: canonical JSON and a final newline. */
  content: string;
  fingerprint: string;
}

export interface KeyCardFields {
  name: string;
  affiliation: string | null;
  ageRecipient: string;
  createdAt: string;
}

export function makeKeyCard(fields: KeyCardFields, signing: SigningKeyPair): MadeKeyCard {
  const body: KeyCardBody = {
    format: KEY_CARD_FORMAT,
    name: fields.name,
    affiliation: fields.affiliation,
    sshPublicKey: toOpenSshPublicKey(signing.publicKey),
    ageRecipient: fields.ageRecipient,
    createdAt: fields.createdAt,
  };
  const signature = signSshsig(Buffer.from(canonicalJson(body), 'utf8'), signing.privateKey, signing.publicKey, SSHSIG_NAMESPACES.keyCard);
  const card: KeyCard = { ...body, signature };
  return { card, content: `${canonicalJson(card)}\n`, fingerprint: fingerprint(signing.publicKey) };
}

export interface ReadKeyCard {
  card: KeyCard;
  fingerprint: string;
  publicKey: KeyObject;
}

/**
 * Reads and fully checks a card: JSON, format version, schema, the key, and the
 * self-signature by that very key. `file` names it in errors.
 */
export function readKeyCard(text: string, file: string): ReadKeyCard {
  const invalid = (detail: string, extra: Record<string, unknown> = {}) =>
    new AppError('KEY_CARD_INVALID', `key card ${file} is not valid: ${detail}`, { file, detail, ...extra });
  if (text.length > KEY_CARD_MAX_BYTES) throw invalid(`larger than ${KEY_CARD_MAX_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalid(`not JSON (${messageOf(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('not a JSON object');
  const format: unknown = (parsed as Record<string, unknown>).format;
  if (typeof format !== 'string') throw invalid('no "format" field');
  if (format !== KEY_CARD_FORMAT) {
    if (KEY_CARD_FORMAT_FAMILY.test(format)) {
      throw new AppError('FORMAT_UNSUPPORTED', `${file} has the unsupported format ${format}`, { file, format });
    }
    throw invalid(`a "${format}" file, not a key card`, { format });
  }
  const checked = KeyCardSchema.safeParse(parsed);
  if (!checked.success) {
    const issues = toValidationIssues(checked.error);
    // `detail` stays English for logs; describeError shows the issues translated.
    throw invalid(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { issues });
  }
  const { signature, ...body } = checked.data;
  let publicKey: KeyObject;
  try {
    publicKey = parseOpenSshPublicKey(body.sshPublicKey);
  } catch (error) {
    throw invalid(`sshPublicKey: ${messageOf(error)}`);
  }
  const print = fingerprint(publicKey);
  try {
    verifySshsig(Buffer.from(canonicalJson(body), 'utf8'), signature, {
      namespace: SSHSIG_NAMESPACES.keyCard,
      allowedKeys: [publicKey],
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'SIGNATURE_UNTRUSTED_KEY') {
      // A card vouched for by some other key proves nothing about the key it names.
      throw invalid(`signed by another key (${String(error.details?.['fingerprint'])}), not by its own ${print}`, { fingerprint: print });
    }
    throw new AppError(error.code, `key card ${file}: ${error.message}`, { ...error.details, file, fingerprint: print });
  }
  return { card: checked.data, fingerprint: print, publicKey };
}

/** A file name for the card: the name made safe on every OS, and the fingerprint's start to tell namesakes apart. */
export function keyCardFileName(name: string, print: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  const short = print.replace(/^SHA256:/, '').slice(0, 8).replace(/\//g, '_').replace(/\+/g, '-');
  return `${safe === '' ? 'key-card' : safe}-${short}${KEY_CARD_EXTENSION}`;
}
