import fs from 'node:fs';
import path from 'node:path';
import { parseOneJson, runCli } from './cli';

/**
 * A secretary and an expert made with the real CLI, each in their own data directory,
 * and a panel package sent from one to the other: the set-up the end-to-end tests of
 * the expert's side share.
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };

export type Cli = (data: string, args: string[]) => Record<string, unknown>;

/** `panel-review --data-dir D --passphrase-file F --json …`, throwing on a refusal. */
export function cliWithPassphrase(passFile: string): Cli {
  return (data, args) => {
    const run = runCli(['--data-dir', data, '--passphrase-file', passFile, '--json', ...args], FAST);
    if (run.status !== 0) throw new Error(`panel-review ${args.join(' ')} failed: ${run.stdout} ${run.stderr}`);
    return parseOneJson(run.stdout);
  };
}

export interface Parties {
  secretaryData: string;
  expertData: string;
  secretaryFingerprint: string;
  expertFingerprint: string;
  /** The expert's key card, to enrol them. */
  card: string;
}

/** 王秘书 and 张三, with identities and the expert's key card, under `root`. */
export function secretaryAndExpert(cli: Cli, root: string): Parties {
  const secretaryData = path.join(root, 'secretary');
  const expertData = path.join(root, 'expert');
  const secretary = cli(secretaryData, ['keygen', '--name', '王秘书', '--affiliation', '工业和信息化部规划司']);
  const expert = cli(expertData, ['keygen', '--name', '张三', '--affiliation', '同济大学']);
  const card = path.join(root, 'expert.prkey');
  cli(expertData, ['key', 'card', '--out', card]);
  return { secretaryData, expertData, secretaryFingerprint: String(secretary.fingerprint), expertFingerprint: String(expert.fingerprint), card };
}

/** Enrols the expert, assigns them `applicationIds`, exports the package and imports it on the expert's side; the expert's round id. */
export function sendPanel(cli: Cli, parties: Parties, roundId: string, applicationIds: readonly string[], outDir: string): string {
  cli(parties.secretaryData, ['expert', 'add', '--round', roundId, parties.card]);
  cli(parties.secretaryData, ['assign', '--round', roundId, '--expert', parties.expertFingerprint, '--apps', applicationIds.join(',')]);
  fs.mkdirSync(outDir, { recursive: true });
  const exported = cli(parties.secretaryData, ['panel', 'export', '--round', roundId, '--out', outDir]) as { files: { file: string }[] };
  const imported = cli(parties.expertData, ['panel', 'import', '--expect-secretary', parties.secretaryFingerprint, exported.files[0]?.file ?? '']);
  return String(imported.roundId);
}
