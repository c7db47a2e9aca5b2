import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../shared/contract/errors';
import type { ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { AppError } from '../errors';
import { generateAgeIdentity, type AgeKeyPair } from '../crypto/age';
import { canonicalJson } from '../crypto/canonicalJson';
import { generateSigningKey, type SigningKeyPair } from '../crypto/sshKeys';
import { openScoreBundle, type OpenedScoreBundle } from './openScoreBundle';
import { sealScoreBundle } from './sealScoreBundle';
import { encryptEnvelopeText, envelopeText, samplePayload, signPayload } from './testBundles';
import { applyByteEdits, biasedByte, byteEdit } from '../../../test/helpers/byteEdits';

/**
 * Fuzzing the three layers of a bundle. Whatever the damage, openScoreBundle either accepts
 * a payload it can stand behind or refuses with an AppError whose code fits the layer that
 * was damaged — never a TypeError, RangeError or a zod error escaping.
 */

const RUNS = 200;

/** JSON's structural characters are far likelier than random bytes to reach deep checks. */
const mutation = byteEdit({
  at: fc.nat({ max: 1 << 20 }),
  byte: biasedByte('{}[]",:\\ 0123456789.-eE+=/Aaz\n'),
  maxDelete: 16,
  maxInsert: 8,
  maxAppend: 8,
});
/** Every path to a value inside a JSON tree, root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

interface StructuralEdit {
  at: number;
  kind: 'replace' | 'delete' | 'add';
  key: string;
  value: unknown;
  canonical: boolean;
}

/** A structural edit: replace a node, delete a member, or add one — the cases byte flips rarely reach. */
const structuralEdit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add'),
  key: fc.constantFrom('extra', 'format', 'value', 'comment', 'kind', 'reason', 'page', 'rects', 'revision'),
  value: fc.jsonValue({ maxDepth: 2 }),
  canonical: fc.boolean(),
});

function applyStructural(original: ScoreBundlePayload, edit: StructuralEdit): Buffer {
  const root: unknown = structuredClone(original);
  const paths = pathsOf(root);
  const path = paths[edit.at % paths.length] ?? [];
  let parent: unknown = undefined;
  let node: unknown = root;
  for (const step of path) {
    parent = node;
    node = (node as Record<string | number, unknown>)[step];
  }
  const last = path.at(-1);
  let result = root;
  if (edit.kind === 'replace') {
    if (last === undefined) result = edit.value;
    else (parent as Record<string | number, unknown>)[last] = edit.value;
  } else if (edit.kind === 'delete' && last !== undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent as object, last);
  } else if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
    (node as Record<string, unknown>)[edit.key] = edit.value;
  }
  // Half the time canonical, so the schema itself is exercised, not just the canonical check.
  return Buffer.from(edit.canonical ? canonicalJson(result) : JSON.stringify(result), 'utf8');
}

let expert: SigningKeyPair;
let secretary: AgeKeyPair;
let payload: ScoreBundlePayload;
let sealed: Uint8Array;
let envelope: Buffer;

beforeAll(async () => {
  expert = generateSigningKey();
  secretary = await generateAgeIdentity();
  payload = samplePayload(expert.publicKey, { applications: 2, criteria: 3 });
  sealed = (await sealScoreBundle({ payload, signer: expert, secretaryRecipients: [secretary.recipient] })).bytes;
  const signedBytes = Buffer.from(canonicalJson(payload), 'utf8');
  envelope = Buffer.from(envelopeText({ payload: signedBytes, signature: signPayload(signedBytes, expert) }), 'utf8');
});

/** Opens and returns either the result or the AppError; anything else thrown fails the test. */
async function outcome(bytes: Uint8Array): Promise<OpenedScoreBundle | AppError> {
  try {
    return await openScoreBundle({ bytes, identities: [secretary.identity], file: 'fuzz.prscores' });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
}

function expectRefusedWith(result: OpenedScoreBundle | AppError, codes: readonly ErrorCode[]): void {
  if (result instanceof AppError) expect(codes, result.message).toContain(result.code);
}

describe('openScoreBundle under random damage', () => {
  it('damaged ciphertext: refused by age, or (if the damage is a no-op) the same payload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (edits) => {
        const result = await outcome(applyByteEdits(sealed, edits));
        if (result instanceof AppError) expectRefusedWith(result, ['AGE_DAMAGED', 'AGE_MALFORMED', 'AGE_NO_MATCHING_KEY']);
        else expect(result.payload).toEqual(payload);
      }),
      { numRuns: RUNS },
    );
  });

  it('damaged envelope, re-encrypted: refused as malformed, unsupported or badly signed, or the same payload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (edits) => {
        const result = await outcome(await encryptEnvelopeText(applyByteEdits(envelope, edits), [secretary.recipient]));
        expectRefusedWith(result, [
          'BUNDLE_MALFORMED',
          'FORMAT_UNSUPPORTED',
          'SIGNATURE_MALFORMED',
          'SIGNATURE_INVALID',
          'SIGNATURE_WRONG_PURPOSE',
          // A damaged key blob inside the signature names the key problem.
          'KEY_INVALID',
          'KEY_UNSUPPORTED',
        ]);
        if (!(result instanceof AppError)) expect(result.payload).toEqual(payload);
      }),
      { numRuns: RUNS },
    );
  });

  it('damaged payload, re-signed by the expert: a valid payload or BUNDLE_MALFORMED / FORMAT_UNSUPPORTED', async () => {
    const original = Buffer.from(canonicalJson(payload), 'utf8');
    const edited = fc.oneof(
      fc.array(mutation, { minLength: 1, maxLength: 3 }).map((edits) => applyByteEdits(original, edits)),
      structuralEdit.map((edit) => applyStructural(payload, edit)),
    );
    await fc.assert(
      fc.asyncProperty(edited, async (payloadBytes) => {
        const text = envelopeText({ payload: payloadBytes, signature: signPayload(payloadBytes, expert) });
        const result = await outcome(await encryptEnvelopeText(text, [secretary.recipient]));
        if (result instanceof AppError) {
          expectRefusedWith(result, ['BUNDLE_MALFORMED', 'FORMAT_UNSUPPORTED']);
        } else {
          // Accepted only as what was signed, and only canonical bytes.
          expect(Buffer.from(result.payloadBytes).equals(payloadBytes)).toBe(true);
          expect(canonicalJson(result.payload)).toBe(payloadBytes.toString('utf8'));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
