import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PanelMember } from '../../shared/domain/panelPackage';
import { toOpenSshPrivateKey } from '../../electron/core/crypto/sshKeys';
import { SOURCE_ROUND_ID, writeTestPackage } from '../../electron/core/expert/expertTestKit';
import { ageIdentityFile } from '../../electron/core/identity/privateKeys';
import { documentFromFile, makeMember, memberOf, type TestDocument, type TestMember } from '../../electron/core/panel/panelTestKit';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, repoRoot, runCli, tempDir } from '../helpers/cli';

/**
 * The expert's side through the built `panel-review` (CLI.md: `panel import`,
 * `scores export`; the secretary's `bundle verify`), with packages made by the panel
 * test kit and bundles checked with stock age, jq and ssh-keygen as README.md shows.
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const haveScript = spawnSync('script', ['--version']).error === undefined;
const haveTools = ['age', 'jq', 'ssh-keygen', 'base64'].every((tool) => spawnSync('bash', ['-c', `command -v ${tool}`]).status === 0);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function workDir(): string {
  const dir = tempDir('panel-review-panel-import-');
  dirs.push(dir);
  return dir;
}

interface Side {
  data: string;
  cli: (...args: string[]) => ReturnType<typeof runCli>;
}
function side(dir: string, name: string): Side {
  const data = path.join(dir, name);
  const passFile = path.join(dir, `${name}.pass`);
  fs.writeFileSync(passFile, 'correct horse battery\n');
  return { data, cli: (...args) => runCli(['--data-dir', data, '--passphrase-file', passFile, ...args], FAST) };
}
function ok(run: ReturnType<typeof runCli>): Record<string, unknown> {
  expect(run.status, run.stderr).toBe(0);
  return parseOneJson(run.stdout);
}
function refused(run: ReturnType<typeof runCli>, code: string): void {
  expect(run.status, run.stderr).toBe(1);
  expect(parseOneJson(run.stdout)).toMatchObject({ ok: false, error: { code } });
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
}
/** Every file of a data directory with its bytes (SQLite's transient WAL files aside). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !/-(wal|shm)$/.test(entry.name)) out[path.relative(dir, file)] = fs.readFileSync(file).toString('base64');
  }
  return out;
}

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `answer` at the y/N question. */
function onTerminal(args: string[], answer: string): Promise<{ status: number | null; output: string }> {
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const argv = [process.execPath, path.join(repoRoot, 'bin/panel-review.js'), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', argv.map(quote).join(' '), '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb', ...FAST } });
    let output = '';
    let asked = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`timed out on a terminal; output so far: ${output}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!asked && output.includes('[y/N]')) {
        asked = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

let secretary: TestMember;
let impostor: TestMember;
let documents: TestDocument[];
beforeAll(async () => {
  [secretary, impostor] = await Promise.all([makeMember('王秘书'), makeMember('冒充者')]);
  documents = [
    documentFromFile(corpusFile('cjk-cns1-prospectus.pdf'), 1),
    documentFromFile(corpusFile('image-only-incgraph.pdf'), 4),
    documentFromFile(corpusFile('junk-prefix.pdf'), 1),
  ];
});

/** An expert data directory with a CLI-made identity; its public part as a manifest names it. */
function expertSide(dir: string): { expert: Side; me: PanelMember } {
  const expert = side(dir, 'expert');
  const made = ok(expert.cli('--json', 'keygen', '--name', '张三', '--affiliation', '同济大学'));
  const me = { name: '张三', affiliation: '同济大学', fingerprint: String(made.fingerprint), sshPublicKey: String(made.sshPublicKey), ageRecipient: String(made.ageRecipient) };
  return { expert, me };
}

/** The secretary's data directory, adopting the keys the test signs packages with. */
function secretarySide(dir: string): Side {
  const secretaryDir = side(dir, 'secretary');
  fs.writeFileSync(path.join(dir, 'secretary_ssh'), toOpenSshPrivateKey(secretary.signing.privateKey, secretary.signing.publicKey), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'secretary_age'), ageIdentityFile(secretary.age.identity, secretary.age.recipient, '2026-01-01T00:00:00.000Z'), { mode: 0o600 });
  ok(secretaryDir.cli('--json', 'key', 'import', '--ssh', path.join(dir, 'secretary_ssh'), '--age', path.join(dir, 'secretary_age'), '--name', '王秘书'));
  return secretaryDir;
}

describe('panel-review panel import (CLI.md contract)', () => {
  it('imports a package as an expert round, trusting the secretary on first use; again is unchanged', async () => {
    const dir = workDir();
    const { expert, me } = expertSide(dir);
    const { file } = await writeTestPackage({ secretary, expert: me, documents, outPath: path.join(dir, 'panel.prpanel') });
    const run = expert.cli('--json', 'panel', 'import', file);
    const imported = ok(run);
    const fingerprint = memberOf(secretary).fingerprint;
    expect(imported).toEqual({ roundId: expect.stringMatching(/^[0-9a-z]{10}$/), applications: 2, secretaryFingerprint: fingerprint, secretaryKnown: 'new', status: 'imported' });
    // No terminal to ask: the trusted fingerprint is printed for checking.
    expect(run.stderr).toContain(fingerprint);

    const { rounds } = ok(expert.cli('--json', 'round', 'list')) as { rounds: { id: string; role: string }[] };
    expect(rounds).toEqual([expect.objectContaining({ id: imported.roundId, role: 'expert' })]);
    const listed = ok(expert.cli('--json', 'app', 'list', '--round', String(imported.roundId))) as { applications: { documents: { textStatus: string }[] }[] };
    expect(listed.applications.flatMap((a) => a.documents.map((d) => d.textStatus))).toEqual(['done', 'done', 'done']);

    const before = snapshot(expert.data);
    expect(ok(expert.cli('--json', 'panel', 'import', file))).toMatchObject({ roundId: imported.roundId, status: 'unchanged', secretaryKnown: 'trusted' });
    expect(snapshot(expert.data)).toEqual(before);

    const text = expert.cli('--lang', 'zh-CN', 'panel', 'import', file);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`已经导入过（评审轮次 ${String(imported.roundId)}）`);
  });

  it('refuses a changed secretary key, an unexpected one and a tampered package, changing nothing', async () => {
    const dir = workDir();
    const { expert, me } = expertSide(dir);
    const { file } = await writeTestPackage({ secretary, expert: me, documents: documents.slice(0, 1), outPath: path.join(dir, 'panel.prpanel') });
    // --expect-secretary with the wrong fingerprint: nothing stored, not even the trust.
    const before = snapshot(expert.data);
    refused(expert.cli('--json', 'panel', 'import', '--expect-secretary', memberOf(impostor).fingerprint, file), 'PACKAGE_SECRETARY_UNEXPECTED');
    expect(snapshot(expert.data)).toEqual(before);
    ok(expert.cli('--json', 'panel', 'import', '--expect-secretary', memberOf(secretary).fingerprint, file));

    const imported = snapshot(expert.data);
    const forged = await writeTestPackage({ secretary: impostor, expert: me, documents, packageId: 'pk0123458z', outPath: path.join(dir, 'forged.prpanel') });
    const changed = expert.cli('--json', 'panel', 'import', forged.file);
    refused(changed, 'PACKAGE_SECRETARY_CHANGED');
    expect(changed.stderr).toContain(memberOf(impostor).fingerprint);
    expect(changed.stderr).toContain(memberOf(secretary).fingerprint);

    const bytes = fs.readFileSync(file);
    fs.writeFileSync(path.join(dir, 'truncated.prpanel'), bytes.subarray(0, bytes.length - 100));
    refused(expert.cli('--json', 'panel', 'import', path.join(dir, 'truncated.prpanel')), 'AGE_DAMAGED');
    expect(snapshot(expert.data)).toEqual(imported);
  });

  it.skipIf(!haveScript)('on a terminal, shows a new secretary fingerprint and imports only after yes', async () => {
    const dir = workDir();
    const { expert, me } = expertSide(dir);
    const { file } = await writeTestPackage({ secretary, expert: me, documents: documents.slice(0, 1), outPath: path.join(dir, 'panel.prpanel') });
    const args = ['--data-dir', expert.data, '--passphrase-file', path.join(dir, 'expert.pass'), '--lang', 'en', 'panel', 'import', file];
    const before = snapshot(expert.data);
    const declined = await onTerminal(args, 'n');
    expect(declined.output).toContain(`Secretary key fingerprint: ${memberOf(secretary).fingerprint}`);
    expect(declined.status).toBe(1);
    expect(snapshot(expert.data)).toEqual(before);
    const accepted = await onTerminal(args, 'y');
    expect(accepted.status, accepted.output).toBe(0);
    expect(accepted.output).toContain('Imported the panel package as round');
  });

  it("refuses another expert's package", async () => {
    const dir = workDir();
    const { expert } = expertSide(dir);
    const other = await makeMember('李四');
    const { file } = await writeTestPackage({ secretary, expert: memberOf(other, null), documents: documents.slice(0, 1), outPath: path.join(dir, 'other.prpanel') });
    const before = snapshot(expert.data);
    refused(expert.cli('--json', 'panel', 'import', file), 'AGE_NO_MATCHING_KEY');
    expect(snapshot(expert.data)).toEqual(before);
  });
});

describe('panel-review scores export / bundle verify (CLI.md contract)', () => {
  it('exports revisions 1 and 2; the secretary verifies both, with the app and with stock tools', async () => {
    const dir = workDir();
    const { expert, me } = expertSide(dir);
    const { file } = await writeTestPackage({ secretary, expert: me, documents: documents.slice(0, 1), outPath: path.join(dir, 'panel.prpanel') });
    const { roundId } = ok(expert.cli('--json', 'panel', 'import', file));
    const exports = [1, 2].map((n) => ok(expert.cli('--json', 'scores', 'export', '--round', String(roundId), '--out', path.join(dir, `r${n}.prscores`))));
    expect(exports).toEqual([
      { file: path.join(dir, 'r1.prscores'), revision: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { file: path.join(dir, 'r2.prscores'), revision: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);

    const secretaryDir = secretarySide(dir);
    for (const exported of exports) {
      expect(ok(secretaryDir.cli('--json', 'bundle', 'verify', String(exported.file)))).toMatchObject({
        fingerprint: me.fingerprint,
        roundId: SOURCE_ROUND_ID,
        revision: exported.revision,
        applications: 0,
        sha256: exported.sha256,
        expertName: '张三',
      });
    }
    const text = secretaryDir.cli('--lang', 'zh-CN', 'bundle', 'verify', String(exports[1]?.file));
    expect(text.stdout).toContain(`评分包有效：专家 张三（指纹 ${me.fingerprint}）`);

    // A changed byte: refused, and the secretary's data directory is as it was.
    const bytes = fs.readFileSync(String(exports[0]?.file));
    bytes[bytes.length - 30] = (bytes[bytes.length - 30] ?? 0) ^ 1;
    fs.writeFileSync(path.join(dir, 'tampered.prscores'), bytes);
    const before = snapshot(secretaryDir.data);
    refused(secretaryDir.cli('--json', 'bundle', 'verify', path.join(dir, 'tampered.prscores')), 'AGE_DAMAGED');
    expect(snapshot(secretaryDir.data)).toEqual(before);

    if (!haveTools) return;
    // README.md "Checking a score bundle with stock tools", with the keys the CLI exports.
    ok(secretaryDir.cli('--json', 'key', 'export', '--ssh', path.join(dir, 'sec_ssh'), '--age', path.join(dir, 'secretary.txt')));
    ok(expert.cli('--json', 'key', 'card', '--out', path.join(dir, 'expert.prkey')));
    fs.copyFileSync(String(exports[1]?.file), path.join(dir, 'bundle.prscores'));
    const audit = spawnSync(
      'bash',
      [
        '-c',
        [
          'set -euo pipefail',
          'age -d -i secretary.txt bundle.prscores > bundle.json',
          'jq -r .payload bundle.json | base64 -d > payload.json',
          'jq -r .signature bundle.json > payload.sig',
          'jq -r .sshPublicKey expert.prkey > expert.pub',
          'echo "expert $(cat expert.pub)" > allowed_signers',
          'ssh-keygen -Y verify -f allowed_signers -I expert -n panel-review-scores -s payload.sig < payload.json',
          'jq -r .revision,.roundId payload.json',
        ].join('\n'),
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).toContain(`Good "panel-review-scores" signature for expert with ED25519 key ${me.fingerprint}`);
    expect(audit.stdout).toContain(`2\n${SOURCE_ROUND_ID}`);
  });

  it('refuses to export a round that was not received', () => {
    const dir = workDir();
    const { expert } = expertSide(dir);
    const round = ok(expert.cli('--json', 'round', 'create', '--name', '自建轮次', '--kind', 'custom'));
    refused(expert.cli('--json', 'scores', 'export', '--round', String(round.id), '--out', path.join(dir, 'x.prscores')), 'ROUND_NOT_EXPERT');
    expect(fs.existsSync(path.join(dir, 'x.prscores'))).toBe(false);
  });
});
