import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { toValidationIssues } from '../../../shared/contract/issues';
import { CreateIdentityInputSchema } from '../../../shared/domain/identity';
import { AppError, errorCodeOf, messageOf } from '../../core/errors';
import { identityExists } from '../../core/identity/identityStore';
import { assertPassphraseStrength } from '../../core/identity/passphraseSeal';
import { parsePrivateKeys } from '../../core/identity/privateKeys';
import { cannotWrite, fileExists, writeFileAtomic, writeNewFiles } from '../../core/identity/safeFiles';
import type { CliCommand } from '../commandTable';
import type { CliContext } from '../context';
import { givenPassphrase, resolvePassphrase } from '../passphrase';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optional = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Stock key files are well under 1 KiB; this only stops a wrong file from being read whole. */
const KEY_FILE_MAX_BYTES = 64 * 1024;

/**
 * Checks what the core will check again, but before a person is asked for a
 * passphrase (twice) only to hear that the name was too long.
 */
function precheck(schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (parsed.success) return;
  const issues = toValidationIssues(parsed.error);
  throw new AppError('INVALID_INPUT', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { issues });
}

const NewIdentityFields = CreateIdentityInputSchema.pick({ name: true, affiliation: true });

/**
 * What can be refused before the data directory is opened (a refused command changes
 * nothing, not even by creating the store): the fields and a passphrase given up front.
 */
function precheckNew(context: CliContext, fields: { name: string; affiliation: string | undefined }): string | undefined {
  precheck(NewIdentityFields, fields);
  const given = givenPassphrase(context);
  if (given !== undefined) assertPassphraseStrength(given);
  return given;
}

async function assertNoIdentity({ invoke }: CliContext): Promise<void> {
  const existing = await invoke('identity.get', {});
  if (existing !== null) throw identityExists(existing.fingerprint);
}

function readKeyFile(file: string): string {
  try {
    if (fs.statSync(file).size > KEY_FILE_MAX_BYTES) {
      throw new AppError('KEY_INVALID', `${file} is too large to be a key file`, { file, detail: `${file}: larger than ${KEY_FILE_MAX_BYTES} bytes` });
    }
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: errorCodeOf(error) ?? messageOf(error) });
  }
}

export const identityCommands: readonly CliCommand[] = [
  {
    words: ['keygen'],
    summaryKey: 'cli.help.keygen',
    synopsis: '--name N [--affiliation A]',
    options: { name: { type: 'string' }, affiliation: { type: 'string' } },
    required: ['name'],
    async run({ values }, context) {
      const fields = { name: text(values.name), affiliation: optional(values.affiliation) };
      const given = precheckNew(context, fields);
      await assertNoIdentity(context);
      const passphrase = given ?? (await resolvePassphrase(context, { confirm: true }));
      const identity = await context.invoke('identity.create', { ...fields, passphrase });
      const { fingerprint, ageRecipient, sshPublicKey } = identity;
      return {
        json: { fingerprint, ageRecipient, sshPublicKey },
        text: context.t('cli.identityCreated', { name: identity.name, fingerprint, ageRecipient }),
      };
    },
  },
  {
    words: ['key', 'card'],
    summaryKey: 'cli.help.keyCard',
    synopsis: '--out FILE',
    options: { out: { type: 'string' } },
    required: ['out'],
    async run({ values }, { invoke, t }) {
      const file = path.resolve(text(values.out));
      const card = await invoke('identity.keyCard', {});
      // The card is public and always the same text: writing it again is harmless.
      try {
        writeFileAtomic(file, card.content, { mode: 0o644, overwrite: true });
      } catch (error) {
        throw cannotWrite(file, error);
      }
      return { json: { fingerprint: card.fingerprint, file }, text: t('cli.keyCardWritten', { file, fingerprint: card.fingerprint }) };
    },
  },
  {
    words: ['key', 'export'],
    summaryKey: 'cli.help.keyExport',
    synopsis: '--ssh FILE --age FILE',
    options: { ssh: { type: 'string' }, age: { type: 'string' } },
    required: ['ssh', 'age'],
    async run({ values }, context) {
      const ssh = path.resolve(text(values.ssh));
      const age = path.resolve(text(values.age));
      const targets = [
        { file: ssh, mode: 0o600 },
        // ssh-keygen writes the public half beside the key; tools expect to find it there.
        { file: `${ssh}.pub`, mode: 0o644 },
        { file: age, mode: 0o600 },
      ];
      const identity = await context.invoke('identity.get', {});
      if (identity === null) throw new AppError('IDENTITY_MISSING', 'this data directory has no identity yet');
      // Refuse before asking for the passphrase; writeNewFiles checks again, atomically.
      for (const { file } of targets) if (fs.existsSync(file)) throw fileExists(file);
      if (!identity.unlocked) {
        const passphrase = identity.protection === 'passphrase' ? await resolvePassphrase(context, { confirm: false }) : undefined;
        await context.invoke('identity.unlock', passphrase === undefined ? {} : { passphrase });
      }
      const keys = await context.invoke('identity.exportPrivate', {});
      const data = [keys.sshPrivateKey, `${identity.sshPublicKey} ${identity.name}\n`, keys.ageIdentity];
      writeNewFiles(targets.map((target, i) => ({ ...target, data: data[i] ?? '' })));
      const files = targets.map((target) => target.file);
      return { json: { files }, text: context.t('cli.keysExported', { files: files.map((f) => `  ${f}`).join('\n') }) };
    },
  },
  {
    words: ['key', 'import'],
    summaryKey: 'cli.help.keyImport',
    synopsis: '--ssh FILE --age FILE --name N [--affiliation A]',
    options: { ssh: { type: 'string' }, age: { type: 'string' }, name: { type: 'string' }, affiliation: { type: 'string' } },
    required: ['ssh', 'age', 'name'],
    async run({ values }, context) {
      const fields = { name: text(values.name), affiliation: optional(values.affiliation) };
      const given = precheckNew(context, fields);
      const sshPrivateKey = readKeyFile(text(values.ssh));
      const ageIdentity = readKeyFile(text(values.age));
      // A passphrase-protected or wrong key is refused before the data directory is opened or a passphrase asked.
      await parsePrivateKeys(sshPrivateKey, ageIdentity);
      await assertNoIdentity(context);
      const passphrase = given ?? (await resolvePassphrase(context, { confirm: true }));
      const identity = await context.invoke('identity.import', { ...fields, sshPrivateKey, ageIdentity, passphrase });
      return {
        json: { fingerprint: identity.fingerprint },
        text: context.t('cli.identityImported', { name: identity.name, fingerprint: identity.fingerprint, ageRecipient: identity.ageRecipient }),
      };
    },
  },
];
