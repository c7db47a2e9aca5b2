/** A run of pages, 1-based and inclusive. */
export interface PageRange {
  from: number;
  to: number;
}

/** Below this, splitting a document between workers costs more in opening it twice than it saves. */
export const MIN_PAGES_PER_WORKER = 40;

/**
 * The pages of a document still to extract, cut into at most `workers` runs of similar
 * size: a fresh document splits in halves for two workers; a resumed one is first cut at
 * the pages already done.
 */
export function planRanges(pages: number, done: ReadonlySet<number>, workers: number): PageRange[] {
  const runs: PageRange[] = [];
  for (let page = 1; page <= pages; page++) {
    if (done.has(page)) continue;
    const last = runs.at(-1);
    if (last !== undefined && last.to === page - 1) last.to = page;
    else runs.push({ from: page, to: page });
  }
  // Cut the longest run in two until every worker has one or runs get too short to share.
  while (runs.length < workers) {
    const longest = runs.reduce<PageRange | undefined>((best, run) => (best === undefined || run.to - run.from > best.to - best.from ? run : best), undefined);
    if (longest === undefined || longest.to - longest.from + 1 < 2 * MIN_PAGES_PER_WORKER) break;
    const middle = Math.floor((longest.from + longest.to) / 2);
    runs.splice(runs.indexOf(longest), 1, { from: longest.from, to: middle }, { from: middle + 1, to: longest.to });
  }
  return runs.sort((a, b) => a.from - b.from);
}
