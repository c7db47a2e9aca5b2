import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCanonicalBase64,
  isCanonicalBase64ByRule,
  ScoreBundleEnvelopeSchema,
  ScoreBundlePayloadSchema,
  SshFingerprintSchema,
  StrictBase64Schema,
  type ScoreBundlePayload,
} from './scoreBundle';

/** A fingerprint as `ssh-keygen -l` printed it (the stock test vector of electron/core/crypto). */
const FINGERPRINT = 'SHA256:z+UDaiyAwh69KoupNjCruTcOWoSaBUvqZ0EeCBUqw9Q';

function payload(): ScoreBundlePayload {
  return {
    format: 'panel-review/scores-payload@1',
    roundId: '0123456789',
    packageId: 'pk0123456z',
    manifestSha256: 'ab'.repeat(32),
    expert: { fingerprint: FINGERPRINT, name: '张三' },
    revision: 1,
    exportedAt: '2026-03-01T08:30:00.000Z',
    applications: [
      {
        applicationId: 'abcdefghjk',
        coi: { kind: 'none' },
        scores: [
          { criterionId: 'c1', value: 17.5, comment: '' },
          { criterionId: 'c2', value: -0.25, comment: '思路清晰。' },
        ],
        opinion: { strengths: '', issues: '', recommendation: null },
        evidence: [{ criterionId: 'c1', sha256: 'cd'.repeat(32), page: 1, rects: [[0, 0, 595.28, 841.89]], quote: '' }],
        targets: [{ criterionId: 'c2', indicator: '宽带普及率', unit: '%', better: 'higher', target: 90, actual: 92.5 }],
      },
      {
        applicationId: 'mnpqrstvwx',
        coi: { kind: 'conflict', reason: '本人参与了该方案编制。' },
        scores: [],
        opinion: { strengths: '', issues: '', recommendation: 'approve' },
        evidence: [],
        targets: [],
      },
    ],
  };
}

/** Applies `change` to a fresh payload and returns whether the schema accepts the result. */
function accepts(change: (p: Record<string, unknown> & ScoreBundlePayload) => void): boolean {
  const value = structuredClone(payload()) as Record<string, unknown> & ScoreBundlePayload;
  change(value);
  return ScoreBundlePayloadSchema.safeParse(value).success;
}

const app = (p: ScoreBundlePayload) => p.applications[0] as ScoreBundlePayload['applications'][number];

describe('ScoreBundlePayloadSchema', () => {
  it('accepts a complete payload and returns it unchanged', () => {
    const value = payload();
    expect(ScoreBundlePayloadSchema.parse(value)).toEqual(value);
  });

  it('refuses unknown fields at every level', () => {
    expect(accepts((p) => (p['extra'] = 1))).toBe(false);
    expect(accepts((p) => Object.assign(p.expert, { email: 'a@b' }))).toBe(false);
    expect(accepts((p) => Object.assign(app(p), { total: 90 }))).toBe(false);
    expect(accepts((p) => Object.assign(app(p).coi, { reason: 'none really' }))).toBe(false);
    expect(accepts((p) => Object.assign(app(p).scores[0] ?? {}, { weight: 1 }))).toBe(false);
    expect(accepts((p) => Object.assign(app(p).opinion, { summary: '' }))).toBe(false);
    expect(accepts((p) => Object.assign(app(p).evidence[0] ?? {}, { color: 'red' }))).toBe(false);
  });

  it('refuses missing fields', () => {
    for (const key of ['format', 'roundId', 'packageId', 'manifestSha256', 'expert', 'revision', 'exportedAt', 'applications']) {
      expect(accepts((p) => Reflect.deleteProperty(p, key)), key).toBe(false);
    }
    expect(accepts((p) => delete (app(p).opinion as Partial<ScoreBundlePayload['applications'][number]['opinion']>).recommendation)).toBe(false);
    expect(accepts((p) => delete (app(p).scores[0] as { comment?: string }).comment)).toBe(false);
  });

  it('checks the values', () => {
    expect(accepts((p) => (p.revision = 0))).toBe(false);
    expect(accepts((p) => (p.revision = 1.5))).toBe(false);
    expect(accepts((p) => (p.revision = 2 ** 40))).toBe(true);
    expect(accepts((p) => (p.exportedAt = '2026-03-01'))).toBe(false);
    expect(accepts((p) => (p.manifestSha256 = 'AB'.repeat(32)))).toBe(false);
    expect(accepts((p) => (p.roundId = 'ROUND'))).toBe(false);
    expect(accepts((p) => (p.expert.name = ''))).toBe(false);
    expect(accepts((p) => (p.expert.name = '张\n三'))).toBe(false);
    expect(accepts((p) => (p.expert.name = ' 张三'))).toBe(false);
    expect(accepts((p) => (p.packageId = 'pkg-1'))).toBe(false);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(accepts((p) => ((app(p).scores[0] as { value: number }).value = value))).toBe(false);
    }
    expect(accepts((p) => ((app(p).evidence[0] as { page: number }).page = 0))).toBe(false);
    expect(accepts((p) => ((app(p).evidence[0] as { rects: number[][] }).rects = [[1, 2, 3]]))).toBe(false);
    expect(accepts((p) => ((app(p).evidence[0] as { rects: number[][] }).rects = [[1, 2, 3, 4, 5]]))).toBe(false);
    expect(accepts((p) => ((app(p).evidence[0] as { rects: number[][] }).rects = []))).toBe(true);
    expect(accepts((p) => (app(p).coi = { kind: 'maybe' } as never))).toBe(false);
    expect(accepts((p) => (app(p).coi = { kind: 'conflict', reason: '' }))).toBe(false);
  });

  it('applies the length limits of the brief', () => {
    const setComment = (text: string) => (p: ScoreBundlePayload) => ((app(p).scores[0] as { comment: string }).comment = text);
    expect(accepts(setComment('评'.repeat(10_000)))).toBe(true);
    expect(accepts(setComment('评'.repeat(10_001)))).toBe(false);
    expect(accepts((p) => (app(p).coi = { kind: 'conflict', reason: 'x'.repeat(2_000) }))).toBe(true);
    expect(accepts((p) => (app(p).coi = { kind: 'conflict', reason: 'x'.repeat(2_001) }))).toBe(false);
    expect(accepts((p) => ((app(p).evidence[0] as { quote: string }).quote = 'q'.repeat(4_001)))).toBe(false);
  });

  it('refuses the same application twice and the same criterion twice', () => {
    expect(accepts((p) => p.applications.push(structuredClone(app(p))))).toBe(false);
    expect(accepts((p) => app(p).scores.push({ criterionId: 'c1', value: 1, comment: '' }))).toBe(false);
    // Several evidence anchors for one criterion are normal.
    expect(accepts((p) => app(p).evidence.push(structuredClone(app(p).evidence[0] as never)))).toBe(true);
  });
});

describe('SshFingerprintSchema', () => {
  it('takes exactly what ssh-keygen -l prints', () => {
    expect(SshFingerprintSchema.safeParse(FINGERPRINT).success).toBe(true);
    for (const bad of [`${FINGERPRINT}=`, FINGERPRINT.replace('SHA256', 'MD5'), FINGERPRINT.slice(0, -1), FINGERPRINT.replace(/Q$/, 'R')]) {
      expect(SshFingerprintSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('StrictBase64Schema and the envelope', () => {
  it('accepts canonical base64 only', () => {
    for (const text of ['', 'QQ==', 'QUI=', 'QUJD', btoa('panel-review scores '.repeat(7))]) expect(StrictBase64Schema.safeParse(text).success, text).toBe(true);
    for (const text of ['QQ', 'QR==', 'QUJ=', 'QU JD', 'QUJD\n', 'QUJD====', '-_8=', 'QQ=A']) {
      expect(StrictBase64Schema.safeParse(text).success, text).toBe(false);
    }
  });

  it('is strict and knows one format', () => {
    const envelope = { format: 'panel-review/scores@1', payload: 'e30=', signature: '-----BEGIN SSH SIGNATURE-----' };
    expect(ScoreBundleEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(ScoreBundleEnvelopeSchema.safeParse({ ...envelope, note: '' }).success).toBe(false);
    expect(ScoreBundleEnvelopeSchema.safeParse({ ...envelope, format: 'panel-review/scores@2' }).success).toBe(false);
    expect(ScoreBundleEnvelopeSchema.safeParse({ ...envelope, payload: '' }).success).toBe(false);
  });
});

describe('isCanonicalBase64', () => {
  const grouped = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;
  // The atob/btoa round trip (what runs in Node and browsers) and the plain rule (the fallback).
  const implementations = { isCanonicalBase64, isCanonicalBase64ByRule };
  it.each(Object.entries(implementations))('%s agrees with the grouped regular expression it replaces', (_name, check) => {
    // Whitespace, '=' anywhere, url-safe and non-ASCII characters: what atob forgives or refuses.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \t\n\fé中';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }), (chars) => {
        const text = chars.join('');
        expect(check(text)).toBe(grouped.test(text));
      }),
      { numRuns: 3000 },
    );
    // Mostly valid: random bytes encoded, then one character changed or dropped.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.constantFrom(...alphabet), fc.boolean(), (bytes, at, char, drop) => {
        const encoded = btoa(String.fromCharCode(...bytes));
        const i = encoded.length === 0 ? 0 : at % encoded.length;
        const text = encoded.slice(0, i) + (drop ? '' : char) + encoded.slice(i + 1);
        expect(check(encoded)).toBe(true);
        expect(check(text)).toBe(grouped.test(text));
      }),
      { numRuns: 3000 },
    );
    for (const text of ['', 'QQ==', 'QR==', 'QUI=', 'QUJ=', 'QUJD', 'QUJD=', '=', '====', 'QQ=A', ' QUJD', 'QUJD ', 'QU\nJD']) {
      expect(check(text), text).toBe(grouped.test(text));
    }
  });
});
