import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ApplicationReview, EvidenceAnchor } from '../../../shared/domain/scoreBundle';
import { describeError } from '../../../shared/i18n/describeError';
import { createTranslator } from '../i18n';
import { tempDirs } from '../panel/panelTestKit';
import {
  addDocument,
  expectRejected,
  fullReview,
  importFiles,
  mergedState,
  OTHER_DOCUMENT,
  setUpPanel,
  TEST_DOCUMENT,
  writeBundle,
  type TestPanel,
} from './mergeTestKit';

/**
 * The merge rule on evidence anchors, through the real core on real data directories:
 * an anchor must name a document of the application it backs, as the secretary stored
 * it, and a page that document has. Otherwise the whole bundle is refused, changing
 * nothing but its one audit entry, and the reason names the application and document.
 */

const temp = tempDirs('panel-review-anchors-');
const panels: TestPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.core.close();
});
afterAll(() => temp.cleanup());

/** Applications a, b, c holding TEST_DOCUMENT; c also holds OTHER_DOCUMENT. 李四's bundle is merged, so a refusal has rows to leave alone. */
async function panelWithMergedRows(): Promise<{ p: TestPanel; a: string; c: string }> {
  const p = await setUpPanel(temp.make());
  panels.push(p);
  const [a, , c] = p.applicationIds;
  const li = p.experts[1];
  if (a === undefined || c === undefined || li === undefined) throw new Error('set-up');
  await addDocument(p, c, OTHER_DOCUMENT);
  const merged = await importFiles(p, [await writeBundle(p, li, 'li.prscores', { reviews: p.applicationIds.map((id) => fullReview(id)) })]);
  expect(merged).toMatchObject([{ status: 'accepted' }]);
  return { p, a, c };
}

function withAnchor(applicationId: string, anchor: Partial<EvidenceAnchor>): ApplicationReview {
  const review = fullReview(applicationId);
  return { ...review, evidence: [...review.evidence, { criterionId: 'measures', sha256: TEST_DOCUMENT.sha256, page: 1, rects: [[72, 700, 320, 716]], quote: '保障措施', ...anchor }] };
}

function zhang(p: TestPanel): TestPanel['experts'][number] {
  const [expert] = p.experts;
  if (expert === undefined) throw new Error('no expert');
  return expert;
}

describe('bundle.import: evidence anchors', () => {
  it("refuses a bundle whose anchor quotes another application's document, naming both; the same anchor on that application is merged", async () => {
    const { p, a, c } = await panelWithMergedRows();
    const file = await writeBundle(p, zhang(p), 'foreign-document.prscores', { reviews: [fullReview(c), withAnchor(a, { sha256: OTHER_DOCUMENT.sha256 })] });
    const result = await expectRejected(p, file, 'DOCUMENT_NOT_IN_APPLICATION');
    // expectRejected compared every table; these are the rows it had to leave alone.
    expect(Object.values(mergedState(p.db)).map((rows) => rows.length)).toEqual([1, 3, 9, 3, 3]);
    expect(result.details).toMatchObject({ applicationId: a, sha256: OTHER_DOCUMENT.sha256, criterionId: 'measures', page: 1, fingerprint: zhang(p).fingerprint, file: 'foreign-document.prscores' });
    expect(result.reason).toContain(`application ${a}`);
    expect(result.reason).toContain(`document ${OTHER_DOCUMENT.sha256}`);
    const error = { code: 'DOCUMENT_NOT_IN_APPLICATION' as const, message: result.reason ?? '', details: result.details ?? {} };
    expect(describeError(createTranslator('zh-CN'), error)).toBe(`文档 ${OTHER_DOCUMENT.sha256} 不属于申报材料 ${a}，不能作为其评分依据。`);
    expect(describeError(createTranslator('en'), error)).toBe(`Document ${OTHER_DOCUMENT.sha256} is not part of application ${a}, so it cannot be evidence for it.`);

    // A hash the store has never seen is no better.
    await expectRejected(p, await writeBundle(p, zhang(p), 'unknown-document.prscores', { reviews: [withAnchor(a, { sha256: 'ab'.repeat(32) })] }), 'DOCUMENT_NOT_IN_APPLICATION');
    // The rule is per application: c holds that document, so quoting it for c is merged.
    expect(await importFiles(p, [await writeBundle(p, zhang(p), 'own-document.prscores', { reviews: [withAnchor(c, { sha256: OTHER_DOCUMENT.sha256 })] })])).toMatchObject([
      { status: 'accepted' },
    ]);
  });

  it('refuses an anchor on a page past the end of the document; its last page is fine', async () => {
    const { p, a } = await panelWithMergedRows();
    const past = TEST_DOCUMENT.pages + 1;
    const result = await expectRejected(p, await writeBundle(p, zhang(p), 'past-the-end.prscores', { reviews: [withAnchor(a, { page: past })] }), 'PAGE_OUT_OF_RANGE');
    expect(result.details).toMatchObject({ applicationId: a, sha256: TEST_DOCUMENT.sha256, page: past, pages: TEST_DOCUMENT.pages });
    expect(result.reason).toContain(`page ${past} of document ${TEST_DOCUMENT.sha256}`);
    const error = { code: 'PAGE_OUT_OF_RANGE' as const, message: result.reason ?? '', details: result.details ?? {} };
    expect(describeError(createTranslator('zh-CN'), error)).toBe(`第 ${past} 页超出文档 ${TEST_DOCUMENT.sha256} 的页数（共 ${TEST_DOCUMENT.pages} 页）。`);
    // One page of a one-page document of c is fine, its second is not: pages are per document.
    await expectRejected(p, await writeBundle(p, zhang(p), 'second-page.prscores', { reviews: [withAnchor(a, {}), withAnchor(p.applicationIds[2] ?? '', { sha256: OTHER_DOCUMENT.sha256, page: 2 })] }), 'PAGE_OUT_OF_RANGE');
    expect(await importFiles(p, [await writeBundle(p, zhang(p), 'last-page.prscores', { reviews: [withAnchor(a, { page: TEST_DOCUMENT.pages })] })])).toMatchObject([{ status: 'accepted' }]);
  });
});
