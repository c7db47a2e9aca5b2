import fs from 'node:fs';
import path from 'node:path';
import { AppError, errorCodeOf, messageOf } from '../errors';

/** One PDF to import: where its bytes are now and the name people know it by. */
export interface PdfCandidate {
  file: string;
  name: string;
}

export type ImportSource = { type: 'pdf'; candidate: PdfCandidate } | { type: 'zip'; file: string; name: string };

const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

/**
 * Turns the paths given to `app import` into PDFs and zips. A folder contributes the
 * PDFs under it (hidden and system files ignored), in name order so an application's
 * documents keep a stable order; an explicit file is taken as a PDF unless it is a zip,
 * and the PDF check then says what it really is.
 */
export function collectSources(paths: readonly string[]): ImportSource[] {
  const sources: ImportSource[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      throw new AppError('FILE_UNREADABLE', `cannot read ${given}: ${messageOf(error)}`, {
        file: given,
        reason: errorCodeOf(error) ?? messageOf(error),
      });
    }
    if (stat.isDirectory()) {
      const found = walkPdfs(absolute, path.basename(absolute));
      if (found.length === 0) throw new AppError('IMPORT_NO_PDF', `no PDF files in ${given}`, { file: given });
      sources.push(...found.map((candidate) => ({ type: 'pdf' as const, candidate })));
    } else if (/\.zip$/i.test(absolute)) {
      sources.push({ type: 'zip', file: absolute, name: path.basename(absolute) });
    } else {
      sources.push({ type: 'pdf', candidate: { file: absolute, name: path.basename(absolute) } });
    }
  }
  return sources;
}

function walkPdfs(dir: string, displayPrefix: string): PdfCandidate[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const found: PdfCandidate[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SYSTEM_FILES.has(entry.name.toLowerCase())) continue;
    const full = path.join(dir, entry.name);
    const display = `${displayPrefix}/${entry.name}`;
    // Symbolic links are not followed: a package folder has no business pointing elsewhere.
    if (entry.isDirectory()) found.push(...walkPdfs(full, display));
    else if (entry.isFile() && /\.pdf$/i.test(entry.name)) found.push({ file: full, name: display });
  }
  return found;
}
