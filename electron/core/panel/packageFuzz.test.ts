import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelManifest } from '../../../shared/domain/panelPackage';
import { AppError } from '../errors';
import { documentFromFile, encryptTo, makeManifest, makeMember, packageEntries, tempDirs, type TestMember, zipEntries } from './panelTestKit';
import { readPanelPackage } from './readPanelPackage';

/**
 * Random damage to a package, at both layers: the ciphertext (age must refuse it) and
 * the zip inside (re-encrypted, so only our zip checks stand between it and the expert).
 * Whatever the damage: an AppError or the unaltered contents, never another exception or
 * a hang, and nothing left in the staging directory.
 */

const dirs = tempDirs('panel-review-fuzz-');
afterAll(() => dirs.cleanup());

let expert: TestMember;
let manifest: PanelManifest;
let zip: Buffer;
let ciphertext: Buffer;
let workDir: string;

beforeAll(async () => {
  const secretary = await makeMember('李秘书');
  expert = await makeMember('张专家');
  workDir = dirs.make();
  // Small documents, so mutations land on zip structure as often as on PDF bytes.
  const documents = [1, 2].map((n) => {
    const file = path.join(workDir, `doc${n}.pdf`);
    fs.writeFileSync(file, `%PDF-1.4\n% document ${n}\n${'1 0 obj << >> endobj\n'.repeat(40 * n)}%%EOF\n`);
    return documentFromFile(file);
  });
  manifest = makeManifest(secretary, expert, documents);
  zip = await zipEntries(packageEntries(manifest, secretary, documents));
  ciphertext = fs.readFileSync(await encryptTo(zip, [expert.age.recipient], path.join(workDir, 'clean.prpanel')));
});

type Mutation = { kind: 'flip'; at: number; bit: number } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array };

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);

function mutate(bytes: Buffer, change: Mutation): Buffer {
  const at = change.at % (bytes.length + (change.kind === 'insert' ? 1 : 0));
  if (change.kind === 'truncate') return bytes.subarray(0, at);
  if (change.kind === 'insert') return Buffer.concat([bytes.subarray(0, at), change.bytes, bytes.subarray(at)]);
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ (1 << change.bit);
  return copy;
}

const HANG_MS = 5000;
/** PANEL_FUZZ_RUNS=5000 for a longer hunt; 100 keeps the unit suite quick. */
const RUNS = Number(process.env.PANEL_FUZZ_RUNS ?? 100);

/** Reads the package; returns the refusal, or undefined if it opened with the original contents. */
async function readOnce(file: string): Promise<AppError | undefined> {
  const stagingDir = dirs.make();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    const opened = await Promise.race([readPanelPackage({ file, identities: [expert.age.identity], stagingDir }), hang]);
    // Damage that changes nothing signed (a timestamp, an attribute) may pass; the contents may not change.
    expect(opened.manifest).toEqual(manifest);
    await opened.dispose();
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).not.toBe('INTERNAL');
    return error;
  } finally {
    clearTimeout(timer);
    expect(fs.readdirSync(stagingDir)).toEqual([]);
    fs.rmSync(stagingDir, { recursive: true, force: true });
  }
}

describe('random damage to a panel package', () => {
  it('to the ciphertext: always refused with an AppError', async () => {
    const file = path.join(workDir, 'mutated.prpanel');
    await fc.assert(
      fc.asyncProperty(mutation, async (change) => {
        const damaged = mutate(ciphertext, change);
        fc.pre(!damaged.equals(ciphertext));
        fs.writeFileSync(file, damaged);
        expect(await readOnce(file)).toBeInstanceOf(AppError);
      }),
      { numRuns: RUNS },
    );
  });

  it('to the zip inside, re-encrypted: an AppError or the original contents', async () => {
    const file = path.join(workDir, 'mutated-zip.prpanel');
    await fc.assert(
      fc.asyncProperty(mutation, async (change) => {
        await encryptTo(mutate(zip, change), [expert.age.recipient], file);
        await readOnce(file);
      }),
      { numRuns: RUNS },
    );
  });
});
