import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/errors';
import type { PanelMember } from '../../../shared/domain/panelPackage';
import { corpusFile } from '../../../test/helpers/corpus';
import { createCore, type Core } from '../core';
import { documentFromFile, makeMember, memberOf, tempDirs, type TestDocument, type TestMember } from '../panel/panelTestKit';
import { inProcessPdf, ok, SOURCE_ROUND_ID, writeTestPackage } from './expertTestKit';

/**
 * `panel.inspect` and `panel.import` on a real data directory with real packages: what
 * an import stores, and that every refusal leaves the store exactly as it was.
 */

const temp = tempDirs('panel-review-expert-');
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});
afterAll(() => temp.cleanup());

let secretary: TestMember;
let impostor: TestMember;
let documents: TestDocument[];
beforeAll(async () => {
  [secretary, impostor] = await Promise.all([makeMember('王秘书'), makeMember('冒充者')]);
  documents = [
    documentFromFile(corpusFile('cjk-cns1-prospectus.pdf'), 1),
    documentFromFile(corpusFile('encrypted-aes256-user.pdf'), 26, 'secret'),
    documentFromFile(corpusFile('image-only-incgraph.pdf'), 4),
  ];
});

async function refused(result: Promise<Result<unknown>>, code: string): Promise<Record<string, unknown>> {
  const settled = await result;
  if (settled.ok) throw new Error(`expected ${code}, got ok ${JSON.stringify(settled.value)}`);
  expect(settled.error.code, settled.error.message).toBe(code);
  return settled.error.details ?? {};
}

/** An expert's data directory with an unlocked identity. */
async function expertCore(name = '张三'): Promise<{ core: Core; me: PanelMember; dir: string }> {
  const dir = temp.make();
  const core = createCore({ dataDir: dir, pdfEngines: [inProcessPdf], identity: { scryptWorkFactor: 1 } });
  cores.push(core);
  const identity = await ok<PanelMember & { affiliation: string | null }>(core.router.dispatch('identity.create', { name, affiliation: '同济大学', passphrase: 'correct horse battery' }));
  const { fingerprint, sshPublicKey, ageRecipient, affiliation } = identity;
  return { core, dir, me: { name, affiliation, fingerprint, sshPublicKey, ageRecipient } };
}

/** Every row of every table and every file of the data directory except the database's own. */
function snapshot(core: Core): { rows: Record<string, unknown[]>; files: string[] } {
  const db = core.store.db;
  const tables = db.prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all();
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) rows[table] = db.prepare(`SELECT * FROM "${table}"`).all();
  const files = fs
    .readdirSync(core.store.dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('panel-review.sqlite'))
    .map((entry) => path.relative(core.store.dataDir, path.join(entry.parentPath, entry.name)))
    .sort();
  return { rows, files };
}

describe('panel.import', () => {
  it('opens the package as an expert round: applications, documents byte for byte, passwords, searchable text', async () => {
    const { core, me } = await expertCore();
    const { file, manifest } = await writeTestPackage({ secretary, expert: me, documents, outPath: path.join(temp.make(), 'panel.prpanel') });

    const inspected = await ok<Record<string, unknown>>(core.router.dispatch('panel.inspect', { file }));
    expect(inspected).toMatchObject({
      round: manifest.round,
      secretary: { name: '王秘书', fingerprint: memberOf(secretary).fingerprint },
      expert: { fingerprint: me.fingerprint },
      forThisIdentity: true,
      applications: 2,
      documents: 3,
      bytes: documents.reduce((sum, d) => sum + d.bytes, 0),
      secretaryKnown: 'new',
      importedRoundId: null,
    });

    const imported = await ok<{ roundId: string }>(core.router.dispatch('panel.import', { file }));
    expect(imported).toEqual({ roundId: expect.any(String), applications: 2, secretaryFingerprint: memberOf(secretary).fingerprint, secretaryKnown: 'new', status: 'imported' });

    const { rounds } = await ok<{ rounds: { id: string; name: string; kind: string; role: string }[] }>(core.router.dispatch('round.list', {}));
    expect(rounds).toEqual([expect.objectContaining({ id: imported.roundId, name: manifest.round.name, kind: 'plan-review', role: 'expert' })]);

    const { applications } = await ok<{ applications: { id: string; city: string; documents: { sha256: string; name: string; kind: string; textStatus: string; encryption: string }[] }[] }>(
      core.router.dispatch('application.list', { roundId: imported.roundId }),
    );
    expect(applications.map((a) => a.city).sort()).toEqual(['宁波市', '泉州市']);
    // Local ids, never the secretary's: the mapping back is kept beside them.
    expect(applications.map((a) => a.id)).not.toContain(manifest.applications[0]?.id);
    const mapping = core.store.db.prepare(`SELECT source_application_id FROM received_application ORDER BY position`).pluck().all();
    expect(mapping).toEqual(manifest.applications.map((a) => a.id));
    const docs = applications.flatMap((a) => a.documents);
    expect(docs.map((d) => d.sha256).sort()).toEqual(documents.map((d) => d.sha256).sort());
    expect(docs.every((d) => d.textStatus === 'done')).toBe(true);
    for (const document of documents) {
      expect(fs.readFileSync(core.blobs.pathOf(document.sha256)).equals(fs.readFileSync(document.file))).toBe(true);
    }
    const encrypted = documents[1] as TestDocument;
    expect(await ok(core.router.dispatch('document.open', { sha256: encrypted.sha256 }))).toMatchObject({ password: 'secret', pages: 26 });

    // Search works for experts too: a phrase of the extracted text finds its page.
    const texts = core.store.db.prepare<[], string>(`SELECT text FROM page_text`).pluck().all();
    const phrase = texts.map((text) => /[\p{L}]{5,}/u.exec(text)?.[0]).find((word) => word !== undefined) ?? '';
    expect(phrase).not.toBe('');
    const { hits } = await ok<{ hits: { page: number }[] }>(core.router.dispatch('search.query', { roundId: imported.roundId, query: phrase }));
    expect(hits.length).toBeGreaterThan(0);

    // Nothing left in staging.
    expect(fs.readdirSync(path.join(core.store.dataDir, 'staging'))).toEqual([]);
  });

  it('says unchanged for the same package again, and refuses an updated package of the same round for now', async () => {
    const { core, me } = await expertCore();
    const dir = temp.make();
    const { file } = await writeTestPackage({ secretary, expert: me, documents, outPath: path.join(dir, 'panel.prpanel') });
    const first = await ok<{ roundId: string }>(core.router.dispatch('panel.import', { file }));
    const before = snapshot(core);
    expect(await ok(core.router.dispatch('panel.import', { file }))).toMatchObject({ roundId: first.roundId, status: 'unchanged', secretaryKnown: 'trusted', applications: 2 });
    expect(snapshot(core)).toEqual(before);

    const updated = await writeTestPackage({ secretary, expert: me, documents: documents.slice(0, 2), packageId: 'pk0123457z', outPath: path.join(dir, 'updated.prpanel') });
    const details = await refused(core.router.dispatch('panel.import', { file: updated.file }), 'PACKAGE_ALREADY_IMPORTED');
    expect(details).toMatchObject({ file: 'updated.prpanel', roundId: first.roundId });
    expect(snapshot(core)).toEqual(before);
  });

  it('refuses, loudly and storing nothing, a package of a known round signed by another key', async () => {
    const { core, me } = await expertCore();
    const dir = temp.make();
    const { file } = await writeTestPackage({ secretary, expert: me, documents: documents.slice(0, 1), outPath: path.join(dir, 'panel.prpanel') });
    await ok(core.router.dispatch('panel.import', { file }));
    const before = snapshot(core);
    // Same source round, new package, signed by someone else who names themself the secretary.
    const forged = await writeTestPackage({ secretary: impostor, expert: me, documents, packageId: 'pk0123458z', outPath: path.join(dir, 'forged.prpanel') });
    const inspected = await ok(core.router.dispatch('panel.inspect', { file: forged.file }));
    expect(inspected).toMatchObject({ secretaryKnown: 'changed', trustedFingerprint: memberOf(secretary).fingerprint, secretary: { fingerprint: memberOf(impostor).fingerprint } });
    const details = await refused(core.router.dispatch('panel.import', { file: forged.file }), 'PACKAGE_SECRETARY_CHANGED');
    expect(details).toMatchObject({ expected: memberOf(secretary).fingerprint, found: memberOf(impostor).fingerprint });
    expect(snapshot(core)).toEqual(before);
  });

  it('refuses a package whose signer is not the fingerprint the person confirmed', async () => {
    const { core, me } = await expertCore();
    const before = snapshot(core);
    const { file } = await writeTestPackage({ secretary: impostor, expert: me, documents, outPath: path.join(temp.make(), 'panel.prpanel') });
    const details = await refused(core.router.dispatch('panel.import', { file, expectSecretary: memberOf(secretary).fingerprint }), 'PACKAGE_SECRETARY_UNEXPECTED');
    expect(details).toMatchObject({ expected: memberOf(secretary).fingerprint, found: memberOf(impostor).fingerprint });
    expect(snapshot(core)).toEqual(before);
    // The right one is accepted.
    expect(await ok(core.router.dispatch('panel.import', { file, expectSecretary: memberOf(impostor).fingerprint }))).toMatchObject({ status: 'imported' });
  });

  it("refuses another expert's package: not encrypted to us, or encrypted to us but naming someone else", async () => {
    const { core, me } = await expertCore();
    const other = await makeMember('李四');
    const dir = temp.make();
    const before = snapshot(core);
    const notForUs = await writeTestPackage({ secretary, expert: memberOf(other, null), documents, outPath: path.join(dir, 'other.prpanel') });
    await refused(core.router.dispatch('panel.import', { file: notForUs.file }), 'AGE_NO_MATCHING_KEY');
    const namingOther = await writeTestPackage({
      secretary,
      expert: memberOf(other, null),
      documents,
      recipients: [other.age.recipient, me.ageRecipient],
      outPath: path.join(dir, 'naming-other.prpanel'),
    });
    expect(await ok(core.router.dispatch('panel.inspect', { file: namingOther.file }))).toMatchObject({ forThisIdentity: false });
    const details = await refused(core.router.dispatch('panel.import', { file: namingOther.file }), 'PACKAGE_WRONG_EXPERT');
    expect(details).toMatchObject({ expertName: '李四', expected: memberOf(other).fingerprint, found: me.fingerprint });
    expect(snapshot(core)).toEqual(before);
  });

  it('refuses a tampered or truncated package and stores nothing', async () => {
    const { core, me } = await expertCore();
    const dir = temp.make();
    const { file } = await writeTestPackage({ secretary, expert: me, documents, outPath: path.join(dir, 'panel.prpanel') });
    const bytes = fs.readFileSync(file);
    const tampered = Buffer.from(bytes);
    tampered[Math.floor(bytes.length / 2)] = (tampered[Math.floor(bytes.length / 2)] ?? 0) ^ 0x40;
    fs.writeFileSync(path.join(dir, 'tampered.prpanel'), tampered);
    fs.writeFileSync(path.join(dir, 'truncated.prpanel'), bytes.subarray(0, bytes.length - 1000));
    const before = snapshot(core);
    await refused(core.router.dispatch('panel.import', { file: path.join(dir, 'tampered.prpanel') }), 'AGE_DAMAGED');
    await refused(core.router.dispatch('panel.import', { file: path.join(dir, 'truncated.prpanel') }), 'AGE_DAMAGED');
    await refused(core.router.dispatch('panel.inspect', { file: path.join(dir, 'tampered.prpanel') }), 'AGE_DAMAGED');
    expect(snapshot(core)).toEqual(before);
  });

  it('leaves no blob behind when the rows cannot be committed, and keeps blobs other rounds use', async () => {
    const { core, me } = await expertCore();
    const dir = temp.make();
    // A secretary round in the same data directory already holds the first PDF.
    const round = await ok<{ id: string }>(core.router.dispatch('round.create', { name: '秘书轮次', kind: 'plan-review' }));
    await ok(core.router.dispatch('application.import', { roundId: round.id, paths: [documents[0]?.file ?? ''] }));
    const { file } = await writeTestPackage({ secretary, expert: me, documents, outPath: path.join(dir, 'panel.prpanel') });
    const before = snapshot(core);
    // Make the commit fail: a received package for the same source round appears meanwhile.
    core.store.db.exec(`CREATE TRIGGER fail_import BEFORE INSERT ON received_package BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;`);
    const failed = await core.router.dispatch('panel.import', { file });
    expect(failed.ok).toBe(false);
    core.store.db.exec(`DROP TRIGGER fail_import`);
    expect(snapshot(core)).toEqual(before);
    expect(fs.existsSync(core.blobs.pathOf(documents[0]?.sha256 ?? ''))).toBe(true);
    // And it imports once the cause is gone.
    expect(await ok(core.router.dispatch('panel.import', { file }))).toMatchObject({ status: 'imported' });
  });

  it('needs the identity unlocked', async () => {
    const { core, me } = await expertCore();
    const { file } = await writeTestPackage({ secretary, expert: me, documents: documents.slice(0, 1), outPath: path.join(temp.make(), 'panel.prpanel') });
    await ok(core.router.dispatch('identity.lock', {}));
    await refused(core.router.dispatch('panel.import', { file }), 'IDENTITY_LOCKED');
    expect(SOURCE_ROUND_ID).toHaveLength(10);
  });
});
