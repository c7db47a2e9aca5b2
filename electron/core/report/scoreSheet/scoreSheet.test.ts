import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rubricCriteria } from '../../../../shared/domain/rubric';
import type { Core } from '../../core';
import { ok } from '../../expert/expertTestKit';
import { makeMember, tempDirs, type TestMember } from '../../panel/panelTestKit';
import { expertRound } from '../../scoring/scoringTestKit';
import { pdfPageCount, pdfText, qpdfCheck } from '../pdf/pdfTestKit';
import { formatNumber } from './scoreSheetFormat';
import { commentFor, CONFLICT_REASON, exportSheet, filesIn, ISSUES, keepPages, refusal, scanQrCodes, scoreRound, squeeze, STRENGTHS } from './scoreSheetTestKit';

/**
 * `scoresheet.export` on a real expert data directory: a round received from a signed
 * panel package, scored in Chinese, exported as a real score bundle. The PDF is read
 * back with pdftotext and its QR code with zbarimg; refusals leave nothing behind.
 */

const temp = tempDirs('panel-review-scoresheet-');
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});
afterAll(() => temp.cleanup());

let secretary: TestMember;
beforeAll(async () => {
  secretary = await makeMember('王秘书');
});

async function round() {
  const made = await expertRound({ dataDir: temp.make(), packageDir: temp.make(), secretary });
  cores.push(made.core);
  return made;
}

async function exportBundle(core: Core, roundId: string): Promise<{ revision: number; sha256: string }> {
  return ok(core.router.dispatch('scores.export', { roundId, outFile: path.join(temp.make(), 'scores.prscores') }));
}

describe('scoresheet.export', () => {
  it('prints every application, score, comment and opinion, and the bundle it matches, as text and as a QR code', async () => {
    const { core, roundId, applicationIds } = await round();
    const scored = await scoreRound(core, roundId, applicationIds);
    const bundle = await exportBundle(core, roundId);
    const out = path.join(temp.make(), '评分表.pdf');
    const sheet = await exportSheet(core, { roundId, out });

    const bytes = fs.readFileSync(out);
    expect(sheet).toEqual({
      file: out,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      pages: pdfPageCount(out),
      revision: bundle.revision,
      bundleSha256: bundle.sha256,
      draft: false,
    });
    expect(qpdfCheck(out).ok).toBe(true);

    const text = pdfText(out);
    const flat = squeeze(text);
    for (const expected of ['专家评分表', '2026年“中国制造2025”试点城市实施方案评审', '张三（同济大学）', '王秘书', '无利益冲突', '主要优势', STRENGTHS, ISSUES, '评审结论：修改后同意', CONFLICT_REASON]) {
      expect(flat, expected).toContain(squeeze(expected));
    }
    // The full hash on one line, and the revision.
    expect(text).toContain(bundle.sha256);
    expect(flat).toContain(`第${bundle.revision}版`);
    for (const { criterion } of rubricCriteria(scored.rubric)) {
      expect(flat, criterion.id).toContain(squeeze(criterion.title));
      expect(flat, criterion.id).toContain(squeeze(commentFor(criterion.title)));
    }
    const total = scored.values.reduce((sum, value) => sum + value, 0);
    expect(flat).toContain(`合计100${formatNumber(total)}`);
    // The signature line and the statement that names the bundle.
    expect(flat).toContain('专家签字：');
    expect(flat).toContain(squeeze(`与本人导出的第 ${bundle.revision} 版评分包`));
    expect(flat).not.toContain('草稿');

    expect(scanQrCodes(out)).toEqual([bundle.sha256]);
    keepPages(out, 'final');
  });

  it('refuses before any export and after a change, writing nothing; matches again once the change is taken back', async () => {
    const { core, roundId, applicationIds } = await round();
    const scored = await scoreRound(core, roundId, applicationIds);
    const dir = temp.make();
    const out = path.join(dir, 'sheet.pdf');
    expect(await refusal(core.router.dispatch('scoresheet.export', { roundId, out }))).toMatchObject({ code: 'SCORESHEET_NOT_EXPORTED', details: { roundId } });
    expect(filesIn(dir)).toEqual([]);

    const first = await exportBundle(core, roundId);
    const sheet = await exportSheet(core, { roundId, out });
    const before = fs.readFileSync(out);

    const criterion = rubricCriteria(scored.rubric)[0]?.criterion;
    if (criterion === undefined) throw new Error('the rubric has no criterion');
    await ok(core.router.dispatch('score.set', { roundId, applicationId: scored.scoredId, criterionId: criterion.id, value: criterion.max }));
    expect(await refusal(core.router.dispatch('scoresheet.export', { roundId, out }))).toMatchObject({
      code: 'SCORESHEET_STALE',
      details: { roundId, revision: first.revision, reason: 'changed' },
    });
    // The sheet printed before is untouched, and no temp file is left beside it.
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    expect(filesIn(dir)).toEqual(['sheet.pdf']);

    // Content, not time: the old value back, and the sheet matches revision 1 again.
    await ok(core.router.dispatch('score.set', { roundId, applicationId: scored.scoredId, criterionId: criterion.id, value: scored.values[0] ?? 0 }));
    expect(await exportSheet(core, { roundId, out })).toMatchObject({ revision: first.revision, bundleSha256: sheet.bundleSha256 });

    // An opinion edit is a change too; a new export names the new revision.
    await ok(core.router.dispatch('opinion.set', { roundId, applicationId: scored.scoredId, recommendation: 'approve' }));
    expect(await refusal(core.router.dispatch('scoresheet.export', { roundId, out }))).toMatchObject({ code: 'SCORESHEET_STALE' });
    const second = await exportBundle(core, roundId);
    const again = await exportSheet(core, { roundId, out });
    expect(again).toMatchObject({ revision: second.revision, bundleSha256: second.sha256 });
    expect(squeeze(pdfText(out))).toContain('评审结论：同意');
    expect(scanQrCodes(out)).toEqual([second.sha256]);
  });

  it('cannot vouch for an export made before its contents were recorded (migration 013)', async () => {
    const { core, roundId, applicationIds } = await round();
    await scoreRound(core, roundId, applicationIds);
    await exportBundle(core, roundId);
    core.store.db
      .prepare(`INSERT INTO bundle_export (round_id, revision, sha256, exported_at, reviews_sha256) VALUES (?, 2, ?, '2026-11-23T09:00:00.000Z', NULL)`)
      .run(roundId, 'cd'.repeat(32));
    const out = path.join(temp.make(), 'sheet.pdf');
    expect(await refusal(core.router.dispatch('scoresheet.export', { roundId, out }))).toMatchObject({ code: 'SCORESHEET_STALE', details: { revision: 2, reason: 'unverifiable' } });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('prints a draft marked 草稿 when nothing matches, without QR code, signature line or bundle', async () => {
    const { core, roundId, applicationIds } = await round();
    await scoreRound(core, roundId, applicationIds);
    const out = path.join(temp.make(), 'draft.pdf');
    const draft = await exportSheet(core, { roundId, out, draft: true });
    expect(draft).toMatchObject({ draft: true, revision: null, bundleSha256: null });
    const pages = pdfPageCount(out);
    for (let page = 1; page <= pages; page += 1) expect(pdfText(out, { first: page, last: page }), `page ${page}`).toContain('草稿');
    const flat = squeeze(pdfText(out));
    expect(flat).toContain('尚未导出评分包');
    expect(flat).toContain(squeeze(STRENGTHS));
    expect(flat).not.toContain('专家签字');
    expect(scanQrCodes(out)).toEqual([]);
    keepPages(out, 'draft');
  });

  it('prints a very long comment whole below the table, at full width and over several pages, its cell pointing there', async () => {
    const { core, roundId, applicationIds } = await round();
    const scored = await scoreRound(core, roundId, applicationIds);
    const criterion = rubricCriteria(scored.rubric)[1]?.criterion;
    if (criterion === undefined) throw new Error('the rubric has too few criteria');
    const sentences = Array.from({ length: 200 }, (_, i) => `第${i + 1}条：该市制造业增加值占地区生产总值比重达到${30 + (i % 20)}.5%，主导产业集聚度高（详见附表${i + 1}）。`);
    const comment = sentences.join('').slice(0, 10_000);
    await ok(core.router.dispatch('score.set', { roundId, applicationId: scored.scoredId, criterionId: criterion.id, value: scored.values[1] ?? 0, comment }));
    await exportBundle(core, roundId);
    const out = path.join(temp.make(), 'long.pdf');
    const sheet = await exportSheet(core, { roundId, out });
    expect(sheet.pages).toBeGreaterThanOrEqual(3);

    keepPages(out, 'long-comment');
    // The running header and footer come between the pages' parts of the comment.
    const flat = squeeze(pdfText(out)).replace(/专家评分表评分包第\d+版·SHA-256[0-9a-f]{16}…第\d+页\/共\d+页/g, '');
    // The cell quotes the opening and points to the note; the table ends (合计) before the note begins.
    const cell = flat.indexOf(squeeze(`${[...comment].slice(0, 60).join('')}……（全文见表后评语 1）`));
    expect(cell).toBeGreaterThan(0);
    const note = flat.indexOf(squeeze(`评语全文评语 1 · ${criterion.title}：`), cell);
    expect(note).toBeGreaterThan(flat.indexOf('合计', cell));
    let at = note;
    for (const sentence of sentences.filter((s) => comment.includes(s))) {
      const found = flat.indexOf(squeeze(sentence), at + 1);
      expect(found, sentence).toBeGreaterThan(at);
      at = found;
    }
    // At full width: the table's header row is printed once, not on every page the comment reaches.
    expect(flat.split('类别评分项满分得分评语').length - 1).toBe(1);
    expect(squeeze(pdfText(out, { first: sheet.pages, last: sheet.pages }))).toContain('专家签字：');
  });

  it('prints in English on request, with the rubric’s English titles', async () => {
    const { core, roundId, applicationIds } = await round();
    const scored = await scoreRound(core, roundId, applicationIds);
    await exportBundle(core, roundId);
    const out = path.join(temp.make(), 'sheet-en.pdf');
    await exportSheet(core, { roundId, out, language: 'en' });
    keepPages(out, 'english');
    const flat = squeeze(pdfText(out));
    expect(flat).toContain('Expertscoresheet');
    expect(flat).toContain('Recommendation:Approveafterrevision');
    const first = rubricCriteria(scored.rubric)[0]?.criterion;
    expect(flat).toContain(squeeze(first?.titleEn ?? 'missing'));
  });

  it('hands the sheet back as bytes for a browser download, refusing as the file export does', async () => {
    const { core, roundId, applicationIds } = await round();
    await scoreRound(core, roundId, applicationIds);
    expect(await refusal(core.router.dispatch('scoresheet.exportForDownload', { roundId }))).toMatchObject({ code: 'SCORESHEET_NOT_EXPORTED' });
    const bundle = await exportBundle(core, roundId);
    const sheet = await ok<{ fileName: string; contentBase64: string; sha256: string; bytes: number; revision: number; bundleSha256: string; draft: boolean }>(
      core.router.dispatch('scoresheet.exportForDownload', { roundId }),
    );
    const bytes = Buffer.from(sheet.contentBase64, 'base64');
    expect(sheet).toMatchObject({ fileName: '2026年“中国制造2025”试点城市实施方案评审-张三-评分表-r1.pdf', bytes: bytes.length, revision: bundle.revision, bundleSha256: bundle.sha256, draft: false });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sheet.sha256);
    const file = path.join(temp.make(), sheet.fileName);
    fs.writeFileSync(file, bytes);
    expect(scanQrCodes(file)).toEqual([bundle.sha256]);
    const draft = await ok<{ fileName: string; draft: boolean }>(core.router.dispatch('scoresheet.exportForDownload', { roundId, draft: true, language: 'en' }));
    expect(draft).toMatchObject({ fileName: '2026年“中国制造2025”试点城市实施方案评审-张三-score-sheet-draft.pdf', draft: true });
  });

  it('refuses a secretary’s round and an unknown one', async () => {
    const { core } = await round();
    const { id } = await ok<{ id: string }>(core.router.dispatch('round.create', { name: '秘书的评审轮次', kind: 'plan-review' }));
    const dir = temp.make();
    expect(await refusal(core.router.dispatch('scoresheet.export', { roundId: id, out: path.join(dir, 'x.pdf') }))).toMatchObject({ code: 'ROUND_NOT_EXPERT' });
    expect(await refusal(core.router.dispatch('scoresheet.export', { roundId: 'rd9999999z', out: path.join(dir, 'x.pdf') }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(filesIn(dir)).toEqual([]);
  });
});
