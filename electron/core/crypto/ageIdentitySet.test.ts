import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import { AgeIdentitySet, decryptWithIdentity, encryptToRecipients, generateAgeIdentity } from './age';
import { identityScalar } from './ageKeys';

/**
 * Prepared identities must open exactly what identity strings open (ours and stock age's
 * files), and our bech32 decoding must accept exactly the identities the library accepts.
 */

const haveAge = spawnSync('age', ['--version']).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'panel-review-ageset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const plaintext = Buffer.from('{"专家":"张三","评审意见":"创新性强，建议资助。"}\n'.repeat(3000), 'utf8');

function libraryAccepts(identity: string): boolean {
  try {
    new Decrypter().addIdentity(identity);
    return true;
  } catch {
    return false;
  }
}

function ourDecoderAccepts(identity: string): boolean {
  try {
    identityScalar(identity);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return false;
  }
}

describe('AgeIdentitySet', () => {
  it('opens, file after file, what it was encrypted for, among several identities', async () => {
    const pairs = await Promise.all([generateAgeIdentity(), generateAgeIdentity(), generateAgeIdentity()]);
    const set = await AgeIdentitySet.prepare([...pairs.map((p) => p.identity), ` ${pairs[0]?.identity ?? ''}\n`]);
    expect(set.size).toBe(3);
    for (const pair of pairs) {
      const sealed = await encryptToRecipients(plaintext, [pair.recipient]);
      expect(Buffer.from(await decryptWithIdentity(sealed, set)).equals(plaintext)).toBe(true);
      expect(Buffer.from(await decryptWithIdentity(sealed, set)).equals(plaintext)).toBe(true);
    }
    const stranger = await generateAgeIdentity();
    const foreign = await encryptToRecipients(plaintext, [stranger.recipient]);
    await expect(decryptWithIdentity(foreign, set)).rejects.toMatchObject({ details: { reason: 'age-no-matching-identity' } });
  });

  it.skipIf(!haveAge)('opens files written by stock age', async () => {
    const pair = await generateAgeIdentity();
    const input = join(dir, 'plain.json');
    writeFileSync(input, plaintext);
    const stock = spawnSync('age', ['-r', pair.recipient, input], { maxBuffer: 1 << 26 });
    expect(stock.status, stock.stderr.toString()).toBe(0);
    const set = await AgeIdentitySet.prepare([pair.identity]);
    expect(Buffer.from(await decryptWithIdentity(stock.stdout, set)).equals(plaintext)).toBe(true);
  });

  it('decodes the scalar the library decodes: 50 random identities open their files', async () => {
    for (let i = 0; i < 50; i++) {
      const pair = await generateAgeIdentity();
      const sealed = await encryptToRecipients(plaintext.subarray(0, 100), [pair.recipient]);
      const set = await AgeIdentitySet.prepare([pair.identity]);
      expect(Buffer.from(await decryptWithIdentity(sealed, set)).equals(plaintext.subarray(0, 100))).toBe(true);
    }
  });

  it('accepts exactly the identities the library accepts (every one-character change, mixed case)', async () => {
    const { identity } = await generateAgeIdentity();
    const alphabet = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
    const variants = [identity, identity.toLowerCase(), identity.slice(0, 20) + identity.slice(20).toLowerCase()];
    for (let at = 'AGE-SECRET-KEY-1'.length; at < identity.length; at++) {
      for (const char of alphabet.slice(0, 6)) variants.push(identity.slice(0, at) + char + identity.slice(at + 1));
    }
    for (const variant of variants) expect(ourDecoderAccepts(variant), variant).toBe(libraryAccepts(variant));
  });

  it('refuses what checkIdentity refuses, with the same reasons', async () => {
    await expect(AgeIdentitySet.prepare([])).rejects.toMatchObject({ details: { reason: 'age-no-identities' } });
    await expect(AgeIdentitySet.prepare([`AGE-SECRET-KEY-PQ-1${'Q'.repeat(60)}`])).rejects.toMatchObject({ details: { reason: 'age-identity-unsupported' } });
    await expect(AgeIdentitySet.prepare(['AGE-SECRET-KEY-1NOTAKEY'])).rejects.toMatchObject({ details: { reason: 'age-identity-malformed' } });
  });

  // The library engine is what runtimes without native ChaCha20-Poly1305 (Electron) use.
  it('falls back to the library\'s JavaScript X25519 where WebCrypto lacks it (as in some runtimes)', async () => {
    const pair = await generateAgeIdentity();
    const sealed = await encryptToRecipients(plaintext, [pair.recipient]);
    const importKey = vi.spyOn(webcrypto.subtle, 'importKey').mockRejectedValue(new DOMException('X25519 unsupported', 'NotSupportedError'));
    const set = await AgeIdentitySet.prepare([pair.identity], { engine: 'library' });
    expect(importKey).toHaveBeenCalled();
    importKey.mockRestore();
    expect(Buffer.from(await decryptWithIdentity(sealed, set)).equals(plaintext)).toBe(true);
  });
});
