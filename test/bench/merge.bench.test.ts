import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { RUBRIC_FORMAT, type Rubric } from '../../shared/domain/rubric';
import type { ApplicationReview } from '../../shared/domain/scoreBundle';
import { report } from './benchKit';
import { mergeAll, sealedRound } from './benchRound';

/**
 * Issue 7: merging 50 experts × 100 applications × 10 criteria, bundles generated here
 * with real keys and sealed by the real sealer; the whole `bundle.import` is timed
 * (decryption, signature, canonical and schema checks, merge rules, one transaction and
 * one audit entry per bundle). Then 2× and 4× the experts: the time should grow
 * linearly, at most 2.2× per doubling. Target: the 50-expert merge ≤ 2 s here.
 */

const APPLICATIONS = 100;
const CRITERIA = 10;
const SIZES = [50, 100, 200] as const;

const CRITERION_IDS = Array.from({ length: CRITERIA }, (_, c) => `c${c + 1}`);

const rubric: Rubric = {
  format: RUBRIC_FORMAT,
  name: '合并基准细则',
  sections: [
    {
      id: 'plan',
      title: '实施方案',
      criteria: CRITERION_IDS.map((id, c) => ({ id, title: `评分项 ${c + 1}`, max: 10, step: 0.5 })),
    },
  ],
  qualitative: [{ id: 'strengths', title: '主要优势' }, { id: 'issues', title: '主要问题与修改建议' }],
  recommendations: ['approve', 'revise', 'reject'],
  disagreementThreshold: 0.3,
  trimThreshold: 5,
};

/** A whole sheet: every criterion scored with a short Chinese comment, and the written opinion. */
function review(applicationId: string, e: number, a: number): ApplicationReview {
  return {
    applicationId,
    coi: { kind: 'none' },
    scores: CRITERION_IDS.map((criterionId, c) => ({
      criterionId,
      value: ((e * 7 + a * 3 + c) % 21) / 2,
      comment: c % 3 === 0 ? '目标明确，量化指标较完整，但保障措施仍需细化。' : '',
    })),
    opinion: { strengths: '思路清晰，重点突出。', issues: '资金测算依据不足。', recommendation: (['approve', 'revise', 'reject'] as const)[(e + a) % 3] ?? 'approve' },
    evidence: [],
    targets: [],
  };
}

async function mergeTime(experts: number, root: string): Promise<{ ms: number; bundleBytes: number }> {
  const dir = fs.mkdtempSync(path.join(root, `merge-${experts}-`));
  const { panel, files, bundleBytes } = await sealedRound(dir, { experts, applications: APPLICATIONS, rubric, review });
  try {
    const start = process.hrtime.bigint();
    await mergeAll(panel, files);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, bundleBytes };
  } finally {
    await panel.core.close();
  }
}

it('merge: 50, 100 and 200 experts × 100 applications × 10 criteria', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-merge-'));
  try {
    const times = new Map<number, { ms: number; bundleBytes: number }>();
    for (const experts of SIZES) times.set(experts, await mergeTime(experts, root));
    const at = (experts: number) => times.get(experts)?.ms ?? Number.NaN;
    const firstDoubling = at(100) / at(50);
    const secondDoubling = at(200) / at(100);
    const ratio = Math.max(firstDoubling, secondDoubling);
    report({
      name: 'merge-scale',
      ratioMeaning:
        'the larger growth of bundle.import time per doubling of experts (100÷50 and 200÷100 experts, each × 100 applications × 10 criteria); ' +
        'linear is 2, target ≤ 2.2, and the 50-expert merge ≤ 2000 ms (merge50Ms)',
      ratio,
      target: '≤ 2.2 per doubling, and merge50Ms ≤ 2000',
      met: ratio <= 2.2 && at(50) <= 2000,
      figures: {
        merge50Ms: Math.round(at(50)),
        merge100Ms: Math.round(at(100)),
        merge200Ms: Math.round(at(200)),
        firstDoubling: Number(firstDoubling.toFixed(2)),
        secondDoubling: Number(secondDoubling.toFixed(2)),
        msPerBundle50: Number((at(50) / 50).toFixed(2)),
        bundleBytes50: times.get(50)?.bundleBytes ?? 0,
      },
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
