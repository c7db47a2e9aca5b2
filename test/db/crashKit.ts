import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import pkg from '../../package.json' with { type: 'json' };
import { repoRoot } from '../helpers/cli';

/**
 * What the crash tests (score, import and merge under SIGKILL) share: the child script
 * bundled to run under plain node, and a run that is killed at a chosen moment while
 * every line the child printed reaches the test. The children print a line before and
 * after each unit of work; stdout is a pipe, written synchronously on Linux, so a printed
 * line is in the parent's hands even if the process dies on the next instruction.
 */

/**
 * The child is TypeScript over the core: bundle it (dependencies stay external) into
 * `outDir` and let node find them through a node_modules link beside the bundle.
 */
export async function bundleChild(entry: string, outDir: string): Promise<string> {
  const name = `${path.basename(entry, '.ts')}.mjs`;
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      ssr: path.join(repoRoot, entry),
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'es', entryFileNames: name } },
    },
  });
  return path.join(outDir, name);
}

export interface KilledRun {
  stderr: string;
  signal: NodeJS.Signals | null;
  code: number | null;
}

export interface KillPlan {
  killAfterMs: number;
  /** Count from the spawn (the kill may land while the store opens) rather than from the child's `ready` line. */
  fromSpawn?: boolean;
  /** Every line the child prints but `ready`, split at spaces. */
  onLine: (words: string[]) => void;
}

/** Runs `script` with `config` (as JSON) and kills it with SIGKILL as planned (or after 20 s at the latest). */
export function runAndKill(script: string, config: unknown, plan: KillPlan): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    const safety = setTimeout(kill, 20_000);
    if (plan.fromSpawn === true) timer = setTimeout(kill, plan.killAfterMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      let newline: number;
      while ((newline = stdout.indexOf('\n')) >= 0) {
        const words = stdout.slice(0, newline).split(' ');
        stdout = stdout.slice(newline + 1);
        if (words[0] === 'ready') {
          if (plan.fromSpawn !== true) timer = setTimeout(kill, plan.killAfterMs);
        } else plan.onLine(words);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(safety);
      resolve({ stderr, signal, code });
    });
  });
}
