import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repoRoot, 'bin/panel-review.js');
const builtCli = path.join(repoRoot, 'out/main/cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real built `panel-review` in a child process, as scripts outside the project do. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  if (!fs.existsSync(builtCli)) throw new Error('out/main/cli.js is missing: run npm run build first');
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    // A clean environment: no inherited language or data directory changes the answers.
    env: { PATH: process.env.PATH, HOME: os.tmpdir(), ...env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** stdout under --json must be exactly one JSON object. */
export function parseOneJson(stdout: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`not one JSON object: ${stdout}`);
  return parsed as Record<string, unknown>;
}

export function tempDir(prefix = 'panel-review-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
