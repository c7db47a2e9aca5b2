import { createCore } from '../../electron/core/core';

/**
 * The child of test/db/scoreCrash.test.ts (bundled by that test, run with node): opens an
 * expert data directory and saves through the router in a loop until it is killed.
 *
 * Save n (n grows across runs, given as `start`) carries n in its text, so the parent can
 * tell which save a stored row comes from. Before each dispatch it prints
 * `B <n> <key> <expected>`; after the dispatch resolved ok, `A <n>`. stdout is a pipe,
 * written synchronously on Linux, so a printed line is in the parent's hands even if the
 * process dies on the next instruction.
 */

interface ChildConfig {
  dataDir: string;
  roundId: string;
  applicationIds: string[];
  /** Criteria saved with score.set (value and comment); every one has a maximum of 10 or more. */
  scoreCriteria: string[];
  /** Criteria saved with comment.set only. */
  commentCriteria: string[];
  start: number;
}

const RECOMMENDATIONS = ['approve', 'revise', 'reject'] as const;

function pick<T>(items: readonly T[], n: number, salt: number): T {
  const item = items[(n * 7919 + salt * 104_729) % items.length];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as ChildConfig;
  const core = createCore({ dataDir: config.dataDir });
  const { roundId } = config;
  process.stdout.write('ready\n');
  for (let n = config.start; ; n += 1) {
    const applicationId = pick(config.applicationIds, n, 1);
    let key: string;
    let expected: string;
    let command: 'score.set' | 'comment.set' | 'opinion.set';
    let input: Record<string, unknown>;
    switch (n % 4) {
      case 0:
      case 1: {
        const criterionId = pick(config.scoreCriteria, n, 2);
        const value = (n % 21) * 0.5;
        key = `score:${applicationId}:${criterionId}`;
        expected = String(value);
        command = 'score.set';
        input = { roundId, applicationId, criterionId, value, comment: `#${n}` };
        break;
      }
      case 2: {
        const criterionId = pick(config.commentCriteria, n, 3);
        key = `comment:${applicationId}:${criterionId}`;
        expected = '-';
        command = 'comment.set';
        input = { roundId, applicationId, criterionId, comment: `#${n}` };
        break;
      }
      default: {
        const recommendation = pick(RECOMMENDATIONS, n, 4);
        key = `opinion:${applicationId}`;
        expected = recommendation;
        command = 'opinion.set';
        input = { roundId, applicationId, strengths: `#${n}`, issues: `issues #${n}`, recommendation };
      }
    }
    process.stdout.write(`B ${n} ${key} ${expected}\n`);
    const result = await core.router.dispatch(command, input);
    if (!result.ok) {
      process.stderr.write(`save ${n} refused: ${JSON.stringify(result.error)}\n`);
      process.exit(3);
    }
    process.stdout.write(`A ${n}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
