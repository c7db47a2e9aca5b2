import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Rubric } from '../../../shared/domain/rubric';
import { ok } from '../expert/expertTestKit';
import { fullReview, importFiles, setUpPanel, TEST_RUBRIC, writeBundle, type TestPanel } from '../merge/mergeTestKit';
import { tempDirs } from '../panel/panelTestKit';

/**
 * Results read against the rubric the bundles were merged with: once packages went out
 * the rubric is frozen, and an edit becomes version 2 — which the results must not pick
 * up for titles, limits or flag notes while the merged scores are version 1's.
 */

const temp = tempDirs('panel-review-results-');
const panels: TestPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.core.close();
});
afterAll(() => temp.cleanup());

/** The test rubric with `goals` renamed and a criterion added: what a later edit might do. */
const EDITED: Rubric = {
  ...TEST_RUBRIC,
  sections: [
    {
      id: 'plan',
      title: '实施方案',
      criteria: [
        { id: 'goals', title: '目标（修订）', max: 20, step: 0.5 },
        { id: 'measures', title: '措施', max: 10, step: 1 },
        { id: 'indicators', kind: 'targets', title: '指标', max: 10, step: 0.5 },
        { id: 'funding', title: '资金保障', max: 10, step: 1 },
      ],
    },
  ],
};

describe('results against the frozen rubric', () => {
  it('results.config names the version the figures use, not a later edit', async () => {
    const p = await setUpPanel(temp.make(), { experts: 2, applications: 2 });
    panels.push(p);
    const files = await Promise.all(p.experts.map((expert, e) => writeBundle(p, expert, `${e}.prscores`, { reviews: p.applicationIds.map((id) => fullReview(id, 12 + e * 6)) })));
    expect((await importFiles(p, files)).map((result) => result.status)).toEqual(['accepted', 'accepted']);

    const edited = await ok<{ version: number }>(p.core.router.dispatch('rubric.set', { roundId: p.roundId, rubric: EDITED }));
    expect(edited.version).toBe(2);

    const config = await ok<{ rubricVersion: number; rubric: Rubric; merged: boolean }>(p.core.router.dispatch('results.config', { roundId: p.roundId }));
    expect(config.merged).toBe(true);
    expect(config.rubricVersion).toBe(1);
    expect(config.rubric).toEqual(TEST_RUBRIC);

    // A criterion only the edit has cannot carry a note on these results.
    const refused = await p.core.router.dispatch('flag.note', { roundId: p.roundId, applicationId: p.applicationIds[0], criterionId: 'funding', note: '说明' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CRITERION_UNKNOWN' } });

    // method.set answers with the same config.
    const set = await ok<{ rubricVersion: number; officialMethod: string }>(
      p.core.router.dispatch('method.set', { roundId: p.roundId, officialMethod: 'median', reason: '评审委员会决定改用中位数' }),
    );
    expect(set).toMatchObject({ rubricVersion: 1, officialMethod: 'median' });
  });

  it('with nothing merged yet, the rubric the packages carried is shown', async () => {
    const p = await setUpPanel(temp.make(), { experts: 1, applications: 1 });
    panels.push(p);
    const config = await ok<{ rubricVersion: number; rubric: Rubric; merged: boolean }>(p.core.router.dispatch('results.config', { roundId: p.roundId }));
    expect(config).toMatchObject({ merged: false, rubricVersion: 1, rubric: TEST_RUBRIC });
  });
});
