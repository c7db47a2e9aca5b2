import { expect } from 'vitest';
import { AppError } from '../../electron/core/errors';

/** The AppError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The `details.reason` of the AppError a call throws; fails the test if it does not throw one. */
export function reasonOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details?.['reason'];
  }
  throw new Error('expected a refusal');
}
