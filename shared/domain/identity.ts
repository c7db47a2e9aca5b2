import { z } from 'zod';
import { AffiliationInputSchema, AgeRecipientSchema, FingerprintSchema, PersonNameSchema, SshEd25519LineSchema } from './keyCard';

/** How the private keys are kept at rest: a passphrase (age scrypt) or the OS keychain (Electron safeStorage). */
export const ProtectionSchema = z.enum(['passphrase', 'os']);
export type Protection = z.infer<typeof ProtectionSchema>;

/** The minimum passphrase length, in characters (code points). Checked by the core: PASSPHRASE_TOO_SHORT. */
export const PASSPHRASE_MIN = 8;
/** Never trimmed: spaces may be part of a passphrase. Length is checked by the core, not here, for its own error code. */
export const PassphraseSchema = z.string().max(1024, { error: 'validation.tooLong' });

/** This data directory's identity, public parts only. */
export const IdentitySchema = z.object({
  name: z.string(),
  affiliation: z.string().nullable(),
  fingerprint: FingerprintSchema,
  sshPublicKey: SshEd25519LineSchema,
  ageRecipient: AgeRecipientSchema,
  createdAt: z.string(),
  protection: ProtectionSchema,
  /** Whether the core holds the decrypted private keys now. */
  unlocked: z.boolean(),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const CreateIdentityInputSchema = z
  .object({
    name: PersonNameSchema,
    affiliation: AffiliationInputSchema,
    /** Required unless the OS keychain is available (the desktop app). */
    passphrase: PassphraseSchema.optional(),
  })
  .strict();

/** Key texts as stock tools write them; sizes capped far above any real ed25519/X25519 key file. */
const KeyText = z.string().min(1, { error: 'validation.required' }).max(20_000, { error: 'validation.tooLong' });

export const ImportIdentityInputSchema = CreateIdentityInputSchema.extend({
  /** `ssh-keygen -t ed25519 -N ''` output (openssh-key-v1, unencrypted). */
  sshPrivateKey: KeyText,
  /** `age-keygen` output (comments and one AGE-SECRET-KEY-1… line). */
  ageIdentity: KeyText,
}).strict();

export const UnlockInputSchema = z
  .object({
    /** Needed for 'passphrase' protection; ignored for 'os'. */
    passphrase: PassphraseSchema.optional(),
  })
  .strict();

export const KeyCardFileSchema = z.object({
  fingerprint: FingerprintSchema,
  /** A suggested file name, e.g. `张三-3kFq9Zb1.prkey`. */
  fileName: z.string(),
  /** The card's text, exactly as to be written. */
  content: z.string(),
});

export const PrivateKeysSchema = z.object({
  /** openssh-key-v1 text, readable by stock ssh-keygen. */
  sshPrivateKey: z.string(),
  /** age-keygen style text, readable by stock age -i. */
  ageIdentity: z.string(),
});
