import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/errors';
import type { AppEvent } from '../../../shared/contract/events';
import { ROUND_ID_PATTERN, ROUND_NAME_MAX, type Round } from '../../../shared/domain/round';
import { type Core, createCore } from '../core';

/** round.* and settings.* through the real core: router, handlers, repository, SQLite file. */

const open: Core[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const core of open.splice(0)) core.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-rounds-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}

function startCore(dataDir = freshDir(), now?: () => Date): Core {
  const core = createCore(now === undefined ? { dataDir } : { dataDir, now });
  open.push(core);
  return core;
}

function closeCore(core: Core): void {
  open.splice(open.indexOf(core), 1);
  core.close();
}

function valueOf<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function issuesOf(result: Result<unknown>): { path: (string | number)[]; message: string; params?: Record<string, unknown> }[] {
  const error = errorOf(result);
  expect(error.code).toBe('INVALID_INPUT');
  return (error.details as { issues: { path: (string | number)[]; message: string }[] }).issues;
}

async function listRounds(core: Core): Promise<Round[]> {
  return valueOf<{ rounds: Round[] }>(await core.router.dispatch('round.list', {})).rounds;
}

async function create(core: Core, name: string, kind = 'midterm'): Promise<Result<unknown>> {
  return core.router.dispatch('round.create', { name, kind });
}

describe('round.create', () => {
  it('creates a secretary round with a short typable id and a trimmed name', async () => {
    const fixed = new Date('2024-05-06T07:08:09.000Z');
    const core = startCore(undefined, () => fixed);
    const round = valueOf<Round>(await create(core, '   2024 plan review  ', 'plan-review'));
    expect(round.id).toMatch(ROUND_ID_PATTERN);
    expect(round.id).toHaveLength(10);
    expect(round).toMatchObject({ name: '2024 plan review', kind: 'plan-review', role: 'secretary', createdAt: fixed.toISOString() });
    expect(await listRounds(core)).toEqual([round]);
    // Stored, not only returned: the row is in the SQLite file.
    const row = core.store.db.prepare('SELECT id, name, kind, role, created_at FROM round').get();
    expect(row).toEqual({ id: round.id, name: '2024 plan review', kind: 'plan-review', role: 'secretary', created_at: fixed.toISOString() });
  });

  it('gives every round its own id', async () => {
    const core = startCore();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(valueOf<Round>(await create(core, `round ${i}`)).id);
    expect(ids.size).toBe(20);
    // 50 random bits each: 200 characters drawn from 32 leave none of them unused in practice.
    const alphabetUsed = new Set([...ids].join(''));
    expect(alphabetUsed.size).toBeGreaterThan(24);
    expect((await listRounds(core)).map((round) => round.id).sort()).toEqual([...ids].sort());
  });

  it.each([
    ['an empty name', '', 'validation.required'],
    ['a whitespace-only name', ' \t\n  ', 'validation.required'],
    ['a name with a newline inside', 'first\nsecond', 'validation.controlChars'],
    ['a name with a bell character', 'ding\u0007', 'validation.controlChars'],
    ['a name with DEL', 'del\u007fete', 'validation.controlChars'],
    ['a 121-character name', 'x'.repeat(121), 'validation.tooLong'],
  ])('refuses %s with INVALID_INPUT and stores nothing', async (_label, name, key) => {
    const core = startCore();
    const issues = issuesOf(await create(core, name));
    expect(issues).toContainEqual(expect.objectContaining({ path: ['name'], message: key }));
    expect(await listRounds(core)).toEqual([]);
  });

  it('reports the limit of a too-long name for the translated message', async () => {
    const core = startCore();
    const issues = issuesOf(await create(core, 'y'.repeat(121)));
    expect(issues).toContainEqual({ path: ['name'], message: 'validation.tooLong', params: { max: 120 } });
  });

  it('accepts exactly 120 characters, counted after trimming', async () => {
    const core = startCore();
    expect(ROUND_NAME_MAX).toBe(120);
    const name = 'z'.repeat(120);
    expect(valueOf<Round>(await create(core, `  ${name}  `)).name).toBe(name);
  });

  it('refuses an unknown kind, a missing field and an unknown field, storing nothing', async () => {
    const core = startCore();
    const kind = issuesOf(await create(core, 'ok name', 'final-exam'));
    expect(kind).toContainEqual(expect.objectContaining({ path: ['kind'], message: 'validation.roundKind' }));
    expect(issuesOf(await core.router.dispatch('round.create', { name: 'no kind' }))).toContainEqual(
      expect.objectContaining({ path: ['kind'] }),
    );
    expect(issuesOf(await core.router.dispatch('round.create', { name: 'x', kind: 'midterm', role: 'expert' })).length).toBeGreaterThan(0);
    expect(await listRounds(core)).toEqual([]);
  });

  it('refuses a duplicate name with ROUND_NAME_TAKEN, also when it differs only by surrounding spaces', async () => {
    const core = startCore();
    valueOf<Round>(await create(core, '答辩 A'));
    const taken = errorOf(await create(core, '答辩 A', 'assessment'));
    expect(taken.code).toBe('ROUND_NAME_TAKEN');
    expect(taken.details).toEqual({ name: '答辩 A' });
    expect(errorOf(await create(core, '  答辩 A ')).code).toBe('ROUND_NAME_TAKEN');
    expect(await listRounds(core)).toHaveLength(1);
    // A different name is fine.
    expect((await create(core, '答辩 B')).ok).toBe(true);
  });

  it("emits a 'changed' event for rounds on create, and none on a refusal", async () => {
    const core = startCore();
    const seen: AppEvent[] = [];
    core.events.subscribe((event) => seen.push(event));
    await create(core, 'evented');
    expect(seen).toEqual([{ type: 'changed', entity: 'rounds' }]);
    await create(core, 'evented');
    await create(core, '');
    await core.router.dispatch('round.list', {});
    expect(seen).toHaveLength(1);
  });

  it('round-trips Chinese names exactly', async () => {
    const core = startCore();
    const names = ['国家重点研发计划 中期检查（第二批）', '专家评审·2024年度', '𠀀扩展汉字'];
    for (const name of names) expect(valueOf<Round>(await create(core, name, 'assessment')).name).toBe(name);
    expect((await listRounds(core)).map((round) => round.name).sort()).toEqual([...names].sort());
  });

  it('keeps rounds across close and reopen of the data directory', async () => {
    const dataDir = freshDir();
    const first = startCore(dataDir);
    const made = valueOf<Round>(await create(first, '持久化 round', 'custom'));
    closeCore(first);

    const second = startCore(dataDir);
    expect(await listRounds(second)).toEqual([made]);
    expect(errorOf(await create(second, '持久化 round')).code).toBe('ROUND_NAME_TAKEN');
  });

  it('lists newest first', async () => {
    let clock = Date.parse('2024-01-01T00:00:00.000Z');
    const core = startCore(undefined, () => new Date((clock += 60_000)));
    await create(core, 'older');
    await create(core, 'newer');
    expect((await listRounds(core)).map((round) => round.name)).toEqual(['newer', 'older']);
  });
});

describe('settings', () => {
  it('starts unset, stores a language, reads it back and keeps it across reopen', async () => {
    const dataDir = freshDir();
    const core = startCore(dataDir);
    const seen: AppEvent[] = [];
    core.events.subscribe((event) => seen.push(event));
    expect(valueOf(await core.router.dispatch('settings.get', {}))).toEqual({ language: null });
    expect(valueOf(await core.router.dispatch('settings.set', { language: 'en' }))).toEqual({ language: 'en' });
    expect(valueOf(await core.router.dispatch('settings.get', {}))).toEqual({ language: 'en' });
    expect(seen).toEqual([{ type: 'changed', entity: 'settings' }]);
    expect(valueOf(await core.router.dispatch('settings.set', { language: 'zh-CN' }))).toEqual({ language: 'zh-CN' });
    closeCore(core);

    const again = startCore(dataDir);
    expect(valueOf(await again.router.dispatch('settings.get', {}))).toEqual({ language: 'zh-CN' });
  });

  it("refuses an unsupported language such as 'fr' and keeps the stored one", async () => {
    const core = startCore();
    valueOf(await core.router.dispatch('settings.set', { language: 'en' }));
    const issues = issuesOf(await core.router.dispatch('settings.set', { language: 'fr' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: ['language'], message: 'validation.language' }));
    expect(errorOf(await core.router.dispatch('settings.set', {})).code).toBe('INVALID_INPUT');
    expect(valueOf(await core.router.dispatch('settings.get', {}))).toEqual({ language: 'en' });
  });

  it('treats a stored value that no longer parses as unset', async () => {
    const core = startCore();
    core.store.db
      .prepare(`INSERT INTO setting (key, value_json, updated_at) VALUES ('language', '"fr"', '2024-01-01T00:00:00.000Z')`)
      .run();
    expect(valueOf(await core.router.dispatch('settings.get', {}))).toEqual({ language: null });
  });
});
