import path from 'node:path';
import type { Identity } from '../../../shared/domain/identity';
import type { KeyCard } from '../../../shared/domain/keyCard';
import { generateAgeIdentity } from '../crypto/ageKeys';
import { generateSigningKey, type SigningKeyPair, toOpenSshPrivateKey } from '../crypto/sshKeys';
import { AppError, messageOf } from '../errors';
import { keyCardFileName, makeKeyCard, readKeyCard } from './keyCard';
import { assertPassphraseStrength, openWithPassphrase, sealWithPassphrase } from './passphraseSeal';
import { ageIdentityFile, deserializePrivateKeys, parsePrivateKeys, type PrivateKeys, serializePrivateKeys } from './privateKeys';
import { DEFAULT_SCRYPT_WORK_FACTOR, type IdentityOptions, type SecretProtector } from './protector';
import { type IdentityRecord, IDENTITY_RECORD_FORMAT, identityExists, readIdentityRecord, readSecret, RECORD_FILE, secretFileName, writeIdentity } from './identityStore';

/** What features that sign or decrypt get from {@link IdentityService.requireUnlocked}. */
export interface UnlockedIdentity {
  signing: SigningKeyPair;
  /** `AGE-SECRET-KEY-1…`, for decryptWithIdentity. */
  ageIdentity: string;
  card: KeyCard;
  fingerprint: string;
}

/** How new keys get sealed: decided, and the passphrase checked, before any key is made. */
type Sealer = { protection: 'passphrase'; passphrase: string } | { protection: 'os'; protector: SecretProtector };

export interface NewIdentityInput {
  name: string;
  affiliation: string | null;
  passphrase?: string | undefined;
}

export interface ImportIdentityInput extends NewIdentityInput {
  sshPrivateKey: string;
  ageIdentity: string;
}

/**
 * This data directory's identity: created or imported once, never overwritten, its
 * private keys sealed at rest and held decrypted in memory only between unlock and lock.
 */
export class IdentityService {
  private readonly keysDir: string;
  private readonly options: IdentityOptions;
  private readonly now: () => Date;
  private unlocked: { keys: PrivateKeys; unlocked: UnlockedIdentity } | undefined;

  constructor(keysDir: string, options: IdentityOptions, now: () => Date) {
    this.keysDir = keysDir;
    this.options = options;
    this.now = now;
  }

  get(): Identity | null {
    const record = readIdentityRecord(this.keysDir);
    return record === null ? null : this.describe(record);
  }

  async create(input: NewIdentityInput): Promise<Identity> {
    this.assertNoIdentity();
    const sealer = this.sealerFor(input.passphrase);
    const createdAt = this.now().toISOString();
    const signing = generateSigningKey();
    const age = await generateAgeIdentity();
    const keys = await parsePrivateKeys(
      toOpenSshPrivateKey(signing.privateKey, signing.publicKey, input.name),
      ageIdentityFile(age.identity, age.recipient, createdAt),
    );
    return this.adopt(keys, input, sealer, createdAt);
  }

  /** Adopts keys from stock `ssh-keygen -t ed25519 -N ''` and `age-keygen`. */
  async import(input: ImportIdentityInput): Promise<Identity> {
    this.assertNoIdentity();
    const sealer = this.sealerFor(input.passphrase);
    const keys = await parsePrivateKeys(input.sshPrivateKey, input.ageIdentity);
    return this.adopt(keys, input, sealer, this.now().toISOString());
  }

  async unlock(passphrase: string | undefined): Promise<Identity> {
    const record = this.requireRecord();
    if (this.unlocked?.unlocked.fingerprint === record.fingerprint) return this.describe(record);
    const sealed = readSecret(this.keysDir, record);
    const file = path.join(this.keysDir, record.secretFile);
    let plain: Uint8Array;
    if (record.protection === 'passphrase') {
      if (passphrase === undefined) throw new AppError('PASSPHRASE_REQUIRED', 'the passphrase of the private keys is needed');
      plain = await openWithPassphrase(sealed, passphrase, file);
    } else {
      const protector = this.availableProtector();
      if (protector === undefined) {
        throw new AppError('IDENTITY_LOCKED', 'the keys are sealed by the OS keychain of the desktop app, which is not available here', {
          detail: 'the keys are sealed by the desktop app (OS keychain); export them there to use them here',
        });
      }
      try {
        plain = protector.decrypt(sealed);
      } catch (error) {
        throw new AppError('IDENTITY_LOCKED', `the OS keychain cannot open ${file}: ${messageOf(error)}`, {
          file,
          detail: `the OS keychain cannot open ${file} (${messageOf(error)})`,
        });
      }
    }
    const keys = await deserializePrivateKeys(plain);
    if (keys.fingerprint !== record.fingerprint || keys.sshPublicKey !== record.sshPublicKey || keys.ageRecipient !== record.ageRecipient) {
      throw new AppError('KEY_INVALID', `the sealed private keys in ${file} do not belong to the identity ${record.fingerprint}`, {
        file,
        fingerprint: record.fingerprint,
        detail: `${file}: the private keys do not match ${RECORD_FILE}`,
      });
    }
    this.hold(keys, this.checkedCard(record));
    return this.describe(record);
  }

  /** Forgets the decrypted keys; they stay sealed on disk. */
  lock(): Identity | null {
    this.unlocked = undefined;
    return this.get();
  }

  keyCard(): { fingerprint: string; fileName: string; content: string } {
    const record = this.requireRecord();
    const card = this.checkedCard(record);
    return { fingerprint: record.fingerprint, fileName: keyCardFileName(card.name, record.fingerprint), content: record.keyCard };
  }

  exportPrivate(): { sshPrivateKey: string; ageIdentity: string } {
    const { keys } = this.held();
    return { sshPrivateKey: keys.sshPrivateKeyText, ageIdentity: keys.ageIdentityText };
  }

  /** For features that sign or decrypt: the keys, or IDENTITY_MISSING / IDENTITY_LOCKED. */
  requireUnlocked(): UnlockedIdentity {
    return this.held().unlocked;
  }

  private held(): { keys: PrivateKeys; unlocked: UnlockedIdentity } {
    if (this.unlocked !== undefined) return this.unlocked;
    this.requireRecord();
    throw new AppError('IDENTITY_LOCKED', 'the private keys are locked: unlock them first', {
      detail: 'unlock them first (identity.unlock)',
    });
  }

  private async adopt(keys: PrivateKeys, input: NewIdentityInput, sealer: Sealer, createdAt: string): Promise<Identity> {
    const { card, content, fingerprint } = makeKeyCard(
      { name: input.name, affiliation: input.affiliation, ageRecipient: keys.ageRecipient, createdAt },
      keys.signing,
    );
    const plain = serializePrivateKeys(keys);
    const sealed =
      sealer.protection === 'passphrase'
        ? await sealWithPassphrase(plain, sealer.passphrase, this.options.scryptWorkFactor ?? DEFAULT_SCRYPT_WORK_FACTOR)
        : sealer.protector.encrypt(Buffer.from(plain));
    const record: IdentityRecord = {
      format: IDENTITY_RECORD_FORMAT,
      name: input.name,
      affiliation: input.affiliation,
      fingerprint,
      sshPublicKey: keys.sshPublicKey,
      ageRecipient: keys.ageRecipient,
      createdAt,
      protection: sealer.protection,
      secretFile: secretFileName(sealer.protection),
      keyCard: content,
    };
    writeIdentity(this.keysDir, record, sealed);
    // Whoever just created or imported the keys has them: no need to unlock again.
    this.hold(keys, card);
    return this.describe(record);
  }

  private hold(keys: PrivateKeys, card: KeyCard): void {
    this.unlocked = { keys, unlocked: { signing: keys.signing, ageIdentity: keys.ageIdentity, card, fingerprint: keys.fingerprint } };
  }

  /** An explicit passphrase wins; without one the OS keychain, if it really protects. */
  private sealerFor(passphrase: string | undefined): Sealer {
    if (passphrase !== undefined) {
      assertPassphraseStrength(passphrase);
      return { protection: 'passphrase', passphrase };
    }
    const protector = this.availableProtector();
    if (protector !== undefined) return { protection: 'os', protector };
    throw new AppError('PASSPHRASE_REQUIRED', 'a passphrase is needed to protect the private keys');
  }

  private availableProtector(): SecretProtector | undefined {
    const protector = this.options.protector;
    return protector?.isAvailable() === true ? protector : undefined;
  }

  private assertNoIdentity(): void {
    const existing = readIdentityRecord(this.keysDir);
    if (existing !== null) throw identityExists(existing.fingerprint);
  }

  private requireRecord(): IdentityRecord {
    const record = readIdentityRecord(this.keysDir);
    if (record === null) throw new AppError('IDENTITY_MISSING', 'this data directory has no identity yet');
    return record;
  }

  /** The stored card, re-checked: it must be validly self-signed and name this identity's keys. */
  private checkedCard(record: IdentityRecord): KeyCard {
    const { card, fingerprint } = readKeyCard(record.keyCard, path.join(this.keysDir, RECORD_FILE));
    if (fingerprint !== record.fingerprint || card.ageRecipient !== record.ageRecipient) {
      throw new AppError('KEY_INVALID', `the key card in ${RECORD_FILE} is not this identity's`, {
        detail: `${RECORD_FILE}: the key card names other keys than the record`,
      });
    }
    return card;
  }

  private describe(record: IdentityRecord): Identity {
    return {
      name: record.name,
      affiliation: record.affiliation,
      fingerprint: record.fingerprint,
      sshPublicKey: record.sshPublicKey,
      ageRecipient: record.ageRecipient,
      createdAt: record.createdAt,
      protection: record.protection,
      unlocked: this.unlocked?.unlocked.fingerprint === record.fingerprint,
    };
  }
}
