import path from 'node:path';
import type { ErrorCode } from '../../../shared/contract/errors';
import { AppError, isAppError, messageOf } from '../errors';

/**
 * Errors about one panel package. The UI's messages interpolate {{file}} (the package's
 * base name: the name people know it by, never a path of this machine), {{entry}} and
 * {{detail}}, so every error this feature throws carries them in its details.
 */

export function packageFileName(filePath: string): string {
  return path.basename(filePath);
}

export interface PackageErrorDetails {
  entry?: string;
  [key: string]: unknown;
}

export function packageError(code: ErrorCode, file: string, detail: string, details: PackageErrorDetails = {}): AppError {
  return new AppError(code, `${file}: ${detail}`, { ...details, file, detail });
}

export function malformed(file: string, detail: string, details?: PackageErrorDetails): AppError {
  return packageError('PACKAGE_MALFORMED', file, detail, details);
}

export function unexpectedEntry(file: string, entry: string, reason: string): AppError {
  return packageError('PACKAGE_UNEXPECTED_ENTRY', file, `entry ${JSON.stringify(entry)} is not allowed (${reason})`, { entry, reason });
}

export function limitExceeded(file: string, detail: string, entry?: string): AppError {
  return packageError('PACKAGE_LIMIT', file, detail, entry === undefined ? {} : { entry });
}

export function hashMismatch(file: string, entry: string, detail: string): AppError {
  return packageError('PACKAGE_HASH_MISMATCH', file, `${entry} ${detail}`, { entry });
}

export function cancelled(file: string): AppError {
  return new AppError('CANCELLED', `${file}: cancelled`, { file });
}

/** Errno errors are about our own disk, not the package. */
export function isSystemError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/**
 * Keeps an AppError's code (age and signature failures mean what they say) and names
 * the package in it; anything else becomes `fallback`.
 */
export function asPackageError(error: unknown, file: string, fallback: (message: string) => AppError): unknown {
  if (isAppError(error)) {
    if (error.details?.file === file) return error;
    const detail = typeof error.details?.detail === 'string' ? error.details.detail : error.message;
    return new AppError(error.code, error.message, { ...error.details, detail, file });
  }
  if (isSystemError(error)) return error;
  return fallback(messageOf(error));
}
