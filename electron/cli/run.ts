import { parseArgs } from 'node:util';
import { describeError } from '../../shared/i18n/describeError';
import { AppError, errorCodeOf, isAppError, messageOf } from '../core/errors';
import { createCore, type Core } from '../core/core';
import { resolveDataDir } from '../core/store/dataDir';
import { appVersion } from '../core/version';
import { type CliCommand, findCommand, type ParsedArgs } from './commandTable';
import { type CliContext, type CliIO, CommandFailure } from './context';
import { extractGlobalFlags, type GlobalFlags } from './globalFlags';
import { commandHelp, globalHelp } from './help';
import { createTranslator, languageFromEnv } from '../core/i18n';
import { UsageError } from './usageError';
import { withProgress } from './progress';
import { identityOptionsFromEnv } from './passphrase';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/**
 * Runs one command line and returns the exit status of CLI.md: 0 done, 1 refused
 * (with a reason), 2 usage. Under --json stdout gets exactly one JSON object.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let flags: GlobalFlags = { json: argv.includes('--json'), help: false, version: false };
  let t = createTranslator(languageFromEnv(io.env));
  let core: Core | undefined;
  let command: CliCommand | undefined;
  try {
    const extracted = extractGlobalFlags(argv);
    flags = extracted.flags;
    t = createTranslator(flags.lang ?? languageFromEnv(io.env));
    if (flags.version) return print(io, flags, { version: appVersion }, appVersion);
    const found = findCommand(extracted.rest);
    if (found === undefined) {
      if (extracted.rest.length === 0 && flags.help) return print(io, flags, { help: globalHelp(t) }, globalHelp(t));
      throw new UsageError(extracted.rest.length === 0 ? 'cli.seeHelp' : 'cli.unknownCommand', {
        command: extracted.rest.join(' '),
      });
    }
    command = found.command;
    if (flags.help) return print(io, flags, { help: commandHelp(t, command) }, commandHelp(t, command));
    const args = parseCommandArgs(command, found.args);
    const context: CliContext = {
      t,
      flags,
      io,
      core: () =>
        (core ??= createCore({ dataDir: resolveDataDir({ flag: flags.dataDir, env: io.env }), identity: identityOptionsFromEnv(io.env) })),
      invoke: async (name, input, options) => {
        const result = await context.core().router.dispatch(name, input, options);
        if (!result.ok) throw new CommandFailure(result.error);
        return result.value as never;
      },
      invokeWithProgress: (name, input) => withProgress(context, (taskId) => context.invoke(name, input, { taskId })),
    };
    const outcome = await command.run(args, context);
    if ('printed' in outcome) return EXIT_OK;
    const status = print(io, flags, outcome.json, outcome.text);
    if (outcome.refused === undefined) return status;
    io.stderr(`panel-review: ${outcome.refused.refusal}`);
    return EXIT_REFUSED;
  } catch (error) {
    if (error instanceof UsageError) {
      const message = t(error.key, error.params);
      io.stderr(`panel-review: ${message}`);
      io.stderr(command === undefined ? t('cli.seeHelp') : commandHelp(t, command));
      if (flags.json) io.stdout(JSON.stringify({ ok: false, error: { code: 'USAGE', message } }));
      return EXIT_USAGE;
    }
    const commandError =
      error instanceof CommandFailure
        ? error.error
        : isAppError(error)
          ? error.toCommandError()
          : new AppError('INTERNAL', messageOf(error), { detail: messageOf(error) }).toCommandError();
    const message = describeError(t, commandError);
    io.stderr(`panel-review: ${message}`);
    if (flags.json) io.stdout(JSON.stringify({ ok: false, error: { ...commandError, message } }));
    return EXIT_REFUSED;
  } finally {
    await core?.close();
  }
}

function print(io: CliIO, flags: GlobalFlags, json: unknown, text: string): number {
  io.stdout(flags.json ? JSON.stringify(json) : text);
  return EXIT_OK;
}

function parseCommandArgs(command: CliCommand, argv: string[]): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args: argv,
      options: command.options,
      strict: true,
      allowPositionals: command.positionals !== undefined,
    }) as ParsedArgs;
  } catch (error) {
    throw toUsageError(error);
  }
  for (const name of command.required ?? []) {
    if (parsed.values[name] === undefined) throw new UsageError('cli.missingFlag', { flag: `--${name}` });
  }
  const min = command.positionals?.min ?? 0;
  if (parsed.positionals.length < min) throw new UsageError('cli.missingArgument', { name: command.positionals?.name ?? '' });
  return parsed;
}

/** node:util's parse errors, translated; the flag name is the one thing we take from its English text. */
function toUsageError(error: unknown): UsageError {
  const flag = /'(-[^' ]+)/.exec(messageOf(error))?.[1] ?? '';
  switch (errorCodeOf(error)) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError('cli.unknownFlag', { flag });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError('cli.missingValue', { flag });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError('cli.unexpectedArgument', { arg: /'([^']+)'/.exec(messageOf(error))?.[1] ?? '' });
    default:
      return new UsageError('cli.unexpectedArgument', { arg: messageOf(error) });
  }
}
