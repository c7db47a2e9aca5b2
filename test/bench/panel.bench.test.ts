import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { it } from 'vitest';
import { encryptStream } from '../../electron/core/crypto/ageCipher';
import { encryptFile } from '../../electron/core/crypto/ageFiles';
import { documentEntryName, MANIFEST_ENTRY, manifestBytes, SIGNATURE_ENTRY, signManifest } from '../../electron/core/panel/manifest';
import { documentFromFile, documentPathOf, makeManifest, makeMember, type TestDocument } from '../../electron/core/panel/panelTestKit';
import { writePanelPackage } from '../../electron/core/panel/writePanelPackage';
import { corpus, corpusFile } from '../helpers/corpus';
import { median, report, timeCommandMs, timeMs } from './benchKit';

/**
 * Writing a panel package (zip + age + fsync, streaming) against stock `age -r` encrypting
 * the same zip already on disk: the cost of our JavaScript pipeline over the Go tool.
 * PANEL_BENCH_MIB sets the PDF volume (default 500), PANEL_BENCH_RUNS the runs (default 3).
 */

const MiB = 1024 * 1024;
const TARGET_MIB = Number(process.env.PANEL_BENCH_MIB ?? 500);
const RUNS = Number(process.env.PANEL_BENCH_RUNS ?? 3);
const CIPHER_ONLY_MIB = 64;

/** Bytes in memory as a stream of 1 MiB chunks, the size the package writer reads. */
function slicedStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + MiB));
      at += MiB;
    },
  });
}

async function drain(stream: Promise<ReadableStream<Uint8Array>>): Promise<void> {
  const reader = (await stream).getReader();
  while (!(await reader.read()).done);
}

/**
 * Corpus PDFs copied until the volume is reached. Identical bytes would be one file in a
 * package (documents are stored by SHA-256), so each copy gets a unique comment after
 * %%EOF, which PDF readers ignore.
 */
function replicateCorpus(dir: string): TestDocument[] {
  const sources = corpus.filter((entry) => entry.expect === 'ok' && entry.bytes > 0);
  const documents: TestDocument[] = [];
  let total = 0;
  for (let i = 0; total < TARGET_MIB * MiB; i++) {
    const source = sources[i % sources.length];
    if (source === undefined) throw new Error('no usable corpus files');
    const file = path.join(dir, `${String(i).padStart(4, '0')}-${source.file}`);
    fs.copyFileSync(corpusFile(source.file), file);
    fs.appendFileSync(file, `\n%panel-bench copy ${i}\n`);
    const document = documentFromFile(file, typeof source.pages === 'number' ? source.pages : 1);
    documents.push(document);
    total += document.bytes;
  }
  return documents;
}

it('panel package writing vs stock age over the same zip', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-panel-'));
  try {
    const secretary = await makeMember('李秘书');
    const expert = await makeMember('张专家');
    const pdfDir = path.join(dir, 'pdfs');
    fs.mkdirSync(pdfDir);
    const documents = replicateCorpus(pdfDir);
    const manifest = makeManifest(secretary, expert, documents);
    const recipients = [expert.age.recipient, secretary.age.recipient];

    // The baseline's input: the same zip, written once outside the timing.
    const zipPath = path.join(dir, 'plain.zip');
    const zip = new yazl.ZipFile();
    const json = manifestBytes(manifest);
    zip.addBuffer(json, MANIFEST_ENTRY, { compress: false });
    zip.addBuffer(Buffer.from(signManifest(json, secretary.signing)), SIGNATURE_ENTRY, { compress: false });
    for (const document of documents) zip.addFile(document.file, documentEntryName(document.sha256), { compress: false });
    zip.end();
    await pipeline(zip.outputStream, fs.createWriteStream(zipPath));
    const zipBytes = fs.statSync(zipPath).size;

    const ours: number[] = [];
    const baseline: number[] = [];
    // encryptFile on the same zip: the age library plus our file I/O around it (ageFiles.ts).
    const library: number[] = [];
    // The library's cipher with no disk at all: the most any packaging around it can reach.
    const cipherOnly: number[] = [];
    let peakRss = 0;
    for (let run = 0; run < RUNS; run++) {
      const agePath = path.join(dir, 'stock.age');
      baseline.push(timeCommandMs('age', [...recipients.flatMap((r) => ['-r', r]), '-o', agePath, zipPath]));
      fs.rmSync(agePath);
      library.push(await timeMs(() => encryptFile(zipPath, agePath, recipients)));
      fs.rmSync(agePath);
      const outPath = path.join(dir, 'bench.prpanel');
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      ours.push(await timeMs(() => writePanelPackage({ manifest, documentPath: documentPathOf(documents), signer: secretary.signing, recipients, outPath })));
      clearInterval(sampler);
      fs.rmSync(outPath);
    }
    // After the package runs, so this buffer does not count in their peak RSS.
    const cipherInput = randomBytes(CIPHER_ONLY_MIB * MiB);
    for (let run = 0; run < RUNS; run++) cipherOnly.push(await timeMs(() => drain(encryptStream(slicedStream(cipherInput), recipients))));
    const mib = zipBytes / MiB;
    const oursMs = median(ours);
    const ageMs = median(baseline);
    const libraryMs = median(library);
    const ratio = ageMs / oursMs;
    report({
      name: 'panel-package-write',
      ratioMeaning: 'our MiB/s writing a .prpanel (zip + age + fsync) ÷ stock age -r MiB/s on the same zip',
      ratio,
      // age-encryption is ChaCha20-Poly1305 in JavaScript (ageLibraryCipherOnlyInMemoryMiBps is its ceiling) against Go's assembly.
      target: '≥ 0.1',
      met: ratio >= 0.1,
      figures: {
        documents: documents.length,
        zipMiB: Number(mib.toFixed(1)),
        oursMedianMs: Math.round(oursMs),
        ageMedianMs: Math.round(ageMs),
        oursMiBps: Number((mib / (oursMs / 1000)).toFixed(1)),
        ageMiBps: Number((mib / (ageMs / 1000)).toFixed(1)),
        ageLibraryEncryptFileMiBps: Number((mib / (libraryMs / 1000)).toFixed(1)),
        libraryMedianMs: Math.round(libraryMs),
        ageLibraryCipherOnlyInMemoryMiBps: Number((CIPHER_ONLY_MIB / (median(cipherOnly) / 1000)).toFixed(1)),
        // What our packaging (zip, PDF hashing, progress, output hash) costs over the cipher alone.
        oursOverLibraryTime: Number((oursMs / libraryMs).toFixed(2)),
        peakRssMiB: Math.round(peakRss / MiB),
        runs: RUNS,
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
