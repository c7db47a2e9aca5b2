import { create, type Font, type FontCollection } from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

/**
 * Lets pdf-lib 1.17.1 embed fonts with upstream fontkit 2.0.4.
 *
 * Why not @pdf-lib/fontkit, the fork pdf-lib documents: its subsetter silently blanks CJK
 * glyphs when a subset holds only a few distinct characters (Hopding/pdf-lib#1232; the
 * spike reproduced blank 汉字 in a PDF whose text was a short title). Upstream fontkit 2
 * subsets correctly. pdf-lib calls only `fontkit.create(bytes)` and, on subsets,
 * `subset.encodeStream()`, which fontkit 2 replaced by a synchronous `encode()`: this
 * module provides the one in terms of the other.
 *
 * Why not subset: false: pdf-lib's full-font embedder maps CIDs to glyph ids in a way
 * that mis-maps digits with this font, and it would embed 10 MB per weight. Every
 * embedding here subsets (reportDocument.ts).
 */

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];
type PdfLibFont = ReturnType<PdfLibFontkit['create']>;

/** The event-emitter protocol pdf-lib's CustomFontSubsetEmbedder.serializeFont listens to. */
interface SubsetStream {
  on(event: 'data' | 'end' | 'error', listener: (value?: unknown) => void): SubsetStream;
}

function encodeStream(encode: () => Uint8Array): SubsetStream {
  const listeners = new Map<string, (value?: unknown) => void>();
  const stream: SubsetStream = {
    on(event, listener) {
      listeners.set(event, listener);
      return stream;
    },
  };
  // pdf-lib attaches its listeners right after the call returns: emit after that.
  queueMicrotask(() => {
    try {
      const bytes = encode();
      listeners.get('data')?.(bytes);
      listeners.get('end')?.();
    } catch (error) {
      listeners.get('error')?.(error);
    }
  });
  return stream;
}

function isCollection(parsed: Font | FontCollection): parsed is FontCollection {
  return parsed.type === 'TTC' || parsed.type === 'DFont';
}

/** Parsed fonts by the identity of their bytes: the report fonts are read once per process (fontLocator.ts). */
const opened = new WeakMap<Uint8Array, Font>();

/** The fontkit font of these bytes, parsed once; its subsets speak pdf-lib's protocol. */
export function openFont(bytes: Uint8Array): Font {
  const known = opened.get(bytes);
  if (known !== undefined) return known;
  const parsed = create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (isCollection(parsed)) throw new Error('font collections (TTC) are not supported for embedding');
  const createSubset = parsed.createSubset.bind(parsed);
  parsed.createSubset = () => {
    const subset = createSubset();
    return Object.assign(subset, { encodeStream: () => encodeStream(() => subset.encode()) });
  };
  opened.set(bytes, parsed);
  return parsed;
}

/**
 * What `PDFDocument.registerFontkit` takes. pdf-lib types the font it gets with its own
 * copy of fontkit 1's typings; fontkit 2's font has every member pdf-lib uses, so the
 * cast is at this one boundary.
 */
export const fontkitForPdfLib: PdfLibFontkit = {
  create: (bytes: Uint8Array) => openFont(bytes) as unknown as PdfLibFont,
};
