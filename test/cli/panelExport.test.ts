import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPanelPackage } from '../../electron/core/panel/readPanelPackage';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

/**
 * The secretary's side of panel packages through the built `panel-review`, as CLI.md
 * names it: keygen, expert key cards from other data directories, round, applications,
 * expert add, assign, panel export. Each package is then opened twice: by the core's own
 * reader with the expert's exported age identity, and by stock tools alone (age -d,
 * python3 zipfile, ssh-keygen -Y verify with the secretary's key card).
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const PASS = 'correct horse battery staple';
const have = (tool: string, args: string[]) => spawnSync(tool, args).error === undefined;
const haveStockTools = have('age', ['--version']) && have('ssh-keygen', ['-?']) && have('python3', ['--version']);

interface Party {
  data: string;
  card: string;
  /** The AGE-SECRET-KEY-1… line of the exported identity, and the file it is in. */
  ageIdentity: string;
  ageFile: string;
  fingerprint: string;
  sshPublicKey: string;
}

let root: string;
let passFile: string;
let secretary: Party;
let expertA: Party;
let expertB: Party;
let roundId: string;
let otherRoundId: string;
let apps: string[];
let otherApp: string;

function cli(data: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['--data-dir', data, '--json', ...args], { ...FAST, ...env });
}
function ok(run: ReturnType<typeof runCli>): Record<string, unknown> {
  expect(run.status, run.stderr).toBe(0);
  return parseOneJson(run.stdout);
}
function refused(run: ReturnType<typeof runCli>, code: string): Record<string, unknown> {
  expect(run.status, run.stderr).toBe(1);
  const error = (parseOneJson(run.stdout) as { error: Record<string, unknown> }).error;
  expect(error).toMatchObject({ code });
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return error;
}

/** Every file in the data directory with its bytes (SQLite's transient WAL files aside). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !/-(wal|shm)$/.test(entry.name)) out[path.relative(dir, file)] = fs.readFileSync(file).toString('base64');
  }
  return out;
}
function unchangedBy(dir: string, action: () => void): void {
  const before = snapshot(dir);
  action();
  expect(snapshot(dir)).toEqual(before);
}

function makeParty(name: string, affiliation?: string): Party {
  const dir = fs.mkdtempSync(path.join(root, 'party-'));
  const data = path.join(dir, 'data');
  const created = ok(cli(data, ['--passphrase-file', passFile, 'keygen', '--name', name, ...(affiliation === undefined ? [] : ['--affiliation', affiliation])]));
  const card = path.join(dir, 'card.prkey');
  ok(cli(data, ['key', 'card', '--out', card]));
  const ageFile = path.join(dir, 'age.txt');
  ok(cli(data, ['--passphrase-file', passFile, 'key', 'export', '--ssh', path.join(dir, 'id_ed25519'), '--age', ageFile]));
  const ageIdentity = /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(fs.readFileSync(ageFile, 'utf8'))?.[0] ?? '';
  return { data, card, ageIdentity, ageFile, fingerprint: String(created.fingerprint), sshPublicKey: String(created.sshPublicKey) };
}

function importApp(data: string, round: string, city: string, pdf: string): string {
  return String(ok(cli(data, ['app', 'import', '--round', round, '--city', city, '--doc-kind', 'plan', corpusFile(pdf)])).id);
}

function panelRows(data: string): { id: string; fingerprint: string; manifest_sha256: string; file_sha256: string; file_name: string }[] {
  const db = new Database(path.join(data, 'panel-review.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, fingerprint, manifest_sha256, file_sha256, file_name FROM panel_package ORDER BY file_name').all() as never;
  } finally {
    db.close();
  }
}

function tool(command: string, args: string[], input?: Buffer) {
  const result = spawnSync(command, args, { input, encoding: 'buffer' });
  return { status: result.status, stderr: result.stderr.toString('utf8'), stdout: result.stdout };
}

beforeAll(() => {
  root = tempDir('panel-review-panel-');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, `${PASS}\n`);
  secretary = makeParty('王秘书', '工业和信息化部规划司');
  expertA = makeParty('李专家', '中国工程院');
  expertB = makeParty('赵专家');
  roundId = String(ok(cli(secretary.data, ['round', 'create', '--name', '2026 “中国制造2025”试点/实施方案评审', '--kind', 'plan-review'])).id);
  otherRoundId = String(ok(cli(secretary.data, ['round', 'create', '--name', '另一轮', '--kind', 'midterm'])).id);
  apps = [importApp(secretary.data, roundId, '宁波市', 'cjk-cns1-prospectus.pdf'), importApp(secretary.data, roundId, '泉州市', 'annots-pdfcomment.pdf')];
  otherApp = importApp(secretary.data, otherRoundId, '成都市', 'encrypted-owner-only.pdf');
}, 180_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('expert add, assign, panel export (CLI.md Secretary)', () => {
  it('exports one package per expert, with only their applications, readable by the core and by stock tools', async () => {
    const added = ok(cli(secretary.data, ['expert', 'add', '--round', roundId, expertA.card, expertB.card]));
    expect(added).toEqual({
      experts: [
        { fingerprint: expertA.fingerprint, name: '李专家', affiliation: '中国工程院', status: 'added' },
        { fingerprint: expertB.fingerprint, name: '赵专家', affiliation: null, status: 'added' },
      ],
    });
    // The same card again changes nothing and says so.
    unchangedBy(secretary.data, () => {
      expect(ok(cli(secretary.data, ['expert', 'add', '--round', roundId, expertA.card]))).toMatchObject({ experts: [{ fingerprint: expertA.fingerprint, status: 'unchanged' }] });
    });

    // A unique prefix names an expert, with or without SHA256:.
    const assignedA = ok(cli(secretary.data, ['assign', '--round', roundId, '--expert', expertA.fingerprint.slice(7, 13), '--apps', apps[0] ?? '']));
    expect(assignedA).toEqual({ assignments: [{ fingerprint: expertA.fingerprint, applicationId: apps[0] }], conflicts: [], stalePackages: [] });
    const assignedB = ok(cli(secretary.data, ['assign', '--round', roundId, '--expert', expertB.fingerprint.slice(0, 14), '--apps', `${apps[1]},${apps[0]}`]));
    expect(assignedB).toEqual({
      assignments: [
        { fingerprint: expertB.fingerprint, applicationId: apps[0] },
        { fingerprint: expertB.fingerprint, applicationId: apps[1] },
      ],
      conflicts: [],
      stalePackages: [],
    });

    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    const exported = ok(cli(secretary.data, ['--passphrase-file', passFile, 'panel', 'export', '--round', roundId, '--out', out])) as {
      files: { fingerprint: string; file: string; sha256: string; packageId: string; manifestSha256: string; applicationIds: string[] }[];
    };
    expect(exported.files.map((f) => f.fingerprint)).toEqual([expertA.fingerprint, expertB.fingerprint]);
    const [fileA, fileB] = exported.files;
    if (fileA === undefined || fileB === undefined) throw new Error('two packages expected');
    expect(path.basename(fileA.file)).toBe(`2026 “中国制造2025”试点_实施方案评审-李专家-${expertA.fingerprint.slice(7, 15).replace(/\//g, '_').replace(/\+/g, '-')}.prpanel`);
    expect(fs.readdirSync(out).sort()).toEqual([path.basename(fileA.file), path.basename(fileB.file)].sort());
    expect(fileA.applicationIds).toEqual([apps[0]]);
    expect(fileB.applicationIds).toEqual(apps);
    expect(fileA.packageId).not.toBe(fileB.packageId);
    expect(fileA.sha256).not.toBe(fileB.sha256);

    // The record the merge will check bundles against: one row per file, as written.
    expect(panelRows(secretary.data)).toEqual(
      exported.files
        .map((f) => ({ id: f.packageId, fingerprint: f.fingerprint, manifest_sha256: f.manifestSha256, file_sha256: f.sha256, file_name: path.basename(f.file) }))
        .sort((a, b) => a.file_name.localeCompare(b.file_name)),
    );

    // The core's reader, with the expert's own age identity.
    const opened = await readPanelPackage({ file: fileA.file, identities: [expertA.ageIdentity], stagingDir: path.join(root, 'staging') });
    try {
      expect(opened.manifestSha256).toBe(fileA.manifestSha256);
      expect(opened.secretaryFingerprint).toBe(secretary.fingerprint);
      expect(opened.manifest).toMatchObject({
        packageId: fileA.packageId,
        round: { id: roundId, kind: 'plan-review' },
        // The round's built-in rubric, frozen by this export.
        rubric: { format: 'panel-review/rubric@1', name: '实施方案评审' },
        secretary: { name: '王秘书', affiliation: '工业和信息化部规划司', fingerprint: secretary.fingerprint, sshPublicKey: secretary.sshPublicKey },
        expert: { name: '李专家', fingerprint: expertA.fingerprint },
      });
      expect(opened.manifest.applications.map((a) => [a.id, a.city])).toEqual([[apps[0], '宁波市']]);
      const pdf = fs.readFileSync(corpusFile('cjk-cns1-prospectus.pdf'));
      expect(opened.documents).toHaveLength(1);
      expect(fs.readFileSync(opened.documents[0]?.path ?? '').equals(pdf)).toBe(true);
    } finally {
      await opened.dispose();
    }
    const openedB = await readPanelPackage({ file: fileB.file, identities: [expertB.ageIdentity], stagingDir: path.join(root, 'staging') });
    expect(openedB.manifest.applications.map((a) => a.city)).toEqual(['宁波市', '泉州市']);
    await openedB.dispose();
    // Expert A cannot open B's package; the secretary can open both.
    await expect(readPanelPackage({ file: fileB.file, identities: [expertA.ageIdentity], stagingDir: path.join(root, 'staging') })).rejects.toMatchObject({ code: 'AGE_NO_MATCHING_KEY' });
    const bySecretary = await readPanelPackage({ file: fileB.file, identities: [secretary.ageIdentity], stagingDir: path.join(root, 'staging') });
    await bySecretary.dispose();

    if (!haveStockTools) return;
    const zip = path.join(root, 'a.zip');
    const decrypted = tool('age', ['-d', '-i', expertA.ageFile, '-o', zip, fileA.file]);
    expect(decrypted.status, decrypted.stderr).toBe(0);
    const sha = fs.readFileSync(corpusFile('cjk-cns1-prospectus.pdf'));
    const listing = tool('python3', ['-c', 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint("\\n".join(i.filename + " " + str(i.compress_type) for i in z.infolist()))', zip]);
    expect(listing.status, listing.stderr).toBe(0);
    const entries = listing.stdout.toString('utf8').trim().split('\n');
    const docSha = (await import('node:crypto')).createHash('sha256').update(sha).digest('hex');
    // Exactly the three kinds of entry, PDFs stored (method 0).
    expect(entries).toEqual(['manifest.json 0', 'manifest.json.sig 0', `docs/${docSha}.pdf 0`]);
    const extract = tool('python3', ['-c', 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nz.extract("manifest.json", sys.argv[2])\nz.extract("manifest.json.sig", sys.argv[2])', zip, root]);
    expect(extract.status, extract.stderr).toBe(0);
    const secretaryCard = JSON.parse(fs.readFileSync(secretary.card, 'utf8')) as { sshPublicKey: string };
    const allowed = path.join(root, 'allowed_signers');
    fs.writeFileSync(allowed, `secretary ${secretaryCard.sshPublicKey}\n`);
    const manifest = fs.readFileSync(path.join(root, 'manifest.json'));
    const verify = (namespace: string) =>
      tool('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'secretary', '-n', namespace, '-s', path.join(root, 'manifest.json.sig')], manifest);
    const verified = verify('panel-review-panel');
    expect(verified.status, verified.stderr).toBe(0);
    expect(verify('panel-review-scores').status).not.toBe(0);
    expect(JSON.parse(manifest.toString('utf8'))).toMatchObject({ format: 'panel-review/panel@1', expert: { fingerprint: expertA.fingerprint } });
    // B's identity cannot open A's package with stock age either.
    expect(tool('age', ['-d', '-i', expertB.ageFile, '-o', path.join(root, 'b.zip'), fileA.file]).status).not.toBe(0);
  }, 180_000);

  it('refuses bad key cards, all or nothing, and another card under an enrolled key', () => {
    const broken = path.join(root, 'broken.prkey');
    fs.writeFileSync(broken, '{"format":"panel-review/key-card@1"');
    const forged = path.join(root, 'forged.prkey');
    fs.writeFileSync(forged, fs.readFileSync(expertA.card, 'utf8').replace('李专家', '假专家'));
    // Expert A's keys under another name, in a third data directory: a different card for the same fingerprint.
    const twin = path.join(root, 'twin');
    ok(cli(twin, ['--passphrase-file', passFile, 'key', 'import', '--ssh', path.join(path.dirname(expertA.card), 'id_ed25519'), '--age', expertA.ageFile, '--name', '李专家二']));
    const twinCard = path.join(root, 'twin.prkey');
    ok(cli(twin, ['key', 'card', '--out', twinCard]));
    const fresh = makeParty('钱专家');
    unchangedBy(secretary.data, () => {
      refused(cli(secretary.data, ['expert', 'add', '--round', roundId, fresh.card, broken]), 'KEY_CARD_INVALID');
      const forgedError = refused(cli(secretary.data, ['expert', 'add', '--round', roundId, fresh.card, forged]), 'SIGNATURE_INVALID');
      expect(forgedError.details).toMatchObject({ file: forged });
      const conflict = refused(cli(secretary.data, ['--lang', 'en', 'expert', 'add', '--round', roundId, fresh.card, twinCard]), 'EXPERT_CARD_CONFLICT');
      expect(conflict.details).toMatchObject({ fingerprint: expertA.fingerprint });
      refused(cli(secretary.data, ['expert', 'add', '--round', 'zzzzzzzzzz', fresh.card]), 'NOT_FOUND');
      refused(cli(secretary.data, ['expert', 'add', '--round', roundId, path.join(root, 'missing.prkey')]), 'FILE_UNREADABLE');
    });
    const listed = ok(cli(secretary.data, ['expert', 'list', '--round', roundId])) as { experts: { fingerprint: string }[] };
    expect(listed.experts.map((e) => e.fingerprint)).toEqual([expertA.fingerprint, expertB.fingerprint]);
  }, 180_000);

  it('refuses unknown and ambiguous experts, other rounds\' applications and an impossible --auto', () => {
    unchangedBy(secretary.data, () => {
      refused(cli(secretary.data, ['assign', '--round', roundId, '--expert', 'SHA256:zzzz-no-such', '--apps', apps[0] ?? '']), 'INVALID_INPUT');
      refused(cli(secretary.data, ['assign', '--round', roundId, '--expert', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '--apps', apps[0] ?? '']), 'EXPERT_NOT_FOUND');
      const ambiguous = refused(cli(secretary.data, ['assign', '--round', roundId, '--expert', 'SHA256:', '--apps', apps[0] ?? '']), 'EXPERT_AMBIGUOUS');
      expect(ambiguous.details).toMatchObject({ count: 2 });
      const other = refused(cli(secretary.data, ['assign', '--round', roundId, '--expert', expertA.fingerprint, '--apps', `${apps[1]},${otherApp}`]), 'APPLICATION_NOT_IN_ROUND');
      expect(other.details).toEqual({ applicationId: otherApp, roundId });
      refused(cli(secretary.data, ['assign', '--round', roundId, '--expert', expertA.fingerprint, '--apps', 'zzzzzzzzzz']), 'NOT_FOUND');
      refused(cli(secretary.data, ['assign', '--round', otherRoundId, '--expert', expertA.fingerprint, '--apps', otherApp]), 'EXPERT_NOT_FOUND');
      // Two experts cannot give an application three.
      const auto = refused(cli(secretary.data, ['assign', '--round', roundId, '--auto', '3']), 'AUTO_ASSIGN_IMPOSSIBLE');
      expect(auto.details).toMatchObject({ wanted: 3, available: 2 });
      expect(cli(secretary.data, ['assign', '--round', roundId, '--auto', 'three']).status).toBe(2);
      expect(cli(secretary.data, ['assign', '--round', roundId, '--expert', expertA.fingerprint]).status).toBe(2);
      expect(cli(secretary.data, ['assign', '--round', roundId, '--expert', expertA.fingerprint, '--apps', `${apps[0]},`]).status).toBe(2);
    });
  }, 180_000);

  it('refuses an export without identity, with a wrong passphrase, to an unwritable or occupied place, or with nothing assigned', () => {
    const out = path.join(root, 'out-refused');
    fs.mkdirSync(out);
    const wrongPass = path.join(root, 'wrong.txt');
    fs.writeFileSync(wrongPass, 'not the passphrase\n');
    unchangedBy(secretary.data, () => {
      refused(cli(secretary.data, ['--passphrase-file', wrongPass, 'panel', 'export', '--round', roundId, '--out', out]), 'PASSPHRASE_WRONG');
      const notDir = path.join(root, 'passphrase.txt');
      const unwritable = refused(cli(secretary.data, ['--passphrase-file', passFile, 'panel', 'export', '--round', roundId, '--out', notDir]), 'OUT_DIR_UNWRITABLE');
      expect(unwritable.details).toMatchObject({ dir: notDir, reason: 'ENOTDIR' });
      refused(cli(secretary.data, ['--passphrase-file', passFile, 'panel', 'export', '--round', roundId, '--out', path.join(root, 'no-such-dir')]), 'OUT_DIR_UNWRITABLE');
      refused(cli(secretary.data, ['--passphrase-file', passFile, 'panel', 'export', '--round', otherRoundId, '--out', out]), 'PANEL_NOTHING_ASSIGNED');
      refused(cli(secretary.data, ['--passphrase-file', passFile, 'panel', 'export', '--round', 'zzzzzzzzzz', '--out', out]), 'NOT_FOUND');
      // An earlier export in the same place is never overwritten.
      refused(cli(secretary.data, ['--passphrase-file', passFile, 'panel', 'export', '--round', roundId, '--out', path.join(root, 'out')]), 'INVALID_INPUT');
    });
    expect(fs.readdirSync(out)).toEqual([]);

    // A data directory with a round, an expert and an assignment, but no identity to sign with.
    const bare = path.join(root, 'bare');
    const round = String(ok(cli(bare, ['round', 'create', '--name', '无身份', '--kind', 'custom'])).id);
    const app = importApp(bare, round, '宁波市', 'cjk-cns1-prospectus.pdf');
    ok(cli(bare, ['expert', 'add', '--round', round, expertA.card]));
    ok(cli(bare, ['assign', '--round', round, '--expert', expertA.fingerprint, '--apps', app]));
    unchangedBy(bare, () => {
      refused(cli(bare, ['--passphrase-file', passFile, 'panel', 'export', '--round', round, '--out', out]), 'IDENTITY_MISSING');
    });
    expect(fs.readdirSync(out)).toEqual([]);
  }, 180_000);
});
