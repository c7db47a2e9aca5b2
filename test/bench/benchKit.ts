import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli';

/**
 * Benchmarks measure, they never fail on time: these machines are noisy. Each figure is
 * a ratio against a baseline measured in the same run (sha256sum, pdftotext…), written
 * to bench-results/<name>.json and printed.
 */
export const benchDir = path.join(repoRoot, 'bench-results');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function timeMs(run: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall time of an external command, the baseline side of a ratio. */
export function timeCommandMs(command: string, args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.toString()}`);
  return elapsed;
}

export interface BenchResult {
  name: string;
  /** What the ratio means, e.g. "ours / sha256sum throughput; target ≥ 1.0". */
  ratioMeaning: string;
  ratio: number;
  target: string;
  met: boolean;
  figures: Record<string, number | string>;
}

export function report(result: BenchResult): void {
  fs.mkdirSync(benchDir, { recursive: true });
  const withContext = { ...result, measuredAt: new Date().toISOString(), node: process.version, cpus: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? null };
  fs.writeFileSync(path.join(benchDir, `${result.name}.json`), `${JSON.stringify(withContext, null, 2)}\n`);
  console.log(`bench ${result.name}: ratio ${result.ratio.toFixed(2)} (${result.ratioMeaning}; target ${result.target}) ${result.met ? 'MET' : 'NOT MET'}`);
}
