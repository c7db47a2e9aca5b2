import type { CliContext } from './context';

/**
 * Shows a long command's progress events on stderr, one updating line, when stderr is
 * a terminal and the output is for people (not --json, not a pipe).
 */
export async function withProgress<T>(context: CliContext, run: (taskId: string) => Promise<T>): Promise<T> {
  const taskId = `cli-${process.pid}`;
  const show = context.io.isTTY && !context.flags.json;
  let shown = false;
  const unsubscribe = show
    ? context.core().events.subscribe((event) => {
        if (event.type !== 'progress' || event.taskId !== taskId) return;
        const label = context.t(`cli.progress.${event.phase}`);
        const count = event.total === null ? `${event.done}` : `${event.done}/${event.total}`;
        context.io.stderrInline(`\r${label} ${count}\u001b[K`);
        shown = true;
      })
    : () => undefined;
  try {
    return await run(taskId);
  } finally {
    unsubscribe();
    if (shown) context.io.stderrInline('\r\u001b[K');
  }
}
