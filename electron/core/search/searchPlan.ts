/**
 * How a search box query becomes SQL. Terms are separated by white space and all must
 * occur on the page. The trigram index can only look up terms of three or more
 * characters; shorter ones (两化, 人才 — common in Chinese) are matched with LIKE on
 * the page text. Nothing the user types is ever FTS5 syntax: every term is quoted.
 */
export interface SearchPlan {
  /** An FTS5 MATCH expression of quoted phrases, or null when no term is long enough. */
  match: string | null;
  /** LIKE patterns (escaped with \) for short terms with Latin letters, which match case-insensitively. */
  likes: string[];
  /** Short terms without Latin letters (两化, 人才): plain substring tests, no case to fold. */
  substrings: string[];
  /** All terms, for highlighting. */
  terms: string[];
}

export const TRIGRAM = 3;

export function planSearch(query: string): SearchPlan {
  const terms = [...new Set(normalizeQuery(query).split(' ').filter((t) => t !== ''))];
  const long = terms.filter((t) => [...t].length >= TRIGRAM);
  const short = terms.filter((t) => [...t].length < TRIGRAM);
  const caseless = (t: string) => !/[A-Za-z]/.test(t);
  return {
    match: long.length === 0 ? null : long.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND '),
    likes: short.filter((t) => !caseless(t)).map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    substrings: short.filter(caseless),
    terms,
  };
}

/**
 * White space collapsed. Unlike page text (where a line break inside a Chinese phrase is
 * removed at indexing), a space typed in the search box separates terms that must all
 * occur: 区域协同 创新体系 is two terms, not one phrase.
 */
export function normalizeQuery(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}

/**
 * A window of page text around the first match with the offsets of every term inside
 * it, for the UI to highlight. Case-insensitive like the trigram index.
 */
export function makeSnippet(text: string, terms: readonly string[], radius = 40): { snippet: string; highlights: [number, number][] } {
  const lower = text.toLowerCase();
  const firstHit = Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0), Number.POSITIVE_INFINITY);
  const centre = Number.isFinite(firstHit) ? firstHit : 0;
  const start = Math.max(0, centre - radius);
  const end = Math.min(text.length, centre + radius * 2);
  const prefix = start > 0 ? '…' : '';
  const snippet = `${prefix}${text.slice(start, end).replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`;
  const highlights: [number, number][] = [];
  const snippetLower = snippet.toLowerCase();
  for (const term of terms) {
    const needle = term.toLowerCase();
    for (let i = snippetLower.indexOf(needle); i >= 0 && needle !== ''; i = snippetLower.indexOf(needle, i + needle.length)) {
      highlights.push([i, i + needle.length]);
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet, highlights };
}
