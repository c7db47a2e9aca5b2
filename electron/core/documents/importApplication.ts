import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { DocKind, ImportInputSchema, ImportOutputSchema } from '../../../shared/domain/application';
import type { BlobStore, StoredBlob } from '../blobs/blobStore';
import { storeFiles } from '../blobs/storeFiles';
import { AppError, isAppError } from '../errors';
import { newShortId } from '../ids';
import { extractPdfsFromZip } from '../import/zipReader';
import type { PdfInfo } from '../pdf/inspectPdf';
import type { CommandContext } from '../router';
import type { ApplicationRepository, NewBlob } from './applicationRepository';
import { collectSources, type PdfCandidate } from './importSources';
import type { PdfEngine } from './pdfEngine';

type ImportInput = z.output<typeof ImportInputSchema>;
type ImportOutput = z.output<typeof ImportOutputSchema>;

export interface ImportDeps {
  applications: ApplicationRepository;
  blobs: BlobStore;
  pdf: () => PdfEngine;
  /** Where zips are unpacked for the duration of one import; removed afterwards. */
  stagingRoot: string;
  now: () => Date;
}

interface Checked extends PdfCandidate {
  info: PdfInfo;
}

/**
 * Imports one application package, all or nothing: every PDF is checked first (a bad
 * one refuses the whole command with its reason), then copied into the blob store,
 * then the rows are committed in one transaction. If that fails, the blobs this call
 * created are removed again, so a refused import leaves nothing behind.
 */
export async function importApplication(deps: ImportDeps, input: ImportInput, context: CommandContext): Promise<ImportOutput> {
  const staging = path.join(deps.stagingRoot, `import-${randomBytes(6).toString('hex')}`);
  const created: StoredBlob[] = [];
  try {
    const { candidates, skipped } = await gatherCandidates(input.paths, staging, context);
    const checked = await checkAll(deps.pdf(), candidates, input.password, context);

    context.throwIfCancelled();
    let storedCount = 0;
    context.progress('store', 0, checked.length);
    const blobs = await storeFiles(deps.blobs, checked, {
      signal: context.signal,
      onStored: (_index, blob) => {
        if (blob.created) created.push(blob);
        context.progress('store', ++storedCount, checked.length);
      },
    });
    const stored = checked.map((candidate, index) => ({ candidate, blob: blobs[index] as StoredBlob }));
    context.throwIfCancelled();

    const now = deps.now().toISOString();
    const seen = new Set<string>();
    const documents: { sha256: string; name: string; kind: DocKind; pages: number; existing: boolean }[] = [];
    const newBlobs: NewBlob[] = [];
    for (const { candidate, blob } of stored) {
      // The same file twice in one package is one document; say so rather than fail.
      if (seen.has(blob.sha256)) {
        skipped.push({ name: candidate.name, reason: 'duplicate' });
        continue;
      }
      seen.add(blob.sha256);
      const existing = deps.applications.hasBlob(blob.sha256);
      const password = candidate.info.encryption === 'user' ? (input.password ?? null) : null;
      newBlobs.push({ sha256: blob.sha256, bytes: blob.bytes, info: candidate.info, password, storedAt: now });
      documents.push({ sha256: blob.sha256, name: candidate.name, kind: input.docKind, pages: candidate.info.pages, existing });
    }
    const id = newShortId();
    deps.applications.insertApplication(newBlobs, {
      id,
      roundId: input.roundId,
      city: input.city ?? null,
      province: input.province ?? null,
      applicant: input.applicant ?? null,
      createdAt: now,
      documents,
    });
    created.length = 0;
    consumeUploads(deps.stagingRoot, input.paths);
    return {
      id,
      documents: documents.map(({ sha256, name, kind, pages, existing }) => ({
        sha256,
        name,
        kind,
        pages,
        status: existing ? 'existing' : 'imported',
      })),
      skipped,
    };
  } finally {
    for (const blob of created) deps.blobs.remove(blob.sha256);
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function gatherCandidates(paths: readonly string[], staging: string, context: CommandContext) {
  const candidates: PdfCandidate[] = [];
  const skipped: ImportOutput['skipped'] = [];
  for (const [index, source] of collectSources(paths).entries()) {
    if (source.type === 'pdf') {
      candidates.push(source.candidate);
      continue;
    }
    const dest = path.join(staging, `zip-${index}`);
    fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
    const result = await extractPdfsFromZip(source.file, dest, { displayName: source.name, signal: context.signal });
    candidates.push(...result.pdfs.map((pdf) => ({ file: pdf.file, name: `${source.name}/${pdf.entryName}` })));
    skipped.push(...result.skipped.map((entry) => ({ name: `${source.name}/${entry.entryName}`, reason: entry.reason })));
  }
  return { candidates, skipped };
}

/** Every file is checked before anything is stored; all refusals are reported, the first as the error. */
async function checkAll(pdf: PdfEngine, candidates: readonly PdfCandidate[], password: string | undefined, context: CommandContext) {
  const checked: Checked[] = [];
  const failures: { file: string; code: string; message: string; details: Record<string, unknown> }[] = [];
  let first: AppError | undefined;
  for (const [index, candidate] of candidates.entries()) {
    context.throwIfCancelled();
    context.progress('check', index, candidates.length);
    try {
      const options = password === undefined ? { displayName: candidate.name } : { displayName: candidate.name, password };
      checked.push({ ...candidate, info: await pdf.inspect(candidate.file, options) });
    } catch (error) {
      if (!isAppError(error) || error.code === 'CANCELLED') throw error;
      first ??= error;
      // Each file's own details, so every refusal can be explained, not only the first.
      failures.push({ file: candidate.name, code: error.code, message: error.message, details: error.details ?? { file: candidate.name } });
    }
  }
  context.progress('check', candidates.length, candidates.length);
  if (first !== undefined) {
    throw new AppError(first.code, first.message, { ...first.details, failures });
  }
  return checked;
}

/**
 * Files the web shell uploaded for this import are copies in the data directory's staging
 * area; once their blobs are committed they are waste (often hundreds of MB), so they go.
 * Only after success: a refused import keeps them for a retry, e.g. with the password.
 */
function consumeUploads(stagingRoot: string, paths: readonly string[]): void {
  const uploads = path.join(path.resolve(stagingRoot), 'uploads') + path.sep;
  for (const given of paths) {
    const file = path.resolve(given);
    if (!file.startsWith(uploads)) continue;
    const uploadDir = path.join(uploads, path.relative(uploads, file).split(path.sep)[0] ?? '');
    fs.rmSync(uploadDir === uploads ? file : uploadDir, { recursive: true, force: true });
  }
}
