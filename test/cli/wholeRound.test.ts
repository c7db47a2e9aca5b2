import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../electron/core/report/reportTestKit';
import { rubricTemplate } from '../../shared/domain/rubricTemplates';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

/**
 * Issue 7's end to end by CLI: a secretary and three experts, each in their own data
 * directory, exchange key cards, panel packages and score bundles through files only,
 * as they would on laptops with no network. The results are checked against figures
 * worked out by hand below, not against the code that computes them.
 *
 * Rubric: c1 (max 10, step 0.5), c2 (max 20), c3 (max 20); disagreement threshold 0.3
 * (limits 3, 6, 6 and 15 on the total of 50); trimmed mean from 3 experts on.
 *
 *          张三 (E1)          李四 (E2)          王五 (E3)
 *   宁波市  8 16 15 = 39 同意  9 17 18 = 44 同意  7 15 16 = 38 修改后同意
 *   泉州市  5 10 12 = 27 不同意 9 18 17 = 44 同意  conflict declared
 *   沈阳市  8 16 17 = 41 同意  6 15 14 = 35 修改后同意 7 17 16 = 40 同意
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
type Run = ReturnType<typeof runCli>;

let root: string;
let passFile: string;

function cli(data: string, ...args: string[]): Run {
  return runCli(['--data-dir', data, '--passphrase-file', passFile, '--json', '--lang', 'en', ...args], FAST);
}
function ok(run: Run): Record<string, unknown> {
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
  return parseOneJson(run.stdout);
}

interface Party {
  name: string;
  data: string;
  card: string;
  fingerprint: string;
}

function makeParty(name: string, affiliation: string): Party {
  const data = path.join(root, name);
  const created = ok(cli(data, 'keygen', '--name', name, '--affiliation', affiliation));
  const card = path.join(root, `${name}.prkey`);
  ok(cli(data, 'key', 'card', '--out', card));
  return { name, data, card, fingerprint: String(created.fingerprint) };
}

const CITIES = ['宁波市', '泉州市', '沈阳市'] as const;
type City = (typeof CITIES)[number];
type Sheet = { scores: [number, number, number]; recommendation: 'approve' | 'revise' | 'reject' } | 'conflict';
const SHEETS: Record<string, Record<City, Sheet>> = {
  张三: {
    宁波市: { scores: [8, 16, 15], recommendation: 'approve' },
    泉州市: { scores: [5, 10, 12], recommendation: 'reject' },
    沈阳市: { scores: [8, 16, 17], recommendation: 'approve' },
  },
  李四: {
    宁波市: { scores: [9, 17, 18], recommendation: 'approve' },
    泉州市: { scores: [9, 18, 17], recommendation: 'approve' },
    沈阳市: { scores: [6, 15, 14], recommendation: 'revise' },
  },
  王五: {
    宁波市: { scores: [7, 15, 16], recommendation: 'revise' },
    泉州市: 'conflict',
    沈阳市: { scores: [7, 17, 16], recommendation: 'approve' },
  },
};

let secretary: Party;
let experts: Party[];
let roundId: string;
/** The secretary's application id per city. */
const appOf = new Map<City, string>();
/** Each expert's local round id and their application id per city. */
const expertRounds = new Map<string, { roundId: string; apps: Map<string, string> }>();
const bundles = new Map<string, string>();

function rubricFile(): string {
  const base = rubricTemplate('custom');
  const rubric = {
    ...base,
    sections: [
      {
        id: 's1',
        title: '实施方案',
        criteria: [
          { id: 'c1', title: '目标定位', max: 10, step: 0.5 },
          { id: 'c2', title: '主要任务', max: 20, step: 1 },
          { id: 'c3', title: '保障措施', max: 20, step: 1 },
        ],
      },
    ],
    disagreementThreshold: 0.3,
    trimThreshold: 3,
  };
  const file = path.join(root, 'rubric.json');
  fs.writeFileSync(file, JSON.stringify(rubric));
  return file;
}

function scoreAs(expert: Party): string {
  const local = expertRounds.get(expert.name);
  if (local === undefined) throw new Error(`no round for ${expert.name}`);
  for (const city of CITIES) {
    const app = local.apps.get(city) ?? '';
    const sheet = SHEETS[expert.name]?.[city];
    if (sheet === undefined) throw new Error('sheet missing');
    if (sheet === 'conflict') {
      ok(cli(expert.data, 'coi', 'declare', '--round', local.roundId, '--app', app, '--conflict', '曾参与该市实施方案编制'));
      continue;
    }
    ok(cli(expert.data, 'coi', 'declare', '--round', local.roundId, '--app', app, '--none'));
    sheet.scores.forEach((value, i) => ok(cli(expert.data, 'score', 'set', '--round', local.roundId, '--app', app, '--criterion', `c${i + 1}`, '--value', String(value))));
    ok(cli(expert.data, 'opinion', 'set', '--round', local.roundId, '--app', app, '--strengths', '目标明确', '--issues', '保障措施需细化', '--recommendation', sheet.recommendation));
  }
  const out = path.join(root, `${expert.name}-r${bundles.size + 1}.prscores`);
  ok(cli(expert.data, 'scores', 'export', '--round', local.roundId, '--out', out));
  return out;
}

type ResultsJson = {
  roundId: string;
  method: string;
  applications: {
    id: string;
    city: string;
    rank: number | null;
    n: number;
    total: Record<string, number | null>;
    criteria: { id: string; n: number; mean: number | null; min: number | null; max: number | null }[];
    recommendations: Record<string, number>;
    flags: { criterionId: string | null; kind: string; note: string | null }[];
  }[];
  agreement: { kendallW: number | null; krippendorffAlpha: number | null };
};
const byCity = (results: ResultsJson, city: City) => {
  const found = results.applications.find((application) => application.id === appOf.get(city));
  if (found === undefined) throw new Error(`no ${city} in results`);
  return found;
};

beforeAll(() => {
  root = tempDir('panel-review-cli-whole-round-');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, 'correct horse battery staple\n');
  secretary = makeParty('王秘书', '工业和信息化部规划司');
  experts = [makeParty('张三', '同济大学'), makeParty('李四', '浙江大学'), makeParty('王五', '东北大学')];
  roundId = String(ok(cli(secretary.data, 'round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'custom', '--rubric', rubricFile())).id);
  const pdfs = ['cjk-cns1-prospectus.pdf', 'annots-pdfcomment.pdf', 'report-cjk-proposal.pdf'];
  CITIES.forEach((city, i) => appOf.set(city, String(ok(cli(secretary.data, 'app', 'import', '--round', roundId, '--city', city, '--doc-kind', 'plan', corpusFile(pdfs[i] ?? ''))).id)));
  ok(cli(secretary.data, 'expert', 'add', '--round', roundId, ...experts.map((expert) => expert.card)));
  for (const expert of experts) ok(cli(secretary.data, 'assign', '--round', roundId, '--expert', expert.fingerprint, '--apps', [...appOf.values()].join(',')));
  const outDir = path.join(root, 'packages');
  fs.mkdirSync(outDir);
  const exported = ok(cli(secretary.data, 'panel', 'export', '--round', roundId, '--out', outDir)) as { files: { fingerprint: string; file: string }[] };
  for (const expert of experts) {
    const file = exported.files.find((entry) => entry.fingerprint === expert.fingerprint)?.file ?? '';
    const imported = ok(cli(expert.data, 'panel', 'import', '--expect-secretary', secretary.fingerprint, file));
    const local = String(imported.roundId);
    const listed = ok(cli(expert.data, 'app', 'list', '--round', local)) as { applications: { id: string; city: string }[] };
    expertRounds.set(expert.name, { roundId: local, apps: new Map(listed.applications.map((application) => [application.city, application.id])) });
  }
  for (const expert of experts) bundles.set(expert.name, scoreAs(expert));
}, 600_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a whole round by CLI: three experts, bundles merged, results', () => {
  it('merges every bundle, each once', () => {
    const files = [...bundles.values()];
    const first = ok(cli(secretary.data, 'bundle', 'import', '--round', roundId, ...files)) as { results: { file: string; status: string }[] };
    expect(first.results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const again = ok(cli(secretary.data, 'bundle', 'import', '--round', roundId, ...files)) as { results: { status: string }[] };
    expect(again.results.map((result) => result.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('computes the figures worked out by hand', () => {
    const results = ok(cli(secretary.data, 'results', '--round', roundId)) as unknown as ResultsJson;
    expect(results.roundId).toBe(roundId);
    expect(results.method).toBe('trimmed');
    // 宁波市 [39, 44, 38]: mean 121/3, median 39, trimmed 39, sd √((1.78 + 13.44 + 5.44) / 2) = √(31/3).
    expect(byCity(results, '宁波市').total).toEqual({
      n: 3,
      mean: expect.closeTo(121 / 3, 9),
      median: 39,
      sd: expect.closeTo(Math.sqrt(31 / 3), 9),
      min: 38,
      max: 44,
      trimmedMean: 39,
    });
    // 泉州市 [27, 44] (王五 declared a conflict): two experts, below the trim threshold.
    expect(byCity(results, '泉州市').total).toMatchObject({ n: 2, mean: 35.5, median: 35.5, trimmedMean: 35.5, min: 27, max: 44 });
    // 沈阳市 [41, 35, 40]: trimmed 40.
    expect(byCity(results, '沈阳市').total).toMatchObject({ n: 3, median: 40, trimmedMean: 40 });
    expect(byCity(results, '宁波市').criteria.find((criterion) => criterion.id === 'c1')).toMatchObject({ n: 3, mean: 8, min: 7, max: 9 });
    // Ranking by trimmed mean: 沈阳市 40, 宁波市 39, 泉州市 35.5.
    expect(results.applications.map((application) => [application.city, application.rank])).toEqual([
      ['沈阳市', 1],
      ['宁波市', 2],
      ['泉州市', 3],
    ]);
    expect(byCity(results, '宁波市').recommendations).toEqual({ approve: 2, revise: 1, reject: 0 });
    expect(byCity(results, '泉州市').recommendations).toEqual({ approve: 1, revise: 0, reject: 1 });
    // 泉州市: c1 spread 4 > 3, c2 8 > 6, c3 5 ≤ 6, total 17 > 15.
    expect(byCity(results, '泉州市').flags.map((flag) => flag.criterionId)).toEqual(['c1', 'c2', null]);
    expect(byCity(results, '宁波市').flags).toEqual([]);
    // Kendall's W over 宁波市 and 沈阳市 (all three scored them): rank sums 4 and 5 of a
    // mean 4.5, S = 0.5, W = 12·0.5 / (3² · (2³ − 2)) = 1/9.
    expect(results.agreement.kendallW).toBeCloseTo(1 / 9, 12);
    // Interval alpha over all nine totals by the pairwise-difference formula, computed apart.
    expect(results.agreement.krippendorffAlpha).toBeCloseTo(-0.435163551401869, 12);
  });

  it('takes a newer revision over the older one, and ignores a replay of the older', () => {
    const lisi = experts[1] as Party;
    const local = expertRounds.get(lisi.name);
    const sheet = SHEETS[lisi.name];
    if (local === undefined || sheet === undefined) throw new Error('set-up');
    // 李四 lowers c2 of 泉州市 from 18 to 12 (total 38) and sends revision 2.
    sheet['泉州市'] = { scores: [9, 12, 17], recommendation: 'revise' };
    const revision2 = scoreAs(lisi);
    const imported = ok(cli(secretary.data, 'bundle', 'import', '--round', roundId, revision2)) as { results: { status: string }[] };
    expect(imported.results[0]?.status).toBe('accepted');
    const replay = ok(cli(secretary.data, 'bundle', 'import', '--round', roundId, bundles.get(lisi.name) ?? '')) as { results: { status: string; reason?: string }[] };
    expect(replay.results[0]?.status).toBe('unchanged');
    const results = ok(cli(secretary.data, 'results', '--round', roundId)) as unknown as ResultsJson;
    expect(byCity(results, '泉州市').total).toMatchObject({ n: 2, mean: 32.5, min: 27, max: 38 });
    expect(byCity(results, '泉州市').recommendations).toEqual({ approve: 0, revise: 1, reject: 1 });
    // c2 spread now 2: that flag is gone; c1 (4) and the total (11 ≤ 15? no flag) follow the new figures.
    expect(byCity(results, '泉州市').flags.map((flag) => flag.criterionId)).toEqual(['c1']);
    // Interval alpha after the change, computed apart: 0.107938718662953.
    expect(results.agreement.krippendorffAlpha).toBeCloseTo(0.10793871866295268, 12);
  });

  it('keeps the secretary’s note on a flag, and the audit chain of everything above holds', () => {
    ok(cli(secretary.data, 'flag', 'note', '--round', roundId, '--app', appOf.get('泉州市') ?? '', '--criterion', 'c1', '--note', '经合议，保留两位专家的独立判断'));
    const results = ok(cli(secretary.data, 'results', '--round', roundId)) as unknown as ResultsJson;
    expect(byCity(results, '泉州市').flags).toEqual([expect.objectContaining({ criterionId: 'c1', note: '经合议，保留两位专家的独立判断' })]);
    const audit = ok(cli(secretary.data, 'audit', 'verify'));
    // expert add, 3 assignments, panel export, 3 + 3 + 1 + 1 imports, flag note.
    expect(audit).toMatchObject({ ok: true, entries: 14 });
  });

  it('after merging, changing the official method needs a reason, which the audit log keeps', () => {
    const refused = cli(secretary.data, 'method', 'set', '--round', roundId, '--method', 'median');
    expect(refused.status).toBe(1);
    expect(parseOneJson(refused.stdout)).toMatchObject({ ok: false, error: { code: 'METHOD_REASON_REQUIRED' } });
    ok(cli(secretary.data, 'method', 'set', '--round', roundId, '--method', 'median', '--reason', '评审委员会决定改用中位数'));
    const results = ok(cli(secretary.data, 'results', '--round', roundId)) as unknown as ResultsJson;
    expect(results.method).toBe('median');
    // Medians: 沈阳市 40, 宁波市 39, 泉州市 (27 + 38) / 2 = 32.5.
    expect(results.applications.map((application) => [application.city, application.rank, application.total.median])).toEqual([
      ['沈阳市', 1, 40],
      ['宁波市', 2, 39],
      ['泉州市', 3, 32.5],
    ]);
    expect(ok(cli(secretary.data, 'audit', 'verify'))).toMatchObject({ ok: true, entries: 15 });
    const listed = ok(cli(secretary.data, 'audit', 'list', '--round', roundId, '--limit', '1')) as { entries: { action: string; detail: Record<string, unknown> }[] };
    expect(listed.entries[0]).toMatchObject({ action: 'method.set', detail: { afterMerge: true, reason: '评审委员会决定改用中位数' } });
  });

  it('writes the final report: the figures worked out by hand, and a receipt for every bundle received', () => {
    const csvFile = path.join(root, '评分汇总表.csv');
    expect(ok(cli(secretary.data, 'report', '--round', roundId, '--format', 'csv', '--out', csvFile))).toMatchObject({ file: csvFile, format: 'csv', draft: false, openFlags: 0 });
    const records = parseCsv(fs.readFileSync(csvFile).subarray(3).toString('utf8'));
    // Rank, each expert's total (王五 recused from 泉州市), n and the official figure, now the median.
    expect(records.slice(1).map((record) => [record[3], record[0], record[6], record[7], record[8], record[9], record[10]])).toEqual([
      ['沈阳市', '1', '41', '35', '40', '3', '40'],
      ['宁波市', '2', '39', '44', '38', '3', '39'],
      ['泉州市', '3', '27', '38', 'recused', '2', '32.5'],
    ]);
    const jsonFile = path.join(root, 'report.json');
    ok(cli(secretary.data, 'report', '--round', roundId, '--format', 'json', '--out', jsonFile));
    const { report } = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { report: { bundles: { expert: string; revision: number; sha256: string; merged: number }[] } };
    const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    // 李四's revision 2 carried all three applications, so nothing merged comes from revision 1 any more.
    expect(report.bundles).toEqual([
      expect.objectContaining({ expert: '张三', revision: 1, merged: 3, sha256: sha(bundles.get('张三') ?? '') }),
      expect.objectContaining({ expert: '李四', revision: 1, merged: 0, sha256: sha(bundles.get('李四') ?? '') }),
      expect.objectContaining({ expert: '李四', revision: 2, merged: 3, sha256: sha(path.join(root, '李四-r4.prscores')) }),
      expect.objectContaining({ expert: '王五', revision: 1, merged: 3, sha256: sha(bundles.get('王五') ?? '') }),
    ]);
    expect(ok(cli(secretary.data, 'audit', 'verify'))).toMatchObject({ ok: true, entries: 17 });
  });
});
