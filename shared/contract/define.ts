import type { z } from 'zod';

/**
 * A command of the contract: its name, what it takes and what it gives back.
 * `long` commands run as tasks: they report progress events and can be cancelled.
 */
export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly long?: boolean;
  /** Commands that change stored data; the web shell and IPC treat all alike, the audit log later keys on this. */
  readonly mutates: boolean;
}

export type CommandRegistry = Readonly<Record<string, CommandSpec>>;

export function defineCommand<I extends z.ZodType, O extends z.ZodType>(
  spec: CommandSpec<I, O>,
): CommandSpec<I, O> {
  return spec;
}

export type CommandInput<R extends CommandRegistry, N extends keyof R> = z.input<R[N]['input']>;
export type ParsedInput<R extends CommandRegistry, N extends keyof R> = z.output<R[N]['input']>;
export type CommandOutput<R extends CommandRegistry, N extends keyof R> = z.output<R[N]['output']>;
