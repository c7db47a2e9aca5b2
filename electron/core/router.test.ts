import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../shared/contract/define';
import type { Result } from '../../shared/contract/errors';
import type { AppEvent, ProgressEvent } from '../../shared/contract/events';
import { AppError } from './errors';
import { EventBus } from './events';
import { createRouter, type Handlers, RunningTasks } from './router';

/** A small registry of its own, so these tests pin the router, not the product's commands. */
const registry = {
  'echo.name': defineCommand({
    input: z
      .object({
        name: z.string().trim().min(1, { error: 'validation.required' }),
        count: z.number().int().max(5, { error: 'validation.tooLarge' }).default(1),
      })
      .strict(),
    output: z.object({ greeting: z.string(), count: z.number() }),
    mutates: false,
  }),
  'fail.app': defineCommand({
    input: z.object({}).strict(),
    output: z.object({}),
    mutates: false,
  }),
  'fail.plain': defineCommand({
    input: z.object({}).strict(),
    output: z.object({}),
    mutates: false,
  }),
  'bad.output': defineCommand({
    input: z.object({}).strict(),
    output: z.object({ count: z.number().int() }),
    mutates: false,
  }),
  'extra.output': defineCommand({
    input: z.object({}).strict(),
    output: z.object({ kept: z.string() }),
    mutates: false,
  }),
  'long.count': defineCommand({
    input: z.object({ steps: z.number().int().min(1).max(1000) }).strict(),
    output: z.object({ done: z.number() }),
    long: true,
    mutates: false,
  }),
  'long.ignoresCancel': defineCommand({
    input: z.object({}).strict(),
    output: z.object({ finished: z.boolean() }),
    long: true,
    mutates: false,
  }),
  'long.gate': defineCommand({
    input: z.object({}).strict(),
    output: z.object({ aborted: z.boolean() }),
    long: true,
    mutates: false,
  }),
};
type TestRegistry = typeof registry;

const tick = (ms = 2) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise the test resolves by hand, to hold a handler mid-run. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

interface Harness {
  dispatch: ReturnType<typeof createRouter>['dispatch'];
  events: EventBus;
  tasks: RunningTasks;
  seen: AppEvent[];
  received: unknown[];
  gates: { entered: ReturnType<typeof gate>; release: ReturnType<typeof gate> };
}

function harness(): Harness {
  const events = new EventBus();
  const tasks = new RunningTasks();
  const seen: AppEvent[] = [];
  events.subscribe((event) => seen.push(event));
  const received: unknown[] = [];
  const gates = { entered: gate(), release: gate() };
  const handlers: Handlers<TestRegistry> = {
    'echo.name': (input) => {
      received.push(input);
      return { greeting: `hello ${input.name}`, count: input.count };
    },
    'fail.app': () => {
      throw new AppError('NOT_FOUND', 'no such thing', { id: 'x1' });
    },
    'fail.plain': () => {
      throw new Error('kaboom');
    },
    // The contract says int; the handler hands back a fraction and a string.
    'bad.output': () => ({ count: 1.5 }) as unknown as { count: number },
    'extra.output': () => ({ kept: 'yes', secret: 'must not leak' }) as { kept: string },
    'long.count': async ({ steps }, context) => {
      let done = 0;
      for (let step = 0; step < steps; step++) {
        context.throwIfCancelled();
        await tick();
        done++;
        context.progress('counting', done, steps);
      }
      return { done };
    },
    'long.ignoresCancel': async (_input, context) => {
      context.progress('start', 0, null);
      await tick(20);
      return { finished: true };
    },
    'long.gate': async (_input, context) => {
      gates.entered.open();
      await gates.release.promise;
      return { aborted: context.signal.aborted };
    },
  };
  const router = createRouter(registry, handlers, events, tasks);
  return { dispatch: router.dispatch, events, tasks, seen, received, gates };
}

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('router: input', () => {
  it('runs a valid command and returns its checked output', async () => {
    const { dispatch, received } = harness();
    const result = await dispatch('echo.name', { name: '  Ann  ', count: 3 });
    expect(result).toEqual({ ok: true, value: { greeting: 'hello Ann', count: 3 } });
    // The handler gets the parsed input: trimmed, with defaults filled in.
    expect(received).toEqual([{ name: 'Ann', count: 3 }]);
    await dispatch('echo.name', { name: 'Bo' });
    expect(received[1]).toEqual({ name: 'Bo', count: 1 });
  });

  it('refuses invalid input with INVALID_INPUT, an issue per field with path and message key, and never runs the handler', async () => {
    const { dispatch, received } = harness();
    const error = errorOf(await dispatch('echo.name', { name: '   ', count: 9 }));
    expect(error.code).toBe('INVALID_INPUT');
    const issues = (error.details as { issues: { path: unknown[]; message: string; params?: Record<string, unknown> }[] })
      .issues;
    expect(issues).toHaveLength(2);
    expect(issues).toContainEqual({ path: ['name'], message: 'validation.required', params: { min: 1 } });
    expect(issues).toContainEqual({ path: ['count'], message: 'validation.tooLarge', params: { max: 5 } });
    expect(error.message).toContain('name: validation.required');
    expect(received).toEqual([]);
  });

  it('refuses unknown keys, wrong types and a missing input', async () => {
    const { dispatch, received } = harness();
    const extra = errorOf(await dispatch('echo.name', { name: 'a', admin: true }));
    expect(extra.code).toBe('INVALID_INPUT');
    expect((extra.details as { issues: { params?: Record<string, unknown> }[] }).issues[0]?.params).toEqual({ keys: 'admin' });

    const wrongType = errorOf(await dispatch('echo.name', { name: 42 }));
    expect(wrongType.code).toBe('INVALID_INPUT');
    expect((wrongType.details as { issues: { path: unknown[] }[] }).issues[0]?.path).toEqual(['name']);

    // No input at all counts as {}: here that misses the required name.
    const missing = errorOf(await dispatch('echo.name', undefined));
    expect(missing.code).toBe('INVALID_INPUT');
    expect(errorOf(await dispatch('echo.name', 'a string')).code).toBe('INVALID_INPUT');
    expect(received).toEqual([]);
  });

  it('answers UNKNOWN_COMMAND for names not in the registry, including inherited object keys', async () => {
    const { dispatch } = harness();
    for (const name of ['nope', '', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const error = errorOf(await dispatch(name, {}));
      expect(error.code, name).toBe('UNKNOWN_COMMAND');
      expect(error.details).toEqual({ command: name });
    }
  });
});

describe('router: failures become error data', () => {
  it('passes an AppError through with its code, message and details', async () => {
    const { dispatch } = harness();
    expect(await dispatch('fail.app', {})).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such thing', details: { id: 'x1' } },
    });
  });

  it('turns a plain Error into INTERNAL instead of crashing', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { dispatch } = harness();
    const error = errorOf(await dispatch('fail.plain', {}));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('kaboom');
    expect(consoleError).toHaveBeenCalled();
    // The router still works afterwards.
    expect((await dispatch('echo.name', { name: 'x' })).ok).toBe(true);
  });

  it('turns output that breaks the contract into INTERNAL', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { dispatch } = harness();
    const error = errorOf(await dispatch('bad.output', {}));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('bad.output');
  });

  it('strips output fields the contract does not declare', async () => {
    const { dispatch } = harness();
    const result = await dispatch('extra.output', {});
    expect(result).toEqual({ ok: true, value: { kept: 'yes' } });
  });
});

describe('router: long commands', () => {
  it('emits progress events with the taskId and the command', async () => {
    const { dispatch, seen, tasks } = harness();
    const result = await dispatch('long.count', { steps: 4 }, { taskId: 'task-1' });
    expect(result).toEqual({ ok: true, value: { done: 4 } });
    const progress = seen.filter((event): event is ProgressEvent => event.type === 'progress');
    expect(progress).toEqual(
      [1, 2, 3, 4].map((done) => ({ type: 'progress', taskId: 'task-1', command: 'long.count', phase: 'counting', done, total: 4 })),
    );
    // Finished tasks are forgotten: nothing left to cancel, and the id can be used again.
    expect(tasks.cancel('task-1')).toBe(false);
    expect((await dispatch('long.count', { steps: 1 }, { taskId: 'task-1' })).ok).toBe(true);
  });

  it('emits no progress without a taskId (nobody could match it to a caller)', async () => {
    const { dispatch, seen } = harness();
    expect((await dispatch('long.count', { steps: 3 })).ok).toBe(true);
    expect(seen).toEqual([]);
  });

  it('ends with CANCELLED when the task is cancelled mid-run', async () => {
    const { dispatch, events, tasks, seen } = harness();
    let cancelled: boolean | undefined;
    events.subscribe((event) => {
      if (event.type === 'progress' && event.done === 3) cancelled = tasks.cancel('task-2');
    });
    const result = await dispatch('long.count', { steps: 1000 }, { taskId: 'task-2' });
    expect(cancelled).toBe(true);
    const error = errorOf(result);
    expect(error.code).toBe('CANCELLED');
    // It stopped at the next check, not after all 1000 steps.
    const last = seen.filter((event): event is ProgressEvent => event.type === 'progress').at(-1);
    expect(last?.done).toBe(3);
    expect(tasks.cancel('task-2')).toBe(false);
  });

  it('reports what a handler did when it finished despite a cancel (cancellation is cooperative)', async () => {
    // A handler may have committed its work before it saw the cancel: claiming CANCELLED would lie.
    const { dispatch, tasks } = harness();
    const running = dispatch('long.ignoresCancel', {}, { taskId: 'task-3' });
    await tick();
    expect(tasks.cancel('task-3')).toBe(true);
    expect(await running).toEqual({ ok: true, value: { finished: true } });
  });

  it('aborts the signal the handler holds', async () => {
    const { dispatch, tasks, gates } = harness();
    const running = dispatch('long.gate', {}, { taskId: 'task-4' });
    await gates.entered.promise;
    expect(tasks.cancel('task-4')).toBe(true);
    gates.release.open();
    expect(await running).toEqual({ ok: true, value: { aborted: true } });
  });

  it('refuses the same taskId twice at once, and the first run stays cancellable', async () => {
    const { dispatch, tasks, gates } = harness();
    const first = dispatch('long.gate', {}, { taskId: 'dup' });
    await gates.entered.promise;

    const second = errorOf(await dispatch('long.count', { steps: 1 }, { taskId: 'dup' }));
    expect(second.code).toBe('INVALID_INPUT');
    expect(second.details).toMatchObject({ taskId: 'dup' });

    // The refusal did not replace or drop the first run's entry.
    expect(tasks.cancel('dup')).toBe(true);
    gates.release.open();
    // The first run's handler saw its own signal aborted, so the cancel reached the right task.
    expect(await first).toEqual({ ok: true, value: { aborted: true } });
    expect(tasks.cancel('dup')).toBe(false);
  });

  it('cancel of an unknown task answers false', () => {
    expect(new RunningTasks().cancel('never-started')).toBe(false);
  });
});

describe('router and the event bus', () => {
  it('a listener that throws breaks neither the command nor the other listeners', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { dispatch, events, seen } = harness();
    const after: AppEvent[] = [];
    events.subscribe(() => {
      throw new Error('broken transport');
    });
    events.subscribe((event) => after.push(event));

    const result = await dispatch('long.count', { steps: 2 }, { taskId: 'task-5' });
    expect(result).toEqual({ ok: true, value: { done: 2 } });
    expect(seen).toHaveLength(2);
    expect(after).toHaveLength(2);
    expect(consoleError).toHaveBeenCalled();
  });

  it('unsubscribe stops delivery', () => {
    const bus = new EventBus();
    const got: AppEvent[] = [];
    const unsubscribe = bus.subscribe((event) => got.push(event));
    bus.emit({ type: 'changed', entity: 'rounds' });
    unsubscribe();
    bus.emit({ type: 'changed', entity: 'settings' });
    expect(got).toEqual([{ type: 'changed', entity: 'rounds' }]);
  });
});
