import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../../test/helpers/failure';
import {
  fingerprint,
  generateSigningKey,
  parseOpenSshPrivateKey,
  parseOpenSshPublicKey,
  rawPublicKey,
  toOpenSshPrivateKey,
  toOpenSshPublicKey,
} from './sshKeys';
import { armor, dearmor, SshReader, sshString } from './sshWire';
import { STOCK_FINGERPRINT, STOCK_PRIVATE_KEY, STOCK_PUBLIC_KEY } from './testVectors';


const sameKey = (a: KeyObject, b: KeyObject): boolean => rawPublicKey(a).equals(rawPublicKey(b));

describe('OpenSSH public keys', () => {
  it('writes and reads a key line, with and without a comment', () => {
    const { publicKey } = generateSigningKey();
    const line = toOpenSshPublicKey(publicKey, '张三@评审');
    expect(line).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} 张三@评审$/);
    expect(sameKey(parseOpenSshPublicKey(line), publicKey)).toBe(true);
    expect(toOpenSshPublicKey(publicKey)).toBe(line.split(' ').slice(0, 2).join(' '));
  });

  it('reads a key line made by ssh-keygen and prints its fingerprint as ssh-keygen -l does', () => {
    const key = parseOpenSshPublicKey(STOCK_PUBLIC_KEY);
    expect(fingerprint(key)).toBe(STOCK_FINGERPRINT);
    expect(toOpenSshPublicKey(key, 'tester@example 中')).toBe(STOCK_PUBLIC_KEY);
  });

  it('refuses other key types', () => {
    const rsa = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7 user@host';
    expect(reasonOf(() => parseOpenSshPublicKey(rsa))).toBe('key-unsupported-type');
    // A line that claims ed25519 over an RSA blob is refused for what the blob holds.
    const lying = `ssh-ed25519 ${Buffer.concat([sshString('ssh-rsa'), sshString(Buffer.alloc(32))]).toString('base64')}`;
    expect(reasonOf(() => parseOpenSshPublicKey(lying))).toBe('key-unsupported-type');
  });

  it.each([
    ['an empty line', ''],
    ['a type without key', 'ssh-ed25519'],
    ['junk base64', 'ssh-ed25519 AAAA!!!!'],
    ['a short key', `ssh-ed25519 ${Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.alloc(31))]).toString('base64')}`],
    ['a truncated blob', `ssh-ed25519 ${Buffer.concat([sshString('ssh-ed25519'), Buffer.alloc(8)]).toString('base64')}`],
    ['trailing bytes', `ssh-ed25519 ${Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.alloc(32)), Buffer.alloc(1)]).toString('base64')}`],
  ])('refuses %s as malformed', (_label, line) => {
    expect(reasonOf(() => parseOpenSshPublicKey(line))).toBe('key-malformed');
  });
});

describe('OpenSSH private keys', () => {
  it('round-trips a generated key with its comment', () => {
    const { privateKey, publicKey } = generateSigningKey();
    const text = toOpenSshPrivateKey(privateKey, publicKey, '李四 <li@example.cn>');
    expect(text.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----\n')).toBe(true);
    expect(text.endsWith('\n-----END OPENSSH PRIVATE KEY-----\n')).toBe(true);
    expect(text.split('\n').every((line) => line.length <= 70)).toBe(true);
    const parsed = parseOpenSshPrivateKey(text);
    expect(parsed.comment).toBe('李四 <li@example.cn>');
    expect(sameKey(parsed.publicKey, publicKey)).toBe(true);
    expect(parsed.privateKey.export({ format: 'der', type: 'pkcs8' })).toEqual(privateKey.export({ format: 'der', type: 'pkcs8' }));
  });

  it('pads the private section to 8 bytes with 1, 2, 3…', () => {
    const { privateKey, publicKey } = generateSigningKey();
    for (const comment of ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg']) {
      const text = toOpenSshPrivateKey(privateKey, publicKey, comment);
      expect(parseOpenSshPrivateKey(text).comment).toBe(comment);
      const reader = new SshReader(dearmor(text, 'OPENSSH PRIVATE KEY', 'key-malformed', 'key'), 'key-malformed', 'key');
      reader.raw(15); // magic
      reader.string(); // cipher
      reader.string(); // kdf
      reader.string(); // kdf options
      reader.uint32(); // key count
      reader.string(); // public key
      const section = reader.string();
      expect(section.length % 8).toBe(0);
      // checkints (8) + type (15) + public (36) + secret (68) + comment (4 + n), then padding
      const padding = section.subarray(8 + 15 + 36 + 68 + 4 + comment.length);
      expect([...padding]).toEqual(Array.from({ length: padding.length }, (_, i) => i + 1));
    }
  });

  it('reads a key made by ssh-keygen', () => {
    const parsed = parseOpenSshPrivateKey(STOCK_PRIVATE_KEY);
    expect(parsed.comment).toBe('tester@example 中');
    expect(fingerprint(parsed.publicKey)).toBe(STOCK_FINGERPRINT);
  });

  it('accepts CRLF line breaks', () => {
    expect(fingerprint(parseOpenSshPrivateKey(STOCK_PRIVATE_KEY.replace(/\n/g, '\r\n')).publicKey)).toBe(STOCK_FINGERPRINT);
  });

  it('refuses a public key that does not belong to the private key', () => {
    const a = generateSigningKey();
    const b = generateSigningKey();
    expect(reasonOf(() => toOpenSshPrivateKey(a.privateKey, b.publicKey, ''))).toBe('key-mismatch');
  });

  it('refuses PEM/PKCS#8 keys and non-Ed25519 KeyObjects', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(reasonOf(() => parseOpenSshPrivateKey(pem))).toBe('key-unsupported-type');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(reasonOf(() => toOpenSshPublicKey(ec.publicKey))).toBe('key-unsupported-type');
  });

  it('refuses an encrypted key, telling how to remove the passphrase', () => {
    const body = Buffer.concat([
      Buffer.from('openssh-key-v1\0', 'latin1'),
      sshString('aes256-ctr'),
      sshString('bcrypt'),
      sshString(Buffer.concat([sshString(Buffer.alloc(16)), Buffer.from([0, 0, 0, 24])])),
    ]);
    expect(() => parseOpenSshPrivateKey(armor('OPENSSH PRIVATE KEY', body))).toThrow(/passphrase.*ssh-keygen -p/);
    expect(reasonOf(() => parseOpenSshPrivateKey(armor('OPENSSH PRIVATE KEY', body)))).toBe('key-encrypted');
  });

  it('refuses corrupt keys', () => {
    const truncated = STOCK_PRIVATE_KEY.split('\n').filter((_, i) => i !== 3).join('\n');
    expect(reasonOf(() => parseOpenSshPrivateKey(truncated))).toBe('key-malformed');
    const noEnd = STOCK_PRIVATE_KEY.replace('-----END OPENSSH PRIVATE KEY-----', '');
    expect(reasonOf(() => parseOpenSshPrivateKey(noEnd))).toBe('key-malformed');
    // Flip one byte of the secret seed: the derived public key no longer matches.
    const body = dearmor(STOCK_PRIVATE_KEY, 'OPENSSH PRIVATE KEY', 'key-malformed', 'key');
    const seedAt = body.indexOf(Buffer.from([0, 0, 0, 64])) + 4;
    body[seedAt] = (body[seedAt] ?? 0) ^ 1;
    expect(reasonOf(() => parseOpenSshPrivateKey(armor('OPENSSH PRIVATE KEY', body)))).toBe('key-mismatch');
  });
});
