import type { CommandError, ValidationIssue } from '../contract/errors';

/** The translation function both i18next instances (UI and CLI) provide. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** A validation issue as one line: "name: must not be empty". Unknown keys fall back to zod's text. */
export function describeIssue(t: Translate, issue: ValidationIssue): string {
  const key = issue.message.startsWith('validation.') ? issue.message : null;
  const text = key !== null ? t(key, issue.params) : issue.message;
  const path = issue.path.join('.');
  return path === '' ? text : `${path}: ${text}`;
}

function isIssueList(value: unknown): value is ValidationIssue[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'message' in v);
}

/**
 * The message a person reads for an error: the translation of its code, filled from
 * its details. Codes are stable; the English `message` is for logs.
 */
export function describeError(t: Translate, error: CommandError): string {
  const details: Record<string, unknown> = { ...(error.details ?? {}) };
  if (isIssueList(details.issues)) {
    details.detail = details.issues.map((issue) => describeIssue(t, issue)).join('; ');
  }
  details.detail ??= error.message;
  // File-system errno codes (ENOTDIR…) mean nothing to most people: say it in words.
  if (typeof details.reason === 'string' && /^E[A-Z]+$/.test(details.reason)) {
    details.reason = t(`fsReason.${details.reason}`, { defaultValue: details.reason });
  }
  const text = t(`errors.${error.code}`, details);
  // An import refuses all its files at once: name the others on the same line.
  const others = Array.isArray(details.failures)
    ? details.failures
        .map((f: unknown) => (typeof f === 'object' && f !== null && 'file' in f ? String(f.file) : ''))
        .filter((file) => file !== '' && file !== details.file)
    : [];
  if (others.length === 0) return text;
  return t('errors.withMoreFailures', { text, count: others.length, files: others.join(t('errors.listSeparator')) });
}
