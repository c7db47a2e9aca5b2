import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { extractPdfsFromZip, type ZipLimits, type ZipReadResult } from './zipReader';

const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus');
const prospectus = fs.readFileSync(path.join(corpusDir, 'cjk-cns1-prospectus.pdf'));
const annots = fs.readFileSync(path.join(corpusDir, 'annots-pdfcomment.pdf'));
const MiB = 1024 ** 2;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-zip-'));
  dirs.push(dir);
  return dir;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A zip written by yazl, the way a real archiver would. */
async function yazlZip(add: (zip: yazl.ZipFile) => void): Promise<string> {
  const zip = new yazl.ZipFile();
  add(zip);
  zip.end();
  const file = path.join(tempDir(), 'package.zip');
  await pipeline(zip.outputStream, fs.createWriteStream(file));
  return file;
}

interface RawEntry {
  /** A string is written as UTF-8 with the UTF-8 flag; bytes are written as given, without it. */
  name: string | Buffer;
  data?: Buffer;
  deflate?: boolean;
  /** The method written in the headers, when it should differ from what `deflate` did. */
  method?: number;
  flags?: number;
  mode?: number;
  extra?: Buffer;
  /** Lies in the headers. */
  declaredSize?: number;
  crc?: number;
  /** No local record of its own: the directory points at that earlier entry's data. */
  sameDataAs?: number;
}

/**
 * A minimal zip writer for what yazl refuses to write (hostile names, flags, lying
 * sizes). Stored or deflated entries, no data descriptors, made by Unix (so the mode is
 * in the high 16 bits of the external attributes), APPNOTE 4.3.7, 4.3.12, 4.3.16.
 */
function rawZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const placed: { offset: number; body: number; crc: number; size: number; method: number }[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const flags = entry.flags ?? (typeof entry.name === 'string' ? 0x800 : 0);
    const extra = entry.extra ?? Buffer.alloc(0);
    const shared = entry.sameDataAs === undefined ? undefined : placed[entry.sameDataAs];
    let record = shared;
    if (record === undefined) {
      const data = entry.data ?? Buffer.alloc(0);
      const body = entry.deflate === true ? deflateRawSync(data) : data;
      record = {
        offset,
        body: body.length,
        crc: entry.crc ?? crc32(data),
        size: entry.declaredSize ?? data.length,
        method: entry.method ?? (entry.deflate === true ? 8 : 0),
      };
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(record.method, 8);
      local.writeUInt16LE(0x21, 12); // 1980-01-01
      local.writeUInt32LE(record.crc, 14);
      local.writeUInt32LE(record.body, 18);
      local.writeUInt32LE(record.size, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(extra.length, 28);
      parts.push(local, name, extra, body);
      offset += local.length + name.length + extra.length + body.length;
    }
    placed.push(record);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(record.method, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(record.crc, 16);
    header.writeUInt32LE(record.body, 20);
    header.writeUInt32LE(record.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    header.writeUInt32LE(record.offset, 42);
    central.push(header, name, extra);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

function writeZip(bytes: Buffer): string {
  const file = path.join(tempDir(), 'package.zip');
  fs.writeFileSync(file, bytes);
  return file;
}

/** GBK bytes (no encoder in Node): 实 CAB5, 施 CAA9, 方 B7BD, 案 B0B8, 北 B1B1, 京 BEA9, 目 C4BF, 录 C2BC. */
const gbk = (hex: string, suffix: string) => Buffer.concat([Buffer.from(hex, 'hex'), Buffer.from(suffix, 'latin1')]);

async function extract(zipPath: string, limits?: Partial<ZipLimits>, signal?: AbortSignal) {
  const dest = tempDir();
  const options = { displayName: 'package.zip', ...(limits === undefined ? {} : { limits }), ...(signal === undefined ? {} : { signal }) };
  return { dest, run: () => extractPdfsFromZip(zipPath, dest, options) };
}

/** Runs the reader, expects a refusal and no file left in the destination. */
async function refusal(zipPath: string, limits?: Partial<ZipLimits>, signal?: AbortSignal): Promise<AppError> {
  const { dest, run } = await extract(zipPath, limits, signal);
  const error: unknown = await run().then(
    (value) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(fs.readdirSync(dest)).toEqual([]);
  return error as AppError;
}

async function success(zipPath: string, limits?: Partial<ZipLimits>): Promise<ZipReadResult> {
  const { run } = await extract(zipPath, limits);
  return run();
}

describe('extractPdfsFromZip: good packages', () => {
  it('extracts the PDFs byte for byte under generated names and lists what it skipped', async () => {
    const zipPath = await yazlZip((zip) => {
      zip.addEmptyDirectory('北京市/');
      zip.addBuffer(prospectus, '北京市/实施方案.pdf');
      // Stored, with a data descriptor (yazl learns the CRC while writing), as many archivers do.
      zip.addFile(path.join(corpusDir, 'annots-pdfcomment.pdf'), '北京市/附件/初审意见.PDF', { compress: false });
      zip.addBuffer(Buffer.from('AppleDouble'), '__MACOSX/北京市/._实施方案.pdf');
      zip.addBuffer(Buffer.from('finder'), '北京市/.DS_Store');
      zip.addBuffer(Buffer.from('thumbs'), '北京市/Thumbs.db');
      zip.addBuffer(Buffer.from('说明'), 'readme.txt');
    });
    const { dest, run } = await extract(zipPath);
    const result = await run();
    expect(result.pdfs.map(({ entryName, file, bytes }) => ({ entryName, file, bytes }))).toEqual([
      { entryName: '北京市/实施方案.pdf', file: path.join(dest, '0.pdf'), bytes: prospectus.length },
      { entryName: '北京市/附件/初审意见.PDF', file: path.join(dest, '1.pdf'), bytes: annots.length },
    ]);
    expect(sha256(fs.readFileSync(path.join(dest, '0.pdf')))).toBe(sha256(prospectus));
    expect(sha256(fs.readFileSync(path.join(dest, '1.pdf')))).toBe(sha256(annots));
    expect(result.skipped).toEqual([
      { entryName: '__MACOSX/北京市/._实施方案.pdf', reason: 'system-file' },
      { entryName: '北京市/.DS_Store', reason: 'system-file' },
      { entryName: '北京市/Thumbs.db', reason: 'system-file' },
      { entryName: 'readme.txt', reason: 'not-pdf' },
    ]);
    expect(fs.readdirSync(dest).sort()).toEqual(['0.pdf', '1.pdf']);
  });

  it('reads GBK names written without the UTF-8 flag, and backslash separators', async () => {
    const result = await success(
      writeZip(
        rawZip([
          { name: gbk('CAB5CAA9B7BDB0B8', '.pdf'), data: prospectus, deflate: true },
          // Windows PowerShell 5.1 Compress-Archive writes `dir\file`.
          { name: Buffer.concat([gbk('B1B1BEA9', '\\'), gbk('CAB5CAA9B7BDB0B8', '.pdf')]), data: annots },
          { name: gbk('C4BFC2BC', '.pdf'), data: annots },
          // 乗 is 815C: its second byte is a backslash, which must not split the name.
          { name: gbk('815C', '.pdf'), data: annots },
        ]),
      ),
    );
    // 目录 in GBK (C4BF C2BC) is valid UTF-8 as well (“Ŀ¼”): the reader must not take that reading.
    expect(result.pdfs.map((pdf) => pdf.entryName)).toEqual(['实施方案.pdf', '北京/实施方案.pdf', '目录.pdf', '乗.pdf']);
  });

  it('prefers the Info-ZIP Unicode Path field and normalises names to NFC', async () => {
    const raw = Buffer.from('plan.pdf');
    const unicode = Buffer.from('實施方案.pdf');
    const field = Buffer.alloc(9 + unicode.length);
    field.writeUInt16LE(0x7075, 0);
    field.writeUInt16LE(5 + unicode.length, 2);
    field.writeUInt8(1, 4);
    field.writeUInt32LE(crc32(raw), 5);
    unicode.copy(field, 9);
    const result = await success(
      writeZip(
        rawZip([
          { name: raw, extra: field, data: prospectus },
          { name: 'Cafe\u0301.pdf', data: annots },
        ]),
      ),
    );
    expect(result.pdfs.map((pdf) => pdf.entryName)).toEqual(['實施方案.pdf', 'Caf\u00e9.pdf']);
  });

  it('never decompresses what it skips, so a bomb that is not a PDF costs nothing', async () => {
    const result = await success(
      await yazlZip((zip) => {
        zip.addBuffer(prospectus, '实施方案.pdf');
        zip.addBuffer(Buffer.alloc(50 * MiB), 'video.bin');
      }),
    );
    expect(result.pdfs).toHaveLength(1);
    expect(result.skipped).toEqual([{ entryName: 'video.bin', reason: 'not-pdf' }]);
  });
});

describe('extractPdfsFromZip: hostile names and types', () => {
  it.each([
    ['../evil.pdf', 'path goes up with ..'],
    ['ok/../../evil.pdf', 'path goes up with ..'],
    ['a\\..\\b.pdf', 'path goes up with ..'],
    ['../', 'path goes up with ..'],
    ['/abs.pdf', 'absolute path'],
    ['\\\\server\\share.pdf', 'absolute path'],
    ['C:/x.pdf', 'absolute path with a drive letter'],
    ['C:\\x.pdf', 'absolute path with a drive letter'],
    ['a\u0000b.pdf', 'control character in name'],
    ['a\u001bb.pdf', 'control character in name'],
    ['', 'empty name'],
  ])('refuses the whole archive for the entry %j (%s), before writing anything', async (name, reason) => {
    // The good PDF comes first: nothing may be written before every name is checked.
    const error = await refusal(writeZip(rawZip([{ name: 'good.pdf', data: prospectus }, { name, data: annots }])));
    expect(error.code).toBe('ZIP_UNSAFE_ENTRY');
    expect(error.details).toEqual({ file: 'package.zip', entry: name, reason });
  });

  it('refuses symbolic links whatever they are called', async () => {
    for (const name of ['docs/link.pdf', 'link']) {
      const zipPath = await yazlZip((zip) => {
        zip.addBuffer(prospectus, 'good.pdf');
        zip.addBuffer(Buffer.from('/etc/passwd'), name, { mode: 0o120777 });
      });
      const error = await refusal(zipPath);
      expect(error.code).toBe('ZIP_UNSAFE_ENTRY');
      expect(error.details).toEqual({ file: 'package.zip', entry: name, reason: 'symbolic link' });
    }
  });

  it('refuses other special files (a FIFO)', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'good.pdf', data: prospectus }, { name: 'pipe.pdf', mode: 0o010644 }])));
    expect(error.code).toBe('ZIP_UNSAFE_ENTRY');
    expect(error.details).toEqual({ file: 'package.zip', entry: 'pipe.pdf', reason: 'not a regular file' });
  });

  it('refuses two PDFs with the same name', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'a/实施方案.pdf', data: prospectus }, { name: 'a/实施方案.pdf', data: annots }])));
    expect(error.code).toBe('ZIP_UNSAFE_ENTRY');
    expect(error.details).toMatchObject({ entry: 'a/实施方案.pdf', reason: 'duplicate name' });
  });

  it('refuses directory records that share one payload (the non-recursive bomb)', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'a.pdf', data: prospectus, deflate: true }, { name: 'b.pdf', sameDataAs: 0 }])));
    expect(error.code).toBe('ZIP_UNSAFE_ENTRY');
    expect(error.details).toMatchObject({ entry: 'b.pdf', reason: 'overlaps the data of “a.pdf”' });
  });

  it('refuses encrypted entries', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'secret.pdf', data: prospectus, deflate: true, flags: 0x801 }])));
    expect(error.code).toBe('ZIP_INVALID');
    expect(error.details).toEqual({ file: 'package.zip', entry: 'secret.pdf', reason: 'encrypted' });
  });

  it('refuses compression methods yauzl cannot decode', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'lzma.pdf', data: prospectus, method: 14 }])));
    expect(error.code).toBe('ZIP_INVALID');
    expect(error.details).toMatchObject({ entry: 'lzma.pdf', reason: 'unsupported compression method 14 in “lzma.pdf”' });
  });
});

describe('extractPdfsFromZip: nested archives', () => {
  it.each(['inner.zip', 'b/INNER.ZIP', 'x.tar.gz', 'x.7z', 'x.rar'])('refuses %s by its name', async (name) => {
    const error = await refusal(writeZip(rawZip([{ name: 'good.pdf', data: prospectus }, { name, data: Buffer.from('anything') }])));
    expect(error.code).toBe('ZIP_NESTED');
    expect(error.details).toEqual({ file: 'package.zip', entry: name });
  });

  it('refuses a zip disguised as a PDF by its first bytes, after removing what it already wrote', async () => {
    const inner = rawZip([{ name: 'x.pdf', data: prospectus }]);
    const error = await refusal(
      writeZip(
        rawZip([
          { name: 'good.pdf', data: prospectus },
          { name: 'disguised.pdf', data: inner, deflate: true },
        ]),
      ),
    );
    expect(error.code).toBe('ZIP_NESTED');
    expect(error.details).toEqual({ file: 'package.zip', entry: 'disguised.pdf' });
  });
});

describe('extractPdfsFromZip: limits and lying headers', () => {
  it('refuses a bomb by its compression ratio', async () => {
    const zipPath = await yazlZip((zip) => zip.addBuffer(Buffer.alloc(50 * MiB), 'bomb.pdf'));
    const error = await refusal(zipPath);
    expect(error.code).toBe('ZIP_LIMIT');
    expect(error.details).toMatchObject({ file: 'package.zip', entry: 'bomb.pdf' });
    expect(String((error.details as { reason: string }).reason)).toMatch(/expands \d+ times its compressed size and the limit is 100/);
  });

  it('refuses data claimed from zero compressed bytes', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'zero.pdf', method: 8, declaredSize: 2 * MiB }])));
    expect(error.code).toBe('ZIP_LIMIT');
    expect(error.details).toMatchObject({ entry: 'zero.pdf' });
    expect((error.details as { reason: string }).reason).toContain('expands infinitely');
  });

  it('refuses more entries than allowed, before reading them', async () => {
    const entries = Array.from({ length: 5 }, (_, index) => ({ name: `${index}.pdf`, data: prospectus }));
    const error = await refusal(writeZip(rawZip(entries)), { maxEntries: 4 });
    expect(error.code).toBe('ZIP_LIMIT');
    expect(error.details).toEqual({ file: 'package.zip', reason: 'it has 5 entries and the limit is 4' });
  });

  it('refuses a PDF larger than the per-file cap', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'big.pdf', data: prospectus }])), { maxEntryBytes: prospectus.length - 1 });
    expect(error.code).toBe('ZIP_LIMIT');
    expect(error.details).toMatchObject({ entry: 'big.pdf' });
  });

  it('refuses PDFs whose sum passes the total cap', async () => {
    const zipPath = writeZip(rawZip([{ name: 'a.pdf', data: prospectus }, { name: 'b.pdf', data: annots }]));
    const error = await refusal(zipPath, { maxTotalBytes: prospectus.length + annots.length - 1 });
    expect(error.code).toBe('ZIP_LIMIT');
    expect(error.details).toEqual({
      file: 'package.zip',
      reason: `its PDFs unpack to more than ${prospectus.length + annots.length - 1} bytes in total`,
    });
    // Exactly at the cap is allowed.
    expect((await success(zipPath, { maxTotalBytes: prospectus.length + annots.length })).pdfs).toHaveLength(2);
  });

  it.each([
    ['smaller', 1000, /too many bytes in the stream/],
    ['larger', annots.length + 10, /not enough bytes in the stream/],
  ])('stops when a PDF inflates to a size other than the %s one declared', async (_, declaredSize, reason) => {
    const error = await refusal(
      writeZip(
        rawZip([
          { name: 'good.pdf', data: prospectus, deflate: true },
          { name: 'liar.pdf', data: annots, deflate: true, declaredSize },
        ]),
      ),
    );
    expect(error.code).toBe('ZIP_INVALID');
    expect(error.details).toMatchObject({ file: 'package.zip', entry: 'liar.pdf' });
    expect((error.details as { reason: string }).reason).toMatch(reason);
  });

  it('checks CRC-32, which yauzl does not', async () => {
    const error = await refusal(writeZip(rawZip([{ name: 'good.pdf', data: prospectus }, { name: 'flipped.pdf', data: annots, crc: 0x12345678 }])));
    expect(error.code).toBe('ZIP_INVALID');
    expect(error.details).toEqual({ file: 'package.zip', entry: 'flipped.pdf', reason: '“flipped.pdf”: CRC-32 mismatch' });
  });
});

describe('extractPdfsFromZip: not a zip, nothing inside, cancelled', () => {
  it.each([
    ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 251))],
    ['an empty file', () => Buffer.alloc(0)],
    ['a truncated zip', () => rawZip([{ name: 'a.pdf', data: prospectus }]).subarray(0, 100_000)],
  ])('calls %s ZIP_INVALID with yauzl’s reason', async (_, bytes) => {
    const error = await refusal(writeZip(bytes()));
    expect(error.code).toBe('ZIP_INVALID');
    expect(error.details).toEqual({ file: 'package.zip', reason: expect.stringMatching(/End of central directory record signature not found/) });
  });

  it('calls a zip whose central directory is cut short ZIP_INVALID', async () => {
    const bytes = rawZip([{ name: 'a.pdf', data: prospectus }]);
    // Keep the end record, point it past a directory that is not there.
    const error = await refusal(writeZip(Buffer.concat([bytes.subarray(0, 1000), bytes.subarray(bytes.length - 22)])));
    expect(error.code).toBe('ZIP_INVALID');
    expect(error.details).toMatchObject({ file: 'package.zip' });
  });

  it('says IMPORT_NO_PDF for a zip with no PDF', async () => {
    const error = await refusal(await yazlZip((zip) => zip.addBuffer(Buffer.from('说明'), 'readme.txt')));
    expect(error.code).toBe('IMPORT_NO_PDF');
    expect(error.details).toEqual({ file: 'package.zip' });
  });

  it('says FILE_UNREADABLE for a zip that is not there', async () => {
    const error = await refusal(path.join(tempDir(), 'missing.zip'));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.details).toEqual({ file: 'package.zip', reason: 'ENOENT' });
  });

  it('never overwrites a file already in the destination', async () => {
    const dest = tempDir();
    fs.writeFileSync(path.join(dest, '0.pdf'), 'mine');
    const zipPath = writeZip(rawZip([{ name: 'a.pdf', data: prospectus }]));
    await expect(extractPdfsFromZip(zipPath, dest, { displayName: 'package.zip' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(path.join(dest, '0.pdf'), 'utf8')).toBe('mine');
  });

  it.runIf(fs.existsSync('/proc/self/fd'))('closes the zip and every file it opened, on success and on refusal', async () => {
    const good = writeZip(rawZip([{ name: 'a.pdf', data: prospectus }, { name: 'b.pdf', data: annots, deflate: true }]));
    const bad = writeZip(rawZip([{ name: 'a.pdf', data: prospectus }, { name: 'b.pdf', data: annots, crc: 1 }]));
    const openFds = () => fs.readdirSync('/proc/self/fd').length;
    await success(good); // warm up whatever the first run opens for good
    const before = openFds();
    for (let round = 0; round < 10; round += 1) {
      await success(good);
      await refusal(bad);
    }
    // yauzl closes its descriptor in a callback after close(): give it a turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  it('is CANCELLED when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await refusal(writeZip(rawZip([{ name: 'a.pdf', data: prospectus }])), undefined, controller.signal);
    expect(error.code).toBe('CANCELLED');
  });

  it('is CANCELLED mid-extraction and removes what it wrote', async () => {
    const zipPath = writeZip(
      rawZip([
        { name: 'a.pdf', data: prospectus },
        { name: 'b.pdf', data: Buffer.alloc(64 * MiB, 0x20) },
      ]),
    );
    const controller = new AbortController();
    const { dest, run } = await extract(zipPath, undefined, controller.signal);
    // Abort as soon as the first PDF is on disk, while the 64 MiB one streams.
    const watcher = setInterval(() => {
      if (fs.readdirSync(dest).length > 0) controller.abort();
    }, 1);
    try {
      await expect(run()).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      clearInterval(watcher);
    }
    expect(fs.readdirSync(dest)).toEqual([]);
  });
});
