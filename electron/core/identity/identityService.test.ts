import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure';
import { decryptWithIdentity, encryptToRecipients } from '../crypto/age';
import { fingerprint, toOpenSshPublicKey } from '../crypto/sshKeys';
import { AppError } from '../errors';
import { readKeyCard } from './keyCard';
import { IdentityService } from './identityService';
import type { SecretProtector } from './protector';

const FAST = { scryptWorkFactor: 10 };
const PASS = '正确的马 battery staple';
const fixed = new Date('2026-03-01T08:00:00.000Z');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function keysDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-identity-'));
  dirs.push(dir);
  return path.join(dir, 'keys');
}

function service(dir: string, options: ConstructorParameters<typeof IdentityService>[1] = FAST): IdentityService {
  return new IdentityService(dir, options, () => fixed);
}

/** Every file under dir with its bytes, to prove a refusal changed nothing. */
function snapshot(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('base64')]));
}

/** A stand-in for safeStorage: AES-GCM under a key only this "OS" knows. */
function fakeKeychain(available = true): SecretProtector {
  const key = randomBytes(32);
  return {
    kind: 'os',
    isAvailable: () => available,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    },
    decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(-16));
      return Buffer.concat([decipher.update(sealed.subarray(12, -16)), decipher.final()]);
    },
  };
}

describe('an identity protected by a passphrase', () => {
  it('is created unlocked, kept locked across a restart, and unlocks with the passphrase only', async () => {
    const dir = keysDir();
    const created = await service(dir).create({ name: '张三', affiliation: '某研究院', passphrase: PASS });
    expect(created).toMatchObject({ name: '张三', affiliation: '某研究院', protection: 'passphrase', unlocked: true, createdAt: fixed.toISOString() });

    const restarted = service(dir);
    expect(restarted.get()).toEqual({ ...created, unlocked: false });
    expect((await failure(Promise.resolve().then(() => restarted.requireUnlocked()))).code).toBe('IDENTITY_LOCKED');
    expect((await failure(restarted.unlock('wrong passphrase'))).code).toBe('PASSPHRASE_WRONG');
    expect((await failure(restarted.unlock(undefined))).code).toBe('PASSPHRASE_REQUIRED');
    expect(restarted.get()?.unlocked).toBe(false);

    expect(await restarted.unlock(PASS)).toEqual({ ...created, unlocked: true });
    const keys = restarted.requireUnlocked();
    expect(fingerprint(keys.signing.publicKey)).toBe(created.fingerprint);
    expect(toOpenSshPublicKey(keys.signing.publicKey)).toBe(created.sshPublicKey);
    expect(keys.card).toMatchObject({ name: '张三', ageRecipient: created.ageRecipient });
    // The age identity really is the one the recipient belongs to.
    const sealed = await encryptToRecipients(new TextEncoder().encode('评分'), [created.ageRecipient]);
    expect(new TextDecoder().decode(await decryptWithIdentity(sealed, [keys.ageIdentity]))).toBe('评分');

    expect(restarted.lock()?.unlocked).toBe(false);
    expect(() => restarted.requireUnlocked()).toThrow(AppError);
  });

  it('never keeps private key text on disk: the secret is an age file, the record public', async () => {
    const dir = keysDir();
    const identity = service(dir);
    await identity.create({ name: '李四', affiliation: null, passphrase: PASS });
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([expect.stringMatching(/^identity-[0-9a-f]{16}\.age$/), 'identity.json']);
    const exported = identity.exportPrivate();
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(dir, file), 'latin1');
      expect(bytes).not.toContain('PRIVATE KEY');
      expect(bytes).not.toContain('AGE-SECRET-KEY');
      expect(bytes).not.toContain(exported.sshPrivateKey.split('\n')[1]);
    }
    expect(fs.readFileSync(path.join(dir, files[0] as string), 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 10\n/);
    expect(fs.statSync(path.join(dir, files[0] as string)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('seals with age\'s default work factor (18) unless told otherwise', async () => {
    const dir = keysDir();
    await service(dir, {}).create({ name: '王五', affiliation: null, passphrase: PASS });
    const secret = fs.readdirSync(dir).find((name) => name.endsWith('.age')) as string;
    expect(fs.readFileSync(path.join(dir, secret), 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
    expect((await service(dir, {}).unlock(PASS)).unlocked).toBe(true);
  }, 60_000);

  it('refuses a passphrase under 8 characters, and no passphrase without a keychain, writing nothing', async () => {
    const dir = keysDir();
    const tooShort = await failure(service(dir).create({ name: '张三', affiliation: null, passphrase: '1234567' }));
    expect(tooShort.code).toBe('PASSPHRASE_TOO_SHORT');
    expect(tooShort.details).toEqual({ min: 8 });
    // Characters count, not bytes: eight Chinese characters are enough.
    expect((await failure(service(dir).create({ name: '张三', affiliation: null }))).code).toBe('PASSPHRASE_REQUIRED');
    expect((await failure(service(dir, { ...FAST, protector: fakeKeychain(false) }).create({ name: '张三', affiliation: null }))).code).toBe(
      'PASSPHRASE_REQUIRED',
    );
    expect(fs.existsSync(dir)).toBe(false);
    expect((await service(dir).create({ name: '张三', affiliation: null, passphrase: '八个汉字的口令呀' })).protection).toBe('passphrase');
  });

  it('never overwrites: a second create or import is IDENTITY_EXISTS and leaves the files byte for byte', async () => {
    const dir = keysDir();
    const first = await service(dir).create({ name: '张三', affiliation: null, passphrase: PASS });
    const before = snapshot(dir);
    const again = await failure(service(dir).create({ name: '李四', affiliation: null, passphrase: PASS }));
    expect(again.code).toBe('IDENTITY_EXISTS');
    expect(again.details).toEqual({ fingerprint: first.fingerprint });
    const exported = service(dir);
    await exported.unlock(PASS);
    const keys = exported.exportPrivate();
    expect((await failure(service(dir).import({ name: 'x', affiliation: null, passphrase: PASS, ...keys }))).code).toBe('IDENTITY_EXISTS');
    expect(snapshot(dir)).toEqual(before);
  });

  it('lets exactly one of two racing creates win, leaving no stray secret', async () => {
    const dir = keysDir();
    const results = await Promise.allSettled([
      service(dir).create({ name: 'A', affiliation: null, passphrase: PASS }),
      service(dir).create({ name: 'B', affiliation: null, passphrase: PASS }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect((lost?.reason as AppError).code).toBe('IDENTITY_EXISTS');
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith('.'))).toHaveLength(2);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses sealed keys that do not belong to the record', async () => {
    const a = keysDir();
    const b = keysDir();
    await service(a).create({ name: 'A', affiliation: null, passphrase: PASS });
    await service(b).create({ name: 'B', affiliation: null, passphrase: PASS });
    const secretOf = (dir: string) => path.join(dir, fs.readdirSync(dir).find((n) => n.endsWith('.age')) as string);
    fs.copyFileSync(secretOf(b), secretOf(a));
    expect((await failure(service(a).unlock(PASS))).code).toBe('KEY_INVALID');
    fs.writeFileSync(secretOf(a), 'age-encryption.org/v1\n-> X25519 garbage\n');
    expect((await failure(service(a).unlock(PASS))).code).toBe('KEY_INVALID');
  });

  it('answers IDENTITY_MISSING when there is none', async () => {
    const identity = service(keysDir());
    expect(identity.get()).toBeNull();
    expect(identity.lock()).toBeNull();
    const calls: (() => unknown)[] = [() => identity.requireUnlocked(), () => identity.keyCard(), () => identity.exportPrivate()];
    for (const call of calls) {
      expect((await failure(Promise.resolve().then(call))).code).toBe('IDENTITY_MISSING');
    }
    expect((await failure(identity.unlock(PASS))).code).toBe('IDENTITY_MISSING');
  });

  it('reports a damaged or newer record clearly', async () => {
    const dir = keysDir();
    await service(dir).create({ name: 'A', affiliation: null, passphrase: PASS });
    const record = path.join(dir, 'identity.json');
    const json = JSON.parse(fs.readFileSync(record, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(record, JSON.stringify({ ...json, format: 'panel-review/identity@2' }));
    expect(() => service(dir).get()).toThrow(expect.objectContaining({ code: 'FORMAT_UNSUPPORTED' }) as Error);
    fs.writeFileSync(record, '{');
    expect(() => service(dir).get()).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }) as Error);
  });
});

describe('the key card and export', () => {
  it('gives the stored, self-signed card without needing the passphrase', async () => {
    const dir = keysDir();
    const created = await service(dir).create({ name: '张三', affiliation: '某大学', passphrase: PASS });
    const card = service(dir).keyCard();
    expect(card.fingerprint).toBe(created.fingerprint);
    expect(card.fileName).toMatch(/^张三-.{8}\.prkey$/);
    const read = readKeyCard(card.content, card.fileName);
    expect(read.fingerprint).toBe(created.fingerprint);
    expect(read.card).toMatchObject({ name: '张三', affiliation: '某大学', ageRecipient: created.ageRecipient, sshPublicKey: created.sshPublicKey });
  });

  it('exports keys that import into another data directory as the same identity', async () => {
    const source = service(keysDir());
    const created = await source.create({ name: '张三', affiliation: null, passphrase: PASS });
    const keys = source.exportPrivate();
    expect(keys.sshPrivateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/);
    expect(keys.ageIdentity).toBe(`# created: ${fixed.toISOString()}\n# public key: ${created.ageRecipient}\n${source.requireUnlocked().ageIdentity}\n`);
    const copy = await service(keysDir()).import({ name: '张三（笔记本）', affiliation: null, passphrase: PASS, ...keys });
    expect(copy).toMatchObject({ fingerprint: created.fingerprint, ageRecipient: created.ageRecipient, name: '张三（笔记本）' });
  });

  it('refuses a mismatched age identity file and keys of other kinds, writing nothing', async () => {
    const source = service(keysDir());
    const created = await source.create({ name: 'A', affiliation: null, passphrase: PASS });
    const keys = source.exportPrivate();
    const dir = keysDir();
    const forged = keys.ageIdentity.replace(created.ageRecipient, 'age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg');
    expect((await failure(service(dir).import({ name: 'x', affiliation: null, passphrase: PASS, ...keys, ageIdentity: forged }))).code).toBe('KEY_INVALID');
    expect((await failure(service(dir).import({ name: 'x', affiliation: null, passphrase: PASS, ...keys, sshPrivateKey: 'nonsense' }))).code).toBe('KEY_INVALID');
    expect(
      (await failure(service(dir).import({ name: 'x', affiliation: null, passphrase: PASS, ...keys, ageIdentity: 'AGE-SECRET-KEY-PQ-1XYZ' }))).code,
    ).toBe('KEY_UNSUPPORTED');
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('exports only when unlocked', async () => {
    const dir = keysDir();
    await service(dir).create({ name: 'A', affiliation: null, passphrase: PASS });
    expect((await failure(Promise.resolve().then(() => service(dir).exportPrivate()))).code).toBe('IDENTITY_LOCKED');
  });
});

describe('an identity protected by the OS keychain', () => {
  it('is used when no passphrase is given, and unlocks without one', async () => {
    const dir = keysDir();
    const keychain = fakeKeychain();
    const created = await service(dir, { protector: keychain }).create({ name: '张三', affiliation: null });
    expect(created.protection).toBe('os');
    expect(fs.readdirSync(dir).some((name) => /^identity-[0-9a-f]{16}\.os$/.test(name))).toBe(true);
    expect((await service(dir, { protector: keychain }).unlock(undefined)).unlocked).toBe(true);
    // The CLI has no keychain: it says so instead of asking for a passphrase that doesn't exist.
    const error = await failure(service(dir).unlock('whatever passphrase'));
    expect(error.code).toBe('IDENTITY_LOCKED');
    // Another machine's keychain cannot open it either.
    expect((await failure(service(dir, { protector: fakeKeychain() }).unlock(undefined))).code).toBe('IDENTITY_LOCKED');
  });

  it('still takes an explicit passphrase over the keychain', async () => {
    const created = await service(keysDir(), { ...FAST, protector: fakeKeychain() }).create({ name: 'A', affiliation: null, passphrase: PASS });
    expect(created.protection).toBe('passphrase');
  });
});
