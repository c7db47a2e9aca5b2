// Runs every vitest project (unit, db, CLI, lint, web shell, end-to-end in Chromium) and
// ends with one plain line "tests: N passed, N failed, N skipped" that CI can read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const report = 'test-results/vitest.json';
fs.mkdirSync('test-results', { recursive: true });
fs.rmSync(report, { force: true });
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', '--project', 'e2e', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let summary = 'tests: no report written';
if (fs.existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(fs.readFileSync(report, 'utf8'));
  summary = `tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`;
}
console.log(summary);
process.exit(run.status ?? 1);
