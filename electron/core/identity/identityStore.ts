import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ProtectionSchema } from '../../../shared/domain/identity';
import { AgeRecipientSchema, FingerprintSchema, SshEd25519LineSchema } from '../../../shared/domain/keyCard';
import { AppError, errorCodeOf, messageOf } from '../errors';
import { FileExistsError, writeFileAtomic } from './safeFiles';

/**
 * The identity on disk, in the data directory's `keys/`:
 *   identity.json            the public record (and the signed key card), written last:
 *                            its presence is what "this data directory has an identity" means
 *   identity-<random>.age    the private keys sealed with a passphrase (stock `age -d` opens it)
 *   identity-<random>.os     … or sealed by the OS keychain (Electron safeStorage)
 * The secret's name is random so that a create that loses a race, or fails, can
 * remove its own secret without ever touching the one the record points to.
 */

export const IDENTITY_RECORD_FORMAT = 'panel-review/identity@1';
export const RECORD_FILE = 'identity.json';

export const IdentityRecordSchema = z
  .object({
    format: z.literal(IDENTITY_RECORD_FORMAT),
    name: z.string().min(1),
    affiliation: z.string().nullable(),
    fingerprint: FingerprintSchema,
    sshPublicKey: SshEd25519LineSchema,
    ageRecipient: AgeRecipientSchema,
    createdAt: z.string(),
    protection: ProtectionSchema,
    secretFile: z.string().regex(/^identity-[0-9a-f]{16}\.(age|os)$/),
    /** The self-signed key card, as `key card` writes it; public, so it is made once, at creation. */
    keyCard: z.string().min(1),
  })
  .strict();
export type IdentityRecord = z.infer<typeof IdentityRecordSchema>;

export function secretFileName(protection: IdentityRecord['protection']): string {
  return `identity-${randomBytes(8).toString('hex')}.${protection === 'passphrase' ? 'age' : 'os'}`;
}

export function readIdentityRecord(keysDir: string): IdentityRecord | null {
  const file = path.join(keysDir, RECORD_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return null;
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: errorCodeOf(error) ?? messageOf(error) });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw damaged(file, `not JSON (${messageOf(error)})`);
  }
  const format = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).format : undefined;
  if (typeof format === 'string' && format !== IDENTITY_RECORD_FORMAT && format.startsWith('panel-review/identity@')) {
    throw new AppError('FORMAT_UNSUPPORTED', `${file} has the unsupported format ${format}`, { file, format });
  }
  const checked = IdentityRecordSchema.safeParse(parsed);
  if (!checked.success) throw damaged(file, checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return checked.data;
}

export function readSecret(keysDir: string, record: IdentityRecord): Buffer {
  const file = path.join(keysDir, record.secretFile);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw damaged(file, `the sealed private keys cannot be read (${errorCodeOf(error) ?? messageOf(error)})`);
  }
}

/**
 * Secret first, record last, each whole or absent. Throws IDENTITY_EXISTS, before
 * writing anything when it can see the record, and without leaving anything when a
 * racing process wrote its record first.
 */
export function writeIdentity(keysDir: string, record: IdentityRecord, sealed: Uint8Array): void {
  const existing = readIdentityRecord(keysDir);
  if (existing !== null) throw identityExists(existing.fingerprint);
  try {
    fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unwritable(keysDir, error);
  }
  const secret = path.join(keysDir, record.secretFile);
  try {
    writeFileAtomic(secret, sealed, { mode: 0o600 });
    writeFileAtomic(path.join(keysDir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
  } catch (error) {
    fs.rmSync(secret, { force: true });
    if (error instanceof FileExistsError) throw identityExists(readIdentityRecord(keysDir)?.fingerprint ?? '');
    throw unwritable(keysDir, error);
  }
}

export function identityExists(fingerprint: string): AppError {
  return new AppError('IDENTITY_EXISTS', `this data directory already has an identity (${fingerprint}); it is never overwritten`, { fingerprint });
}

function damaged(file: string, detail: string): AppError {
  return new AppError('KEY_INVALID', `the identity in ${file} is damaged: ${detail}`, { file, detail: `${file}: ${detail}` });
}

function unwritable(dir: string, error: unknown): AppError {
  const reason = errorCodeOf(error) ?? messageOf(error);
  return new AppError('DATA_DIR_UNAVAILABLE', `cannot write the identity in ${dir}: ${messageOf(error)}`, { path: dir, reason });
}
