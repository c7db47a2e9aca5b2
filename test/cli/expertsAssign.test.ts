import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

/**
 * Issue 7's enrol-and-assign part through the built `panel-review`: experts with a city
 * and province (expert add --city/--province, expert set), conflicts flagged from them
 * (conflict list), decisions (conflict decide --recuse / --allow), manual assignment
 * refused across an undecided or recused conflict, `assign --auto N`, the reminder that
 * a sent package must be exported again, and expert remove. Every refusal leaves the
 * data directory byte for byte as it was.
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };

let root: string;
let passFile: string;
let data: string;
let roundId: string;
let ningbo: string;
let quanzhou: string;
let wenzhou: string;
const cards: Record<'li' | 'wang' | 'zhao', { card: string; fingerprint: string }> = {} as never;

function cli(args: string[], options: { json?: boolean; lang?: string } = {}) {
  return runCli(['--data-dir', data, '--passphrase-file', passFile, '--lang', options.lang ?? 'zh-CN', ...(options.json === false ? [] : ['--json']), ...args], FAST);
}
function ok(args: string[]): Record<string, unknown> {
  const run = cli(args);
  expect(run.status, run.stderr).toBe(0);
  return parseOneJson(run.stdout);
}
function text(args: string[], lang = 'zh-CN'): string {
  const run = cli(args, { json: false, lang });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(data, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !/-(wal|shm)$/.test(entry.name)) out[path.relative(data, file)] = fs.readFileSync(file).toString('base64');
  }
  return out;
}
/** Runs a command that must be refused with `code` (exit 1, one line on stderr) and change nothing. */
function refused(args: string[], code: string, lang = 'zh-CN'): { error: { code: string; details?: Record<string, unknown> }; stderr: string } {
  const before = snapshot();
  const run = cli(args, { lang });
  expect(run.status, run.stderr).toBe(1);
  const { error } = parseOneJson(run.stdout) as { error: { code: string; details?: Record<string, unknown> } };
  expect(error.code).toBe(code);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(snapshot()).toEqual(before);
  return { error, stderr: run.stderr };
}
function usage(args: string[]): void {
  const before = snapshot();
  expect(cli(args).status).toBe(2);
  expect(snapshot()).toEqual(before);
}

function makeCard(name: string, affiliation: string): { card: string; fingerprint: string } {
  const dir = fs.mkdtempSync(path.join(root, 'expert-'));
  const run = (args: string[]) => runCli(['--data-dir', path.join(dir, 'data'), '--passphrase-file', passFile, '--json', ...args], FAST);
  const made = parseOneJson(run(['keygen', '--name', name, '--affiliation', affiliation]).stdout);
  const card = path.join(dir, `${name}.prkey`);
  expect(run(['key', 'card', '--out', card]).status).toBe(0);
  return { card, fingerprint: String(made.fingerprint) };
}

beforeAll(() => {
  root = tempDir('panel-review-assign-');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, 'correct horse battery staple\n');
  data = path.join(root, 'secretary');
  expect(runCli(['--data-dir', data, '--passphrase-file', passFile, '--json', 'keygen', '--name', '王秘书'], FAST).status).toBe(0);
  cards.li = makeCard('李专家', '宁波大学');
  cards.wang = makeCard('王专家', '泉州市人民政府');
  cards.zhao = makeCard('赵专家', '中国工程院');
  roundId = String(ok(['round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'plan-review']).id);
  const importApp = (city: string, province: string, applicant: string, pdf: string) =>
    String(ok(['app', 'import', '--round', roundId, '--city', city, '--province', province, '--applicant', applicant, corpusFile(pdf)]).id);
  ningbo = importApp('宁波市', '浙江省', '宁波市人民政府', 'annots-pdfcomment.pdf');
  quanzhou = importApp('泉州市', '福建省', '泉州市人民政府', 'cjk-cns1-prospectus.pdf');
  wenzhou = importApp('温州', '浙江', '温州市人民政府', 'annots-pdfcomment.pdf');
}, 180_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('experts, conflicts and assignment on the command line', () => {
  it('records where experts work and flags conflicts from it', () => {
    const added = ok(['expert', 'add', '--round', roundId, '--city', '宁波', '--province', '浙江', cards.li.card]);
    expect(added).toEqual({ experts: [{ fingerprint: cards.li.fingerprint, name: '李专家', affiliation: '宁波大学', status: 'added' }] });
    ok(['expert', 'add', '--round', roundId, cards.wang.card, cards.zhao.card]);
    const set = ok(['expert', 'set', '--round', roundId, '--expert', cards.zhao.fingerprint.slice(7, 15), '--city', '北京市', '--name', '赵院士']);
    expect(set).toMatchObject({ fingerprint: cards.zhao.fingerprint, name: '赵院士', city: '北京市', province: null, package: null });
    usage(['expert', 'set', '--round', roundId, '--expert', cards.zhao.fingerprint]);
    refused(['expert', 'set', '--round', roundId, '--expert', cards.zhao.fingerprint, '--name', ''], 'INVALID_INPUT');

    const { experts } = ok(['expert', 'list', '--round', roundId]) as { experts: { name: string; city: string | null; province: string | null; package: unknown }[] };
    expect(experts.map((e) => [e.name, e.city, e.province, e.package])).toEqual([
      ['李专家', '宁波', '浙江', null],
      ['王专家', null, null, null],
      ['赵院士', '北京市', null, null],
    ]);
    const listing = text(['expert', 'list', '--round', roundId]);
    expect(listing).toContain('所在地：宁波 · 浙江');
    expect(listing).toContain('尚未导出评审包');

    const { conflicts } = ok(['conflict', 'list', '--round', roundId]) as { conflicts: { fingerprint: string; applicationId: string; bases: string[]; decision: null }[] };
    expect(conflicts.map((c) => [c.fingerprint, c.applicationId, c.bases.join('+'), c.decision])).toEqual([
      [cards.li.fingerprint, ningbo, 'city+province', null],
      [cards.li.fingerprint, wenzhou, 'province', null],
      [cards.wang.fingerprint, quanzhou, 'affiliation', null],
    ]);
    const lines = text(['conflict', 'list', '--round', roundId]);
    expect(lines).toContain('同城市、同省份 [宁波 / 浙江]');
    expect(lines).toContain('待决定');
    expect(text(['conflict', 'list', '--round', roundId], 'en')).toContain('same organisation [泉州市人民政府]');
  });

  it('refuses to assign across an undecided or recused conflict, and records decisions', () => {
    const undecided = refused(['assign', '--round', roundId, '--expert', cards.li.fingerprint, '--apps', `${quanzhou},${ningbo}`], 'CONFLICT_UNDECIDED');
    expect(undecided.error.details).toMatchObject({ fingerprint: cards.li.fingerprint, applicationId: ningbo, basis: '宁波 / 浙江' });
    expect(undecided.stderr).toContain('（宁波 / 浙江）');
    expect(refused(['assign', '--round', roundId, '--expert', cards.li.fingerprint, '--apps', ningbo], 'CONFLICT_UNDECIDED', 'en').stderr).toContain('record a decision first');

    usage(['conflict', 'decide', '--round', roundId, '--expert', cards.li.fingerprint, '--app', ningbo]);
    usage(['conflict', 'decide', '--round', roundId, '--expert', cards.li.fingerprint, '--app', ningbo, '--recuse', '--allow', '理由']);
    usage(['conflict', 'decide', '--round', roundId, '--expert', cards.li.fingerprint, '--app', ningbo, '--allow', '理由', '--reason', '另一个']);
    refused(['conflict', 'decide', '--round', roundId, '--expert', cards.li.fingerprint, '--app', ningbo, '--allow', '  '], 'INVALID_INPUT');
    refused(['conflict', 'decide', '--round', roundId, '--expert', cards.li.fingerprint, '--app', 'zzzzzzzzzz', '--recuse'], 'NOT_FOUND');

    const allowed = ok(['conflict', 'decide', '--round', roundId, '--expert', cards.li.fingerprint, '--app', wenzhou, '--allow', '专家在宁波工作，与温州申报单位无往来']);
    expect(allowed).toMatchObject({ conflict: { applicationId: wenzhou, decision: 'allow', reason: '专家在宁波工作，与温州申报单位无往来' }, unassigned: false });
    const recused = ok(['conflict', 'decide', '--round', roundId, '--expert', cards.li.fingerprint, '--app', ningbo, '--recuse', '--reason', '同城']);
    expect(recused).toMatchObject({ conflict: { applicationId: ningbo, decision: 'recuse', reason: '同城' }, unassigned: false });
    refused(['assign', '--round', roundId, '--expert', cards.li.fingerprint, '--apps', ningbo], 'ASSIGNMENT_RECUSED');

    const assigned = ok(['assign', '--round', roundId, '--expert', cards.li.fingerprint, '--apps', `${wenzhou},${quanzhou}`]);
    expect(assigned).toMatchObject({
      assignments: [
        { fingerprint: cards.li.fingerprint, applicationId: quanzhou },
        { fingerprint: cards.li.fingerprint, applicationId: wenzhou },
      ],
      conflicts: [{ applicationId: wenzhou, bases: ['province'], decision: 'allow' }],
      stalePackages: [],
    });
  });

  it('assigns automatically, all or nothing', () => {
    const impossible = refused(['assign', '--round', roundId, '--auto', '3'], 'AUTO_ASSIGN_IMPOSSIBLE');
    expect(impossible.error.details).toEqual({ applicationId: ningbo, wanted: 3, available: 2 });
    usage(['assign', '--round', roundId, '--auto', '0']);
    usage(['assign', '--round', roundId, '--auto', '2', '--expert', cards.li.fingerprint]);

    const auto = ok(['assign', '--round', roundId, '--auto', '2']) as { assignments: { fingerprint: string; applicationId: string }[]; added: unknown[] };
    const holders = (app: string) => auto.assignments.filter((a) => a.applicationId === app).map((a) => a.fingerprint).sort();
    expect(holders(ningbo)).toEqual([cards.wang.fingerprint, cards.zhao.fingerprint].sort());
    expect(holders(quanzhou)).toEqual([cards.li.fingerprint, cards.zhao.fingerprint].sort());
    expect(holders(wenzhou)).toHaveLength(2);
    expect(holders(wenzhou)).toContain(cards.li.fingerprint);
    const again = text(['assign', '--round', roundId, '--auto', '2']);
    expect(again).toContain('新增 0 项分配');
  });

  it('reminds that a sent package must be exported again, and removes an expert with what hangs off them', () => {
    const out = path.join(root, 'panels');
    fs.mkdirSync(out);
    ok(['panel', 'export', '--round', roundId, '--out', out]);
    const recused = text(['conflict', 'decide', '--round', roundId, '--expert', cards.zhao.fingerprint, '--app', quanzhou, '--recuse']);
    expect(recused).toContain('并已取消该项分配');
    expect(recused).toContain('请重新导出（panel export）并发送');
    expect(recused).toContain('赵院士');
    const { experts } = ok(['expert', 'list', '--round', roundId]) as { experts: { name: string; package: { stale: boolean } | null }[] };
    expect(experts.map((e) => [e.name, e.package?.stale])).toEqual([
      ['李专家', false],
      ['王专家', false],
      ['赵院士', true],
    ]);
    expect(text(['expert', 'list', '--round', roundId], 'en')).toContain('assignments changed since: export again and send it');

    const removed = ok(['expert', 'remove', '--round', roundId, '--expert', cards.wang.fingerprint.slice(0, 14)]);
    expect(removed).toMatchObject({ fingerprint: cards.wang.fingerprint, name: '王专家', decisions: 0, packages: 1, bundles: 0 });
    refused(['expert', 'remove', '--round', roundId, '--expert', cards.wang.fingerprint], 'EXPERT_NOT_FOUND');
    const { entries } = ok(['audit', 'list', '--round', roundId]) as { entries: { action: string }[] };
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'expert.add',
      'expert.add',
      'expert.update',
      'conflict.decide',
      'conflict.decide',
      'assignment.set',
      'assignment.auto',
      'panel.export',
      'conflict.decide',
      'expert.remove',
    ]);
    expect(ok(['audit', 'verify'])).toMatchObject({ ok: true, entries: 10 });
  });

  it('lists the new commands in --help', () => {
    const help = runCli(['--help'], FAST).stdout;
    for (const synopsis of ['expert set --round R --expert FPR', 'expert remove --round R --expert FPR', 'conflict decide --round R --expert FPR --app A', 'conflict list --round R', 'expert add --round R [--city C] [--province P] CARD…']) {
      expect(help).toContain(synopsis);
    }
  });
});
