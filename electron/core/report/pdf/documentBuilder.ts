import { createHash } from 'node:crypto';
import { type Color, PDFDocument, type PDFFont, type PDFName, type PDFPage, degrees, popGraphicsState, pushGraphicsState, setCharacterSpacing } from 'pdf-lib';
import type { Language } from '../../../../shared/domain/language';
import type { FontWeight } from './fontFiles';
import { type ReportFontBytes, loadReportFonts } from './fontLocator';
import { FontMetrics } from './fontMetrics';
import { fontkitForPdfLib, openFont } from './fontkitAdapter';
import { drawPageChrome, type PageChrome } from './pageChrome';
import { scriptRuns } from './textLayout';
import { COLOR, MARGIN, PAGE } from './theme';

/**
 * The foundation every printed document stands on (the opinion summary, the expert's
 * score sheet): an A4 pdf-lib document with the report font embedded as subsets, a
 * cursor that flows content down the page and breaks to a new one, and the page
 * chrome (running header, 第 x 页 / 共 y 页, the draft watermark) drawn when the page
 * count is known. All text goes through drawText, which also notes characters the
 * font lacks: they print as empty boxes, so the caller logs them rather than failing.
 *
 * Output is deterministic for the same input: metadata dates come from the caller,
 * subset tags from a hash of the document's key, and pdf-lib's own random names come
 * from a fixed seed. That is what lets the visual regression test compare pixels.
 */

export interface DocumentMetadata {
  title: string;
  subject: string;
  author?: string;
  keywords?: string[];
  /** CreationDate and ModDate: when the data was generated, never "now". */
  createdAt: Date;
  /** "Panel Review 0.1.0". */
  producer: string;
}

export interface DocumentSetup {
  language: Language;
  metadata: DocumentMetadata;
  chrome: PageChrome;
  /** Identifies this document's content (round id and generation time, say): seeds the font subset tags. */
  documentKey: string;
  /** The font files' bytes; the shipped font by default (fontLocator.ts). */
  fonts?: ReportFontBytes;
}

export interface TextStyle {
  x: number;
  y: number;
  size: number;
  weight?: FontWeight;
  color?: Color;
  /** Extra space after each character (PDF Tc): how lines are justified. */
  characterSpacing?: number;
  opacity?: number;
  /** Counter-clockwise, in degrees. */
  rotate?: number;
}

export interface RenderedPdf {
  bytes: Uint8Array;
  pages: number;
  /** Distinct characters the font has no glyph for, in order of first use: for the caller's log. */
  missingCharacters: string[];
}

/** The area content flows in. */
export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}

export interface NewPageOptions {
  /** Header and footer on this page (not on a cover). Default true. */
  chrome?: boolean;
  /** Replaces the running header from this page on. */
  header?: string;
  /** Counts pages from 1 again from this page on: one score sheet per expert in one file. */
  restartNumbering?: boolean;
}

interface PageRecord {
  page: PDFPage;
  chrome: boolean;
  header: string;
  group: number;
}

/** Six capital letters and a plus, the subset prefix PDF readers expect (PDF 32000, 9.6.4). */
function subsetTag(documentKey: string, variant: string): string {
  const digest = createHash('sha256').update(`${documentKey}\u0000${variant}`).digest();
  return `${Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('')}+`;
}

export class DocumentBuilder {
  readonly frame: Frame = {
    left: MARGIN.left,
    right: PAGE.width - MARGIN.right,
    top: PAGE.height - MARGIN.top,
    bottom: MARGIN.bottom,
    width: PAGE.width - MARGIN.left - MARGIN.right,
  };
  /** The cursor: the top of the next thing to draw, in PDF points from the bottom edge. */
  y: number = this.frame.top;
  private readonly pages: PageRecord[] = [];
  private readonly missing = new Set<string>();
  /** Per page, the resource name each font got there (see useFont). */
  private readonly fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
  private header: string;
  private group = 0;

  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: Record<FontWeight, FontMetrics>,
    readonly setup: DocumentSetup,
  ) {
    this.header = setup.chrome.header;
  }

  static async create(setup: DocumentSetup): Promise<DocumentBuilder> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkitForPdfLib);
    const bytes = setup.fonts ?? loadReportFonts();
    const embed = async (weight: FontWeight) => {
      const name = `NotoSansSC-${weight === 'bold' ? 'Bold' : 'Regular'}`;
      const cjk = await doc.embedFont(bytes[weight], { subset: true, customName: `${subsetTag(setup.documentKey, weight)}${name}` });
      // The same font with proportional punctuation for Latin runs (fontMetrics.ts); a subset of its own.
      const latin = await doc.embedFont(bytes[weight], { subset: true, features: { pwid: true }, customName: `${subsetTag(setup.documentKey, `${weight}-pwid`)}${name}` });
      return new FontMetrics(cjk, latin, openFont(bytes[weight]));
    };
    const fonts = { regular: await embed('regular'), bold: await embed('bold') };
    const { metadata } = setup;
    doc.setTitle(metadata.title, { showInWindowTitleBar: true });
    doc.setSubject(metadata.subject);
    if (metadata.author !== undefined) doc.setAuthor(metadata.author);
    if (metadata.keywords !== undefined) doc.setKeywords(metadata.keywords);
    doc.setProducer(metadata.producer);
    doc.setCreator(metadata.producer);
    doc.setCreationDate(metadata.createdAt);
    doc.setModificationDate(metadata.createdAt);
    doc.setLanguage(setup.language);
    return new DocumentBuilder(doc, fonts, setup);
  }

  get page(): PDFPage {
    const current = this.pages.at(-1);
    if (current === undefined) throw new Error('no page yet: call newPage() first');
    return current.page;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  newPage(options: NewPageOptions = {}): PDFPage {
    if (options.header !== undefined) this.header = options.header;
    if (options.restartNumbering === true && this.pages.length > 0) this.group += 1;
    const page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push({ page, chrome: options.chrome ?? true, header: this.header, group: this.group });
    this.y = this.frame.top;
    return page;
  }

  /** Room left on this page below the cursor. */
  get room(): number {
    return this.y - this.frame.bottom;
  }

  /** Starts a new page unless `height` fits below the cursor. True when it broke. */
  ensureRoom(height: number): boolean {
    if (this.pages.length > 0 && height <= this.room + 1e-6) return false;
    this.newPage();
    return true;
  }

  widthOf(text: string, size: number, weight: FontWeight = 'regular'): number {
    return this.fonts[weight].widthOf(text, size);
  }

  /**
   * Draws one line of text (no wrapping: see typeset.ts), each script run in its font
   * (fontMetrics.ts). Returns its width. Rotated text (the watermark) is one run.
   */
  drawText(text: string, style: TextStyle, page: PDFPage = this.page): number {
    if (text === '') return 0;
    const metrics = this.fonts[style.weight ?? 'regular'];
    for (const char of metrics.missingCharacters(text)) this.missing.add(char);
    const spacing = style.characterSpacing ?? 0;
    if (spacing !== 0) page.pushOperators(pushGraphicsState(), setCharacterSpacing(spacing));
    const runs = style.rotate === undefined ? scriptRuns(text) : [{ text, proportional: false }];
    let x = style.x;
    for (const run of runs) {
      this.useFont(page, metrics.fontFor(run));
      page.drawText(run.text, {
        x,
        y: style.y,
        size: style.size,
        color: style.color ?? COLOR.ink,
        ...(style.opacity !== undefined ? { opacity: style.opacity } : {}),
        ...(style.rotate !== undefined ? { rotate: degrees(style.rotate) } : {}),
      });
      x += metrics.runWidth(run) * style.size + spacing * Array.from(run.text).length;
    }
    if (spacing !== 0) page.pushOperators(popGraphicsState());
    return x - style.x;
  }

  /**
   * Makes `font` the page's current font, giving it one resource name per page. pdf-lib
   * adds a new name to the page's /Font dictionary on every setFont, and drawText with a
   * `font` option sets it twice (to it and back): a 800-page report carried over 100,000
   * names for its 4 fonts, which made it slow to render here and to read elsewhere
   * (pdftotext, qpdf). So the name a font got on a page is remembered and reused; the
   * page's font and fontKey fields are private in pdf-lib's types, hence the cast.
   */
  private useFont(page: PDFPage, font: PDFFont): void {
    const current = page as unknown as { font?: PDFFont; fontKey?: PDFName };
    if (current.font === font) return;
    let keys = this.fontKeys.get(page);
    if (keys === undefined) {
      keys = new Map();
      this.fontKeys.set(page, keys);
    }
    const known = keys.get(font);
    if (known !== undefined) {
      current.font = font;
      current.fontKey = known;
      return;
    }
    page.setFont(font);
    if (current.fontKey !== undefined) keys.set(font, current.fontKey);
  }

  /** Draws the chrome on every page and serialises the document (fonts are subset here). */
  async finish(): Promise<RenderedPdf> {
    const totals = new Map<number, number>();
    for (const record of this.pages) totals.set(record.group, (totals.get(record.group) ?? 0) + 1);
    const seen = new Map<number, number>();
    for (const record of this.pages) {
      const number = (seen.get(record.group) ?? 0) + 1;
      seen.set(record.group, number);
      drawPageChrome(this, record.page, {
        chrome: this.setup.chrome,
        header: record.header,
        showHeaderAndFooter: record.chrome,
        number,
        total: totals.get(record.group) ?? number,
      });
    }
    const bytes = await this.doc.save({ useObjectStreams: true });
    return { bytes, pages: this.pages.length, missingCharacters: [...this.missing] };
  }
}
