import { createHash, type KeyObject } from 'node:crypto';
import { PANEL_FORMAT, PanelManifestSchema, type PanelManifest, type PanelMember } from '../../../shared/domain/panelPackage';
import { canonicalJson } from '../crypto/canonicalJson';
import { fingerprint, parseOpenSshPublicKey, rawPublicKey } from '../crypto/sshKeys';
import { signSshsig, SSHSIG_NAMESPACES, verifySshsig } from '../crypto/sshsig';
import { AppError, isAppError, messageOf } from '../errors';
import { malformed, packageError } from './packageErrors';

/**
 * The manifest in its signed form: canonical JSON (RFC 8785) bytes, signed with SSHSIG
 * under the panel namespace, so that `ssh-keygen -Y verify` checks a package's
 * manifest.json with nothing but stock tools.
 */

export const MANIFEST_ENTRY = 'manifest.json';
export const SIGNATURE_ENTRY = 'manifest.json.sig';
const DOCUMENT_ENTRY = /^docs\/([0-9a-f]{64})\.pdf$/;

export type PackageEntry = { kind: 'manifest' } | { kind: 'signature' } | { kind: 'document'; sha256: string };

export function documentEntryName(sha256: string): string {
  return `docs/${sha256}.pdf`;
}

/** The only three kinds of entry a package may hold; undefined for anything else. */
export function classifyEntryName(name: string): PackageEntry | undefined {
  if (name === MANIFEST_ENTRY) return { kind: 'manifest' };
  if (name === SIGNATURE_ENTRY) return { kind: 'signature' };
  const document = DOCUMENT_ENTRY.exec(name);
  return document?.[1] === undefined ? undefined : { kind: 'document', sha256: document[1] };
}

export function manifestBytes(manifest: PanelManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function signManifest(bytes: Buffer, signer: { privateKey: KeyObject; publicKey: KeyObject }): string {
  return signSshsig(bytes, signer.privateKey, signer.publicKey, SSHSIG_NAMESPACES.panel);
}

/** A readable summary of the first schema problems, for {{detail}}. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`);
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}

/**
 * The fingerprints people compare by phone must be those of the keys the manifest
 * carries; a manifest whose two disagree would show one key and trust another.
 */
export function memberKeyProblem(member: PanelMember, role: 'secretary' | 'expert'): string | undefined {
  let key: KeyObject;
  try {
    key = parseOpenSshPublicKey(member.sshPublicKey);
  } catch (error) {
    return `${role}.sshPublicKey is not a valid Ed25519 key: ${messageOf(error)}`;
  }
  const actual = fingerprint(key);
  return actual === member.fingerprint ? undefined : `${role}.fingerprint ${member.fingerprint} is not that of ${role}.sshPublicKey (${actual})`;
}

export interface ParsedManifest {
  manifest: PanelManifest;
  /** Hex SHA-256 of the canonical bytes: what score bundles name the manifest by. */
  sha256: string;
}

// ignoreBOM keeps a BOM in the text, so the canonical comparison sees (and refuses) it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads manifest.json. The format is checked before anything else so that a package
 * from a newer version says so, rather than "malformed"; then the schema; then that the
 * bytes are canonical, so the signed bytes have exactly one reading (duplicate keys,
 * a BOM or other whitespace would give a second one).
 */
export function parseManifest(bytes: Uint8Array, file: string): ParsedManifest {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch (error) {
    throw malformed(file, `manifest.json is not JSON in UTF-8: ${messageOf(error)}`, { entry: MANIFEST_ENTRY });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(file, 'manifest.json is not a JSON object', { entry: MANIFEST_ENTRY });
  const format: unknown = (value as Record<string, unknown>).format;
  if (typeof format !== 'string') throw malformed(file, 'manifest.json names no format', { entry: MANIFEST_ENTRY });
  if (format !== PANEL_FORMAT) {
    throw packageError('FORMAT_UNSUPPORTED', file, `format "${format.slice(0, 100)}" is not ${PANEL_FORMAT}`, { format: format.slice(0, 100) });
  }
  const parsed = PanelManifestSchema.safeParse(value);
  if (!parsed.success) throw malformed(file, `manifest.json: ${describeIssues(parsed.error.issues)}`, { entry: MANIFEST_ENTRY });
  if (canonicalOrUndefined(value) !== text) throw malformed(file, 'manifest.json is not in canonical JSON form (RFC 8785)', { entry: MANIFEST_ENTRY });
  for (const role of ['secretary', 'expert'] as const) {
    const problem = memberKeyProblem(parsed.data[role], role);
    if (problem !== undefined) throw malformed(file, `manifest.json: ${problem}`, { entry: MANIFEST_ENTRY });
  }
  return { manifest: parsed.data, sha256: sha256Hex(bytes) };
}

function canonicalOrUndefined(value: unknown): string | undefined {
  try {
    return canonicalJson(value);
  } catch {
    // e.g. a lone surrogate written as \ud800: JSON.parse takes it, JCS cannot encode it.
    return undefined;
  }
}

/**
 * Checks the secretary's signature with the key the manifest names. Whether that key is
 * the secretary's is for the caller to decide (trust on first use lives with the round).
 * A signature by any other key is simply not a valid signature of this manifest.
 */
export function verifyManifestSignature(bytes: Buffer, signature: Uint8Array, manifest: PanelManifest, file: string): string {
  const secretaryKey = parseOpenSshPublicKey(manifest.secretary.sshPublicKey);
  let armored: string;
  try {
    armored = utf8.decode(signature);
  } catch {
    throw packageError('SIGNATURE_MALFORMED', file, 'manifest.json.sig is not text', { entry: SIGNATURE_ENTRY });
  }
  try {
    return verifySshsig(bytes, armored, { namespace: SSHSIG_NAMESPACES.panel, allowedKeys: [secretaryKey] }).fingerprint;
  } catch (error) {
    if (isAppError(error) && error.code === 'SIGNATURE_UNTRUSTED_KEY') {
      throw new AppError('SIGNATURE_INVALID', `${file}: manifest.json is signed by another key than the secretary's it names`, {
        ...error.details,
        file,
        entry: SIGNATURE_ENTRY,
      });
    }
    throw error;
  }
}

export function sameKey(a: KeyObject, b: KeyObject): boolean {
  return rawPublicKey(a).equals(rawPublicKey(b));
}
