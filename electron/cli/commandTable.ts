import type { ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import type { CliContext, CliOutcome } from './context';
import { roundCommands } from './commands/rounds';
import { serveCommand } from './commands/serve';
import { applicationCommands } from './commands/applications';
import { searchCommand } from './commands/search';
import { identityCommands } from './commands/identity';
import { panelCommands } from './commands/panel';
import { assignmentCliCommands } from './commands/assignments';
import { expertRoundCommands } from './commands/expertRound';
import { scoreSheetCommands } from './commands/scoreSheet';
import { rubricCommands } from './commands/rubric';
import { scoringCommands } from './commands/scoring';
import { auditCommands } from './commands/audit';
import { mergeCommands } from './commands/merge';
import { resultsCommands } from './commands/results';
import { reportCommands } from './commands/report';
import { backupCommands } from './commands/backup';

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** One command of CLI.md: its words, flags, and what it does over the core. */
export interface CliCommand {
  readonly words: readonly string[];
  /** i18n key of the one-line description shown by --help. */
  readonly summaryKey: string;
  /** Synopsis after the words, e.g. `--name N --kind K`. Flag names are the contract; not translated. */
  readonly synopsis: string;
  readonly options: ParseArgsOptionsConfig;
  readonly required?: readonly string[];
  /** Positional arguments: how many, and the name the synopsis gives them (PATH…, QUERY). */
  readonly positionals?: { min: number; max?: number; name: string };
  run(args: ParsedArgs, context: CliContext): Promise<CliOutcome>;
}

export const cliCommands: readonly CliCommand[] = [
  ...identityCommands,
  ...roundCommands,
  ...rubricCommands,
  ...applicationCommands,
  ...panelCommands,
  ...assignmentCliCommands,
  ...expertRoundCommands,
  ...scoreSheetCommands,
  ...scoringCommands,
  ...auditCommands,
  ...mergeCommands,
  ...resultsCommands,
  ...reportCommands,
  ...backupCommands,
  searchCommand,
  serveCommand,
];

/** The longest command whose words start argv, e.g. `round create` before `round`. */
export function findCommand(argv: readonly string[]): { command: CliCommand; args: string[] } | undefined {
  const byLength = [...cliCommands].sort((a, b) => b.words.length - a.words.length);
  for (const command of byLength) {
    if (command.words.every((word, i) => argv[i] === word)) {
      return { command, args: argv.slice(command.words.length) };
    }
  }
  return undefined;
}
