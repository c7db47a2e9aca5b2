import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setUp(): { dir: string; round: string; cli: (...args: string[]) => ReturnType<typeof runCli> } {
  const dir = tempDir();
  dirs.push(dir);
  const cli = (...args: string[]) => runCli(['--data-dir', dir, ...args]);
  const created = cli('--json', 'round', 'create', '--name', '2026 实施方案评审', '--kind', 'plan-review');
  return { dir, round: String(parseOneJson(created.stdout).id), cli };
}

describe('panel-review app import / app list / search (CLI.md contract)', () => {
  it('imports, lists and searches with the JSON fields CLI.md names', () => {
    const { round, cli } = setUp();
    const imported = cli('--json', 'app', 'import', '--round', round, '--city', '成都市', '--province', '四川省', '--applicant', '成都市经济和信息化局', '--doc-kind', 'plan', corpusFile('cjk-lshort-zh-cn.pdf'));
    expect(imported.status, imported.stderr).toBe(0);
    const result = parseOneJson(imported.stdout);
    expect(result).toMatchObject({
      id: expect.stringMatching(/^[0-9a-z]{10}$/),
      documents: [{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), pages: 139, name: 'cjk-lshort-zh-cn.pdf', status: 'imported' }],
    });

    const listed = parseOneJson(cli('--json', 'app', 'list', '--round', round).stdout);
    expect(listed).toMatchObject({
      applications: [
        {
          id: result.id,
          city: '成都市',
          province: '四川省',
          applicant: '成都市经济和信息化局',
          documents: [{ name: 'cjk-lshort-zh-cn.pdf', kind: 'plan', pages: 139 }],
        },
      ],
    });

    // CLI.md: import returns when the text is indexed, so search works at once.
    const found = parseOneJson(cli('--json', 'search', '--round', round, '另起一页').stdout) as { hits: Record<string, unknown>[] };
    expect(found.hits.length).toBe(4);
    expect(found.hits[0]).toMatchObject({ applicationId: result.id, page: expect.any(Number), snippet: expect.stringContaining('另起一页') });

    const text = cli('search', '--round', round, '正斜线', '另起一页');
    expect(text.stdout).toMatch(/成都市 · cjk-lshort-zh-cn\.pdf 第 20 页：/);
  });

  it('refuses a package with a broken file: exit 1, every refused file named, nothing stored', () => {
    const { dir, round, cli } = setUp();
    const run = cli('--json', 'app', 'import', '--round', round, corpusFile('cjk-cns1-prospectus.pdf'), corpusFile('truncated.pdf'), corpusFile('not-a-pdf.pdf'));
    expect(run.status).toBe(1);
    expect(parseOneJson(run.stdout)).toMatchObject({ ok: false, error: { code: 'PDF_DAMAGED' } });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('truncated.pdf 已损坏');
    expect(run.stderr).toContain('另有 1 个文件也被拒绝：not-a-pdf.pdf');
    expect(parseOneJson(cli('--json', 'app', 'list', '--round', round).stdout)).toEqual({ applications: [] });
    expect(fs.existsSync(path.join(dir, 'blobs', 'sha256')) ? fs.readdirSync(path.join(dir, 'blobs', 'sha256')).filter((d) => d !== 'tmp') : []).toEqual([]);
  });

  it('opens a password-protected PDF only with --password', () => {
    const { round, cli } = setUp();
    const file = corpusFile('encrypted-aes256-user.pdf');
    const without = cli('--lang', 'en', 'app', 'import', '--round', round, file);
    expect(without.status).toBe(1);
    expect(without.stderr).toContain('is protected by an open password');
    const withPassword = cli('--json', 'app', 'import', '--round', round, '--password', 'secret', file);
    expect(withPassword.status, withPassword.stderr).toBe(0);
    expect(parseOneJson(withPassword.stdout)).toMatchObject({ documents: [{ pages: 26 }] });
  });

  it('usage errors exit 2: no --round, no path, unknown round is a refusal (1)', () => {
    const { round, cli } = setUp();
    expect(cli('app', 'import', corpusFile('cjk-cns1-prospectus.pdf')).status).toBe(2);
    const noPath = cli('app', 'import', '--round', round);
    expect(noPath.status).toBe(2);
    expect(noPath.stderr).toContain('缺少参数 PATH…');
    expect(cli('search', '--round', round).stderr).toContain('缺少参数 QUERY');
    const unknown = cli('--json', 'app', 'list', '--round', 'zzzzzzzzzz');
    expect(unknown.status).toBe(1);
    expect(parseOneJson(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const badKind = cli('--json', 'app', 'import', '--round', round, '--doc-kind', 'report', corpusFile('cjk-cns1-prospectus.pdf'));
    expect(badKind.status).toBe(1);
    expect(parseOneJson(badKind.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('app update changes only the options given; an unknown application is refused', () => {
    const { round, cli } = setUp();
    const imported = parseOneJson(cli('--json', 'app', 'import', '--round', round, '--city', '成都', '--applicant', '经信局', corpusFile('cjk-cns1-prospectus.pdf')).stdout);
    const updated = cli('--json', 'app', 'update', '--app', String(imported.id), '--city', '成都市', '--province', '四川省');
    expect(updated.status, updated.stderr).toBe(0);
    expect(parseOneJson(updated.stdout)).toMatchObject({ id: imported.id, city: '成都市', province: '四川省', applicant: '经信局' });
    const cleared = parseOneJson(cli('--json', 'app', 'update', '--app', String(imported.id), '--applicant', '').stdout);
    expect(cleared).toMatchObject({ city: '成都市', applicant: null });
    const unknown = cli('--json', 'app', 'update', '--app', 'zzzzzzzzzz', '--city', 'x');
    expect(unknown.status).toBe(1);
    expect(parseOneJson(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(cli('app', 'update', '--city', 'x').status).toBe(2);
  });
});
