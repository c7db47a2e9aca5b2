import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Rubric } from '../../../shared/domain/rubric';
import type { ApplicationReview } from '../../../shared/domain/scoreBundle';
import { encodePayload } from '../bundles/bundleFormat';
import { encryptEnvelopeText, envelopeText, signPayload } from '../bundles/testBundles';
import { generateAgeIdentity } from '../crypto/ageKeys';
import { generateSigningKey } from '../crypto/sshKeys';
import { tempDirs } from '../panel/panelTestKit';
import {
  auditRows,
  conflictReview,
  everythingButAudit,
  expectRejected,
  fullReview,
  importFiles,
  makeTestExpert,
  mergedState,
  payloadFor,
  returns,
  setUpPanel,
  TEST_DOCUMENT,
  writeBundle,
  type TestPanel,
} from './mergeTestKit';

/**
 * bundle.import through the real core on real data directories: real keys, packages
 * exported by panel.export, bundles sealed by the real sealer. Every refusal is proved
 * to change nothing but append its one audit entry.
 */

const temp = tempDirs('panel-review-merge-');
const panels: TestPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.core.close();
});
afterAll(() => temp.cleanup());

async function panel(options: Parameters<typeof setUpPanel>[1] = {}): Promise<TestPanel> {
  const made = await setUpPanel(temp.make(), options);
  panels.push(made);
  return made;
}

const reviewsFor = (p: TestPanel, base = 15): ApplicationReview[] => p.applicationIds.map((id) => fullReview(id, base));

describe('bundle.import: accepting', () => {
  it('merges a bundle whole: the bundle with its signed bytes, every review, score, evidence and targets row, and one audit entry', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const reviews = [fullReview(p.applicationIds[0] ?? ''), conflictReview(p.applicationIds[1] ?? ''), fullReview(p.applicationIds[2] ?? '', 18)];
    const file = await writeBundle(p, zhang, '张三-r1.prscores', { reviews });
    const [result] = await importFiles(p, [file]);
    expect(result).toMatchObject({ file: '张三-r1.prscores', status: 'accepted', fingerprint: zhang.fingerprint, expertName: '张三', revision: 1, applications: 3 });

    const bundle = p.db.prepare(`SELECT * FROM received_bundle`).get() as Record<string, unknown>;
    expect(bundle).toMatchObject({ round_id: p.roundId, fingerprint: zhang.fingerprint, revision: 1, sha256: result?.sha256, file_name: '张三-r1.prscores', package_id: p.packages.get(zhang.fingerprint)?.packageId });
    expect(Buffer.from(bundle.payload as Uint8Array)).toEqual(encodePayload(payloadFor(p, zhang, { reviews })));
    expect(p.db.prepare(`SELECT application_id, revision, coi, coi_reason, strengths, issues, recommendation FROM merged_review ORDER BY application_id`).all()).toEqual(
      [
        { application_id: p.applicationIds[0], revision: 1, coi: 'none', coi_reason: null, strengths: '思路清晰，重点突出。', issues: '资金测算依据不足。', recommendation: 'revise' },
        { application_id: p.applicationIds[1], revision: 1, coi: 'conflict', coi_reason: '申报单位为本人原工作单位。', strengths: '', issues: '', recommendation: null },
        { application_id: p.applicationIds[2], revision: 1, coi: 'none', coi_reason: null, strengths: '思路清晰，重点突出。', issues: '资金测算依据不足。', recommendation: 'revise' },
      ].sort((a, b) => String(a.application_id).localeCompare(String(b.application_id))),
    );
    expect(p.db.prepare(`SELECT criterion_id, value, comment FROM merged_score WHERE application_id = ? ORDER BY criterion_id`).all(p.applicationIds[2])).toEqual([
      { criterion_id: 'goals', value: 18.5, comment: '目标明确，量化指标较完整。' },
      { criterion_id: 'indicators', value: 7.5, comment: '研发投入未达目标。' },
      { criterion_id: 'measures', value: 9, comment: '' },
    ]);
    expect(p.db.prepare(`SELECT position, criterion_id, sha256, page, rects, quote FROM merged_evidence WHERE application_id = ?`).all(p.applicationIds[0])).toEqual([
      { position: 0, criterion_id: 'goals', sha256: TEST_DOCUMENT.sha256, page: 3, rects: '[[72,540.5,523.25,556]]', quote: '到 2025 年，制造业增加值占比达到 35%。' },
    ]);
    expect(p.db.prepare(`SELECT indicator, unit, better, target, actual FROM merged_target WHERE application_id = ?`).all(p.applicationIds[0])).toEqual([
      { indicator: '研发经费支出占比', unit: '%', better: 'higher', target: 1.5, actual: 1.32 },
    ]);
    expect(p.db.prepare(`SELECT count(*) FROM merged_score WHERE application_id = ?`).pluck().get(p.applicationIds[1])).toBe(0);

    const audit = auditRows(p.db).at(-1);
    expect(audit).toMatchObject({
      action: 'bundle.import',
      roundId: p.roundId,
      detail: { file: '张三-r1.prscores', sha256: result?.sha256, fingerprint: zhang.fingerprint, revision: 1, status: 'accepted', code: null, applicationIds: reviews.map((r) => r.applicationId) },
    });
    expect(await p.core.router.dispatch('audit.verify', {})).toMatchObject({ ok: true });
  });

  it('accepts an application declared as a conflict with nothing else, also one the secretary recused the expert from', async () => {
    const p = await panel({ assign: (e, ids) => (e === 0 ? ids.slice(0, 2) : [...ids]) });
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const recused = p.applicationIds[2] ?? '';
    p.db.prepare(`INSERT INTO conflict_decision (round_id, fingerprint, application_id, decision, reason, decided_at) VALUES (?, ?, ?, 'recuse', NULL, ?)`).run(p.roundId, zhang.fingerprint, recused, '2026-11-29T00:00:00.000Z');
    const file = await writeBundle(p, zhang, 'a.prscores', { reviews: [fullReview(p.applicationIds[0] ?? ''), conflictReview(p.applicationIds[1] ?? ''), conflictReview(recused)] });
    expect(await importFiles(p, [file])).toMatchObject([{ status: 'accepted', applications: 3 }]);
    expect(p.db.prepare(`SELECT coi FROM merged_review WHERE application_id = ?`).pluck().get(recused)).toBe('conflict');
  });

  it('imports several files in order, each on its own: a refusal does not stop the others', async () => {
    const p = await panel();
    const [zhang, li] = p.experts;
    if (zhang === undefined || li === undefined) throw new Error('no experts');
    const good = await writeBundle(p, zhang, 'zhang.prscores', { reviews: reviewsFor(p) });
    const damaged = await writeBundle(p, li, 'li-damaged.prscores', { reviews: reviewsFor(p) });
    fs.writeFileSync(damaged, fs.readFileSync(damaged).subarray(0, 200));
    const alsoGood = await writeBundle(p, li, 'li.prscores', { reviews: reviewsFor(p, 10) });
    const progress: number[] = [];
    p.core.events.subscribe((event) => {
      if (event.type === 'progress' && event.taskId === 'merge-1') progress.push(event.done);
    });
    const answer = await p.core.router.dispatch('bundle.import', { roundId: p.roundId, files: [good, damaged, alsoGood] }, { taskId: 'merge-1' });
    expect(answer).toMatchObject({ ok: true, value: { results: [{ file: 'zhang.prscores', status: 'accepted' }, { file: 'li-damaged.prscores', status: 'rejected' }, { file: 'li.prscores', status: 'accepted' }] } });
    expect(progress).toEqual([0, 1, 2, 3]);
    expect(p.db.prepare(`SELECT count(*) FROM received_bundle`).pluck().get()).toBe(2);
    expect(auditRows(p.db).filter((row) => row.action === 'bundle.import').map((row) => row.detail.status)).toEqual(['accepted', 'rejected', 'accepted']);
  });
});

describe('bundle.import: revisions', () => {
  it('re-importing the same file changes nothing and says so', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const file = await writeBundle(p, zhang, 'r1.prscores', { reviews: reviewsFor(p) });
    await importFiles(p, [file]);
    const before = everythingButAudit(p.db);
    const [again] = await importFiles(p, [file]);
    expect(again).toMatchObject({ status: 'unchanged', unchanged: 'same-bundle', revision: 1, mergedRevision: 1 });
    expect(again?.reason).toMatch(/merged before/);
    expect(everythingButAudit(p.db)).toEqual(before);
    expect(auditRows(p.db).at(-1)?.detail).toMatchObject({ status: 'unchanged', unchanged: 'same-bundle', code: null });
  });

  it('the newer revision wins whichever order two bundles come in', async () => {
    for (const order of [
      [1, 2],
      [2, 1],
    ]) {
      const p = await panel();
      const [zhang] = p.experts;
      if (zhang === undefined) throw new Error('no expert');
      const files = new Map([
        [1, await writeBundle(p, zhang, 'r1.prscores', { revision: 1, reviews: reviewsFor(p, 10) })],
        [2, await writeBundle(p, zhang, 'r2.prscores', { revision: 2, reviews: reviewsFor(p, 16) })],
      ]);
      const results = await importFiles(p, order.map((revision) => files.get(revision) ?? ''));
      expect(results.map((r) => r.status)).toEqual(order[0] === 1 ? ['accepted', 'accepted'] : ['accepted', 'unchanged']);
      expect(p.db.prepare(`SELECT DISTINCT revision FROM merged_review`).pluck().all()).toEqual([2]);
      expect(p.db.prepare(`SELECT DISTINCT value FROM merged_score WHERE criterion_id = 'goals'`).pluck().all()).toEqual([16.5]);
      if (order[0] === 2) expect(results[1]).toMatchObject({ unchanged: 'not-newer', revision: 1, mergedRevision: 2 });
      expect((await returns(p))[0]).toMatchObject({ status: 'complete', revision: 2 });
      await p.core.close();
      panels.splice(panels.indexOf(p), 1);
    }
  });

  it('an old revision replayed after a newer one changes nothing; a newer one replaces only the applications it carries', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    const [a, b, c] = p.applicationIds;
    if (zhang === undefined || a === undefined || b === undefined || c === undefined) throw new Error('set-up');
    const r1 = await writeBundle(p, zhang, 'r1.prscores', { revision: 1, reviews: [fullReview(a, 10), fullReview(b, 10)] });
    const r3 = await writeBundle(p, zhang, 'r3.prscores', { revision: 3, reviews: [fullReview(a, 17), conflictReview(c)] });
    expect((await importFiles(p, [r1, r3])).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const merged = mergedState(p.db);
    // Revision 2 turns up late (a copy left on a USB stick): older than 3, so nothing changes.
    const r2 = await writeBundle(p, zhang, 'r2.prscores', { revision: 2, reviews: [fullReview(a, 5), fullReview(b, 5), fullReview(c, 5)] });
    const [late] = await importFiles(p, [r2, r1]);
    expect(late).toMatchObject({ status: 'unchanged', unchanged: 'not-newer', revision: 2, mergedRevision: 3 });
    expect(mergedState(p.db)).toEqual(merged);
    expect(p.db.prepare(`SELECT application_id, revision, coi FROM merged_review ORDER BY application_id`).all()).toEqual(
      [
        { application_id: a, revision: 3, coi: 'none' },
        { application_id: b, revision: 1, coi: 'none' },
        { application_id: c, revision: 3, coi: 'conflict' },
      ].sort((x, y) => x.application_id.localeCompare(y.application_id)),
    );
    expect(p.db.prepare(`SELECT value FROM merged_score WHERE application_id = ? AND criterion_id = 'goals'`).pluck().get(a)).toBe(17.5);
  });
});

describe('bundle.import: refusals change nothing but the audit log', () => {
  it('a file that does not decrypt: wrong key, damaged, truncated, bit-flipped, empty, not a file', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const other = await generateAgeIdentity();
    await expectRejected(p, await writeBundle(p, zhang, 'other-key.prscores', { reviews: reviewsFor(p), recipients: [other.recipient] }), 'AGE_NO_MATCHING_KEY');
    const good = fs.readFileSync(await writeBundle(p, zhang, 'good.prscores', { reviews: reviewsFor(p) }));
    const variants: [string, Buffer, string][] = [
      ['truncated.prscores', good.subarray(0, good.length - 20), 'AGE_DAMAGED'],
      ['flipped-body.prscores', Buffer.from(good.map((byte, i) => (i === good.length - 40 ? byte ^ 0x04 : byte))), 'AGE_DAMAGED'],
      ['empty.prscores', Buffer.alloc(0), 'AGE_MALFORMED'],
      ['text.prscores', Buffer.from('不是评分包\n'), 'AGE_MALFORMED'],
    ];
    for (const [name, bytes, code] of variants) {
      const file = `${p.dir}/${name}`;
      fs.writeFileSync(file, bytes);
      const result = await expectRejected(p, file, code);
      expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(result.fingerprint).toBeUndefined();
    }
    await expectRejected(p, `${p.dir}/missing.prscores`, 'FILE_UNREADABLE');
    expect(auditRows(p.db).at(-1)?.detail).toMatchObject({ file: 'missing.prscores', sha256: null, fingerprint: null, revision: null });
  });

  it('a signature that fails: the payload changed after signing, or signed for another purpose', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const payload = payloadFor(p, zhang, { reviews: reviewsFor(p) });
    const signed = encodePayload(payload);
    const altered = encodePayload({ ...payload, revision: 9 });
    const tampered = `${p.dir}/tampered.prscores`;
    fs.writeFileSync(tampered, await encryptEnvelopeText(envelopeText({ payload: altered, signature: signPayload(signed, zhang.signing) }), [p.secretaryRecipient]));
    await expectRejected(p, tampered, 'SIGNATURE_INVALID');
    const wrongPurpose = `${p.dir}/purpose.prscores`;
    fs.writeFileSync(wrongPurpose, await encryptEnvelopeText(envelopeText({ payload: signed, signature: signPayload(signed, zhang.signing, 'panel-review-panel') }), [p.secretaryRecipient]));
    await expectRejected(p, wrongPurpose, 'SIGNATURE_WRONG_PURPOSE');
    // Signed soundly, but by a key other than the one the payload names.
    await expectRejected(p, await writeBundleSignedBy(p, zhang), 'BUNDLE_MALFORMED');
  });

  async function writeBundleSignedBy(p: TestPanel, named: { fingerprint: string; name: string }): Promise<string> {
    const payload = encodePayload({ ...payloadFor(p, { ...(p.experts[0] as NonNullable<TestPanel['experts'][0]>), ...named }, { reviews: reviewsFor(p) }) });
    const file = `${p.dir}/impostor.prscores`;
    fs.writeFileSync(file, await encryptEnvelopeText(envelopeText({ payload, signature: signPayload(payload, generateSigningKey()) }), [p.secretaryRecipient]));
    return file;
  }

  it('a signer who is not an enrolled expert of the round, also after the expert was removed', async () => {
    const p = await panel();
    const [zhang, li] = p.experts;
    if (zhang === undefined || li === undefined) throw new Error('no experts');
    const stranger = await makeTestExpert('陌生人');
    const result = await expectRejected(p, await writeBundle(p, stranger, 'stranger.prscores', { reviews: reviewsFor(p), packageId: p.packages.get(zhang.fingerprint)?.packageId ?? '' }), 'BUNDLE_UNKNOWN_EXPERT');
    expect(result).toMatchObject({ fingerprint: stranger.fingerprint, details: { fingerprint: stranger.fingerprint, roundId: p.roundId } });

    // 李四 returned scores, then was removed from the round: what he returned goes with him.
    expect(await importFiles(p, [await writeBundle(p, li, 'li-r1.prscores', { reviews: reviewsFor(p) })])).toMatchObject([{ status: 'accepted' }]);
    expect(p.db.prepare(`SELECT count(*) FROM merged_review WHERE fingerprint = ?`).pluck().get(li.fingerprint)).toBe(3);
    p.db.prepare(`DELETE FROM expert WHERE round_id = ? AND fingerprint = ?`).run(p.roundId, li.fingerprint);
    for (const table of ['received_bundle', 'merged_review', 'merged_score', 'merged_evidence', 'merged_target']) {
      expect(p.db.prepare(`SELECT count(*) FROM ${table} WHERE fingerprint = ?`).pluck().get(li.fingerprint), table).toBe(0);
    }
    await expectRejected(p, await writeBundle(p, li, 'li-r2.prscores', { revision: 2, reviews: reviewsFor(p) }), 'BUNDLE_UNKNOWN_EXPERT');
    await expectRejected(p, `${p.dir}/li-r1.prscores`, 'BUNDLE_UNKNOWN_EXPERT');
  });

  it('a bundle for another round', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const other = await p.core.router.dispatch('round.create', { name: '另一轮评审', kind: 'custom' });
    if (!other.ok) throw new Error('round');
    const otherId = (other.value as { id: string }).id;
    const result = await expectRejected(p, await writeBundle(p, zhang, 'other-round.prscores', { reviews: reviewsFor(p), roundId: otherId }), 'BUNDLE_WRONG_ROUND');
    expect(result.details).toMatchObject({ bundleRound: otherId, roundId: p.roundId });
    // The same bundle, imported into the round it names, is refused there for its own reasons (no such package).
    const there = await p.core.router.dispatch('bundle.import', { roundId: otherId, files: [`${p.dir}/other-round.prscores`] });
    expect(there).toMatchObject({ ok: true, value: { results: [{ status: 'rejected', code: 'BUNDLE_UNKNOWN_EXPERT' }] } });
  });

  it('a package not issued to that expert in this round, or with another manifest', async () => {
    const p = await panel();
    const [zhang, li] = p.experts;
    if (zhang === undefined || li === undefined) throw new Error('no experts');
    await expectRejected(p, await writeBundle(p, zhang, 'unknown-package.prscores', { reviews: reviewsFor(p), packageId: 'pk00000000' }), 'BUNDLE_PACKAGE_MISMATCH');
    // 李四's package, with its true manifest hash: not the one 张三 was sent.
    const lisPackage = p.packages.get(li.fingerprint);
    await expectRejected(p, await writeBundle(p, zhang, 'lis-package.prscores', { reviews: reviewsFor(p), packageId: lisPackage?.packageId ?? '', manifestSha256: lisPackage?.manifestSha256 ?? '' }), 'BUNDLE_PACKAGE_MISMATCH');
    const result = await expectRejected(p, await writeBundle(p, zhang, 'other-manifest.prscores', { reviews: reviewsFor(p), manifestSha256: 'ef'.repeat(32) }), 'BUNDLE_PACKAGE_MISMATCH');
    expect(result.details).toMatchObject({ packageId: p.packages.get(zhang.fingerprint)?.packageId, fingerprint: zhang.fingerprint });
  });

  it('an application not currently assigned to the expert', async () => {
    const p = await panel({ assign: (_, ids) => ids.slice(0, 2) });
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const result = await expectRejected(p, await writeBundle(p, zhang, 'unassigned.prscores', { reviews: reviewsFor(p) }), 'BUNDLE_NOT_ASSIGNED');
    expect(result.details).toMatchObject({ applicationId: p.applicationIds[2], fingerprint: zhang.fingerprint });
    // Assigned when the package went out, unassigned since: refused too.
    await p.core.router.dispatch('assignment.set', { roundId: p.roundId, fingerprint: zhang.fingerprint, applicationIds: [p.applicationIds[0] ?? ''] });
    await expectRejected(p, await writeBundle(p, zhang, 'unassigned-since.prscores', { reviews: reviewsFor(p).slice(0, 2) }), 'BUNDLE_NOT_ASSIGNED');
  });

  it('scores for an application with a conflict the expert declared, or the secretary decided (recusal)', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    const [a, b] = p.applicationIds;
    if (zhang === undefined || a === undefined || b === undefined) throw new Error('set-up');
    const declaredAndScored: ApplicationReview = { ...fullReview(a), coi: { kind: 'conflict', reason: '本人参与了方案编制。' } };
    await expectRejected(p, await writeBundle(p, zhang, 'declared.prscores', { reviews: [declaredAndScored] }), 'BUNDLE_CONFLICT');
    const opinionOnly: ApplicationReview = { ...conflictReview(a), opinion: { strengths: '', issues: '', recommendation: 'reject' } };
    await expectRejected(p, await writeBundle(p, zhang, 'declared-opinion.prscores', { reviews: [opinionOnly] }), 'BUNDLE_CONFLICT');

    // The secretary recused 张三 from b (the assignment goes first, as the database requires).
    await p.core.router.dispatch('assignment.set', { roundId: p.roundId, fingerprint: zhang.fingerprint, applicationIds: p.applicationIds.filter((id) => id !== b) });
    p.db.prepare(`INSERT INTO conflict_decision (round_id, fingerprint, application_id, decision, reason, decided_at) VALUES (?, ?, ?, 'recuse', '同一城市', ?)`).run(p.roundId, zhang.fingerprint, b, '2026-11-29T00:00:00.000Z');
    const result = await expectRejected(p, await writeBundle(p, zhang, 'recused.prscores', { reviews: reviewsFor(p) }), 'BUNDLE_CONFLICT');
    expect(result.details).toMatchObject({ applicationId: b, fingerprint: zhang.fingerprint });
    // Declaring no conflict for it is no better, even without a score.
    await expectRejected(p, await writeBundle(p, zhang, 'recused-none.prscores', { reviews: [{ ...conflictReview(b), coi: { kind: 'none' } }] }), 'BUNDLE_CONFLICT');
  });

  it('a criterion outside the rubric its package carried, a value out of range or off the step, a recommendation not in the rubric', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    const [a] = p.applicationIds;
    if (zhang === undefined || a === undefined) throw new Error('set-up');
    const base = fullReview(a);
    const cases: [string, ApplicationReview, string, Record<string, unknown>][] = [
      ['unknown-criterion', { ...base, scores: [...base.scores, { criterionId: 'innovation', value: 5, comment: '' }] }, 'CRITERION_UNKNOWN', { criterionId: 'innovation' }],
      ['unknown-evidence', { ...base, evidence: [{ ...(base.evidence[0] as ApplicationReview['evidence'][0]), criterionId: 'nope' }] }, 'CRITERION_UNKNOWN', { criterionId: 'nope' }],
      ['unknown-target', { ...base, targets: [{ ...(base.targets[0] as ApplicationReview['targets'][0]), criterionId: 'nope' }] }, 'CRITERION_UNKNOWN', { criterionId: 'nope' }],
      ['not-targets', { ...base, targets: [{ ...(base.targets[0] as ApplicationReview['targets'][0]), criterionId: 'goals' }] }, 'CRITERION_NOT_TARGETS', { criterionId: 'goals' }],
      ['over-max', { ...base, scores: [{ criterionId: 'goals', value: 20.5, comment: '' }] }, 'SCORE_OUT_OF_RANGE', { value: 20.5, max: 20, criterionId: 'goals' }],
      ['negative', { ...base, scores: [{ criterionId: 'measures', value: -1, comment: '' }] }, 'SCORE_OUT_OF_RANGE', { value: -1, max: 10, criterionId: 'measures' }],
      ['off-step', { ...base, scores: [{ criterionId: 'measures', value: 7.5, comment: '' }] }, 'SCORE_OFF_STEP', { value: 7.5, step: 1, criterionId: 'measures' }],
      ['off-step-fine', { ...base, scores: [{ criterionId: 'goals', value: 12.25, comment: '' }] }, 'SCORE_OFF_STEP', { value: 12.25, step: 0.5, criterionId: 'goals' }],
      ['recommendation', { ...base, opinion: { ...base.opinion, recommendation: 'maybe' } }, 'RECOMMENDATION_UNKNOWN', { value: 'maybe', allowed: 'approve, revise, reject' }],
    ];
    for (const [name, review, code, details] of cases) {
      const result = await expectRejected(p, await writeBundle(p, zhang, `${name}.prscores`, { reviews: [review] }), code);
      expect(result.details, name).toMatchObject({ ...details, applicationId: a, file: `${name}.prscores` });
    }
    // The rubric edited after the package went out (a new version): the package's version still decides.
    const show = await p.core.router.dispatch('rubric.show', { roundId: p.roundId });
    if (!show.ok) throw new Error('rubric.show');
    const rubric = (show.value as { rubric: Rubric }).rubric;
    const edited = { ...rubric, sections: [{ ...rubric.sections[0], criteria: [...(rubric.sections[0]?.criteria ?? []), { id: 'innovation', title: '创新', max: 10, step: 1 }] }] };
    expect(await p.core.router.dispatch('rubric.set', { roundId: p.roundId, rubric: edited })).toMatchObject({ ok: true, value: { version: 2 } });
    await expectRejected(p, await writeBundle(p, zhang, 'new-criterion.prscores', { reviews: [{ ...base, scores: [{ criterionId: 'innovation', value: 5, comment: '' }] }] }), 'CRITERION_UNKNOWN');
  });

  it('one bad application refuses the whole bundle, the good applications of it included', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const reviews = reviewsFor(p);
    reviews[2] = { ...(reviews[2] as ApplicationReview), scores: [{ criterionId: 'goals', value: 25, comment: '' }] };
    await expectRejected(p, await writeBundle(p, zhang, 'one-bad.prscores', { reviews }), 'SCORE_OUT_OF_RANGE');
    expect(mergedState(p.db).merged_review).toEqual([]);
  });
});

describe('bundle.import: what it needs', () => {
  it('needs the identity unlocked, a round of the secretary, and refuses before any file is read', async () => {
    const p = await panel();
    const [zhang] = p.experts;
    if (zhang === undefined) throw new Error('no expert');
    const file = await writeBundle(p, zhang, 'a.prscores', { reviews: reviewsFor(p) });
    const audit = auditRows(p.db).length;
    await p.core.router.dispatch('identity.lock', {});
    expect(await p.core.router.dispatch('bundle.import', { roundId: p.roundId, files: [file] })).toMatchObject({ ok: false, error: { code: 'IDENTITY_LOCKED' } });
    expect(await p.core.router.dispatch('bundle.import', { roundId: 'rd00000000', files: [file] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await p.core.router.dispatch('bundle.import', { roundId: p.roundId, files: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    p.db.prepare(`UPDATE round SET role = 'expert' WHERE id = ?`).run(p.roundId);
    expect(await p.core.router.dispatch('bundle.import', { roundId: p.roundId, files: [file] })).toMatchObject({ ok: false, error: { code: 'ROUND_NOT_SECRETARY' } });
    expect(await p.core.router.dispatch('returns.status', { roundId: p.roundId })).toMatchObject({ ok: false, error: { code: 'ROUND_NOT_SECRETARY' } });
    expect(auditRows(p.db)).toHaveLength(audit);
    expect(mergedState(p.db).received_bundle).toEqual([]);
  });
});

describe('returns.status', () => {
  it('not returned, partial (an application without a declaration, or a criterion unscored), complete (all scored or a conflict)', async () => {
    const p = await panel({ experts: 3 });
    const [zhang, li, wang] = p.experts;
    const [a, b, c] = p.applicationIds;
    if (zhang === undefined || li === undefined || wang === undefined || a === undefined || b === undefined || c === undefined) throw new Error('set-up');
    expect((await returns(p)).map((e) => e.status)).toEqual(['not-returned', 'not-returned', 'not-returned']);
    const unscored: ApplicationReview = { ...fullReview(c), scores: fullReview(c).scores.map((s) => (s.criterionId === 'measures' ? { ...s, value: null } : s)) };
    await importFiles(p, [
      await writeBundle(p, zhang, 'zhang.prscores', { reviews: [fullReview(a), conflictReview(b), fullReview(c)] }),
      await writeBundle(p, li, 'li.prscores', { reviews: [fullReview(a), fullReview(b)] }),
      await writeBundle(p, wang, 'wang.prscores', { revision: 4, reviews: [fullReview(a), fullReview(b), unscored] }),
    ]);
    const status = await returns(p);
    expect(status).toMatchObject([
      { fingerprint: zhang.fingerprint, name: '张三', status: 'complete', revision: 1, assigned: 3, done: 3, conflicts: 1 },
      { fingerprint: li.fingerprint, name: '李四', status: 'partial', revision: 1, assigned: 3, done: 2, conflicts: 0 },
      { fingerprint: wang.fingerprint, name: '王五', status: 'partial', revision: 4, assigned: 3, done: 2, conflicts: 0 },
    ]);
    expect(status[0]?.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Fewer applications assigned now: what is merged for the others no longer counts.
    await p.core.router.dispatch('assignment.set', { roundId: p.roundId, fingerprint: li.fingerprint, applicationIds: [a, b] });
    expect((await returns(p))[1]).toMatchObject({ status: 'complete', assigned: 2, done: 2 });
  });
});
