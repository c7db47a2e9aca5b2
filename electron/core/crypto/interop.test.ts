import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  fingerprint,
  generateSigningKey,
  parseOpenSshPrivateKey,
  parseOpenSshPublicKey,
  toOpenSshPrivateKey,
  toOpenSshPublicKey,
} from './sshKeys';
import { signSshsig, SSHSIG_NAMESPACES, verifySshsig } from './sshsig';

/**
 * Interop with stock OpenSSH: DESIGN.md promises that app signatures verify with
 * `ssh-keygen -Y verify` and the other way round, and that keys move both ways.
 */

function sshKeygen(args: string[], input?: Buffer): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('ssh-keygen', args, { input, encoding: 'buffer' });
  return { status: result.status, stdout: result.stdout?.toString('utf8') ?? '', stderr: result.stderr?.toString('utf8') ?? '' };
}

const haveSshKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'panel-review-sshsig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const path = (name: string): string => join(dir, `${++counter}-${name}`);

const NS = SSHSIG_NAMESPACES.scores;
const message = Buffer.from('{"专家":"张三","评审意见":"创新性强，建议资助。","总分":92}\n', 'utf8');

/** `ssh-keygen -t ed25519 -N ''` in the temp dir; returns the key's path. */
function stockKey(passphrase = ''): string {
  const key = path('key');
  const made = sshKeygen(['-q', '-t', 'ed25519', '-N', passphrase, '-C', '王五@评审', '-f', key]);
  expect(made.status, made.stderr).toBe(0);
  return key;
}

/** Verifies with stock ssh-keygen; returns its exit status and output. */
function stockVerify(armored: string, publicLine: string, namespace: string, data: Buffer): ReturnType<typeof sshKeygen> {
  const allowed = path('allowed_signers');
  writeFileSync(allowed, `reviewer@panel ${publicLine}\n`);
  const sig = path('msg.sig');
  writeFileSync(sig, armored);
  return sshKeygen(['-Y', 'verify', '-f', allowed, '-I', 'reviewer@panel', '-n', namespace, '-s', sig], data);
}

describe.skipIf(!haveSshKeygen)('interop with stock ssh-keygen', () => {
  it('(a) our signature verifies with ssh-keygen -Y verify', () => {
    const { privateKey, publicKey } = generateSigningKey();
    const armored = signSshsig(message, privateKey, publicKey, NS);
    const result = stockVerify(armored, toOpenSshPublicKey(publicKey), NS, message);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain('Good "panel-review-scores" signature for reviewer@panel');
  });

  it('(b) a signature made by ssh-keygen -Y sign verifies with ours', () => {
    const key = stockKey();
    const file = path('message.json');
    writeFileSync(file, message);
    // The trap: ssh-keygen asks before overwriting a .sig and, with no terminal, exits 0
    // without signing. The paths here are fresh, but make sure regardless.
    rmSync(`${file}.sig`, { force: true });
    const signed = sshKeygen(['-Y', 'sign', '-f', key, '-n', NS, file]);
    expect(signed.status, signed.stderr).toBe(0);
    const armored = readFileSync(`${file}.sig`, 'utf8');
    const publicKey = parseOpenSshPublicKey(readFileSync(`${key}.pub`, 'utf8'));
    const result = verifySshsig(message, armored, { namespace: NS, allowedKeys: [publicKey] });
    expect(result.fingerprint).toBe(fingerprint(publicKey));
    // And our signature with the same key is the very same text.
    const ours = parseOpenSshPrivateKey(readFileSync(key, 'utf8'));
    expect(signSshsig(message, ours.privateKey, ours.publicKey, NS)).toBe(armored);
  });

  it('(c) ssh-keygen -l prints the same fingerprint as ours', () => {
    const key = stockKey();
    const printed = sshKeygen(['-l', '-f', `${key}.pub`]);
    expect(printed.status, printed.stderr).toBe(0);
    const stockPrint = printed.stdout.split(' ')[1];
    expect(fingerprint(parseOpenSshPublicKey(readFileSync(`${key}.pub`, 'utf8')))).toBe(stockPrint);

    const { publicKey } = generateSigningKey();
    const pub = path('ours.pub');
    writeFileSync(pub, `${toOpenSshPublicKey(publicKey, 'ours')}\n`);
    expect(sshKeygen(['-l', '-f', pub]).stdout.split(' ')[1]).toBe(fingerprint(publicKey));
  });

  it('(d) ssh-keygen -y reads our private key, and we read ssh-keygen\'s', () => {
    const { privateKey, publicKey } = generateSigningKey();
    const file = path('ours');
    writeFileSync(file, toOpenSshPrivateKey(privateKey, publicKey, '赵六'), { mode: 0o600 });
    const derived = sshKeygen(['-y', '-f', file]);
    expect(derived.status, derived.stderr).toBe(0);
    expect(derived.stdout.trim()).toBe(toOpenSshPublicKey(publicKey, '赵六'));

    const key = stockKey();
    const parsed = parseOpenSshPrivateKey(readFileSync(key, 'utf8'));
    expect(parsed.comment).toBe('王五@评审');
    expect(toOpenSshPublicKey(parsed.publicKey, parsed.comment)).toBe(readFileSync(`${key}.pub`, 'utf8').trim());
  });

  it('(e) ssh-keygen rejects our signature under a wrong namespace, for tampered data and for another key', () => {
    const { privateKey, publicKey } = generateSigningKey();
    const armored = signSshsig(message, privateKey, publicKey, SSHSIG_NAMESPACES.keyCard);
    const line = toOpenSshPublicKey(publicKey);
    expect(stockVerify(armored, line, SSHSIG_NAMESPACES.keyCard, message).status).toBe(0);
    expect(stockVerify(armored, line, NS, message).status).not.toBe(0);
    const tampered = Buffer.from(message);
    tampered[0] = (tampered[0] ?? 0) ^ 0x01;
    expect(stockVerify(armored, line, SSHSIG_NAMESPACES.keyCard, tampered).status).not.toBe(0);
    const other = toOpenSshPublicKey(generateSigningKey().publicKey);
    expect(stockVerify(armored, other, SSHSIG_NAMESPACES.keyCard, message).status).not.toBe(0);
  });

  it('(e) we refuse a passphrase-protected key and an ssh-rsa key made by ssh-keygen', () => {
    const encrypted = stockKey('correct horse');
    expect(() => parseOpenSshPrivateKey(readFileSync(encrypted, 'utf8'))).toThrow(/ssh-keygen -p/);

    const rsa = path('rsa');
    const made = sshKeygen(['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsa]);
    expect(made.status, made.stderr).toBe(0);
    for (const attempt of [
      () => parseOpenSshPublicKey(readFileSync(`${rsa}.pub`, 'utf8')),
      () => parseOpenSshPrivateKey(readFileSync(rsa, 'utf8')),
    ]) {
      let error: unknown;
      try {
        attempt();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details?.['reason']).toBe('key-unsupported-type');
      expect((error as AppError).message).toContain('ssh-rsa');
    }

    // A signature made by ssh-keygen with the RSA key is refused for its key type.
    const file = path('rsa-message');
    writeFileSync(file, message);
    rmSync(`${file}.sig`, { force: true });
    expect(sshKeygen(['-Y', 'sign', '-f', rsa, '-n', NS, file]).status).toBe(0);
    expect(() => verifySshsig(message, readFileSync(`${file}.sig`, 'utf8'), { namespace: NS })).toThrow(/ssh-rsa/);
  });
});
