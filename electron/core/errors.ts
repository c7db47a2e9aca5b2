import type { CommandError, ErrorCode } from '../../shared/contract/errors';

/**
 * An expected failure with a stable code. Handlers throw it; the router turns it into
 * `{ ok: false, error }`. Anything else thrown is a bug and becomes INTERNAL.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toCommandError(): CommandError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The errno-style code Node and better-sqlite3 put on their errors, if any. */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
