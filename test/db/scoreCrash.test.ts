import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ok } from '../../electron/core/expert/expertTestKit';
import { expertRound } from '../../electron/core/scoring/scoringTestKit';
import { makeMember, tempDirs } from '../../electron/core/panel/panelTestKit';
import { bundleChild, runAndKill } from './crashKit';

/**
 * An acknowledged save survives a crash. A child process (scoreCrashChild.ts, bundled
 * here with vite and run with node) saves scores, comments and opinions through the
 * router in a loop on a real expert data directory and says which saves were
 * acknowledged; the test kills it with SIGKILL at a random moment, 20 times on the same
 * directory. After each kill the file passes integrity_check and holds, for every key,
 * exactly the last acknowledged save — or the one save in flight at the kill, which may
 * or may not have committed, but never anything older, newer or half-written.
 */

const RUNS = 20;
const temp = tempDirs('panel-review-score-crash-');
afterAll(() => temp.cleanup());

/** Each save's text carries its number n: "#n" (and "issues #n" for an opinion). */
const numberOf = (text: string): number => {
  const match = /^#(\d+)$/.exec(text);
  if (match === null) throw new Error(`not a save's text: ${JSON.stringify(text)}`);
  return Number(match[1]);
};

interface Save {
  key: string;
  expected: string;
}

let childScript: string;
let dataDir: string;
let config: { dataDir: string; roundId: string; applicationIds: string[]; scoreCriteria: string[]; commentCriteria: string[] };

beforeAll(async () => {
  childScript = await bundleChild('test/db/scoreCrashChild.ts', temp.make());

  dataDir = temp.make();
  const made = await expertRound({ dataDir, packageDir: temp.make(), secretary: await makeMember('王秘书') });
  for (const applicationId of made.applicationIds) {
    await ok(made.core.router.dispatch('coi.declare', { roundId: made.roundId, applicationId, coi: { kind: 'none' } }));
  }
  await made.core.close();
  config = {
    dataDir,
    roundId: made.roundId,
    applicationIds: made.applicationIds,
    // Plan-review criteria, all with a maximum of 10 or more (the child scores 0–10).
    scoreCriteria: ['policy-compliance', 'manufacturing-base', 'goals-quantified', 'manufacturing-system', 'innovation-system'],
    commentCriteria: ['talent-system', 'policy-system', 'organisation'],
  };
}, 60_000);

interface ChildRun {
  begun: Map<number, Save>;
  acked: number[];
  stderr: string;
  signal: NodeJS.Signals | null;
  code: number | null;
}

/** Runs the child from save `start` on and kills it `killAfterMs` after it is ready (or after spawning, when early). */
async function runChild(start: number, killAfterMs: number, early: boolean): Promise<ChildRun> {
  const begun = new Map<number, Save>();
  const acked: number[] = [];
  const run = await runAndKill(childScript, { ...config, start }, {
    killAfterMs,
    fromSpawn: early,
    onLine: ([kind, n, key, expected]) => {
      if (kind === 'B') begun.set(Number(n), { key: key ?? '', expected: expected ?? '' });
      else if (kind === 'A') acked.push(Number(n));
    },
  });
  return { begun, acked, ...run };
}

/** What the file holds per key: the number of the save it comes from, and whether its row is whole. */
function storedSaves(): Map<string, { n: number; expected: string }> {
  const db = new Database(path.join(dataDir, 'panel-review.sqlite'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const stored = new Map<string, { n: number; expected: string }>();
    const scores = db.prepare(`SELECT application_id, criterion_id, value, comment FROM criterion_score`).all() as { application_id: string; criterion_id: string; value: number | null; comment: string }[];
    for (const row of scores) {
      const scored = config.scoreCriteria.includes(row.criterion_id);
      const key = `${scored ? 'score' : 'comment'}:${row.application_id}:${row.criterion_id}`;
      stored.set(key, { n: numberOf(row.comment), expected: scored ? String(row.value) : row.value === null ? '-' : `unexpected value ${row.value}` });
    }
    const opinions = db.prepare(`SELECT application_id, strengths, issues, recommendation FROM opinion`).all() as { application_id: string; strengths: string; issues: string; recommendation: string | null }[];
    for (const row of opinions) {
      const n = numberOf(row.strengths);
      // One save writes all three fields: a row mixing two saves is half of each.
      expect(row.issues, `opinion ${row.application_id}`).toBe(`issues #${n}`);
      stored.set(`opinion:${row.application_id}`, { n, expected: row.recommendation ?? 'null' });
    }
    expect(db.prepare(`SELECT count(*) FROM coi_declaration WHERE kind = 'none'`).pluck().get()).toBe(config.applicationIds.length);
    return stored;
  } finally {
    db.close();
  }
}

it(
  `keeps every acknowledged save, whole, across ${RUNS} kills with SIGKILL`,
  async () => {
    /** Per key, the save the file held after the previous kill (checked then). */
    const known = new Map<string, number>();
    /** Every save ever begun, by number. */
    const saves = new Map<number, Save>();
    let next = 1;
    let totalAcked = 0;
    let inFlightCommitted = 0;
    let inFlightLost = 0;
    for (let run = 0; run < RUNS; run += 1) {
      // Every fifth run dies early, perhaps while the store is still opening.
      const early = run % 5 === 4;
      const killAfterMs = early ? Math.random() * 400 : Math.random() * 300;
      const child = await runChild(next, killAfterMs, early);
      const context = `run ${run} (kill after ${killAfterMs.toFixed(0)} ms${early ? ' from spawn' : ' from ready'}; ${child.acked.length} acknowledged)\n${child.stderr}`;
      expect(child.signal, context).toBe('SIGKILL');
      for (const [n, save] of child.begun) saves.set(n, save);

      // Acknowledged saves, in order, each the last of its key so far.
      const expectedByKey = new Map(known);
      for (const n of child.acked) {
        const save = child.begun.get(n);
        if (save === undefined) throw new Error(`${context}: save ${n} acknowledged but never begun`);
        expectedByKey.set(save.key, n);
      }
      // The one save that had begun and was not acknowledged (the kill came during it), if any.
      const pending = [...child.begun.keys()].filter((n) => !child.acked.includes(n));
      expect(pending.length, context).toBeLessThanOrEqual(1);
      const inFlight = pending[0];
      const inFlightKey = inFlight === undefined ? undefined : child.begun.get(inFlight)?.key;

      const stored = storedSaves();
      const keys = new Set([...expectedByKey.keys(), ...stored.keys(), ...(inFlightKey === undefined ? [] : [inFlightKey])]);
      for (const key of keys) {
        const have = stored.get(key);
        const acknowledged = expectedByKey.get(key);
        const allowed = [acknowledged, key === inFlightKey ? inFlight : undefined].filter((n) => n !== undefined);
        if (have === undefined) {
          // Nothing stored: only if nothing of this key was ever acknowledged or committed.
          expect(acknowledged, `${context}: ${key} lost acknowledged save ${String(acknowledged)}`).toBeUndefined();
          continue;
        }
        expect(allowed, `${context}: ${key} holds save ${have.n}`).toContain(have.n);
        // The row is the whole of that save: its value (score) or recommendation (opinion) too.
        expect(have.expected, `${context}: ${key} save ${have.n}`).toBe(saves.get(have.n)?.expected);
        known.set(key, have.n);
      }
      if (inFlightKey !== undefined && stored.get(inFlightKey)?.n === inFlight) inFlightCommitted += 1;
      else if (inFlightKey !== undefined) inFlightLost += 1;
      totalAcked += child.acked.length;
      next = Math.max(next, ...child.begun.keys()) + 1;
    }
    console.log(`score crash: ${RUNS} kills, ${totalAcked} acknowledged saves, in-flight save committed ${inFlightCommitted}× / not ${inFlightLost}×`);
    // The kills must land among saves, not only before the first one.
    expect(totalAcked).toBeGreaterThan(RUNS * 5);
  },
  90_000,
);
