import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Result } from '../../../shared/contract/errors';
import { corpusFile } from '../../../test/helpers/corpus';
import { type Core, createCore } from '../core';
import { generateAgeIdentity } from '../crypto/ageKeys';
import { generateSigningKey } from '../crypto/sshKeys';
import { makeKeyCard } from '../identity/keyCard';

/**
 * Test fixtures for the secretary's panel commands: a real core on a temporary data
 * directory, a round whose applications each hold one real PDF, key cards made with
 * real keys, and a dump of every table a panel command may touch, to show that a
 * refusal changed nothing. Used by the tests beside this file; the app never imports it.
 */

export interface TestCard {
  fileName: string;
  content: string;
  fingerprint: string;
}

export async function expertCard(name: string, affiliation: string | null = null): Promise<TestCard> {
  const age = await generateAgeIdentity();
  const made = makeKeyCard({ name, affiliation, ageRecipient: age.recipient, createdAt: '2026-11-23T08:00:00.000Z' }, generateSigningKey());
  return { fileName: `${name}.prkey`, content: made.content, fingerprint: made.fingerprint };
}

export interface ApplicationFixture {
  city: string | null;
  province: string | null;
  applicant: string | null;
}

/** Every table a panel command writes, row by row: equal dumps mean nothing changed. */
const PANEL_TABLES = ['expert', 'assignment', 'conflict_decision', 'panel_package', 'audit_log'];

export interface SecretaryPanel {
  core: Core;
  roundId: string;
  applications: string[];
  dir: string;
  /** The command's value, failing the test on a refusal. */
  ok<T = Record<string, unknown>>(command: string, input: unknown): Promise<T>;
  /** The refusal's error, failing the test unless the command was refused with `code` and changed nothing. */
  refused(command: string, input: unknown, code: string): Promise<{ code: string; details?: Record<string, unknown> }>;
  dump(): string;
  close(): Promise<void>;
}

export async function secretaryPanel(applications: readonly ApplicationFixture[]): Promise<SecretaryPanel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-secretary-'));
  let tick = 0;
  // A clock that moves a second per call: enrolment order and "changed since export" are by time.
  const now = () => new Date(Date.UTC(2026, 10, 23, 8, 0, 0) + 1000 * tick++);
  const core = createCore({ dataDir: path.join(dir, 'data'), identity: { scryptWorkFactor: 1 }, pdfEngines: [], now });
  const dispatch = (command: string, input: unknown): Promise<Result<unknown>> => core.router.dispatch(command, input);
  const value = async <T>(command: string, input: unknown): Promise<T> => {
    const result = await dispatch(command, input);
    if (!result.ok) throw new Error(`${command}: expected success, got ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const dump = () =>
    JSON.stringify(PANEL_TABLES.map((table) => core.store.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()));

  const round = await value<{ id: string }>('round.create', { name: '2026年“中国制造2025”试点城市实施方案评审', kind: 'plan-review' });
  const pdf = corpusFile('annots-pdfcomment.pdf');
  const blob = await core.blobs.put(pdf, 'annots-pdfcomment.pdf');
  const at = '2026-11-23T07:00:00.000Z';
  core.store.db.prepare(`INSERT OR IGNORE INTO blob (sha256, bytes, pages, encryption, stored_at) VALUES (?, ?, 1, 'none', ?)`).run(blob.sha256, blob.bytes, at);
  const ids = applications.map((application, index) => {
    const id = `ap${String(index).padStart(8, '0')}`;
    core.store.db
      .prepare(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(id, round.id, application.city, application.province, application.applicant, `2026-11-23T07:00:0${index}.000Z`);
    core.store.db.prepare(`INSERT INTO document (application_id, sha256, name, kind, position) VALUES (?, ?, ?, 'plan', 0)`).run(id, blob.sha256, `实施方案${index}.pdf`);
    return id;
  });

  return {
    core,
    roundId: round.id,
    applications: ids,
    dir,
    ok: value,
    async refused(command, input, code) {
      const before = dump();
      const result = await dispatch(command, input);
      expect(result.ok, `${command} should be refused with ${code}`).toBe(false);
      if (result.ok) throw new Error('unreachable');
      expect(result.error.code).toBe(code);
      expect(dump(), `${command} refused with ${code} must change nothing`).toBe(before);
      return result.error;
    },
    dump,
    async close() {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Five applications as a "中国制造2025" plan review would have them. */
export const PILOT_CITIES: readonly ApplicationFixture[] = [
  { city: '宁波市', province: '浙江省', applicant: '宁波市人民政府' },
  { city: '泉州市', province: '福建省', applicant: '泉州市人民政府' },
  { city: '成都市', province: '四川省', applicant: '成都市经济和信息化局' },
  { city: '温州', province: '浙江', applicant: '温州市人民政府' },
  { city: '长沙市', province: '湖南省', applicant: '长沙市人民政府' },
];
