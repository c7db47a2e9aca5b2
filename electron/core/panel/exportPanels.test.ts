import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/errors';
import { corpusFile } from '../../../test/helpers/corpus';
import { type Core, createCore } from '../core';
import { generateAgeIdentity } from '../crypto/ageKeys';
import { generateSigningKey } from '../crypto/sshKeys';
import { makeKeyCard } from '../identity/keyCard';
import { panelFileName } from './panelFileName';

/**
 * panel.export through the real core on a real data directory: a failure or a cancel
 * after the first package is written leaves no package and no record behind. (The
 * whole flow, with stock tools, is test/cli/panelExport.test.ts.)
 */

const cores: Core[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function valueOf<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function expertCard(name: string): Promise<{ fileName: string; content: string; fingerprint: string }> {
  const age = await generateAgeIdentity();
  const made = makeKeyCard({ name, affiliation: null, ageRecipient: age.recipient, createdAt: '2026-11-23T08:00:00.000Z' }, generateSigningKey());
  return { fileName: `${name}.prkey`, content: made.content, fingerprint: made.fingerprint };
}

/** A secretary round with two experts, each assigned one application of one stored PDF. */
async function panelWithTwoExperts() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-export-'));
  dirs.push(dir);
  const core = createCore({ dataDir: path.join(dir, 'data'), identity: { scryptWorkFactor: 1 }, pdfEngines: [] });
  cores.push(core);
  const { router } = core;
  valueOf(await router.dispatch('identity.create', { name: '王秘书', passphrase: 'correct horse battery' }));
  const round = valueOf<{ id: string }>(await router.dispatch('round.create', { name: '评审', kind: 'custom' }));
  const shas: string[] = [];
  for (const [index, pdf] of ['cjk-cns1-prospectus.pdf', 'annots-pdfcomment.pdf'].entries()) {
    const blob = await core.blobs.put(corpusFile(pdf), pdf);
    const at = '2026-11-23T08:00:00.000Z';
    core.store.db.prepare(`INSERT INTO blob (sha256, bytes, pages, encryption, stored_at) VALUES (?, ?, 1, 'none', ?)`).run(blob.sha256, blob.bytes, at);
    core.store.db.prepare(`INSERT INTO application (id, round_id, created_at) VALUES (?, ?, ?)`).run(`ap0000000${index}`, round.id, at);
    core.store.db.prepare(`INSERT INTO document (application_id, sha256, name, kind, position) VALUES (?, ?, ?, 'plan', 0)`).run(`ap0000000${index}`, blob.sha256, pdf);
    shas.push(blob.sha256);
  }
  const cards = [await expertCard('甲'), await expertCard('乙')];
  valueOf(await router.dispatch('expert.add', { roundId: round.id, cards: cards.map(({ fileName, content }) => ({ fileName, content })) }));
  for (const [index, card] of cards.entries()) {
    valueOf(await router.dispatch('assignment.set', { roundId: round.id, fingerprint: card.fingerprint, applicationIds: [`ap0000000${index}`] }));
  }
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  const packages = () => core.store.db.prepare('SELECT count(*) FROM panel_package').pluck().get();
  return { core, roundId: round.id, shas, out, packages };
}

describe('panel.export', () => {
  it('removes the packages it wrote when a later one fails, and records none', async () => {
    const { core, roundId, shas, out, packages } = await panelWithTwoExperts();
    // The PDF of the expert exported second no longer has the bytes its hash names.
    const { experts } = valueOf<{ experts: { applicationIds: string[] }[] }>(await core.router.dispatch('expert.list', { roundId }));
    const second = experts[1]?.applicationIds[0] === 'ap00000000' ? shas[0] : shas[1];
    const damaged = core.blobs.pathOf(second ?? '');
    fs.chmodSync(damaged, 0o600);
    fs.appendFileSync(damaged, 'tampered');
    const seen: string[] = [];
    core.events.subscribe((event) => {
      if (event.type === 'progress' && event.done > 0) seen.push(...fs.readdirSync(out));
    });
    const result = await core.router.dispatch('panel.export', { roundId, outDir: out }, { taskId: 't1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'PACKAGE_HASH_MISMATCH' } });
    // The first package was complete on disk before the second failed, then removed.
    expect(seen.some((name) => name.endsWith('.prpanel'))).toBe(true);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(packages()).toBe(0);
  });

  it('removes the packages it wrote when cancelled, and records none', async () => {
    const { core, roundId, out, packages } = await panelWithTwoExperts();
    core.events.subscribe((event) => {
      if (event.type === 'progress' && event.taskId === 't2' && event.done > 0) void core.router.dispatch('task.cancel', { taskId: 't2' });
    });
    const result = await core.router.dispatch('panel.export', { roundId, outDir: out }, { taskId: 't2' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(fs.readdirSync(out)).toEqual([]);
    expect(packages()).toBe(0);
  });

  it('needs the identity unlocked, and refuses an expert round', async () => {
    const { core, roundId, out } = await panelWithTwoExperts();
    valueOf(await core.router.dispatch('identity.lock', {}));
    expect(await core.router.dispatch('panel.export', { roundId, outDir: out })).toMatchObject({ ok: false, error: { code: 'IDENTITY_LOCKED' } });
    core.store.db.prepare(`UPDATE round SET role = 'expert' WHERE id = ?`).run(roundId);
    expect(await core.router.dispatch('expert.list', { roundId })).toMatchObject({ ok: false, error: { code: 'ROUND_NOT_SECRETARY' } });
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('panelFileName', () => {
  const print = 'SHA256:ab/+cdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  it('keeps Chinese, replaces what Windows or Linux forbid, and shows the fingerprint start', () => {
    expect(panelFileName('2026 试点/评审: "第一批"?', '李 专家*', print)).toBe('2026 试点_评审_ _第一批__-李 专家_-ab_-cdef.prpanel');
  });
  it('never yields a device name, an empty part, trailing dots or more than about 200 bytes', () => {
    expect(panelFileName('CON', '. .', print)).toBe('_CON-expert-ab_-cdef.prpanel');
    // Even with the whole fingerprint: 90 + 60 bytes of names, the fingerprint and the extension.
    expect(Buffer.byteLength(panelFileName('评'.repeat(200), '审'.repeat(200), print, Infinity))).toBeLessThanOrEqual(210);
    expect(Buffer.byteLength(panelFileName('𠀀'.repeat(200), '审'.repeat(200), print, Infinity))).toBeLessThanOrEqual(210);
    expect(panelFileName('round.', 'x\u202ey', print)).toBe('round-xy-ab_-cdef.prpanel');
  });
});
