import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { ok } from '../expert/expertTestKit';
import { makeTestExpert, type TestExpert } from '../merge/mergeTestKit';

/**
 * Issue 9, point 5: key cards (`*.prkey`) fuzzed at enrolment (`expert.add`) on a real
 * data directory. A card is JSON with a self-signature over its canonical form, so a
 * change to its bytes — a flipped, inserted or deleted byte, a field edited and
 * re-serialised with the old signature, arbitrary text — is refused with a stable code
 * and a reason, and nobody enrolled, unless the change leaves the same JSON value (the
 * file's trailing line break deleted or turned into another white space): then the same
 * expert is enrolled, with the same fingerprint. The untouched card is enrolled with the
 * fingerprint ssh-keygen would print.
 */

const RUNS = 300;
// endOnFailure: the data directory is shared state, so shrinking would replay on a changed store; the first failure is the one to read.
/** Codes a damaged card may be refused with: each names what is wrong. */
const REFUSALS = ['INVALID_INPUT', 'KEY_CARD_INVALID', 'FORMAT_UNSUPPORTED', 'JSON_NOT_CANONICAL', 'SIGNATURE_MALFORMED', 'SIGNATURE_INVALID', 'SIGNATURE_WRONG_PURPOSE', 'SIGNATURE_UNTRUSTED_KEY', 'KEY_INVALID', 'KEY_UNSUPPORTED'];

let dir: string;
let core: Core;
let roundId: string;
let expert: TestExpert;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-key-card-fuzz-'));
  core = createCore({ dataDir: path.join(dir, 'data'), pdfEngines: [] });
  roundId = (await ok<{ id: string }>(core.router.dispatch('round.create', { name: '密钥卡模糊测试', kind: 'plan-review' }))).id;
  expert = await makeTestExpert('欧阳明');
});

afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function enrolled(): Promise<string[]> {
  const { experts } = await ok<{ experts: { fingerprint: string }[] }>(core.router.dispatch('expert.list', { roundId }));
  return experts.map((entry) => entry.fingerprint);
}

/** The JSON value of a card's text, or undefined when it is not JSON. */
function valueOf(content: string): unknown {
  try {
    return JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

let equivalentAccepted = 0;

/**
 * Offers the card. Refused: with one of REFUSALS, nobody enrolled. Accepted: only when
 * its JSON value is the original card's, and as the original expert (then removed again).
 */
async function expectRefused(content: string): Promise<void> {
  const answer = await core.router.dispatch('expert.add', { roundId, cards: [{ fileName: '欧阳明.prkey', content }] });
  if (answer.ok) {
    expect(valueOf(content), `accepted a different card: ${JSON.stringify(content)}`).toEqual(valueOf(expert.card.content));
    expect(await enrolled()).toEqual([expert.fingerprint]);
    equivalentAccepted += 1;
    await ok(core.router.dispatch('expert.remove', { roundId, fingerprint: expert.fingerprint }));
  } else {
    expect(REFUSALS, `${answer.error.code}: ${answer.error.message}`).toContain(answer.error.code);
  }
  expect(await enrolled()).toEqual([]);
}

describe('key cards with hostile edits', () => {
  it(`refuses every byte-level change of a valid card: ${RUNS} flips, insertions and deletions`, async () => {
    const bytes = Buffer.from(expert.card.content, 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.constantFrom('flip', 'insert', 'delete'), async (at, value, how) => {
        const changed =
          how === 'flip'
            ? Buffer.from(bytes.map((byte, index) => (index === at ? byte ^ value : byte)))
            : how === 'insert'
              ? Buffer.concat([bytes.subarray(0, at), Buffer.from([value]), bytes.subarray(at)])
              : Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
        const content = changed.toString('utf8');
        // A change that decodes to the very same text (an invalid byte turned into U+FFFD twice…) is not a change.
        fc.pre(content !== expert.card.content);
        await expectRefused(content);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });

  it(`refuses a card whose fields were edited and re-serialised with the old signature: ${RUNS} edits`, async () => {
    const card = JSON.parse(expert.card.content) as Record<string, unknown>;
    const fields = Object.keys(card).filter((key) => key !== 'signature');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.oneof(fc.string(), fc.constant('王二'), fc.constant(null), fc.integer(), fc.constant('')), async (field, value) => {
        fc.pre(JSON.stringify(card[field]) !== JSON.stringify(value));
        const edited = { ...card, [field]: value };
        // Canonical key order (RFC 8785 sorts keys), so the refusal is the signature's, not the form's.
        const sorted = Object.fromEntries(Object.keys(edited).sort().map((key) => [key, edited[key]]));
        await expectRefused(JSON.stringify(sorted));
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });

  it(`refuses arbitrary text and JSON as a card: ${RUNS} inputs`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }), fc.json(), fc.string({ unit: 'binary', maxLength: 400 })), async (content) => {
        await expectRefused(content);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });

  it('enrols the untouched card, with its fingerprint', async () => {
    console.log(`key card fuzz: ${RUNS * 3} inputs, ${equivalentAccepted} accepted as the same card (the same JSON value)`);
    await ok(core.router.dispatch('expert.add', { roundId, cards: [{ fileName: '欧阳明.prkey', content: expert.card.content }] }));
    expect(await enrolled()).toEqual([expert.fingerprint]);
  });
});
