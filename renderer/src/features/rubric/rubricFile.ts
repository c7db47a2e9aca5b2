import { toValidationIssues } from '../../../../shared/contract/issues';
import { type Rubric, RubricSchema } from '../../../../shared/domain/rubric';
import type { Translate } from '../../../../shared/i18n/describeError';
import { downloadText } from '../identity/download';
import { describeLocated } from './rubricIssues';

/** As the command line's limit (electron/cli/commands/rubricFile.ts): a bigger file is not a rubric. */
const MAX_RUBRIC_BYTES = 4 * 1024 * 1024;

export type RubricFileRead = { ok: true; rubric: Rubric } | { ok: false; file: string; problems: string[]; invalid: boolean };

/**
 * A rubric JSON file chosen in the browser (what "export JSON" and `rubric show --json`
 * write), read and checked against RubricSchema: a rubric, or every problem in words.
 */
export async function readRubricFile(t: Translate, file: File): Promise<RubricFileRead> {
  const refused = (problems: string[], invalid = false): RubricFileRead => ({ ok: false, file: file.name, problems, invalid });
  if (file.size > MAX_RUBRIC_BYTES) return refused([t('rubric.tooLarge', { size: '4 MiB' })]);
  let json: unknown;
  try {
    json = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
  } catch (error) {
    return refused([t('rubric.notJson', { detail: error instanceof Error ? error.message : String(error) })]);
  }
  const parsed = RubricSchema.safeParse(json);
  if (parsed.success) return { ok: true, rubric: parsed.data };
  return refused(
    toValidationIssues(parsed.error).map((issue) => describeLocated(t, json, issue)),
    true,
  );
}

/** Forbidden in file names on Windows or anywhere. */
// eslint-disable-next-line no-control-regex
const safeFileName = (name: string) => name.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').trim() || 'rubric';

/** The rubric as a download, exactly the JSON `round create --rubric` and the import take. */
export function downloadRubric(rubric: Rubric): string {
  const fileName = `${safeFileName(rubric.name)}.rubric.json`;
  downloadText(fileName, `${JSON.stringify(rubric, null, 2)}\n`, 'application/json');
  return fileName;
}
