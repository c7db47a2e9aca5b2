import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/corpus';
import { AppError } from '../errors';
import { MANIFEST_ENTRY, manifestBytes, SIGNATURE_ENTRY } from './manifest';
import { documentFromFile, documentPathOf, makeManifest, makeMember, tempDirs, type TestDocument, type TestMember } from './panelTestKit';
import { readPanelPackage } from './readPanelPackage';
import { writePanelPackage } from './writePanelPackage';

/** Round trips over real PDFs, and interop of the result with stock age and ssh-keygen. */

const dirs = tempDirs('panel-review-prpanel-');
afterAll(() => dirs.cleanup());

let secretary: TestMember;
let expert: TestMember;
let documents: TestDocument[];
beforeAll(async () => {
  secretary = await makeMember('李秘书');
  expert = await makeMember('张专家');
  documents = [
    documentFromFile(corpusFile('annots-pdfcomment.pdf'), 16),
    documentFromFile(corpusFile('cjk-cns1-prospectus.pdf'), 1),
    documentFromFile(corpusFile('encrypted-aes256-user.pdf'), 26, 'secret'),
  ];
});

async function writeSample(dir: string, extra: Partial<Parameters<typeof writePanelPackage>[0]> = {}) {
  const outPath = path.join(dir, '张专家.prpanel');
  const manifest = makeManifest(secretary, expert, documents);
  const written = await writePanelPackage({
    manifest,
    documentPath: documentPathOf(documents),
    signer: secretary.signing,
    recipients: [expert.age.recipient, secretary.age.recipient],
    outPath,
    ...extra,
  });
  return { outPath, manifest, written };
}

const run = (command: string, args: string[], input?: Buffer) => spawnSync(command, args, { input, encoding: 'buffer' });
const haveStockTools = run('age', ['--version']).error === undefined && run('ssh-keygen', ['-?']).error === undefined;

describe('panel package round trip', () => {
  it('the expert and the secretary both read back the manifest and every document, byte for byte', async () => {
    const dir = dirs.make();
    const progress: [number, number][] = [];
    const { outPath, manifest, written } = await writeSample(dir, { onProgress: (done, total) => progress.push([done, total]) });
    const bytes = fs.readFileSync(outPath);
    expect(written.bytes).toBe(bytes.length);
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Only the finished file: no temp file left beside it.
    expect(fs.readdirSync(dir)).toEqual(['张专家.prpanel']);
    const last = progress.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
    expect(last?.[1]).toBeGreaterThan(documents.reduce((sum, d) => sum + d.bytes, 0));

    for (const member of [expert, secretary]) {
      const stagingDir = dirs.make();
      const opened = await readPanelPackage({ file: outPath, identities: [member.age.identity], stagingDir });
      expect(opened.manifest).toEqual(manifest);
      expect(opened.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(opened.secretaryFingerprint).toBe(manifest.secretary.fingerprint);
      expect(opened.documents.map((d) => d.sha256).sort()).toEqual(documents.map((d) => d.sha256).sort());
      for (const staged of opened.documents) {
        const source = documents.find((d) => d.sha256 === staged.sha256);
        expect(fs.readFileSync(staged.path).equals(fs.readFileSync(source?.file ?? ''))).toBe(true);
        expect(path.dirname(path.dirname(staged.path))).toBe(stagingDir);
      }
      // The decrypted zip is gone; only the documents remain until dispose().
      expect(fs.readdirSync(path.dirname(opened.documents[0]?.path ?? '')).sort()).toEqual(documents.map((d) => `${d.sha256}.pdf`).sort());
      await opened.dispose();
      expect(fs.readdirSync(stagingDir)).toEqual([]);
    }
  });

  it('a PDF listed by two applications is stored once', async () => {
    const dir = dirs.make();
    const manifest = makeManifest(secretary, expert, documents.slice(0, 2));
    const shared = manifest.applications[0]?.documents[0];
    if (shared === undefined) throw new Error('fixture');
    manifest.applications.push({ id: 'app0000099', city: '泉州市', province: '福建省', applicant: null, documents: [{ ...shared, kind: 'opinion' }] });
    const outPath = path.join(dir, 'shared.prpanel');
    await writePanelPackage({ manifest, documentPath: documentPathOf(documents), signer: secretary.signing, recipients: [expert.age.recipient], outPath });
    const opened = await readPanelPackage({ file: outPath, identities: [expert.age.identity], stagingDir: dirs.make() });
    expect(opened.documents).toHaveLength(2);
    expect(opened.manifest.applications).toHaveLength(2);
    await opened.dispose();
  });

  describe.skipIf(!haveStockTools)('with stock tools only', () => {
    it('age -d opens it; the zip holds exactly the three kinds of entry; ssh-keygen -Y verify accepts the manifest', async () => {
      const dir = dirs.make();
      const { outPath, manifest } = await writeSample(dir);
      const identityFile = path.join(dir, 'expert.key');
      fs.writeFileSync(identityFile, `${expert.age.identity}\n`, { mode: 0o600 });
      const zipPath = path.join(dir, 'package.zip');
      const decrypted = run('age', ['-d', '-i', identityFile, '-o', zipPath, outPath]);
      expect(decrypted.status, decrypted.stderr.toString()).toBe(0);

      const listed = run('python3', ['-c', 'import sys, zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, i.compress_type)', zipPath]);
      expect(listed.status, listed.stderr.toString()).toBe(0);
      const entries = listed.stdout.toString().trim().split('\n').map((line) => line.split(' '));
      expect(entries.map(([name]) => name)).toEqual([MANIFEST_ENTRY, SIGNATURE_ENTRY, ...documents.map((d) => `docs/${d.sha256}.pdf`)]);
      // Stored, not deflated: PDFs are compressed already.
      expect(entries.every(([, method]) => method === '0')).toBe(true);

      const unpacked = path.join(dir, 'unpacked');
      const unzipped = run('python3', ['-c', 'import sys, zipfile\nzipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zipPath, unpacked]);
      expect(unzipped.status, unzipped.stderr.toString()).toBe(0);
      const manifestFile = path.join(unpacked, MANIFEST_ENTRY);
      expect(fs.readFileSync(manifestFile).equals(manifestBytes(manifest))).toBe(true);
      for (const d of documents) expect(run('sha256sum', [path.join(unpacked, `docs/${d.sha256}.pdf`)]).stdout.toString()).toContain(d.sha256);

      const allowed = path.join(dir, 'allowed_signers');
      fs.writeFileSync(allowed, `secretary ${manifest.secretary.sshPublicKey}\n`);
      const verified = run('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'secretary', '-n', 'panel-review-panel', '-s', `${manifestFile}.sig`], fs.readFileSync(manifestFile));
      expect(verified.status, verified.stderr.toString()).toBe(0);
      expect(verified.stdout.toString()).toContain('Good "panel-review-panel" signature for secretary');

      // And the secretary's identity opens the same file.
      const secretaryKey = path.join(dir, 'secretary.key');
      fs.writeFileSync(secretaryKey, `${secretary.age.identity}\n`, { mode: 0o600 });
      expect(run('age', ['-d', '-i', secretaryKey, '-o', path.join(dir, 'again.zip'), outPath]).status).toBe(0);
    });
  });
});

describe('writing refuses what would make a false package', () => {
  async function refusal(change: (options: Parameters<typeof writePanelPackage>[0]) => void): Promise<{ error: AppError; dir: string }> {
    const dir = dirs.make();
    const options: Parameters<typeof writePanelPackage>[0] = {
      manifest: makeManifest(secretary, expert, documents),
      documentPath: documentPathOf(documents),
      signer: secretary.signing,
      recipients: [expert.age.recipient, secretary.age.recipient],
      outPath: path.join(dir, 'out.prpanel'),
    };
    change(options);
    const error = await writePanelPackage(options).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AppError);
    return { error: error as AppError, dir };
  }

  it('a document file whose bytes are not the listed SHA-256 (and no file is left behind)', async () => {
    const dir = dirs.make();
    const swapped = path.join(dir, 'swapped.pdf');
    // Same size, one byte changed in the middle: only the hash can tell.
    const bytes = fs.readFileSync(documents[1]?.file ?? '');
    bytes.writeUInt8((bytes[bytes.length >> 1] ?? 0) ^ 0x20, bytes.length >> 1);
    fs.writeFileSync(swapped, bytes);
    const { error, dir: outDir } = await refusal((options) => {
      const original = options.documentPath;
      options.documentPath = (sha256) => (sha256 === documents[1]?.sha256 ? swapped : original(sha256));
    });
    expect(error.code).toBe('PACKAGE_HASH_MISMATCH');
    expect(error.details?.entry).toBe(`docs/${documents[1]?.sha256}.pdf`);
    expect(error.details?.file).toBe('out.prpanel');
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('a document file of another size, or missing', async () => {
    const short = await refusal((options) => {
      options.documentPath = () => corpusFile('not-a-pdf.pdf');
    });
    expect(short.error.code).toBe('PACKAGE_HASH_MISMATCH');
    expect(fs.readdirSync(short.dir)).toEqual([]);
    const missing = await refusal((options) => {
      options.documentPath = (sha256) => `/nonexistent/${sha256}.pdf`;
    });
    expect(missing.error.code).toBe('FILE_UNREADABLE');
    expect(fs.readdirSync(missing.dir)).toEqual([]);
    const unknown = await refusal((options) => {
      options.documentPath = () => {
        throw new Error('not in the blob store');
      };
    });
    expect(unknown.error.code).toBe('FILE_UNREADABLE');
    expect(fs.readdirSync(unknown.dir)).toEqual([]);
  });

  it('a signing key that is not the manifest secretary key', async () => {
    const other = await makeMember('冒名者');
    const { error } = await refusal((options) => {
      options.signer = other.signing;
    });
    expect(error.code).toBe('INVALID_INPUT');
  });

  it("recipients without the expert's, and a manifest outside the schema", async () => {
    expect((await refusal((options) => (options.recipients = [secretary.age.recipient]))).error.code).toBe('INVALID_INPUT');
    const { error } = await refusal((options) => {
      (options.manifest as unknown as Record<string, unknown>).extra = 1;
    });
    expect(error.code).toBe('INVALID_INPUT');
    expect(String(error.details?.detail)).toContain('extra');
  });

  it('an output directory that does not exist fails at once, with the system error', async () => {
    const manifest = makeManifest(secretary, expert, documents);
    const outPath = path.join(dirs.make(), 'missing', 'out.prpanel');
    await expect(writePanelPackage({ manifest, documentPath: documentPathOf(documents), signer: secretary.signing, recipients: [expert.age.recipient], outPath })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('cancelling removes the temp file', async () => {
    const controller = new AbortController();
    const { error, dir } = await refusal((options) => {
      options.signal = controller.signal;
      options.onProgress = () => controller.abort();
    });
    expect(error.code).toBe('CANCELLED');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
