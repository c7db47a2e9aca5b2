import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { RubricSchema, rubricTotal, type Rubric } from '../../shared/domain/rubric';
import { rubricTemplate } from '../../shared/domain/rubricTemplates';
import { makeMember } from '../../electron/core/panel/panelTestKit';
import { ok } from '../../electron/core/expert/expertTestKit';
import { expertRound } from '../../electron/core/scoring/scoringTestKit';
import { percentile, report, timeMs } from './benchKit';

/**
 * Autosave: the latency of one score.set through the router, from dispatch until it
 * resolves (its transaction committed in WAL with synchronous=FULL, so durable), on a
 * real expert data directory whose sheet is full: 100 applications × 20 criteria
 * already scored, with comments. Target: p95 ≤ 20 ms, so a score saves as it is typed.
 *
 * Baseline, in the same run and the same directory: a bare better-sqlite3 INSERT OR
 * REPLACE of one row into a WAL table with synchronous=FULL, the price of the commit
 * and its fsync alone. Their ratio shows what the router, the checks and the schema add.
 */

const APPLICATIONS = 100;
const SECTIONS = 4;
const CRITERIA_PER_SECTION = 5;
const WARMUP = 50;
const EDITS = 500;
const COMMENT = '目标设置较为合理，量化指标有基期值和目标值，但部分指标的测算依据不足，建议补充近三年的统计数据并说明资金来源。';

/** A 20-criterion rubric (4 sections × 5 criteria of 5 points, half-point steps): the plan-review template, widened. */
function wideRubric(): Rubric {
  const rubric = rubricTemplate('plan-review');
  rubric.name = '自动保存基准评分细则';
  rubric.sections = Array.from({ length: SECTIONS }, (_, s) => ({
    id: `section-${s + 1}`,
    title: `第${s + 1}部分`,
    criteria: Array.from({ length: CRITERIA_PER_SECTION }, (_, c) => ({
      id: `criterion-${s + 1}-${c + 1}`,
      title: `评分项 ${s + 1}.${c + 1}`,
      max: 5,
      step: 0.5,
    })),
  }));
  return RubricSchema.parse(rubric);
}

/** Local application ids the router accepts (Crockford base32, 10 characters). */
const seededId = (n: number) => `bx${String(n).padStart(8, '0')}`;

function summary(latencies: readonly number[]) {
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) };
}

const round3 = (value: number) => Number(value.toFixed(3));

it('score.set p95 latency on a full sheet (100 applications × 20 criteria), against a bare synchronous=FULL commit', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-autosave-'));
  const dataDir = path.join(root, 'data');
  const rubric = wideRubric();
  expect(rubricTotal(rubric)).toBe(100);
  const criteria = rubric.sections.flatMap((section) => section.criteria.map((criterion) => criterion.id));
  const { core, roundId, applicationIds } = await expertRound({ dataDir, packageDir: root, secretary: await makeMember('王秘书'), rubric });
  const baselineDb = new Database(path.join(dataDir, 'baseline.sqlite'));
  try {
    const db = core.store.db;
    // What openStore promises, checked rather than assumed.
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);

    // The received package has two applications; 98 more as the same round's, then every
    // application declared and every criterion scored with a comment.
    const now = new Date().toISOString();
    db.transaction(() => {
      const application = db.prepare(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES (?, ?, ?, '浙江省', NULL, ?)`);
      for (let n = applicationIds.length; n < APPLICATIONS; n += 1) application.run(seededId(n), roundId, `城市${n}`, now);
    })();
    const apps = [...applicationIds, ...Array.from({ length: APPLICATIONS - applicationIds.length }, (_, i) => seededId(i + applicationIds.length))];
    for (const applicationId of apps) await ok(core.router.dispatch('coi.declare', { roundId, applicationId, coi: { kind: 'none' } }));
    db.transaction(() => {
      const score = db.prepare(`INSERT INTO criterion_score (application_id, criterion_id, value, comment, updated_at) VALUES (?, ?, ?, ?, ?)`);
      apps.forEach((applicationId, a) => criteria.forEach((criterionId, c) => score.run(applicationId, criterionId, ((a + c) % 11) * 0.5, COMMENT, now)));
    })();
    expect(db.prepare(`SELECT count(*) FROM criterion_score`).pluck().get()).toBe(APPLICATIONS * criteria.length);

    baselineDb.pragma('journal_mode = WAL');
    baselineDb.pragma('synchronous = FULL');
    baselineDb.exec(`CREATE TABLE score (application_id TEXT NOT NULL, criterion_id TEXT NOT NULL, value REAL, comment TEXT NOT NULL, updated_at TEXT NOT NULL,
      PRIMARY KEY (application_id, criterion_id)) STRICT`);
    const bare = baselineDb.prepare(`INSERT OR REPLACE INTO score (application_id, criterion_id, value, comment, updated_at) VALUES (?, ?, ?, ?, ?)`);
    baselineDb.transaction(() => apps.forEach((a) => criteria.forEach((c) => bare.run(a, c, 1, COMMENT, now))))();

    // The same random edits for both sides, interleaved so both see the same machine load.
    let seed = 20_261_123;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const edits = Array.from({ length: WARMUP + EDITS }, (_, i) => ({
      applicationId: apps[Math.floor(random() * apps.length)] ?? '',
      criterionId: criteria[Math.floor(random() * criteria.length)] ?? '',
      value: Math.floor(random() * 11) * 0.5,
      // One edit in four also rewrites the comment, as typing into it does.
      comment: i % 4 === 0 ? `${COMMENT}（第${i}次修改）` : undefined,
    }));
    const ours: number[] = [];
    const baseline: number[] = [];
    const last = new Map<string, number>();
    for (const [i, edit] of edits.entries()) {
      const input = { roundId, ...edit, ...(edit.comment === undefined ? {} : { comment: edit.comment }) };
      let answer: Awaited<ReturnType<typeof core.router.dispatch>> | undefined;
      const oursMs = await timeMs(async () => {
        answer = await core.router.dispatch('score.set', input);
      });
      if (answer?.ok !== true) throw new Error(`score.set refused: ${JSON.stringify(answer)}`);
      const bareMs = await timeMs(() => bare.run(edit.applicationId, edit.criterionId, edit.value, edit.comment ?? COMMENT, new Date().toISOString()));
      last.set(`${edit.applicationId}/${edit.criterionId}`, edit.value);
      if (i < WARMUP) continue;
      ours.push(oursMs);
      baseline.push(bareMs);
    }

    // Every edit landed: the stored sheet holds the last value of each edited score.
    const stored = db.prepare(`SELECT value FROM criterion_score WHERE application_id = ? AND criterion_id = ?`).pluck();
    for (const [key, value] of last) {
      const [applicationId, criterionId] = key.split('/');
      expect(stored.get(applicationId, criterionId), key).toBe(value);
    }

    const o = summary(ours);
    const b = summary(baseline);
    report({
      name: 'score-autosave',
      ratioMeaning: `score.set p95 latency (router dispatch until it resolves: checked, committed, fsynced) ÷ 20 ms target over ${EDITS} edits on a sheet of ${APPLICATIONS} applications × ${criteria.length} criteria already scored; the bare synchronous=FULL INSERT OR REPLACE in the same directory is the baseline in the figures`,
      ratio: o.p95 / 20,
      target: 'p95 ≤ 20 ms (ratio ≤ 1.0)',
      met: o.p95 <= 20,
      figures: {
        applications: APPLICATIONS,
        criteria: criteria.length,
        storedScores: APPLICATIONS * criteria.length,
        edits: EDITS,
        warmup: WARMUP,
        p50Ms: round3(o.p50),
        p95Ms: round3(o.p95),
        maxMs: round3(o.max),
        baselineP50Ms: round3(b.p50),
        baselineP95Ms: round3(b.p95),
        baselineMaxMs: round3(b.max),
        p50OverBaseline: round3(o.p50 / b.p50),
        p95OverBaseline: round3(o.p95 / b.p95),
        // What the router, zod, the rubric and declaration checks add to the commit itself.
        p50OverheadMs: round3(o.p50 - b.p50),
      },
    });
  } finally {
    baselineDb.close();
    await core.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
