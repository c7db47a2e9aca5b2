import type { ValidationIssue } from '../../../../shared/contract/errors';
import { type Translate, describeIssue } from '../../../../shared/i18n/describeError';

export type IssuePath = readonly (string | number)[];

/** A rubric's validation issues by path: the fields look up their own, the tabs and cards count theirs. */
export interface IssueIndex {
  readonly all: readonly ValidationIssue[];
  /** The messages of exactly this path, translated, without the path. */
  messagesAt(path: IssuePath): string[];
  /** How many issues sit at this path or below it. */
  countUnder(path: IssuePath): number;
}

const joinPath = (path: IssuePath) => path.join('.');

/** zod's own text for an unknown field (the schema is strict) is English: ours is translated. */
function translatable(issue: ValidationIssue): ValidationIssue {
  return issue.params?.keys !== undefined && !issue.message.startsWith('validation.') ? { ...issue, message: 'validation.unknownKeys' } : issue;
}

export function indexIssues(t: Translate, issues: readonly ValidationIssue[]): IssueIndex {
  const byPath = new Map<string, string[]>();
  for (const issue of issues) {
    const key = joinPath(issue.path);
    const text = describeIssue(t, { ...translatable(issue), path: [] });
    const list = byPath.get(key) ?? [];
    // zod can report the same rule twice for one field (e.g. required by two refinements).
    if (!list.includes(text)) list.push(text);
    byPath.set(key, list);
  }
  return {
    all: issues,
    messagesAt: (path) => byPath.get(joinPath(path)) ?? [],
    countUnder: (path) => {
      const prefix = joinPath(path);
      return issues.filter((issue) => {
        const key = joinPath(issue.path);
        return prefix === '' || key === prefix || key.startsWith(`${prefix}.`);
      }).length;
    },
  };
}

export const noIssues: IssueIndex = { all: [], messagesAt: () => [], countUnder: () => 0 };

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** What an item of a list is called in a location: its own title where it has one, else its place. */
function itemName(t: Translate, list: string, item: unknown, index: number): string {
  const fields = record(item);
  const own =
    list === 'recommendations'
      ? (text(item) ?? text(fields?.id))
      : text(fields?.title) ?? text(fields?.label) ?? text(fields?.indicator);
  return own ?? t(`rubric.location.${list}`, { n: index + 1, defaultValue: `${list} ${index + 1}` });
}

/**
 * Where an issue is, in words: "二、发展目标 › 目标明确、量化、可考核 › 满分" rather than
 * sections.1.criteria.0.max. Works on the editor's draft and on any imported JSON alike.
 */
export function issueLocation(t: Translate, root: unknown, path: IssuePath): string {
  const parts: string[] = [];
  let value: unknown = root;
  let list: string | null = null;
  let itemOf: string | null = null;
  path.forEach((step, at) => {
    if (typeof step === 'number' && list !== null) {
      const items: unknown = value;
      value = Array.isArray(items) ? items[step] : undefined;
      parts.push(itemName(t, list, value, step));
      itemOf = list;
      list = null;
      return;
    }
    const name = String(step);
    value = record(value)?.[name];
    list = Array.isArray(value) ? name : null;
    // A band's max is where it ends (上限), not a maximum score (满分).
    const field = itemOf === 'bands' && name === 'max' ? 'bandMax' : name;
    // Inside a list an item names itself; a list's own issue (too few, too many) names the list.
    if (list === null || at === path.length - 1) parts.push(t(`rubric.field.${field}`, { defaultValue: name }));
  });
  return parts.join(' › ');
}

/** One line per issue: "location: message". */
export function describeLocated(t: Translate, root: unknown, issue: ValidationIssue): string {
  const where = issueLocation(t, root, issue.path);
  const what = describeIssue(t, { ...translatable(issue), path: [] });
  return where === '' ? what : t('rubric.locatedIssue', { where, what });
}
