import type { z } from 'zod';
import { AppError, isAppError } from '../errors';

/**
 * The refusals a score bundle can earn besides the crypto ones. `details.file` and
 * `details.detail` fill the zh-CN/en messages of BUNDLE_MALFORMED and FORMAT_UNSUPPORTED;
 * `details.reason` is the finer cause for logs and tests.
 */
export type BundleFailure =
  | 'too-large'
  | 'envelope-not-json'
  | 'envelope-invalid'
  | 'payload-not-json'
  | 'payload-not-canonical'
  | 'payload-invalid'
  | 'signer-mismatch'
  /** A stored bundle whose signed payload names another round, expert, revision… than its row (verifyStoredBundle.ts). */
  | 'record-mismatch';

export function bundleMalformed(file: string, reason: BundleFailure, detail: string, extra?: Record<string, unknown>): AppError {
  return new AppError('BUNDLE_MALFORMED', `score bundle ${file} is not valid: ${detail}`, { ...extra, file, detail, reason });
}

export function formatUnsupported(file: string, format: string): AppError {
  // A hostile file could put a megabyte here; the message only needs to identify it.
  const shown = format.length > 100 ? `${format.slice(0, 100)}…` : format;
  return new AppError(
    'FORMAT_UNSUPPORTED',
    `${file} has format "${shown}", which this version does not read (a newer Panel Review may)`,
    { file, format: shown, reason: 'format-unsupported' },
  );
}

/**
 * Crypto refusals (age, SSHSIG) keep their code and reason; the file is added so that
 * `bundle import` of several files says which one failed.
 */
export function withFile(error: unknown, file: string): unknown {
  if (!isAppError(error)) return error;
  return new AppError(error.code, `${file}: ${error.message}`, { ...error.details, file });
}

/** Messages of the shared schemas that are i18n keys, in words fit for a one-line detail. */
const keyWords: Record<string, string> = {
  'validation.sha256': 'is not a SHA-256 digest (64 lower-case hex digits)',
  'validation.roundId': 'is not a round id',
  'validation.applicationId': 'is not an application id',
};

const MAX_LISTED = 3;

/** 'applications[2].scores[0].value' — the path people look for in the JSON. */
function pathText(path: readonly PropertyKey[], root: string): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  return text === '' ? root : text;
}

function issueText(issue: z.core.$ZodIssue, root: string): string {
  const where = pathText(issue.path, root);
  if (issue.code === 'unrecognized_keys') return `${where} has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `${where} is missing`;
  return `${where}: ${keyWords[issue.message] ?? issue.message}`;
}

/** One line naming the first few problems, for BUNDLE_MALFORMED's `detail`; `root` names the whole value. */
export function describeIssues(error: z.ZodError, root: string): string {
  const shown = error.issues.slice(0, MAX_LISTED).map((issue) => issueText(issue, root));
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
