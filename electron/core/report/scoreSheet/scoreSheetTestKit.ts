import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../../../shared/contract/errors';
import type { ScoreSheetExportOutput } from '../../../../shared/domain/report/scoreSheet';
import type { Rubric } from '../../../../shared/domain/rubric';
import type { Core } from '../../core';
import { ok } from '../../expert/expertTestKit';
import { renderPng } from '../pdf/pdfTestKit';

/**
 * Test-only: an expert's round scored with Chinese text as a real expert would fill it
 * in, and the score sheet read back with stock tools (poppler, zbar). Used by the tests
 * beside this file; the app never imports it.
 */

export const CONFLICT_REASON = '本人曾受聘参与该市“中国制造2025”实施方案的编制咨询工作';
export const STRENGTHS = '方案立足本地装备制造业基础，目标量化清晰，“两化融合”路径具体可行。';
export const ISSUES = '人才培养体系的保障措施偏弱，建议补充校企联合培养的资金来源和考核办法；区域协同部分应明确与周边城市的分工。';

/** The comment each criterion gets: its title inside, so the text check knows which row it is. */
export const commentFor = (title: string): string => `关于“${title}”：论证较充分，数据来源需注明（见第3.2节）。`;

export interface ScoredRound {
  /** The application scored in full, and the one with a declared conflict. */
  scoredId: string;
  conflictId: string;
  rubric: Rubric;
  /** Every criterion's value, in rubric order. */
  values: number[];
}

/** Scores the first application in full (80 % of each maximum, on the step), declares a conflict for the second. */
export async function scoreRound(core: Core, roundId: string, applicationIds: readonly string[]): Promise<ScoredRound> {
  const [scoredId, conflictId] = applicationIds as [string, string];
  const { rubric } = await ok<{ rubric: Rubric }>(core.router.dispatch('scoring.sheet', { roundId }));
  await ok(core.router.dispatch('coi.declare', { roundId, applicationId: scoredId, coi: { kind: 'none' } }));
  const values: number[] = [];
  for (const criterion of rubric.sections.flatMap((section) => section.criteria)) {
    const value = Math.round((criterion.max * 0.8) / criterion.step) * criterion.step;
    values.push(value);
    await ok(core.router.dispatch('score.set', { roundId, applicationId: scoredId, criterionId: criterion.id, value, comment: commentFor(criterion.title) }));
  }
  await ok(core.router.dispatch('opinion.set', { roundId, applicationId: scoredId, strengths: STRENGTHS, issues: ISSUES, recommendation: 'revise' }));
  await ok(core.router.dispatch('coi.declare', { roundId, applicationId: conflictId, coi: { kind: 'conflict', reason: CONFLICT_REASON } }));
  return { scoredId, conflictId, rubric, values };
}

export async function exportSheet(core: Core, input: { roundId: string; out: string; draft?: boolean; language?: 'zh-CN' | 'en' }): Promise<ScoreSheetExportOutput> {
  return ok<ScoreSheetExportOutput>(core.router.dispatch('scoresheet.export', input));
}

/** The refusal's code and details; throws when the command succeeded. */
export async function refusal(answer: Promise<Result<unknown>>): Promise<{ code: string; details?: Record<string, unknown> }> {
  const settled = await answer;
  if (settled.ok) throw new Error(`expected a refusal, got ${JSON.stringify(settled.value)}`);
  return settled.error;
}

/** Text without any whitespace: pdftotext breaks lines where the layout wrapped them. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');

/** What zbarimg reads off page `page` rendered at 150 dpi: the QR codes' texts (none: []). */
export function scanQrCodes(file: string, page = 1): string[] {
  const prefix = path.join(path.dirname(file), `qr-${path.basename(file, '.pdf')}-${page}`);
  const [png] = renderPng(file, prefix, { dpi: 150, first: page, last: page });
  if (png === undefined) throw new Error(`pdftoppm rendered no page ${page} of ${file}`);
  const scan = spawnSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' });
  fs.rmSync(png, { force: true });
  // zbarimg exits 4 when it finds no code: that is an answer, not a failure.
  if (scan.status !== 0 && scan.status !== 4) throw new Error(`zbarimg failed (${String(scan.status)}): ${scan.stderr}`);
  return scan.stdout.split('\n').filter((line) => line !== '');
}

/** Where the rendered pages are kept for people to look at (as the e2e screenshots are). */
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../../test-results/report');

/** Keeps the PDF as test-results/report/scoresheet-<name>.pdf and its pages at 80 dpi as …-<page>.png, replacing earlier ones. */
export function keepPages(file: string, name: string): string[] {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const prefix = `scoresheet-${name}`;
  for (const old of fs.readdirSync(ARTIFACTS).filter((entry) => entry.startsWith(`${prefix}-`) && entry.endsWith('.png'))) fs.rmSync(path.join(ARTIFACTS, old));
  fs.copyFileSync(file, path.join(ARTIFACTS, `${prefix}.pdf`));
  return renderPng(file, path.join(ARTIFACTS, prefix), { dpi: 80 });
}

/** Every file in `dir`, hidden temp files included: a refused export must leave none. */
export const filesIn = (dir: string): string[] => fs.readdirSync(dir).sort();
