import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../crypto/canonicalJson';
import { ok } from '../../expert/expertTestKit';
import type { TestPanel } from '../../merge/mergeTestKit';
import { tempDirs } from '../../panel/panelTestKit';
import { exportReport, scoredRound } from '../reportTestKit';
import { indentJson } from './reportJson';

/**
 * The JSON report: `results --json` field by field, plus `report` naming the round, the
 * rubric version, the time, the app's version and the bundles (with the hash of each
 * file as received); canonical and indented.
 */

describe('indentJson', () => {
  it('indents without changing a value, strings with brackets, quotes and escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const compact = JSON.stringify(value);
        expect(JSON.parse(indentJson(compact))).toEqual(JSON.parse(compact));
      }),
      { numRuns: 300 },
    );
    expect(indentJson('{"a":[],"b":{},"c":["{\\"x\\":[1]}",-1.5]}')).toBe('{\n  "a": [],\n  "b": {},\n  "c": [\n    "{\\"x\\":[1]}",\n    -1.5\n  ]\n}');
  });
});

const temp = tempDirs('panel-review-report-json-');
let panel: TestPanel;
let bundleOf: Map<string, string>;
let dir: string;

beforeAll(async () => {
  dir = temp.make();
  ({ panel, bundleOf } = await scoredRound(dir));
}, 60_000);
afterAll(async () => {
  await panel.core.close();
  temp.cleanup();
});

describe('the JSON report of the worked round', () => {
  let text: string;
  let document: Record<string, unknown>;
  beforeAll(async () => {
    const out = path.join(dir, 'report.json');
    await exportReport(panel, { format: 'json', out, draft: true });
    text = fs.readFileSync(out, 'utf8');
    document = JSON.parse(text) as Record<string, unknown>;
  });

  it('is results --json exactly, field by field, beside `report`', async () => {
    const results = await ok<Record<string, unknown>>(panel.core.router.dispatch('results.show', { roundId: panel.roundId }));
    const { report, ...rest } = document;
    expect(report).toBeDefined();
    expect(Object.keys(rest).sort()).toEqual(Object.keys(results).sort());
    for (const key of Object.keys(results)) expect(rest[key], key).toEqual(results[key]);
  });

  it('names the round, rubric version, time, version, draft and every bundle with the hash of its file', () => {
    const sha = (name: string) => createHash('sha256').update(fs.readFileSync(bundleOf.get(name) ?? '')).digest('hex');
    expect(document.report).toEqual({
      format: 'panel-review/report@1',
      language: 'zh-CN',
      round: { id: panel.roundId, name: '2026年试点城市实施方案评审', kind: 'custom' },
      rubricVersion: 1,
      generatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      appVersion: '0.1.0',
      draft: true,
      auditHead: expect.stringMatching(/^[0-9a-f]{64}$/),
      bundles: panel.experts.map((expert) => ({
        fingerprint: expert.fingerprint,
        expert: expert.name,
        revision: 1,
        sha256: sha(expert.name),
        exportedAt: '2026-11-30T09:00:00.000Z',
        receivedAt: expect.any(String),
        applications: 4,
        merged: 4,
      })),
    });
  });

  it('is canonical JSON, indented by two spaces, ending in a newline', () => {
    expect(text).toBe(`${indentJson(canonicalJson(document))}\n`);
    expect(text.startsWith('{\n  "agreement": {\n    "kendallApplications": ')).toBe(true);
  });
});
