import { createCore } from '../../electron/core/core';
import type { PdfEngine } from '../../electron/core/documents/pdfEngine';
import { extractPages } from '../../electron/core/pdf/extractText';
import { inspectPdf } from '../../electron/core/pdf/inspectPdf';

/**
 * The child of test/db/importCrash.test.ts (bundled by that test, run with node): opens
 * a secretary's data directory and imports application packages — two PDFs each — one
 * after the other from `packages[start]` on, until it is killed or runs out.
 *
 * Before each import it prints `B <n>`; after the core answered, `A <n> <applicationId>`.
 * stdout is a pipe, written synchronously on Linux, so a printed line is in the
 * parent's hands even if the process dies on the next instruction.
 */

interface ChildConfig {
  dataDir: string;
  roundId: string;
  packages: string[][];
  start: number;
  /**
   * Find no text (an engine whose extraction returns at once): an import is then only
   * copying, checking, storing and recording, which is where the kill should land.
   */
  quickText: boolean;
}

// pdf.js in this process: the bundled child has no worker script beside it.
const inProcess: PdfEngine = { inspect: inspectPdf, extract: extractPages, close: async () => undefined };
const noText: PdfEngine = { inspect: inspectPdf, extract: () => Promise.resolve({ pages: 0 }), close: async () => undefined };

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as ChildConfig;
  const core = createCore({ dataDir: config.dataDir, pdfEngines: [config.quickText ? noText : inProcess] });
  // Load pdf.js before saying ready (it takes about half a second, more on a loaded machine):
  // the kill is timed from ready, and should land among imports, not in the first one's warm-up.
  const first = config.packages[config.start]?.[0];
  if (first !== undefined) await inspectPdf(first, { displayName: 'warm-up.pdf' });
  process.stdout.write('ready\n');
  for (let n = config.start; n < config.packages.length; n += 1) {
    process.stdout.write(`B ${n}\n`);
    const result = await core.router.dispatch('application.import', { roundId: config.roundId, city: `城市${n}`, province: '某省', applicant: `申报单位${n}`, paths: config.packages[n] });
    if (!result.ok) {
      process.stderr.write(`import ${n} refused: ${JSON.stringify(result.error)}\n`);
      process.exit(3);
    }
    process.stdout.write(`A ${n} ${(result.value as { id: string }).id}\n`);
  }
  process.stdout.write('done\n');
  await core.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
