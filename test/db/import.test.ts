import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/errors';
import { createCore, type Core } from '../../electron/core/core';
import type { PdfEngine } from '../../electron/core/documents/pdfEngine';
import { extractPages } from '../../electron/core/pdf/extractText';
import { inspectPdf } from '../../electron/core/pdf/inspectPdf';
import { renderSnapshot } from '../../electron/core/pdf/renderSnapshot';
import { corpus, corpusFile } from '../helpers/corpus';

/** pdf.js in-process: the worker thread adds nothing to what these tests check. */
const inProcess: PdfEngine = { inspect: inspectPdf, extract: extractPages, close: async () => undefined };

const dirs: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-import-'));
  dirs.push(dir);
  return dir;
}

function openCore(dataDir: string, ...engines: PdfEngine[]): Core {
  if (engines.length === 0) engines.push(inProcess);
  const core = createCore({ dataDir, pdfEngines: engines });
  cores.push(core);
  return core;
}

async function ok<T>(result: Promise<Result<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled.error)}`);
  return settled.value as T;
}

async function newRound(core: Core, name = '2026 实施方案评审'): Promise<string> {
  return (await ok<{ id: string }>(core.router.dispatch('round.create', { name, kind: 'plan-review' }))).id;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function blobFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'blobs', 'sha256');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** What an import left in its staging area (unpacked zips): must be nothing. */
function stagingLeftovers(dataDir: string): string[] {
  const staging = path.join(dataDir, 'staging');
  return fs.existsSync(staging) ? fs.readdirSync(staging, { recursive: true }).map(String) : [];
}

function rowCounts(dataDir: string) {
  const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { application: count('application'), document: count('document'), blob: count('blob'), pageText: count('page_text') };
  } finally {
    db.close();
  }
}

interface ImportResult {
  id: string;
  documents: { sha256: string; pages: number; name: string; kind: string; status: string }[];
  skipped: { name: string; reason: string }[];
}
interface ListResult {
  applications: { id: string; city: string | null; documents: { sha256: string; pages: number; textStatus: string; textPages: number }[] }[];
}

describe('application import', () => {
  it('stores PDFs by SHA-256, records pages and metadata, and indexes every page', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const files = ['cjk-lshort-zh-cn.pdf', 'report-cjk-proposal.pdf'].map(corpusFile);
    const result = await ok<ImportResult>(
      core.router.dispatch('application.import', { roundId, city: '重庆市', province: '重庆市', applicant: '市经信委', paths: files }),
    );
    expect(result.documents.map((d) => [d.name, d.pages, d.status, d.kind])).toEqual([
      ['cjk-lshort-zh-cn.pdf', 139, 'imported', 'plan'],
      ['report-cjk-proposal.pdf', 26, 'imported', 'plan'],
    ]);
    for (const [index, file] of files.entries()) {
      const sha = sha256(file);
      expect(result.documents[index]?.sha256).toBe(sha);
      const stored = path.join(dataDir, 'blobs', 'sha256', sha.slice(0, 2), sha);
      expect(sha256(stored)).toBe(sha);
    }
    const { applications } = await ok<ListResult>(core.router.dispatch('application.list', { roundId }));
    expect(applications).toHaveLength(1);
    expect(applications[0]?.city).toBe('重庆市');
    expect(applications[0]?.documents.map((d) => [d.textStatus, d.textPages])).toEqual([
      ['done', 139],
      ['done', 26],
    ]);
    expect(rowCounts(dataDir).pageText).toBe(139 + 26);
  });

  it('stores the same file once, however often it is imported', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const file = corpusFile('cjk-cns1-prospectus.pdf');
    const first = await ok<ImportResult>(core.router.dispatch('application.import', { roundId, city: '香港', paths: [file] }));
    const second = await ok<ImportResult>(core.router.dispatch('application.import', { roundId, city: '澳门', paths: [file, file] }));
    expect(first.documents[0]?.status).toBe('imported');
    expect(second.documents.map((d) => d.status)).toEqual(['existing']);
    expect(second.skipped).toEqual([{ name: 'cjk-cns1-prospectus.pdf', reason: 'duplicate' }]);
    expect(blobFiles(dataDir)).toHaveLength(1);
    expect(rowCounts(dataDir)).toMatchObject({ application: 2, document: 2, blob: 1, pageText: 1 });
  });

  const refused = corpus.filter((entry) => entry.expect === 'error');
  it.each(refused.map((entry) => [entry.file]))('refuses %s with a clear reason and stores nothing', async (name) => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    // A good file beside the bad one: the whole command is refused all the same.
    const result = await core.router.dispatch('application.import', {
      roundId,
      paths: [corpusFile('cjk-cns1-prospectus.pdf'), corpusFile(name)],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(['PDF_EMPTY', 'PDF_NOT_PDF', 'PDF_DAMAGED']).toContain(result.error.code);
    expect(result.error.details).toMatchObject({ file: name, failures: [expect.objectContaining({ file: name })] });
    expect(blobFiles(dataDir)).toEqual([]);
    expect(rowCounts(dataDir)).toEqual({ application: 0, document: 0, blob: 0, pageText: 0 });
    expect(stagingLeftovers(dataDir)).toEqual([]);
  });

  it('asks for the password of an encrypted PDF, refuses a wrong one, and keeps a right one for the reader', async () => {
    const entry = corpus.find((e) => e.expect === 'password');
    if (entry?.password === undefined) throw new Error('the corpus has no password-protected PDF');
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const paths = [corpusFile(entry.file)];
    const without = await core.router.dispatch('application.import', { roundId, paths });
    expect(without).toMatchObject({ ok: false, error: { code: 'PDF_PASSWORD_REQUIRED' } });
    const wrong = await core.router.dispatch('application.import', { roundId, paths, password: 'not-it' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PDF_PASSWORD_WRONG' } });
    expect(rowCounts(dataDir).blob).toBe(0);

    const imported = await ok<ImportResult>(core.router.dispatch('application.import', { roundId, paths, password: entry.password }));
    expect(imported.documents[0]?.pages).toBe(entry.pages);
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT encryption, password, text_status AS status FROM blob').get()).toEqual({
        encryption: 'user',
        password: entry.password,
        status: 'done',
      });
    } finally {
      db.close();
    }
  });

  it('imports a zip of PDFs with Chinese folder names as one application', async () => {
    const dataDir = tempDir();
    const zipPath = path.join(tempDir(), '北京市申报材料.zip');
    const zip = new yazl.ZipFile();
    zip.addFile(corpusFile('cjk-cns1-prospectus.pdf'), '北京市/实施方案.pdf');
    zip.addFile(corpusFile('annots-pdfcomment.pdf'), '北京市/初审意见.pdf');
    zip.addBuffer(Buffer.from('说明'), '北京市/说明.txt');
    zip.end();
    await new Promise<void>((resolve, reject) => {
      zip.outputStream.pipe(fs.createWriteStream(zipPath)).on('close', resolve).on('error', reject);
    });
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const result = await ok<ImportResult>(core.router.dispatch('application.import', { roundId, city: '北京市', paths: [zipPath] }));
    expect(result.documents.map((d) => [d.name, d.pages])).toEqual([
      ['北京市申报材料.zip/北京市/实施方案.pdf', 1],
      ['北京市申报材料.zip/北京市/初审意见.pdf', 16],
    ]);
    expect(result.skipped).toEqual([{ name: '北京市申报材料.zip/北京市/说明.txt', reason: 'not-pdf' }]);
    expect(stagingLeftovers(dataDir)).toEqual([]);
  });

  it('refuses an unknown round, a missing file and bad metadata before storing anything', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const file = corpusFile('cjk-cns1-prospectus.pdf');
    expect(await core.router.dispatch('application.import', { roundId: 'zzzzzzzzzz', paths: [file] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await core.router.dispatch('application.import', { roundId, paths: [path.join(dataDir, 'nope.pdf')] })).toMatchObject({
      ok: false,
      error: { code: 'FILE_UNREADABLE' },
    });
    expect(await core.router.dispatch('application.import', { roundId, docKind: 'report', paths: [file] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await core.router.dispatch('application.import', { roundId, paths: [] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(rowCounts(dataDir)).toEqual({ application: 0, document: 0, blob: 0, pageText: 0 });
  });
});

describe('files uploaded by the web shell', () => {
  it('are removed from staging once imported, and kept when the import is refused', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const upload = (id: string, name: string) => {
      const dir = path.join(dataDir, 'staging', 'uploads', id);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(corpusFile(name), path.join(dir, name));
      return path.join(dir, name);
    };
    const good = upload('a1', 'cjk-cns1-prospectus.pdf');
    const locked = upload('b2', 'encrypted-aes256-user.pdf');
    const outside = path.join(tempDir(), 'annots-pdfcomment.pdf');
    fs.copyFileSync(corpusFile('annots-pdfcomment.pdf'), outside);

    // Refused (no password): every upload stays for the retry.
    expect((await core.router.dispatch('application.import', { roundId, paths: [good, locked] })).ok).toBe(false);
    expect([fs.existsSync(good), fs.existsSync(locked)]).toEqual([true, true]);

    await ok<ImportResult>(core.router.dispatch('application.import', { roundId, paths: [good, locked, outside], password: 'secret' }));
    expect(fs.readdirSync(path.join(dataDir, 'staging', 'uploads'))).toEqual([]);
    // A file the user named on their own disk is theirs: never touched.
    expect(fs.existsSync(outside)).toBe(true);
  });
});

describe('editing after import', () => {
  it('corrects city, province, applicant and a document kind; an unknown id changes nothing', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const imported = await ok<ImportResult>(
      core.router.dispatch('application.import', { roundId, city: '成都', applicant: '经信局', paths: [corpusFile('cjk-cns1-prospectus.pdf')] }),
    );
    const sha = imported.documents[0]?.sha256 ?? '';
    type App = { city: string | null; province: string | null; applicant: string | null; documents: { kind: string }[] };
    // Only the fields given change; an empty string clears one.
    const updated = await ok<App>(core.router.dispatch('application.update', { applicationId: imported.id, city: '成都市', province: '四川省', applicant: '' }));
    expect(updated).toMatchObject({ city: '成都市', province: '四川省', applicant: null });
    const kept = await ok<App>(core.router.dispatch('application.update', { applicationId: imported.id, applicant: '成都市经济和信息化局' }));
    expect(kept).toMatchObject({ city: '成都市', province: '四川省', applicant: '成都市经济和信息化局' });
    const retyped = await ok<App>(core.router.dispatch('document.update', { applicationId: imported.id, sha256: sha, kind: 'opinion' }));
    expect(retyped.documents[0]?.kind).toBe('opinion');

    expect(await core.router.dispatch('application.update', { applicationId: 'zzzzzzzzzz', city: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.router.dispatch('document.update', { applicationId: imported.id, sha256: 'a'.repeat(64), kind: 'form' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.router.dispatch('document.update', { applicationId: imported.id, sha256: sha, kind: 'report' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await core.router.dispatch('application.update', { applicationId: imported.id, city: '城'.repeat(201) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const { applications } = await ok<{ applications: App[] }>(core.router.dispatch('application.list', { roundId }));
    expect(applications[0]).toMatchObject({ city: '成都市', province: '四川省', applicant: '成都市经济和信息化局', documents: [{ kind: 'opinion' }] });
  });
});

describe('search', () => {
  it('finds Chinese phrases on their page, two-character terms too, only in the round asked', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const otherRound = await newRound(core, '另一个评审轮次');
    const imported = await ok<ImportResult>(
      core.router.dispatch('application.import', { roundId, city: '成都市', paths: [corpusFile('cjk-lshort-zh-cn.pdf')] }),
    );
    const sha = imported.documents[0]?.sha256;

    type Hits = { hits: { applicationId: string; sha256: string; page: number; snippet: string; highlights: [number, number][]; city: string | null }[] };
    // pdftotext finds 另起一页 on pages 20, 28, 47 and 84 of this manual.
    const phrase = await ok<Hits>(core.router.dispatch('search.query', { roundId, query: '另起一页' }));
    expect(phrase.hits.map((h) => h.page).sort((a, b) => a - b)).toEqual([20, 28, 47, 84]);
    for (const hit of phrase.hits) {
      expect(hit).toMatchObject({ applicationId: imported.id, sha256: sha, city: '成都市' });
      expect(hit.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toContain('另起一页');
    }
    // Two terms, both required: 正斜线 is on pages 15 and 20, 另起一页 on 20 among others.
    const both = await ok<Hits>(core.router.dispatch('search.query', { roundId, query: '正斜线 另起一页' }));
    expect(both.hits.map((h) => h.page)).toEqual([20]);
    // Two characters: below the trigram length, answered by LIKE.
    const short = await ok<Hits>(core.router.dispatch('search.query', { roundId, query: '宏包' }));
    expect(short.hits.length).toBeGreaterThan(10);
    expect(short.hits.every((h) => h.snippet.includes('宏包'))).toBe(true);

    // Short terms only: a scan of the page texts in FTS5's content table. It finds exactly
    // the pages a plain substring test finds, in page order (Chinese compared as bytes,
    // Latin without case), and reads that table as the index stores it.
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
    try {
      const pages = db.prepare<[string], { page: number; text: string }>('SELECT page, text FROM page_text WHERE sha256 = ? ORDER BY rowid').all(sha ?? '');
      expect(db.prepare('SELECT c2 AS page, c0 AS text FROM page_text_content WHERE c1 = ? ORDER BY id').all(sha ?? '')).toEqual(pages);
      for (const [query, has] of [
        ['宏包', (text: string) => text.includes('宏包')],
        ['环境 命令', (text: string) => text.includes('环境') && text.includes('命令')],
        ['鑫淼', (text: string) => text.includes('鑫淼')],
        ['pd', (text: string) => text.toLowerCase().includes('pd')],
      ] as const) {
        const expected = pages.filter((p) => has(p.text)).map((p) => p.page);
        const found = (await ok<Hits>(core.router.dispatch('search.query', { roundId, query, limit: 500 }))).hits.map((h) => h.page);
        expect(found, query).toEqual(expected);
      }
    } finally {
      db.close();
    }

    expect((await ok<Hits>(core.router.dispatch('search.query', { roundId: otherRound, query: '另起一页' }))).hits).toEqual([]);
    expect((await ok<Hits>(core.router.dispatch('search.query', { roundId, query: '"OR NEAR(' }))).hits).toEqual([]);
  });
});

describe('text extraction survives a restart', () => {
  it('resumes an interrupted document at the next page, without duplicate pages', async () => {
    const dataDir = tempDir();
    const controller = new AbortController();
    // An engine that stops the import's indexing after 60 pages, as a quit would.
    const interrupted: PdfEngine = {
      ...inProcess,
      extract: (file, options) =>
        extractPages(file, {
          ...options,
          signal: controller.signal,
          onPage: async (page, text) => {
            await options.onPage(page, text);
            if (page === 60) controller.abort();
          },
        }),
    };
    const first = openCore(dataDir, interrupted);
    const roundId = await newRound(first);
    await ok<ImportResult>(first.router.dispatch('application.import', { roundId, paths: [corpusFile('cjk-lshort-zh-cn.pdf')] }));
    const before = (await ok<ListResult>(first.router.dispatch('application.list', { roundId }))).applications[0]?.documents[0];
    expect(before?.textStatus).toBe('pending');
    // Every page handed over before the stop is kept; the rest waits for the next start.
    expect(before?.textPages).toBe(60);
    await first.close();
    cores.splice(cores.indexOf(first), 1);

    const second = openCore(dataDir);
    await second.indexer.resumePending();
    const after = (await ok<ListResult>(second.router.dispatch('application.list', { roundId }))).applications[0]?.documents[0];
    expect(after).toMatchObject({ textStatus: 'done', textPages: 139 });
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
    try {
      const pages = db.prepare('SELECT page FROM page_text ORDER BY page').pluck().all();
      expect(pages).toEqual(Array.from({ length: 139 }, (_, i) => i + 1));
    } finally {
      db.close();
    }
  });

  it('shares a document between two engines and, after one was stopped, fills exactly the missing pages', async () => {
    const dataDir = tempDir();
    const stopSecond = new AbortController();
    const seen: { engine: string; page: number }[] = [];
    const watched = (name: string, controller?: AbortController): PdfEngine => ({
      ...inProcess,
      extract: (file, options) =>
        extractPages(file, {
          ...options,
          // Stopping one engine is what a quit mid-extraction does to it.
          signal: controller === undefined ? options.signal : AbortSignal.any([controller.signal, ...(options.signal ? [options.signal] : [])]),
          onPage: async (page, text) => {
            seen.push({ engine: name, page });
            await options.onPage(page, text);
            if (controller !== undefined && page === 100) controller.abort();
          },
        }),
    });
    const first = openCore(dataDir, watched('a'), watched('b', stopSecond));
    const roundId = await newRound(first);
    await ok<ImportResult>(first.router.dispatch('application.import', { roundId, paths: [corpusFile('cjk-lshort-zh-cn.pdf')] }));
    // 139 pages in two halves: a started at 1, b at 71; b stopped after page 100, and a stopped with it.
    const firstRun = seen.map((s) => s.page);
    const fromA = seen.filter((s) => s.engine === 'a').map((s) => s.page);
    expect(seen.filter((s) => s.engine === 'b').map((s) => s.page)).toEqual(range(71, 100));
    expect(fromA).toEqual(range(1, fromA.length));
    expect(fromA.length).toBeLessThan(70);
    const stopped = (await ok<ListResult>(first.router.dispatch('application.list', { roundId }))).applications[0]?.documents[0];
    expect(stopped).toMatchObject({ textStatus: 'pending', textPages: firstRun.length });
    await first.close();
    cores.splice(cores.indexOf(first), 1);

    seen.length = 0;
    const second = openCore(dataDir, watched('c'), watched('d'));
    await second.indexer.resumePending();
    // Exactly the pages without a row, each once: the rest of a's half and all after 100.
    expect(seen.map((s) => s.page).sort((x, y) => x - y)).toEqual(range(1, 139).filter((p) => !firstRun.includes(p)));
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT page FROM page_text ORDER BY page').pluck().all()).toEqual(range(1, 139));
      expect(db.prepare('SELECT text_status AS status, text_pages AS pages FROM blob').get()).toEqual({ status: 'done', pages: 139 });
    } finally {
      db.close();
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('first-page pictures (page_snapshot)', () => {
  const picturing: PdfEngine = { ...inProcess, snapshot: renderSnapshot };
  const rows = (dataDir: string) => {
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT sha256, page, width_pt AS widthPt, length(image) AS bytes, outline, error FROM page_snapshot ORDER BY sha256').all();
    } finally {
      db.close();
    }
  };

  it('draws page 1 of each imported PDF once, before its text, and serves it to the shells', async () => {
    const dataDir = tempDir();
    const order: string[] = [];
    const core = openCore(dataDir, {
      ...picturing,
      snapshot: async (file, options) => {
        order.push('snapshot');
        return renderSnapshot(file, options);
      },
      extract: async (file, options) => {
        order.push('extract');
        return extractPages(file, options);
      },
    });
    const roundId = await newRound(core);
    const file = corpusFile('cjk-ctex.pdf');
    await ok<ImportResult>(core.router.dispatch('application.import', { roundId, paths: [file] }));
    expect(order[0]).toBe('snapshot');
    expect(order.filter((step) => step === 'snapshot')).toHaveLength(1);
    const stored = core.snapshots.get(sha256(file));
    // cjk-ctex.pdf has Chinese bookmarks (the reader e2e test opens one).
    expect(stored).toMatchObject({ page: 1, mime: 'image/webp', outline: true });
    expect(stored?.image.subarray(8, 12).toString('latin1')).toBe('WEBP');
    // The same file again (another round): stored once, drawn once.
    await ok<ImportResult>(core.router.dispatch('application.import', { roundId: await newRound(core, '中期评估'), paths: [file] }));
    expect(order.filter((step) => step === 'snapshot')).toHaveLength(1);
    expect(rows(dataDir)).toHaveLength(1);
  });

  it('records a picture that cannot be drawn with its reason, never fails the import, and does not try again', async () => {
    const dataDir = tempDir();
    let attempts = 0;
    const broken: PdfEngine = {
      ...inProcess,
      snapshot: async () => {
        attempts++;
        throw new Error('no canvas here');
      },
    };
    const core = openCore(dataDir, broken);
    const roundId = await newRound(core);
    await ok<ImportResult>(core.router.dispatch('application.import', { roundId, paths: [corpusFile('cjk-ctex.pdf')] }));
    const listed = (await ok<ListResult>(core.router.dispatch('application.list', { roundId }))).applications[0]?.documents[0];
    expect(listed?.textStatus).toBe('done');
    expect(rows(dataDir)).toEqual([{ sha256: sha256(corpusFile('cjk-ctex.pdf')), page: 1, widthPt: null, bytes: null, outline: null, error: 'no canvas here' }]);
    await core.indexer.resumePending();
    expect(attempts).toBe(1);
    expect(core.snapshots.get(sha256(corpusFile('cjk-ctex.pdf')))).toBeUndefined();
  });

  it('draws the pictures missing at start (PDFs imported before there were pictures)', async () => {
    const dataDir = tempDir();
    // An engine without a canvas: imports and indexes, draws nothing, records nothing.
    const first = openCore(dataDir, inProcess);
    const roundId = await newRound(first);
    await ok<ImportResult>(first.router.dispatch('application.import', { roundId, paths: [corpusFile('cjk-ctex.pdf'), corpusFile('report-cjk-proposal.pdf')] }));
    expect(rows(dataDir)).toEqual([]);
    await first.close();
    cores.splice(cores.indexOf(first), 1);

    const second = openCore(dataDir, picturing);
    await second.indexer.resumePending();
    const drawn = rows(dataDir) as { bytes: number; error: string | null }[];
    expect(drawn).toHaveLength(2);
    expect(drawn.every((row) => row.bytes > 1000 && row.error === null)).toBe(true);
  });
});

describe('reading position', () => {
  it('document.open says where the reader left a document; only a page the document has counts', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const roundId = await newRound(core);
    const imported = await ok<ImportResult>(core.router.dispatch('application.import', { roundId, paths: [corpusFile('cjk-ctex.pdf')] }));
    const sha = imported.documents[0]?.sha256 ?? '';
    const open = () => ok<{ lastPage: number | null; pages: number; url: string }>(core.router.dispatch('document.open', { sha256: sha }));
    expect(await open()).toMatchObject({ lastPage: null, url: `/blob/${sha}` });
    await ok(core.router.dispatch('document.savePosition', { sha256: sha, page: 5 }));
    expect((await open()).lastPage).toBe(5);
    // Kept across a restart, as the rest of the data directory.
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const again = openCore(dataDir);
    expect((await ok<{ lastPage: number | null }>(again.router.dispatch('document.open', { sha256: sha }))).lastPage).toBe(5);
    // A page past the end (saved by a bug, or a hand-edited database) is ignored, not obeyed.
    await ok(again.router.dispatch('document.savePosition', { sha256: sha, page: 10_000 }));
    expect((await ok<{ lastPage: number | null }>(again.router.dispatch('document.open', { sha256: sha }))).lastPage).toBeNull();
    const refused = await again.router.dispatch('document.savePosition', { sha256: sha, page: 0 });
    expect(refused.ok).toBe(false);
    const unknown = await again.router.dispatch('document.open', { sha256: 'f'.repeat(64) });
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
  });
});
