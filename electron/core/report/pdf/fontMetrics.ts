import type { Font } from 'fontkit';
import type { PDFFont } from 'pdf-lib';
import { type ScriptRun, scriptRuns } from './textLayout';

/**
 * One weight of the report font as embedded twice: as is (CJK punctuation full width)
 * and with OpenType `pwid` (proportional forms), used for Latin text so that the
 * quotes and dashes Unicode shares between the scripts look right in English
 * (textLayout.ts, isProportional). Letters and Han characters are the same glyphs in
 * both; a run uses one or the other.
 *
 * Widths are cached per breaking unit: pdf-lib's widthOfTextAtSize runs a full fontkit
 * layout on every call (0.1–0.3 ms), and a report measures the same few thousand
 * characters and words over and over. They are kept at size 1 and scaled, so one cache
 * serves every size. Summing units' widths equals the line's width because pdf-lib draws
 * without kerning (the spike checked it on real text).
 */

const MAX_CACHED_LENGTH = 32;

export class FontMetrics {
  private readonly widths = new Map<string, number>();
  private readonly coverage = new Map<number, boolean>();

  constructor(
    /** Full-width CJK punctuation. */
    readonly cjkFont: PDFFont,
    /** Proportional (pwid) punctuation, for Latin runs. */
    readonly latinFont: PDFFont,
    private readonly fontkitFont: Font,
  ) {}

  /** The pdf-lib font a run of text is drawn with. */
  fontFor(run: ScriptRun): PDFFont {
    return run.proportional ? this.latinFont : this.cjkFont;
  }

  widthOf(text: string, size: number): number {
    let width = 0;
    for (const run of scriptRuns(text)) width += this.runWidth(run) * size;
    return width;
  }

  /** Width of one run at size 1, in the font fontFor(run) gives. */
  runWidth(run: ScriptRun): number {
    const font = this.fontFor(run);
    // Breaking units are short and repeat; whole lines do not, and would only fill the cache.
    if (run.text.length > MAX_CACHED_LENGTH) return font.widthOfTextAtSize(run.text, 1);
    const key = `${run.proportional ? 'p' : 'c'}${run.text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = font.widthOfTextAtSize(run.text, 1);
      this.widths.set(key, width);
    }
    return width;
  }

  /** Characters of `text` this font has no glyph for (drawn as .notdef, an empty box). */
  missingCharacters(text: string): string[] {
    const missing: string[] = [];
    for (const char of text) {
      const codePoint = char.codePointAt(0) ?? 0;
      let has = this.coverage.get(codePoint);
      if (has === undefined) {
        has = char === ' ' || this.fontkitFont.hasGlyphForCodePoint(codePoint);
        this.coverage.set(codePoint, has);
      }
      if (!has) missing.push(char);
    }
    return missing;
  }
}
