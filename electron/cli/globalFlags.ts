import { type Language, LanguageSchema } from '../../shared/domain/language';
import { UsageError } from './usageError';

export interface GlobalFlags {
  dataDir?: string;
  json: boolean;
  lang?: Language;
  passphraseFile?: string;
  help: boolean;
  version: boolean;
}

const valued = new Map<string, 'dataDir' | 'lang' | 'passphraseFile'>([
  ['--data-dir', 'dataDir'],
  ['--lang', 'lang'],
  ['--passphrase-file', 'passphraseFile'],
]);

/**
 * Takes the global flags out of argv. CLI.md puts them before the command; they are
 * also accepted after it, since scripts often append `--json`. `--flag=value` works too.
 */
export function extractGlobalFlags(argv: readonly string[]): { flags: GlobalFlags; rest: string[] } {
  const flags: GlobalFlags = { json: false, help: false, version: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const [name, inline] = splitInline(arg);
    const key = valued.get(name);
    if (key !== undefined) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new UsageError('cli.missingValue', { flag: name });
      }
      if (key === 'lang') {
        const parsed = LanguageSchema.safeParse(value);
        if (!parsed.success) throw new UsageError('cli.badLanguage');
        flags.lang = parsed.data;
      } else {
        flags[key] = value;
      }
    } else if (arg === '--json') {
      flags.json = true;
    } else if (arg === '--help' || arg === '-h') {
      flags.help = true;
    } else if (arg === '--version' || arg === '-V') {
      flags.version = true;
    } else {
      rest.push(arg);
    }
  }
  return { flags, rest };
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
