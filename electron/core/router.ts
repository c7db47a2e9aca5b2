import type { z } from 'zod';
import type { CommandRegistry, ParsedInput, CommandOutput } from '../../shared/contract/define';
import type { Result } from '../../shared/contract/errors';
import type { InvokeOptions } from '../../shared/contract/bridge';
import { toValidationIssues } from '../../shared/contract/issues';
import { AppError, errorCodeOf, isAppError, messageOf } from './errors';
import type { EventBus } from './events';

/** What a handler gets besides its input: cancellation and progress for long commands. */
export interface CommandContext {
  readonly signal: AbortSignal;
  readonly taskId: string | undefined;
  progress(phase: string, done: number, total: number | null): void;
  /** Throws CANCELLED when the caller cancelled; long handlers call it between steps. */
  throwIfCancelled(): void;
}

export type Handler<R extends CommandRegistry, N extends keyof R> = (
  input: ParsedInput<R, N>,
  context: CommandContext,
) => CommandOutput<R, N> | Promise<CommandOutput<R, N>>;

export type Handlers<R extends CommandRegistry> = { [N in keyof R]: Handler<R, N> };

export interface Router {
  dispatch(command: string, input: unknown, options?: InvokeOptions): Promise<Result<unknown>>;
}

/** Long commands in flight, by the task id their caller chose, so `task.cancel` can reach them. */
export class RunningTasks {
  private readonly controllers = new Map<string, AbortController>();

  start(taskId: string): AbortController {
    if (this.controllers.has(taskId)) throw new AppError('INVALID_INPUT', `task ${taskId} is already running`, { taskId });
    const controller = new AbortController();
    this.controllers.set(taskId, controller);
    return controller;
  }

  finish(taskId: string): void {
    this.controllers.delete(taskId);
  }

  /** Aborts the task's signal; false when no such task is running. */
  cancel(taskId: string): boolean {
    const controller = this.controllers.get(taskId);
    controller?.abort();
    return controller !== undefined;
  }
}

/**
 * The single entry point of the core for every transport. It validates input and
 * output against the contract, so nothing unchecked crosses the boundary in either
 * direction, and turns every failure into error data with a stable code.
 */
export function createRouter<R extends CommandRegistry>(
  registry: R,
  handlers: Handlers<R>,
  events: EventBus,
  tasks: RunningTasks = new RunningTasks(),
): Router {

  async function run(command: string, rawInput: unknown, options: InvokeOptions): Promise<Result<unknown>> {
    if (!Object.hasOwn(registry, command)) {
      throw new AppError('UNKNOWN_COMMAND', `unknown command ${command}`, { command });
    }
    const spec = registry[command] as R[keyof R];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = toValidationIssues(parsed.error);
      throw new AppError('INVALID_INPUT', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), {
        issues,
      });
    }
    const taskId = options.taskId;
    const controller = taskId !== undefined ? tasks.start(taskId) : new AbortController();
    const context: CommandContext = {
      signal: controller.signal,
      taskId,
      progress(phase, done, total) {
        if (taskId !== undefined) events.emit({ type: 'progress', taskId, command, phase, done, total });
      },
      throwIfCancelled() {
        if (controller.signal.aborted) throw new AppError('CANCELLED', `${command} was cancelled`);
      },
    };
    try {
      const handler = handlers[command as keyof R] as (input: unknown, ctx: CommandContext) => unknown;
      // Cancellation is cooperative: a handler that finished (and maybe committed) reports
      // what it did, even if a cancel arrived too late to stop it.
      const value: unknown = await handler(parsed.data, context);
      const checked = (spec.output as z.ZodType).safeParse(value);
      if (!checked.success) {
        // A handler that breaks the contract is a bug: report it, never pass it on.
        throw new Error(`output of ${command} does not match the contract: ${checked.error.message}`);
      }
      return { ok: true, value: checked.data };
    } finally {
      if (taskId !== undefined) tasks.finish(taskId);
    }
  }

  return {
    async dispatch(command, input, options = {}) {
      try {
        return await run(command, input, options);
      } catch (error) {
        if (isAppError(error)) return { ok: false, error: error.toCommandError() };
        const environment = environmentFailure(error);
        if (environment !== null) return { ok: false, error: environment.toCommandError() };
        console.error(`command ${command} failed`, error);
        return { ok: false, error: { code: 'INTERNAL', message: messageOf(error), details: { detail: messageOf(error) } } };
      }
    },
  };
}

/**
 * Failures of the machine rather than of the program, wherever they surface (a blob
 * being written, SQLite growing its file, a report's temp file): a full disk or a file
 * system gone read-only. They get their stable code and a message saying what to do,
 * not INTERNAL. Whatever was being written was in a temp file or a transaction, so
 * nothing stored changed.
 */
function environmentFailure(error: unknown): AppError | null {
  const code = errorCodeOf(error);
  const where = typeof error === 'object' && error !== null && 'path' in error && typeof error.path === 'string' ? error.path : '';
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') {
    return new AppError('DISK_FULL', `the disk is full: ${messageOf(error)}`, { path: where, reason: code });
  }
  if (code === 'EROFS' || code === 'SQLITE_READONLY') {
    return new AppError('STORE_READ_ONLY', `the file system is read-only: ${messageOf(error)}`, { path: where, reason: code });
  }
  return null;
}
