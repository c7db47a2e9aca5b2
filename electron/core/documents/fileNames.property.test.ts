import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/corpus';
import { createCore, type Core } from '../core';
import { ok } from '../expert/expertTestKit';
import { extractPages } from '../pdf/extractText';
import { inspectPdf } from '../pdf/inspectPdf';
import type { PdfEngine } from './pdfEngine';

/**
 * Issue 9, point 5: odd but legal file names — Chinese, spaces, leading dashes, quotes,
 * %, backslashes (a plain character on Linux), emoji, names up to the file system's 255
 * bytes — for a PDF imported on its own and inside a folder with such a name, and for a
 * report written under such a name. The import takes them, the document keeps the name
 * people know it by (the file's name, or folder/file), and the report lands exactly
 * where asked.
 */

const RUNS = 150;
const inProcess: PdfEngine = { inspect: inspectPdf, extract: extractPages, close: async () => undefined };
const MAX_NAME_BYTES = 255;

let dir: string;
let core: Core;
let roundId: string;
const source = fs.readFileSync(corpusFile('cjk-cns1-prospectus.pdf'));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-file-names-'));
  core = createCore({ dataDir: path.join(dir, 'data'), pdfEngines: [inProcess] });
  roundId = (await ok<{ id: string }>(core.router.dispatch('round.create', { name: '文件名测试', kind: 'plan-review' }))).id;
});

afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** A name stem legal on Linux (no / or NUL, not hidden), cut to fit `budget` bytes of UTF-8. */
function stem(budget: number): fc.Arbitrary<string> {
  const pieces = fc.oneof(
    fc.constantFrom('申报材料', '实施方案', ' ', '-', '--', '"', "'", '%', '%20', '\\', '..', '(1)', '（终稿）', '😀', '·', '\u3000', 'Ω', '#', '&', '$HOME', '`ls`', ';', '*', '?', '[a]', '\t'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
  );
  return fc
    .array(pieces, { minLength: 1, maxLength: 40 })
    .map((parts) => {
      let out = '';
      for (const char of Array.from(parts.join('').replaceAll('/', '_').replaceAll('\u0000', '_'))) {
        if (bytes(out + char) > budget) break;
        out += char;
      }
      return out;
    })
    .filter((name) => name.trim() !== '' && !name.startsWith('.'));
}

let counter = 0;

describe('odd file names', () => {
  it(`imports a PDF under any legal name, alone and in a folder, keeping the name: ${RUNS} names`, async () => {
    await fc.assert(
      fc.asyncProperty(stem(MAX_NAME_BYTES - bytes('.pdf')), stem(120), fc.boolean(), async (fileStem, folderName, inFolder) => {
        counter += 1;
        const holder = fs.mkdtempSync(path.join(dir, `case-${counter}-`));
        const folder = inFolder ? path.join(holder, folderName) : holder;
        fs.mkdirSync(folder, { recursive: true });
        const name = `${fileStem}.pdf`;
        fs.writeFileSync(path.join(folder, name), source);
        const imported = await ok<{ id: string; documents: { name: string }[] }>(
          core.router.dispatch('application.import', { roundId, city: fileStem.slice(0, 20), paths: [inFolder ? folder : path.join(folder, name)] }),
        );
        const expected = inFolder ? `${folderName}/${name}` : name;
        expect(imported.documents.map((document) => document.name)).toEqual([expected]);
        const { applications } = await ok<{ applications: { id: string; documents: { name: string }[] }[] }>(core.router.dispatch('application.list', { roundId }));
        expect(applications.find((application) => application.id === imported.id)?.documents.map((document) => document.name)).toEqual([expected]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it(`writes a report under any legal name, exactly there: ${RUNS} names`, async () => {
    await fc.assert(
      fc.asyncProperty(stem(MAX_NAME_BYTES - bytes('.csv')), async (fileStem) => {
        counter += 1;
        const holder = fs.mkdtempSync(path.join(dir, `report-${counter}-`));
        const out = path.join(holder, `${fileStem}.csv`);
        const written = await ok<{ file: string }>(core.router.dispatch('report.export', { roundId, format: 'csv', out, draft: true }));
        expect(written.file).toBe(out);
        expect(fs.readdirSync(holder)).toEqual([`${fileStem}.csv`]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
