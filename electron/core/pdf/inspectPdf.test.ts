import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure';
import { inspectPdf, parsePdfDate } from './inspectPdf';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');

interface CorpusEntry {
  file: string;
  pages: number | 'n/a';
  expect: 'ok' | 'password' | 'error';
  password?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'MANIFEST.json'), 'utf8')) as CorpusEntry[];

/** The code each error file must give; a new error file must be added here, on purpose. */
const errorCodes: Record<string, string> = {
  'empty.pdf': 'PDF_EMPTY',
  'not-a-pdf.pdf': 'PDF_NOT_PDF',
  'truncated.pdf': 'PDF_DAMAGED',
};
/** Encrypted files that open without a password (permissions only). */
const ownerOnly = new Set(['encrypted-owner-only.pdf']);


const inspect = (entry: CorpusEntry, password?: string) =>
  inspectPdf(path.join(corpus, entry.file), password === undefined ? { displayName: entry.file } : { displayName: entry.file, password });

describe('inspectPdf on the corpus (driven by MANIFEST.json)', () => {
  it('has a corpus', () => {
    expect(manifest.length).toBeGreaterThan(10);
  });

  for (const entry of manifest.filter((e) => e.expect === 'ok')) {
    it(`${entry.file}: ${String(entry.pages)} pages`, async () => {
      const info = await inspect(entry);
      expect(info.pages).toBe(entry.pages);
      expect(info.encryption).toBe(ownerOnly.has(entry.file) ? 'owner' : 'none');
    });
  }

  for (const entry of manifest.filter((e) => e.expect === 'password')) {
    it(`${entry.file}: asks for its password, refuses a wrong one, opens with the right one`, async () => {
      const without = await failure(inspect(entry));
      expect(without.code).toBe('PDF_PASSWORD_REQUIRED');
      expect(without.details).toEqual({ file: entry.file });
      expect((await failure(inspect(entry, 'wrong'))).code).toBe('PDF_PASSWORD_WRONG');
      const info = await inspect(entry, entry.password);
      expect(info.pages).toBe(26);
      expect(info.pages).toBe(entry.pages);
      expect(info.encryption).toBe('user');
    });
  }

  for (const entry of manifest.filter((e) => e.expect === 'error')) {
    it(`${entry.file}: fails with ${errorCodes[entry.file] ?? '(add its code to errorCodes)'}`, async () => {
      const error = await failure(inspect(entry));
      expect(error.code).toBe(errorCodes[entry.file]);
      expect(error.details?.file).toBe(entry.file);
      if (error.code === 'PDF_DAMAGED') expect(error.details?.reason).toEqual(expect.any(String));
    });
  }
});

describe('inspectPdf details', () => {
  const entry = (file: string): CorpusEntry => {
    const found = manifest.find((e) => e.file === file);
    if (found === undefined) throw new Error(`${file} is not in MANIFEST.json`);
    return found;
  };

  it('reads metadata: trimmed strings, empty ones as null, dates as ISO 8601 with their offset', async () => {
    const info = await inspect(entry('cjk-ctex.pdf'));
    expect(info).toMatchObject({
      pdfVersion: '1.5',
      title: 'CTeX 宏集手册',
      author: 'CTEX.ORG',
      subject: 'Chinese adapter in LaTeX (CTEX)',
      creator: 'LaTeX with hyperref',
      producer: 'xdvipdfmx (20211117)',
      createdAt: '2022-07-14T19:06:47+08:00',
      encryption: 'none',
    });
    const manual = await inspect(entry('large-r-fullrefman.pdf'));
    // Its info dictionary has Title "" and Author "": absent, not empty.
    expect(manual).toMatchObject({ title: null, author: null, keywords: null, createdAt: '2023-01-20T16:49:27Z' });
  });

  it('accepts a %PDF- header after junk (byte 407)', async () => {
    const info = await inspect(entry('junk-prefix.pdf'));
    expect(info.pages).toBe(1);
    expect(info.pdfVersion).toBe('1.7');
  });

  it('opens an owner-password-only file even when a (needless) password is given', async () => {
    // pdf.js checks a password passed up front even where none is needed, and refuses it.
    const info = await inspectPdf(path.join(corpus, 'encrypted-owner-only.pdf'), { displayName: 'x.pdf', password: 'anything' });
    expect(info).toMatchObject({ pages: 16, encryption: 'owner' });
  });

  it('reports a missing file as FILE_UNREADABLE with the display name', async () => {
    const error = await failure(inspectPdf(path.join(corpus, 'no-such-file.pdf'), { displayName: '申报书.pdf' }));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.details).toEqual({ file: '申报书.pdf', reason: 'ENOENT' });
  });

  it('rejects a header further than 1024 bytes in as PDF_NOT_PDF', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-'));
    try {
      const file = path.join(dir, 'late.pdf');
      fs.writeFileSync(file, Buffer.concat([Buffer.alloc(1100, 'J'), fs.readFileSync(path.join(corpus, 'cjk-cns1-prospectus.pdf'))]));
      expect((await failure(inspectPdf(file, { displayName: 'late.pdf' }))).code).toBe('PDF_NOT_PDF');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('calls a file whose page tree is damaged PDF_DAMAGED even when pdf.js recovers its xref', async () => {
    // Blanking 1–11 % of this file destroys the first pages' objects; pdf.js still "opens" it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-'));
    try {
      const bytes = fs.readFileSync(path.join(corpus, 'annots-pdfcomment.pdf'));
      bytes.fill(0x20, Math.floor(bytes.length * 0.01), Math.floor(bytes.length * 0.11));
      const file = path.join(dir, 'holes.pdf');
      fs.writeFileSync(file, bytes);
      const error = await failure(inspectPdf(file, { displayName: 'holes.pdf' }));
      expect(error.code).toBe('PDF_DAMAGED');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parsePdfDate', () => {
  it.each([
    ["D:20220714190647+08'00'", '2022-07-14T19:06:47+08:00'],
    ['D:20230120164927Z', '2023-01-20T16:49:27Z'],
    ["D:20120516171022-05'30'", '2012-05-16T17:10:22-05:30'],
    ["D:20120516171022+00'00'", '2012-05-16T17:10:22Z'],
    ['D:20120516171022', '2012-05-16T17:10:22Z'],
    ['D:2012', '2012-01-01T00:00:00Z'],
    ['20120516', '2012-05-16T00:00:00Z'],
    ["D:20240229120000+08'00'", '2024-02-29T12:00:00+08:00'],
  ])('%s → %s', (input, iso) => {
    expect(parsePdfDate(input)).toBe(iso);
  });

  it.each([null, '', 'yesterday', 'D:20230230120000Z', 'D:20231301000000Z', 'D:20230101250000Z'])('%s → null', (input) => {
    expect(parsePdfDate(input)).toBeNull();
  });
});
