import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

/**
 * `backup create`, `backup verify`, `backup restore` from the built command line: a
 * workspace with an identity and a round to a `.prbackup` and into another data
 * directory, which then lists the round and opens the keys; a non-empty target needs
 * `--replace`, which keeps the old one aside.
 */

const root = tempDir('panel-review-cli-backup-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const passFile = path.join(root, 'pass.txt');
fs.writeFileSync(passFile, 'correct horse battery staple\n');

function cli(data: string, ...args: string[]) {
  return runCli(['--data-dir', data, '--json', ...args]);
}

function ok(run: ReturnType<typeof runCli>): Record<string, unknown> {
  if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}${run.stdout}`);
  return parseOneJson(run.stdout);
}

describe('backup from the command line', () => {
  const source = path.join(root, 'source');
  const file = path.join(root, '备份 2026-11-24.prbackup');

  it('creates and verifies a backup of a workspace', () => {
    ok(cli(source, '--passphrase-file', passFile, 'keygen', '--name', '王秘书'));
    ok(cli(source, 'round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'plan-review'));
    const made = ok(cli(source, 'backup', 'create', '--out', file));
    expect(made).toMatchObject({ file, blobs: 0 });
    expect(made.keys).toBeGreaterThanOrEqual(2);
    expect(ok(cli(source, 'backup', 'verify', file))).toEqual(made);
  });

  it('restores into another data directory, which lists the round and opens the keys', () => {
    const target = path.join(root, 'target');
    const restored = ok(cli(target, 'backup', 'restore', file));
    expect(restored).toMatchObject({ dataDir: target, keptAside: null, rounds: 1 });
    const listed = ok(cli(target, 'round', 'list')) as { rounds: { name: string }[] };
    expect(listed.rounds.map((round) => round.name)).toEqual(['2026年试点城市实施方案评审']);
    // The sealed keys came along and open with the same passphrase.
    const exported = path.join(root, 'exported');
    fs.mkdirSync(exported);
    ok(cli(target, '--passphrase-file', passFile, 'key', 'export', '--ssh', path.join(exported, 'id_ed25519'), '--age', path.join(exported, 'identity.age')));
    expect(fs.readFileSync(path.join(exported, 'identity.age'), 'utf8')).toContain('AGE-SECRET-KEY-1');
  });

  it('refuses a non-empty target without --replace (exit 1, nothing changed); with it, keeps the old one aside', () => {
    const refused = cli(source, 'backup', 'restore', file);
    expect(refused.status).toBe(1);
    expect(parseOneJson(refused.stdout)).toMatchObject({ ok: false, error: { code: 'BACKUP_TARGET_NOT_EMPTY' } });
    const replaced = ok(cli(source, 'backup', 'restore', file, '--replace'));
    expect(String(replaced.keptAside)).toContain('source.before-restore-');
    expect(fs.existsSync(path.join(String(replaced.keptAside), 'panel-review.sqlite'))).toBe(true);
  });

  it('says so in Chinese without --json', () => {
    const run = runCli(['--data-dir', path.join(root, 'source'), 'backup', 'verify', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('完好');
  });
});
