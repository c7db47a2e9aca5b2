import fs from 'node:fs';
import { PASSPHRASE_MIN } from '../../shared/domain/identity';
import { AppError, errorCodeOf, messageOf } from '../core/errors';
import type { IdentityOptions } from '../core/identity/protector';
import type { CliContext } from './context';

/**
 * The passphrase of the identity's private keys, from (in this order) --passphrase-file,
 * PANEL_REVIEW_PASSPHRASE, or a prompt without echo on a terminal; else
 * PASSPHRASE_REQUIRED, so a script never hangs waiting for input nobody will type.
 */

export const PASSPHRASE_ENV = 'PANEL_REVIEW_PASSPHRASE';
/**
 * Test hook: log2 of scrypt's N for keys created by this process (default 18, ~1.5 s
 * per seal or unlock). Keys made with a lower factor are weaker; never set it for real keys.
 */
export const TEST_SCRYPT_ENV = 'PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR';

export function identityOptionsFromEnv(env: NodeJS.ProcessEnv): IdentityOptions {
  const value = env[TEST_SCRYPT_ENV];
  if (value === undefined || value === '') return {};
  const factor = Number(value);
  if (!Number.isInteger(factor) || factor < 1 || factor > 20) throw new Error(`${TEST_SCRYPT_ENV} must be an integer in 1..20`);
  return { scryptWorkFactor: factor };
}

/**
 * The passphrase given without a terminal (--passphrase-file, then the environment),
 * or undefined when a prompt will ask for it. Throws PASSPHRASE_REQUIRED when neither
 * is possible, so commands can refuse before they open (and so create) the data directory.
 */
export function givenPassphrase(context: CliContext): string | undefined {
  const file = context.flags.passphraseFile;
  if (file !== undefined) return readPassphraseFile(file);
  const fromEnv = context.io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY !== true || !context.io.isTTY) {
    throw new AppError('PASSPHRASE_REQUIRED', 'the passphrase is needed: --passphrase-file, PANEL_REVIEW_PASSPHRASE, or a terminal');
  }
  return undefined;
}

/** `confirm`: a new passphrase, asked twice on a terminal, and again while too short or mistyped. */
export async function resolvePassphrase(context: CliContext, { confirm }: { confirm: boolean }): Promise<string> {
  const given = givenPassphrase(context);
  if (given !== undefined) return given;
  const { t } = context;
  if (!confirm) return promptHidden(t('cli.passphrase.enter'));
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await promptHidden(t('cli.passphrase.new', { min: PASSPHRASE_MIN }));
    if ([...first].length < PASSPHRASE_MIN) {
      context.io.stderr(t('errors.PASSPHRASE_TOO_SHORT', { min: PASSPHRASE_MIN }));
      continue;
    }
    const second = await promptHidden(t('cli.passphrase.repeat'));
    if (first === second) return first;
    context.io.stderr(t('cli.passphrase.mismatch'));
  }
  throw new AppError('PASSPHRASE_REQUIRED', 'no acceptable passphrase was typed');
}

/** Commands that sign or decrypt need the private keys: refuse early without an identity, and unlock it (asking the passphrase as `key export` does) when it is locked. */
export async function unlockIdentity(context: CliContext): Promise<void> {
  const identity = await context.invoke('identity.get', {});
  if (identity === null) throw new AppError('IDENTITY_MISSING', 'this data directory has no identity yet');
  if (identity.unlocked) return;
  const passphrase = identity.protection === 'passphrase' ? await resolvePassphrase(context, { confirm: false }) : undefined;
  await context.invoke('identity.unlock', passphrase === undefined ? {} : { passphrase });
}

/** The first line of the file; the line break after it is not part of the passphrase. */
function readPassphraseFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: errorCodeOf(error) ?? messageOf(error) });
  }
  return /^[^\r\n]*/.exec(text.replace(/^\uFEFF/, ''))?.[0] ?? '';
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          // Ctrl+C or Ctrl+D: the person gave up.
          finish();
          reject(new AppError('CANCELLED', 'passphrase entry was cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setEncoding('utf8');
    // Echo off before the question shows: whatever is typed (or pasted) the moment it
    // appears must not reach the screen.
    stdin.setRawMode(true);
    process.stderr.write(question);
    stdin.resume();
    stdin.on('data', onData);
  });
}
