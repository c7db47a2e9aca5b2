import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../shared/contract/errors';
import type { PanelManifest } from '../../../shared/domain/panelPackage';
import { corpusFile } from '../../../test/helpers/corpus';
import { canonicalJson } from '../crypto/canonicalJson';
import { AppError } from '../errors';
import type { PanelLimits } from './limits';
import { documentEntryName, MANIFEST_ENTRY, manifestBytes, SIGNATURE_ENTRY } from './manifest';
import {
  documentFromFile,
  encryptTo,
  makeManifest,
  makeMember,
  packageEntries,
  type RawEntry,
  signedManifestEntries,
  tempDirs,
  type TestDocument,
  type TestMember,
  zipEntries,
} from './panelTestKit';
import { readPanelPackage } from './readPanelPackage';

/**
 * Packages an attacker (or a broken tool) could hand an expert. Each must be refused
 * with its own code, name the package, and leave the staging directory empty.
 */

const dirs = tempDirs('panel-review-hostile-');
afterAll(() => dirs.cleanup());

let secretary: TestMember;
let expert: TestMember;
let documents: TestDocument[];
let manifest: PanelManifest;
beforeAll(async () => {
  secretary = await makeMember('李秘书');
  expert = await makeMember('张专家');
  documents = [documentFromFile(corpusFile('annots-pdfcomment.pdf'), 16), documentFromFile(corpusFile('cjk-cns1-prospectus.pdf'), 1)];
  manifest = makeManifest(secretary, expert, documents);
});

const FILE = 'hostile.prpanel';

async function packageOf(entries: RawEntry[]): Promise<string> {
  return encryptTo(await zipEntries(entries), [expert.age.recipient], path.join(dirs.make(), FILE));
}

async function expectRefused(packagePath: string, code: ErrorCode, options: { identities?: string[]; limits?: Partial<PanelLimits> } = {}): Promise<AppError> {
  const stagingDir = dirs.make();
  const error = await readPanelPackage({ file: packagePath, identities: options.identities ?? [expert.age.identity], stagingDir, ...(options.limits ? { limits: options.limits } : {}) }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code, appError.message).toBe(code);
  expect(appError.details?.file).toBe(FILE);
  expect(fs.readdirSync(stagingDir)).toEqual([]);
  return appError;
}

/** The honest entries with `change` applied to them. */
function honest(change: (entries: RawEntry[]) => RawEntry[] = (entries) => entries): RawEntry[] {
  return change(packageEntries(manifest, secretary, documents));
}

/** A manifest altered and then properly signed by the secretary. */
function resigned(change: (value: Record<string, unknown>) => void, serialise = (value: unknown) => canonicalJson(value)): RawEntry[] {
  const value = JSON.parse(canonicalJson(manifest)) as Record<string, unknown>;
  change(value);
  return [...signedManifestEntries(Buffer.from(serialise(value)), secretary), ...honest().slice(2)];
}

describe('the encryption layer', () => {
  it('a package for someone else: AGE_NO_MATCHING_KEY', async () => {
    const stranger = await makeMember('王五');
    await expectRefused(await packageOf(honest()), 'AGE_NO_MATCHING_KEY', { identities: [stranger.age.identity] });
  });

  it('truncated ciphertext: AGE_DAMAGED', async () => {
    const file = await packageOf(honest());
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 1000));
    await expectRefused(file, 'AGE_DAMAGED');
  });

  it('one flipped bit in the payload: AGE_DAMAGED', async () => {
    const file = await packageOf(honest());
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8((bytes[bytes.length >> 1] ?? 0) ^ 0x04, bytes.length >> 1);
    fs.writeFileSync(file, bytes);
    await expectRefused(file, 'AGE_DAMAGED');
  });

  it('not age at all: AGE_MALFORMED', async () => {
    const file = path.join(dirs.make(), FILE);
    fs.writeFileSync(file, await zipEntries(honest()));
    await expectRefused(file, 'AGE_MALFORMED');
  });

  it('age over something that is not a zip: PACKAGE_MALFORMED', async () => {
    const file = await encryptTo(Buffer.from('%PDF-1.7 not a zip'), [expert.age.recipient], path.join(dirs.make(), FILE));
    await expectRefused(file, 'PACKAGE_MALFORMED');
  });

  it('a ciphertext larger than any package within the limits is refused before decrypting', async () => {
    const error = await expectRefused(await packageOf(honest()), 'PACKAGE_LIMIT', {
      limits: { maxTotalBytes: 1000, maxDocuments: 2, maxManifestBytes: 4096, maxSignatureBytes: 1024 },
    });
    expect(String(error.details?.detail)).toContain('the package is');
  });
});

describe('the signature', () => {
  it('a signature over other data by the secretary: SIGNATURE_INVALID', async () => {
    const other = makeManifest(secretary, expert, documents.slice(0, 1));
    const entries = honest();
    const forged = signedManifestEntries(manifestBytes(other), secretary)[1];
    if (forged === undefined) throw new Error('fixture');
    entries[1] = forged;
    await expectRefused(await packageOf(entries), 'SIGNATURE_INVALID');
  });

  it('a signature by another key: SIGNATURE_INVALID', async () => {
    const impostor = await makeMember('冒名者');
    const entries = honest();
    entries.splice(0, 2, ...signedManifestEntries(manifestBytes(manifest), impostor));
    await expectRefused(await packageOf(entries), 'SIGNATURE_INVALID');
  });

  it('garbage in manifest.json.sig: SIGNATURE_MALFORMED', async () => {
    const entries = honest();
    entries[1] = { name: SIGNATURE_ENTRY, data: Buffer.from('-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n') };
    await expectRefused(await packageOf(entries), 'SIGNATURE_MALFORMED');
  });

  it('a manifest rewritten to name an impostor as secretary verifies, and says whose key it is', async () => {
    // Not refusable here: the caller compares the fingerprint with the round's secretary (trust on first use).
    const impostor = await makeMember('冒名者');
    const forged = makeManifest(impostor, expert, documents);
    const file = await packageOf([...signedManifestEntries(manifestBytes(forged), impostor), ...honest().slice(2)]);
    const opened = await readPanelPackage({ file, identities: [expert.age.identity], stagingDir: dirs.make() });
    expect(opened.secretaryFingerprint).toBe(forged.secretary.fingerprint);
    expect(opened.secretaryFingerprint).not.toBe(manifest.secretary.fingerprint);
    await opened.dispose();
  });
});

describe('entries', () => {
  it('a document whose bytes do not match the signed hash: PACKAGE_HASH_MISMATCH naming the entry', async () => {
    const entries = honest();
    const tampered = Buffer.from(entries[2]?.data ?? Buffer.alloc(0));
    tampered.writeUInt8((tampered[tampered.length >> 1] ?? 0) ^ 0x01, tampered.length >> 1);
    entries[2] = { name: entries[2]?.name ?? '', data: tampered };
    const error = await expectRefused(await packageOf(entries), 'PACKAGE_HASH_MISMATCH');
    expect(error.details?.entry).toBe(documentEntryName(documents[0]?.sha256 ?? ''));
  });

  it('a manifest listing another size for a document: PACKAGE_HASH_MISMATCH', async () => {
    const entries = resigned((value) => {
      const applications = value.applications as { documents: { bytes: number }[] }[];
      const first = applications[0]?.documents[0];
      if (first) first.bytes += 1;
    });
    await expectRefused(await packageOf(entries), 'PACKAGE_HASH_MISMATCH');
  });

  it('an extra entry, an unlisted document, a duplicate, a directory, a symbolic link: PACKAGE_UNEXPECTED_ENTRY', async () => {
    const cases: [string, RawEntry[]][] = [
      ['notes.txt', honest((e) => [...e, { name: 'notes.txt', data: Buffer.from('hi') }])],
      [documentEntryName('0'.repeat(64)), honest((e) => [...e, { name: documentEntryName('0'.repeat(64)), data: Buffer.from('%PDF') }])],
      [MANIFEST_ENTRY, honest((e) => [...e, e[0] as RawEntry])],
      ['docs/', honest((e) => [...e, { name: 'docs/', data: Buffer.alloc(0) }])],
      [documentEntryName(documents[0]?.sha256 ?? ''), honest((e) => e.map((entry, i) => (i === 2 ? { ...entry, mode: 0o120777 } : entry)))],
      [documentEntryName(documents[1]?.sha256 ?? ''), honest((e) => e.map((entry, i) => (i === 3 ? { ...entry, mode: 0o040755 } : entry)))],
      ['DOCS/X.PDF', honest((e) => [...e, { name: 'DOCS/X.PDF', data: Buffer.from('%PDF') }])],
    ];
    for (const [entry, entries] of cases) {
      const error = await expectRefused(await packageOf(entries), 'PACKAGE_UNEXPECTED_ENTRY');
      expect(error.details?.entry).toBe(entry);
    }
  });

  it('names that leave the archive: PACKAGE_UNEXPECTED_ENTRY', async () => {
    for (const name of ['docs/../x.pdf', '/etc/x', '../../../../tmp/evil.pdf', 'docs\\x.pdf']) {
      const error = await expectRefused(await packageOf(honest((e) => [...e, { name, data: Buffer.from('%PDF') }])), 'PACKAGE_UNEXPECTED_ENTRY');
      expect(error.details?.entry).toBe(name);
    }
  });

  it('a listed document missing: PACKAGE_MALFORMED naming it', async () => {
    const error = await expectRefused(await packageOf(honest((e) => e.slice(0, 3))), 'PACKAGE_MALFORMED');
    expect(error.details?.entry).toBe(documentEntryName(documents[1]?.sha256 ?? ''));
  });

  it('no manifest, or no signature: PACKAGE_MALFORMED', async () => {
    await expectRefused(await packageOf(honest((e) => e.slice(1))), 'PACKAGE_MALFORMED');
    await expectRefused(await packageOf(honest((e) => [e[0] as RawEntry, ...e.slice(2)])), 'PACKAGE_MALFORMED');
  });

  it('deflated entries are accepted', async () => {
    const file = await packageOf(honest((e) => e.map((entry) => ({ ...entry, compress: true }))));
    const opened = await readPanelPackage({ file, identities: [expert.age.identity], stagingDir: dirs.make() });
    expect(opened.documents).toHaveLength(2);
    await opened.dispose();
  });
});

describe('limits', () => {
  it('a document over the per-document limit, a manifest or signature over theirs, too many documents: PACKAGE_LIMIT', async () => {
    const file = await packageOf(honest());
    const smallest = Math.min(...documents.map((d) => d.bytes));
    const cases: Partial<PanelLimits>[] = [
      { maxDocumentBytes: smallest - 1 },
      { maxManifestBytes: 100 },
      { maxSignatureBytes: 100 },
      { maxDocuments: 1 },
      { maxTotalBytes: documents.reduce((sum, d) => sum + d.bytes, 0) - 1 },
    ];
    for (const limits of cases) await expectRefused(file, 'PACKAGE_LIMIT', { limits });
  });

  it('a deflated document that expands more than 100 times (a zip bomb): PACKAGE_LIMIT', async () => {
    const bombFile = path.join(dirs.make(), 'zeros.pdf');
    fs.writeFileSync(bombFile, Buffer.alloc(4 * 1024 * 1024));
    const bomb = documentFromFile(bombFile);
    const bombManifest = makeManifest(secretary, expert, [bomb]);
    const entries = packageEntries(bombManifest, secretary, [bomb]).map((entry) => ({ ...entry, compress: true }));
    const error = await expectRefused(await packageOf(entries), 'PACKAGE_LIMIT');
    expect(error.details?.entry).toBe(documentEntryName(bomb.sha256));
  });
});

describe('the manifest', () => {
  it('an unknown format version: FORMAT_UNSUPPORTED with the format', async () => {
    const error = await expectRefused(await packageOf(resigned((value) => (value.format = 'panel-review/panel@2'))), 'FORMAT_UNSUPPORTED');
    expect(error.details?.format).toBe('panel-review/panel@2');
  });

  it('an extra field, a missing field, a wrong type: PACKAGE_MALFORMED with a readable detail', async () => {
    const extra = await expectRefused(await packageOf(resigned((value) => (value.comment = 'x'))), 'PACKAGE_MALFORMED');
    expect(String(extra.details?.detail)).toContain('comment');
    const missing = await expectRefused(await packageOf(resigned((value) => delete value.expert)), 'PACKAGE_MALFORMED');
    expect(String(missing.details?.detail)).toContain('expert');
    const nested = await expectRefused(
      await packageOf(resigned((value) => ((value.round as Record<string, unknown>).kind = 'party'))),
      'PACKAGE_MALFORMED',
    );
    expect(String(nested.details?.detail)).toContain('round.kind');
  });

  it('bytes that are valid, signed JSON but not canonical: PACKAGE_MALFORMED', async () => {
    const pretty = await expectRefused(await packageOf(resigned(() => undefined, (value) => JSON.stringify(value, null, 2))), 'PACKAGE_MALFORMED');
    expect(String(pretty.details?.detail)).toContain('canonical');
    // A duplicate key: JSON.parse keeps the last, a signature checker may have meant the first.
    const duplicate = resigned(() => undefined, (value) => canonicalJson(value).replace('{', '{"applications":[],'));
    await expectRefused(await packageOf(duplicate), 'PACKAGE_MALFORMED');
  });

  it('a fingerprint that is not that of the key beside it: PACKAGE_MALFORMED', async () => {
    const entries = resigned((value) => ((value.expert as Record<string, unknown>).fingerprint = (value.secretary as Record<string, unknown>).fingerprint));
    await expectRefused(await packageOf(entries), 'PACKAGE_MALFORMED');
  });
});
