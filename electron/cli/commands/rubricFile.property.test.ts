import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RubricSchema } from '../../../shared/domain/rubric';
import { rubricTemplate } from '../../../shared/domain/rubricTemplates';
import { AppError } from '../../core/errors';
import { readRubricFile } from './rubricFile';

/**
 * Issue 9, point 5: the CLI's rubric file reader (`round create --rubric`, `rubric set`)
 * fed arbitrary bytes, valid files with a byte flipped, cut short or behind junk: it
 * returns a valid rubric or throws RUBRIC_INVALID / FILE_UNREADABLE, never another
 * exception; a BOM is accepted, a file over the cap refused before it is read.
 */

const RUNS = 250;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-rubric-file-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the rubric file reader with hostile bytes', () => {
  it(`the rubric file reader refuses arbitrary bytes with RUBRIC_INVALID or FILE_UNREADABLE: ${RUNS} files`, () => {
    const file = path.join(dir, 'rubric.json');
    const valid = Buffer.from(JSON.stringify(rubricTemplate('plan-review')));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          // A valid file with bytes flipped, cut short, or behind a BOM or junk.
          fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
            const bytes = Buffer.from(valid);
            bytes[at] = (bytes[at] ?? 0) ^ xor;
            return new Uint8Array(bytes);
          }),
          fc.nat({ max: valid.length - 1 }).map((length) => new Uint8Array(valid.subarray(0, length))),
          fc.uint8Array({ minLength: 1, maxLength: 8 }).map((junk) => new Uint8Array(Buffer.concat([Buffer.from(junk), valid]))),
        ),
        (bytes) => {
          fs.writeFileSync(file, bytes);
          try {
            const rubric = readRubricFile(file);
            // Accepted only when it parses to a valid rubric (a flip inside a title can leave one).
            expect(RubricSchema.safeParse(rubric).success).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect(['RUBRIC_INVALID', 'FILE_UNREADABLE']).toContain((error as AppError).code);
          }
        },
      ),
      { numRuns: RUNS },
    );
    // A BOM in front of a valid file is accepted; a file over the size cap is refused before it is read.
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid]));
    expect(readRubricFile(file).name).toBe(rubricTemplate('plan-review').name);
    fs.writeFileSync(file, Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(() => readRubricFile(file)).toThrow(expect.objectContaining({ code: 'RUBRIC_INVALID' }) as Error);
  });
});
