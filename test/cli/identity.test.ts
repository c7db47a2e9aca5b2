import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOneJson, repoRoot, runCli, tempDir } from '../helpers/cli';

/**
 * Identities through the built `panel-review`, checked against stock ssh-keygen and
 * age as DESIGN.md promises. Keys are sealed with scrypt work factor 10 through the
 * test hook, except where the default (18) itself is under test.
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '10' };
const PASS = 'correct horse battery staple';
const have = (tool: string, args: string[]) => spawnSync(tool, args).error === undefined;
const haveSsh = have('ssh-keygen', ['-?']);
const haveAge = have('age', ['--version']) && have('age-keygen', ['--version']);
const haveScript = have('script', ['--version']);
const haveJq = have('jq', ['--version']);

const dirs: string[] = [];
function workDir(): string {
  const dir = tempDir('panel-review-identity-');
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Env {
  dir: string;
  data: string;
  passFile: string;
}
function setup(passphrase = PASS): Env {
  const dir = workDir();
  const passFile = path.join(dir, 'passphrase.txt');
  fs.writeFileSync(passFile, `${passphrase}\n`);
  return { dir, data: path.join(dir, 'data'), passFile };
}

function cli(env: Env, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return runCli(['--data-dir', env.data, '--json', ...args], { ...FAST, ...extraEnv });
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
function keygen(env: Env, name = '张三', extra: string[] = []) {
  return ok(cli(env, ['--passphrase-file', env.passFile, 'keygen', '--name', name, ...extra]));
}

/** Every file in the data directory with its bytes (SQLite's transient WAL files aside). */
function snapshot(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !/-(wal|shm)$/.test(entry.name)) out[path.relative(dir, file)] = fs.readFileSync(file).toString('base64');
  }
  return out;
}

function tool(command: string, args: string[], input?: string | Buffer) {
  // A string input is sent as UTF-8; `encoding` would otherwise apply to it too.
  const result = spawnSync(command, args, { input: typeof input === 'string' ? Buffer.from(input, 'utf8') : input, encoding: 'buffer' });
  return { status: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), bytes: result.stdout };
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs a command on a pseudo-terminal (util-linux `script`), typing each answer when the
 * next prompt appears: stock age and our own prompt read passphrases only from a terminal.
 */
function onTerminal(argv: string[], answers: { after: string; type: string }[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', argv.map(quote).join(' '), '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb', ...env },
    });
    let output = '';
    let searchFrom = 0;
    const pending = [...answers];
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`timed out on a terminal; output so far: ${output}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const next = pending[0];
      const at = next === undefined ? -1 : output.indexOf(next.after, searchFrom);
      if (next !== undefined && at >= 0) {
        searchFrom = at + next.after.length;
        pending.shift();
        child.stdin.write(`${next.type}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

describe('keygen, key export and stock tools', () => {
  it('creates an identity whose exported keys work with ssh-keygen and age', () => {
    const env = setup();
    const created = keygen(env, '张三', ['--affiliation', '某研究院']);
    expect(Object.keys(created).sort()).toEqual(['ageRecipient', 'fingerprint', 'sshPublicKey']);
    expect(created.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);

    const ssh = path.join(env.dir, 'id_ed25519');
    const age = path.join(env.dir, 'age-identity.txt');
    const exported = ok(cli(env, ['--passphrase-file', env.passFile, 'key', 'export', '--ssh', ssh, '--age', age]));
    expect(exported).toEqual({ files: [ssh, `${ssh}.pub`, age] });
    expect(fs.statSync(ssh).mode & 0o777).toBe(0o600);
    expect(fs.statSync(age).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(env.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    if (!haveSsh) return;
    expect(tool('ssh-keygen', ['-l', '-f', `${ssh}.pub`]).stdout).toContain(` ${String(created.fingerprint)} `);
    const derived = tool('ssh-keygen', ['-y', '-f', ssh]);
    expect(derived.status, derived.stderr).toBe(0);
    expect(derived.stdout.split(' ').slice(0, 2).join(' ')).toBe(created.sshPublicKey);

    if (!haveAge) return;
    expect(tool('age-keygen', ['-y', age]).stdout.trim()).toBe(created.ageRecipient);
    const encrypted = tool('age', ['-r', String(created.ageRecipient)], '两化融合 评分 92');
    expect(encrypted.status, encrypted.stderr).toBe(0);
    const decrypted = tool('age', ['-d', '-i', age], encrypted.bytes);
    expect(decrypted.status, decrypted.stderr).toBe(0);
    expect(decrypted.stdout).toBe('两化融合 评分 92');
  });

  it('prints human text in Chinese, and English with --lang en', () => {
    const env = setup();
    const zh = runCli(['--data-dir', env.data, '--passphrase-file', env.passFile, 'keygen', '--name', '李四'], FAST);
    expect(zh.status, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/^已创建身份：李四\n指纹：SHA256:\S+\nage 公钥：age1\S+\n/);
    const card = runCli(['--lang', 'en', '--data-dir', env.data, 'key', 'card', '--out', path.join(env.dir, 'x.prkey')]);
    expect(card.stdout).toMatch(/^Key card written to .*x\.prkey \(fingerprint SHA256:/);
  });

  it('the key card is self-signed and verifies with stock ssh-keygen -Y verify over the canonical bytes', () => {
    const env = setup();
    const created = keygen(env, '王五', ['--affiliation', '工业和信息化部']);
    const out = path.join(env.dir, '王五.prkey');
    expect(ok(cli(env, ['key', 'card', '--out', out]))).toEqual({ fingerprint: created.fingerprint, file: out });
    const card = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, string>;
    expect(card).toMatchObject({ format: 'panel-review/key-card@1', name: '王五', affiliation: '工业和信息化部', sshPublicKey: created.sshPublicKey, ageRecipient: created.ageRecipient });
    // Writing it again gives the same card (it is made once, at keygen).
    const before = fs.readFileSync(out, 'utf8');
    ok(cli(env, ['key', 'card', '--out', out]));
    expect(fs.readFileSync(out, 'utf8')).toBe(before);

    if (!haveSsh || !haveJq) return;
    const body = tool('jq', ['-cjS', 'del(.signature)', out]).bytes;
    const sig = path.join(env.dir, 'card.sig');
    fs.writeFileSync(sig, card.signature as string);
    const allowed = path.join(env.dir, 'allowed_signers');
    fs.writeFileSync(allowed, `expert ${card.sshPublicKey}\n`);
    const verified = tool('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'expert', '-n', 'panel-review-key-card', '-s', sig], body);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout + verified.stderr).toContain('Good "panel-review-key-card" signature for expert');
    // The same signature over altered bytes fails.
    const altered = tool('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'expert', '-n', 'panel-review-key-card', '-s', sig], Buffer.from(body.toString('utf8').replace('王五', '赵六')));
    expect(altered.status).not.toBe(0);
  });
});

describe.skipIf(!haveSsh || !haveAge)('key import of keys made by stock tools', () => {
  it('adopts ssh-keygen -t ed25519 -N "" and age-keygen keys, and exports them back unchanged', () => {
    const env = setup();
    const ssh = path.join(env.dir, 'stock_ed25519');
    const age = path.join(env.dir, 'stock-age.txt');
    expect(tool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'zhao@laptop', '-f', ssh]).status).toBe(0);
    expect(tool('age-keygen', ['-o', age]).status).toBe(0);
    const stockPrint = tool('ssh-keygen', ['-l', '-f', `${ssh}.pub`]).stdout.split(' ')[1];

    const imported = ok(cli(env, ['--passphrase-file', env.passFile, 'key', 'import', '--ssh', ssh, '--age', age, '--name', '赵六', '--affiliation', '某大学']));
    expect(imported).toEqual({ fingerprint: stockPrint });
    const identity = ok(runCli(['--data-dir', env.data, '--json', 'key', 'card', '--out', path.join(env.dir, 'c.prkey')]));
    expect(identity.fingerprint).toBe(stockPrint);
    const card = JSON.parse(fs.readFileSync(path.join(env.dir, 'c.prkey'), 'utf8')) as Record<string, string>;
    expect(card.ageRecipient).toBe(tool('age-keygen', ['-y', age]).stdout.trim());
    expect(card.sshPublicKey).toBe(fs.readFileSync(`${ssh}.pub`, 'utf8').split(' ').slice(0, 2).join(' '));

    const outSsh = path.join(env.dir, 'back_ed25519');
    const outAge = path.join(env.dir, 'back-age.txt');
    ok(cli(env, ['--passphrase-file', env.passFile, 'key', 'export', '--ssh', outSsh, '--age', outAge]));
    expect(fs.readFileSync(outSsh, 'utf8')).toBe(fs.readFileSync(ssh, 'utf8'));
    expect(fs.readFileSync(outAge, 'utf8')).toBe(fs.readFileSync(age, 'utf8'));
  });

  it('refuses a passphrase-protected OpenSSH key with KEY_ENCRYPTED, writing nothing', () => {
    const env = setup();
    const ssh = path.join(env.dir, 'protected_ed25519');
    const age = path.join(env.dir, 'age.txt');
    expect(tool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', ssh]).status).toBe(0);
    expect(tool('age-keygen', ['-o', age]).status).toBe(0);
    const run = cli(env, ['--lang', 'en', '--passphrase-file', env.passFile, 'key', 'import', '--ssh', ssh, '--age', age, '--name', 'x']);
    refused(run, 'KEY_ENCRYPTED');
    expect(run.stderr).toContain('ssh-keygen -p');
    expect(fs.existsSync(env.data)).toBe(false);
  });

  it('refuses a missing key file with FILE_UNREADABLE', () => {
    const env = setup();
    refused(cli(env, ['--passphrase-file', env.passFile, 'key', 'import', '--ssh', path.join(env.dir, 'nope'), '--age', path.join(env.dir, 'nope2'), '--name', 'x']), 'FILE_UNREADABLE');
    expect(fs.existsSync(env.data)).toBe(false);
  });
});

describe('the private keys at rest', () => {
  it.skipIf(!haveAge || !haveScript)('are an age file with no key text, which stock age -d opens with the passphrase', async () => {
    const env = setup();
    keygen(env);
    const keys = path.join(env.data, 'keys');
    const secret = fs.readdirSync(keys).find((name) => name.endsWith('.age')) as string;
    for (const name of fs.readdirSync(keys)) {
      const text = fs.readFileSync(path.join(keys, name), 'latin1');
      expect(text).not.toMatch(/PRIVATE KEY|AGE-SECRET-KEY/);
      expect(text).not.toContain(PASS);
    }
    const plain = path.join(env.dir, 'opened.txt');
    const run = await onTerminal(['age', '-d', '-o', plain, path.join(keys, secret)], [{ after: 'passphrase', type: PASS }]);
    expect(run.status, run.output).toBe(0);
    const opened = fs.readFileSync(plain, 'utf8');
    expect(opened).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+-----END OPENSSH PRIVATE KEY-----\n# created: .+\n# public key: age1\S+\nAGE-SECRET-KEY-1\S+\n$/);
    const ssh = path.join(env.dir, 'id');
    ok(cli(env, ['--passphrase-file', env.passFile, 'key', 'export', '--ssh', ssh, '--age', path.join(env.dir, 'age.txt')]));
    expect(opened).toBe(fs.readFileSync(ssh, 'utf8') + fs.readFileSync(path.join(env.dir, 'age.txt'), 'utf8'));
  });

  it('are sealed with the default scrypt work factor (18) without the test hook', () => {
    const env = setup();
    ok(runCli(['--data-dir', env.data, '--json', '--passphrase-file', env.passFile, 'keygen', '--name', '默认']));
    const keys = path.join(env.data, 'keys');
    const secret = fs.readdirSync(keys).find((name) => name.endsWith('.age')) as string;
    expect(fs.readFileSync(path.join(keys, secret), 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S{22} 18\n/);
    const ssh = path.join(env.dir, 'id');
    ok(runCli(['--data-dir', env.data, '--json', 'key', 'export', '--ssh', ssh, '--age', path.join(env.dir, 'age.txt')], { PANEL_REVIEW_PASSPHRASE: PASS }));
  }, 60_000);
});

describe('passphrases', () => {
  it('takes the first line of --passphrase-file, then PANEL_REVIEW_PASSPHRASE; the file wins', () => {
    const env = setup();
    fs.writeFileSync(env.passFile, `${PASS}\r\nsecond line is not part of it\n`);
    keygen(env);
    const out = (name: string) => path.join(env.dir, name);
    ok(cli(env, ['key', 'export', '--ssh', out('a'), '--age', out('a.age')], { PANEL_REVIEW_PASSPHRASE: PASS }));
    const wrongFile = path.join(env.dir, 'wrong.txt');
    fs.writeFileSync(wrongFile, 'not the passphrase');
    refused(cli(env, ['--passphrase-file', wrongFile, 'key', 'export', '--ssh', out('b'), '--age', out('b.age')], { PANEL_REVIEW_PASSPHRASE: PASS }), 'PASSPHRASE_WRONG');
  });

  it('refuses a wrong passphrase, writing nothing', () => {
    const env = setup();
    keygen(env);
    const before = snapshot(env.dir);
    const run = cli(env, ['--lang', 'en', 'key', 'export', '--ssh', path.join(env.dir, 'id'), '--age', path.join(env.dir, 'age')], { PANEL_REVIEW_PASSPHRASE: 'wrong passphrase' });
    refused(run, 'PASSPHRASE_WRONG');
    expect(run.stderr).toContain('The passphrase of the private keys is wrong.');
    expect(snapshot(env.dir)).toEqual(before);
  });

  it('refuses when no passphrase is given and there is no terminal, before touching the data directory', () => {
    const env = setup();
    const run = runCli(['--data-dir', env.data, '--json', 'keygen', '--name', '张三'], FAST);
    refused(run, 'PASSPHRASE_REQUIRED');
    expect(run.stderr).toContain('--passphrase-file');
    expect(fs.existsSync(env.data)).toBe(false);
    // And for an existing identity's export.
    keygen(env);
    const before = snapshot(env.dir);
    refused(runCli(['--data-dir', env.data, '--json', 'key', 'export', '--ssh', path.join(env.dir, 'id'), '--age', path.join(env.dir, 'age')]), 'PASSPHRASE_REQUIRED');
    expect(snapshot(env.dir)).toEqual(before);
  });

  it('refuses a passphrase under 8 characters', () => {
    const env = setup('1234567');
    const run = cli(env, ['--passphrase-file', env.passFile, 'keygen', '--name', '张三']);
    refused(run, 'PASSPHRASE_TOO_SHORT');
    expect(run.stderr).toContain('至少需要 8 个字符');
    expect(fs.existsSync(env.data)).toBe(false);
    refused(cli(env, ['keygen', '--name', '张三'], { PANEL_REVIEW_PASSPHRASE: 'short' }), 'PASSPHRASE_TOO_SHORT');
  });

  it.skipIf(!haveScript)('asks on a terminal without echo, twice for a new passphrase', async () => {
    const env = setup();
    const bin = path.join(repoRoot, 'bin/panel-review.js');
    const run = await onTerminal(
      [process.execPath, bin, '--lang', 'en', '--data-dir', env.data, 'keygen', '--name', 'Tty'],
      [
        { after: 'New passphrase', type: 'short' },
        { after: 'New passphrase', type: PASS },
        { after: 'again', type: 'a different one' },
        { after: 'New passphrase', type: PASS },
        { after: 'again', type: PASS },
      ],
      FAST,
    );
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('at least 8 characters');
    expect(run.output).toContain("The passphrases don't match");
    expect(run.output).toContain('Identity created: Tty');
    expect(run.output).not.toContain(PASS);
    const unlock = await onTerminal(
      [process.execPath, bin, '--json', '--data-dir', env.data, 'key', 'export', '--ssh', path.join(env.dir, 'id'), '--age', path.join(env.dir, 'age')],
      [{ after: '口令', type: PASS }],
    );
    expect(unlock.status, unlock.output).toBe(0);
    expect(fs.existsSync(path.join(env.dir, 'id'))).toBe(true);
  });
});

describe('refusals that keep what exists', () => {
  it('keygen twice: IDENTITY_EXISTS, the keys byte for byte as they were', () => {
    const env = setup();
    const first = keygen(env);
    const before = snapshot(env.data);
    const again = cli(env, ['--passphrase-file', env.passFile, 'keygen', '--name', '李四']);
    refused(again, 'IDENTITY_EXISTS');
    expect(again.stderr).toContain(String(first.fingerprint));
    expect(snapshot(env.data)).toEqual(before);
    refused(cli(env, ['--passphrase-file', env.passFile, 'key', 'import', '--ssh', env.passFile, '--age', env.passFile, '--name', 'x']), 'KEY_INVALID');
    expect(snapshot(env.data)).toEqual(before);
  });

  it('key export never overwrites a file, and writes none of the three then', () => {
    const env = setup();
    keygen(env);
    const ssh = path.join(env.dir, 'id');
    const age = path.join(env.dir, 'age.txt');
    fs.writeFileSync(age, 'precious');
    const before = snapshot(env.dir);
    const run = cli(env, ['--passphrase-file', env.passFile, 'key', 'export', '--ssh', ssh, '--age', age]);
    refused(run, 'INVALID_INPUT');
    expect(run.stderr).toContain(`文件 ${age} 已存在，不会覆盖`);
    expect(snapshot(env.dir)).toEqual(before);
    refused(cli(env, ['--passphrase-file', env.passFile, 'key', 'export', '--ssh', ssh, '--age', ssh]), 'INVALID_INPUT');
    expect(fs.existsSync(ssh)).toBe(false);
  });

  it('commands that need an identity say so when there is none', () => {
    const env = setup();
    const card = cli(env, ['key', 'card', '--out', path.join(env.dir, 'c.prkey')]);
    refused(card, 'IDENTITY_MISSING');
    expect(card.stderr).toContain('keygen --name');
    refused(cli(env, ['--passphrase-file', env.passFile, 'key', 'export', '--ssh', path.join(env.dir, 'a'), '--age', path.join(env.dir, 'b')]), 'IDENTITY_MISSING');
    expect(fs.readdirSync(env.dir).sort()).toEqual(['data', 'passphrase.txt']);
  });

  it('invalid names are refused before any passphrase or data directory', () => {
    const env = setup();
    const run = cli(env, ['--passphrase-file', env.passFile, 'keygen', '--name', '张\n三']);
    refused(run, 'INVALID_INPUT');
    expect(run.stderr).toMatch(/name: 不能包含控制字符/);
    refused(cli(env, ['--passphrase-file', env.passFile, 'keygen', '--name', '   ']), 'INVALID_INPUT');
    refused(cli(env, ['--passphrase-file', env.passFile, 'keygen', '--name', '名'.repeat(101)]), 'INVALID_INPUT');
    expect(fs.existsSync(env.data)).toBe(false);
  });
});

describe('usage', () => {
  it('--help lists the identity commands with their flags', () => {
    const help = runCli(['--lang', 'en', '--help']);
    for (const line of ['keygen --name N [--affiliation A]', 'key card --out FILE', 'key export --ssh FILE --age FILE', 'key import --ssh FILE --age FILE --name N']) {
      expect(help.stdout).toContain(line);
    }
    expect(runCli(['key', 'export', '--help']).stdout).toContain('以标准格式导出私钥');
  });

  it('missing flags are usage errors (exit 2)', () => {
    const env = setup();
    expect(runCli(['--data-dir', env.data, 'keygen']).status).toBe(2);
    expect(runCli(['--data-dir', env.data, 'key', 'export', '--ssh', 'x']).status).toBe(2);
    expect(fs.existsSync(env.data)).toBe(false);
  });
});
