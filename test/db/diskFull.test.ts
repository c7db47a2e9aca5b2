import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/errors';
import { runCli } from '../../electron/cli/run';
import { createCore, type Core } from '../../electron/core/core';
import type { PdfEngine } from '../../electron/core/documents/pdfEngine';
import { ok } from '../../electron/core/expert/expertTestKit';
import { extractPages } from '../../electron/core/pdf/extractText';
import { inspectPdf } from '../../electron/core/pdf/inspectPdf';
import { makeMember } from '../../electron/core/panel/panelTestKit';
import { expertRound } from '../../electron/core/scoring/scoringTestKit';
import { corpusFile } from '../helpers/corpus';

/**
 * Issue 9, point 6: a full disk and a read-only data directory. The data directory sits
 * on a small tmpfs mounted for the test (CI runs as root; elsewhere the tests are
 * skipped, saying why). A full disk refuses an import, a new round, a report and an
 * expert's score save with a clear error naming the cause, and leaves the database sound
 * and the stored data as it was (every acknowledged save kept), with no temp file behind;
 * once space is freed the same work succeeds, on the same open core. A data directory
 * remounted read-only refuses to open with STORE_READ_ONLY, through the core and the CLI.
 */

const inProcess: PdfEngine = { inspect: inspectPdf, extract: extractPages, close: async () => undefined };

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const MOUNTABLE = canMount();
// Room for a secretary's and an expert's data directory (about 5 and 7 MB at their fullest) besides the filler.
const SIZE_MB = 24;
let mountPoint: string;
let dataDir: string;
let core: Core | undefined;

async function refused(answer: Promise<Result<unknown>>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const settled = await answer;
  if (settled.ok) throw new Error(`expected a refusal, got ${JSON.stringify(settled.value)}`);
  return settled.error;
}

/** Fills the file system up to `leaveBytes` of free space with one file, which `free()` removes. */
function fill(leaveBytes: number): () => void {
  const filler = path.join(mountPoint, 'filler.bin');
  const { bavail, bsize } = fs.statfsSync(mountPoint);
  const size = Math.max(0, bavail * bsize - leaveBytes);
  const fd = fs.openSync(filler, 'w');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let written = 0; written < size; written += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, size - written));
  } finally {
    fs.closeSync(fd);
  }
  return () => fs.rmSync(filler, { force: true });
}

function snapshot(): { rounds: number; applications: number; documents: number; blobs: number; audit: number } {
  const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { rounds: count('round'), applications: count('application'), documents: count('document'), blobs: count('blob'), audit: count('audit_log') };
  } finally {
    db.close();
  }
}

const tempFiles = () => {
  const tmp = path.join(dataDir, 'blobs', 'sha256', 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
};

describe.skipIf(!MOUNTABLE)(`a data directory on a ${SIZE_MB} MB tmpfs`, () => {
  let roundId: string;

  beforeAll(async () => {
    mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-disk-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m`, 'tmpfs', mountPoint]);
    dataDir = path.join(mountPoint, 'data');
    core = createCore({ dataDir, pdfEngines: [inProcess] });
    roundId = (await ok<{ id: string }>(core.router.dispatch('round.create', { name: '2026年实施方案评审', kind: 'plan-review' }))).id;
    await ok(core.router.dispatch('application.import', { roundId, city: '宁波市', paths: [corpusFile('cjk-cns1-prospectus.pdf')] }));
  });

  afterEach(async () => {
    fs.rmSync(path.join(mountPoint, 'filler.bin'), { force: true });
  });

  afterAll(async () => {
    await core?.close().catch(() => undefined);
    try {
      execFileSync('umount', [mountPoint]);
    } finally {
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('a full disk refuses an import with a clear error, keeps what was stored, and takes it once space is freed', async () => {
    if (core === undefined) throw new Error('no core');
    const before = snapshot();
    const free = fill(200 * 1024);
    const error = await refused(core.router.dispatch('application.import', { roundId, city: '泉州市', paths: [corpusFile('cjk-ctex.pdf')] }));
    expect(error).toMatchObject({ code: 'DISK_FULL', details: { reason: 'ENOSPC' } });
    expect(snapshot()).toEqual(before);
    expect(tempFiles()).toEqual([]);
    free();
    const imported = await ok<{ documents: unknown[] }>(core.router.dispatch('application.import', { roundId, city: '泉州市', paths: [corpusFile('cjk-ctex.pdf')] }));
    expect(imported.documents).toHaveLength(1);
    expect(snapshot().applications).toBe(before.applications + 1);
  });

  it('a full disk refuses a new round (the database cannot grow) and the database stays sound', async () => {
    if (core === undefined) throw new Error('no core');
    const before = snapshot();
    const free = fill(0);
    const names = Array.from({ length: 200 }, (_, i) => `轮次${i}${'很长的名称'.repeat(10)}`);
    let error: { code: string } | undefined;
    for (const name of names) {
      const answer = await core.router.dispatch('round.create', { name, kind: 'custom' });
      if (!answer.ok) {
        error = answer.error;
        break;
      }
    }
    expect(error, 'two hundred rounds fitted on a full disk').toBeDefined();
    expect(error?.code).toBe('DISK_FULL');
    free();
    const after = snapshot();
    // Only whole rounds: each created one is there with its audit entry, the refused one is not.
    expect(after.rounds - before.rounds).toBe(after.audit - before.audit);
    expect(after.applications).toBe(before.applications);
  });

  it('a full disk refuses a report: no partial file, no temp file, no audit entry', async () => {
    if (core === undefined) throw new Error('no core');
    const before = snapshot();
    const out = path.join(mountPoint, '评分汇总表.pdf');
    const free = fill(0);
    const error = await refused(core.router.dispatch('report.export', { roundId, format: 'pdf', out, draft: true }));
    expect(JSON.stringify(error)).toMatch(/ENOSPC|disk/i);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(mountPoint).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    free();
    expect(snapshot()).toEqual(before);
    await ok(core.router.dispatch('report.export', { roundId, format: 'pdf', out, draft: true }));
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  });

  it('a full disk refuses a score save with DISK_FULL; every acknowledged save stays, and saving works once space is freed', async () => {
    // An expert's data directory on the same tmpfs, scoring through the router as the app does.
    const expertDir = path.join(mountPoint, 'expert');
    const packageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-disk-full-package-'));
    const made = await expertRound({ dataDir: expertDir, packageDir, secretary: await makeMember('王秘书') });
    fs.rmSync(packageDir, { recursive: true, force: true });
    const { roundId: expertRoundId, applicationIds } = made;
    for (const applicationId of applicationIds) {
      await ok(made.core.router.dispatch('coi.declare', { roundId: expertRoundId, applicationId, coi: { kind: 'none' } }));
    }
    const criteria = ['policy-compliance', 'manufacturing-base', 'goals-quantified', 'manufacturing-system', 'innovation-system'];
    /** Per key, the last acknowledged save's comment (its number, padded to 12 kB). */
    const acknowledged = new Map<string, string>();
    const save = (on: Core, n: number) => {
      const applicationId = applicationIds[n % applicationIds.length] ?? '';
      const criterionId = criteria[n % criteria.length] ?? '';
      const comment = `#${n} ${'评'.repeat(4000)}`;
      return { key: `${applicationId}:${criterionId}`, comment, answer: on.router.dispatch('score.set', { roundId: expertRoundId, applicationId, criterionId, value: n % 11, comment }) };
    };
    // The state to keep: a save of every key.
    for (let n = 0; n < 10; n += 1) {
      const { key, comment, answer } = save(made.core, n);
      await ok(answer);
      acknowledged.set(key, comment);
    }
    // Closed and opened again: the WAL is checkpointed away, so the next save needs new room on the disk
    // (a WAL that has grown is reused in place, and saves into it fit even on a full disk).
    await made.core.close();
    const expert = createCore({ dataDir: expertDir, pdfEngines: [inProcess] });
    try {
      const free = fill(0);
      let error: { code: string; message: string } | undefined;
      let refusedAt = 0;
      for (let n = 10; n < 2000 && error === undefined; n += 1) {
        const { key, comment, answer } = save(expert, n);
        refusedAt = n;
        const settled = await answer;
        if (settled.ok) acknowledged.set(key, comment);
        else error = settled.error;
      }
      expect(error, 'two thousand 12 kB saves fitted on a full disk').toBeDefined();
      expect(error?.code).toBe('DISK_FULL');
      free();

      // Every key holds its last acknowledged save, whole; the file is sound.
      const db = new Database(path.join(expertDir, 'panel-review.sqlite'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const rows = db.prepare('SELECT application_id, criterion_id, comment FROM criterion_score').all() as { application_id: string; criterion_id: string; comment: string }[];
        expect(new Map(rows.map((row) => [`${row.application_id}:${row.criterion_id}`, row.comment]))).toEqual(acknowledged);
      } finally {
        db.close();
      }
      // And the same core saves again once there is room.
      await ok(save(expert, 10_000).answer);
      console.log(`disk full: score save refused after ${refusedAt - 10} more save(s) fitted`);
    } finally {
      await expert.close();
    }
  });

  it('remounted read-only: the store refuses to open with STORE_READ_ONLY, and the CLI says so in one JSON refusal', async () => {
    await core?.close();
    core = undefined;
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    try {
      let thrown: unknown;
      try {
        const opened = createCore({ dataDir, pdfEngines: [inProcess] });
        await opened.close();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'STORE_READ_ONLY' });
      // The CLI says so too, as one JSON refusal with a stable code, not a crash.
      const out: string[] = [];
      const status = await runCli(['--data-dir', dataDir, '--json', 'round', 'create', '--name', '新轮次', '--kind', 'plan-review'], {
        stdout: (text) => out.push(text),
        stderr: () => undefined,
        stderrInline: () => undefined,
        env: {},
        isTTY: false,
      });
      expect(status).toBe(1);
      expect(JSON.parse(out.join(''))).toMatchObject({ ok: false, error: { code: 'STORE_READ_ONLY' } });
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
    // Writable again: it opens, and nothing was lost.
    core = createCore({ dataDir, pdfEngines: [inProcess] });
    expect(snapshot().applications).toBe(2);
  });
});
