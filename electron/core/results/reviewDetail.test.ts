import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/errors';
import type { ResultsDetail } from '../../../shared/domain/results/reviewDetail';
import type { ApplicationReview } from '../../../shared/domain/scoreBundle';
import { ok } from '../expert/expertTestKit';
import { conflictReview, fullReview, importFiles, setUpPanel, TEST_DOCUMENT, writeBundle, type TestPanel } from '../merge/mergeTestKit';
import { tempDirs } from '../panel/panelTestKit';

/**
 * results.detail through the real core on a real data directory: bundles sealed by the
 * real sealer and merged by bundle.import, then read back per application.
 */

const temp = tempDirs('panel-review-detail-');
const panels: TestPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.core.close();
});
afterAll(() => temp.cleanup());

async function panel(): Promise<TestPanel> {
  const made = await setUpPanel(temp.make(), { experts: 2, applications: 3 });
  panels.push(made);
  return made;
}

const detail = (p: TestPanel, applicationId: string, roundId = p.roundId): Promise<Result<unknown>> =>
  p.core.router.dispatch('results.detail', { roundId, applicationId });

/** fullReview with its scores in reverse order, as a bundle may list them. */
function reversedScores(review: ApplicationReview): ApplicationReview {
  return { ...review, scores: [...review.scores].reverse() };
}

describe('results.detail', () => {
  it("gives each expert's merged review with name, bundle, scores in rubric order, opinion, evidence and targets", async () => {
    const p = await panel();
    const [zhang, li] = p.experts;
    const [first = '', second = ''] = p.applicationIds;
    if (zhang === undefined || li === undefined) throw new Error('set-up');
    const zhangFile = await writeBundle(p, zhang, '张三.prscores', { reviews: [reversedScores(fullReview(first)), conflictReview(second)] });
    const liFile = await writeBundle(p, li, '李四.prscores', { reviews: [fullReview(first, 12)] });
    const [zhangImport, liImport] = await importFiles(p, [zhangFile, liFile]);

    const value = await ok<ResultsDetail>(detail(p, first));
    expect(value.roundId).toBe(p.roundId);
    expect(value.applicationId).toBe(first);
    expect(value.reviews.map((review) => review.expertName)).toEqual(['张三', '李四']);
    const [zhangReview, liReview] = value.reviews;
    expect(zhangReview).toEqual({
      fingerprint: zhang.fingerprint,
      expertName: '张三',
      revision: 1,
      bundleSha256: zhangImport?.sha256,
      receivedAt: expect.any(String),
      coi: 'none',
      coiReason: null,
      scores: [
        { criterionId: 'goals', value: 15.5, comment: '目标明确，量化指标较完整。' },
        { criterionId: 'measures', value: 8, comment: '' },
        { criterionId: 'indicators', value: 7.5, comment: '研发投入未达目标。' },
      ],
      strengths: '思路清晰，重点突出。',
      issues: '资金测算依据不足。',
      recommendation: 'revise',
      evidence: [{ criterionId: 'goals', sha256: TEST_DOCUMENT.sha256, page: 3, rects: [[72, 540.5, 523.25, 556]], quote: '到 2025 年，制造业增加值占比达到 35%。' }],
      targets: [{ criterionId: 'indicators', indicator: '研发经费支出占比', unit: '%', better: 'higher', target: 1.5, actual: 1.32 }],
    });
    expect(liReview).toMatchObject({ expertName: '李四', bundleSha256: liImport?.sha256, scores: [{ criterionId: 'goals', value: 12.5 }, { value: 6 }, { value: 7.5 }] });

    // A declared conflict: the declaration and its reason, nothing else.
    const conflicted = await ok<ResultsDetail>(detail(p, second));
    expect(conflicted.reviews).toEqual([
      expect.objectContaining({ expertName: '张三', coi: 'conflict', coiReason: '申报单位为本人原工作单位。', scores: [], strengths: '', issues: '', recommendation: null, evidence: [], targets: [] }),
    ]);
    // Nobody reviewed the third one yet.
    expect((await ok<ResultsDetail>(detail(p, p.applicationIds[2] ?? ''))).reviews).toEqual([]);
  });

  it('follows a newer revision: its bundle, its words', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    const [first = ''] = p.applicationIds;
    if (zhang === undefined) throw new Error('set-up');
    await importFiles(p, [await writeBundle(p, zhang, 'r1.prscores', { reviews: [fullReview(first)] })]);
    const revised: ApplicationReview = { ...fullReview(first, 18), opinion: { strengths: '经复核，目标可行。', issues: '', recommendation: 'approve' }, evidence: [] };
    const [second] = await importFiles(p, [await writeBundle(p, zhang, 'r2.prscores', { revision: 2, reviews: [revised] })]);
    const [review] = (await ok<ResultsDetail>(detail(p, first))).reviews;
    expect(review).toMatchObject({ revision: 2, bundleSha256: second?.sha256, strengths: '经复核，目标可行。', issues: '', recommendation: 'approve', evidence: [] });
    expect(review?.scores[0]).toEqual({ criterionId: 'goals', value: 18.5, comment: '目标明确，量化指标较完整。' });
  });

  it('refuses an application of no round it knows, and a round that does not exist', async () => {
    const p = await panel();
    const foreign = await detail(p, 'zzzzzzzzzz');
    expect(foreign).toMatchObject({ ok: false, error: { code: 'APPLICATION_NOT_IN_ROUND' } });
    const noRound = await detail(p, p.applicationIds[0] ?? '', 'rd00000000');
    expect(noRound).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
