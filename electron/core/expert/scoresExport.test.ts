import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PanelMember } from '../../../shared/domain/panelPackage';
import { corpusFile } from '../../../test/helpers/corpus';
import { openScoreBundle } from '../bundles/openScoreBundle';
import { createCore, type Core } from '../core';
import { toOpenSshPrivateKey } from '../crypto/sshKeys';
import { ageIdentityFile } from '../identity/privateKeys';
import { documentFromFile, makeMember, tempDirs, type TestMember } from '../panel/panelTestKit';
import { inProcessPdf, ok, SOURCE_ROUND_ID, writeTestPackage } from './expertTestKit';

/** `scores.export` by the expert and `bundle.verify` by the secretary, on real data directories. */

const temp = tempDirs('panel-review-scores-');
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});
afterAll(() => temp.cleanup());

let secretary: TestMember;
beforeAll(async () => {
  secretary = await makeMember('王秘书');
});

function openCore(): Core {
  const core = createCore({ dataDir: temp.make(), pdfEngines: [inProcessPdf], identity: { scryptWorkFactor: 1 } });
  cores.push(core);
  return core;
}

async function expertWithRound(): Promise<{ core: Core; me: PanelMember; roundId: string; manifestSha256: string }> {
  const core = openCore();
  const me = await ok<PanelMember>(core.router.dispatch('identity.create', { name: '张三', affiliation: '同济大学', passphrase: 'correct horse battery' }));
  const expert = { name: me.name, affiliation: me.affiliation, fingerprint: me.fingerprint, sshPublicKey: me.sshPublicKey, ageRecipient: me.ageRecipient };
  const { file } = await writeTestPackage({ secretary, expert, documents: [documentFromFile(corpusFile('cjk-cns1-prospectus.pdf'))], outPath: path.join(temp.make(), 'p.prpanel') });
  const inspected = await ok<{ manifestSha256: string }>(core.router.dispatch('panel.inspect', { file }));
  const { roundId } = await ok<{ roundId: string }>(core.router.dispatch('panel.import', { file }));
  return { core, me: expert, roundId, manifestSha256: inspected.manifestSha256 };
}

/** The secretary's data directory, holding the keys the test signed the package with. */
async function secretaryCore(): Promise<Core> {
  const core = openCore();
  await ok(
    core.router.dispatch('identity.import', {
      name: '王秘书',
      passphrase: 'correct horse battery',
      sshPrivateKey: toOpenSshPrivateKey(secretary.signing.privateKey, secretary.signing.publicKey),
      ageIdentity: ageIdentityFile(secretary.age.identity, secretary.age.recipient, '2026-01-01T00:00:00.000Z'),
    }),
  );
  return core;
}

describe('scores.export and bundle.verify', () => {
  it('exports revisions 1, 2 naming the secretary ids; the secretary opens both', async () => {
    const { core, me, roundId, manifestSha256 } = await expertWithRound();
    const out = temp.make();
    const first = await ok<{ file: string; revision: number; sha256: string }>(core.router.dispatch('scores.export', { roundId, outFile: path.join(out, 'a.prscores') }));
    const second = await ok<{ file: string; revision: number; sha256: string }>(core.router.dispatch('scores.export', { roundId, outFile: path.join(out, 'b.prscores') }));
    expect([first.revision, second.revision]).toEqual([1, 2]);
    expect(fs.readdirSync(out).sort()).toEqual(['a.prscores', 'b.prscores']);
    expect(core.store.db.prepare(`SELECT revision, sha256 FROM bundle_export ORDER BY revision`).all()).toEqual([
      { revision: 1, sha256: first.sha256 },
      { revision: 2, sha256: second.sha256 },
    ]);

    const opened = await openScoreBundle({ bytes: fs.readFileSync(second.file), identities: [secretary.age.identity], file: 'b.prscores' });
    expect(opened.sha256).toBe(second.sha256);
    expect(opened.payload).toMatchObject({
      roundId: SOURCE_ROUND_ID,
      packageId: 'pk0123456z',
      manifestSha256,
      expert: { fingerprint: me.fingerprint, name: '张三' },
      revision: 2,
      // Empty until the scoring tables of issue #5 exist.
      applications: [],
    });

    const secretaryDir = await secretaryCore();
    for (const bundle of [first, second]) {
      expect(await ok(secretaryDir.router.dispatch('bundle.verify', { file: bundle.file }))).toMatchObject({
        fingerprint: me.fingerprint,
        roundId: SOURCE_ROUND_ID,
        revision: bundle.revision,
        applications: 0,
        sha256: bundle.sha256,
        expertName: '张三',
      });
    }
  });

  it('hands the bundle back as bytes for a download, recording its revision as scores.export does', async () => {
    const { core, me, roundId } = await expertWithRound();
    const first = await ok<{ file: string; revision: number; sha256: string }>(core.router.dispatch('scores.export', { roundId, outFile: path.join(temp.make(), 'a.prscores') }));
    const downloaded = await ok<{ fileName: string; contentBase64: string; revision: number; sha256: string; applications: number }>(
      core.router.dispatch('scores.exportForDownload', { roundId }),
    );
    expect(downloaded).toMatchObject({ fileName: '2026年“中国制造2025”试点城市实施方案评审-张三-r2.prscores', revision: 2, applications: 0 });
    const bytes = Buffer.from(downloaded.contentBase64, 'base64');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(downloaded.sha256);
    // The next file export follows it: one sequence of revisions, whichever way a bundle left.
    const third = await ok<{ revision: number; sha256: string }>(core.router.dispatch('scores.export', { roundId, outFile: path.join(temp.make(), 'c.prscores') }));
    expect(third.revision).toBe(3);
    expect(core.store.db.prepare(`SELECT revision, sha256 FROM bundle_export ORDER BY revision`).all()).toEqual([
      { revision: 1, sha256: first.sha256 },
      { revision: 2, sha256: downloaded.sha256 },
      { revision: 3, sha256: third.sha256 },
    ]);

    const file = path.join(temp.make(), downloaded.fileName);
    fs.writeFileSync(file, bytes);
    const secretaryDir = await secretaryCore();
    expect(await ok(secretaryDir.router.dispatch('bundle.verify', { file }))).toMatchObject({
      fingerprint: me.fingerprint,
      roundId: SOURCE_ROUND_ID,
      revision: 2,
      sha256: downloaded.sha256,
    });
  });

  it('refuses a download of a round that was not received, or while the identity is locked, using no revision', async () => {
    const { core, roundId } = await expertWithRound();
    const own = await ok<{ id: string }>(core.router.dispatch('round.create', { name: '自建轮次', kind: 'custom' }));
    expect(await core.router.dispatch('scores.exportForDownload', { roundId: own.id })).toMatchObject({ ok: false, error: { code: 'ROUND_NOT_EXPERT' } });
    await ok(core.router.dispatch('identity.lock', {}));
    expect(await core.router.dispatch('scores.exportForDownload', { roundId })).toMatchObject({ ok: false, error: { code: 'IDENTITY_LOCKED' } });
    await ok(core.router.dispatch('identity.unlock', { passphrase: 'correct horse battery' }));
    expect(await ok<{ revision: number }>(core.router.dispatch('scores.exportForDownload', { roundId }))).toMatchObject({ revision: 1 });
  });

  it('uses no revision for a file it could not write', async () => {
    const { core, roundId } = await expertWithRound();
    const failed = await core.router.dispatch('scores.export', { roundId, outFile: path.join(temp.make(), 'missing-dir', 'a.prscores') });
    expect(failed).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const written = await ok<{ revision: number }>(core.router.dispatch('scores.export', { roundId, outFile: path.join(temp.make(), 'a.prscores') }));
    expect(written.revision).toBe(1);
  });

  it('refuses rounds that were not received, and a tampered bundle without changing anything', async () => {
    const { core, roundId } = await expertWithRound();
    const own = await ok<{ id: string }>(core.router.dispatch('round.create', { name: '自建轮次', kind: 'custom' }));
    expect(await core.router.dispatch('scores.export', { roundId: own.id, outFile: path.join(temp.make(), 'x.prscores') })).toMatchObject({
      ok: false,
      error: { code: 'ROUND_NOT_EXPERT' },
    });
    const { file } = await ok<{ file: string }>(core.router.dispatch('scores.export', { roundId, outFile: path.join(temp.make(), 'a.prscores') }));
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 1;
    fs.writeFileSync(file, bytes);
    const secretaryDir = await secretaryCore();
    const before = fs.readdirSync(secretaryDir.store.dataDir, { recursive: true });
    expect(await secretaryDir.router.dispatch('bundle.verify', { file })).toMatchObject({ ok: false, error: { code: 'AGE_DAMAGED' } });
    expect(fs.readdirSync(secretaryDir.store.dataDir, { recursive: true })).toEqual(before);
  });
});
