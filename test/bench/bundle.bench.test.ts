import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openScoreBundle } from '../../electron/core/bundles/openScoreBundle';
import { sealScoreBundle } from '../../electron/core/bundles/sealScoreBundle';
import { samplePayload } from '../../electron/core/bundles/testBundles';
import { generateAgeIdentity } from '../../electron/core/crypto/age';
import { generateSigningKey, toOpenSshPublicKey } from '../../electron/core/crypto/sshKeys';
import { median, report, timeMs } from './benchKit';

const APPLICATIONS = 30;
const CRITERIA = 20;
const OURS_RUNS = 31;
const STOCK_RUNS = 11;

/** Wall time of one stock command, stdin optionally from a file (ssh-keygen -Y verify reads the message there). */
function timeStock(command: string, args: readonly string[], stdinFile?: string): number {
  const stdin = stdinFile === undefined ? 'ignore' : fs.openSync(stdinFile, 'r');
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: [stdin, 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.toString()}`);
    return elapsed;
  } finally {
    if (typeof stdin === 'number') fs.closeSync(stdin);
  }
}

it('score bundle: openScoreBundle in process vs stock age -d + ssh-keygen -Y verify', async () => {
  const expert = generateSigningKey();
  const secretary = await generateAgeIdentity();
  const payload = samplePayload(expert.publicKey, { applications: APPLICATIONS, criteria: CRITERIA });
  const sealed = await sealScoreBundle({ payload, signer: expert, secretaryRecipients: [secretary.recipient] });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-bundle-'));
  try {
    const file = (name: string) => path.join(dir, name);
    fs.writeFileSync(file('bundle.prscores'), sealed.bytes);
    fs.writeFileSync(file('secretary.txt'), `${secretary.identity}\n`, { mode: 0o600 });
    fs.writeFileSync(file('allowed_signers'), `expert ${toOpenSshPublicKey(expert.publicKey)}\n`);
    // Extraction (jq, base64) happens once, outside the timing: the baseline is the two
    // cryptographic steps alone, which flatters the stock side.
    const opened = await openScoreBundle({ bytes: sealed.bytes, identities: [secretary.identity], file: 'bundle.prscores' });
    fs.writeFileSync(file('payload.json'), opened.payloadBytes);
    const envelope = JSON.parse(spawnSync('age', ['-d', '-i', file('secretary.txt'), file('bundle.prscores')]).stdout.toString('utf8')) as { signature: string };
    fs.writeFileSync(file('payload.sig'), envelope.signature);

    const stock: number[] = [];
    for (let run = 0; run < STOCK_RUNS; run++) {
      stock.push(
        timeStock('age', ['-d', '-i', file('secretary.txt'), '-o', file('bundle.json'), file('bundle.prscores')]) +
          timeStock('ssh-keygen', ['-Y', 'verify', '-f', file('allowed_signers'), '-I', 'expert', '-n', 'panel-review-scores', '-s', file('payload.sig')], file('payload.json')),
      );
    }

    const ours: number[] = [];
    for (let run = 0; run < OURS_RUNS + 3; run++) {
      const ms = await timeMs(() => openScoreBundle({ bytes: sealed.bytes, identities: [secretary.identity], file: 'bundle.prscores' }));
      if (run >= 3) ours.push(ms); // the first runs pay for JIT warm-up and lazy imports
    }
    expect(ours.length).toBe(OURS_RUNS);

    const oursMs = median(ours);
    const stockMs = median(stock);
    report({
      name: 'score-bundle-open',
      ratioMeaning: 'stock (age -d + ssh-keygen -Y verify, spawned) ms ÷ openScoreBundle ms per bundle',
      ratio: stockMs / oursMs,
      target: '≥ 10',
      met: stockMs / oursMs >= 10,
      figures: {
        applications: APPLICATIONS,
        criteria: CRITERIA,
        bundleBytes: sealed.bytes.length,
        payloadBytes: opened.payloadBytes.length,
        oursMedianMs: oursMs,
        stockMedianMs: stockMs,
        oursRuns: OURS_RUNS,
        stockRuns: STOCK_RUNS,
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
