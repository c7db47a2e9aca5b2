import fs from 'node:fs';
import type { Rubric } from '../../shared/domain/rubric';
import type { ApplicationReview } from '../../shared/domain/scoreBundle';
import { importFiles, setUpPanel, writeBundle, type TestPanel } from '../../electron/core/merge/mergeTestKit';

/**
 * The benchmarks' secretary round, made the real way (mergeTestKit): a data directory
 * with an identity, `applications` applications, `experts` experts enrolled from real key
 * cards, assigned everything, their panel packages exported, and one score bundle per
 * expert written by `review` and sealed by the real sealer with the expert's real keys.
 * Nothing is merged yet: the merge benchmark times that, the others call mergeAll.
 */

export interface SealedRoundOptions {
  experts: number;
  applications: number;
  rubric: Rubric;
  /** Expert `e`'s review of the `a`-th application. */
  review: (applicationId: string, e: number, a: number) => ApplicationReview;
}

export interface SealedRound {
  panel: TestPanel;
  /** Each expert's `.prscores` file, in the order of panel.experts. */
  files: string[];
  bundleBytes: number;
}

/** Sets up the round under `dir` and seals every expert's bundle; the caller closes panel.core (closed here if sealing fails). */
export async function sealedRound(dir: string, options: SealedRoundOptions): Promise<SealedRound> {
  const panel = await setUpPanel(dir, { experts: options.experts, applications: options.applications, rubric: options.rubric });
  try {
    const files: string[] = [];
    for (const [e, expert] of panel.experts.entries()) {
      files.push(await writeBundle(panel, expert, `expert-${e}.prscores`, { reviews: panel.applicationIds.map((id, a) => options.review(id, e, a)) }));
    }
    const bundleBytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    return { panel, files, bundleBytes };
  } catch (error) {
    await panel.core.close();
    throw error;
  }
}

/** `bundle.import` of every file at once, as the secretary drops them in; throws unless every one is accepted. */
export async function mergeAll(panel: TestPanel, files: string[]): Promise<void> {
  const results = await importFiles(panel, files);
  const rejected = results.filter((result) => result.status !== 'accepted');
  if (rejected.length > 0) throw new Error(`not accepted: ${JSON.stringify(rejected[0])}`);
}
