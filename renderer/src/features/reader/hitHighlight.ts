/**
 * Highlights a search hit on one page, in that page's text layer, without the find
 * controller: PDFFindController extracts the text of every page in order before it can
 * report a match on page N, so for a hit on page 1000 of a 2400-page file it would
 * fetch and parse most of the file first. This looks only at the one page pdf.js has
 * rendered, and paints with the CSS Custom Highlight API (Range objects over the text
 * layer's own text nodes): nothing is added to pdf.js's DOM, and the highlight follows
 * the text through zoom changes because the page re-renders its text layer and we
 * highlight again.
 */

/** The registry name; the style is `::highlight(panel-review-hit)` in reader.css. */
export const HIT_HIGHLIGHT = 'panel-review-hit';

interface Position {
  node: Text;
  start: number;
  end: number;
}

/**
 * Comparable form of a character: NFKC (full-width letters, compatibility ideographs,
 * ligatures), lower case, and no white space at all: pdf.js puts spaces and line ends
 * between text runs that the indexed text (and the user's query) does not have, and
 * Chinese has no spaces between words anyway.
 */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** Ranges of every occurrence of `query` in the text under `root`, in document order. */
export function findRanges(root: HTMLElement, query: string): Range[] {
  const needle = fold(query);
  if (needle === '') return [];
  let haystack = '';
  const positions: Position[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node as Text;
    const value = text.data;
    let offset = 0;
    for (const char of value) {
      const folded = fold(char);
      for (const unit of folded) {
        haystack += unit;
        // One entry per UTF-16 unit of the folded text, so indexOf positions line up.
        for (let i = 0; i < unit.length; i++) positions.push({ node: text, start: offset, end: offset + char.length });
      }
      offset += char.length;
    }
  }
  const ranges: Range[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    const first = positions[at];
    const last = positions[at + needle.length - 1];
    if (first === undefined || last === undefined) break;
    const range = root.ownerDocument.createRange();
    range.setStart(first.node, first.start);
    range.setEnd(last.node, last.end);
    ranges.push(range);
  }
  return ranges;
}

/** Paints the ranges as the hit highlight (replacing any earlier one). */
export function paintHit(ranges: Range[]): void {
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return;
  if (ranges.length === 0) CSS.highlights.delete(HIT_HIGHLIGHT);
  else CSS.highlights.set(HIT_HIGHLIGHT, new Highlight(...ranges));
}

export function clearHit(): void {
  if (typeof CSS !== 'undefined' && 'highlights' in CSS) CSS.highlights.delete(HIT_HIGHLIGHT);
}
