import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUND_ID_PATTERN } from '../../shared/domain/round';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

const dirs: string[] = [];
function dataDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function listRounds(dir: string): unknown[] {
  const run = runCli(['--data-dir', dir, '--json', 'round', 'list']);
  expect(run.status).toBe(0);
  return parseOneJson(run.stdout).rounds as unknown[];
}

describe('panel-review round create / round list', () => {
  it('creates a round and lists it, with --json printing exactly one object', () => {
    const dir = dataDir();
    const created = runCli(['--data-dir', dir, '--json', 'round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'plan-review']);
    expect(created.status).toBe(0);
    const round = parseOneJson(created.stdout);
    expect(round.id).toMatch(ROUND_ID_PATTERN);
    expect(round).toMatchObject({ name: '2026年试点城市实施方案评审', kind: 'plan-review', role: 'secretary' });

    const rounds = listRounds(dir);
    expect(rounds).toEqual([expect.objectContaining({ id: round.id, name: round.name, kind: 'plan-review', role: 'secretary' })]);
  });

  it('prints human text in Chinese by default and in English with --lang en', () => {
    const dir = dataDir();
    const zh = runCli(['--data-dir', dir, 'round', 'create', '--name', '中期评估 2027', '--kind', 'midterm']);
    expect(zh.status).toBe(0);
    expect(zh.stdout).toMatch(/^已创建评审轮次 [0-9a-z]{10}：中期评估 2027（中期评估）\n$/);
    const en = runCli(['--lang', 'en', '--data-dir', dir, 'round', 'list']);
    expect(en.stdout).toContain('中期评估 2027 · Mid-term review · Secretary');
  });

  it('takes the language from LANG when --lang is absent, and --lang wins over it', () => {
    const dir = dataDir();
    expect(runCli(['--data-dir', dir, 'round', 'list'], { LANG: 'en_GB.UTF-8' }).stdout).toContain('No review rounds yet');
    expect(runCli(['--data-dir', dir, 'round', 'list'], { LANG: 'zh_CN.UTF-8' }).stdout).toContain('还没有评审轮次');
    expect(runCli(['--lang', 'zh-CN', '--data-dir', dir, 'round', 'list'], { LC_ALL: 'en_US.UTF-8' }).stdout).toContain('还没有评审轮次');
  });

  it('uses PANEL_REVIEW_DATA_DIR when --data-dir is absent, and --data-dir over it', () => {
    const fromEnv = dataDir();
    const fromFlag = dataDir();
    expect(runCli(['round', 'create', '--name', 'A', '--kind', 'custom'], { PANEL_REVIEW_DATA_DIR: fromEnv }).status).toBe(0);
    expect(fs.existsSync(path.join(fromEnv, 'panel-review.sqlite'))).toBe(true);
    expect(runCli(['--data-dir', fromFlag, 'round', 'create', '--name', 'B', '--kind', 'custom'], { PANEL_REVIEW_DATA_DIR: fromEnv }).status).toBe(0);
    expect(listRounds(fromEnv)).toHaveLength(1);
    expect(listRounds(fromFlag)).toHaveLength(1);
  });

  it('accepts the global flags after the command too', () => {
    const dir = dataDir();
    const run = runCli(['round', 'list', '--json', '--data-dir', dir]);
    expect(run.status).toBe(0);
    expect(parseOneJson(run.stdout)).toEqual({ rounds: [] });
  });
});

describe('refused input: exit 1, a clear reason, nothing written', () => {
  const cases: { name: string; args: string[]; code: string; zh: RegExp }[] = [
    { name: 'empty name', args: ['--name', '', '--kind', 'plan-review'], code: 'INVALID_INPUT', zh: /name: 不能为空/ },
    { name: 'blank name', args: ['--name', '   ', '--kind', 'plan-review'], code: 'INVALID_INPUT', zh: /name: 不能为空/ },
    { name: 'unknown kind', args: ['--name', '评审', '--kind', 'review'], code: 'INVALID_INPUT', zh: /kind: 评审类型必须是/ },
    { name: 'name too long', args: ['--name', '评'.repeat(121), '--kind', 'custom'], code: 'INVALID_INPUT', zh: /不能超过 120 个字符/ },
    { name: 'control characters', args: ['--name', 'a\nb', '--kind', 'custom'], code: 'INVALID_INPUT', zh: /控制字符/ },
  ];
  for (const { name, args, code, zh } of cases) {
    it(name, () => {
      const dir = dataDir();
      const run = runCli(['--data-dir', dir, '--json', 'round', 'create', ...args]);
      expect(run.status).toBe(1);
      const out = parseOneJson(run.stdout);
      expect(out).toMatchObject({ ok: false, error: { code } });
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(zh);
      expect(listRounds(dir)).toEqual([]);
    });
  }

  it('a duplicate name is refused and the first round kept', () => {
    const dir = dataDir();
    expect(runCli(['--data-dir', dir, 'round', 'create', '--name', '考核评估', '--kind', 'assessment']).status).toBe(0);
    const again = runCli(['--data-dir', dir, '--json', '--lang', 'en', 'round', 'create', '--name', '考核评估', '--kind', 'midterm']);
    expect(again.status).toBe(1);
    expect(parseOneJson(again.stdout)).toMatchObject({ ok: false, error: { code: 'ROUND_NAME_TAKEN' } });
    expect(again.stderr).toContain('A review round named “考核评估” already exists');
    expect(listRounds(dir)).toEqual([expect.objectContaining({ kind: 'assessment' })]);
  });

  it('a data directory that cannot be created gets a clear message', () => {
    const dir = dataDir();
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const run = runCli(['--data-dir', path.join(file, 'data'), '--json', 'round', 'list']);
    expect(run.status).toBe(1);
    expect(parseOneJson(run.stdout)).toMatchObject({ ok: false, error: { code: 'DATA_DIR_UNAVAILABLE' } });
    expect(run.stderr).toContain('路径中有一部分不是目录');
  });
});

describe('usage errors: exit 2 with usage', () => {
  const cases: { name: string; args: string[]; message: RegExp }[] = [
    { name: 'unknown command', args: ['round', 'delete'], message: /未知命令：round delete/ },
    { name: 'no command', args: [], message: /panel-review --help/ },
    { name: 'unknown flag', args: ['round', 'create', '--name', 'x', '--kind', 'custom', '--colour', 'red'], message: /未知选项：--colour/ },
    { name: 'missing required flag', args: ['round', 'create', '--name', 'x'], message: /缺少必需的选项 --kind/ },
    { name: 'flag without value', args: ['round', 'create', '--kind', 'custom', '--name'], message: /--name/ },
    { name: 'stray argument', args: ['round', 'list', 'extra'], message: /多余的参数：extra/ },
    { name: 'bad --lang', args: ['--lang', 'fr', 'round', 'list'], message: /--lang 只能是 zh-CN 或 en/ },
    { name: 'global flag without value', args: ['round', 'list', '--data-dir'], message: /--data-dir/ },
    { name: 'bad --port', args: ['serve', '--port', 'http', '--no-open'], message: /--port/ },
  ];
  for (const { name, args, message } of cases) {
    it(name, () => {
      const dir = dataDir();
      const run = runCli(['--data-dir', dir, ...args]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
      // Nothing at all is written for a command line that does not parse.
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  }

  it('under --json a usage error is still one JSON object', () => {
    const run = runCli(['--json', '--lang', 'en', 'frobnicate']);
    expect(run.status).toBe(2);
    expect(parseOneJson(run.stdout)).toEqual({ ok: false, error: { code: 'USAGE', message: 'unknown command: frobnicate' } });
  });

  it('--help prints usage and exits 0 without touching a data directory', () => {
    const dir = dataDir();
    const run = runCli(['--data-dir', dir, '--help']);
    expect(run.status).toBe(0);
    for (const command of ['round create', 'round list', 'serve']) expect(run.stdout).toContain(command);
    expect(runCli(['round', 'create', '--help']).stdout).toContain('--name N --kind');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(runCli(['--version']).stdout.trim()).toBe(version);
    expect(parseOneJson(runCli(['--json', '--version']).stdout)).toEqual({ version });
  });
});
