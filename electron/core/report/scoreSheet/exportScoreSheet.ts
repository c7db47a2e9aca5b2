import { createHash } from 'node:crypto';
import path from 'node:path';
import type {
  ScoreSheetData,
  ScoreSheetDownloadInput,
  ScoreSheetDownloadOutput,
  ScoreSheetExportInput,
  ScoreSheetExportOutput,
} from '../../../../shared/domain/report/scoreSheet';
import { createTranslator } from '../../i18n';
import { cannotWrite, writeFileAtomic } from '../../identity/safeFiles';
import { scoreSheetFileName } from '../../panel/panelFileName';
import type { RenderedPdf } from '../pdf/documentBuilder';
import { gatherScoreSheet, type ScoreSheetDeps } from './gatherScoreSheet';
import { renderScoreSheetPdf } from './scoreSheetPdf';

/**
 * `scoresheet.export`: gathers the sheet (refusing one that matches no exported bundle
 * unless it is a draft), lays it out, and writes the PDF whole or not at all — a temp
 * file beside the target, fsynced, renamed over it — so a failure leaves neither a
 * half-written sheet nor a temp file, and an existing file the save dialog agreed to
 * replace stays intact until the new one is complete. The store is only read.
 */
export async function exportScoreSheet(deps: ScoreSheetDeps, input: ScoreSheetExportInput): Promise<ScoreSheetExportOutput> {
  const { data, rendered } = await makeSheet(deps, input);
  const file = path.resolve(input.out);
  try {
    writeFileAtomic(file, rendered.bytes, { mode: 0o644, overwrite: true });
  } catch (error) {
    throw cannotWrite(file, error);
  }
  return { file, ...describe(data, rendered) };
}

/** The same sheet as bytes, for a browser download (the web shell has no save path). */
export async function exportScoreSheetForDownload(deps: ScoreSheetDeps, input: ScoreSheetDownloadInput): Promise<ScoreSheetDownloadOutput> {
  const { data, rendered } = await makeSheet(deps, input);
  const t = createTranslator(data.language);
  const label = data.bundle === null ? t('scoreSheet.fileLabelDraft') : t('scoreSheet.fileLabel', { revision: data.bundle.revision });
  return {
    fileName: scoreSheetFileName(data.round.name, data.expert.name, label),
    contentBase64: Buffer.from(rendered.bytes).toString('base64'),
    ...describe(data, rendered),
  };
}

async function makeSheet(deps: ScoreSheetDeps, input: ScoreSheetDownloadInput): Promise<{ data: ScoreSheetData; rendered: RenderedPdf }> {
  const data = gatherScoreSheet(deps, input.roundId, { draft: input.draft === true, language: input.language });
  return { data, rendered: await renderScoreSheetPdf(data) };
}

function describe(data: ScoreSheetData, rendered: RenderedPdf): Omit<ScoreSheetExportOutput, 'file'> {
  return {
    sha256: createHash('sha256').update(rendered.bytes).digest('hex'),
    bytes: rendered.bytes.byteLength,
    pages: rendered.pages,
    revision: data.bundle?.revision ?? null,
    bundleSha256: data.bundle?.sha256 ?? null,
    draft: data.draft !== null,
  };
}
