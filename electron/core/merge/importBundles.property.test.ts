import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleImportResult } from '../../../shared/domain/merge';
import { applyByteEdits, biasedByte, byteEdit } from '../../../test/helpers/byteEdits';
import { encryptEnvelopeText, envelopeText, shortId, signPayload } from '../bundles/testBundles';
import { canonicalJson } from '../crypto/canonicalJson';
import { tempDirs } from '../panel/panelTestKit';
import { auditRows, conflictReview, everythingButAudit, fullReview, importFiles, payloadFor, setUpPanel, writeBundle, type TestPanel } from './mergeTestKit';

/**
 * Fuzzing bundle.import. Whatever the damage, one file gives one result and one audit
 * entry: accepted only when the bytes are a bundle the rules accept, else rejected with
 * the code of what is wrong (never INTERNAL, never a crash), and a refusal leaves every
 * table but the audit log as it was.
 */

const RUNS = 150;

const temp = tempDirs('panel-review-merge-fuzz-');
let p: TestPanel;
let original: Buffer;
let file: string;

beforeAll(async () => {
  p = await setUpPanel(temp.make(), { experts: 1 });
  const [zhang] = p.experts;
  if (zhang === undefined) throw new Error('no expert');
  file = await writeBundle(p, zhang, 'original.prscores', { revision: 1, reviews: [fullReview(p.applicationIds[0] ?? ''), conflictReview(p.applicationIds[1] ?? '')] });
  original = fs.readFileSync(file);
  expect(await importFiles(p, [file])).toMatchObject([{ status: 'accepted' }]);
}, 60_000);
afterAll(async () => {
  await p.core.close();
  temp.cleanup();
});

/** Imports `bytes` as one file: its result, and whether everything but the audit log stayed as it was. */
async function importBytes(bytes: Uint8Array): Promise<{ result: BundleImportResult; unchanged: boolean }> {
  const target = path.join(p.dir, 'mutant.prscores');
  fs.writeFileSync(target, bytes);
  const before = everythingButAudit(p.db);
  const audit = auditRows(p.db).length;
  const results = await importFiles(p, [target]);
  expect(results).toHaveLength(1);
  expect(auditRows(p.db)).toHaveLength(audit + 1);
  const result = results[0] as BundleImportResult;
  expect(result.code, JSON.stringify(result)).not.toBe('INTERNAL');
  return { result, unchanged: JSON.stringify(everythingButAudit(p.db)) === JSON.stringify(before) };
}

const fileEdit = byteEdit({ at: fc.nat({ max: 1 << 20 }), byte: biasedByte('age-encryption.org/v1\n-> X25519 ---'), maxDelete: 16, maxInsert: 8, maxAppend: 8 });

describe('bundle.import of damaged files', () => {
  it('refuses every changed byte string cleanly and changes nothing; the unchanged bytes are a no-op', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fileEdit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const mutated = applyByteEdits(original, edits);
        const { result, unchanged } = await importBytes(mutated);
        expect(unchanged).toBe(true);
        if (mutated.equals(original)) expect(result).toMatchObject({ status: 'unchanged', unchanged: 'same-bundle' });
        else expect(result.status).toBe('rejected');
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Damage inside the signed payload, signed again by the expert's own key and sealed to
 * the secretary: it gets past the crypto and reaches the format and merge rules. One
 * value of the payload is replaced by one the merge has reasons to refuse (another
 * application, criterion or round, a score off range or step, a recommendation not in
 * the rubric, evidence on a document or page the application does not have…) or by a
 * harmless one. If accepted, it is merged as a newer revision
 * would be; if not, nothing changes.
 */
describe('bundle.import of re-signed payloads with a value changed', () => {
  it('accepts only what the rules accept, refuses the rest with a code and changes nothing', async () => {
    const [zhang] = p.experts;
    const [a, b, c] = p.applicationIds;
    if (zhang === undefined || a === undefined || b === undefined || c === undefined) throw new Error('set-up');
    const payload = payloadFor(p, zhang, { revision: 2, reviews: [fullReview(a, 12), conflictReview(b), fullReview(c, 13)] });
    const paths = leafPaths(payload);
    // Mostly a value of the same type as the one replaced, so that the schema lets it through to the rules.
    const numbers = fc.oneof(fc.constantFrom(0, 0.5, 1, 2, 3, 7.5, 10, 10.5, 12.25, 20, 20.5, 25, -1, 1e9), fc.double({ min: -5, max: 30, noNaN: true }));
    const strings = fc.oneof(
      fc.constantFrom(a, b, c, shortId(77), 'goals', 'measures', 'indicators', 'innovation', 'approve', 'reject', 'maybe', 'none', 'conflict', '', p.roundId, shortId(5), 'ab'.repeat(32)),
      fc.string({ maxLength: 6 }),
    );
    const anything = fc.oneof(numbers, strings, fc.constant(null), fc.boolean());
    let revision = 2;
    await fc.assert(
      fc.asyncProperty(fc.nat(), numbers, strings, anything, fc.integer({ min: 0, max: 9 }), async (at, number, string, other, dice) => {
        const path = paths[at % paths.length] ?? [];
        const current = getAt(payload, path);
        const value = dice === 0 ? other : typeof current === 'number' ? number : typeof current === 'string' || current === null ? string : other;
        // Every bundle a newer revision, so that the revision check never hides the rules.
        const mutated = setAt(structuredClone({ ...payload, revision: revision++ }), path, value);
        const bytes = Buffer.from(canonicalJson(mutated), 'utf8');
        const sealed = await encryptEnvelopeText(envelopeText({ payload: bytes, signature: signPayload(bytes, zhang.signing) }), [p.secretaryRecipient]);
        const { result, unchanged } = await importBytes(sealed);
        if (result.status === 'accepted') {
          expect(unchanged).toBe(false);
          expect(p.db.prepare(`SELECT max(revision) FROM merged_review`).pluck().get()).toBe(result.revision);
        } else expect(unchanged).toBe(true);
        if (result.status === 'rejected') expect(result.code).toMatch(/^(BUNDLE_|CRITERION_|SCORE_|RECOMMENDATION_|DOCUMENT_NOT_IN_APPLICATION$|PAGE_OUT_OF_RANGE$|FORMAT_UNSUPPORTED$)/);
      }),
      { numRuns: RUNS },
    );
  });
});

type Path = (string | number)[];

/** Every path to a leaf (a value that is not an object or array) of a JSON tree. */
function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...prefix, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  return [prefix];
}

function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

function setAt<T>(root: T, path: Path, value: unknown): T {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
  return root;
}
