import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openScoreBundle } from '../bundles/openScoreBundle';
import { encodePayload } from '../bundles/bundleFormat';
import { AppError } from '../errors';
import { tempDirs } from '../panel/panelTestKit';
import { createMergeRepository } from './mergeRepository';
import { fullReview, importFiles, payloadFor, setUpPanel, writeBundle, type TestExpert, type TestPanel } from './mergeTestKit';
import { verifyStoredBundle } from './verifyStoredBundle';

/**
 * A merged bundle keeps its signature (migration 012), so the store alone proves where
 * it came from, with the app and with stock ssh-keygen; and a payload or signature
 * changed in the database afterwards no longer proves anything.
 */

const temp = tempDirs('panel-review-stored-bundle-');
const panels: TestPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.core.close();
});
afterAll(() => temp.cleanup());

interface Merged {
  p: TestPanel;
  zhang: TestExpert;
  file: string;
  key: { roundId: string; fingerprint: string; revision: number };
}

/** 张三's revisions 1 and 2, merged through the real bundle.import. */
async function merged(): Promise<Merged> {
  const p = await setUpPanel(temp.make(), { experts: 1 });
  panels.push(p);
  const [zhang] = p.experts;
  if (zhang === undefined) throw new Error('no expert');
  const reviews = p.applicationIds.map((id) => fullReview(id));
  const file = await writeBundle(p, zhang, 'r1.prscores', { reviews });
  const later = await writeBundle(p, zhang, 'r2.prscores', { revision: 2, reviews, exportedAt: '2026-12-01T09:00:00.000Z' });
  expect(await importFiles(p, [file, later])).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);
  return { p, zhang, file, key: { roundId: p.roundId, fingerprint: zhang.fingerprint, revision: 1 } };
}

/** What someone with the database file and sqlite3 could do: 010's trigger keeps rows as they came only against the app. */
function tamper(p: TestPanel, set: string, ...params: unknown[]): void {
  p.db.exec(`DROP TRIGGER received_bundle_no_update`);
  p.db.prepare(`UPDATE received_bundle SET ${set} WHERE revision = 1`).run(...params);
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const stored = (p: TestPanel) => p.db.prepare(`SELECT payload, signature FROM received_bundle WHERE revision = 1`).get() as { payload: Buffer; signature: string | null };

describe('verifyStoredBundle', () => {
  it("stores the bundle's own signature on accept, and proves the stored payload against the enrolled key", async () => {
    const { p, zhang, file, key } = await merged();
    const opened = await openScoreBundle({ bytes: fs.readFileSync(file), identities: [p.core.identity.requireUnlocked().ageIdentity], file: 'r1.prscores' });
    const row = stored(p);
    expect(row.signature).toBe(opened.signature);
    expect(row.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----\n/);
    expect(Buffer.from(row.payload)).toEqual(encodePayload(payloadFor(p, zhang, { reviews: p.applicationIds.map((id) => fullReview(id)) })));
    const merge = createMergeRepository(p.db);
    expect(verifyStoredBundle(merge, key)).toEqual({ status: 'verified', fingerprint: zhang.fingerprint, revision: 1, sha256: opened.sha256 });
    expect(verifyStoredBundle(merge, { ...key, revision: 2 })).toMatchObject({ status: 'verified', revision: 2 });
    expect(refusal(() => verifyStoredBundle(merge, { ...key, revision: 3 })).code).toBe('NOT_FOUND');
  });

  it.skipIf(spawnSync('bash', ['-c', 'command -v ssh-keygen']).status !== 0)('the stored payload and signature verify with stock ssh-keygen and the enrolled key', async () => {
    const { p } = await merged();
    const dir = path.dirname(p.dir);
    const row = stored(p);
    const enrolled = p.db.prepare(`SELECT ssh_public_key FROM expert`).pluck().get() as string;
    fs.writeFileSync(path.join(dir, 'payload.json'), row.payload);
    fs.writeFileSync(path.join(dir, 'payload.sig'), row.signature ?? '');
    fs.writeFileSync(path.join(dir, 'allowed_signers'), `expert ${enrolled}\n`);
    const run = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', 'allowed_signers', '-I', 'expert', '-n', 'panel-review-scores', '-s', 'payload.sig'], {
      cwd: dir,
      input: row.payload,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Good "panel-review-scores" signature for expert');
  });

  it('a stored payload altered in the database fails, however small the change', async () => {
    const { p, key } = await merged();
    const payload = stored(p).payload.toString('utf8').replace('"value":15.5', '"value":19.5');
    expect(payload).not.toBe(stored(p).payload.toString('utf8'));
    tamper(p, `payload = ?`, Buffer.from(payload, 'utf8'));
    expect(refusal(() => verifyStoredBundle(createMergeRepository(p.db), key))).toMatchObject({ code: 'SIGNATURE_INVALID', details: { file: 'r1.prscores' } });
  });

  it("a signature by another key, or another revision's payload and signature copied onto the row, fail", async () => {
    const { p, key } = await merged();
    const r2 = p.db.prepare(`SELECT payload, signature FROM received_bundle WHERE revision = 2`).get() as { payload: Buffer; signature: string };
    tamper(p, `payload = ?, signature = ?`, r2.payload, r2.signature);
    expect(refusal(() => verifyStoredBundle(createMergeRepository(p.db), key))).toMatchObject({ code: 'BUNDLE_MALFORMED', details: { reason: 'record-mismatch' } });

    const { p: other } = await merged();
    tamper(other, `signature = ?`, stored(p).signature);
    expect(refusal(() => verifyStoredBundle(createMergeRepository(other.db), { ...key, roundId: other.roundId, fingerprint: other.experts[0]?.fingerprint ?? '' })).code).toBe(
      'SIGNATURE_UNTRUSTED_KEY',
    );
  });

  it('a bundle received before signatures were kept is reported unsigned, not verified', async () => {
    const { p, zhang, key } = await merged();
    tamper(p, `signature = NULL`);
    expect(verifyStoredBundle(createMergeRepository(p.db), key)).toMatchObject({ status: 'unsigned', fingerprint: zhang.fingerprint, revision: 1 });
  });
});
