import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, parseOneJson, runCli, tempDir } from '../helpers/cli';

/**
 * Issue 9, point 8: private keys are never written unencrypted except by an explicit
 * `key export`, and never logged. A data directory goes through what touches the keys —
 * keygen, the key card, a refused unlock (wrong passphrase), a bundle import that has to
 * decrypt (and fails on a forged file), an export of the keys — and then every byte it
 * holds (the database with its WAL, keys/, logs/, anything else) and everything the
 * commands printed are searched for the key material the export reveals: the Ed25519
 * seed and secret key (raw, hex, base64), every base64 line of the OpenSSH private key
 * file, and the age identity (AGE-SECRET-KEY-1…, in either case).
 */

const PASSPHRASE = 'correct horse battery staple 正确';

let root: string;
let data: string;
let passFile: string;
const printed: CliRun[] = [];

function cli(args: readonly string[]): CliRun {
  const run = runCli(['--data-dir', data, '--json', ...args]);
  printed.push(run);
  return run;
}

function ok(run: CliRun): Record<string, unknown> {
  if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}${run.stdout}`);
  return parseOneJson(run.stdout);
}

/** Reads an SSH string (uint32 length, bytes) at `at`. */
function sshString(buffer: Buffer, at: number): { value: Buffer; next: number } {
  const length = buffer.readUInt32BE(at);
  return { value: buffer.subarray(at + 4, at + 4 + length), next: at + 4 + length };
}

/** The 64-byte Ed25519 secret (seed ‖ public key) of an unencrypted openssh-key-v1 file. */
function ed25519Secret(pem: string): Buffer {
  const body = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  expect(body.subarray(0, magic.length).toString('latin1')).toBe(magic);
  let at = magic.length;
  const cipher = sshString(body, at);
  expect(cipher.value.toString()).toBe('none');
  at = sshString(body, sshString(body, cipher.next).next).next; // kdf name, kdf options
  at += 4; // number of keys
  at = sshString(body, at).next; // public key blob
  const secret = sshString(body, at).value;
  let inner = 8; // two check integers
  const type = sshString(secret, inner);
  expect(type.value.toString()).toBe('ssh-ed25519');
  inner = sshString(secret, type.next).next; // public key
  return sshString(secret, inner).value;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

let needles: { name: string; bytes: Buffer }[] = [];

beforeAll(() => {
  root = tempDir('panel-review-key-material-');
  data = path.join(root, 'data');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, `${PASSPHRASE}\n`);
  const wrongFile = path.join(root, 'wrong.txt');
  fs.writeFileSync(wrongFile, 'not the passphrase\n');

  ok(cli(['--passphrase-file', passFile, 'keygen', '--name', '张三', '--affiliation', '清华大学']));
  ok(cli(['key', 'card', '--out', path.join(root, '张三.prkey')]));
  ok(cli(['round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'plan-review']));
  // A refused unlock: the wrong passphrase.
  const exportDir = path.join(root, 'exported');
  fs.mkdirSync(exportDir);
  const refused = cli(['--passphrase-file', wrongFile, 'key', 'export', '--ssh', path.join(exportDir, 'wrong_ed25519'), '--age', path.join(exportDir, 'wrong.age')]);
  expect(refused.status).toBe(1);
  // A bundle import that must decrypt: a forged file, refused after the keys were opened.
  const forged = path.join(root, 'forged.prscores');
  fs.writeFileSync(forged, 'age-encryption.org/v1\n-> X25519 AAAA\nnot a real bundle\n');
  const rounds = ok(cli(['round', 'list'])) as { rounds?: { id: string }[] };
  const roundId = rounds.rounds?.[0]?.id ?? '';
  expect(cli(['--passphrase-file', passFile, 'bundle', 'import', '--round', roundId, forged]).status).not.toBe(0);
  // The one way out in the clear, by request.
  ok(cli(['--passphrase-file', passFile, 'key', 'export', '--ssh', path.join(exportDir, 'id_ed25519'), '--age', path.join(exportDir, 'identity.age')]));

  const sshFile = fs.readFileSync(path.join(exportDir, 'id_ed25519'), 'utf8');
  const ageFile = fs.readFileSync(path.join(exportDir, 'identity.age'), 'utf8');
  const secret = ed25519Secret(sshFile);
  const seed = secret.subarray(0, 32);
  const ageSecret = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(ageFile)?.[0];
  if (ageSecret === undefined) throw new Error('no age identity in the export');
  const bodyLines = sshFile.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
  needles = [
    { name: 'Ed25519 seed (raw)', bytes: seed },
    { name: 'Ed25519 seed (hex)', bytes: Buffer.from(seed.toString('hex')) },
    { name: 'Ed25519 seed (base64)', bytes: Buffer.from(seed.toString('base64').replace(/=+$/, '')) },
    { name: 'Ed25519 secret (base64)', bytes: Buffer.from(secret.toString('base64').replace(/=+$/, '')) },
    ...bodyLines.map((line, index) => ({ name: `OpenSSH private key line ${index + 1}`, bytes: Buffer.from(line) })),
    { name: 'age identity', bytes: Buffer.from(ageSecret) },
    { name: 'age identity (lower case)', bytes: Buffer.from(ageSecret.toLowerCase()) },
  ];
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('key material at rest and in output', () => {
  it('the export really holds the keys (the needles are real)', () => {
    expect(needles.length).toBeGreaterThanOrEqual(8);
    expect(needles.find((needle) => needle.name === 'Ed25519 seed (raw)')?.bytes.length).toBe(32);
  });

  it('is nowhere in the data directory: database, WAL, keys/, logs/', () => {
    const files = filesUnder(data);
    expect(files.some((file) => file.endsWith('panel-review.sqlite'))).toBe(true);
    expect(files.some((file) => file.includes(`${path.sep}keys${path.sep}`))).toBe(true);
    const found: string[] = [];
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const needle of needles) if (bytes.includes(needle.bytes)) found.push(`${needle.name} in ${path.relative(data, file)}`);
    }
    expect(found).toEqual([]);
  });

  it('is in nothing a command printed, on stdout or stderr', () => {
    expect(printed.length).toBeGreaterThanOrEqual(7);
    const found: string[] = [];
    printed.forEach((run, index) => {
      for (const needle of needles) {
        if (Buffer.from(run.stdout).includes(needle.bytes) || Buffer.from(run.stderr).includes(needle.bytes)) found.push(`${needle.name} in the output of command ${index + 1}`);
      }
    });
    expect(found).toEqual([]);
  });
});
