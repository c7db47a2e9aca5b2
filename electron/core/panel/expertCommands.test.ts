import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/domain/audit';
import type { Expert } from '../../../shared/domain/expert';
import { expertCard, PILOT_CITIES, type SecretaryPanel, secretaryPanel } from './secretaryTestKit';

/**
 * The experts of a secretary's round through the real core and a real data directory:
 * enrolling from key cards (a forged card refused), recording where they work,
 * editing, removing with everything that hangs off them; an audit entry for each
 * change, in its transaction, and no change at all for any refusal.
 */

const panels: SecretaryPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.close();
});

async function panel(): Promise<SecretaryPanel> {
  const made = await secretaryPanel(PILOT_CITIES);
  panels.push(made);
  return made;
}

async function audit(p: SecretaryPanel): Promise<AuditEntry[]> {
  const { entries } = await p.ok<{ entries: AuditEntry[] }>('audit.list', { roundId: p.roundId });
  return [...entries].reverse();
}

async function experts(p: SecretaryPanel): Promise<Expert[]> {
  return (await p.ok<{ experts: Expert[] }>('expert.list', { roundId: p.roundId })).experts;
}

describe('expert.add', () => {
  it('refuses a card whose self-signature does not verify, with every other card of the call', async () => {
    const p = await panel();
    const good = await expertCard('李专家', '中国工程院');
    const other = await expertCard('赵专家');
    // Same key and signature, another name: the signature no longer covers the card.
    const forged = { ...other, fileName: '伪造.prkey', content: other.content.replace('赵专家', '钱专家') };
    const error = await p.refused('expert.add', { roundId: p.roundId, cards: [good, forged].map(({ fileName, content }) => ({ fileName, content })) }, 'SIGNATURE_INVALID');
    expect(error.details).toMatchObject({ file: '伪造.prkey' });
    // A card that is not JSON, and one self-signed by another key (a card vouched for by someone else proves nothing).
    await p.refused('expert.add', { roundId: p.roundId, cards: [{ fileName: 'broken.prkey', content: '{"format":"panel-review/key-card@1"' }] }, 'KEY_CARD_INVALID');
    const swapped = JSON.parse(good.content) as { signature: string };
    swapped.signature = (JSON.parse(other.content) as { signature: string }).signature;
    const vouched = await p.refused('expert.add', { roundId: p.roundId, cards: [{ fileName: 'swapped.prkey', content: JSON.stringify(swapped) }] }, 'KEY_CARD_INVALID');
    expect(vouched.details).toMatchObject({ fingerprint: good.fingerprint });
    expect(await experts(p)).toEqual([]);
  });

  it('records the city and province given for every card, and updates an enrolled expert\u2019s place', async () => {
    const p = await panel();
    const a = await expertCard('李专家', '中国工程院');
    const b = await expertCard('赵专家');
    const added = await p.ok<{ experts: { status: string }[] }>('expert.add', { roundId: p.roundId, cards: [a, b].map(({ fileName, content }) => ({ fileName, content })), city: ' 宁波市 ', province: '浙江省' });
    expect(added.experts.map((e) => e.status)).toEqual(['added', 'added']);
    expect((await experts(p)).map((e) => [e.name, e.city, e.province, e.package])).toEqual([
      ['李专家', '宁波市', '浙江省', null],
      ['赵专家', '宁波市', '浙江省', null],
    ]);
    // The same card with another city: recorded, and said so; the same place again: unchanged.
    const again = await p.ok<{ experts: { status: string }[] }>('expert.add', { roundId: p.roundId, cards: [{ fileName: a.fileName, content: a.content }], city: '杭州' });
    expect(again.experts.map((e) => e.status)).toEqual(['updated']);
    const same = await p.ok<{ experts: { status: string }[] }>('expert.add', { roundId: p.roundId, cards: [{ fileName: a.fileName, content: a.content }], city: '杭州' });
    expect(same.experts.map((e) => e.status)).toEqual(['unchanged']);
    expect((await experts(p))[0]).toMatchObject({ city: '杭州', province: '浙江省' });
    const entries = await audit(p);
    expect(entries.map((e) => e.action)).toEqual(['expert.add', 'expert.update']);
    expect(entries[0]?.detail).toMatchObject({ experts: [{ fingerprint: a.fingerprint, city: '宁波市', province: '浙江省' }, { fingerprint: b.fingerprint }] });
    expect(entries[1]?.detail).toEqual({ fingerprint: a.fingerprint, changes: { city: { from: '宁波市', to: '杭州' } } });
  });
});

describe('expert.checkCards', () => {
  it('shows each fingerprint and whether the card is enrolled, storing nothing, and refuses as expert.add does', async () => {
    const p = await panel();
    const a = await expertCard('李专家', '中国工程院');
    const b = await expertCard('赵专家');
    await p.ok('expert.add', { roundId: p.roundId, cards: [{ fileName: a.fileName, content: a.content }] });
    const before = p.dump();
    const checked = await p.ok<{ cards: unknown[] }>('expert.checkCards', { roundId: p.roundId, cards: [a, b, a].map(({ fileName, content }) => ({ fileName, content })) });
    expect(checked.cards).toEqual([
      { fileName: '李专家.prkey', fingerprint: a.fingerprint, name: '李专家', affiliation: '中国工程院', status: 'enrolled' },
      { fileName: '赵专家.prkey', fingerprint: b.fingerprint, name: '赵专家', affiliation: null, status: 'new' },
    ]);
    expect(p.dump()).toBe(before);
    await p.refused('expert.checkCards', { roundId: p.roundId, cards: [{ fileName: 'x.prkey', content: b.content.replace('赵专家', '钱专家') }] }, 'SIGNATURE_INVALID');
  });
});

describe('expert.update', () => {
  it('changes only the fields given, clears with an empty text, and records what changed', async () => {
    const p = await panel();
    const a = await expertCard('李专家', '中国工程院');
    await p.ok('expert.add', { roundId: p.roundId, cards: [{ fileName: a.fileName, content: a.content }] });
    const updated = await p.ok<Expert>('expert.update', { roundId: p.roundId, fingerprint: a.fingerprint.slice(7, 15), city: '宁波', province: '浙江省', name: '李四' });
    expect(updated).toMatchObject({ fingerprint: a.fingerprint, name: '李四', affiliation: '中国工程院', city: '宁波', province: '浙江省' });
    const cleared = await p.ok<Expert>('expert.update', { roundId: p.roundId, fingerprint: a.fingerprint, affiliation: '', city: '  ' });
    expect(cleared).toMatchObject({ name: '李四', affiliation: null, city: null, province: '浙江省' });
    // Nothing differs: nothing is written or recorded.
    const before = p.dump();
    await p.ok('expert.update', { roundId: p.roundId, fingerprint: a.fingerprint, province: '浙江省' });
    expect(p.dump()).toBe(before);
    const entries = (await audit(p)).filter((e) => e.action === 'expert.update');
    expect(entries.map((e) => e.detail)).toEqual([
      { fingerprint: a.fingerprint, changes: { name: { from: '李专家', to: '李四' }, city: { from: null, to: '宁波' }, province: { from: null, to: '浙江省' } } },
      { fingerprint: a.fingerprint, changes: { affiliation: { from: '中国工程院', to: null }, city: { from: '宁波', to: null } } },
    ]);
  });

  it('refuses an unknown expert, an empty name, a line break and another round\u2019s expert, changing nothing', async () => {
    const p = await panel();
    const a = await expertCard('李专家');
    await p.ok('expert.add', { roundId: p.roundId, cards: [{ fileName: a.fileName, content: a.content }] });
    await p.refused('expert.update', { roundId: p.roundId, fingerprint: 'SHA256:AAAAAAAA', city: '宁波' }, 'EXPERT_NOT_FOUND');
    await p.refused('expert.update', { roundId: p.roundId, fingerprint: a.fingerprint, name: '  ' }, 'INVALID_INPUT');
    await p.refused('expert.update', { roundId: p.roundId, fingerprint: a.fingerprint, city: '宁波\n市' }, 'INVALID_INPUT');
    const other = await p.ok<{ id: string }>('round.create', { name: '另一轮', kind: 'midterm' });
    await p.refused('expert.update', { roundId: other.id, fingerprint: a.fingerprint, city: '宁波' }, 'EXPERT_NOT_FOUND');
    await p.refused('expert.update', { roundId: 'zzzzzzzzzz', fingerprint: a.fingerprint, city: '宁波' }, 'NOT_FOUND');
  });
});

describe('expert.remove', () => {
  it('removes the expert with their assignments, decisions and package records, and records what went', async () => {
    const p = await panel();
    const [a, b] = [await expertCard('李专家'), await expertCard('赵专家')];
    await p.ok('expert.add', { roundId: p.roundId, cards: [a, b].map(({ fileName, content }) => ({ fileName, content })), city: '宁波市' });
    const [ningbo, quanzhou, chengdu] = p.applications;
    await p.ok('conflict.decide', { roundId: p.roundId, fingerprint: a.fingerprint, applicationId: ningbo, decision: 'recuse' });
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: a.fingerprint, applicationIds: [quanzhou, chengdu] });
    await p.ok('assignment.set', { roundId: p.roundId, fingerprint: b.fingerprint, applicationIds: [quanzhou] });
    p.core.store.db
      .prepare(`INSERT INTO panel_package (id, round_id, fingerprint, manifest_sha256, file_sha256, file_name, exported_at, application_ids) VALUES ('pk00000001', ?, ?, ?, ?, 'a.prpanel', '2026-11-23T08:30:00.000Z', ?)`)
      .run(p.roundId, a.fingerprint, 'a'.repeat(64), 'b'.repeat(64), JSON.stringify([quanzhou, chengdu]));

    const removed = await p.ok('expert.remove', { roundId: p.roundId, fingerprint: a.fingerprint.slice(0, 16) });
    expect(removed).toEqual({ fingerprint: a.fingerprint, name: '李专家', assignments: [quanzhou, chengdu], decisions: 1, packages: 1, bundles: 0 });
    const db = p.core.store.db;
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table} WHERE fingerprint = ?`).pluck().get(a.fingerprint);
    expect([count('expert'), count('assignment'), count('conflict_decision'), count('panel_package')]).toEqual([0, 0, 0, 0]);
    expect((await experts(p)).map((e) => [e.name, e.applicationIds])).toEqual([['赵专家', [quanzhou]]]);
    const last = (await audit(p)).at(-1);
    expect(last).toMatchObject({ action: 'expert.remove', detail: { fingerprint: a.fingerprint, name: '李专家', city: '宁波市', applicationIds: [quanzhou, chengdu], decisions: 1, packages: 1 } });
    expect(await p.ok('audit.verify', {})).toMatchObject({ ok: true });
    // Gone: a second remove is refused and changes nothing.
    await p.refused('expert.remove', { roundId: p.roundId, fingerprint: a.fingerprint }, 'EXPERT_NOT_FOUND');
  });

  it('refuses an ambiguous prefix and an expert round, changing nothing', async () => {
    const p = await panel();
    const cards = [await expertCard('李专家'), await expertCard('赵专家')];
    await p.ok('expert.add', { roundId: p.roundId, cards: cards.map(({ fileName, content }) => ({ fileName, content })) });
    await p.refused('expert.remove', { roundId: p.roundId, fingerprint: 'SHA256:' }, 'EXPERT_AMBIGUOUS');
    p.core.store.db.prepare(`UPDATE round SET role = 'expert' WHERE id = ?`).run(p.roundId);
    for (const [command, input] of [
      ['expert.remove', { fingerprint: cards[0]?.fingerprint }],
      ['expert.update', { fingerprint: cards[0]?.fingerprint, city: '宁波' }],
      ['expert.checkCards', { cards: [{ fileName: 'a.prkey', content: cards[0]?.content }] }],
      ['conflict.list', {}],
      ['assignment.auto', { perApplication: 1 }],
    ] as const) {
      await p.refused(command, { roundId: p.roundId, ...input }, 'ROUND_NOT_SECRETARY');
    }
  });
});
