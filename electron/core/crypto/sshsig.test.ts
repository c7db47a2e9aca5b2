import { createHash, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../../test/helpers/failure';
import { fingerprint, generateSigningKey, parseOpenSshPrivateKey, publicKeyBlob } from './sshKeys';
import { signSshsig, SSHSIG_NAMESPACES, verifySshsig } from './sshsig';
import { armor, dearmor, sshString, sshUint32 } from './sshWire';
import { STOCK_FINGERPRINT, STOCK_MESSAGE, STOCK_PRIVATE_KEY, STOCK_SIGNATURE } from './testVectors';


const NS = SSHSIG_NAMESPACES.scores;
const message = Buffer.from('{"评审意见":"建议资助","总分":87.5}', 'utf8');

/** Rebuilds an SSHSIG blob field by field, so tests can vary one field at a time. */
function craft(fields: {
  magic?: string;
  version?: number;
  keyBlob: Buffer;
  namespace?: string;
  hash?: string;
  sigType?: string;
  signature: Buffer;
  trailing?: Buffer;
}): string {
  return armor(
    'SSH SIGNATURE',
    Buffer.concat([
      Buffer.from(fields.magic ?? 'SSHSIG', 'latin1'),
      sshUint32(fields.version ?? 1),
      sshString(fields.keyBlob),
      sshString(fields.namespace ?? NS),
      sshString(''),
      sshString(fields.hash ?? 'sha512'),
      sshString(Buffer.concat([sshString(fields.sigType ?? 'ssh-ed25519'), sshString(fields.signature)])),
      fields.trailing ?? Buffer.alloc(0),
    ]),
  );
}

describe('SSHSIG', () => {
  const { privateKey, publicKey } = generateSigningKey();

  it('signs byte for byte as ssh-keygen -Y sign does (Ed25519 is deterministic)', () => {
    const stock = parseOpenSshPrivateKey(STOCK_PRIVATE_KEY);
    expect(signSshsig(STOCK_MESSAGE, stock.privateKey, stock.publicKey, NS)).toBe(STOCK_SIGNATURE);
  });

  it('verifies a signature made by ssh-keygen and names its key', () => {
    const result = verifySshsig(STOCK_MESSAGE, STOCK_SIGNATURE, { namespace: NS });
    expect(result.fingerprint).toBe(STOCK_FINGERPRINT);
  });

  it('round-trips, with and without an allow-list', () => {
    const armored = signSshsig(message, privateKey, publicKey, NS);
    expect(verifySshsig(message, armored, { namespace: NS }).fingerprint).toBe(fingerprint(publicKey));
    const other = generateSigningKey().publicKey;
    expect(verifySshsig(message, armored, { namespace: NS, allowedKeys: [other, publicKey] }).fingerprint).toBe(fingerprint(publicKey));
  });

  it('signs the empty message', () => {
    const armored = signSshsig(Buffer.alloc(0), privateKey, publicKey, NS);
    expect(verifySshsig(Buffer.alloc(0), armored, { namespace: NS }).fingerprint).toBe(fingerprint(publicKey));
  });

  it('refuses a wrong namespace, naming both', () => {
    const armored = signSshsig(message, privateKey, publicKey, SSHSIG_NAMESPACES.keyCard);
    expect(() => verifySshsig(message, armored, { namespace: NS })).toThrow(/panel-review-key-card.*panel-review-scores/);
    expect(reasonOf(() => verifySshsig(message, armored, { namespace: NS }))).toBe('signature-namespace-mismatch');
  });

  it('refuses a message with one flipped bit', () => {
    const armored = signSshsig(message, privateKey, publicKey, NS);
    const tampered = Buffer.from(message);
    tampered[3] = (tampered[3] ?? 0) ^ 0x01;
    expect(reasonOf(() => verifySshsig(tampered, armored, { namespace: NS }))).toBe('signature-invalid');
  });

  it('refuses a signature with one flipped bit', () => {
    const blob = dearmor(signSshsig(message, privateKey, publicKey, NS), 'SSH SIGNATURE', 'signature-malformed', 'sig');
    blob[blob.length - 5] = (blob[blob.length - 5] ?? 0) ^ 0x80;
    expect(reasonOf(() => verifySshsig(message, armor('SSH SIGNATURE', blob), { namespace: NS }))).toBe('signature-invalid');
  });

  it('refuses a key outside the allow-list', () => {
    const armored = signSshsig(message, privateKey, publicKey, NS);
    const other = generateSigningKey().publicKey;
    expect(reasonOf(() => verifySshsig(message, armored, { namespace: NS, allowedKeys: [other] }))).toBe('signature-key-not-allowed');
    expect(reasonOf(() => verifySshsig(message, armored, { namespace: NS, allowedKeys: [] }))).toBe('signature-key-not-allowed');
  });

  it('refuses a signature swapped onto another key', () => {
    const signature = sign(null, Buffer.from('anything'), privateKey);
    const armored = craft({ keyBlob: publicKeyBlob(generateSigningKey().publicKey), signature });
    expect(reasonOf(() => verifySshsig(message, armored, { namespace: NS }))).toBe('signature-invalid');
  });

  it('accepts sha256 signatures (allowed by the format) and refuses other hashes', () => {
    const signed = Buffer.concat([
      Buffer.from('SSHSIG'),
      sshString(NS),
      sshString(''),
      sshString('sha256'),
      sshString(createHash('sha256').update(message).digest()),
    ]);
    const armored = craft({ keyBlob: publicKeyBlob(publicKey), hash: 'sha256', signature: sign(null, signed, privateKey) });
    expect(verifySshsig(message, armored, { namespace: NS }).fingerprint).toBe(fingerprint(publicKey));
    const md5 = craft({ keyBlob: publicKeyBlob(publicKey), hash: 'md5', signature: Buffer.alloc(64) });
    expect(reasonOf(() => verifySshsig(message, md5, { namespace: NS }))).toBe('signature-unsupported');
  });

  it.each([
    ['truncated armor (no END line)', (a: string) => a.replace('-----END SSH SIGNATURE-----', '')],
    ['truncated armor (body line lost)', (a: string) => a.split('\n').filter((_, i) => i !== 2).join('\n')],
    ['no armor', () => 'U1NIU0lH'],
    ['another armor label', (a: string) => a.replace(/SSH SIGNATURE/g, 'PGP SIGNATURE')],
    ['junk in the body', (a: string) => a.replace(/\n(.)/, '\n*')],
    ['a blob cut short', (a: string) => armor('SSH SIGNATURE', dearmor(a, 'SSH SIGNATURE', 'signature-malformed', 's').subarray(0, 60))],
  ])('refuses %s as malformed', (_label, mangle) => {
    const armored = signSshsig(message, privateKey, publicKey, NS);
    expect(reasonOf(() => verifySshsig(message, mangle(armored), { namespace: NS }))).toBe('signature-malformed');
  });

  it('refuses wrong magic, version, signature type and trailing bytes', () => {
    const keyBlob = publicKeyBlob(publicKey);
    const signature = Buffer.alloc(64);
    expect(reasonOf(() => verifySshsig(message, craft({ keyBlob, signature, magic: 'SSHSIH' }), { namespace: NS }))).toBe('signature-malformed');
    expect(reasonOf(() => verifySshsig(message, craft({ keyBlob, signature, version: 2 }), { namespace: NS }))).toBe('signature-unsupported');
    expect(reasonOf(() => verifySshsig(message, craft({ keyBlob, signature, sigType: 'rsa-sha2-512' }), { namespace: NS }))).toBe(
      'signature-unsupported',
    );
    const trailing = Buffer.from([0]);
    expect(reasonOf(() => verifySshsig(message, craft({ keyBlob, signature, trailing }), { namespace: NS }))).toBe('signature-malformed');
    expect(reasonOf(() => verifySshsig(message, craft({ keyBlob, signature: Buffer.alloc(63) }), { namespace: NS }))).toBe(
      'signature-malformed',
    );
  });

  it('refuses an ssh-rsa signing key', () => {
    const rsaBlob = Buffer.concat([sshString('ssh-rsa'), sshString(Buffer.from([1, 0, 1])), sshString(Buffer.alloc(257, 0xab))]);
    const armored = craft({ keyBlob: rsaBlob, sigType: 'rsa-sha2-512', signature: Buffer.alloc(256) });
    expect(() => verifySshsig(message, armored, { namespace: NS })).toThrow(/ssh-rsa/);
    expect(reasonOf(() => verifySshsig(message, armored, { namespace: NS }))).toBe('key-unsupported-type');
  });

  it('refuses an empty namespace and a mismatched key pair when signing', () => {
    expect(reasonOf(() => signSshsig(message, privateKey, publicKey, ''))).toBe('signature-unsupported');
    expect(reasonOf(() => signSshsig(message, privateKey, generateSigningKey().publicKey, NS))).toBe('key-mismatch');
  });
});
