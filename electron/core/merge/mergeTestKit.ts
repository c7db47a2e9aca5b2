import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { BundleImportOutput, BundleImportResult, ReturnsStatusOutput } from '../../../shared/domain/merge';
import { RUBRIC_FORMAT, type Rubric } from '../../../shared/domain/rubric';
import { SCORE_PAYLOAD_FORMAT, type ApplicationReview, type ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { corpus, corpusFile } from '../../../test/helpers/corpus';
import { sealScoreBundle } from '../bundles/sealScoreBundle';
import { shortId } from '../bundles/testBundles';
import { createCore, type Core } from '../core';
import { generateAgeIdentity, type AgeKeyPair } from '../crypto/ageKeys';
import { generateSigningKey, type SigningKeyPair } from '../crypto/sshKeys';
import { inProcessPdf, ok } from '../expert/expertTestKit';
import { makeKeyCard } from '../identity/keyCard';

/**
 * Test-only: a secretary's round with real keys, enrolled experts (whose private keys
 * the test holds), assignments and panel packages exported by the real `panel.export`,
 * and score bundles sealed by the real sealer, as an expert's export would. The app
 * never imports it.
 */

/** Two scored criteria and a targets table: small enough to write whole reviews by hand. */
export const TEST_RUBRIC: Rubric = {
  format: RUBRIC_FORMAT,
  name: '合并测试细则',
  sections: [
    {
      id: 'plan',
      title: '实施方案',
      criteria: [
        { id: 'goals', title: '目标', max: 20, step: 0.5 },
        { id: 'measures', title: '措施', max: 10, step: 1 },
        { id: 'indicators', kind: 'targets', title: '指标', max: 10, step: 0.5 },
      ],
    },
  ],
  qualitative: [{ id: 'strengths', title: '主要优势' }, { id: 'issues', title: '主要问题与修改建议' }],
  recommendations: ['approve', 'revise', 'reject'],
  disagreementThreshold: 0.3,
  trimThreshold: 5,
};

export const PASSPHRASE = 'correct horse battery staple';

/** A PDF of the team's corpus as the store records it: evidence anchors point into one by hash and page. */
export interface TestDocument {
  file: string;
  sha256: string;
  pages: number;
}

function corpusDocument(file: string): TestDocument {
  const entry = corpus.find((candidate) => candidate.file === file);
  if (entry === undefined || typeof entry.pages !== 'number') throw new Error(`${file} is not a readable PDF of the corpus`);
  return { file, sha256: entry.sha256, pages: entry.pages };
}

/** The document every application of setUpPanel holds (one blob, stored once). */
export const TEST_DOCUMENT = corpusDocument('annots-pdfcomment.pdf');
/** A document no application holds until addDocument puts it in one. */
export const OTHER_DOCUMENT = corpusDocument('cjk-cns1-prospectus.pdf');

export interface TestExpert {
  name: string;
  signing: SigningKeyPair;
  age: AgeKeyPair;
  fingerprint: string;
  card: { fileName: string; content: string };
}

export async function makeTestExpert(name: string): Promise<TestExpert> {
  const signing = generateSigningKey();
  const age = await generateAgeIdentity();
  const made = makeKeyCard({ name, affiliation: null, ageRecipient: age.recipient, createdAt: '2026-11-23T08:00:00.000Z' }, signing);
  return { name, signing, age, fingerprint: made.fingerprint, card: { fileName: `${name}.prkey`, content: made.content } };
}

export interface IssuedPackage {
  packageId: string;
  manifestSha256: string;
}

export interface TestPanel {
  core: Core;
  db: Database.Database;
  roundId: string;
  /** A scratch directory for bundle files. */
  dir: string;
  secretaryRecipient: string;
  experts: TestExpert[];
  applicationIds: string[];
  /** The package exported to each expert, by fingerprint. */
  packages: Map<string, IssuedPackage>;
}

export interface PanelOptions {
  experts?: number;
  applications?: number;
  /** The applications assigned to expert `e` (default: all). */
  assign?: (expert: number, applicationIds: readonly string[]) => string[];
  rubric?: Rubric;
}

/**
 * A secretary data directory under `dir`: identity, a round with TEST_RUBRIC, applications
 * (rows over one stored PDF), experts enrolled from key cards, assigned, and packages exported.
 */
export async function setUpPanel(dir: string, options: PanelOptions = {}): Promise<TestPanel> {
  const core = createCore({ dataDir: path.join(dir, 'data'), identity: { scryptWorkFactor: 1 }, pdfEngines: [inProcessPdf] });
  const { router } = core;
  const identity = await ok<{ ageRecipient: string }>(router.dispatch('identity.create', { name: '王秘书', passphrase: PASSPHRASE }));
  const round = await ok<{ id: string }>(router.dispatch('round.create', { name: '2026年试点城市实施方案评审', kind: 'custom', rubric: options.rubric ?? TEST_RUBRIC }));
  const applicationIds = insertApplications(core, round.id, options.applications ?? 3, await storeDocument(core, TEST_DOCUMENT));
  const experts = await Promise.all(Array.from({ length: options.experts ?? 2 }, (_, e) => makeTestExpert(['张三', '李四', '王五', '赵六'][e] ?? `专家${e + 1}`)));
  await ok(router.dispatch('expert.add', { roundId: round.id, cards: experts.map((expert) => expert.card) }));
  for (const [e, expert] of experts.entries()) {
    const assigned = options.assign?.(e, applicationIds) ?? applicationIds;
    await ok(router.dispatch('assignment.set', { roundId: round.id, fingerprint: expert.fingerprint, applicationIds: assigned }));
  }
  const out = path.join(dir, 'packages');
  fs.mkdirSync(out, { recursive: true });
  const { files } = await ok<{ files: { fingerprint: string; packageId: string; manifestSha256: string }[] }>(router.dispatch('panel.export', { roundId: round.id, outDir: out }));
  const packages = new Map(files.map((file) => [file.fingerprint, { packageId: file.packageId, manifestSha256: file.manifestSha256 }]));
  const bundles = path.join(dir, 'bundles');
  fs.mkdirSync(bundles, { recursive: true });
  return { core, db: core.store.db, roundId: round.id, dir: bundles, secretaryRecipient: identity.ageRecipient, experts, applicationIds, packages };
}

/** Stores the PDF's blob and row with its true page count, which the merge holds evidence pages against. */
async function storeDocument(core: Core, document: TestDocument): Promise<string> {
  const blob = await core.blobs.put(corpusFile(document.file), document.file);
  if (blob.sha256 !== document.sha256) throw new Error(`${document.file} does not match the corpus manifest`);
  core.store.db
    .prepare(`INSERT OR IGNORE INTO blob (sha256, bytes, pages, encryption, stored_at) VALUES (?, ?, ?, 'none', ?)`)
    .run(blob.sha256, blob.bytes, document.pages, '2026-11-23T08:00:00.000Z');
  return blob.sha256;
}

/** Gives an application of the panel one more document, e.g. one another application's evidence must not quote. */
export async function addDocument(panel: TestPanel, applicationId: string, document: TestDocument): Promise<void> {
  const sha256 = await storeDocument(panel.core, document);
  panel.db.prepare(`INSERT INTO document (application_id, sha256, name, kind, position) VALUES (?, ?, ?, 'other', 1)`).run(applicationId, sha256, document.file);
}

function insertApplications(core: Core, roundId: string, count: number, sha256: string): string[] {
  const ids = Array.from({ length: count }, (_, n) => shortId(2000 + n));
  const cities = ['宁波市', '泉州市', '成都市', '株洲市', '洛阳市'];
  ids.forEach((id, n) => {
    const at = `2026-11-23T08:00:0${n % 10}.000Z`;
    core.store.db.prepare(`INSERT INTO application (id, round_id, city, created_at) VALUES (?, ?, ?, ?)`).run(id, roundId, cities[n % cities.length] ?? null, at);
    core.store.db.prepare(`INSERT INTO document (application_id, sha256, name, kind, position) VALUES (?, ?, '实施方案.pdf', 'plan', 0)`).run(id, sha256);
  });
  return ids;
}

/** Every TEST_RUBRIC criterion scored, with a comment, evidence and a targets row. */
export function fullReview(applicationId: string, base = 15): ApplicationReview {
  return {
    applicationId,
    coi: { kind: 'none' },
    scores: [
      { criterionId: 'goals', value: base + 0.5, comment: '目标明确，量化指标较完整。' },
      { criterionId: 'measures', value: Math.min(10, Math.round(base / 2)), comment: '' },
      { criterionId: 'indicators', value: 7.5, comment: '研发投入未达目标。' },
    ],
    opinion: { strengths: '思路清晰，重点突出。', issues: '资金测算依据不足。', recommendation: 'revise' },
    evidence: [{ criterionId: 'goals', sha256: TEST_DOCUMENT.sha256, page: 3, rects: [[72, 540.5, 523.25, 556]], quote: '到 2025 年，制造业增加值占比达到 35%。' }],
    targets: [{ criterionId: 'indicators', indicator: '研发经费支出占比', unit: '%', better: 'higher', target: 1.5, actual: 1.32 }],
  };
}

/** A declared conflict and nothing else, as the expert's export writes it. */
export function conflictReview(applicationId: string, reason = '申报单位为本人原工作单位。'): ApplicationReview {
  return { applicationId, coi: { kind: 'conflict', reason }, scores: [], opinion: { strengths: '', issues: '', recommendation: null }, evidence: [], targets: [] };
}

export interface BundleOptions {
  revision?: number;
  reviews: ApplicationReview[];
  roundId?: string;
  packageId?: string;
  manifestSha256?: string;
  /** age recipients; by default the secretary's. */
  recipients?: string[];
  /** Who signs; by default the expert named in the payload. */
  signer?: SigningKeyPair;
  exportedAt?: string;
}

export function payloadFor(panel: TestPanel, expert: TestExpert, options: BundleOptions): ScoreBundlePayload {
  const issued = panel.packages.get(expert.fingerprint);
  return {
    format: SCORE_PAYLOAD_FORMAT,
    roundId: options.roundId ?? panel.roundId,
    packageId: options.packageId ?? issued?.packageId ?? shortId(99),
    manifestSha256: options.manifestSha256 ?? issued?.manifestSha256 ?? 'cd'.repeat(32),
    expert: { fingerprint: expert.fingerprint, name: expert.name },
    revision: options.revision ?? 1,
    exportedAt: options.exportedAt ?? '2026-11-30T09:00:00.000Z',
    applications: options.reviews,
  };
}

/** A `.prscores` file of `expert` in the panel's scratch directory, sealed by the real sealer. */
export async function writeBundle(panel: TestPanel, expert: TestExpert, fileName: string, options: BundleOptions): Promise<string> {
  const payload = payloadFor(panel, expert, options);
  const sealed = await sealScoreBundle({ payload, signer: options.signer ?? expert.signing, secretaryRecipients: options.recipients ?? [panel.secretaryRecipient] });
  const file = path.join(panel.dir, fileName);
  fs.writeFileSync(file, sealed.bytes);
  return file;
}

export async function importFiles(panel: TestPanel, files: string[]): Promise<BundleImportOutput['results']> {
  return (await ok<BundleImportOutput>(panel.core.router.dispatch('bundle.import', { roundId: panel.roundId, files }))).results;
}

export async function returns(panel: TestPanel): Promise<ReturnsStatusOutput['experts']> {
  return (await ok<ReturnsStatusOutput>(panel.core.router.dispatch('returns.status', { roundId: panel.roundId }))).experts;
}

/** Imports one file expecting a refusal with `code`: the tables are as before, and the audit log has exactly one entry more, saying so. */
export async function expectRejected(panel: TestPanel, file: string, code: string): Promise<BundleImportResult> {
  const before = everythingButAudit(panel.db);
  const audit = auditRows(panel.db);
  const [result] = await importFiles(panel, [file]);
  expect(result, JSON.stringify(result)).toMatchObject({ status: 'rejected', code });
  expect(everythingButAudit(panel.db)).toEqual(before);
  const after = auditRows(panel.db);
  expect(after).toHaveLength(audit.length + 1);
  expect(after.at(-1)).toMatchObject({ action: 'bundle.import', roundId: panel.roundId, detail: { status: 'rejected', code, file: path.basename(file) } });
  return result as BundleImportResult;
}

export const MERGE_TABLES = ['received_bundle', 'merged_review', 'merged_score', 'merged_evidence', 'merged_target'] as const;

/** The merge's tables, every row and column, in a fixed order: to prove a refusal changed nothing. */
export function mergedState(db: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(MERGE_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4`).all()]));
}

/** Every table but the audit log (and FTS shadow tables): a refusal's only write is its audit entry. */
export function everythingButAudit(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'page_text%' AND name <> 'audit_log' ORDER BY name`)
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]));
}

export interface AuditRow {
  seq: number;
  action: string;
  roundId: string | null;
  detail: Record<string, unknown>;
}

export function auditRows(db: Database.Database): AuditRow[] {
  return (db.prepare(`SELECT seq, action, round_id AS roundId, detail FROM audit_log ORDER BY seq`).all() as { seq: number; action: string; roundId: string | null; detail: string }[]).map(
    (row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }),
  );
}
