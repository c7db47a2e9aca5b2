import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startWebShell } from '../../serve/server';
import type { CliCommand } from '../commandTable';
import { UsageError } from '../usageError';

/** The built renderer sits beside the built CLI: out/main/cli.js → out/renderer/. */
function rendererDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

function parsePort(value: unknown): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65535) throw new UsageError('cli.badPort');
  return port;
}

/** Best effort: a machine without a desktop simply gets the printed link. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener installed: the URL is on the terminal.
  }
}

export const serveCommand: CliCommand = {
  words: ['serve'],
  summaryKey: 'cli.help.serve',
  synopsis: '[--port P] [--no-open]',
  options: { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
  async run({ values }, { core, flags, io, t }) {
    const port = parsePort(values.port);
    const shell = await startWebShell({ core: core(), rendererDir: rendererDir(), port });
    // Documents whose text was not fully indexed (a quit or crash mid-import) continue now.
    core()
      .indexer.resumePending()
      .catch((error: unknown) => io.stderr(`panel-review: ${error instanceof Error ? error.message : String(error)}`));
    if (flags.json) io.stdout(JSON.stringify({ url: shell.url, port: shell.port }));
    else io.stdout(`${t('cli.serveListening', { url: shell.url })}\n${t('cli.serveHint')}`);
    if (values['no-open'] !== true) openBrowser(shell.url);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await shell.close();
    if (!flags.json) io.stderr(t('cli.serveStopped'));
    return { printed: true };
  },
};
