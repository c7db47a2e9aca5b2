import type { Translate } from '../../shared/i18n/describeError';
import { type CliCommand, cliCommands } from './commandTable';

export function globalHelp(t: Translate): string {
  const commandLines = cliCommands.map((c) => `  ${[...c.words, c.synopsis].join(' ').trim()}\n      ${t(c.summaryKey)}`);
  return [
    t('cli.usageHeader'),
    '',
    `${t('cli.globalOptions')}:`,
    `  --data-dir DIR          ${t('cli.help.dataDir')}`,
    `  --json                  ${t('cli.help.json')}`,
    `  --lang zh-CN|en         ${t('cli.help.lang')}`,
    `  --passphrase-file F     ${t('cli.help.passphraseFile')}`,
    '',
    `${t('cli.commandsHeader')}:`,
    ...commandLines,
  ].join('\n');
}

export function commandHelp(t: Translate, command: CliCommand): string {
  return `panel-review ${[...command.words, command.synopsis].join(' ').trim()}\n  ${t(command.summaryKey)}`;
}
