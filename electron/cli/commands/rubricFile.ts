import fs from 'node:fs';
import path from 'node:path';
import { toValidationIssues } from '../../../shared/contract/issues';
import { RubricSchema, type Rubric } from '../../../shared/domain/rubric';
import { AppError, errorCodeOf, messageOf } from '../../core/errors';

/** Rubric files are small; a bigger one is not a rubric. */
const MAX_RUBRIC_BYTES = 4 * 1024 * 1024;

/**
 * A rubric JSON file (`rubric show --json` output, or hand-written), read and validated
 * before any command runs, so a bad file is refused with its name and the first problems.
 */
export function readRubricFile(given: string): Rubric {
  const file = path.resolve(given);
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_RUBRIC_BYTES) throw new AppError('RUBRIC_INVALID', `${file} is larger than a rubric can be`, { file, detail: `over ${MAX_RUBRIC_BYTES} bytes` });
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: errorCodeOf(error) ?? messageOf(error) });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('RUBRIC_INVALID', `${file} is not JSON: ${messageOf(error)}`, { file, detail: messageOf(error) });
  }
  const parsed = RubricSchema.safeParse(json);
  if (!parsed.success) {
    const issues = toValidationIssues(parsed.error);
    throw new AppError('RUBRIC_INVALID', `${file} is not a valid rubric`, { file, issues });
  }
  return parsed.data;
}
