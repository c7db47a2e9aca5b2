import type { CommandName, Commands } from '../../shared/contract/commands';
import type { CommandInput, CommandOutput } from '../../shared/contract/define';
import type { CommandError } from '../../shared/contract/errors';
import type { InvokeOptions } from '../../shared/contract/bridge';
import type { Translate } from '../../shared/i18n/describeError';
import type { Core } from '../core/core';
import type { GlobalFlags } from './globalFlags';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Writes without a newline: progress lines that rewrite themselves. */
  stderrInline: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/** A command the core refused (exit status 1). */
export class CommandFailure extends Error {
  readonly error: CommandError;
  constructor(error: CommandError) {
    super(error.message);
    this.name = 'CommandFailure';
    this.error = error;
  }
}

export interface CliContext {
  readonly t: Translate;
  readonly flags: GlobalFlags;
  readonly io: CliIO;
  /** Opens the data directory on first use, so `--help` never touches it. */
  core(): Core;
  invoke<N extends CommandName>(name: N, input: CommandInput<Commands, N>, options?: InvokeOptions): Promise<CommandOutput<Commands, N>>;
  /** Runs a long command, showing its progress on a terminal (never under --json). */
  invokeWithProgress<N extends CommandName>(name: N, input: CommandInput<Commands, N>): Promise<CommandOutput<Commands, N>>;
}

/**
 * What a command prints: JSON under --json, text otherwise. Long-running commands print
 * themselves. `refused`: the command printed its answer but refused part of its input
 * (e.g. `bundle import` with a rejected file), so it exits 1 with `refusal` on stderr.
 */
export type CliOutcome = { json: unknown; text: string; refused?: { refusal: string } } | { printed: true };
