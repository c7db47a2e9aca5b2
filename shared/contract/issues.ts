import type { z } from 'zod';
import type { ValidationIssue } from './errors';

/**
 * Turns zod's issues into ours: the path, the message (an i18n key where the schema
 * gave one) and the numbers a translated message needs.
 */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => {
    const params: Record<string, string | number> = {};
    if ('maximum' in issue && (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint')) {
      params.max = Number(issue.maximum);
    }
    if ('minimum' in issue && (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint')) {
      params.min = Number(issue.minimum);
    }
    if (issue.code === 'unrecognized_keys') params.keys = issue.keys.join(', ');
    // A refinement's own numbers and names (e.g. the step a maximum is off).
    if (issue.code === 'custom' && issue.params !== undefined) {
      for (const [key, value] of Object.entries(issue.params)) {
        if (typeof value === 'string' || typeof value === 'number') params[key] = value;
      }
    }
    return {
      path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
      message: issue.message,
      ...(Object.keys(params).length > 0 ? { params } : {}),
    };
  });
}
