import { z } from 'zod';
import { hasControlChars } from './text';

/**
 * The key card (`*.prkey`) of DESIGN.md, Formats: how an expert hands their public keys
 * to a secretary. Pure schema; reading and signing live in electron/core/identity.
 */

export const KEY_CARD_FORMAT = 'panel-review/key-card@1';
/** Any version of the key card format; a newer one is "unsupported", anything else "not a key card". */
export const KEY_CARD_FORMAT_FAMILY = /^panel-review\/key-card@/;
export const KEY_CARD_EXTENSION = '.prkey';

export const PERSON_NAME_MAX = 100;
export const AFFILIATION_MAX = 200;


/** A person's name as typed: trimmed, 1..100 characters, one line. */
export const PersonNameSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .max(PERSON_NAME_MAX, { error: 'validation.tooLong' })
  .refine((name) => !hasControlChars(name), { error: 'validation.controlChars' });

/** Optional affiliation as typed: trimmed; empty means none declared (null). */
export const AffiliationInputSchema = z
  .string()
  .trim()
  .max(AFFILIATION_MAX, { error: 'validation.tooLong' })
  .refine((text) => !hasControlChars(text), { error: 'validation.controlChars' })
  .transform((text) => (text === '' ? null : text))
  .nullable()
  .optional()
  .transform((text) => text ?? null);

/**
 * Fields as stored in a signed card: already clean, so nothing is transformed. A card
 * whose text would change on re-typing (spaces around the name) is not one we made.
 */
const StoredName = z
  .string()
  .min(1)
  .max(PERSON_NAME_MAX)
  .refine((name) => name === name.trim() && !hasControlChars(name), { error: 'must be trimmed and on one line' });
const StoredAffiliation = z
  .string()
  .min(1)
  .max(AFFILIATION_MAX)
  .refine((text) => text === text.trim() && !hasControlChars(text), { error: 'must be trimmed and on one line' })
  .nullable();

/** `ssh-ed25519 AAAA…` without a comment: the comment is not part of what is signed. */
export const SshEd25519LineSchema = z.string().regex(/^ssh-ed25519 [A-Za-z0-9+/]+={0,2}$/, { error: 'not an ssh-ed25519 public key line' });
/** An X25519 age recipient (bech32, lower case). */
export const AgeRecipientSchema = z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, { error: 'not an X25519 age recipient (age1…)' });
/** `SHA256:` and unpadded base64 of 32 bytes, as `ssh-keygen -l` prints. */
export const FingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, { error: 'not a SHA256 key fingerprint' });

/** What the self-signature covers: the card without its `signature` field, in canonical JSON. */
export const KeyCardBodySchema = z
  .object({
    format: z.literal(KEY_CARD_FORMAT),
    name: StoredName,
    affiliation: StoredAffiliation,
    sshPublicKey: SshEd25519LineSchema,
    ageRecipient: AgeRecipientSchema,
    createdAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type KeyCardBody = z.infer<typeof KeyCardBodySchema>;

export const KeyCardSchema = KeyCardBodySchema.extend({
  /** Armored SSHSIG (namespace panel-review-key-card) by the card's own ssh key. */
  signature: z.string().min(1).max(4096),
}).strict();
export type KeyCard = z.infer<typeof KeyCardSchema>;
