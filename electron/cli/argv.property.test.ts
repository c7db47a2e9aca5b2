import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommands } from './commandTable';
import { runCli } from './run';

/**
 * Issue 9, point 5: the command line fed hostile flag values, in this process through
 * the same `runCli` the binary calls, on a real data directory. Every command of the
 * table (but `serve`, which would start a server) with its own flags and made-up ones,
 * values that look like flags, `--flag=value` forms, `--`, empty and very long values,
 * Chinese, emoji, control characters and path separators, repeated flags and stray
 * positionals. Each answer keeps CLI.md's promises: exit status 0, 1 or 2; under
 * `--json` exactly one JSON object on stdout, `ok: false` with a stable code other than
 * INTERNAL when refused; a usage error says so on stderr. Nothing throws, and the
 * database stays sound. Files a command writes land in a scratch folder (the working
 * directory during the test).
 */

const RUNS = 400;
const commands = cliCommands.filter((command) => command.words[0] !== 'serve');

let scratch: string;
let dataDir: string;
let cwd: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-argv-fuzz-'));
  dataDir = path.join(scratch, 'data');
  cwd = process.cwd();
  // Relative --out values resolve here, not in the repository.
  process.chdir(scratch);
});

afterAll(() => {
  process.chdir(cwd);
  fs.rmSync(scratch, { recursive: true, force: true });
});

const values = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '-', '--', '--json', '-x', '=', '..', '../..', '/', '/etc/passwd', 'NUL', 'CON', '评分汇总表.xlsx', '宁波市 申报材料.pdf', 'a\\b', 'SHA256:', 'r0unda1b2c', 'pdf', 'xlsx', 'official', 'zh-CN', 'en', '😀', '\u202e', '\u0000', '\n', 'x'.repeat(5000)),
);

/** Values that do not look like flags: most lines should reach the command, not stop at the parser. */
const plainValues = values.filter((value) => !value.startsWith('-'));

/**
 * One argv: global flags, a command's words, its required flags and some optional ones
 * with hostile values (so most lines reach the command and the core), now and then a
 * made-up flag, `--`, or stray words (which must be usage errors).
 */
const argvs = fc
  .record({
    json: fc.boolean(),
    lang: fc.option(fc.oneof({ arbitrary: fc.constantFrom('zh-CN', 'en'), weight: 4 }, { arbitrary: values, weight: 1 }), { nil: undefined }),
    command: fc.constantFrom(...commands),
    required: fc.array(plainValues, { minLength: 4, maxLength: 4 }),
    optional: fc.array(fc.record({ pick: fc.nat(), value: fc.oneof({ arbitrary: plainValues, weight: 4 }, { arbitrary: values, weight: 1 }), equals: fc.boolean() }), { maxLength: 3 }),
    // One line in nine has a made-up flag (a usage error).
    unknown: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.string({ minLength: 1, maxLength: 10 }), weight: 1 }),
    positionals: fc.array(plainValues, { maxLength: 2 }),
    dashdash: fc.boolean(),
  })
  .map(({ json, lang, command, required, optional, unknown, positionals, dashdash }) => {
    const argv: string[] = [];
    if (json) argv.push('--json');
    if (lang !== undefined) argv.push('--lang', lang);
    argv.push(...command.words);
    const flag = (name: string, value: string, equals = false) => {
      const boolean = (command.options[name] as { type?: string } | undefined)?.type === 'boolean';
      if (boolean) argv.push(`--${name}`);
      else if (equals) argv.push(`--${name}=${value}`);
      else argv.push(`--${name}`, value);
    };
    (command.required ?? []).forEach((name, index) => flag(name, required[index] ?? ''));
    const own = Object.keys(command.options);
    for (const extra of optional) if (own.length > 0) flag(own[extra.pick % own.length] ?? '', extra.value, extra.equals);
    if (unknown !== undefined) argv.push(`--${unknown}`);
    if (dashdash) argv.push('--');
    if (command.positionals !== undefined) argv.push(...positionals.slice(0, Math.max(command.positionals.min, positionals.length)));
    return { argv, json, command: command.words.join(' ') };
  });

async function run(argv: readonly string[]): Promise<{ status: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await runCli(argv, {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    stderrInline: () => undefined,
    // No passphrase anywhere and no terminal: a command that needs one is refused, never waits.
    env: { PANEL_REVIEW_DATA_DIR: dataDir, LANG: 'zh_CN.UTF-8' },
    isTTY: false,
  });
  return { status, stdout, stderr };
}

describe('the command line with hostile flag values', () => {
  it(`answers with status 0, 1 or 2 and, under --json, one JSON object: ${RUNS} command lines`, async () => {
    const seen = { ok: 0, refused: 0, usage: 0 };
    await fc.assert(
      fc.asyncProperty(argvs, async ({ argv, json }) => {
        const { status, stdout, stderr } = await run(argv);
        expect([0, 1, 2], JSON.stringify(argv)).toContain(status);
        if (status === 0) seen.ok += 1;
        else if (status === 1) seen.refused += 1;
        else seen.usage += 1;
        if (json) {
          // `--json` given before the command words counts; one JSON object and nothing else.
          expect(stdout, JSON.stringify(argv)).toHaveLength(1);
          const answer = JSON.parse(stdout[0] ?? '') as { ok?: boolean; error?: { code?: string; message?: string } };
          expect(typeof answer, JSON.stringify(argv)).toBe('object');
          if (status !== 0) {
            expect(answer.ok).toBe(false);
            expect(answer.error?.code, `${JSON.stringify(argv)}: ${answer.error?.message ?? ''}`).not.toBe('INTERNAL');
            expect(answer.error?.message).toBeTruthy();
          }
        }
        if (status !== 0) expect(stderr.join('\n'), JSON.stringify(argv)).toMatch(/^panel-review: /);
      }),
      { numRuns: RUNS },
    );
    console.log(`argv fuzz: ${RUNS} command lines over ${commands.length} commands: ${seen.ok} done, ${seen.refused} refused, ${seen.usage} usage errors`);
    if (fs.existsSync(path.join(dataDir, 'panel-review.sqlite'))) {
      const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    }
  }, 300_000);
});
