import { messageOf } from '../errors';
import { damaged, withPdf, type PdfDocument } from './pdfjsNode';

export interface PdfInfo {
  pages: number;
  pdfVersion: string | null;
  title: string | null;
  author: string | null;
  subject: string | null;
  keywords: string | null;
  creator: string | null;
  producer: string | null;
  /** ISO 8601, with the document's own UTC offset when it gives one. */
  createdAt: string | null;
  /** 'user': it needed the open password; 'owner': encrypted but opens without one (permissions only). */
  encryption: 'none' | 'owner' | 'user';
}

/**
 * Opens a PDF just far enough to vouch for it: page count, metadata, encryption.
 * Throws AppError FILE_UNREADABLE, PDF_EMPTY, PDF_NOT_PDF, PDF_PASSWORD_REQUIRED,
 * PDF_PASSWORD_WRONG or PDF_DAMAGED (with `details.reason`).
 */
export async function inspectPdf(file: string, options: { displayName: string; password?: string }): Promise<PdfInfo> {
  const { displayName } = options;
  return withPdf(file, options, async ({ doc, passwordNeeded }) => {
    try {
      await checkStructure(doc);
      const { info, metadata } = await doc.getMetadata();
      const field = (infoKey: string, xmpKey: string): string | null =>
        clean((info as Record<string, unknown>)[infoKey]) ?? clean(metadata?.get(xmpKey));
      const encrypted = clean((info as Record<string, unknown>).EncryptFilterName) !== null;
      return {
        pages: doc.numPages,
        pdfVersion: clean((info as Record<string, unknown>).PDFFormatVersion),
        title: field('Title', 'dc:title'),
        author: field('Author', 'dc:creator'),
        subject: field('Subject', 'dc:description'),
        keywords: field('Keywords', 'pdf:keywords'),
        creator: field('Creator', 'xmp:creatortool'),
        producer: field('Producer', 'pdf:producer'),
        createdAt: parsePdfDate(clean((info as Record<string, unknown>).CreationDate)) ?? isoOrNull(clean(metadata?.get('xmp:createdate'))),
        encryption: passwordNeeded ? 'user' : encrypted ? 'owner' : 'none',
      };
    } catch (error) {
      throw damaged(displayName, messageOf(error));
    }
  });
}

/**
 * pdf.js rebuilds a broken cross-reference table by scanning the file, so a damaged PDF
 * can "open". It is damaged when it has no pages or its first or last page dictionary
 * cannot be loaded: that catches a missing or cut-off page tree at the cost of two
 * lookups. Checking every page costs about 0.6 s on a 2415-page manual, so a bad page in
 * the middle is found by extractPages instead (PDF_DAMAGED naming the page).
 */
async function checkStructure(doc: PdfDocument): Promise<void> {
  if (!(doc.numPages >= 1)) throw new Error('it has no pages');
  await doc.getPage(1);
  if (doc.numPages > 1) await doc.getPage(doc.numPages);
}

/** Metadata strings: trimmed, NULs (UTF-16 padding some producers leave) dropped, empty → null. */
function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').trim();
  return text === '' ? null : text;
}

function isoOrNull(value: string | null): string | null {
  return value !== null && !Number.isNaN(Date.parse(value)) ? value : null;
}

/**
 * A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, everything after the year optional) as ISO 8601.
 * The document's offset is kept (`+08:00`); without one the time is taken as UTC, as
 * pdf.js does. Anything malformed gives null rather than a wrong date.
 */
export function parsePdfDate(value: string | null): string | null {
  if (value === null) return null;
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?/.exec(value.trim());
  if (match === null) return null;
  const [, year = '', month = '01', day = '01', hour = '00', minute = '00', second = '00', zulu, sign, offH = '00', offM = '00'] = match;
  const n = Number;
  const daysInMonth = new Date(Date.UTC(n(year), n(month), 0)).getUTCDate();
  if (n(month) < 1 || n(month) > 12 || n(day) < 1 || n(day) > daysInMonth) return null;
  if (n(hour) > 23 || n(minute) > 59 || n(second) > 59 || n(offH) > 23 || n(offM) > 59) return null;
  const offset = sign === undefined || zulu !== undefined || (n(offH) === 0 && n(offM) === 0) ? 'Z' : `${sign}${offH}:${offM}`;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
}
