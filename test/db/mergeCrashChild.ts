import { createCore } from '../../electron/core/core';

/**
 * The child of test/db/mergeCrash.test.ts (bundled by that test, run with node): opens a
 * secretary's data directory, unlocks the identity, and imports score bundles one at a
 * time from `files[start]` on until it is killed or runs out.
 *
 * Before each import it prints `B <n>`; after the core answered, `A <n> <status>`.
 * stdout is a pipe, written synchronously on Linux, so a printed line is in the
 * parent's hands even if the process dies on the next instruction.
 */

interface ChildConfig {
  dataDir: string;
  roundId: string;
  passphrase: string;
  files: string[];
  start: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as ChildConfig;
  const core = createCore({ dataDir: config.dataDir });
  const unlocked = await core.router.dispatch('identity.unlock', { passphrase: config.passphrase });
  if (!unlocked.ok) throw new Error(`unlock refused: ${JSON.stringify(unlocked.error)}`);
  process.stdout.write('ready\n');
  for (let n = config.start; n < config.files.length; n += 1) {
    process.stdout.write(`B ${n}\n`);
    const result = await core.router.dispatch('bundle.import', { roundId: config.roundId, files: [config.files[n]] });
    if (!result.ok) {
      process.stderr.write(`import ${n} refused: ${JSON.stringify(result.error)}\n`);
      process.exit(3);
    }
    const [first] = (result.value as { results: { status: string }[] }).results;
    process.stdout.write(`A ${n} ${first?.status ?? 'none'}\n`);
  }
  process.stdout.write('done\n');
  await core.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
