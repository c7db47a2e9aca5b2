import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BundleImportOutput, ReturnsStatusOutput } from '../../../shared/domain/merge';
import { corpusFile } from '../../../test/helpers/corpus';
import { createCore, type Core } from '../core';
import { inProcessPdf, ok } from '../expert/expertTestKit';
import { tempDirs } from '../panel/panelTestKit';
import { createMergeRepository } from './mergeRepository';
import { PASSPHRASE, TEST_RUBRIC } from './mergeTestKit';
import { verifyStoredBundle } from './verifyStoredBundle';

/**
 * The whole way round on real data directories: the secretary enrols an expert from the
 * key card the expert's own data directory wrote, exports the panel package; the expert
 * imports it, declares, scores, quotes the last page of a PDF as evidence, writes an
 * opinion and a targets table and exports two revisions; the secretary merges them (the
 * first one twice), sees the expert's return complete with exactly what the expert
 * entered, and can prove each stored revision against the expert's enrolled key.
 */

const temp = tempDirs('panel-review-merge-flow-');
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});
afterAll(() => temp.cleanup());

function open(dir: string): Core {
  const core = createCore({ dataDir: dir, identity: { scryptWorkFactor: 1 }, pdfEngines: [inProcessPdf] });
  cores.push(core);
  return core;
}

describe('an expert return, exported by the expert side and merged by the secretary', () => {
  it('merges what the expert entered, revision by revision', async () => {
    const root = temp.make();
    const secretary = open(path.join(root, 'secretary'));
    const expert = open(path.join(root, 'expert'));
    await ok(secretary.router.dispatch('identity.create', { name: '王秘书', passphrase: PASSPHRASE }));
    await ok(expert.router.dispatch('identity.create', { name: '张三', affiliation: '同济大学', passphrase: PASSPHRASE }));
    const card = await ok<{ fileName: string; content: string; fingerprint: string }>(expert.router.dispatch('identity.keyCard', {}));

    const round = await ok<{ id: string }>(secretary.router.dispatch('round.create', { name: '2026年试点城市实施方案评审', kind: 'custom', rubric: TEST_RUBRIC }));
    const imported = await Promise.all(
      [
        ['宁波市', 'annots-pdfcomment.pdf'],
        ['泉州市', 'cjk-cns1-prospectus.pdf'],
      ].map(([city = '', pdf = '']) =>
        ok<{ id: string; documents: { sha256: string; pages: number }[] }>(secretary.router.dispatch('application.import', { roundId: round.id, city, docKind: 'plan', paths: [corpusFile(pdf)] })),
      ),
    );
    const [ningbo, quanzhou] = imported.map((application) => application.id);
    const plan = imported[0]?.documents[0];
    if (ningbo === undefined || quanzhou === undefined || plan === undefined) throw new Error('applications');
    await ok(secretary.router.dispatch('expert.add', { roundId: round.id, cards: [{ fileName: card.fileName, content: card.content }] }));
    await ok(secretary.router.dispatch('assignment.set', { roundId: round.id, fingerprint: card.fingerprint, applicationIds: [ningbo, quanzhou] }));
    fs.mkdirSync(path.join(root, 'out'));
    const exported = await ok<{ files: { file: string }[] }>(secretary.router.dispatch('panel.export', { roundId: round.id, outDir: path.join(root, 'out') }));

    const { roundId: expertRound } = await ok<{ roundId: string }>(expert.router.dispatch('panel.import', { file: exported.files[0]?.file ?? '' }));
    const local = new Map(
      (expert.store.db.prepare(`SELECT source_application_id AS source, application_id AS local FROM received_application`).all() as { source: string; local: string }[]).map((row) => [row.source, row.local]),
    );
    const mine = (source: string) => local.get(source) ?? '';
    const say = (command: Parameters<Core['router']['dispatch']>[0], input: Record<string, unknown>) => ok(expert.router.dispatch(command, { roundId: expertRound, ...input }));
    await say('coi.declare', { applicationId: mine(ningbo), coi: { kind: 'none' } });
    await say('score.set', { applicationId: mine(ningbo), criterionId: 'goals', value: 17.5, comment: '目标量化，与上位规划衔接。' });
    await say('score.set', { applicationId: mine(ningbo), criterionId: 'measures', value: 8 });
    await say('evidence.add', { applicationId: mine(ningbo), criterionId: 'goals', sha256: plan.sha256, page: plan.pages, rects: [[72, 700, 320, 716]], quote: '发展目标' });
    await say('opinion.set', { applicationId: mine(ningbo), strengths: '重点突出。', issues: '资金测算不足。', recommendation: 'revise' });
    const first = await ok<{ file: string }>(expert.router.dispatch('scores.export', { roundId: expertRound, outFile: path.join(root, 'r1.prscores') }));
    // Revision 2: the last criterion scored with its table, and the other application declared.
    await say('score.set', { applicationId: mine(ningbo), criterionId: 'indicators', value: 6.5 });
    await say('targets.set', { applicationId: mine(ningbo), criterionId: 'indicators', rows: [{ indicator: '研发经费支出占比', unit: '%', better: 'higher', target: 1.5, actual: 1.32 }] });
    await say('coi.declare', { applicationId: mine(quanzhou), coi: { kind: 'conflict', reason: '本人曾参与该市方案编制。' } });
    const second = await ok<{ file: string }>(expert.router.dispatch('scores.export', { roundId: expertRound, outFile: path.join(root, 'r2.prscores') }));

    const merge = (files: string[]) => ok<BundleImportOutput>(secretary.router.dispatch('bundle.import', { roundId: round.id, files }));
    const returns = async () => (await ok<ReturnsStatusOutput>(secretary.router.dispatch('returns.status', { roundId: round.id }))).experts[0];
    expect(await returns()).toMatchObject({ status: 'not-returned', revision: null, assigned: 2, done: 0 });
    expect((await merge([first.file])).results).toMatchObject([{ file: 'r1.prscores', status: 'accepted', fingerprint: card.fingerprint, expertName: '张三', revision: 1, applications: 1 }]);
    expect(await returns()).toMatchObject({ status: 'partial', revision: 1, done: 0 });
    expect((await merge([second.file, first.file])).results).toMatchObject([
      { status: 'accepted', revision: 2, applications: 2 },
      // Revision 1 again: the very file merged before.
      { status: 'unchanged', unchanged: 'same-bundle', revision: 1, mergedRevision: 1 },
    ]);
    expect(await returns()).toMatchObject({ status: 'complete', revision: 2, assigned: 2, done: 2, conflicts: 1 });

    const db = secretary.store.db;
    expect(db.prepare(`SELECT application_id AS app, revision, coi, coi_reason AS reason, strengths, issues, recommendation FROM merged_review ORDER BY coi DESC`).all()).toEqual([
      { app: ningbo, revision: 2, coi: 'none', reason: null, strengths: '重点突出。', issues: '资金测算不足。', recommendation: 'revise' },
      { app: quanzhou, revision: 2, coi: 'conflict', reason: '本人曾参与该市方案编制。', strengths: '', issues: '', recommendation: null },
    ]);
    expect(db.prepare(`SELECT criterion_id AS id, value, comment FROM merged_score ORDER BY criterion_id`).all()).toEqual([
      { id: 'goals', value: 17.5, comment: '目标量化，与上位规划衔接。' },
      { id: 'indicators', value: 6.5, comment: '' },
      { id: 'measures', value: 8, comment: '' },
    ]);
    expect(db.prepare(`SELECT indicator, target, actual FROM merged_target`).all()).toEqual([{ indicator: '研发经费支出占比', target: 1.5, actual: 1.32 }]);
    expect(db.prepare(`SELECT application_id AS app, sha256, page FROM merged_evidence`).all()).toEqual([{ app: ningbo, sha256: plan.sha256, page: plan.pages }]);
    expect(db.prepare(`SELECT revision, file_name AS file FROM received_bundle ORDER BY revision`).all()).toEqual([
      { revision: 1, file: 'r1.prscores' },
      { revision: 2, file: 'r2.prscores' },
    ]);
    for (const revision of [1, 2]) {
      expect(verifyStoredBundle(createMergeRepository(db), { roundId: round.id, fingerprint: card.fingerprint, revision })).toMatchObject({ status: 'verified', revision });
    }
  });
});
