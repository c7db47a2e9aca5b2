import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure';
import { generateAgeIdentity, type AgeKeyPair } from '../crypto/age';
import { canonicalJson } from '../crypto/canonicalJson';
import { fingerprint, generateSigningKey, parseOpenSshPublicKey, toOpenSshPublicKey, type SigningKeyPair } from '../crypto/sshKeys';
import { SSHSIG_NAMESPACES } from '../crypto/sshsig';
import { openScoreBundle } from './openScoreBundle';
import { sealScoreBundle } from './sealScoreBundle';
import { encryptEnvelopeText, envelopeText, samplePayload, signPayload } from './testBundles';

const FILE = '张三.prscores';

let expert: SigningKeyPair;
let secretary: AgeKeyPair;
let deputy: AgeKeyPair;
let stranger: AgeKeyPair;

beforeAll(async () => {
  expert = generateSigningKey();
  [secretary, deputy, stranger] = await Promise.all([generateAgeIdentity(), generateAgeIdentity(), generateAgeIdentity()]);
});

const open = (bytes: Uint8Array, identities = [secretary.identity]) => openScoreBundle({ bytes, identities, file: FILE });

/** A bundle hand-assembled from payload bytes, signed by `signer` — the sealer's checks skipped. */
async function assembled(payloadBytes: Buffer, options: { signer?: SigningKeyPair; namespace?: string; format?: unknown } = {}): Promise<Uint8Array> {
  const signature = signPayload(payloadBytes, options.signer ?? expert, options.namespace);
  const parts = 'format' in options ? { format: options.format, payload: payloadBytes, signature } : { payload: payloadBytes, signature };
  return encryptEnvelopeText(envelopeText(parts), [secretary.recipient]);
}

const canonicalBytes = (value: unknown): Buffer => Buffer.from(canonicalJson(value), 'utf8');

describe('sealScoreBundle / openScoreBundle', () => {
  it('round-trips the payload, the signer and the file hash', async () => {
    const payload = samplePayload(expert.publicKey);
    const sealed = await sealScoreBundle({ payload, signer: expert, secretaryRecipients: [secretary.recipient] });
    expect(sealed.sha256).toBe(createHash('sha256').update(sealed.bytes).digest('hex'));
    // Binary age, as `age -r` writes it: never armored.
    expect(new TextDecoder().decode(sealed.bytes.subarray(0, 22))).toBe('age-encryption.org/v1\n');

    const opened = await open(sealed.bytes);
    expect(opened.payload).toEqual(payload);
    expect(Buffer.from(opened.payloadBytes).toString('utf8')).toBe(canonicalJson(payload));
    expect(opened.signerFingerprint).toBe(fingerprint(expert.publicKey));
    expect(fingerprint(parseOpenSshPublicKey(opened.signerPublicKey))).toBe(opened.signerFingerprint);
    expect(opened.signerPublicKey).toBe(toOpenSshPublicKey(expert.publicKey));
    expect(opened.sha256).toBe(sealed.sha256);
  });

  it('opens for each of several secretary recipients, and for none else', async () => {
    const payload = samplePayload(expert.publicKey);
    const sealed = await sealScoreBundle({ payload, signer: expert, secretaryRecipients: [secretary.recipient, deputy.recipient] });
    expect((await open(sealed.bytes, [secretary.identity])).payload).toEqual(payload);
    expect((await open(sealed.bytes, [deputy.identity])).payload).toEqual(payload);
    expect((await open(sealed.bytes, [stranger.identity, deputy.identity])).payload).toEqual(payload);
    const refused = await failure(open(sealed.bytes, [stranger.identity]));
    expect(refused.code).toBe('AGE_NO_MATCHING_KEY');
    expect(refused.details?.['file']).toBe(FILE);
  });

  it('accepts armored age too (age -a), since people paste bundles', async () => {
    const { armor } = await import('age-encryption');
    const sealed = await sealScoreBundle({ payload: samplePayload(expert.publicKey), signer: expert, secretaryRecipients: [secretary.recipient] });
    const armored = new TextEncoder().encode(armor.encode(sealed.bytes));
    expect((await open(armored)).sha256).toBe(createHash('sha256').update(armored).digest('hex'));
  });

  it('refuses to seal an invalid payload or with another key than the payload names', async () => {
    const payload = samplePayload(expert.publicKey);
    const withExtra = { ...payload, extra: 1 } as unknown as typeof payload;
    const invalid = await failure(sealScoreBundle({ payload: withExtra, signer: expert, secretaryRecipients: [secretary.recipient] }));
    expect(invalid.code).toBe('INVALID_INPUT');
    expect(invalid.message).toContain('"extra"');
    const mismatch = await failure(sealScoreBundle({ payload, signer: generateSigningKey(), secretaryRecipients: [secretary.recipient] }));
    expect(mismatch.details?.['reason']).toBe('signer-mismatch');
  });
});

describe('openScoreBundle refuses, each with its code', () => {
  let good: Uint8Array;
  beforeAll(async () => {
    good = (await sealScoreBundle({ payload: samplePayload(expert.publicKey), signer: expert, secretaryRecipients: [secretary.recipient] })).bytes;
  });

  it('a bundle for someone else (wrong key)', async () => {
    expect((await failure(open(good, [stranger.identity]))).code).toBe('AGE_NO_MATCHING_KEY');
  });

  it('truncated and bit-flipped ciphertext', async () => {
    expect((await failure(open(good.subarray(0, good.length - 10)))).code).toBe('AGE_DAMAGED');
    expect((await failure(open(good.subarray(0, 40)))).code).toBe('AGE_MALFORMED');
    expect((await failure(open(new Uint8Array(0)))).code).toBe('AGE_MALFORMED');
    const flippedBody = Uint8Array.from(good);
    flippedBody[good.length - 30] = (flippedBody[good.length - 30] ?? 0) ^ 0x01;
    expect((await failure(open(flippedBody))).code).toBe('AGE_DAMAGED');
    // In the header the flip breaks the recipient stanza or the header MAC.
    const flippedHeader = Uint8Array.from(good);
    flippedHeader[60] = (flippedHeader[60] ?? 0) ^ 0x01;
    expect(['AGE_NO_MATCHING_KEY', 'AGE_DAMAGED', 'AGE_MALFORMED']).toContain((await failure(open(flippedHeader))).code);
  });

  it('a valid encryption whose payload was changed after signing', async () => {
    const payload = samplePayload(expert.publicKey);
    const signed = canonicalBytes(payload);
    const changed = canonicalBytes({ ...payload, revision: 2 });
    const signature = signPayload(signed, expert);
    const bytes = await encryptEnvelopeText(envelopeText({ payload: changed, signature }), [secretary.recipient]);
    const refused = await failure(open(bytes));
    expect(refused.code).toBe('SIGNATURE_INVALID');
    expect(refused.details?.['file']).toBe(FILE);
  });

  it('a valid signature by a key other than the expert the payload names', async () => {
    const other = generateSigningKey();
    const refused = await failure(open(await assembled(canonicalBytes(samplePayload(expert.publicKey)), { signer: other })));
    expect(refused.code).toBe('BUNDLE_MALFORMED');
    expect(refused.details?.['reason']).toBe('signer-mismatch');
    expect(refused.details?.['detail']).toContain(fingerprint(other.publicKey));
    expect(refused.details?.['detail']).toContain(fingerprint(expert.publicKey));
  });

  it('a signature made for another purpose (namespace)', async () => {
    const bytes = await assembled(canonicalBytes(samplePayload(expert.publicKey)), { namespace: SSHSIG_NAMESPACES.keyCard });
    expect((await failure(open(bytes))).code).toBe('SIGNATURE_WRONG_PURPOSE');
  });

  it('a signature that is not SSHSIG at all', async () => {
    const payload = canonicalBytes(samplePayload(expert.publicKey));
    const bytes = await encryptEnvelopeText(envelopeText({ payload, signature: 'not a signature' }), [secretary.recipient]);
    expect((await failure(open(bytes))).code).toBe('SIGNATURE_MALFORMED');
  });

  it('an unknown envelope format, naming it', async () => {
    const refused = await failure(open(await assembled(canonicalBytes(samplePayload(expert.publicKey)), { format: 'panel-review/scores@2' })));
    expect(refused.code).toBe('FORMAT_UNSUPPORTED');
    expect(refused.details).toMatchObject({ format: 'panel-review/scores@2', file: FILE });
  });

  it('an envelope without a format, or with a format that is not a string', async () => {
    for (const format of [undefined, 1, null]) {
      const refused = await failure(open(await assembled(canonicalBytes(samplePayload(expert.publicKey)), { format })));
      expect(refused.code).toBe('BUNDLE_MALFORMED');
      expect(refused.details?.['detail']).toContain('format');
    }
  });

  it('an unknown payload format', async () => {
    const payload = { ...samplePayload(expert.publicKey), format: 'panel-review/scores-payload@2', newField: [] };
    const refused = await failure(open(await assembled(canonicalBytes(payload))));
    expect(refused.code).toBe('FORMAT_UNSUPPORTED');
    expect(refused.details?.['format']).toBe('panel-review/scores-payload@2');
  });

  it('a payload with an extra field, at the top or deep inside', async () => {
    const payload = samplePayload(expert.publicKey);
    const top = await failure(open(await assembled(canonicalBytes({ ...payload, bonus: 5 }))));
    expect(top.code).toBe('BUNDLE_MALFORMED');
    expect(top.details?.['detail']).toBe('the payload has unknown field "bonus"');
    const deep = structuredClone(payload) as unknown as { applications: { scores: Record<string, unknown>[] }[] };
    Object.assign(deep.applications[0]?.scores[0] ?? {}, { weight: 2 });
    const inner = await failure(open(await assembled(canonicalBytes(deep))));
    expect(inner.details?.['detail']).toBe('applications[0].scores[0] has unknown field "weight"');
  });

  it('a payload with a missing field', async () => {
    const { revision: _dropped, ...payload } = samplePayload(expert.publicKey);
    const refused = await failure(open(await assembled(canonicalBytes(payload))));
    expect(refused.code).toBe('BUNDLE_MALFORMED');
    expect(refused.details?.['detail']).toBe('revision is missing');
    expect(refused.message).toContain(FILE);
  });

  it('a payload with values out of shape, naming where', async () => {
    const payload = structuredClone(samplePayload(expert.publicKey));
    const first = payload.applications[0];
    if (first === undefined) throw new Error('fixture');
    first.evidence[0] = { ...first.evidence[0], page: 0 } as (typeof first.evidence)[number];
    first.scores.push({ ...(first.scores[0] as (typeof first.scores)[number]) });
    const refused = await failure(open(await assembled(canonicalBytes(payload))));
    expect(refused.details?.['detail']).toMatch(/applications\[0\]\.scores\[4\]\.criterionId: criterion "c1" is scored twice/);
    expect(refused.details?.['detail']).toMatch(/applications\[0\]\.evidence\[0\]\.page/);
  });

  it('non-canonical payload bytes, even when correctly signed', async () => {
    const payload = samplePayload(expert.publicKey);
    for (const text of [JSON.stringify(payload, null, 2), JSON.stringify(payload), `${canonicalJson(payload)}\n`]) {
      const refused = await failure(open(await assembled(Buffer.from(text, 'utf8'))));
      expect(refused.code).toBe('BUNDLE_MALFORMED');
      expect(refused.details?.['reason']).toBe('payload-not-canonical');
    }
    // A duplicate key: JSON.parse keeps the last one, so the signed text says two things.
    const duplicated = canonicalJson(payload).replace('"revision":1', '"revision":1,"revision":1');
    expect((await failure(open(await assembled(Buffer.from(duplicated, 'utf8'))))).details?.['reason']).toBe('payload-not-canonical');
  });

  it('a signed payload that is not JSON, or not UTF-8', async () => {
    for (const bytes of [Buffer.from('scores: 90', 'utf8'), Buffer.from([0x7b, 0xff, 0x7d])]) {
      const refused = await failure(open(await assembled(bytes)));
      expect(refused.code).toBe('BUNDLE_MALFORMED');
      expect(refused.details?.['reason']).toBe('payload-not-json');
    }
  });

  it('non-JSON plaintext, JSON of the wrong shape, and payload that is not strict base64', async () => {
    for (const text of ['hello', '', '[1,2]', '"panel-review/scores@1"']) {
      const refused = await failure(open(await encryptEnvelopeText(text, [secretary.recipient])));
      expect(refused.code).toBe('BUNDLE_MALFORMED');
      expect(refused.details?.['file']).toBe(FILE);
    }
    const payload = canonicalBytes(samplePayload(expert.publicKey));
    const signature = signPayload(payload, expert);
    const loose = payload.toString('base64').replace(/=+$/, ''); // what a lenient encoder might write
    const shapes = [
      envelopeText({ payload: `${payload.toString('base64').slice(0, 40)}\n${payload.toString('base64').slice(40)}`, signature }),
      envelopeText({ payload: loose.length % 4 === 0 ? `${loose}*` : loose, signature }),
      envelopeText({ payload, signature, comment: 'hi' }),
      JSON.stringify({ format: 'panel-review/scores@1', signature }),
    ];
    for (const text of shapes) {
      const refused = await failure(open(await encryptEnvelopeText(text, [secretary.recipient])));
      expect(refused.code).toBe('BUNDLE_MALFORMED');
      expect(refused.details?.['reason']).toBe('envelope-invalid');
    }
  });
});
