import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_RUBRIC } from '../../electron/core/merge/mergeTestKit';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';
import { cliWithPassphrase, secretaryAndExpert, sendPanel, type Cli, type Parties } from '../helpers/panelSetup';

/**
 * `bundle import` and `returns` through the built `panel-review`, as CLI.md names them:
 * two revisions exported by the expert's CLI merged by the secretary's, `{ results }`
 * under --json with one entry per file, exit 1 (and the same `{ results }`) when any
 * file is rejected, one line per file in the human text, and the refusals that come
 * before any file is read.
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const PASS = 'correct horse battery staple';

let root: string;
let passFile: string;
let cli: Cli;
let parties: Parties;
let roundId: string;
let applications: string[];
let revisions: string[];
let damaged: string;

type Run = ReturnType<typeof runCli>;
const secretary = (...args: string[]): Run => runCli(['--data-dir', parties.secretaryData, '--passphrase-file', passFile, ...args], FAST);

interface Result {
  file: string;
  status: string;
  reason?: string;
  code?: string;
  fingerprint?: string;
  revision?: number;
}

function results(run: Run): Result[] {
  const parsed = parseOneJson(run.stdout);
  expect(Object.keys(parsed)).toEqual(['results']);
  return parsed.results as Result[];
}

function mergedRows(): unknown[] {
  const db = new Database(path.join(parties.secretaryData, 'panel-review.sqlite'), { readonly: true });
  try {
    return ['received_bundle', 'merged_review', 'merged_score', 'merged_evidence', 'merged_target'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4`).all());
  } finally {
    db.close();
  }
}

beforeAll(() => {
  root = tempDir('panel-review-cli-merge-');
  passFile = path.join(root, 'pass.txt');
  fs.writeFileSync(passFile, `${PASS}\n`);
  cli = cliWithPassphrase(passFile);
  parties = secretaryAndExpert(cli, root);
  const rubric = path.join(root, 'rubric.json');
  fs.writeFileSync(rubric, JSON.stringify(TEST_RUBRIC));
  roundId = String(cli(parties.secretaryData, ['round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'custom', '--rubric', rubric]).id);
  applications = [
    ['宁波市', 'annots-pdfcomment.pdf'],
    ['泉州市', 'cjk-cns1-prospectus.pdf'],
  ].map(([city = '', pdf = '']) => String(cli(parties.secretaryData, ['app', 'import', '--round', roundId, '--city', city, '--doc-kind', 'plan', corpusFile(pdf)]).id));
  const expertRound = sendPanel(cli, parties, roundId, applications, path.join(root, 'packages'));
  const local = (cli(parties.expertData, ['app', 'list', '--round', expertRound]) as { applications: { id: string }[] }).applications.map((app) => app.id);
  const [first, second] = local;
  const expert = (args: string[]) => cli(parties.expertData, [...args, '--round', expertRound]);
  expert(['coi', 'declare', '--app', first ?? '', '--none']);
  for (const [criterion, value] of [
    ['goals', '17.5'],
    ['measures', '8'],
  ]) {
    expert(['score', 'set', '--app', first ?? '', '--criterion', criterion ?? '', '--value', value ?? '']);
  }
  revisions = [path.join(root, '张三-r1.prscores'), path.join(root, '张三-r2.prscores')];
  expert(['scores', 'export', '--out', revisions[0] ?? '']);
  expert(['score', 'set', '--app', first ?? '', '--criterion', 'indicators', '--value', '6.5']);
  expert(['opinion', 'set', '--app', first ?? '', '--strengths', '重点突出', '--recommendation', 'revise']);
  expert(['coi', 'declare', '--app', second ?? '', '--conflict', '本人曾参与该市方案编制']);
  expert(['scores', 'export', '--out', revisions[1] ?? '']);
  damaged = path.join(root, 'damaged.prscores');
  const bytes = fs.readFileSync(revisions[1] ?? '');
  fs.writeFileSync(damaged, bytes.subarray(0, bytes.length - 30));
}, 180_000);

afterAll(() => {
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

describe('bundle import and returns (CLI)', () => {
  it('refuses before reading any file: an unknown round, no file given, no passphrase', () => {
    const unknown = secretary('--json', '--lang', 'en', 'bundle', 'import', '--round', 'rd00000000', revisions[0] ?? '');
    expect(unknown.status).toBe(1);
    expect(parseOneJson(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const none = secretary('--json', 'bundle', 'import', '--round', roundId);
    expect(none.status).toBe(2);
    expect(parseOneJson(none.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    const locked = runCli(['--data-dir', parties.secretaryData, '--json', 'bundle', 'import', '--round', roundId, revisions[0] ?? ''], FAST);
    expect(locked.status).toBe(1);
    expect(parseOneJson(locked.stdout)).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_REQUIRED' } });
    expect(mergedRows().every((rows) => (rows as unknown[]).length === 0)).toBe(true);
  });

  it('shows nobody returned yet, then merges both revisions: { results } and exit 0', () => {
    const before = secretary('--json', 'returns', '--round', roundId);
    expect(before.status).toBe(0);
    expect(parseOneJson(before.stdout)).toMatchObject({ roundId, experts: [{ fingerprint: parties.expertFingerprint, status: 'not-returned', revision: null, assigned: 2 }] });
    const run = secretary('--json', '--lang', 'en', 'bundle', 'import', '--round', roundId, ...revisions);
    expect(run.status, run.stderr).toBe(0);
    expect(results(run)).toMatchObject([
      { file: '张三-r1.prscores', status: 'accepted', fingerprint: parties.expertFingerprint, revision: 1 },
      { file: '张三-r2.prscores', status: 'accepted', fingerprint: parties.expertFingerprint, revision: 2 },
    ]);
    expect(run.stderr).toBe('');
    const after = secretary('--json', 'returns', '--round', roundId);
    expect(parseOneJson(after.stdout)).toMatchObject({ experts: [{ status: 'complete', revision: 2, assigned: 2, done: 2, conflicts: 1 }] });
    const text = secretary('--lang', 'en', 'returns', '--round', roundId);
    expect(text.stdout).toMatch(new RegExp(`^Complete  张三 \\(${parties.expertFingerprint.replace(/[+/]/g, '\\$&')}\\): 2/2 done, revision 2, received \\d{4}-`));
  });

  it('exits 1 when a file is rejected, still printing { results }; reasons are in the chosen language; nothing else changes', () => {
    const merged = mergedRows();
    const run = secretary('--json', '--lang', 'en', 'bundle', 'import', '--round', roundId, revisions[0] ?? '', damaged, revisions[1] ?? '');
    expect(run.status).toBe(1);
    const [old, bad, same] = results(run);
    expect(old).toMatchObject({ file: '张三-r1.prscores', status: 'unchanged', revision: 1, reason: 'This score bundle was merged before (revision 1); nothing was changed.' });
    expect(bad).toMatchObject({ file: 'damaged.prscores', status: 'rejected', code: 'AGE_DAMAGED', reason: 'The encrypted file is damaged, truncated or was altered.' });
    expect(same).toMatchObject({ status: 'unchanged', reason: 'This score bundle was merged before (revision 2); nothing was changed.' });
    expect(run.stderr.trim().split('\n')).toEqual(['panel-review: 1 score bundle(s) rejected and not merged; the others are not affected.']);
    expect(mergedRows()).toEqual(merged);
  });

  it('prints one line per file in Chinese by default', () => {
    const run = secretary('bundle', 'import', '--round', roundId, revisions[1] ?? '', damaged);
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('未改变  张三-r2.prscores：这个评分包已经合并过（第 2 版），未作任何修改。');
    expect(lines[1]).toBe('已拒绝  damaged.prscores：加密文件已损坏、不完整或被篡改。');
    expect(run.stderr.trim()).toBe('panel-review: 1 个评分包被拒绝，未合并；其余评分包不受影响。');
    const audit = parseOneJson(secretary('--json', 'audit', 'verify').stdout);
    expect(audit).toMatchObject({ ok: true });
  });
});
