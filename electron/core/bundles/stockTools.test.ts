import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/helpers/cli';
import { generateAgeIdentity, parseAgeIdentity, type AgeKeyPair } from '../crypto/age';
import { canonicalJson } from '../crypto/canonicalJson';
import { fingerprint, generateSigningKey, parseOpenSshPublicKey, toOpenSshPublicKey, type SigningKeyPair } from '../crypto/sshKeys';
import { signSshsig, SSHSIG_NAMESPACES } from '../crypto/sshsig';
import { openScoreBundle } from './openScoreBundle';
import { sealScoreBundle } from './sealScoreBundle';
import { samplePayload } from './testBundles';

/**
 * DESIGN.md promises a score bundle can be checked with stock tools alone. This test runs
 * the README section "Checking a score bundle with stock tools" command for command on real
 * files, and builds a bundle with stock ssh-keygen, age and jq that the app must accept.
 */

/** The auditor's commands, verbatim in README.md (checked below): keep the two in step. */
const AUDIT_COMMANDS = [
  'age -d -i secretary.txt bundle.prscores > bundle.json',
  'jq -r .payload bundle.json | base64 -d > payload.json',
  'jq -r .signature bundle.json > payload.sig',
  'jq -r .sshPublicKey expert.prkey > expert.pub',
  'ssh-keygen -l -f expert.pub',
  'jq -r .expert.fingerprint payload.json',
  'echo "expert $(cat expert.pub)" > allowed_signers',
  'ssh-keygen -Y verify -f allowed_signers -I expert -n panel-review-scores -s payload.sig < payload.json',
];

const haveTools = ['age', 'age-keygen', 'jq', 'ssh-keygen', 'base64'].every(
  (tool) => spawnSync('bash', ['-c', `command -v ${tool}`]).status === 0,
);

function bash(script: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-c', `set -euo pipefail\n${script}`], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'panel-review-prscores-'));
  dirs.push(dir);
  return dir;
}

/** age-keygen's file format, which `age -d -i` reads. */
function writeAgeKeyFile(file: string, pair: AgeKeyPair): void {
  writeFileSync(file, `# created: 2026-03-01T08:00:00Z\n# public key: ${pair.recipient}\n${pair.identity}\n`, { mode: 0o600 });
}

/**
 * The expert's key card (`*.prkey`, shaped as shared/domain/keyCard.ts says: canonical
 * JSON with a self-signature). The audit reads only `.sshPublicKey`, the key the
 * secretary enrolled the expert with.
 */
function writeKeyCard(file: string, signer: SigningKeyPair, ageRecipient: string): void {
  const body = {
    format: 'panel-review/key-card@1',
    name: '张三',
    affiliation: '同济大学',
    sshPublicKey: toOpenSshPublicKey(signer.publicKey),
    ageRecipient,
    createdAt: '2026-01-05T09:00:00.000Z',
  };
  const signature = signSshsig(Buffer.from(canonicalJson(body), 'utf8'), signer.privateKey, signer.publicKey, SSHSIG_NAMESPACES.keyCard);
  writeFileSync(file, `${canonicalJson({ ...body, signature })}\n`);
}

describe.skipIf(!haveTools)('score bundles with stock tools', () => {
  let secretary: AgeKeyPair;
  let expertAge: AgeKeyPair;
  beforeAll(async () => {
    [secretary, expertAge] = await Promise.all([generateAgeIdentity(), generateAgeIdentity()]);
  });

  it('the README commands decrypt, extract and verify a bundle the app sealed', async () => {
    const dir = workDir();
    const expert = generateSigningKey();
    const payload = samplePayload(expert.publicKey, { applications: 4 });
    const sealed = await sealScoreBundle({ payload, signer: expert, secretaryRecipients: [secretary.recipient] });
    writeFileSync(join(dir, 'bundle.prscores'), sealed.bytes);
    writeAgeKeyFile(join(dir, 'secretary.txt'), secretary);
    writeKeyCard(join(dir, 'expert.prkey'), expert, expertAge.recipient);

    const run = bash(AUDIT_COMMANDS.join('\n'), dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain(`Good "panel-review-scores" signature for expert with ED25519 key ${fingerprint(expert.publicKey)}`);
    // `ssh-keygen -l` and the payload print the same fingerprint: the signer is the expert named.
    const [stockLine, payloadPrint] = run.stdout.trim().split('\n');
    expect(stockLine?.split(' ')[1]).toBe(payload.expert.fingerprint);
    expect(payloadPrint).toBe(payload.expert.fingerprint);
    // The extracted bytes are exactly the signed canonical payload.
    expect(readFileSync(join(dir, 'payload.json'), 'utf8')).toBe(canonicalJson(payload));

    // And the same check fails for a changed payload or another expert's key.
    const tampered = bash(
      `sed -i 's/"revision":1/"revision":2/' payload.json\n${AUDIT_COMMANDS.at(-1) ?? ''}`,
      dir,
    );
    expect(tampered.status).not.toBe(0);
    writeKeyCard(join(dir, 'expert.prkey'), generateSigningKey(), expertAge.recipient);
    const impostor = bash(AUDIT_COMMANDS.join('\n'), dir);
    expect(impostor.status).not.toBe(0);
  });

  it('README.md documents exactly these commands', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('## Checking a score bundle with stock tools');
    expect(start).toBeGreaterThan(-1);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1) === -1 ? undefined : readme.indexOf('\n## ', start + 1));
    for (const command of AUDIT_COMMANDS) expect(section).toContain(command);
    expect(section).toContain('electron/core/bundles/stockTools.test.ts');
  });

  it('the app opens a bundle made with ssh-keygen -Y sign, jq, base64 and age -r', async () => {
    const dir = workDir();
    // Keys made by the stock tools, as an expert without the app would have them.
    const keys = bash("ssh-keygen -q -t ed25519 -N '' -C 'expert@stock' -f expert_key\nage-keygen -o secretary.txt 2>/dev/null", dir);
    expect(keys.status, keys.stderr).toBe(0);
    const publicKey = parseOpenSshPublicKey(readFileSync(join(dir, 'expert_key.pub'), 'utf8'));
    const payload = samplePayload(publicKey, { revision: 3 });
    writeFileSync(join(dir, 'payload.json'), canonicalJson(payload));

    const made = bash(
      [
        // ENVIRONMENT.md trap: with an old .sig present and no terminal, ssh-keygen exits 0 without signing.
        'rm -f payload.json.sig',
        'ssh-keygen -Y sign -f expert_key -n panel-review-scores payload.json',
        'jq -n --arg payload "$(base64 -w0 payload.json)" --rawfile signature payload.json.sig \\',
        "  '{format: \"panel-review/scores@1\", payload: $payload, signature: $signature}' > bundle.json",
        'age -r "$(age-keygen -y secretary.txt)" -o bundle.prscores bundle.json',
      ].join('\n'),
      dir,
    );
    expect(made.status, made.stderr).toBe(0);

    const identity = await parseAgeIdentity(readFileSync(join(dir, 'secretary.txt'), 'utf8'));
    const opened = await openScoreBundle({ bytes: readFileSync(join(dir, 'bundle.prscores')), identities: [identity.identity], file: 'bundle.prscores' });
    expect(opened.payload).toEqual(payload);
    expect(opened.signerFingerprint).toBe(fingerprint(publicKey));
    expect(opened.signerPublicKey).toBe(toOpenSshPublicKey(publicKey));
  });
});
