import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../shared/domain/application';
import { corpusFile } from '../../../test/helpers/corpus';
import { createCore, type Core } from '../core';
import type { PdfEngine } from '../documents/pdfEngine';
import { ok } from '../expert/expertTestKit';
import { extractPages } from '../pdf/extractText';
import { inspectPdf } from '../pdf/inspectPdf';

/**
 * Issue 9, point 5: search queries fuzzed against a real round (two corpus PDFs, Chinese
 * and Latin, extracted by pdf.js into the FTS5 trigram index). Whatever is typed — FTS5
 * syntax (quotes, *, ^, column filters, NEAR, AND/OR/NOT, parentheses), LIKE wildcards
 * (% _ \), Chinese, emoji, control characters — the command either refuses it as input
 * (empty, too long) or answers, and every page it answers with really contains every
 * term (case folded as the index folds it): syntax is never interpreted. Terms cut from
 * the pages' own text are always found (no page missed).
 */

const RUNS = 300;
const inProcess: PdfEngine = { inspect: inspectPdf, extract: extractPages, close: async () => undefined };

let dir: string;
let core: Core;
let roundId: string;
/** Every indexed page: its text, keyed `sha256:page`. */
let pages: Map<string, string>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-search-fuzz-'));
  core = createCore({ dataDir: dir, pdfEngines: [inProcess] });
  roundId = (await ok<{ id: string }>(core.router.dispatch('round.create', { name: '搜索模糊测试', kind: 'plan-review' }))).id;
  await ok(core.router.dispatch('application.import', { roundId, city: '宁波市', paths: [corpusFile('cjk-cns1-prospectus.pdf')] }));
  await ok(core.router.dispatch('application.import', { roundId, city: '泉州市', paths: [corpusFile('annots-pdfcomment.pdf')] }));
  // Text is extracted after the import answers: wait until every page is in the index.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { applications } = await ok<{ applications: { documents: { textStatus: string }[] }[] }>(core.router.dispatch('application.list', { roundId }));
    if (applications.every((application) => application.documents.every((document) => document.textStatus === 'done'))) break;
    if (Date.now() > deadline) throw new Error('text extraction did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const db = new Database(path.join(dir, 'panel-review.sqlite'), { readonly: true });
  try {
    pages = new Map((db.prepare('SELECT sha256, page, text FROM page_text').all() as { sha256: string; page: number; text: string }[]).map((row) => [`${row.sha256}:${row.page}`, row.text]));
  } finally {
    db.close();
  }
  expect(pages.size).toBeGreaterThan(10);
}, 120_000);

afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The terms a query has (white space separates them, as the search box says). */
const termsOf = (query: string) => [...new Set(query.replace(/\s+/g, ' ').trim().split(' ').filter((term) => term !== ''))];
const contains = (text: string, term: string) => text.toLowerCase().includes(term.toLowerCase());

/** Asks; returns the hits, or null when the input was refused as input. Anything else fails. */
async function search(query: string): Promise<SearchHit[] | null> {
  const answer = await core.router.dispatch('search.query', { roundId, query, limit: 500 });
  if (!answer.ok) {
    expect(answer.error.code, `${JSON.stringify(query)}: ${answer.error.message}`).toBe('INVALID_INPUT');
    return null;
  }
  return (answer.value as { hits: SearchHit[] }).hits;
}

function expectSound(query: string, hits: readonly SearchHit[]): void {
  const terms = termsOf(query);
  for (const hit of hits) {
    const text = pages.get(`${hit.sha256}:${hit.page}`);
    expect(text, `${JSON.stringify(query)}: a hit on a page that is not indexed`).toBeDefined();
    for (const term of terms) expect(contains(text ?? '', term), `${JSON.stringify(query)}: page ${hit.page} lacks ${JSON.stringify(term)}`).toBe(true);
  }
}

const FTS_PIECES = ['"', '""', '*', '^', ':', '(', ')', 'NEAR', 'NEAR(', 'AND', 'OR', 'NOT', '-', '+', 'text:', '{text sha256}:', 'sha256:', '\'', ';', '--', '/*', '%', '_', '\\', '\\%', '[', ']', 'MATCH', 'SELECT', '\u0000'];
const WORDS = ['创新', '制造', '体系', 'PDF', 'pdf', 'the', 'comment', '两化', '人才', 'a', '中国', 'Annotation'];

describe('search.query with hostile input', () => {
  it(`never interprets FTS5 or LIKE syntax: ${RUNS} queries built from syntax pieces and words`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...FTS_PIECES), fc.constantFrom(...WORDS), fc.constant(' ')), { minLength: 1, maxLength: 8 }), async (pieces) => {
        const query = pieces.join('');
        const hits = await search(query);
        if (hits !== null) expectSound(query, hits);
      }),
      { numRuns: RUNS },
    );
  });

  it(`answers or refuses arbitrary strings (unicode, emoji, control characters, up to 300 characters): ${RUNS} queries`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 300 })), async (query) => {
        const hits = await search(query);
        if (hits !== null) expectSound(query, hits);
        // Refused exactly when empty after trimming, longer than 200, or holding a control character other than white space.
        // eslint-disable-next-line no-control-regex
        const refusedAsInput = query.trim() === '' || query.trim().length > 200 || /[\u0000-\u0008\u000e-\u001f\u007f]/.test(query.trim());
        expect(hits === null, JSON.stringify(query)).toBe(refusedAsInput);
      }),
      { numRuns: RUNS },
    );
  });

  it(`finds every page holding a term cut from the pages' own text (1 to 12 characters): ${RUNS} queries`, async () => {
    const texts = [...pages.entries()].filter(([, text]) => text.trim().length > 20);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: texts.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 12 }), async (which, at, length) => {
        const [, text] = texts[which] ?? ['', ''];
        const characters = [...text];
        const start = at % Math.max(1, characters.length - length);
        const term = characters.slice(start, start + length).join('').trim();
        fc.pre(term !== '' && !/\s/.test(term));
        const hits = await search(term);
        expect(hits).not.toBeNull();
        expectSound(term, hits ?? []);
        const found = new Set((hits ?? []).map((hit) => `${hit.sha256}:${hit.page}`));
        const expected = [...pages.entries()].filter(([, page]) => contains(page, term)).map(([key]) => key);
        for (const key of expected) expect(found.has(key), `${JSON.stringify(term)}: page ${key} not found`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
