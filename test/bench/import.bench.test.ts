import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { BlobStore } from '../../electron/core/blobs/blobStore';
import { storeFiles } from '../../electron/core/blobs/storeFiles';
import { createApplicationRepository } from '../../electron/core/documents/applicationRepository';
import { inspectPdf } from '../../electron/core/pdf/inspectPdf';
import { openStore } from '../../electron/core/store/openStore';
import { corpus, corpusFile } from '../helpers/corpus';
import { median, report, timeCommandMs, timeMs } from './benchKit';

const RUNS = 7;

it('import throughput (copy + hash + rows) vs sha256sum over the corpus', async () => {
  const files = corpus.filter((e) => e.expect !== 'error').map((e) => ({ entry: e, file: corpusFile(e.file) }));
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f.file).size, 0);
  // Metadata is read once outside the timing: this figure is the storage path alone.
  const infos = await Promise.all(files.map((f) => inspectPdf(f.file, { displayName: f.entry.file, ...(f.entry.password ? { password: f.entry.password } : {}) })));

  const ours: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    baseline.push(timeCommandMs('sha256sum', files.map((f) => f.file)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-'));
    const store = openStore(dir);
    const blobs = new BlobStore(store.layout.blobs);
    const applications = createApplicationRepository(store.db);
    store.db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES ('benchround', 'bench', 'custom', 'secretary', 'now')`).run();
    ours.push(
      await timeMs(async () => {
        // The import's own storage step: several files at a time.
        const stored = await storeFiles(blobs, files.map((f) => ({ file: f.file, name: f.entry.file })));
        applications.insertApplication(
          stored.map((b, i) => ({ sha256: b.sha256, bytes: b.bytes, info: infos[i] as NonNullable<(typeof infos)[number]>, password: null, storedAt: 'now' })),
          { id: `app${run}`, roundId: 'benchround', city: null, province: null, applicant: null, createdAt: 'now', documents: stored.map((b, i) => ({ sha256: b.sha256, name: `f${i}.pdf`, kind: 'plan' as const })) },
        );
      }),
    );
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const mib = bytes / 1024 / 1024;
  const oursMs = median(ours);
  const baseMs = median(baseline);
  report({
    name: 'import-throughput',
    ratioMeaning: 'our MiB/s ÷ sha256sum MiB/s (copy + fsync + hash + rows vs hashing alone)',
    ratio: baseMs / oursMs,
    target: '≥ 1.0',
    met: baseMs / oursMs >= 1,
    figures: { files: files.length, mib: Number(mib.toFixed(2)), oursMedianMs: oursMs, sha256sumMedianMs: baseMs, oursMiBps: mib / (oursMs / 1000), sha256sumMiBps: mib / (baseMs / 1000), runs: RUNS },
  });
});
