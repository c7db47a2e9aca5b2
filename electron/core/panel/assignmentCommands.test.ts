import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/domain/audit';
import type { Conflict, Expert } from '../../../shared/domain/expert';
import { expertCard, PILOT_CITIES, type SecretaryPanel, secretaryPanel, type TestCard } from './secretaryTestKit';

/**
 * Conflicts of interest and assignment through the real core on a real data directory:
 * flags computed from where experts work, decisions (a recusal removes the assignment
 * in the same transaction), manual assignment refused across an undecided or recused
 * conflict, automatic assignment all or nothing, and which experts need a new panel
 * package after a change. Every refusal is checked to leave the database as it was.
 */

const panels: SecretaryPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.close();
});

interface Fixture {
  p: SecretaryPanel;
  /** 李 works in 宁波 (浙江), 王 for 泉州市人民政府, 赵 anywhere else. */
  li: TestCard;
  wang: TestCard;
  zhao: TestCard;
  /** 宁波, 泉州, 成都, 温州 (浙江), 长沙. */
  apps: string[];
}

async function fixture(): Promise<Fixture> {
  const p = await secretaryPanel(PILOT_CITIES);
  panels.push(p);
  const li = await expertCard('李专家', '宁波大学');
  const wang = await expertCard('王专家', '泉州市人民政府');
  const zhao = await expertCard('赵专家', '中国工程院');
  await p.ok('expert.add', { roundId: p.roundId, cards: [li, wang, zhao].map(({ fileName, content }) => ({ fileName, content })) });
  await p.ok('expert.update', { roundId: p.roundId, fingerprint: li.fingerprint, city: '宁波', province: '浙江' });
  return { p, li, wang, zhao, apps: p.applications };
}

const conflicts = async (p: SecretaryPanel) => (await p.ok<{ conflicts: Conflict[] }>('conflict.list', { roundId: p.roundId })).conflicts;
const experts = async (p: SecretaryPanel) => (await p.ok<{ experts: Expert[] }>('expert.list', { roundId: p.roundId })).experts;
const audit = async (p: SecretaryPanel) => [...(await p.ok<{ entries: AuditEntry[] }>('audit.list', { roundId: p.roundId })).entries].reverse();

describe('conflict.list', () => {
  it('flags same city, province and affiliation, computed from what is recorded now', async () => {
    const { p, li, wang, apps } = await fixture();
    const [ningbo, quanzhou, , wenzhou] = apps;
    expect((await conflicts(p)).map((c) => [c.fingerprint, c.applicationId, c.bases, c.matched, c.decision])).toEqual([
      [li.fingerprint, ningbo, ['city', 'province'], ['宁波', '浙江'], null],
      [li.fingerprint, wenzhou, ['province'], ['浙江'], null],
      [wang.fingerprint, quanzhou, ['affiliation'], ['泉州市人民政府'], null],
    ]);
    // A corrected place re-flags at once; a recusal stays in force without its flag.
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: ningbo, decision: 'recuse' });
    await p.ok('expert.update', { roundId: p.roundId, fingerprint: li.fingerprint, city: '成都市', province: '四川省' });
    expect((await conflicts(p)).filter((c) => c.fingerprint === li.fingerprint).map((c) => [c.applicationId, c.bases, c.decision])).toEqual([
      [ningbo, [], 'recuse'],
      [apps[2], ['city', 'province'], null],
    ]);
  });
});

describe('conflict.decide', () => {
  it('recusing removes the assignment in the same transaction, and is audited', async () => {
    const { p, wang, apps } = await fixture();
    const [ningbo, quanzhou] = apps;
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: wang.fingerprint, applicationId: quanzhou, decision: 'allow', reason: '仅作技术咨询，不参与本市项目' });
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: wang.fingerprint, applicationIds: [ningbo, quanzhou] });
    const decided = await p.ok<{ conflict: Conflict; unassigned: boolean }>('conflict.decide', {
      roundId: p.roundId,
      fingerprint: wang.fingerprint.slice(7, 14),
      applicationId: quanzhou,
      decision: 'recuse',
      reason: '  ',
    });
    expect(decided).toMatchObject({ unassigned: true, conflict: { fingerprint: wang.fingerprint, applicationId: quanzhou, bases: ['affiliation'], decision: 'recuse', reason: null } });
    expect((await experts(p)).find((e) => e.fingerprint === wang.fingerprint)?.applicationIds).toEqual([ningbo]);
    const entries = (await audit(p)).filter((e) => e.action === 'conflict.decide');
    expect(entries.map((e) => e.detail)).toEqual([
      { fingerprint: wang.fingerprint, applicationId: quanzhou, decision: 'allow', reason: '仅作技术咨询，不参与本市项目', bases: ['affiliation'], unassigned: false },
      { fingerprint: wang.fingerprint, applicationId: quanzhou, decision: 'recuse', reason: null, bases: ['affiliation'], unassigned: true },
    ]);
    // The database itself refuses the recused assignment, whatever a command forgets.
    expect(() => p.core.store.db.prepare('INSERT INTO assignment (round_id, fingerprint, application_id) VALUES (?, ?, ?)').run(p.roundId, wang.fingerprint, quanzhou)).toThrow(/recused/);
  });

  it('refuses to allow without a reason, an unknown or foreign application and an unknown expert, changing nothing', async () => {
    const { p, li, apps } = await fixture();
    const [ningbo] = apps;
    await p.refused('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: ningbo, decision: 'allow' }, 'INVALID_INPUT');
    const blank = await p.refused('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: ningbo, decision: 'allow', reason: ' ' }, 'INVALID_INPUT');
    expect(JSON.stringify(blank.details)).toContain('validation.allowNeedsReason');
    await p.refused('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: ningbo, decision: 'maybe', reason: 'x' }, 'INVALID_INPUT');
    await p.refused('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: 'zzzzzzzzzz', decision: 'recuse' }, 'NOT_FOUND');
    await p.refused('conflict.decide', { roundId: p.roundId, fingerprint: 'SHA256:AAAA', applicationId: ningbo, decision: 'recuse' }, 'EXPERT_NOT_FOUND');
    const other = await p.ok<{ id: string }>('round.create', { name: '另一轮', kind: 'midterm' });
    p.core.store.db.prepare(`INSERT INTO application (id, round_id, created_at) VALUES ('ap99999999', ?, '2026-11-23T07:00:00.000Z')`).run(other.id);
    await p.refused('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: 'ap99999999', decision: 'recuse' }, 'APPLICATION_NOT_IN_ROUND');
  });
});

describe('assignment.set', () => {
  it('refuses a flagged pair without a decision, naming the basis, and a recused pair, changing nothing', async () => {
    const { p, li, apps } = await fixture();
    const [ningbo, quanzhou, chengdu, wenzhou] = apps;
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: li.fingerprint, applicationIds: [quanzhou] });
    const undecided = await p.refused('assignment.set', { roundId: p.roundId, fingerprint: li.fingerprint, applicationIds: [chengdu, ningbo] }, 'CONFLICT_UNDECIDED');
    expect(undecided.details).toEqual({ fingerprint: li.fingerprint, applicationId: ningbo, basis: '宁波 / 浙江', bases: 'city,province' });
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: ningbo, decision: 'recuse' });
    const recused = await p.refused('assignment.set', { roundId: p.roundId, fingerprint: li.fingerprint, applicationIds: [ningbo] }, 'ASSIGNMENT_RECUSED');
    expect(recused.details).toEqual({ fingerprint: li.fingerprint, applicationId: ningbo });
    // Allowed with a reason: assigned, and the answer lists the conflict with its decision.
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: wenzhou, decision: 'allow', reason: '专家已退休多年，与温州无业务往来' });
    const assigned = await p.ok<{ assignments: unknown[]; conflicts: Conflict[]; stalePackages: unknown[] }>('assignment.set', {
      roundId: p.roundId,
      fingerprint: li.fingerprint,
      applicationIds: [wenzhou, chengdu, wenzhou],
    });
    expect(assigned.assignments).toEqual([
      { fingerprint: li.fingerprint, applicationId: chengdu },
      { fingerprint: li.fingerprint, applicationId: wenzhou },
    ]);
    expect(assigned.conflicts).toEqual([
      expect.objectContaining({ applicationId: wenzhou, bases: ['province'], decision: 'allow', reason: '专家已退休多年，与温州无业务往来' }),
    ]);
    expect(assigned.stalePackages).toEqual([]);
  });
});

describe('assignment.auto', () => {
  it('tops every application up to N, keeps what is assigned, avoids conflicts, balances load, in one audited change', async () => {
    const { p, li, wang, zhao, apps } = await fixture();
    const [ningbo, quanzhou, chengdu, wenzhou, changsha] = apps;
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationIds: [chengdu] });
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: wenzhou, decision: 'allow', reason: '已说明' });
    const result = await p.ok<{ assignments: { fingerprint: string; applicationId: string }[]; added: unknown[]; conflicts: Conflict[] }>('assignment.auto', {
      roundId: p.roundId,
      perApplication: 2,
    });
    const holders = (app: string | undefined) => result.assignments.filter((a) => a.applicationId === app).map((a) => a.fingerprint).sort();
    // 宁波: 李 is flagged and undecided → 王 and 赵. 泉州: 王 is flagged → 李 and 赵.
    expect(holders(ningbo)).toEqual([wang.fingerprint, zhao.fingerprint].sort());
    expect(holders(quanzhou)).toEqual([li.fingerprint, zhao.fingerprint].sort());
    for (const app of [chengdu, wenzhou, changsha]) expect(holders(app)).toHaveLength(2);
    expect(holders(chengdu)).toContain(zhao.fingerprint);
    expect(result.added).toHaveLength(9);
    const load = [li, wang, zhao].map((e) => result.assignments.filter((a) => a.fingerprint === e.fingerprint).length);
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
    expect(result.conflicts).toHaveLength(3);
    const entries = (await audit(p)).filter((e) => e.action === 'assignment.auto');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.detail).toMatchObject({ perApplication: 2, added: result.added });

    // Already there: nothing added, nothing recorded.
    const before = p.dump();
    expect(await p.ok('assignment.auto', { roundId: p.roundId, perApplication: 2 })).toMatchObject({ added: [] });
    expect(p.dump()).toBe(before);
  });

  it('refuses all or nothing when an application cannot get N experts, naming it', async () => {
    const { p, li, wang, apps } = await fixture();
    const [ningbo] = apps;
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: wang.fingerprint, applicationId: ningbo, decision: 'recuse' });
    // 宁波: 李 flagged (undecided), 王 recused: only 赵 is available.
    const error = await p.refused('assignment.auto', { roundId: p.roundId, perApplication: 2 }, 'AUTO_ASSIGN_IMPOSSIBLE');
    expect(error.details).toEqual({ applicationId: ningbo, wanted: 2, available: 1 });
    await p.refused('assignment.auto', { roundId: p.roundId, perApplication: 4 }, 'AUTO_ASSIGN_IMPOSSIBLE');
    await p.refused('assignment.auto', { roundId: p.roundId, perApplication: 0 }, 'INVALID_INPUT');
    await p.refused('assignment.auto', { roundId: p.roundId, perApplication: 1.5 }, 'INVALID_INPUT');
    // Allowing 李 for 宁波 makes it possible.
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: li.fingerprint, applicationId: ningbo, decision: 'allow', reason: '回避人数不足，经评审委员会同意' });
    const result = await p.ok<{ assignments: { applicationId: string }[] }>('assignment.auto', { roundId: p.roundId, perApplication: 2 });
    expect(result.assignments.filter((a) => a.applicationId === ningbo)).toHaveLength(2);
  });
});

describe('package status', () => {
  it('marks an expert whose assignments changed after export as needing a new package, until they match again', async () => {
    const { p, wang, zhao, apps } = await fixture();
    const [ningbo, , chengdu] = apps;
    await p.ok('identity.create', { name: '王秘书', passphrase: 'correct horse battery' });
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationIds: [chengdu] });
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: wang.fingerprint, applicationIds: [ningbo] });
    const out = path.join(p.dir, 'out');
    fs.mkdirSync(out);
    await p.ok('panel.export', { roundId: p.roundId, outDir: out });
    const status = async () => Object.fromEntries((await experts(p)).map((e) => [e.name, e.package === null ? null : e.package.stale]));
    expect(await status()).toEqual({ 李专家: null, 王专家: false, 赵专家: false });
    expect((await experts(p)).find((e) => e.name === '赵专家')?.package).toMatchObject({ applicationIds: [chengdu], fileName: expect.stringMatching(/\.prpanel$/) });

    const changed = await p.ok<{ stalePackages: unknown[] }>('assignment.set', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationIds: [chengdu, ningbo] });
    expect(changed.stalePackages).toEqual([{ fingerprint: zhao.fingerprint, name: '赵专家', exportedAt: expect.any(String) }]);
    expect(await status()).toEqual({ 李专家: null, 王专家: false, 赵专家: true });
    // Back to what the package carried: nothing to resend.
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationIds: [chengdu] });
    expect(await status()).toEqual({ 李专家: null, 王专家: false, 赵专家: false });
    // A recusal that removes an assignment makes the package stale as well.
    const decided = await p.ok<{ stalePackages: unknown[] }>('conflict.decide', { roundId: p.roundId, fingerprint: wang.fingerprint, applicationId: ningbo, decision: 'recuse' });
    expect(decided.stalePackages).toHaveLength(1);
    expect(await status()).toMatchObject({ 王专家: true });
  });

  it('judges a package of unknown contents by the assignment changes recorded after it', async () => {
    const { p, zhao, apps } = await fixture();
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationIds: [apps[2]] });
    // As exported before migration 009 (no application_ids), just after that assignment.
    const db = p.core.store.db;
    const lastChange = db.prepare('SELECT max(at) FROM audit_log').pluck().get() as string;
    db.prepare(
      `INSERT INTO panel_package (id, round_id, fingerprint, manifest_sha256, file_sha256, file_name, exported_at) VALUES ('pk00000001', ?, ?, ?, ?, 'old.prpanel', ?)`,
    ).run(p.roundId, zhao.fingerprint, 'a'.repeat(64), 'b'.repeat(64), lastChange);
    const packageOf = async () => (await experts(p)).find((e) => e.fingerprint === zhao.fingerprint)?.package;
    expect(await packageOf()).toMatchObject({ applicationIds: null, stale: false });
    // Another expert's change says nothing about this one.
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: (await experts(p))[0]?.fingerprint, applicationIds: [apps[4]] });
    expect(await packageOf()).toMatchObject({ stale: false });
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationIds: [apps[2], apps[4]] });
    expect(await packageOf()).toMatchObject({ applicationIds: null, stale: true });
  });
});

describe('panel.export', () => {
  it('refuses while an assignment has become flagged and is undecided, and sends once it is allowed', async () => {
    const { p, zhao, apps } = await fixture();
    const [, , chengdu] = apps;
    await p.ok('identity.create', { name: '王秘书', passphrase: 'correct horse battery' });
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationIds: [chengdu] });
    // Recorded after the assignment: 赵 works in 成都 after all.
    await p.ok('expert.update', { roundId: p.roundId, fingerprint: zhao.fingerprint, city: '成都市' });
    const out = path.join(p.dir, 'out-flagged');
    fs.mkdirSync(out);
    const error = await p.refused('panel.export', { roundId: p.roundId, outDir: out }, 'CONFLICT_UNDECIDED');
    expect(error.details).toMatchObject({ fingerprint: zhao.fingerprint, applicationId: chengdu, bases: 'city' });
    expect(fs.readdirSync(out)).toEqual([]);
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: zhao.fingerprint, applicationId: chengdu, decision: 'allow', reason: '已调离该市三年以上' });
    await p.ok('panel.export', { roundId: p.roundId, outDir: out });
    expect(fs.readdirSync(out)).toHaveLength(1);
  });
});
