import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/errors';
import type { ScoringSheet } from '../../../shared/domain/scoring';
import { openScoreBundle } from '../bundles/openScoreBundle';
import type { Core } from '../core';
import { makeMember, tempDirs, type TestMember } from '../panel/panelTestKit';
import { ok } from '../expert/expertTestKit';
import { expertRound, type ExpertRound } from './scoringTestKit';

/** The expert's scoring sheet through the router, on a real data directory and a real received package. */

const temp = tempDirs('panel-review-scoring-');
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});
afterAll(() => temp.cleanup());

let secretary: TestMember;
beforeAll(async () => {
  secretary = await makeMember('王秘书');
});

async function round(kind?: 'midterm'): Promise<ExpertRound & { app: string; other: string }> {
  const made = await expertRound({ dataDir: temp.make(), packageDir: temp.make(), secretary, ...(kind === undefined ? {} : { kind }) });
  cores.push(made.core);
  const [app = '', other = ''] = made.applicationIds;
  return { ...made, app, other };
}

async function refused(result: Promise<Result<unknown>>): Promise<{ code: string; details?: Record<string, unknown> }> {
  const settled = await result;
  if (settled.ok) throw new Error(`expected a refusal, got ${JSON.stringify(settled.value)}`);
  return settled.error;
}

/** Everything the store holds for a round's scoring, to prove a refusal changed nothing. */
function scoringRows(core: Core): unknown {
  const db = core.store.db;
  return ['coi_declaration', 'criterion_score', 'opinion', 'evidence', 'target_row'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all());
}

const sheet = (core: Core, roundId: string) => ok<ScoringSheet>(core.router.dispatch('scoring.sheet', { roundId }));

describe('scoring sheet', () => {
  it('starts with the rubric the package carried and nothing declared', async () => {
    const { core, roundId } = await round();
    const value = await sheet(core, roundId);
    expect(value.rubric.name).toBe('实施方案评审');
    expect(value.rubricVersion).toBe(1);
    expect(value.applications).toHaveLength(2);
    expect(value.applications.every((application) => application.coi === null && application.scores.length === 0)).toBe(true);
    const shown = await ok<{ frozen: boolean; editable: boolean }>(core.router.dispatch('rubric.show', { roundId }));
    expect(shown).toMatchObject({ frozen: true, editable: false, version: 1 });
  });

  it('refuses every score before a declaration, and stores nothing', async () => {
    const { core, roundId, app } = await round();
    const before = scoringRows(core);
    expect(await refused(core.router.dispatch('score.set', { roundId, applicationId: app, criterionId: 'goals-quantified', value: 18 }))).toMatchObject({ code: 'COI_REQUIRED' });
    expect(await refused(core.router.dispatch('opinion.set', { roundId, applicationId: app, strengths: '好' }))).toMatchObject({ code: 'COI_REQUIRED' });
    expect(await refused(core.router.dispatch('comment.set', { roundId, applicationId: app, criterionId: 'goals-quantified', comment: '好' }))).toMatchObject({ code: 'COI_REQUIRED' });
    expect(scoringRows(core)).toEqual(before);
  });

  it('saves scores within 0..max on the step and refuses the rest with their own codes, changing nothing', async () => {
    const { core, roundId, app } = await round();
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'none' } }));
    const set = (criterionId: string, value: unknown, comment?: string) =>
      core.router.dispatch('score.set', { roundId, applicationId: app, criterionId, value, ...(comment === undefined ? {} : { comment }) });
    const saved = await ok<{ saved: boolean; savedAt: string }>(set('goals-quantified', 17.5, '量化指标较全。'));
    expect(saved.saved).toBe(true);
    await ok(set('policy-compliance', 0));
    await ok(set('manufacturing-base', 15));
    const before = scoringRows(core);
    expect(await refused(set('goals-quantified', 20.5))).toMatchObject({ code: 'SCORE_OUT_OF_RANGE', details: { max: 20 } });
    expect(await refused(set('goals-quantified', -0.5))).toMatchObject({ code: 'SCORE_OUT_OF_RANGE' });
    expect(await refused(set('goals-quantified', 17.3))).toMatchObject({ code: 'SCORE_OFF_STEP', details: { step: 0.5 } });
    expect(await refused(set('no-such-criterion', 5))).toMatchObject({ code: 'CRITERION_UNKNOWN' });
    expect(await refused(set('goals-quantified', 'eighteen'))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await refused(set('goals-quantified', Number.NaN))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(scoringRows(core)).toEqual(before);

    const scores = (await sheet(core, roundId)).applications[0]?.scores ?? [];
    expect(scores.map(({ criterionId, value, comment }) => ({ criterionId, value, comment }))).toEqual([
      { criterionId: 'goals-quantified', value: 17.5, comment: '量化指标较全。' },
      { criterionId: 'manufacturing-base', value: 15, comment: '' },
      { criterionId: 'policy-compliance', value: 0, comment: '' },
    ]);
  });

  it('keeps a comment when the score is cleared or changed without one, and forgets a criterion left empty', async () => {
    const { core, roundId, app } = await round();
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'none' } }));
    await ok(core.router.dispatch('comment.set', { roundId, applicationId: app, criterionId: 'talent-system', comment: '缺少技能人才数据。' }));
    await ok(core.router.dispatch('score.set', { roundId, applicationId: app, criterionId: 'talent-system', value: 6 }));
    await ok(core.router.dispatch('score.set', { roundId, applicationId: app, criterionId: 'talent-system', value: null }));
    const scores = () => sheet(core, roundId).then((value) => value.applications[0]?.scores.map(({ value: v, comment }) => ({ v, comment })));
    expect(await scores()).toEqual([{ v: null, comment: '缺少技能人才数据。' }]);
    await ok(core.router.dispatch('comment.set', { roundId, applicationId: app, criterionId: 'talent-system', comment: '' }));
    expect(await scores()).toEqual([]);
  });

  it('saves the opinion field by field and refuses a recommendation the rubric does not have', async () => {
    const { core, roundId, app } = await round();
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'none' } }));
    await ok(core.router.dispatch('opinion.set', { roundId, applicationId: app, strengths: '产业基础雄厚。' }));
    await ok(core.router.dispatch('opinion.set', { roundId, applicationId: app, issues: '资金测算依据不足。', recommendation: 'revise' }));
    const before = scoringRows(core);
    expect(await refused(core.router.dispatch('opinion.set', { roundId, applicationId: app, recommendation: 'maybe' }))).toMatchObject({ code: 'RECOMMENDATION_UNKNOWN' });
    expect(scoringRows(core)).toEqual(before);
    expect((await sheet(core, roundId)).applications[0]?.opinion).toEqual({ strengths: '产业基础雄厚。', issues: '资金测算依据不足。', recommendation: 'revise' });
    await ok(core.router.dispatch('opinion.set', { roundId, applicationId: app, recommendation: null }));
    expect((await sheet(core, roundId)).applications[0]?.opinion.recommendation).toBeNull();
  });

  it('attaches evidence from the application\'s own documents only, within their pages, and removes it', async () => {
    const { core, roundId, app, other } = await round();
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'none' } }));
    const { applications } = await ok<{ applications: { id: string; documents: { sha256: string; pages: number }[] }[] }>(core.router.dispatch('application.list', { roundId }));
    const mine = applications.find((application) => application.id === app)?.documents[0];
    const foreign = applications.find((application) => application.id === other)?.documents.find((d) => !applications[0]?.documents.some((m) => m.sha256 === d.sha256));
    if (mine === undefined || foreign === undefined) throw new Error('test documents missing');
    const anchor = { roundId, applicationId: app, criterionId: 'goals-quantified', sha256: mine.sha256, page: 1, rects: [[72, 700.5, 300, 712]], quote: '发展目标' };
    const added = await ok<{ id: number }>(core.router.dispatch('evidence.add', anchor));
    const before = scoringRows(core);
    expect(await refused(core.router.dispatch('evidence.add', { ...anchor, sha256: foreign.sha256 }))).toMatchObject({ code: 'DOCUMENT_NOT_IN_APPLICATION' });
    expect(await refused(core.router.dispatch('evidence.add', { ...anchor, page: mine.pages + 1 }))).toMatchObject({ code: 'PAGE_OUT_OF_RANGE' });
    expect(await refused(core.router.dispatch('evidence.add', { ...anchor, criterionId: 'nope' }))).toMatchObject({ code: 'CRITERION_UNKNOWN' });
    expect(await refused(core.router.dispatch('evidence.add', { ...anchor, rects: [] }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(scoringRows(core)).toEqual(before);
    expect((await sheet(core, roundId)).applications[0]?.evidence).toEqual([expect.objectContaining({ id: added.id, page: 1, rects: [[72, 700.5, 300, 712]], quote: '发展目标' })]);
    expect(await ok(core.router.dispatch('evidence.remove', { roundId, evidenceId: added.id }))).toEqual({ removed: true });
    expect(await refused(core.router.dispatch('evidence.remove', { roundId, evidenceId: added.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps targets tables for the criteria that have one', async () => {
    const { core, roundId, app } = await round('midterm');
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'none' } }));
    const rows = [
      { indicator: '规模以上制造业研发经费内部支出占主营业务收入比重', unit: '%', better: 'higher', target: 1.5, actual: 1.32 },
      { indicator: '单位工业增加值能耗', unit: '吨标准煤/万元', better: 'lower', target: 0.8, actual: null },
    ];
    await ok(core.router.dispatch('targets.set', { roundId, applicationId: app, criterionId: 'innovation', rows }));
    expect((await sheet(core, roundId)).applications[0]?.targets).toEqual([{ criterionId: 'innovation', rows }]);
    expect(await refused(core.router.dispatch('targets.set', { roundId, applicationId: app, criterionId: 'key-tasks', rows }))).toMatchObject({ code: 'CRITERION_NOT_TARGETS' });
    // Rows that are not rows: no indicator, a target that is not a number, an unknown direction.
    const before = scoringRows(core);
    for (const bad of [{ ...rows[0], indicator: '  ' }, { ...rows[0], target: '1.5' }, { ...rows[0], better: 'sideways' }]) {
      expect(await refused(core.router.dispatch('targets.set', { roundId, applicationId: app, criterionId: 'innovation', rows: [bad] }))).toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(scoringRows(core)).toEqual(before);
    await ok(core.router.dispatch('targets.set', { roundId, applicationId: app, criterionId: 'innovation', rows: [] }));
    expect((await sheet(core, roundId)).applications[0]?.targets).toEqual([]);
  });

  it('locks an application once a conflict is declared, clearing what was entered', async () => {
    const { core, roundId, app, other } = await round();
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'none' } }));
    await ok(core.router.dispatch('score.set', { roundId, applicationId: app, criterionId: 'goals-quantified', value: 18, comment: '好' }));
    await ok(core.router.dispatch('opinion.set', { roundId, applicationId: app, strengths: '好' }));
    expect(await refused(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'conflict', reason: '   ' } }))).toMatchObject({ code: 'INVALID_INPUT' });
    const declared = await ok<{ cleared: number }>(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'conflict', reason: ' 本人曾参与该市方案编制 ' } }));
    expect(declared).toMatchObject({ cleared: 2, coi: { kind: 'conflict', reason: '本人曾参与该市方案编制' } });
    const before = scoringRows(core);
    expect(await refused(core.router.dispatch('score.set', { roundId, applicationId: app, criterionId: 'goals-quantified', value: 18 }))).toMatchObject({
      code: 'COI_CONFLICT',
      details: { reason: '本人曾参与该市方案编制' },
    });
    expect(scoringRows(core)).toEqual(before);
    const value = await sheet(core, roundId);
    expect(value.applications[0]).toMatchObject({ coi: { kind: 'conflict' }, scores: [], opinion: { strengths: '' } });
    // The other application is untouched by it.
    expect(value.applications[1]?.coi).toBeNull();
    expect(other).not.toBe(app);
  });

  it('refuses scoring in the secretary\'s own rounds and in applications of another round', async () => {
    const { core, roundId, app } = await round();
    const own = await ok<{ id: string }>(core.router.dispatch('round.create', { name: '自建轮次', kind: 'custom' }));
    expect(await refused(core.router.dispatch('score.set', { roundId: own.id, applicationId: app, criterionId: 'goals-quantified', value: 1 }))).toMatchObject({ code: 'ROUND_NOT_EXPERT' });
    expect(await refused(core.router.dispatch('scoring.sheet', { roundId: own.id }))).toMatchObject({ code: 'ROUND_NOT_EXPERT' });
    expect(await refused(core.router.dispatch('coi.declare', { roundId, applicationId: 'abcdefghjk', coi: { kind: 'none' } }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('puts what was entered in the score bundle, under the secretary\'s ids', async () => {
    const { core, roundId, app, other } = await round();
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: app, coi: { kind: 'none' } }));
    await ok(core.router.dispatch('score.set', { roundId, applicationId: app, criterionId: 'goals-quantified', value: 18, comment: '目标量化。' }));
    await ok(core.router.dispatch('opinion.set', { roundId, applicationId: app, strengths: '基础好。', recommendation: 'approve' }));
    await ok(core.router.dispatch('coi.declare', { roundId, applicationId: other, coi: { kind: 'conflict', reason: '同单位' } }));
    await ok(core.router.dispatch('identity.unlock', { passphrase: 'correct horse battery' }));
    const out = path.join(temp.make(), 's.prscores');
    await ok(core.router.dispatch('scores.export', { roundId, outFile: out }));
    const opened = await openScoreBundle({ bytes: fs.readFileSync(out), identities: [secretary.age.identity], file: 's.prscores' });
    expect(opened.payload.applications).toEqual([
      {
        applicationId: 'ap00000000',
        coi: { kind: 'none' },
        scores: [{ criterionId: 'goals-quantified', value: 18, comment: '目标量化。' }],
        opinion: { strengths: '基础好。', issues: '', recommendation: 'approve' },
        evidence: [],
        targets: [],
      },
      { applicationId: 'ap00000001', coi: { kind: 'conflict', reason: '同单位' }, scores: [], opinion: { strengths: '', issues: '', recommendation: null }, evidence: [], targets: [] },
    ]);
  });
});
