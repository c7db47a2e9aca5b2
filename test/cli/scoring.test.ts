import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RubricSchema, rubricCriteria, type Rubric } from '../../shared/domain/rubric';
import { rubricTemplate } from '../../shared/domain/rubricTemplates';
import { openScoreBundle } from '../../electron/core/bundles/openScoreBundle';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

/**
 * Rubrics and the expert's scoring sheet through the built `panel-review`, as CLI.md
 * names them. The secretary: `rubric show` as a `--rubric` file, `round create --rubric`
 * refusing bad files, `rubric set` editing version 1 until `panel export` freezes it and
 * then making version 2. The expert, on the package that export wrote: `coi declare`,
 * `score set`, `opinion set`, every refusal with its code and nothing changed in the
 * SQLite file, and the score bundle the secretary then verifies.
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const PASS = 'correct horse battery staple';
const SCORING_TABLES = ['round_rubric', 'coi_declaration', 'criterion_score', 'opinion', 'evidence', 'target_row'] as const;

type Run = ReturnType<typeof runCli>;

let root: string;
let passFile: string;

interface Party {
  data: string;
  card: string;
  fingerprint: string;
  /** The AGE-SECRET-KEY-1… line of the exported identity. */
  ageIdentity: string;
}

function cli(data: string, ...args: string[]): Run {
  return runCli(['--data-dir', data, '--passphrase-file', passFile, '--json', '--lang', 'en', ...args], FAST);
}
function ok(run: Run): Record<string, unknown> {
  expect(run.status, run.stderr).toBe(0);
  return parseOneJson(run.stdout);
}
function refused(run: Run, code: string): { code: string; message: string; details?: Record<string, unknown> } {
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(1);
  const { error } = parseOneJson(run.stdout) as { error: { code: string; message: string; details?: Record<string, unknown> } };
  expect(error).toMatchObject({ code });
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return error;
}
function usage(run: Run): void {
  expect(run.status, run.stderr).toBe(2);
  expect(parseOneJson(run.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
}

/** Every file in the data directory with its bytes (SQLite's transient WAL files aside). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !/-(wal|shm)$/.test(entry.name)) out[path.relative(dir, file)] = fs.readFileSync(file).toString('base64');
  }
  return out;
}

function withDb<T>(data: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(data, 'panel-review.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The scoring tables' rows, every column, in a fixed order. */
function scoringTables(data: string): Record<string, unknown[]> {
  return withDb(data, (db) => Object.fromEntries(SCORING_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()])));
}

/** A refused command changes neither the scoring tables nor any byte of the data directory. */
function unchangedBy(data: string, action: () => void): void {
  const tables = scoringTables(data);
  const files = snapshot(data);
  action();
  expect(scoringTables(data)).toEqual(tables);
  expect(snapshot(data)).toEqual(files);
}

function makeParty(name: string): Party {
  const dir = fs.mkdtempSync(path.join(root, 'party-'));
  const data = path.join(dir, 'data');
  const created = ok(cli(data, 'keygen', '--name', name));
  const card = path.join(dir, 'card.prkey');
  ok(cli(data, 'key', 'card', '--out', card));
  const ageFile = path.join(dir, 'age.txt');
  ok(cli(data, 'key', 'export', '--ssh', path.join(dir, 'id_ed25519'), '--age', ageFile));
  const ageIdentity = /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(fs.readFileSync(ageFile, 'utf8'))?.[0] ?? '';
  return { data, card, fingerprint: String(created.fingerprint), ageIdentity };
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

function roundCount(data: string): number {
  return (ok(cli(data, 'round', 'list')).rounds as unknown[]).length;
}

let secretary: Party;
let expert: Party;
let roundId: string;
/** The secretary's application ids: 宁波市, then 泉州市. */
let apps: string[];
/** The rubric version 1 the package carries (edited once before the export). */
let sentRubric: Rubric;
let packageFile: string;

beforeAll(() => {
  root = tempDir('panel-review-cli-scoring-');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, `${PASS}\n`);
  secretary = makeParty('王秘书');
  expert = makeParty('张三');
  roundId = String(ok(cli(secretary.data, 'round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'plan-review')).id);
  apps = [
    ['宁波市', 'cjk-cns1-prospectus.pdf'],
    ['泉州市', 'annots-pdfcomment.pdf'],
  ].map(([city = '', pdf = '']) => String(ok(cli(secretary.data, 'app', 'import', '--round', roundId, '--city', city, '--doc-kind', 'plan', corpusFile(pdf))).id));
  ok(cli(secretary.data, 'expert', 'add', '--round', roundId, expert.card));
  ok(cli(secretary.data, 'assign', '--round', roundId, '--expert', expert.fingerprint, '--apps', apps.join(',')));
}, 180_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('secretary: rubric show, round create --rubric, rubric set (CLI.md Secretary)', () => {
  it('rubric show --json is the rubric, and a valid --rubric file for round create', () => {
    const midterm = String(ok(cli(secretary.data, 'round', 'create', '--name', '中期评估', '--kind', 'midterm')).id);
    const shown = cli(secretary.data, 'rubric', 'show', '--round', midterm);
    const rubric = ok(shown);
    expect(rubric).toEqual(rubricTemplate('midterm'));
    expect(RubricSchema.parse(rubric)).toEqual(rubric);
    // Its exact stdout, given back: a plan-review round now scores on the mid-term rubric.
    const file = path.join(root, 'midterm-rubric.json');
    fs.writeFileSync(file, shown.stdout);
    const created = String(ok(cli(secretary.data, 'round', 'create', '--name', '用中期细则的方案评审', '--kind', 'plan-review', '--rubric', file)).id);
    expect(ok(cli(secretary.data, 'rubric', 'show', '--round', created))).toEqual(rubric);
    // An edited file (surrounding spaces and all) comes back exactly as written.
    const edited = { ...rubricTemplate('custom'), name: ' 自定义评审（2026） ', trimThreshold: 7 };
    const custom = String(ok(cli(secretary.data, 'round', 'create', '--name', '自定义', '--kind', 'custom', '--rubric', writeJson('custom.json', edited))).id);
    expect(ok(cli(secretary.data, 'rubric', 'show', '--round', custom))).toEqual(edited);
    // A file with a byte-order mark (Windows Notepad) is read too.
    const bom = path.join(root, 'bom.json');
    fs.writeFileSync(bom, `\uFEFF${shown.stdout}`);
    const withBom = String(ok(cli(secretary.data, 'round', 'create', '--name', 'BOM', '--kind', 'midterm', '--rubric', bom)).id);
    expect(ok(cli(secretary.data, 'rubric', 'show', '--round', withBom))).toEqual(rubric);
  });

  it('round create --rubric refuses a file that is not JSON, not a valid rubric, or missing, and creates no round', () => {
    const rounds = roundCount(secretary.data);
    const notJson = path.join(root, 'not-json.json');
    fs.writeFileSync(notJson, '{"format": "panel-review/rubric@1", ');
    const bad = rubricTemplate('plan-review');
    const goals = bad.sections[1]?.criteria[0];
    if (goals === undefined) throw new Error('template criterion missing');
    goals.max = 17.3;
    delete goals.bands;
    const invalid = writeJson('invalid.json', bad);
    const missing = path.join(root, 'no-such-rubric.json');
    const create = (file: string) => cli(secretary.data, 'round', 'create', '--name', '不应创建', '--kind', 'plan-review', '--rubric', file);
    unchangedBy(secretary.data, () => {
      const notJsonError = refused(create(notJson), 'RUBRIC_INVALID');
      expect(notJsonError.details).toMatchObject({ file: notJson });
      expect(notJsonError.message).toContain(notJson);

      const run = create(invalid);
      const invalidError = refused(run, 'RUBRIC_INVALID');
      expect(invalidError.details).toMatchObject({ file: invalid, issues: [{ path: ['sections', 1, 'criteria', 0, 'max'], message: 'validation.maxOffStep' }] });
      // The person reading it learns where and what: the path and the translated problem.
      for (const text of [invalidError.message, run.stderr]) {
        expect(text).toContain('sections.1.criteria.0.max');
        expect(text).toContain('the maximum 17.3 is not a multiple of the step 0.5');
      }

      const missingError = refused(create(missing), 'FILE_UNREADABLE');
      expect(missingError.details).toMatchObject({ file: missing });
      // A directory is not a rubric either.
      refused(create(root), 'FILE_UNREADABLE');
    });
    expect(roundCount(secretary.data)).toBe(rounds);
  });

  it('rubric set edits version 1 until panel export freezes it; then it makes version 2', () => {
    const v1 = rubricTemplate('plan-review');
    v1.name = '实施方案评审（第一版）';
    expect(ok(cli(secretary.data, 'rubric', 'set', '--round', roundId, writeJson('v1a.json', v1)))).toEqual({ roundId, version: 1, frozen: false });
    // Saved again before any export: still version 1, edited in place.
    const goals = v1.sections[1]?.criteria[0];
    if (goals === undefined) throw new Error('template criterion missing');
    goals.title = '目标明确、量化、可考核（含基期值）';
    expect(ok(cli(secretary.data, 'rubric', 'set', '--round', roundId, writeJson('v1b.json', v1)))).toEqual({ roundId, version: 1, frozen: false });
    expect(ok(cli(secretary.data, 'rubric', 'show', '--round', roundId))).toEqual(v1);
    expect(withDb(secretary.data, (db) => db.prepare(`SELECT version, frozen_at FROM round_rubric WHERE round_id = ?`).all(roundId))).toEqual([{ version: 1, frozen_at: null }]);
    const open = runCli(['--data-dir', secretary.data, '--lang', 'en', 'rubric', 'show', '--round', roundId], FAST);
    expect(open.stdout).toContain('Rubric “实施方案评审（第一版）” (version 1, 100 points, editable)');

    // An invalid file changes nothing.
    unchangedBy(secretary.data, () => {
      refused(cli(secretary.data, 'rubric', 'set', '--round', roundId, writeJson('empty-sections.json', { ...v1, sections: [] })), 'RUBRIC_INVALID');
    });

    const out = path.join(root, 'packages');
    fs.mkdirSync(out);
    const exported = ok(cli(secretary.data, 'panel', 'export', '--round', roundId, '--out', out)) as { files: { fingerprint: string; file: string }[] };
    expect(exported.files.map((f) => f.fingerprint)).toEqual([expert.fingerprint]);
    packageFile = exported.files[0]?.file ?? '';
    sentRubric = v1;

    const frozen = runCli(['--data-dir', secretary.data, '--lang', 'en', 'rubric', 'show', '--round', roundId], FAST);
    expect(frozen.stdout).toContain('Rubric “实施方案评审（第一版）” (version 1, 100 points, frozen: sent out in panel packages, changes become a new version)');
    const v2 = { ...v1, name: '实施方案评审（第二版）' };
    expect(ok(cli(secretary.data, 'rubric', 'set', '--round', roundId, writeJson('v2.json', v2)))).toEqual({ roundId, version: 2, frozen: false });
    expect(ok(cli(secretary.data, 'rubric', 'show', '--round', roundId))).toEqual(v2);
    // Version 2 is open until the next export: saved again, it stays version 2.
    const v2b = { ...v2, trimThreshold: 6 };
    expect(ok(cli(secretary.data, 'rubric', 'set', '--round', roundId, writeJson('v2b.json', v2b)))).toEqual({ roundId, version: 2, frozen: false });
    expect(ok(cli(secretary.data, 'rubric', 'show', '--round', roundId))).toEqual(v2b);
    const rows = withDb(secretary.data, (db) => ({
      rubrics: db.prepare(`SELECT version, rubric, frozen_at IS NOT NULL AS frozen FROM round_rubric WHERE round_id = ? ORDER BY version`).all(roundId) as { version: number; rubric: string; frozen: number }[],
      packages: db.prepare(`SELECT rubric_version FROM panel_package WHERE round_id = ?`).pluck().all(roundId),
    }));
    expect(rows.rubrics.map(({ version, frozen }) => ({ version, frozen }))).toEqual([
      { version: 1, frozen: 1 },
      { version: 2, frozen: 0 },
    ]);
    expect(JSON.parse(rows.rubrics[0]?.rubric ?? '')).toEqual(v1);
    expect(rows.packages).toEqual([1]);
  }, 120_000);
});

describe('expert: coi declare, score set, opinion set (CLI.md Expert)', () => {
  let expertRound: string;
  /** The expert's local ids: 宁波市, then 泉州市. */
  let mine: string;
  let other: string;
  const plan = rubricTemplate('plan-review');
  const criteria = rubricCriteria(plan).map(({ criterion }) => criterion);
  /** A score for each criterion: its maximum less a step and a half for some, whole for others. */
  const valueOf = (index: number, max: number) => (index % 2 === 0 ? max - 1.5 : max - 1);

  it('imports the exported package and scores against its frozen rubric, which it cannot edit', () => {
    const imported = ok(cli(expert.data, 'panel', 'import', '--expect-secretary', secretary.fingerprint, packageFile));
    expect(imported).toMatchObject({ applications: 2, secretaryFingerprint: secretary.fingerprint, status: 'imported' });
    expertRound = String(imported.roundId);
    const listed = ok(cli(expert.data, 'app', 'list', '--round', expertRound)) as { applications: { id: string; city: string }[] };
    expect(listed.applications.map((a) => a.city)).toEqual(['宁波市', '泉州市']);
    [mine = '', other = ''] = listed.applications.map((a) => a.id);

    // Version 1 as it was sent, not the secretary's later version 2.
    expect(ok(cli(expert.data, 'rubric', 'show', '--round', expertRound))).toEqual(sentRubric);
    unchangedBy(expert.data, () => {
      const error = refused(cli(expert.data, 'rubric', 'set', '--round', expertRound, path.join(root, 'v2.json')), 'RUBRIC_NOT_EDITABLE');
      expect(error.details).toMatchObject({ roundId: expertRound });
    });
  });

  it('declares no conflict, scores every criterion and writes the opinion', () => {
    expect(ok(cli(expert.data, 'coi', 'declare', '--round', expertRound, '--app', mine, '--none'))).toEqual({ applicationId: mine, coi: { kind: 'none' }, cleared: 0 });
    criteria.forEach((criterion, index) => {
      const comment = index === 2 ? ['--comment', '目标有基期值和目标值，量化较全。'] : [];
      expect(ok(cli(expert.data, 'score', 'set', '--round', expertRound, '--app', mine, '--criterion', criterion.id, '--value', String(valueOf(index, criterion.max)), ...comment))).toMatchObject({
        saved: true,
      });
    });
    // A score changed later replaces the first, keeping its comment.
    ok(cli(expert.data, 'score', 'set', '--round', expertRound, '--app', mine, '--criterion', 'goals-quantified', '--value', '17.5'));
    ok(cli(expert.data, 'opinion', 'set', '--round', expertRound, '--app', mine, '--strengths', '产业基础雄厚，目标量化。'));
    ok(cli(expert.data, 'opinion', 'set', '--round', expertRound, '--app', mine, '--issues', '资金测算依据不足。', '--recommendation', 'revise'));

    const stored = withDb(expert.data, (db) => ({
      scores: db.prepare(`SELECT criterion_id, value, comment FROM criterion_score WHERE application_id = ? ORDER BY criterion_id`).all(mine),
      opinion: db.prepare(`SELECT strengths, issues, recommendation FROM opinion WHERE application_id = ?`).all(mine),
    }));
    const expected = criteria
      .map((criterion, index) => ({
        criterion_id: criterion.id,
        value: criterion.id === 'goals-quantified' ? 17.5 : valueOf(index, criterion.max),
        comment: index === 2 ? '目标有基期值和目标值，量化较全。' : '',
      }))
      .sort((a, b) => (a.criterion_id < b.criterion_id ? -1 : 1));
    expect(stored.scores).toEqual(expected);
    expect(stored.opinion).toEqual([{ strengths: '产业基础雄厚，目标量化。', issues: '资金测算依据不足。', recommendation: 'revise' }]);
  }, 60_000);

  it('refuses each bad value, criterion and recommendation with its code, changing nothing', () => {
    const score = (value: string, criterion = 'goals-quantified') => cli(expert.data, 'score', 'set', '--round', expertRound, '--app', mine, '--criterion', criterion, `--value=${value}`);
    unchangedBy(expert.data, () => {
      expect(refused(score('20.5'), 'SCORE_OUT_OF_RANGE').details).toMatchObject({ max: 20, criterionId: 'goals-quantified' });
      refused(score('-1'), 'SCORE_OUT_OF_RANGE');
      refused(score('10.5', 'policy-compliance'), 'SCORE_OUT_OF_RANGE');
      expect(refused(score('17.3'), 'SCORE_OFF_STEP').details).toMatchObject({ step: 0.5 });
      refused(score('17.25'), 'SCORE_OFF_STEP');
      for (const value of ['abc', '1e1', '', '0x12', 'Infinity', 'NaN', '18分', '1,5']) {
        const error = refused(score(value), 'SCORE_NOT_NUMBER');
        expect(error.details, JSON.stringify(value)).toMatchObject({ value });
      }
      expect(refused(score('10', 'no-such-criterion'), 'CRITERION_UNKNOWN').details).toMatchObject({ criterionId: 'no-such-criterion' });
      refused(cli(expert.data, 'score', 'set', '--round', expertRound, '--app', mine, '--criterion', 'goals-quantified', '--value', '18', '--comment', 'x'.repeat(20_001)), 'INVALID_INPUT');
      expect(refused(cli(expert.data, 'opinion', 'set', '--round', expertRound, '--app', mine, '--recommendation', 'maybe'), 'RECOMMENDATION_UNKNOWN').details).toMatchObject({
        value: 'maybe',
      });
      refused(cli(expert.data, 'score', 'set', '--round', expertRound, '--app', 'zzzzzzzzzz', '--criterion', 'goals-quantified', '--value', '18'), 'NOT_FOUND');
      refused(cli(expert.data, 'score', 'set', '--round', roundId, '--app', mine, '--criterion', 'goals-quantified', '--value', '18'), 'NOT_FOUND');
    });
  }, 120_000);

  it('refuses scoring before a declaration and after a declared conflict, changing nothing', () => {
    const scoreOther = () => cli(expert.data, 'score', 'set', '--round', expertRound, '--app', other, '--criterion', 'goals-quantified', '--value', '18');
    const opinionOther = () => cli(expert.data, 'opinion', 'set', '--round', expertRound, '--app', other, '--strengths', '好');
    unchangedBy(expert.data, () => {
      expect(refused(scoreOther(), 'COI_REQUIRED').details).toMatchObject({ applicationId: other });
      refused(opinionOther(), 'COI_REQUIRED');
      refused(cli(expert.data, 'coi', 'declare', '--round', expertRound, '--app', other, '--conflict', '   '), 'INVALID_INPUT');
    });
    expect(ok(cli(expert.data, 'coi', 'declare', '--round', expertRound, '--app', other, '--conflict', '本人曾参与该市方案编制'))).toEqual({
      applicationId: other,
      coi: { kind: 'conflict', reason: '本人曾参与该市方案编制' },
      cleared: 0,
    });
    unchangedBy(expert.data, () => {
      expect(refused(scoreOther(), 'COI_CONFLICT').details).toMatchObject({ applicationId: other, reason: '本人曾参与该市方案编制' });
      refused(opinionOther(), 'COI_CONFLICT');
    });
  }, 60_000);

  it('answers usage errors with exit 2, changing nothing', () => {
    unchangedBy(expert.data, () => {
      usage(cli(expert.data, 'coi', 'declare', '--round', expertRound, '--app', mine, '--none', '--conflict', '同单位'));
      usage(cli(expert.data, 'coi', 'declare', '--round', expertRound, '--app', mine));
      usage(cli(expert.data, 'opinion', 'set', '--round', expertRound, '--app', mine));
      usage(cli(expert.data, 'score', 'set', '--round', expertRound, '--app', mine, '--criterion', 'goals-quantified'));
      usage(cli(expert.data, 'score', 'set', '--round', expertRound, '--app', mine, '--value', '18'));
      usage(cli(expert.data, 'score', 'set', '--round', expertRound, '--app', mine, '--criterion', 'goals-quantified', '--value', '18', '--bogus'));
    });
  }, 60_000);

  it('exports a bundle the secretary verifies, with the applications declared and what was entered', async () => {
    const file = path.join(root, 'scores.prscores');
    const exported = ok(cli(expert.data, 'scores', 'export', '--round', expertRound, '--out', file));
    expect(exported).toEqual({ file, revision: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const verified = ok(cli(secretary.data, 'bundle', 'verify', file));
    expect(verified).toMatchObject({ fingerprint: expert.fingerprint, roundId, revision: 1, applications: 2, sha256: exported.sha256 });

    const opened = await openScoreBundle({ bytes: fs.readFileSync(file), identities: [secretary.ageIdentity], file: 'scores.prscores' });
    const [first, second] = opened.payload.applications;
    expect(opened.payload.applications.map((a) => a.applicationId)).toEqual(apps);
    expect(first?.coi).toEqual({ kind: 'none' });
    expect(first?.scores).toHaveLength(criteria.length);
    expect(first?.scores.find((s) => s.criterionId === 'goals-quantified')).toEqual({ criterionId: 'goals-quantified', value: 17.5, comment: '目标有基期值和目标值，量化较全。' });
    expect(first?.opinion).toEqual({ strengths: '产业基础雄厚，目标量化。', issues: '资金测算依据不足。', recommendation: 'revise' });
    expect(second).toMatchObject({ coi: { kind: 'conflict', reason: '本人曾参与该市方案编制' }, scores: [] });

    // Declaring a conflict for the scored application takes its scores away; the next bundle says so.
    expect(ok(cli(expert.data, 'coi', 'declare', '--round', expertRound, '--app', mine, '--conflict', '同单位'))).toMatchObject({ cleared: criteria.length + 1 });
    const second2 = path.join(root, 'scores-2.prscores');
    expect(ok(cli(expert.data, 'scores', 'export', '--round', expertRound, '--out', second2))).toMatchObject({ revision: 2 });
    expect(ok(cli(secretary.data, 'bundle', 'verify', second2))).toMatchObject({ revision: 2, applications: 2 });
    const reopened = await openScoreBundle({ bytes: fs.readFileSync(second2), identities: [secretary.ageIdentity], file: 'scores-2.prscores' });
    expect(reopened.payload.applications.map((a) => [a.coi.kind, a.scores.length])).toEqual([
      ['conflict', 0],
      ['conflict', 0],
    ]);
  }, 120_000);
});
