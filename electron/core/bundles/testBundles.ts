import type { KeyObject } from 'node:crypto';
import { SCORE_PAYLOAD_FORMAT, type ApplicationReview, type ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { encryptToRecipients } from '../crypto/age';
import { fingerprint } from '../crypto/sshKeys';
import { signSshsig, SSHSIG_NAMESPACES } from '../crypto/sshsig';

/** Test-only: realistic score bundle payloads and hand-assembled (possibly broken) bundles. */

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A valid short id (Crockford base32, 10 characters) derived from a number. */
export function shortId(n: number): string {
  let id = '';
  let rest = n;
  for (let i = 0; i < 10; i++) {
    id += ID_ALPHABET[rest % 32];
    rest = Math.floor(rest / 32);
  }
  return id;
}

const hex = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);

// Plan-review style: what an expert writes per criterion, cut to the length asked for.
const LONG_COMMENT =
  '规划目标与上位规划衔接较好，技术路线基本可行。建议补充近五年人口与用地变化的基期数据，说明指标测算方法；' +
  '对生态保护红线内的项目应逐项核实，避免与永久基本农田重叠。实施保障部分较弱，资金来源与分期安排需进一步细化，' +
  '并明确各责任部门的分工及考核办法。公众参与材料不足，建议附意见采纳情况说明。';

/** `chars` characters of plan-review comment (the text repeats), headed by the criterion number. */
function longComment(criterion: number, chars: number): string {
  const text = `第${criterion}项：${LONG_COMMENT.repeat(Math.ceil(chars / LONG_COMMENT.length) + 1)}`;
  return text.slice(0, chars);
}

function review(app: number, criteria: number, commentChars: number | undefined): ApplicationReview {
  return {
    applicationId: shortId(1000 + app),
    coi: app === 1 ? { kind: 'conflict', reason: '申请单位为本人原工作单位（2019 年前）。' } : { kind: 'none' },
    scores:
      app === 1
        ? []
        : Array.from({ length: criteria }, (_, c) => ({
            criterionId: `c${c + 1}`,
            value: (c % 5) * 2.5 + (app % 3) * 0.5,
            comment:
              commentChars !== undefined
                ? longComment(c + 1, commentChars)
                : c % 4 === 0
                  ? ''
                  : `第${c + 1}项：目标明确，措施可行；“数据支撑”略显不足。Line two\nwith a tab\t.`,
          })),
    opinion: {
      strengths: '规划思路清晰，重点突出，与国土空间总体规划衔接较好。',
      issues: '资金测算依据不足；部分指标缺少基期数据。',
      recommendation: app % 3 === 0 ? 'revise' : 'approve',
    },
    evidence:
      app === 1
        ? []
        : [
            { criterionId: 'c1', sha256: hex(app), page: 3, rects: [[72, 540.5, 523.25, 556]], quote: '到 2035 年，建成区绿地率不低于 40%。' },
            { criterionId: 'c2', sha256: hex(app), page: 12, rects: [[72, 100, 300, 112], [72, 88, 180, 100]], quote: '' },
          ],
    targets:
      app === 1
        ? []
        : [
            { criterionId: 'c3', indicator: '规模以上制造业研发经费内部支出占主营业务收入比重', unit: '%', better: 'higher', target: 1.5, actual: 1.32 },
            { criterionId: 'c3', indicator: '单位工业增加值能耗', unit: '吨标准煤/万元', better: 'lower', target: 0.8, actual: null },
          ],
  };
}

/**
 * A payload for `publicKey` with `applications` × `criteria` scores; application 1 declares
 * a conflict. `commentChars` gives every score a Chinese comment of that many characters.
 */
export function samplePayload(
  publicKey: KeyObject,
  options: { applications?: number; criteria?: number; revision?: number; commentChars?: number } = {},
): ScoreBundlePayload {
  const applications = options.applications ?? 3;
  return {
    format: SCORE_PAYLOAD_FORMAT,
    roundId: shortId(7),
    packageId: shortId(42),
    manifestSha256: 'ab'.repeat(32),
    expert: { fingerprint: fingerprint(publicKey), name: '张三（同济大学）' },
    revision: options.revision ?? 1,
    exportedAt: '2026-03-01T08:30:00.000Z',
    applications: Array.from({ length: applications }, (_, app) => review(app, options.criteria ?? 4, options.commentChars)),
  };
}

/** Signs arbitrary payload bytes as an expert would (default namespace panel-review-scores). */
export function signPayload(bytes: Buffer, signer: { privateKey: KeyObject; publicKey: KeyObject }, namespace: string = SSHSIG_NAMESPACES.scores): string {
  return signSshsig(bytes, signer.privateKey, signer.publicKey, namespace);
}

/** Encrypts any envelope text or bytes, so tests can hand-build bundles the sealer would never write. */
export async function encryptEnvelopeText(text: string | Uint8Array, recipients: string[]): Promise<Uint8Array> {
  return encryptToRecipients(typeof text === 'string' ? new TextEncoder().encode(text) : text, recipients);
}

/** The envelope JSON text for given parts, with no checks at all. */
export function envelopeText(parts: { format?: unknown; payload: Buffer | string; signature: string; [extra: string]: unknown }): string {
  const { payload, ...rest } = parts;
  return `${JSON.stringify({ format: 'panel-review/scores@1', ...rest, payload: typeof payload === 'string' ? payload : payload.toString('base64') })}\n`;
}
