import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  decryptFile,
  decryptWithIdentity,
  encryptFile,
  encryptToRecipients,
  generateAgeIdentity,
  parseAgeIdentity,
  parseAgeRecipient,
  type AgeKeyPair,
} from './age';

/** Interop with stock age 1.1.1 both ways, and every refusal a clear AppError. */

function run(cmd: string, args: string[], input?: Buffer): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync(cmd, args, { input, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr?.toString('utf8') ?? '' };
}

const haveAge = spawnSync('age', ['--version']).error === undefined && spawnSync('age-keygen', ['-y', '/dev/null']).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'panel-review-age-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const path = (name: string): string => join(dir, `${++counter}-${name}`);

const chinese = Buffer.from('{"专家":"张三","评审意见":"创新性强，建议资助。","总分":92}\n', 'utf8');

/** The file format age-keygen writes. */
function keyFile(pair: AgeKeyPair): string {
  const file = path('key.txt');
  writeFileSync(file, `# created: 2026-01-01T00:00:00Z\n# public key: ${pair.recipient}\n${pair.identity}\n`, { mode: 0o600 });
  return file;
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('age keys', () => {
  it('generates X25519 pairs that parse back', async () => {
    const pair = await generateAgeIdentity();
    expect(pair.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(pair.recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(parseAgeRecipient(`  ${pair.recipient}\n`)).toBe(pair.recipient);
    expect(await parseAgeIdentity(`${pair.identity}\r\n`)).toEqual(pair);
  });

  it('refuses post-quantum, plugin, SSH and garbage recipients with a reason', async () => {
    const pq = `age1pq1${'q'.repeat(1900)}`;
    const pqError = await refusal(() => parseAgeRecipient(pq));
    expect(pqError.code).toBe('KEY_UNSUPPORTED');
    expect(pqError.details?.reason).toBe('age-recipient-unsupported');
    expect(pqError.message).toContain('post-quantum');
    expect((await refusal(() => parseAgeRecipient('age1yubikey1qqqq'))).code).toBe('KEY_UNSUPPORTED');
    expect((await refusal(() => parseAgeRecipient('ssh-ed25519 AAAAC3Nza'))).code).toBe('KEY_UNSUPPORTED');
    const { recipient } = await generateAgeIdentity();
    const typo = recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q');
    const bad = await refusal(() => parseAgeRecipient(typo));
    expect(bad.code).toBe('KEY_INVALID');
    expect(bad.message).toContain('checksum');
    expect((await refusal(() => parseAgeRecipient('hello'))).details?.reason).toBe('age-recipient-malformed');
  });

  it('refuses garbage identities without echoing them', async () => {
    for (const text of ['', '# only a comment\n', 'AGE-SECRET-KEY-1NOTAKEY', 'not a key at all']) {
      const error = await refusal(parseAgeIdentity(text));
      expect(error.code).toBe('KEY_INVALID');
      expect(error.details?.reason).toBe('age-identity-malformed');
    }
    const pair = await generateAgeIdentity();
    const damaged = pair.identity.slice(0, -1) + (pair.identity.endsWith('Q') ? 'P' : 'Q');
    const error = await refusal(parseAgeIdentity(damaged));
    expect(error.message).toContain('checksum');
    expect(JSON.stringify(error.details) + error.message).not.toContain(damaged);
    expect((await refusal(parseAgeIdentity(`AGE-SECRET-KEY-PQ-1${'Q'.repeat(60)}`))).code).toBe('KEY_UNSUPPORTED');
    const other = await generateAgeIdentity();
    const mixed = `# public key: ${other.recipient}\n${pair.identity}\n`;
    expect((await refusal(parseAgeIdentity(mixed))).details?.reason).toBe('key-mismatch');
  });
});

describe('age in memory', () => {
  it('round-trips Chinese UTF-8 and empty plaintext; de-duplicates recipients', async () => {
    const pair = await generateAgeIdentity();
    const sealed = await encryptToRecipients(chinese, [pair.recipient, ` ${pair.recipient}`]);
    // One X25519 stanza only, though the recipient was given twice.
    expect(Buffer.from(sealed).toString('latin1').split('-> X25519 ').length).toBe(2);
    expect(Buffer.from(await decryptWithIdentity(sealed, [pair.identity])).toString('utf8')).toBe(chinese.toString('utf8'));
    const empty = await encryptToRecipients(new Uint8Array(0), [pair.recipient]);
    expect((await decryptWithIdentity(empty, [pair.identity])).length).toBe(0);
  });

  it('needs at least one recipient and one identity', async () => {
    expect((await refusal(encryptToRecipients(chinese, []))).details?.reason).toBe('age-no-recipients');
    const pair = await generateAgeIdentity();
    const sealed = await encryptToRecipients(chinese, [pair.recipient]);
    expect((await refusal(decryptWithIdentity(sealed, []))).details?.reason).toBe('age-no-identities');
  });

  describe('refusals', () => {
    // Built once, lazily: describe callbacks must stay synchronous.
    let made: Promise<{ pair: AgeKeyPair; sealed: Uint8Array; headerEnd: number }> | undefined;
    const fixture = (): NonNullable<typeof made> =>
      (made ??= (async () => {
        const pair = await generateAgeIdentity();
        const sealed = await encryptToRecipients(randomBytes(100_000), [pair.recipient]);
        return { pair, sealed, headerEnd: Buffer.from(sealed).indexOf('\n---') + 1 };
      })());
    const alterBase64 = (bytes: Uint8Array, at: number): Uint8Array => {
      const copy = Uint8Array.from(bytes);
      copy[at] = copy[at] === 0x41 ? 0x42 : 0x41; // 'A' ↔ 'B', both valid base64
      return copy;
    };
    const flip = (bytes: Uint8Array, at: number): Uint8Array => {
      const copy = Uint8Array.from(bytes);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      return copy;
    };
    type Fixture = Awaited<ReturnType<typeof fixture>>;
    const cases: Array<[string, (f: Fixture) => Promise<Uint8Array>, string]> = [
      ['a wrong identity', async (f) => decryptWithIdentity(f.sealed, [(await generateAgeIdentity()).identity]), 'age-no-matching-identity'],
      ['truncated payload', (f) => decryptWithIdentity(f.sealed.subarray(0, f.sealed.length - 100), [f.pair.identity]), 'age-decrypt-failed'],
      ['truncated header', (f) => decryptWithIdentity(f.sealed.subarray(0, f.headerEnd - 10), [f.pair.identity]), 'age-malformed'],
      ['a flipped payload byte', (f) => decryptWithIdentity(flip(f.sealed, f.sealed.length - 5000), [f.pair.identity]), 'age-decrypt-failed'],
      // The MAC is base64 text: swap one character for another valid one, so the header still
      // parses and it is the MAC check (not the parser) that must catch the change.
      ['an altered header MAC', (f) => decryptWithIdentity(alterBase64(f.sealed, f.headerEnd + 10), [f.pair.identity]), 'age-decrypt-failed'],
      ['a flipped version byte', (f) => decryptWithIdentity(flip(f.sealed, 2), [f.pair.identity]), 'age-malformed'],
      ['random bytes', (f) => decryptWithIdentity(randomBytes(4096), [f.pair.identity]), 'age-malformed'],
      ['empty input', (f) => decryptWithIdentity(new Uint8Array(0), [f.pair.identity]), 'age-malformed'],
      ['broken armor', (f) => decryptWithIdentity(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\n!!!\n'), [f.pair.identity]), 'age-malformed'],
    ];
    it.each(cases)('refuses %s', async (_name, attempt, reason) => {
      const error = await refusal(attempt(await fixture()));
      expect(error.details?.reason).toBe(reason);
      // People see the stable code's translation: which of the three things went wrong.
      const codes: Record<string, string> = { 'age-no-matching-identity': 'AGE_NO_MATCHING_KEY', 'age-decrypt-failed': 'AGE_DAMAGED', 'age-malformed': 'AGE_MALFORMED' };
      expect(error.code).toBe(codes[reason]);
      expect(error.message.length).toBeGreaterThan(20);
    });
  });
});

describe.skipIf(!haveAge)('interop with stock age 1.1.1', () => {
  it('(a) our ciphertext for two recipients opens with age -d and either identity file', async () => {
    const first = await generateAgeIdentity();
    const second = await generateAgeIdentity();
    const sealed = path('package.age');
    writeFileSync(sealed, await encryptToRecipients(chinese, [first.recipient, second.recipient]));
    for (const pair of [first, second]) {
      const result = run('age', ['-d', '-i', keyFile(pair), sealed]);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout.equals(chinese)).toBe(true);
    }
    const stranger = run('age', ['-d', '-i', keyFile(await generateAgeIdentity()), sealed]);
    expect(stranger.status).not.toBe(0);
  });

  it('(b) age -r output, binary and armored, opens with ours', async () => {
    const pair = await generateAgeIdentity();
    const plain = path('plain.json');
    writeFileSync(plain, chinese);
    for (const armorFlag of [[], ['-a']]) {
      const out = path('stock.age');
      const made = run('age', ['-r', pair.recipient, ...armorFlag, '-o', out, plain]);
      expect(made.status, made.stderr).toBe(0);
      const bytes = readFileSync(out);
      expect(bytes.toString('latin1').startsWith('-----BEGIN AGE')).toBe(armorFlag.length > 0);
      expect(Buffer.from(await decryptWithIdentity(bytes, [pair.identity])).equals(chinese)).toBe(true);
      const decrypted = path('plain.out');
      await decryptFile(out, decrypted, [pair.identity]);
      expect(readFileSync(decrypted).equals(chinese)).toBe(true);
    }
  });

  it('(c) an age-keygen identity file parses to the recipient age-keygen -y prints', async () => {
    const key = path('keygen.txt');
    const made = run('age-keygen', ['-o', key]);
    expect(made.status, made.stderr).toBe(0);
    const printed = run('age-keygen', ['-y', key]);
    expect(printed.status, printed.stderr).toBe(0);
    const parsed = await parseAgeIdentity(readFileSync(key, 'utf8'));
    expect(parsed.recipient).toBe(printed.stdout.toString('utf8').trim());
    // And ciphertext to it opens with the stock tool.
    const sealed = path('to-keygen.age');
    writeFileSync(sealed, await encryptToRecipients(chinese, [parsed.recipient]));
    const opened = run('age', ['-d', '-i', key, sealed]);
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout.equals(chinese)).toBe(true);
  });
});

describe('age files (streaming)', () => {
  it('(e) round-trips 20 MB through files and with stock age', async () => {
    const pair = await generateAgeIdentity();
    const plain = path('big.bin');
    const data = randomBytes(20 * 1024 * 1024);
    writeFileSync(plain, data);
    const sealed = path('big.age');
    await encryptFile(plain, sealed, [pair.recipient]);
    const back = path('big.out');
    await decryptFile(sealed, back, [pair.identity]);
    expect(readFileSync(back).equals(data)).toBe(true);
    if (haveAge) {
      const stock = run('age', ['-d', '-i', keyFile(pair), '-o', path('big.stock'), sealed]);
      expect(stock.status, stock.stderr).toBe(0);
    }
  }, 60_000);

  it('leaves nothing at the output path when the ciphertext is damaged midway', async () => {
    const pair = await generateAgeIdentity();
    const sealedBytes = Buffer.from(await encryptToRecipients(randomBytes(1024 * 1024), [pair.recipient]));
    const at = sealedBytes.length - 1000;
    sealedBytes[at] = (sealedBytes[at] ?? 0) ^ 0x01;
    const sub = mkdtempSync(join(dir, 'damaged-'));
    const sealed = join(sub, 'bad.age');
    writeFileSync(sealed, sealedBytes);
    const out = join(sub, 'out.bin');
    const error = await refusal(decryptFile(sealed, out, [pair.identity]));
    expect(error.details?.reason).toBe('age-decrypt-failed');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(sub)).toEqual(['bad.age']);
  });

  it('says FILE_UNREADABLE for a missing input', async () => {
    const pair = await generateAgeIdentity();
    const error = await refusal(encryptFile(path('missing'), path('x.age'), [pair.recipient]));
    expect(error.code).toBe('FILE_UNREADABLE');
  });
});
