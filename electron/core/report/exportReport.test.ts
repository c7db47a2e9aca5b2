import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDownloadOutput, ReportPreviewOutput } from '../../../shared/domain/report/reportExport';
import type { Results } from '../../../shared/domain/results';
import { ok } from '../expert/expertTestKit';
import { auditRows, type TestPanel } from '../merge/mergeTestKit';
import { tempDirs } from '../panel/panelTestKit';
import { createAuditLog, type AuditLog } from '../audit/auditLog';
import { createApplicationRepository } from '../documents/applicationRepository';
import { createResultsReader } from '../results/resultsReader';
import { createResultsRepository } from '../results/resultsRepository';
import type { CommandContext } from '../router';
import { createRoundRepository } from '../rounds/roundRepository';
import { createRubricRepository } from '../scoring/rubricRepository';
import { exportReport as exportReportDirect } from './exportReport';
import { createReportRepository } from './reportRepository';
import { exportReport, noteEveryFlag, refusal, scoredRound } from './reportTestKit';

/**
 * `report.export` on a real secretary data directory (real keys, sealed bundles, the real
 * merge): a final report waits for every flag's note, a draft does not; each export is
 * one audit entry naming the file's hash; a refusal or a failed write leaves the file
 * that was at `out` as it was, no temp file beside it, and the audit log as it was.
 */

const temp = tempDirs('panel-review-report-export-');
let panel: TestPanel;
let dir: string;

beforeAll(async () => {
  dir = temp.make();
  ({ panel } = await scoredRound(dir));
}, 60_000);
afterAll(async () => {
  await panel.core.close();
  temp.cleanup();
});

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const leftovers = (folder: string) => fs.readdirSync(folder).filter((name) => name.endsWith('.tmp'));
const reportAudits = () => auditRows(panel.db).filter((row) => row.action === 'report.export');

describe('report.export refusals', () => {
  it('refuses a final report while flags are open, naming how many and where; writes and audits nothing', async () => {
    const out = path.join(dir, '评分汇总表.xlsx');
    fs.writeFileSync(out, 'the previous report');
    const before = auditRows(panel.db).length;
    const error = await refusal(panel.core.router.dispatch('report.export', { roundId: panel.roundId, format: 'xlsx', out }));
    expect(error).toMatchObject({ code: 'FLAGS_WITHOUT_NOTES', details: { count: 3, applications: '宁波市（2）、泉州市（1）' } });
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous report');
    expect(leftovers(dir)).toEqual([]);
    expect(auditRows(panel.db)).toHaveLength(before);
  });

  it('writes a draft with open flags, audited with the file’s base name, hash, size and the open count', async () => {
    const out = path.join(dir, 'draft.json');
    const written = await exportReport(panel, { format: 'json', out, draft: true });
    expect(written).toMatchObject({ file: out, format: 'json', draft: true, openFlags: 3, sha256: sha256Of(out), bytes: fs.statSync(out).size });
    expect(reportAudits().at(-1)).toMatchObject({
      roundId: panel.roundId,
      detail: { format: 'json', file: 'draft.json', sha256: written.sha256, bytes: written.bytes, draft: true, openFlags: 3 },
    });
    expect(await ok(panel.core.router.dispatch('audit.verify', {}))).toMatchObject({ ok: true });
  });

  it('refuses a round that is not the secretary’s and an unknown round', async () => {
    panel.db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES ('rd00000000', '专家的轮次', 'custom', 'expert', '2026-11-23T08:00:00.000Z')`).run();
    const out = path.join(dir, 'x.csv');
    expect(await refusal(panel.core.router.dispatch('report.export', { roundId: 'rd00000000', format: 'csv', out }))).toMatchObject({ code: 'ROUND_NOT_SECRETARY' });
    expect(await refusal(panel.core.router.dispatch('report.export', { roundId: 'rd9999999z', format: 'csv', out }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a missing folder, a folder as the file, and a relative path', async () => {
    const draft = { roundId: panel.roundId, format: 'csv', draft: true };
    expect(await refusal(panel.core.router.dispatch('report.export', { ...draft, out: path.join(dir, 'no-such-folder', 'r.csv') }))).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ message: 'validation.outDirMissing' }] },
    });
    expect(await refusal(panel.core.router.dispatch('report.export', { ...draft, out: dir }))).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ message: 'validation.outIsDirectory' }] },
    });
    expect(await refusal(panel.core.router.dispatch('report.export', { ...draft, out: 'relative.csv' }))).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ path: ['out'], message: 'validation.absolutePath' }] },
    });
  });

  it('leaves an existing file whole when the write fails (the temp file cannot be made)', async () => {
    // 240 bytes of name is allowed; the temp name beside it (".name.<uuid>.tmp") is not.
    const out = path.join(dir, `${'评'.repeat(78)}.csv`);
    fs.writeFileSync(out, 'keep me');
    const before = auditRows(panel.db).length;
    const error = await refusal(panel.core.router.dispatch('report.export', { roundId: panel.roundId, format: 'csv', out, draft: true }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'ENAMETOOLONG' } });
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    expect(leftovers(dir)).toEqual([]);
    expect(auditRows(panel.db)).toHaveLength(before);
  });

  it('leaves an existing file whole, and no temp file, when the audit entry cannot be appended', async () => {
    const out = path.join(dir, 'audit-fails.csv');
    fs.writeFileSync(out, 'keep me too');
    const db = panel.db;
    const context: CommandContext = { signal: new AbortController().signal, taskId: undefined, progress: () => undefined, throwIfCancelled: () => undefined };
    const reader = createResultsReader({ db, rubrics: createRubricRepository(db), applications: createApplicationRepository(db), results: createResultsRepository(db) });
    const audit = createAuditLog(db, () => new Date());
    const failingAudit: AuditLog = {
      ...audit,
      append: () => {
        throw new Error('disk full while appending the audit entry');
      },
    };
    const deps = { db, rounds: createRoundRepository(db), reader, reports: createReportRepository(db), audit: failingAudit, language: () => null, now: () => new Date() };
    await expect(
      exportReportDirect(deps, { roundId: panel.roundId, format: 'csv', out, draft: true }, context),
    ).rejects.toThrow('disk full');
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me too');
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('report.exportForDownload and report.preview while flags are open', () => {
  it('hands a draft back as bytes, audited under the suggested name; refuses a final one, auditing nothing', async () => {
    const before = auditRows(panel.db).length;
    expect(await refusal(panel.core.router.dispatch('report.exportForDownload', { roundId: panel.roundId, format: 'xlsx' }))).toMatchObject({ code: 'FLAGS_WITHOUT_NOTES' });
    expect(auditRows(panel.db)).toHaveLength(before);
    const download = await ok<ReportDownloadOutput>(panel.core.router.dispatch('report.exportForDownload', { roundId: panel.roundId, format: 'pdf', draft: true }));
    const bytes = Buffer.from(download.contentBase64, 'base64');
    expect(download).toMatchObject({ format: 'pdf', draft: true, openFlags: 3, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(download.fileName).toBe('2026年试点城市实施方案评审-专家评审意见汇总-草稿.pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(reportAudits().at(-1)?.detail).toMatchObject({ format: 'pdf', file: download.fileName, sha256: download.sha256, draft: true, openFlags: 3 });
    expect(auditRows(panel.db)).toHaveLength(before + 1);
  });

  it('names the characters the report font cannot draw (printed as empty boxes), for the PDF only', async () => {
    const applicationId = panel.db.prepare('SELECT id FROM application WHERE round_id = ? ORDER BY created_at LIMIT 1').pluck().get(panel.roundId) as string;
    const before = panel.db.prepare('SELECT applicant FROM application WHERE id = ?').pluck().get(applicationId) as string | null;
    panel.db.prepare('UPDATE application SET applicant = ? WHERE id = ?').run('宁波市经信局\u{1F600}', applicationId);
    try {
      const pdf = await exportReport(panel, { format: 'pdf', out: path.join(dir, 'missing.pdf'), draft: true });
      expect(pdf.missingCharacters).toEqual(['\u{1F600}']);
      const csv = await exportReport(panel, { format: 'csv', out: path.join(dir, 'missing.csv'), draft: true });
      expect(csv.missingCharacters).toEqual([]);
    } finally {
      panel.db.prepare('UPDATE application SET applicant = ? WHERE id = ?').run(before, applicationId);
    }
  });

  it('previews the PDF as a draft while flags are open, writing and auditing nothing', async () => {
    const before = auditRows(panel.db).length;
    const files = fs.readdirSync(dir);
    const preview = await ok<ReportPreviewOutput>(panel.core.router.dispatch('report.preview', { roundId: panel.roundId }));
    expect(preview).toMatchObject({ draft: true, openFlags: 3 });
    const file = path.join(temp.make(), 'preview.pdf');
    fs.writeFileSync(file, Buffer.from(preview.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('草稿');
    expect(text).toContain('宁波市');
    expect(auditRows(panel.db)).toHaveLength(before);
    expect(fs.readdirSync(dir)).toEqual(files);
  });
});

describe('report.export once every flag is noted', () => {
  it('writes the final report in every format, each one audit entry, the chain intact', async () => {
    await noteEveryFlag(panel);
    const results = await ok<Results>(panel.core.router.dispatch('results.show', { roundId: panel.roundId }));
    expect(results.openFlags).toBe(0);
    const before = reportAudits().length;
    for (const format of ['xlsx', 'csv', 'json'] as const) {
      const out = path.join(dir, `final.${format}`);
      const written = await exportReport(panel, { format, out });
      expect(written).toMatchObject({ draft: false, openFlags: 0, sha256: sha256Of(out) });
      expect(reportAudits().at(-1)?.detail).toMatchObject({ format, file: `final.${format}`, sha256: written.sha256, draft: false, openFlags: 0 });
    }
    expect(reportAudits()).toHaveLength(before + 3);
    // Once every flag has its note, the preview is the final PDF: no draft mark.
    const preview = await ok<ReportPreviewOutput>(panel.core.router.dispatch('report.preview', { roundId: panel.roundId, language: 'en' }));
    expect(preview).toMatchObject({ draft: false, openFlags: 0 });
    const download = await ok<ReportDownloadOutput>(panel.core.router.dispatch('report.exportForDownload', { roundId: panel.roundId, format: 'csv', language: 'en' }));
    expect(download.fileName).toBe('2026年试点城市实施方案评审-score-summary.csv');
    expect(reportAudits()).toHaveLength(before + 4);
    expect(await ok(panel.core.router.dispatch('audit.verify', {}))).toMatchObject({ ok: true });
    expect(leftovers(dir)).toEqual([]);
  });

  it('replaces an existing file whole', async () => {
    const out = path.join(dir, 'replace.csv');
    fs.writeFileSync(out, 'x'.repeat(100_000));
    const written = await exportReport(panel, { format: 'csv', out });
    expect(fs.statSync(out).size).toBe(written.bytes);
    expect(sha256Of(out)).toBe(written.sha256);
  });
});
