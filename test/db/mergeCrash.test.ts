import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApplicationReview } from '../../shared/domain/scoreBundle';
import { ok } from '../../electron/core/expert/expertTestKit';
import { createCore } from '../../electron/core/core';
import { PASSPHRASE, setUpPanel, writeBundle } from '../../electron/core/merge/mergeTestKit';
import { tempDirs } from '../../electron/core/panel/panelTestKit';
import { bundleChild, runAndKill } from './crashKit';

/**
 * A bundle is merged whole or not at all, even when the process dies in the middle. A
 * child process (mergeCrashChild.ts, bundled here with vite and run with node) imports
 * the experts' score bundles, revision after revision, on a real secretary data
 * directory and says which imports were acknowledged; the test kills it with SIGKILL at
 * a random moment, 20 times on the same directory. Every revision r of a bundle writes
 * "r<r>" into every comment and opinion it carries, so the merged rows tell which
 * revision they come from. After each kill the file passes integrity_check and, per
 * expert, every merged row comes from one and the same revision — the last one
 * acknowledged, or the one in flight at the kill — never a mix, never an older one; the
 * bundle receipts agree; and the audit chain verifies.
 */

const RUNS = 20;
const EXPERTS = 3;
const APPLICATIONS = 20;
const REVISIONS = 80;
const temp = tempDirs('panel-review-merge-crash-');
afterAll(() => temp.cleanup());

let childScript: string;
let dataDir: string;
let roundId: string;
let fingerprints: string[];
/** The import order: revision 1 of every expert, then 2 of every expert, and so on. */
let queue: { file: string; expert: number; revision: number }[];

function review(applicationId: string, revision: number, a: number): ApplicationReview {
  const mark = `r${revision}`;
  return {
    applicationId,
    coi: { kind: 'none' },
    scores: [
      { criterionId: 'goals', value: ((revision + a) % 40) / 2, comment: mark },
      { criterionId: 'measures', value: (revision + a) % 11, comment: mark },
      { criterionId: 'indicators', value: ((revision * 3 + a) % 21) / 2, comment: mark },
    ],
    opinion: { strengths: mark, issues: mark, recommendation: (['approve', 'revise', 'reject'] as const)[(revision + a) % 3] ?? 'approve' },
    evidence: [],
    targets: [],
  };
}

beforeAll(async () => {
  childScript = await bundleChild('test/db/mergeCrashChild.ts', temp.make());

  const root = temp.make();
  const panel = await setUpPanel(root, { experts: EXPERTS, applications: APPLICATIONS });
  dataDir = path.join(root, 'data');
  roundId = panel.roundId;
  fingerprints = panel.experts.map((expert) => expert.fingerprint);
  queue = [];
  for (let revision = 1; revision <= REVISIONS; revision += 1) {
    for (const [e, expert] of panel.experts.entries()) {
      const reviews = panel.applicationIds.map((id, a) => review(id, revision, a));
      queue.push({ file: await writeBundle(panel, expert, `e${e}-r${revision}.prscores`, { revision, reviews }), expert: e, revision });
    }
  }
  await panel.core.close();
}, 120_000);

interface ChildRun {
  begun: number[];
  acked: { n: number; status: string }[];
  stderr: string;
  signal: NodeJS.Signals | null;
}

async function runChild(start: number, killAfterMs: number): Promise<ChildRun> {
  const begun: number[] = [];
  const acked: { n: number; status: string }[] = [];
  const config = { dataDir, roundId, passphrase: PASSPHRASE, files: queue.map((entry) => entry.file), start };
  const run = await runAndKill(childScript, config, {
    killAfterMs,
    onLine: ([kind, n, status]) => {
      if (kind === 'B') begun.push(Number(n));
      else if (kind === 'A') acked.push({ n: Number(n), status: status ?? '' });
    },
  });
  return { begun, acked, ...run };
}

/** Per expert (by index): the revision every merged row and receipt comes from, checking that they agree. */
function mergedRevisions(): (number | null)[] {
  const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    return fingerprints.map((fingerprint) => {
      const reviews = db.prepare('SELECT revision, strengths, issues FROM merged_review WHERE round_id = ? AND fingerprint = ?').all(roundId, fingerprint) as { revision: number; strengths: string; issues: string }[];
      const comments = db.prepare('SELECT comment FROM merged_score WHERE round_id = ? AND fingerprint = ?').pluck().all(roundId, fingerprint) as string[];
      const newest = db.prepare('SELECT max(revision) FROM received_bundle WHERE round_id = ? AND fingerprint = ?').pluck().get(roundId, fingerprint) as number | null;
      if (reviews.length === 0) {
        expect(comments).toEqual([]);
        expect(newest).toBeNull();
        return null;
      }
      const revision = reviews[0]?.revision ?? -1;
      // One bundle, whole: every application, every score and opinion from the same revision.
      expect(reviews).toHaveLength(APPLICATIONS);
      expect(comments).toHaveLength(APPLICATIONS * 3);
      const marks = new Set([...reviews.flatMap((row) => [`r${row.revision}`, row.strengths, row.issues]), ...comments]);
      expect([...marks]).toEqual([`r${revision}`]);
      expect(newest).toBe(revision);
      return revision;
    });
  } finally {
    db.close();
  }
}

it(
  `merges each bundle whole or not at all across ${RUNS} kills with SIGKILL`,
  async () => {
    /** Per expert: the revision merged after the previous kill (checked then). */
    let known: (number | null)[] = fingerprints.map(() => null);
    let next = 0;
    let acknowledged = 0;
    let inFlightCommitted = 0;
    let inFlightLost = 0;
    let runs = 0;
    for (let run = 0; run < RUNS && next < queue.length; run += 1) {
      runs += 1;
      // Short: an import here takes a few milliseconds, and the queue must outlast the runs.
      const killAfterMs = 2 + Math.random() * 60;
      const child = await runChild(next, killAfterMs);
      const context = `run ${run} (kill after ${killAfterMs.toFixed(0)} ms; ${child.acked.length} acknowledged)\n${child.stderr}`;
      if (child.signal !== 'SIGKILL') expect(child.stderr, context).toBe('');
      for (const { status } of child.acked) expect(status, context).toBe('accepted');
      const expected = [...known];
      for (const { n } of child.acked) {
        const entry = queue[n];
        if (entry !== undefined) expected[entry.expert] = entry.revision;
      }
      const ackedSet = new Set(child.acked.map(({ n }) => n));
      const pending = child.begun.filter((n) => !ackedSet.has(n));
      expect(pending.length, context).toBeLessThanOrEqual(1);
      const inFlight = pending[0] === undefined ? undefined : queue[pending[0]];

      const merged = mergedRevisions();
      merged.forEach((revision, e) => {
        const allowed = [expected[e] ?? null, inFlight?.expert === e ? inFlight.revision : undefined].filter((value) => value !== undefined);
        expect(allowed, `${context}: expert ${e} holds revision ${String(revision)}`).toContain(revision);
      });
      if (inFlight !== undefined) {
        if (merged[inFlight.expert] === inFlight.revision) inFlightCommitted += 1;
        else inFlightLost += 1;
      }
      const core = createCore({ dataDir });
      try {
        expect(await ok(core.router.dispatch('audit.verify', {})), context).toMatchObject({ ok: true });
      } finally {
        await core.close();
      }
      known = merged;
      acknowledged += child.acked.length;
      // The next run starts after what the file holds: an in-flight import that committed is not repeated.
      next = Math.max(next, ...child.acked.map(({ n }) => n + 1), ...(inFlight !== undefined && merged[inFlight.expert] === inFlight.revision ? [(pending[0] ?? 0) + 1] : []));
    }
    console.log(`merge crash: ${runs} kills, ${acknowledged} acknowledged imports, in-flight import committed ${inFlightCommitted}× / not ${inFlightLost}×`);
    expect(runs, 'the bundles ran out before the last kill').toBe(RUNS);
    // The kills must land among imports, not only before the first one.
    expect(acknowledged).toBeGreaterThan(RUNS);
  },
  120_000,
);
