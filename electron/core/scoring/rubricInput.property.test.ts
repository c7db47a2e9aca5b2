import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RubricSchema, type Rubric } from '../../../shared/domain/rubric';
import { rubricTemplate } from '../../../shared/domain/rubricTemplates';
import { createCore, type Core } from '../core';
import { ok } from '../expert/expertTestKit';

/**
 * Issue 9, point 5: rubric JSON fuzzed at `rubric.set` (what the editor and `round
 * create --rubric` send) on a real data directory. A mutation of a built-in rubric (a value replaced by any JSON, a key
 * dropped, an array item doubled, prototype keys, huge or odd numbers, lone surrogates)
 * is either a valid rubric, stored and read back as sent, or refused with
 * INVALID_INPUT naming where (JSON_NOT_CANONICAL, naming the path, for a lone surrogate
 * that canonical JSON cannot carry) — and then the stored rubric is the one before. The
 * CLI's rubric file reader is fuzzed beside it (electron/cli/commands/rubricFile.property.test.ts).
 */

const RUNS = 250;

let dir: string;
let core: Core;
let roundId: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-rubric-fuzz-'));
  core = createCore({ dataDir: path.join(dir, 'data'), pdfEngines: [] });
  roundId = (await ok<{ id: string }>(core.router.dispatch('round.create', { name: '细则模糊测试', kind: 'plan-review' }))).id;
});

afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value`, the root excluded. */
function pathsOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...at, index], ...pathsOf(item, [...at, index])]);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [[...at, key], ...pathsOf(item, [...at, key])]);
  return [];
}

type Edit = { kind: 'replace'; value: Json } | { kind: 'drop' } | { kind: 'double' } | { kind: 'addKey'; key: string; value: Json };

/** A copy of `root` with one edit at `where`. */
function edited(root: Json, where: (string | number)[], edit: Edit): Json {
  const copy = structuredClone(root);
  const parentPath = where.slice(0, -1);
  const last = where.at(-1);
  let parent: Json = copy;
  for (const step of parentPath) parent = (parent as Record<string | number, Json>)[step] as Json;
  if (last === undefined || parent === null || typeof parent !== 'object') return copy;
  const container = parent as Record<string | number, Json>;
  switch (edit.kind) {
    case 'replace':
      container[last] = edit.value;
      break;
    case 'drop':
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else Reflect.deleteProperty(container, last);
      break;
    case 'double':
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 0, structuredClone(parent[last] as Json));
      break;
    case 'addKey': {
      const target = container[last];
      // defineProperty: a key named __proto__ becomes an own key, as JSON.parse makes it.
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, edit.key, { value: edit.value, enumerable: true, writable: true, configurable: true });
      break;
    }
  }
  return copy;
}

const oddNumbers = fc.constantFrom(0, -1, 0.1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 1e-300, 0.30000000000000004, 101, 3.5);
const oddStrings = fc.constantFrom('', ' ', '\u0000', '\ud800', '\udfff', '😀'.repeat(300), '一'.repeat(5000), '__proto__', '\u202e反向', 'approve');
const values = fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, oddNumbers, oddStrings, fc.constant(null), fc.constant([] as Json[]), fc.constant({} as Record<string, Json>)) as fc.Arbitrary<Json>;
const edits: fc.Arbitrary<Edit> = fc.oneof(
  values.map((value): Edit => ({ kind: 'replace', value })),
  fc.constant<Edit>({ kind: 'drop' }),
  fc.constant<Edit>({ kind: 'double' }),
  fc.record({ key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'titleEn'), fc.string()), value: values }).map(({ key, value }): Edit => ({ kind: 'addKey', key, value })),
);

async function stored(): Promise<{ version: number; rubric: Rubric }> {
  return ok<{ version: number; rubric: Rubric }>(core.router.dispatch('rubric.show', { roundId }));
}

describe('rubric JSON with hostile edits', () => {
  for (const kind of ['plan-review', 'midterm', 'assessment'] as const) {
    it(`rubric.set takes a mutation of the ${kind} template whole or refuses it naming where, keeping the rubric before: ${RUNS} runs`, async () => {
      const template = rubricTemplate(kind) as unknown as Json;
      const paths = pathsOf(template);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: paths.length - 1 }), edits, async (which, edit) => {
          const mutated = edited(template, paths[which] ?? [], edit);
          const before = await stored();
          const answer = await core.router.dispatch('rubric.set', { roundId, rubric: mutated });
          const after = await stored();
          if (answer.ok) {
            // Stored as the schema reads it, and read back the same.
            expect(after.rubric).toEqual(RubricSchema.parse(mutated));
          } else {
            expect(['INVALID_INPUT', 'JSON_NOT_CANONICAL'], answer.error.message).toContain(answer.error.code);
            expect(after).toEqual(before);
          }
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }

  it(`rubric.set refuses any JSON value that is not a rubric: ${RUNS} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const before = await stored();
        const answer = await core.router.dispatch('rubric.set', { roundId, rubric: value });
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.error.code).toBe('INVALID_INPUT');
        expect(await stored()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });
});
